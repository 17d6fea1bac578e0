//! What judging and grading conclude, as plain values handed from the engine to the renderers:
//! a verdict per case with the facts behind it ([`Failure`], [`Mismatch`]), a report per problem,
//! the events a judge emits as it goes, and the grades and gradebooks of submissions. Nothing
//! here runs, compares or words anything: the judge fills these in and `report` alone turns them
//! into sentences and fields. Hidden cases carry their verdict's kind and no data.

pub mod case;
pub mod class;
pub mod difference;
pub mod event;
pub mod grade;
pub mod gradebook;
pub mod problem;
pub mod sandbox;
pub mod stress;
pub mod verification;

pub use case::{CaseDetail, CaseReport, Failure, Mistake, Unreadable, Verdict};
pub use class::{CaseSummary, ClassSummary, MistakeSummary, ProblemSummary};
pub use difference::{Difference, DifferenceKind, Mismatch, Segment, ValuePath};
pub use event::Event;
pub use grade::{PassMark, ProblemGrade, ProblemOutcome, Status, SubmissionGrade};
pub use gradebook::{
    CaseColumn, CaseResult, Column, Gradebook, MergeError, MistakeColumn, Partition,
    PartitionError, ProblemResult, Row,
};
pub use problem::{
    BuildInfo, CompileLimit, ProblemReport, ProblemStatus, Rule, SignatureFinding,
    SignatureMismatch, Violation,
};
pub use sandbox::{Layers, Missing};
pub use stress::{
    BenchOutcome, BenchReport, Counterexample, FAR_SLOWER, StressOutcome, StressReport, Timing,
};
pub use verification::{Coverage, Finding, ProblemVerification, StressCheck};
