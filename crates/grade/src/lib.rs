//! Grading for instructors and CI: a submission (a learner's workspace, or any directory holding
//! `<module>.rs` files) judged on every problem or a chosen few, hidden cases included, scored in
//! points and held to a pass mark; many submissions graded in parallel, a deterministic share of
//! them per CI machine. The grades and gradebooks themselves are plain values of the verdict
//! crate.

pub mod batch;

use std::path::{Path, PathBuf};

use pixelbank_judge::{Judge, JudgeError};
use pixelbank_spec::{Bank, BankError, Problem};
use pixelbank_verdict::{
    Event, MergeError, PartitionError, PassMark, ProblemGrade, SubmissionGrade,
};

pub use batch::{BatchOptions, grade_batch};

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
    #[error(transparent)]
    Partition(#[from] PartitionError),
    /// Gradebooks to merge do not fit together.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// The judge could not be set up.
    #[error(transparent)]
    Judge(#[from] JudgeError),
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

/// Grades the submission in `dir` on `problems`: one program holds all of them (see
/// [`Judge::judge_all`]); when the grader itself fails, every problem says why.
pub fn grade(
    judge: &Judge,
    problems: &[&Problem],
    dir: &Path,
    pass_mark: PassMark,
    events: &dyn Fn(Event<'_>),
) -> SubmissionGrade {
    let name = batch::name_of(dir);
    let work: Vec<(&Problem, PathBuf)> = problems
        .iter()
        .map(|p| (*p, submission_file(dir, p)))
        .collect();
    let problems = match judge.judge_all(&work, Some(dir), events) {
        Ok(reports) => reports.into_iter().map(ProblemGrade::Judged).collect(),
        Err(e) => work
            .iter()
            .map(|(problem, file)| ProblemGrade::Error {
                id: problem.id.clone(),
                title: problem.title.clone(),
                file: file.clone(),
                message: chain(&e),
                max_points: problem.max_points(),
            })
            .collect(),
    };
    SubmissionGrade {
        name,
        dir: dir.to_path_buf(),
        problems,
        pass_mark,
    }
}
