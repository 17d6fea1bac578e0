//! The judge: takes a [`Problem`] and a learner's Rust file, builds them with a generated harness
//! in a persistent cache, runs every case in a sandboxed child process and compares what comes back,
//! producing a [`ProblemReport`]. It is a library with no printing: the CLI and the report renderers
//! decide what to show.
//!
//! The flow is spec → [`harness`] → [`cache`] (build) → [`run`] (execute, in [`sandbox`]) →
//! [`compare`] → [`verdict`].

pub mod cache;
pub mod compare;
pub mod harness;
pub mod run;
pub mod sandbox;
pub mod source;
pub mod verdict;
pub mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pixelbank_spec::{Case, Outcome, Problem, Schema};
use serde_json::json;

pub use cache::{BuildCache, BuildOutcome};
pub use verdict::{
    CaseDetail, CaseReport, ProblemReport, ProblemStatus, SignatureMismatch, Verdict, Violation,
};

use crate::run::Ran;
use crate::sandbox::ChildLimits;

/// Everything that stops the judge itself from working (as opposed to a submission failing).
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    /// The build cache could not be created, locked or written.
    #[error("build cache at {path}")]
    Cache {
        /// The file or directory concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The learner's file could not be read.
    #[error("cannot read {path}")]
    Submission {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// cargo failed for a reason other than a compile error (no network for the first build, a
    /// broken toolchain).
    #[error("{message}")]
    Cargo {
        /// What cargo said.
        message: String,
    },
    /// A case could not be run.
    #[error("{message}")]
    Run {
        /// What went wrong.
        message: String,
    },
}

/// How the judge presents what it collects.
#[derive(Debug, Clone, Copy, Default)]
pub struct JudgeOptions {
    /// Keep ANSI colors in rustc's rendered diagnostics.
    pub color_diagnostics: bool,
    /// Give hidden cases' details too: for problem authors (`verify`), never for learners.
    pub reveal_hidden: bool,
}

/// A judge bound to one build cache.
#[derive(Debug)]
pub struct Judge {
    cache: BuildCache,
    options: JudgeOptions,
}

/// Output memory a judged child may use beyond the problem's limit for its own runtime.
const OUTPUT_LIMIT: u64 = 16 << 20;

impl Judge {
    /// A judge whose builds live in `cache_dir`.
    pub fn new(cache_dir: &Path, options: JudgeOptions) -> Result<Judge, JudgeError> {
        sandbox::adopt_orphans();
        Ok(Judge {
            cache: BuildCache::open(cache_dir)?,
            options,
        })
    }

    /// The build cache.
    pub fn cache(&self) -> &BuildCache {
        &self.cache
    }

    /// Judges the learner's file `submission` against every case of `problem`.
    pub fn judge(&self, problem: &Problem, submission: &Path) -> Result<ProblemReport, JudgeError> {
        let mut report = ProblemReport {
            id: problem.id.clone(),
            title: problem.title.clone(),
            submission: submission.to_path_buf(),
            status: ProblemStatus::Missing,
            violations: Vec::new(),
            cases: Vec::new(),
            build_time: Duration::ZERO,
            compiled: false,
            max_points: problem.max_points(),
        };
        if !submission.is_file() {
            return Ok(report);
        }
        let submission = submission
            .canonicalize()
            .map_err(|source| JudgeError::Submission {
                path: submission.to_path_buf(),
                source,
            })?;
        let source_text =
            std::fs::read_to_string(&submission).map_err(|source| JudgeError::Submission {
                path: submission.clone(),
                source,
            })?;
        if let Some(constraints) = &problem.constraints {
            report.violations = source::check_constraints(constraints, &source_text);
        }

        let lock = self.cache.lock()?;
        let built =
            match self
                .cache
                .build(problem, &submission, &lock, self.options.color_diagnostics)?
            {
                BuildOutcome::Built(built) => built,
                BuildOutcome::Failed(failure) => {
                    report.status = compile_error(problem, &source_text, failure);
                    return Ok(report);
                }
            };
        report.build_time = built.duration;
        report.compiled = built.compiled;
        report.status = ProblemStatus::Judged;

        let dir = tempfile::Builder::new()
            .prefix("pixelbank-run-")
            .tempdir()
            .map_err(|source| JudgeError::Run {
                message: format!("cannot create a temporary directory: {source}"),
            })?;
        let instantiations = harness::instantiations(problem);
        let limits = ChildLimits {
            wall: Duration::from_millis(problem.limits.time_ms),
            memory_bytes: problem.limits.memory_mb << 20,
            output_bytes: OUTPUT_LIMIT,
        };
        for (index, case) in problem.cases.iter().enumerate() {
            let input = json!({
                "instantiation": harness::instantiation_of(&instantiations, &case.bindings),
                "inputs": case.inputs.iter().map(|v| v.to_wire()).collect::<Vec<_>>(),
            });
            let ran = run::run_case(&built.binary, dir.path(), index, &input, limits)?;
            report
                .cases
                .push(judge_case(problem, case, ran, self.options.reveal_hidden));
        }
        drop(lock);
        Ok(report)
    }
}

/// Explains a compile failure. When errors point into the harness, the learner's declarations
/// differ from the problem's: the findings replace rustc's errors about generated code the learner
/// never wrote, and errors in the learner's own file are kept.
fn compile_error(
    problem: &Problem,
    source_text: &str,
    failure: cache::CompileFailure,
) -> ProblemStatus {
    let signature = failure.in_harness().then(|| {
        source::diagnose_signature(&problem.signature, source_text).unwrap_or_else(|| {
            SignatureMismatch {
                findings: vec![
                    "the judge cannot call your function with the declared types".into(),
                ],
                expected: format!(
                    "{}{}",
                    problem.signature.rust_structs(),
                    problem.signature.rust_declaration()
                ),
            }
        })
    });
    let diagnostics = failure
        .diagnostics
        .into_iter()
        .filter(|d| signature.is_none() || !d.in_harness)
        .map(|d| d.rendered)
        .collect();
    ProblemStatus::CompileError {
        diagnostics,
        signature,
    }
}

/// Turns a case's run into its report: verdict, points and, for a visible failure, the details.
fn judge_case(
    problem: &Problem,
    case: &Case,
    run: run::CaseRun,
    reveal_hidden: bool,
) -> CaseReport {
    let mut actual = None;
    let mut panic_location = None;
    let (verdict, summary, duration) = match run.ran {
        Ran::Returned { value, took } => {
            let schema = Schema {
                structs: &problem.signature,
                bindings: &case.bindings,
            };
            match schema.outcome_from_wire(&problem.signature.returns, &value) {
                Ok(outcome) => {
                    let diff = compare::compare(&case.expected, &outcome, case.tolerance);
                    actual = Some(outcome);
                    match diff {
                        None => (Verdict::Passed, String::new(), took),
                        Some(summary) => (Verdict::WrongAnswer, summary, took),
                    }
                }
                Err(e) => (
                    Verdict::WrongAnswer,
                    format!("the returned value cannot be read: {e}"),
                    took,
                ),
            }
        }
        Ran::Panicked { message, location } => {
            panic_location = Some(location.clone()).filter(|l| !l.is_empty());
            let not_implemented = message.starts_with("not yet implemented")
                || message.starts_with("not implemented");
            if not_implemented {
                (
                    Verdict::NotImplemented,
                    "the function still has `todo!()` in it".to_string(),
                    run.wall,
                )
            } else {
                (
                    Verdict::RuntimeError,
                    format!("panicked: {message}"),
                    run.wall,
                )
            }
        }
        Ran::TimedOut => (
            Verdict::TimeLimit,
            format!(
                "killed after {} ms: an infinite loop, or far too slow",
                problem.limits.time_ms
            ),
            run.wall,
        ),
        Ran::OutOfMemory => (
            Verdict::MemoryLimit,
            format!(
                "ran out of memory (limit {} MiB): an allocation far too large?",
                problem.limits.memory_mb
            ),
            run.wall,
        ),
        Ran::Died { reason } => (Verdict::RuntimeError, reason, run.wall),
    };
    let passed = verdict == Verdict::Passed;
    let known_mistake = actual.as_ref().filter(|_| !passed).and_then(|a: &Outcome| {
        case.mistakes
            .iter()
            .find(|m| compare::matches(&m.output, a, case.tolerance))
            .map(|m| m.message.clone())
    });
    let detail = (!passed && (!case.hidden || reveal_hidden)).then(|| CaseDetail {
        inputs: problem
            .signature
            .params
            .iter()
            .map(|p| p.name.clone())
            .zip(case.inputs.iter().cloned())
            .collect(),
        expected: case.expected.clone(),
        actual: actual.clone(),
        summary: summary.clone(),
        known_mistake,
        hint: case.hint.clone(),
        panic_location,
        output: run.output,
    });
    CaseReport {
        name: case.name.clone(),
        hidden: case.hidden,
        verdict,
        points: if passed { case.points } else { 0 },
        max_points: case.points,
        duration,
        message: if case.hidden || passed {
            verdict.label().to_string()
        } else {
            summary
        },
        detail,
    }
}
