//! The judgement of one submission for one problem: whether it compiled (and if not, rustc's
//! diagnostics and how its declarations differ from the problem's), the source rules it breaks,
//! and a report per case.

use std::path::PathBuf;
use std::time::Duration;

use crate::case::{CaseReport, Verdict};

/// A limit the compiler ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileLimit {
    /// The compile ran past its time limit (an endless `const` evaluation, a macro that never
    /// stops expanding) and was killed.
    Time {
        /// The limit.
        limit: Duration,
    },
    /// The compiler ran out of its memory limit.
    Memory {
        /// The limit, in MiB.
        limit_mb: u64,
    },
}

/// How far judging a submission got.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemStatus {
    /// It compiled and its cases ran (each with its own verdict).
    Judged,
    /// The file does not compile.
    CompileError {
        /// rustc's rendered errors, in rustc's order.
        diagnostics: Vec<String>,
        /// When the cause is a signature that differs from the problem's: how.
        signature: Option<SignatureMismatch>,
    },
    /// The compiler was stopped at a limit.
    CompileLimit(CompileLimit),
    /// The learner's file does not exist.
    Missing,
    /// pixelbank was interrupted before the file was built.
    Interrupted,
}

/// One way the learner's declarations differ from the problem's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureFinding {
    /// There is no function of that name at the top of the file.
    NoFunction {
        /// The function's name.
        name: String,
    },
    /// The function is not `pub`.
    NotPublic {
        /// The function's name.
        name: String,
    },
    /// The function takes another number of parameters.
    ParamCount {
        /// The function's name.
        name: String,
        /// How many it takes.
        found: usize,
        /// How many the problem declares.
        declared: usize,
    },
    /// A parameter has another type.
    ParamType {
        /// Its position, from 1.
        position: usize,
        /// Its name in the problem.
        name: String,
        /// The learner's type.
        found: String,
        /// The problem's type.
        declared: String,
    },
    /// The function returns another type.
    ReturnType {
        /// The learner's type.
        found: String,
        /// The problem's type.
        declared: String,
    },
    /// A struct the problem declares is missing.
    NoStruct {
        /// Its name.
        name: String,
    },
    /// A struct lacks a field.
    NoField {
        /// The struct.
        strukt: String,
        /// The field.
        field: String,
    },
    /// A field is not `pub`.
    FieldNotPublic {
        /// The struct.
        strukt: String,
        /// The field.
        field: String,
    },
    /// A field has another type.
    FieldType {
        /// The struct.
        strukt: String,
        /// The field.
        field: String,
        /// The learner's type.
        found: String,
        /// The problem's type.
        declared: String,
    },
    /// The declarations look right, but the judge cannot call the function with the declared
    /// types (a generic bound, a lifetime).
    Uncallable,
}

/// A function or struct in the learner's file that does not match the problem's declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMismatch {
    /// What differs.
    pub findings: Vec<SignatureFinding>,
    /// The declaration the problem expects, as Rust source.
    pub expected: String,
}

/// A rule on the learner's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A forbidden keyword (`for`, `while`, `loop`, `unsafe`) is used at `line`.
    Forbidden {
        /// The keyword.
        keyword: String,
        /// The 1-based line.
        line: usize,
    },
    /// A required function or method is never called.
    MissingCall {
        /// Its name.
        name: String,
    },
}

/// A rule on the learner's source that was broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule and where it was broken.
    pub rule: Rule,
    /// Why the problem has the rule, shared by its violations.
    pub explanation: String,
}

/// What building the submission cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildInfo {
    /// Time spent finding or building the program.
    pub duration: Duration,
    /// Whether the compiler ran (false when a program built from the same source was reused).
    pub compiled: bool,
}

/// The judgement of one submission for one problem.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemReport {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The learner's file.
    pub submission: PathBuf,
    /// How far judging got.
    pub status: ProblemStatus,
    /// Rules on the source that were broken (checked even when every case passes).
    pub violations: Vec<Violation>,
    /// One report per case, in the problem's order (empty when it did not compile).
    pub cases: Vec<CaseReport>,
    /// What the build cost.
    pub build: BuildInfo,
    /// Points available: every case's, whether or not the file compiled.
    pub max_points: u32,
}

impl ProblemReport {
    /// Points earned: the passed cases', or none while the file breaks a source rule (the rule
    /// is part of the problem; a solution that breaks it is not one).
    pub fn score(&self) -> u32 {
        if self.violations.is_empty() {
            self.cases.iter().map(|c| c.points).sum()
        } else {
            0
        }
    }

    /// Whether every case passed and every source rule held.
    pub fn solved(&self) -> bool {
        matches!(self.status, ProblemStatus::Judged)
            && self.violations.is_empty()
            && self.cases.iter().all(CaseReport::passed)
    }

    /// The number of cases that passed.
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    /// Whether pixelbank was interrupted before it finished judging.
    pub fn interrupted(&self) -> bool {
        matches!(self.status, ProblemStatus::Interrupted)
            || self
                .cases
                .iter()
                .any(|c| c.verdict() == Verdict::Interrupted)
    }

    /// Whether the file is the stub as shipped: every case reaches `todo!()`.
    pub fn untouched(&self) -> bool {
        !self.cases.is_empty()
            && self
                .cases
                .iter()
                .all(|c| c.verdict() == Verdict::NotImplemented)
    }
}
