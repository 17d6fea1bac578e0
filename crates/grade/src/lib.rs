//! Grading for instructors and CI: a submission (a learner's workspace, or any directory holding
//! `<module>.rs` files) judged on every problem or a chosen few, hidden cases included, scored in
//! points and held to a pass mark; many submissions graded in parallel into a gradebook, a
//! deterministic share of them per CI machine, and the shares merged back.

pub mod batch;
pub mod gradebook;

use std::path::{Path, PathBuf};

use pixelbank_judge::{Judge, JudgeError, ProblemReport};
use pixelbank_spec::{Bank, BankError, Problem};
use serde::{Deserialize, Serialize};

pub use batch::{BatchOptions, Partition, grade_batch};
pub use gradebook::Gradebook;

/// Errors that stop grading before any submission is judged.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    /// A `--problem` id is not in the bank.
    #[error(transparent)]
    Bank(#[from] BankError),
    /// The submission or batch directory cannot be read.
    #[error("cannot read {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `--partition` value is not `K/N` with 1 <= K <= N.
    #[error("invalid partition `{0}`: expected K/N with 1 <= K <= N, such as 2/4")]
    Partition(String),
    /// Gradebooks to merge do not fit together.
    #[error("{0}")]
    Merge(String),
    /// The judge could not be set up.
    #[error(transparent)]
    Judge(#[from] JudgeError),
}

/// The overall status of a graded submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The score met the pass mark and every file kept its problem's source rules.
    Pass,
    /// The score missed the pass mark, or a file breaks its problem's source rules.
    Fail,
    /// The grader could not judge some problem (the submission may be fine).
    Error,
}

impl Status {
    /// The status as serialised: `pass`, `fail`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// The pass mark, as a percentage of the maximum score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassMark {
    /// 0 to 100.
    pub percent: f64,
}

impl Default for PassMark {
    /// Every point: a submission passes when every case of every graded problem passes.
    fn default() -> Self {
        PassMark { percent: 100.0 }
    }
}

impl PassMark {
    /// Whether `score` out of `max` meets the mark.
    pub fn met(self, score: u32, max: u32) -> bool {
        if max == 0 {
            return true;
        }
        // Compare in points so that 100% means every point, without float rounding surprises.
        f64::from(score) * 100.0 >= self.percent * f64::from(max) - 1e-9
    }
}

/// One problem of a graded submission: the judge's report, or why the grader could not judge it.
#[derive(Debug, Clone)]
pub enum ProblemGrade {
    /// Judged (it may still have failed to compile or be missing).
    Judged(ProblemReport),
    /// The grader failed on it.
    Error {
        /// The problem's id.
        id: String,
        /// The problem's title.
        title: String,
        /// The learner's file.
        file: PathBuf,
        /// What went wrong.
        message: String,
        /// Points available.
        max_points: u32,
    },
}

impl ProblemGrade {
    /// The problem's id.
    pub fn id(&self) -> &str {
        match self {
            ProblemGrade::Judged(r) => &r.id,
            ProblemGrade::Error { id, .. } => id,
        }
    }

    /// Points earned.
    pub fn score(&self) -> u32 {
        match self {
            ProblemGrade::Judged(r) => r.score(),
            ProblemGrade::Error { .. } => 0,
        }
    }

    /// Points available.
    pub fn max_score(&self) -> u32 {
        match self {
            ProblemGrade::Judged(r) => r.max_points,
            ProblemGrade::Error { max_points, .. } => *max_points,
        }
    }

    /// The learner's file.
    pub fn file(&self) -> &Path {
        match self {
            ProblemGrade::Judged(r) => &r.submission,
            ProblemGrade::Error { file, .. } => file,
        }
    }

    /// Whether the file breaks a source rule of the problem (a forbidden loop, a required call
    /// missing). Its cases keep their points, as under `pixelbank run`, but the problem is not
    /// solved.
    pub fn breaks_a_source_rule(&self) -> bool {
        matches!(self, ProblemGrade::Judged(r) if !r.violations.is_empty())
    }
}

/// A graded submission.
#[derive(Debug, Clone)]
pub struct SubmissionGrade {
    /// Its name: the directory's name.
    pub name: String,
    /// Its directory.
    pub dir: PathBuf,
    /// One grade per graded problem, in the bank's order.
    pub problems: Vec<ProblemGrade>,
    /// The pass mark it was held to.
    pub pass_mark: PassMark,
}

impl SubmissionGrade {
    /// Points earned.
    pub fn score(&self) -> u32 {
        self.problems.iter().map(ProblemGrade::score).sum()
    }

    /// Points available.
    pub fn max_score(&self) -> u32 {
        self.problems.iter().map(ProblemGrade::max_score).sum()
    }

    /// Pass, fail, or error when the grader could not judge a problem. A broken source rule fails
    /// the submission whatever its score: otherwise a problem reported `failed` could still pass.
    pub fn status(&self) -> Status {
        if self
            .problems
            .iter()
            .any(|p| matches!(p, ProblemGrade::Error { .. }))
        {
            Status::Error
        } else if self.problems.iter().any(ProblemGrade::breaks_a_source_rule) {
            Status::Fail
        } else if self.pass_mark.met(self.score(), self.max_score()) {
            Status::Pass
        } else {
            Status::Fail
        }
    }
}

/// An error with its causes, as one line: `cannot read x: No such file or directory`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}

/// Which problems to grade: the ones named, in the bank's order, or all.
pub fn select<'b>(bank: &'b Bank, ids: &[String]) -> Result<Vec<&'b Problem>, GradeError> {
    if ids.is_empty() {
        return Ok(bank.problems().iter().collect());
    }
    for id in ids {
        bank.get(id)?;
    }
    Ok(bank
        .problems()
        .iter()
        .filter(|p| ids.contains(&p.id))
        .collect())
}

/// The learner's file for `problem` in `dir`: `src/<module>.rs` (a workspace), else `<module>.rs`.
pub fn submission_file(dir: &Path, problem: &Problem) -> PathBuf {
    let name = format!("{}.rs", problem.module_name());
    let in_src = dir.join("src").join(&name);
    if in_src.exists() {
        in_src
    } else if dir.join(&name).exists() {
        dir.join(name)
    } else {
        in_src
    }
}

/// Grades the submission in `dir` on `problems`.
pub fn grade(
    judge: &Judge,
    problems: &[&Problem],
    dir: &Path,
    pass_mark: PassMark,
) -> SubmissionGrade {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    let problems = problems
        .iter()
        .map(|problem| {
            let file = submission_file(dir, problem);
            match judge.judge(problem, &file) {
                Ok(report) => ProblemGrade::Judged(report),
                Err(e) => ProblemGrade::Error {
                    id: problem.id.clone(),
                    title: problem.title.clone(),
                    file,
                    message: chain(&e),
                    max_points: problem.max_points(),
                },
            }
        })
        .collect();
    SubmissionGrade {
        name,
        dir: dir.to_path_buf(),
        problems,
        pass_mark,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use pixelbank_judge::{CaseReport, ProblemStatus, Verdict, Violation};

    use super::*;

    /// A judged problem whose one case passed, breaking `violations` source rules.
    fn judged(violations: usize) -> ProblemGrade {
        ProblemGrade::Judged(ProblemReport {
            id: "loops".into(),
            title: "Loops".into(),
            submission: PathBuf::from("loops.rs"),
            status: ProblemStatus::Judged,
            violations: (0..violations)
                .map(|_| Violation {
                    message: "line 3: a `for` loop is not allowed here".into(),
                    explanation: "This problem practises iterator adaptors.".into(),
                })
                .collect(),
            cases: vec![CaseReport {
                name: "one".into(),
                hidden: false,
                verdict: Verdict::Passed,
                points: 1,
                max_points: 1,
                duration: Duration::ZERO,
                message: "passed".into(),
                detail: None,
            }],
            build_time: Duration::ZERO,
            compiled: true,
            max_points: 1,
        })
    }

    fn submission(problem: ProblemGrade, percent: f64) -> SubmissionGrade {
        SubmissionGrade {
            name: "alice".into(),
            dir: PathBuf::from("alice"),
            problems: vec![problem],
            pass_mark: PassMark { percent },
        }
    }

    #[test]
    fn a_broken_source_rule_fails_the_submission_whatever_its_points() {
        assert_eq!(submission(judged(0), 100.0).status(), Status::Pass);
        for percent in [100.0, 50.0, 0.0] {
            let graded = submission(judged(1), percent);
            assert_eq!(graded.score(), 1, "the cases keep their points");
            assert_eq!(graded.status(), Status::Fail, "pass mark {percent}%");
        }
    }

    #[test]
    fn the_default_pass_mark_needs_every_point() {
        let mark = PassMark::default();
        assert!(mark.met(13, 13));
        assert!(!mark.met(12, 13));
        assert!(PassMark { percent: 50.0 }.met(1, 2));
        assert!(!PassMark { percent: 50.0 }.met(1, 3));
    }
}
