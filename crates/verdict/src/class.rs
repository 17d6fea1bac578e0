//! What a class got wrong, counted from its gradebook: how its scores spread, how many
//! submissions solved each problem and which cases they failed most, and which known mistakes
//! they made, ranked by how many submissions made them. Plain numbers for the renderers (the
//! closing lines of `grade --batch`, the instructor's HTML page); nothing here is worded.

use std::cmp::Reverse;

use crate::case::Verdict;
use crate::grade::ProblemOutcome;
use crate::gradebook::{Gradebook, Row};

/// How many bins the score distribution has: 0-9 %, 10-19 %, ..., 90-99 %, and 100 % alone.
pub const SCORE_BINS: usize = 11;

/// A class's gradebook, counted.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSummary {
    /// How many submissions.
    pub submissions: usize,
    /// How many met the pass mark.
    pub passed: usize,
    /// How many the batch has not graded yet (a stopped batch's gradebook).
    pub pending: usize,
    /// The pass mark, in percent.
    pub min_score_percent: f64,
    /// Submissions per score bin: bin `k < 10` holds scores from `10k` % up to (not including)
    /// `10(k+1)` %, bin 10 every point.
    pub distribution: [usize; SCORE_BINS],
    /// The median score, in percent of the maximum; `None` for an empty class.
    pub median_percent: Option<f64>,
    /// One per problem, in the gradebook's order.
    pub problems: Vec<ProblemSummary>,
    /// The known mistakes that at least one submission made, the most made first.
    pub mistakes: Vec<MistakeSummary>,
}

/// How the class did on one problem.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemSummary {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its points.
    pub max_score: u32,
    /// How many submissions were graded on it.
    pub submissions: usize,
    /// How many solved it: every case passed and every source rule held.
    pub solved: usize,
    /// How many submissions ended each way, in [`ProblemOutcome::ALL`]'s order, zeros left out.
    pub outcomes: Vec<(ProblemOutcome, usize)>,
    /// Its cases, in the problem's order.
    pub cases: Vec<CaseSummary>,
}

/// How the class did on one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    /// The case's name.
    pub name: String,
    /// Whether it is hidden.
    pub hidden: bool,
    /// How many submissions ran it (those whose file compiled).
    pub ran: usize,
    /// How many of them failed it.
    pub failed: usize,
}

/// A known mistake and the submissions that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct MistakeSummary {
    /// The problem it belongs to.
    pub problem: String,
    /// Its stable id.
    pub id: String,
    /// Its explanation, from the problem file.
    pub message: String,
    /// The submissions that made it (on any of its cases), in name order.
    pub submissions: Vec<String>,
}

impl ProblemSummary {
    /// The share of the class that solved it, from 0 to 1 (1 for a class without submissions).
    pub fn pass_rate(&self) -> f64 {
        if self.submissions == 0 {
            1.0
        } else {
            self.solved as f64 / self.submissions as f64
        }
    }

    /// The cases that some submission failed, the most failed first (the problem's order among
    /// equals), at most `n`.
    pub fn most_failed(&self, n: usize) -> Vec<&CaseSummary> {
        let mut failed: Vec<&CaseSummary> = self.cases.iter().filter(|c| c.failed > 0).collect();
        failed.sort_by_key(|c| Reverse(c.failed));
        failed.truncate(n);
        failed
    }
}

/// A submission's score, in percent of its maximum (100 when there is nothing to score).
pub fn percent(row: &Row) -> f64 {
    if row.max_score == 0 {
        100.0
    } else {
        f64::from(row.total) * 100.0 / f64::from(row.max_score)
    }
}

/// The bin of the score distribution a row falls in, counted in points so that only every point
/// reaches the last bin.
fn bin(row: &Row) -> usize {
    if row.total >= row.max_score {
        SCORE_BINS - 1
    } else {
        (u64::from(row.total) * 10 / u64::from(row.max_score)) as usize
    }
}

impl ClassSummary {
    /// Counts `book`. Only the mistakes its columns list are counted: a gradebook records the
    /// mistakes of visible cases alone, and one edited to hold another is not believed.
    pub fn of(book: &Gradebook) -> ClassSummary {
        let mut distribution = [0; SCORE_BINS];
        for row in &book.rows {
            distribution[bin(row)] += 1;
        }
        let mut percents: Vec<f64> = book.rows.iter().map(percent).collect();
        percents.sort_by(f64::total_cmp);
        let median_percent = match percents.len() {
            0 => None,
            n if n % 2 == 1 => Some(percents[n / 2]),
            n => Some((percents[n / 2 - 1] + percents[n / 2]) / 2.0),
        };

        let mut problems = Vec::new();
        let mut mistakes = Vec::new();
        for column in &book.problems {
            let results: Vec<_> = book
                .rows
                .iter()
                .filter_map(|r| r.results.get(&column.id).map(|p| (r, p)))
                .collect();
            let outcomes = ProblemOutcome::ALL
                .iter()
                .map(|o| (*o, results.iter().filter(|(_, p)| p.status == *o).count()))
                .filter(|(_, n)| *n > 0)
                .collect();
            let cases = column
                .cases
                .iter()
                .map(|case| {
                    let verdicts: Vec<Verdict> = results
                        .iter()
                        .filter_map(|(_, p)| p.cases.iter().find(|c| c.name == case.name))
                        .map(|c| c.verdict)
                        .collect();
                    CaseSummary {
                        name: case.name.clone(),
                        hidden: case.hidden,
                        ran: verdicts.len(),
                        failed: verdicts.iter().filter(|v| **v != Verdict::Passed).count(),
                    }
                })
                .collect();
            problems.push(ProblemSummary {
                id: column.id.clone(),
                title: column.title.clone(),
                max_score: column.max_score,
                submissions: results.len(),
                solved: results
                    .iter()
                    .filter(|(_, p)| p.status == ProblemOutcome::Passed)
                    .count(),
                outcomes,
                cases,
            });
            for known in &column.mistakes {
                let submissions: Vec<String> = results
                    .iter()
                    .filter(|(_, p)| {
                        p.cases
                            .iter()
                            .any(|c| c.mistake.as_deref() == Some(known.id.as_str()))
                    })
                    .map(|(r, _)| r.submission.clone())
                    .collect();
                if !submissions.is_empty() {
                    mistakes.push(MistakeSummary {
                        problem: column.id.clone(),
                        id: known.id.clone(),
                        message: known.message.clone(),
                        submissions,
                    });
                }
            }
        }
        // Stable: among equals, the bank's order of problems and of their mistakes.
        mistakes.sort_by_key(|m| Reverse(m.submissions.len()));
        ClassSummary {
            submissions: book.rows.len(),
            passed: book
                .rows
                .iter()
                .filter(|r| r.status == crate::grade::Status::Pass)
                .count(),
            pending: book.pending.len(),
            min_score_percent: book.min_score_percent,
            distribution,
            median_percent,
            problems,
            mistakes,
        }
    }

    /// The problems some submission did not solve, the least solved first (the bank's order
    /// among equals).
    pub fn weakest(&self) -> Vec<&ProblemSummary> {
        let mut weak: Vec<&ProblemSummary> = self
            .problems
            .iter()
            .filter(|p| p.solved < p.submissions)
            .collect();
        weak.sort_by(|a, b| a.pass_rate().total_cmp(&b.pass_rate()));
        weak
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::grade::Status;
    use crate::gradebook::{
        CaseColumn, CaseResult, Column, GRADEBOOK_VERSION, MistakeColumn, ProblemResult,
    };

    fn column() -> Column {
        let case = |name: &str, hidden| CaseColumn {
            name: name.into(),
            hidden,
            points: 1,
        };
        Column {
            id: "add".into(),
            title: "Add".into(),
            max_score: 3,
            cases: vec![case("one", false), case("two", false), case("secret", true)],
            mistakes: vec![MistakeColumn {
                id: "abs_b".into(),
                message: "Adding |b|.".into(),
                cases: vec!["one".into(), "two".into()],
            }],
        }
    }

    /// A row whose three cases got `verdicts`, with `mistakes` recognised on them.
    fn row(name: &str, verdicts: [Verdict; 3], mistakes: [Option<&str>; 3]) -> Row {
        let names = ["one", "two", "secret"];
        let total = verdicts.iter().filter(|v| **v == Verdict::Passed).count() as u32;
        let cases = (0..3)
            .map(|i| CaseResult {
                name: names[i].into(),
                verdict: verdicts[i],
                mistake: mistakes[i].map(str::to_string),
            })
            .collect();
        let status = if total == 3 {
            ProblemOutcome::Passed
        } else {
            ProblemOutcome::Failed
        };
        Row {
            submission: name.into(),
            status: if total == 3 {
                Status::Pass
            } else {
                Status::Fail
            },
            scores: BTreeMap::from([("add".to_string(), total)]),
            total,
            max_score: 3,
            results: BTreeMap::from([("add".to_string(), ProblemResult { status, cases })]),
        }
    }

    fn book(rows: Vec<Row>) -> Gradebook {
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition: None,
            min_score_percent: 100.0,
            problems: vec![column()],
            rows,
            pending: Vec::new(),
        }
    }

    use Verdict::{Passed as P, RuntimeError as R, WrongAnswer as W};

    #[test]
    fn a_mistake_counts_each_submission_once_however_many_cases_show_it() {
        let summary = ClassSummary::of(&book(vec![
            row("a", [W, W, P], [Some("abs_b"), Some("abs_b"), None]),
            row("b", [W, P, P], [Some("abs_b"), None, None]),
            row("c", [P, P, P], [None, None, None]),
        ]));
        assert_eq!(summary.mistakes.len(), 1);
        assert_eq!(summary.mistakes[0].submissions, ["a", "b"]);
        let add = &summary.problems[0];
        assert_eq!((add.solved, add.submissions), (1, 3));
        let failed: Vec<(&str, usize)> = add
            .most_failed(5)
            .iter()
            .map(|c| (c.name.as_str(), c.failed))
            .collect();
        assert_eq!(failed, [("one", 2), ("two", 1)]);
        assert_eq!(summary.passed, 1);
    }

    #[test]
    fn a_mistake_no_column_lists_is_not_counted() {
        // A hidden case's mistake never reaches a gradebook; one edited in is not believed.
        let summary = ClassSummary::of(&book(vec![row(
            "a",
            [P, P, W],
            [None, None, Some("secret#1")],
        )]));
        assert!(summary.mistakes.is_empty(), "{:?}", summary.mistakes);
    }

    #[test]
    fn scores_fall_into_tenths_and_only_every_point_reaches_the_last_bin() {
        let summary = ClassSummary::of(&book(vec![
            row("none", [R, R, R], [None; 3]),
            row("one", [P, R, R], [None; 3]),
            row("two", [P, P, R], [None; 3]),
            row("all", [P, P, P], [None; 3]),
        ]));
        // 0 %, 33 %, 67 %, 100 %.
        assert_eq!(summary.distribution, [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1]);
        let median = summary.median_percent.expect("a median");
        assert!((median - 50.0).abs() < 1e-9, "{median}");
        let weakest: Vec<&str> = summary.weakest().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(weakest, ["add"]);
        assert_eq!(ClassSummary::of(&book(vec![])).median_percent, None);
    }
}
