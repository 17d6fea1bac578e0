//! What `pixelbank verify` finds in a bank: per problem, whether the reference solution passes,
//! the stub fails, the known mistakes are sound, and which case catches each wrong solution.

use pixelbank_spec::{Outcome, Value};

use crate::case::{Failure, Verdict};
use crate::problem::Violation;
use crate::stress::Counterexample;

/// Something wrong with a problem, for its author.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// No visible case: learners have no example.
    NoVisibleCase,
    /// No hidden case: graders cannot tell a solution from a lookup table.
    NoHiddenCase,
    /// There is no reference solution at this path.
    NoReference {
        /// Where it was looked for.
        path: String,
    },
    /// The reference solution does not compile.
    ReferenceDoesNotCompile {
        /// rustc's errors (or the limit it hit).
        diagnostics: Vec<String>,
    },
    /// The reference solution fails a case.
    ReferenceFails {
        /// The case.
        case: String,
        /// Its verdict.
        verdict: Verdict,
    },
    /// The reference solution breaks a source rule.
    ReferenceBreaksRule(Violation),
    /// The stub passes a case as shipped.
    StubPasses {
        /// The case.
        case: String,
    },
    /// The stub does not compile.
    StubDoesNotCompile {
        /// rustc's errors.
        diagnostics: Vec<String>,
    },
    /// A known mistake's output is the expected output.
    MistakeIsExpected {
        /// The case.
        case: String,
        /// The mistake's position in the case, from 1.
        mistake: usize,
    },
    /// A known mistake is hidden by an earlier one with the same output.
    MistakeShadowed {
        /// The case.
        case: String,
        /// The mistake's position, from 1.
        mistake: usize,
        /// The earlier mistake that wins, from 1.
        by: usize,
    },
    /// A known mistake names a wrong solution that does not exist.
    NoWrongSolution {
        /// The case.
        case: String,
        /// The name.
        name: String,
        /// Where it was looked for.
        path: String,
    },
    /// A wrong solution does not compile.
    WrongDoesNotCompile {
        /// The wrong solution.
        name: String,
        /// rustc's errors.
        diagnostics: Vec<String>,
    },
    /// A wrong solution passes every case.
    WrongPasses {
        /// The wrong solution.
        name: String,
    },
    /// A wrong solution passes every visible case: a learner practising is never warned.
    WrongCaughtOnlyByHidden {
        /// The wrong solution.
        name: String,
        /// The hidden cases that catch it.
        cases: Vec<String>,
    },
    /// A wrong solution is recognised with a mistake that does not name it.
    Misattributed {
        /// The case.
        case: String,
        /// The wrong solution.
        name: String,
        /// The mistake it matched, from 1.
        mistake: usize,
        /// The wrong solutions that mistake names.
        names: Vec<String>,
    },
    /// A known mistake names a wrong solution that does not give its output.
    NotProduced {
        /// The case.
        case: String,
        /// The mistake, from 1.
        mistake: usize,
        /// The wrong solution.
        name: String,
        /// What it gave instead, when it returned.
        got: Option<Outcome>,
        /// Its verdict on the case.
        verdict: Verdict,
    },
    /// The reference does not answer a generated input as the generator declares: it rejects
    /// an input of the base or of a variant declared valid, accepts one of a variant declared
    /// invalid, or fails on it (a panic, a time-out).
    GeneratedInput {
        /// Where the base or the variant is written: `problems/bce-loss.toml:57:1`.
        at: String,
        /// The variant's `why`, or `None` for the base.
        variant: Option<String>,
        /// Whether the generator declares the input invalid (`Some(true)`), valid
        /// (`Some(false)`), or either (`None`).
        rejects: Option<bool>,
        /// What the reference gave, or how it failed.
        got: Result<Outcome, Failure>,
        /// The input, by parameter name.
        inputs: Vec<(String, Value)>,
        /// Which input of verify's stress run it is (from 1), and the run's seed.
        index: usize,
        /// The seed of verify's stress run.
        seed: u64,
    },
    /// A hole in the cases: a wrong solution that no visible case catches, but that the
    /// generator tells apart from the reference; its shrunk input is proposed as a new case.
    Hole {
        /// The wrong solution.
        name: String,
        /// Its first comment line: the mistake it makes.
        mistake: String,
        /// The hidden cases that catch it (none when no case does).
        hidden: Vec<String>,
        /// The seed of verify's stress run, which `pixelbank stress` replays.
        seed: u64,
        /// The shrunk input, the reference's output and the wrong solution's.
        found: Box<Counterexample>,
    },
    /// Two wrong solutions give the same output, and the mistake matching it names only one.
    Ambiguous {
        /// The case.
        case: String,
        /// The two wrong solutions.
        names: [String; 2],
        /// The mistake, from 1.
        mistake: usize,
    },
}

/// Which cases catch one wrong solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// The wrong solution's name.
    pub name: String,
    /// Its first comment line: the mistake it makes.
    pub mistake: String,
    /// The cases it fails, with whether each is hidden.
    pub caught_by: Vec<(String, bool)>,
    /// Whether the problem's generator tells it apart from the reference.
    pub stress: StressCheck,
}

/// What stress-testing a wrong solution against the reference found, in `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StressCheck {
    /// Not stress-tested: the problem has no generator, or the solution or the reference did
    /// not compile.
    NotRun,
    /// Told apart at this input of the run (from 1).
    ToldApart {
        /// The input.
        input: usize,
    },
    /// The same answers as the reference on every input of the run.
    NotToldApart {
        /// How many inputs the run tried.
        inputs: usize,
    },
}

/// What verifying one problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemVerification {
    /// The problem's id.
    pub id: String,
    /// Cases the reference solution passed, of all cases.
    pub reference_passed: (usize, usize),
    /// How many known mistakes were checked.
    pub mistakes: usize,
    /// Which cases catch each wrong solution.
    pub coverage: Vec<Coverage>,
    /// How many generated inputs the reference answered, for a problem with a generator.
    pub generated: Option<usize>,
    /// What is wrong; empty when the problem is sound.
    pub findings: Vec<Finding>,
}

impl ProblemVerification {
    /// Whether nothing is wrong.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}
