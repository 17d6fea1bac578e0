//! A graded submission: per problem the judge's report (or why the grader could not judge it),
//! its points, and the pass mark it is held to.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemReport, ProblemStatus};

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

/// How a graded problem went, as reports and gradebooks name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemOutcome {
    /// Every case passed and every source rule held.
    Passed,
    /// Some case failed or a source rule was broken.
    Failed,
    /// The file does not compile.
    CompileError,
    /// The compiler was stopped at its time or memory limit.
    CompileLimit,
    /// There is no file for the problem.
    Missing,
    /// The grader was interrupted before it finished.
    Interrupted,
    /// The grader could not judge it.
    Error,
}

impl ProblemOutcome {
    /// Every outcome, from the best to the worst.
    pub const ALL: [ProblemOutcome; 7] = [
        ProblemOutcome::Passed,
        ProblemOutcome::Failed,
        ProblemOutcome::CompileError,
        ProblemOutcome::CompileLimit,
        ProblemOutcome::Missing,
        ProblemOutcome::Interrupted,
        ProblemOutcome::Error,
    ];

    /// The outcome as serialised: `compile-error`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemOutcome::Passed => "passed",
            ProblemOutcome::Failed => "failed",
            ProblemOutcome::CompileError => "compile-error",
            ProblemOutcome::CompileLimit => "compile-limit",
            ProblemOutcome::Missing => "missing",
            ProblemOutcome::Interrupted => "interrupted",
            ProblemOutcome::Error => "error",
        }
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

    /// How it went.
    pub fn outcome(&self) -> ProblemOutcome {
        match self {
            ProblemGrade::Error { .. } => ProblemOutcome::Error,
            ProblemGrade::Judged(report) => match &report.status {
                ProblemStatus::Missing => ProblemOutcome::Missing,
                ProblemStatus::CompileError { .. } => ProblemOutcome::CompileError,
                ProblemStatus::CompileLimit(_) => ProblemOutcome::CompileLimit,
                ProblemStatus::Interrupted => ProblemOutcome::Interrupted,
                ProblemStatus::Judged if report.interrupted() => ProblemOutcome::Interrupted,
                ProblemStatus::Judged if report.solved() => ProblemOutcome::Passed,
                ProblemStatus::Judged => ProblemOutcome::Failed,
            },
        }
    }

    /// The learner's file.
    pub fn file(&self) -> &Path {
        match self {
            ProblemGrade::Judged(r) => &r.submission,
            ProblemGrade::Error { file, .. } => file,
        }
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

    /// Pass, fail, or error when the grader could not judge a problem. A broken source rule costs
    /// its problem's points (see [`ProblemReport::score`]), and nothing more.
    pub fn status(&self) -> Status {
        if self
            .problems
            .iter()
            .any(|p| matches!(p, ProblemGrade::Error { .. }))
        {
            Status::Error
        } else if self.pass_mark.met(self.score(), self.max_score()) {
            Status::Pass
        } else {
            Status::Fail
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::case::CaseReport;
    use crate::problem::{BuildInfo, ProblemStatus, Rule, Violation};

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
                    rule: Rule::Forbidden {
                        keyword: "for".into(),
                        line: 3,
                    },
                    explanation: "This problem practises iterator adaptors.".into(),
                })
                .collect(),
            cases: vec![CaseReport {
                name: "one".into(),
                hidden: false,
                points: 1,
                max_points: 1,
                duration: Duration::ZERO,
                failure: None,
                detail: None,
            }],
            build: BuildInfo::default(),
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
    fn a_broken_source_rule_costs_its_problem_s_points_and_vetoes_nothing() {
        assert_eq!(submission(judged(0), 100.0).status(), Status::Pass);
        let graded = submission(judged(1), 100.0);
        assert_eq!(graded.score(), 0, "the problem's points are lost");
        assert_eq!(graded.status(), Status::Fail);
        assert_eq!(
            submission(judged(1), 0.0).status(),
            Status::Pass,
            "a 0% pass mark is met"
        );
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
