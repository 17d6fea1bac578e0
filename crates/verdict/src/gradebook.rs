//! The gradebook: a row per submission, a column per problem, the total, and per submission and
//! problem how each case went (its verdict and the known mistake it was recognised as). Written as
//! JSON (which `merge` reads back) and CSV for spreadsheets; the partial gradebooks of a
//! partitioned batch merge into exactly the gradebook one full run would have written. Hidden
//! cases are in it by name and verdict only: a mistake is recorded for visible cases alone, since
//! the wrong output it names would tell what a hidden case expects.

use std::collections::BTreeMap;
use std::str::FromStr;

use pixelbank_spec::Problem;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::Verdict;
use crate::grade::{ProblemGrade, ProblemOutcome, Status, SubmissionGrade};

/// A deterministic share of a batch: the K-th of N (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Partition {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Partition {
    type Err = PartitionError;

    fn from_str(s: &str) -> Result<Partition, PartitionError> {
        let bad = || PartitionError(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Partition { index, count })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// Whether the item at `position` (in name order) belongs to this share: round-robin, so
    /// shares differ in size by at most one whatever the names.
    pub fn contains(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// A `--partition` value that is not `K/N` with 1 <= K <= N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid partition `{0}`: expected K/N with 1 <= K <= N, such as 2/4")]
pub struct PartitionError(pub String);

/// Gradebooks that do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MergeError(pub String);

/// The gradebook format's version. Version 2 added, per problem, its title, its cases and the
/// known mistakes of its visible cases, and per submission and problem how each case went.
pub const GRADEBOOK_VERSION: u32 = 2;

/// A problem column: the problem, its cases and the known mistakes a learner may be told of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Column {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its points.
    pub max_score: u32,
    /// Its cases, in the problem's order; hidden ones by name only.
    pub cases: Vec<CaseColumn>,
    /// The known mistakes of its visible cases, one per id, in the order they first appear.
    pub mistakes: Vec<MistakeColumn>,
}

/// A case of a problem column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CaseColumn {
    /// The case's name.
    pub name: String,
    /// Whether it is hidden.
    pub hidden: bool,
    /// The points it is worth.
    pub points: u32,
}

/// A known mistake of a problem's visible cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MistakeColumn {
    /// Its stable id: the first wrong solution it names, else `<case>#<n>`.
    pub id: String,
    /// Its explanation, from the problem file (the first visible case's that has it).
    pub message: String,
    /// The visible cases that recognise it.
    pub cases: Vec<String>,
}

impl Column {
    /// The column of `problem`. Only visible cases' mistakes are listed: a hidden case's would
    /// say what its expected output is not, and so something of what it is.
    pub fn of(problem: &Problem) -> Column {
        let mut mistakes: Vec<MistakeColumn> = Vec::new();
        for case in problem.visible_cases() {
            for (i, m) in case.mistakes.iter().enumerate() {
                let id = case.mistake_id(i);
                match mistakes.iter_mut().find(|known| known.id == id) {
                    Some(known) if !known.cases.contains(&case.name) => {
                        known.cases.push(case.name.clone())
                    }
                    Some(_) => {}
                    None => mistakes.push(MistakeColumn {
                        id,
                        message: m.message.clone(),
                        cases: vec![case.name.clone()],
                    }),
                }
            }
        }
        Column {
            id: problem.id.clone(),
            title: problem.title.clone(),
            max_score: problem.max_points(),
            cases: problem
                .cases
                .iter()
                .map(|c| CaseColumn {
                    name: c.name.clone(),
                    hidden: c.hidden,
                    points: c.points,
                })
                .collect(),
            mistakes,
        }
    }
}

/// A submission's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// The submission's name.
    pub submission: String,
    /// Pass, fail or error.
    pub status: Status,
    /// Points per problem id.
    pub scores: BTreeMap<String, u32>,
    /// Points earned.
    pub total: u32,
    /// Points available.
    pub max_score: u32,
    /// How each problem went, by problem id.
    pub results: BTreeMap<String, ProblemResult>,
}

/// How one problem of one submission went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProblemResult {
    /// Passed, failed, compile-error, missing...
    pub status: ProblemOutcome,
    /// Each case's verdict, in the problem's order; empty when no case ran (the file did not
    /// compile, is missing, or could not be graded).
    pub cases: Vec<CaseResult>,
}

/// How one case of one submission went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// The judge's verdict.
    pub verdict: Verdict,
    /// The id of the known mistake the output was recognised as (visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mistake: Option<String>,
}

impl ProblemResult {
    /// What a gradebook records of a graded problem.
    pub fn of(grade: &ProblemGrade) -> ProblemResult {
        let cases = match grade {
            ProblemGrade::Error { .. } => Vec::new(),
            ProblemGrade::Judged(report) => report
                .cases
                .iter()
                .map(|c| CaseResult {
                    name: c.name.clone(),
                    verdict: c.verdict(),
                    // The judge gives a hidden case no detail; a gradebook of a judge that
                    // revealed them (an author's) must still not record their mistakes.
                    mistake: c
                        .detail
                        .as_ref()
                        .filter(|_| !c.hidden)
                        .and_then(|d| d.mistake.as_ref())
                        .map(|m| m.id.clone()),
                })
                .collect(),
        };
        ProblemResult {
            status: grade.outcome(),
            cases,
        }
    }
}

/// Rows of graded submissions, sorted by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gradebook {
    /// The gradebook format's version (`GRADEBOOK_VERSION`); `merge` and `report` read only their
    /// own.
    #[schemars(extend("const" = GRADEBOOK_VERSION))]
    pub schema_version: u32,
    /// The share this gradebook holds, or `None` for a whole class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<Partition>,
    /// The pass mark, in percent of the maximum score.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub min_score_percent: f64,
    /// The problem columns.
    pub problems: Vec<Column>,
    /// One row per submission.
    pub rows: Vec<Row>,
    /// The submissions of the batch not graded yet: a gradebook is written as the batch goes,
    /// so a stopped batch leaves one with the rest here (`grade --batch --resume` grades them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

impl Row {
    /// The row of a graded submission.
    pub fn of(g: &SubmissionGrade) -> Row {
        Row {
            submission: g.name.clone(),
            status: g.status(),
            scores: g
                .problems
                .iter()
                .map(|p| (p.id().to_string(), p.score()))
                .collect(),
            total: g.score(),
            max_score: g.max_score(),
            results: g
                .problems
                .iter()
                .map(|p| (p.id().to_string(), ProblemResult::of(p)))
                .collect(),
        }
    }
}

impl Gradebook {
    /// The gradebook of graded submissions.
    pub fn new(
        columns: Vec<Column>,
        grades: &[SubmissionGrade],
        partition: Option<Partition>,
        min_score_percent: f64,
    ) -> Gradebook {
        let mut rows: Vec<Row> = grades.iter().map(Row::of).collect();
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition,
            min_score_percent,
            problems: columns,
            rows,
            pending: Vec::new(),
        }
    }

    /// Joins the gradebooks of every share of one partitioned batch.
    pub fn merge(parts: Vec<Gradebook>) -> Result<Gradebook, MergeError> {
        let Some(first) = parts.first() else {
            return Err(MergeError("nothing to merge".into()));
        };
        let problems = first.problems.clone();
        let min_score_percent = first.min_score_percent;
        let mut seen_shares = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        for part in &parts {
            if !part.pending.is_empty() {
                return Err(MergeError(format!(
                    "a gradebook is unfinished ({} submissions pending): finish its batch with \
                     `grade --batch --resume` first",
                    part.pending.len()
                )));
            }
            if part.schema_version != GRADEBOOK_VERSION {
                return Err(MergeError(format!(
                    "gradebook version {} is not {GRADEBOOK_VERSION}",
                    part.schema_version
                )));
            }
            if part.problems != problems || part.min_score_percent != min_score_percent {
                return Err(MergeError(
                    "the gradebooks were graded on different problems or pass marks".into(),
                ));
            }
            if let Some(p) = part.partition {
                if seen_shares.contains(&p) {
                    return Err(MergeError(format!("partition {p} is given twice")));
                }
                seen_shares.push(p);
            }
            rows.extend(part.rows.iter().cloned());
        }
        if let Some(count) = seen_shares.first().map(|p| p.count) {
            if seen_shares.iter().any(|p| p.count != count) {
                return Err(MergeError(
                    "the partitions split the class differently".into(),
                ));
            }
            let missing: Vec<String> = (1..=count)
                .filter(|k| !seen_shares.iter().any(|p| p.index == *k))
                .map(|k| format!("{k}/{count}"))
                .collect();
            if !missing.is_empty() {
                return Err(MergeError(format!(
                    "partition {} is missing",
                    missing.join(", ")
                )));
            }
        }
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        if let Some(w) = rows.windows(2).find(|w| w[0].submission == w[1].submission) {
            return Err(MergeError(format!(
                "submission `{}` appears in two gradebooks",
                w[0].submission
            )));
        }
        Ok(Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition: None,
            min_score_percent,
            problems,
            rows,
            pending: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use pixelbank_spec::{Expected, SourceFile, Value};

    use super::*;
    use crate::case::{CaseDetail, CaseReport, Failure, Mistake};
    use crate::grade::PassMark;
    use crate::problem::{BuildInfo, ProblemReport, ProblemStatus};

    /// A problem with a known mistake on a visible and on a hidden case.
    fn problem() -> Problem {
        let text = r#"
id = "add"
title = "Add"
difficulty = "easy"
collection = "Tests"
statement = "Add."
hints = ["One.", "Two.", "Three."]

[signature]
function = "add"
params = [{ name = "a", type = "f64" }]
returns = "f64"

[[cases]]
name = "seen"
inputs = { a = 1.0 }
expected = 2.0

[[cases.mistakes]]
output = 1.0
message = "Forgot to add."
wrong = "forgot"

[[cases.mistakes]]
output = 3.0
message = "Added twice."

[[cases]]
name = "secret"
hidden = true
points = 2
inputs = { a = 5.0 }
expected = 6.0

[[cases.mistakes]]
output = 5.0
message = "Forgot to add, on a secret."
wrong = "secret_only"
"#;
        Problem::parse(&SourceFile {
            name: "add.toml".into(),
            text: text.into(),
        })
        .expect("a valid problem")
    }

    /// A failed case of `problem` recognised as `mistake`, with the detail a judge that revealed
    /// hidden cases (an author's) would give.
    fn failed(name: &str, hidden: bool, mistake: &str) -> CaseReport {
        CaseReport {
            name: name.into(),
            hidden,
            points: 0,
            max_points: 1,
            duration: Duration::ZERO,
            failure: Some(Failure::WrongAnswer(None)),
            detail: Some(CaseDetail {
                bindings: Default::default(),
                inputs: Vec::new(),
                expected: Expected::Value(Value::Float(6.0)),
                actual: None,
                location: None,
                mistake: Some(Mistake {
                    id: mistake.into(),
                    message: String::new(),
                }),
                hint: None,
                output: String::new(),
            }),
        }
    }

    #[test]
    fn a_column_lists_its_cases_and_the_mistakes_of_visible_cases_only() {
        let column = Column::of(&problem());
        assert_eq!((column.id.as_str(), column.max_score), ("add", 3));
        let cases: Vec<(&str, bool)> = column
            .cases
            .iter()
            .map(|c| (c.name.as_str(), c.hidden))
            .collect();
        assert_eq!(cases, [("seen", false), ("secret", true)]);
        let ids: Vec<&str> = column.mistakes.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["forgot", "seen#2"], "no `secret_only`");
        assert_eq!(column.mistakes[0].message, "Forgot to add.");
    }

    #[test]
    fn a_row_records_each_verdict_and_the_mistakes_of_visible_cases_only() {
        let p = problem();
        let report = ProblemReport {
            id: p.id.clone(),
            title: p.title.clone(),
            submission: PathBuf::from("add.rs"),
            status: ProblemStatus::Judged,
            violations: Vec::new(),
            cases: vec![
                failed("seen", false, "forgot"),
                failed("secret", true, "secret_only"),
            ],
            build: BuildInfo::default(),
            max_points: 3,
        };
        let grade = SubmissionGrade {
            name: "alice".into(),
            dir: PathBuf::from("alice"),
            problems: vec![ProblemGrade::Judged(report)],
            pass_mark: PassMark::default(),
        };
        let book = Gradebook::new(vec![Column::of(&p)], &[grade], None, 100.0);
        let result = &book.rows[0].results["add"];
        assert_eq!(result.status, ProblemOutcome::Failed);
        let cases: Vec<(&str, Verdict, Option<&str>)> = result
            .cases
            .iter()
            .map(|c| (c.name.as_str(), c.verdict, c.mistake.as_deref()))
            .collect();
        assert_eq!(
            cases,
            [
                ("seen", Verdict::WrongAnswer, Some("forgot")),
                ("secret", Verdict::WrongAnswer, None),
            ]
        );
    }

    #[test]
    fn partitions_parse_and_cover_every_item_once() {
        let parts: Vec<Partition> = ["1/3", "2/3", "3/3"]
            .iter()
            .map(|s| s.parse().expect("valid"))
            .collect();
        for i in 0..10 {
            assert_eq!(parts.iter().filter(|p| p.contains(i)).count(), 1);
        }
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }
}
