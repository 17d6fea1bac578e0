//! The judgement of one case: its verdict, the fact behind a failure ([`Failure`]), and for a
//! failed visible case what the learner may see of it ([`CaseDetail`]). A hidden case keeps the
//! kind of its failure and nothing the judged code could have put in it: no message, no exit
//! code, no signal, no value.

use std::time::Duration;

use pixelbank_spec::{Bindings, Expected, Outcome, Value};
use serde::{Deserialize, Serialize};

use crate::difference::Mismatch;

/// The verdict on one case: the coarse kind of what happened, as reports and gradebooks name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The output matched.
    Passed,
    /// The output differed from the expected one.
    WrongAnswer,
    /// The function still panics with `todo!()` / `unimplemented!()`.
    NotImplemented,
    /// The function panicked, overflowed its stack, or the process died or sent a result the
    /// judge could not read.
    RuntimeError,
    /// The case ran past its time limit and was killed.
    TimeLimit,
    /// The case ran out of its memory limit.
    MemoryLimit,
    /// pixelbank was interrupted (Ctrl-C, SIGTERM) before the case finished.
    Interrupted,
    /// The case was not run: an earlier case of the problem passed its time limit, and the
    /// problem's remaining cases had used the one more limit they get after a time-out.
    NotRun,
}

impl Verdict {
    /// Every verdict, in the order reports list them.
    pub const ALL: [Verdict; 8] = [
        Verdict::Passed,
        Verdict::WrongAnswer,
        Verdict::NotImplemented,
        Verdict::RuntimeError,
        Verdict::TimeLimit,
        Verdict::MemoryLimit,
        Verdict::Interrupted,
        Verdict::NotRun,
    ];

    /// The verdict's id, as serialised: `wrong-answer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::WrongAnswer => "wrong-answer",
            Verdict::NotImplemented => "not-implemented",
            Verdict::RuntimeError => "runtime-error",
            Verdict::TimeLimit => "time-limit",
            Verdict::MemoryLimit => "memory-limit",
            Verdict::Interrupted => "interrupted",
            Verdict::NotRun => "not-run",
        }
    }
}

/// Why a result the judged program sent could not be believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The record is larger than the judge reads.
    TooLarge {
        /// The limit, in bytes.
        limit_bytes: usize,
    },
    /// The record is not one of the protocol.
    Malformed,
    /// A record that is not the runtime's answer to the case's request: the judged code wrote it.
    Forged,
    /// The returned value is not of the declared return type.
    WrongType {
        /// Where in the value, and what was wrong (`at [2]: expected a float (f64), found null`).
        reason: String,
    },
    /// The program could not take the case's inputs (it was not built for this problem).
    Refused {
        /// What it said.
        reason: String,
    },
}

/// The fact behind a failed case.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The function returned something else; `None` for a hidden case.
    WrongAnswer(Option<Mismatch>),
    /// The function reached `todo!()` or `unimplemented!()`.
    NotImplemented,
    /// The function panicked; the message is `None` for a hidden case.
    Panicked {
        /// The panic message.
        message: Option<String>,
    },
    /// The stack overflowed.
    StackOverflow,
    /// The process exited before the function returned (`std::process::exit`); the code is
    /// `None` for a hidden case.
    Exited {
        /// The exit code.
        code: Option<i32>,
    },
    /// A signal killed the process that no limit of the judge explains; its name is `None` for a
    /// hidden case.
    Killed {
        /// The signal's name: `SIGSEGV`.
        signal: Option<String>,
    },
    /// The case printed more than the judge keeps reading.
    OutputLimit {
        /// The limit, in bytes.
        limit_bytes: u64,
    },
    /// The judge's deadline for the case passed.
    TimeLimit {
        /// The limit.
        limit: Duration,
    },
    /// An allocation failed under the memory limit.
    MemoryLimit {
        /// The limit, in MiB.
        limit_mb: u64,
    },
    /// What came back could not be read; the reason is `None` for a hidden case.
    Unreadable(Option<Unreadable>),
    /// pixelbank was interrupted before the case finished.
    Interrupted,
    /// The case was not run: after an earlier case's time-out, the problem's remaining cases
    /// start only while one more time limit lasts.
    NotRun {
        /// That time: the limit of the case that timed out.
        grace: Duration,
    },
}

impl Failure {
    /// The verdict this failure gives.
    pub fn verdict(&self) -> Verdict {
        match self {
            Failure::WrongAnswer(_) => Verdict::WrongAnswer,
            Failure::NotImplemented => Verdict::NotImplemented,
            Failure::Panicked { .. }
            | Failure::StackOverflow
            | Failure::Exited { .. }
            | Failure::Killed { .. }
            | Failure::OutputLimit { .. }
            | Failure::Unreadable(_) => Verdict::RuntimeError,
            Failure::TimeLimit { .. } => Verdict::TimeLimit,
            Failure::MemoryLimit { .. } => Verdict::MemoryLimit,
            Failure::Interrupted => Verdict::Interrupted,
            Failure::NotRun { .. } => Verdict::NotRun,
        }
    }

    /// The same failure without anything the judged code chose: what a hidden case may show.
    pub fn redacted(self) -> Failure {
        match self {
            Failure::WrongAnswer(_) => Failure::WrongAnswer(None),
            Failure::Panicked { .. } => Failure::Panicked { message: None },
            Failure::Exited { .. } => Failure::Exited { code: None },
            Failure::Killed { .. } => Failure::Killed { signal: None },
            Failure::Unreadable(_) => Failure::Unreadable(None),
            other => other,
        }
    }
}

/// A known mistake that the returned output matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// Its stable id: the first wrong solution it names, else `<case>#<n>`.
    pub id: String,
    /// The problem's explanation, addressed to the learner.
    pub message: String,
}

/// What a learner may see of a failed visible case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseDetail {
    /// The types bound to the function's generic parameters (`T = f32`), if it has any.
    pub bindings: Bindings,
    /// The inputs, by parameter name.
    pub inputs: Vec<(String, Value)>,
    /// The expected output.
    pub expected: Expected,
    /// What the function gave, when it returned.
    pub actual: Option<Outcome>,
    /// Where the function panicked or reached `todo!()` (`src/bce_loss.rs:12:5`).
    pub location: Option<String>,
    /// The known mistake the output matches.
    pub mistake: Option<Mistake>,
    /// The case's hint.
    pub hint: Option<String>,
    /// What the function printed (stdout, then stderr), cut to a readable length.
    pub output: String,
}

/// The judgement of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseReport {
    /// The case's name.
    pub name: String,
    /// Whether the case is hidden.
    pub hidden: bool,
    /// Points awarded.
    pub points: u32,
    /// Points the case is worth.
    pub max_points: u32,
    /// How long the case took, measured by the judge.
    pub duration: Duration,
    /// Why it failed; `None` when it passed.
    pub failure: Option<Failure>,
    /// For a failed visible case (or any failed case for an author), what the learner may see.
    pub detail: Option<CaseDetail>,
}

impl CaseReport {
    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        self.failure
            .as_ref()
            .map_or(Verdict::Passed, Failure::verdict)
    }

    /// Whether it passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}
