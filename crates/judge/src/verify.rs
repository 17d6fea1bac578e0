//! The author's check of a whole bank, through the real judge: every reference solution passes
//! every case (hidden ones too) and every source rule; every stub compiles and fails as shipped;
//! every known mistake differs from the expected output and is recognised as itself; every problem
//! has visible and hidden cases.

use std::path::{Path, PathBuf};

use pixelbank_spec::{Bank, Expected, Outcome, Problem};

use crate::compare;
use crate::verdict::{ProblemStatus, Verdict};
use crate::{Judge, JudgeError, ProblemReport};

/// What verifying one problem found.
#[derive(Debug, Clone)]
pub struct ProblemVerification {
    /// The problem's id.
    pub id: String,
    /// Cases that passed on the reference solution, of all cases.
    pub reference_passed: (usize, usize),
    /// How many known mistakes were checked.
    pub mistakes: usize,
    /// What is wrong; empty when the problem is sound.
    pub findings: Vec<String>,
}

impl ProblemVerification {
    /// Whether nothing is wrong.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Verifies every problem of `bank`, with reference solutions in `solutions` (`<module>.rs`).
pub fn verify(
    judge: &Judge,
    bank: &Bank,
    solutions: &Path,
) -> Result<Vec<ProblemVerification>, JudgeError> {
    let stubs = tempfile::Builder::new()
        .prefix("pixelbank-stubs-")
        .tempdir()
        .map_err(|source| JudgeError::Run {
            message: format!("cannot create a temporary directory: {source}"),
        })?;
    bank.problems()
        .iter()
        .map(|problem| verify_problem(judge, problem, solutions, stubs.path()))
        .collect()
}

fn verify_problem(
    judge: &Judge,
    problem: &Problem,
    solutions: &Path,
    stubs: &Path,
) -> Result<ProblemVerification, JudgeError> {
    let mut findings = Vec::new();
    if problem.visible_cases().next().is_none() {
        findings.push("no visible case: learners have no example".to_string());
    }
    if problem.cases.iter().all(|c| !c.hidden) {
        findings.push("no hidden case: graders cannot tell a solution from a lookup table".into());
    }

    let reference: PathBuf = solutions.join(format!("{}.rs", problem.module_name()));
    let report = judge.judge(problem, &reference)?;
    findings.extend(reference_findings(&report));

    let stub = stubs.join(format!("{}.rs", problem.module_name()));
    std::fs::write(&stub, pixelbank_spec::stub(problem)).map_err(|source| {
        JudgeError::Submission {
            path: stub.clone(),
            source,
        }
    })?;
    let stub_report = judge.judge(problem, &stub)?;
    match &stub_report.status {
        ProblemStatus::Judged => {
            if let Some(case) = stub_report
                .cases
                .iter()
                .find(|c| c.verdict == Verdict::Passed)
            {
                findings.push(format!("the stub passes case `{}` as shipped", case.name));
            }
        }
        ProblemStatus::CompileError { diagnostics, .. } => findings.push(format!(
            "the stub does not compile:\n{}",
            diagnostics.join("\n")
        )),
        ProblemStatus::Missing => findings.push("the stub could not be written".into()),
    }

    let mut mistakes = 0;
    for case in &problem.cases {
        for (i, mistake) in case.mistakes.iter().enumerate() {
            mistakes += 1;
            let as_output = match &mistake.output {
                Expected::Value(v) => Outcome::Returned(v.clone()),
                Expected::Rejection => Outcome::Rejected(None),
            };
            if compare::matches(&case.expected, &as_output, case.tolerance) {
                findings.push(format!(
                    "case `{}`: known mistake {} gives the expected output, so it is no mistake",
                    case.name,
                    i + 1
                ));
            }
            let first = case
                .mistakes
                .iter()
                .position(|m| compare::matches(&m.output, &as_output, case.tolerance));
            if first != Some(i) {
                findings.push(format!(
                    "case `{}`: known mistake {} is recognised as mistake {} (same output)",
                    case.name,
                    i + 1,
                    first.map_or(0, |f| f + 1)
                ));
            }
        }
    }
    Ok(ProblemVerification {
        id: problem.id.clone(),
        reference_passed: (report.passed(), report.cases.len()),
        mistakes,
        findings,
    })
}

/// What is wrong with the reference solution's report.
fn reference_findings(report: &ProblemReport) -> Vec<String> {
    let mut findings = Vec::new();
    match &report.status {
        ProblemStatus::Missing => findings.push(format!(
            "no reference solution at {}",
            report.submission.display()
        )),
        ProblemStatus::CompileError { diagnostics, .. } => findings.push(format!(
            "the reference solution does not compile:\n{}",
            diagnostics.join("\n")
        )),
        ProblemStatus::Judged => {
            for case in report.cases.iter().filter(|c| c.verdict != Verdict::Passed) {
                let detail = case
                    .detail
                    .as_ref()
                    .map_or_else(|| case.message.clone(), |d| d.summary.clone());
                findings.push(format!(
                    "the reference fails case `{}`: {} ({detail})",
                    case.name,
                    case.verdict.label()
                ));
            }
        }
    }
    for v in &report.violations {
        findings.push(format!("the reference breaks a source rule: {}", v.message));
    }
    findings
}
