//! What judging produces: a verdict per case and a report per problem, plain values the report
//! renderers read. Hidden cases carry their verdict and points only: no inputs, no expected or
//! actual value, no output and no panic message (which could echo an input), so no renderer can leak
//! them.

use std::path::PathBuf;
use std::time::Duration;

use pixelbank_spec::{Expected, Outcome, Value};
use serde::{Deserialize, Serialize};

/// The verdict on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The output matched.
    Passed,
    /// The output differed from the expected one.
    WrongAnswer,
    /// The function still panics with `todo!()` / `unimplemented!()`.
    NotImplemented,
    /// The function panicked, overflowed its stack or the process died.
    RuntimeError,
    /// The case ran past its time limit and was killed.
    TimeLimit,
    /// The case ran out of its memory limit.
    MemoryLimit,
}

impl Verdict {
    /// The verdict's id, as serialised: `wrong-answer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::WrongAnswer => "wrong-answer",
            Verdict::NotImplemented => "not-implemented",
            Verdict::RuntimeError => "runtime-error",
            Verdict::TimeLimit => "time-limit",
            Verdict::MemoryLimit => "memory-limit",
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::WrongAnswer => "wrong answer",
            Verdict::NotImplemented => "not implemented yet",
            Verdict::RuntimeError => "runtime error",
            Verdict::TimeLimit => "time limit exceeded",
            Verdict::MemoryLimit => "memory limit exceeded",
        }
    }
}

/// What a learner may see of a failed visible case.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    /// The inputs, by parameter name.
    pub inputs: Vec<(String, Value)>,
    /// The expected output.
    pub expected: Expected,
    /// What the function gave, when it returned.
    pub actual: Option<Outcome>,
    /// A one-line summary of the difference, or of the failure.
    pub summary: String,
    /// The known mistake the output matches, if any.
    pub known_mistake: Option<String>,
    /// The case's hint.
    pub hint: Option<String>,
    /// Where the function panicked (`src/bce_loss.rs:12:5`).
    pub panic_location: Option<String>,
    /// What the function printed (stdout, then stderr), cut to a readable length.
    pub output: String,
}

/// The judgement of one case.
#[derive(Debug, Clone)]
pub struct CaseReport {
    /// The case's name.
    pub name: String,
    /// Whether the case is hidden.
    pub hidden: bool,
    /// The verdict.
    pub verdict: Verdict,
    /// Points awarded.
    pub points: u32,
    /// Points the case is worth.
    pub max_points: u32,
    /// Time the function took (wall-clock of the child when it did not return).
    pub duration: Duration,
    /// A one-line message: for hidden cases only the verdict's label.
    pub message: String,
    /// Details for a failed visible case; `None` for hidden and passed ones.
    pub detail: Option<CaseDetail>,
}

/// A rule on the learner's source that was broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// What was found, and where (`line 12: a \`for\` loop is not allowed here`).
    pub message: String,
    /// Why the problem has the rule, shared by its violations.
    pub explanation: String,
}

/// The outcome of judging one submission of one problem.
#[derive(Debug, Clone)]
pub enum ProblemStatus {
    /// Every case ran (each with its own verdict).
    Judged,
    /// The file does not compile.
    CompileError {
        /// rustc's rendered errors.
        diagnostics: Vec<String>,
        /// When the cause is a signature that differs from the problem's: what differs.
        signature: Option<SignatureMismatch>,
    },
    /// The learner's file does not exist.
    Missing,
}

/// A function or struct in the learner's file that does not match the problem's declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMismatch {
    /// What differs, one finding per line.
    pub findings: Vec<String>,
    /// The declaration the problem expects, as Rust source.
    pub expected: String,
}

/// The judgement of one submission for one problem.
#[derive(Debug, Clone)]
pub struct ProblemReport {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The learner's file.
    pub submission: PathBuf,
    /// Whether it compiled and ran.
    pub status: ProblemStatus,
    /// Rules on the source that were broken (checked even when every case passes).
    pub violations: Vec<Violation>,
    /// One report per case, in the problem's order (empty when it did not compile).
    pub cases: Vec<CaseReport>,
    /// Time spent building (zero when the cache was fresh).
    pub build_time: Duration,
    /// Whether cargo had to compile anything.
    pub compiled: bool,
    /// Points available: every case's, whether or not the file compiled.
    pub max_points: u32,
}

impl ProblemReport {
    /// Points earned.
    pub fn score(&self) -> u32 {
        self.cases.iter().map(|c| c.points).sum()
    }

    /// Whether every case passed and every source rule held.
    pub fn solved(&self) -> bool {
        matches!(self.status, ProblemStatus::Judged)
            && self.violations.is_empty()
            && self.cases.iter().all(|c| c.verdict == Verdict::Passed)
    }

    /// The number of cases that passed.
    pub fn passed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.verdict == Verdict::Passed)
            .count()
    }
}
