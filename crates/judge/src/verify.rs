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

/// Verifies every problem of `bank`, with reference solutions in `solutions` (`<module>.rs`) and
/// wrong solutions in `wrong` (`<module>/<name>.rs`).
pub fn verify(
    judge: &Judge,
    bank: &Bank,
    solutions: &Path,
    wrong: &Path,
) -> Result<Vec<ProblemVerification>, JudgeError> {
    let stubs = tempfile::Builder::new()
        .prefix("pixelbank-stubs-")
        .tempdir()
        .map_err(|source| JudgeError::Run {
            message: format!("cannot create a temporary directory: {source}"),
        })?;
    bank.problems()
        .iter()
        .map(|problem| verify_problem(judge, problem, solutions, wrong, stubs.path()))
        .collect()
}

fn verify_problem(
    judge: &Judge,
    problem: &Problem,
    solutions: &Path,
    wrong: &Path,
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
    findings.extend(wrong_solution_findings(
        judge,
        problem,
        &wrong.join(problem.module_name()),
    )?);
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

/// Runs every wrong solution of `problem` (the `.rs` files of `dir`) and checks that each fails a
/// visible case, that a mistake naming it matches what it really returns, that no wrong solution
/// is recognised with another one's message, and that two wrong solutions giving the same output
/// are both named by a message matching it.
fn wrong_solution_findings(
    judge: &Judge,
    problem: &Problem,
    dir: &Path,
) -> Result<Vec<String>, JudgeError> {
    let mut findings = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for case in &problem.cases {
        for m in &case.mistakes {
            for name in &m.wrong {
                if !names.contains(name) {
                    findings.push(format!(
                        "case `{}`: a known mistake names `{name}`, but there is no {}",
                        case.name,
                        dir.join(format!("{name}.rs")).display()
                    ));
                }
            }
        }
    }
    // outputs[w][c]: what wrong solution w gave on case c (None: it passed, or gave no value).
    let mut outputs: Vec<Vec<Option<Outcome>>> = Vec::new();
    for name in &names {
        let file = dir.join(format!("{name}.rs"));
        let report = judge.judge(problem, &file)?;
        let label = format!("wrong solution `{name}`");
        match &report.status {
            ProblemStatus::Judged => {}
            ProblemStatus::CompileError { diagnostics, .. } => {
                findings.push(format!(
                    "{label} does not compile:\n{}",
                    diagnostics.join("\n")
                ));
                outputs.push(vec![None; problem.cases.len()]);
                continue;
            }
            ProblemStatus::Missing => {
                outputs.push(vec![None; problem.cases.len()]);
                continue;
            }
        }
        let caught_visibly = report
            .cases
            .iter()
            .any(|c| !c.hidden && c.verdict != Verdict::Passed);
        if !caught_visibly {
            let hidden: Vec<&str> = report
                .cases
                .iter()
                .filter(|c| c.verdict != Verdict::Passed)
                .map(|c| c.name.as_str())
                .collect();
            findings.push(if hidden.is_empty() {
                format!("{label} passes every case")
            } else {
                format!(
                    "{label} passes every visible case; only hidden cases catch it ({})",
                    hidden.join(", ")
                )
            });
        }
        let mut row = Vec::new();
        for (case, judged) in problem.cases.iter().zip(&report.cases) {
            let actual = judged.detail.as_ref().and_then(|d| d.actual.clone());
            let matched = actual.as_ref().and_then(|a| {
                case.mistakes
                    .iter()
                    .position(|m| compare::matches(&m.output, a, case.tolerance))
            });
            if let Some(i) = matched
                && !case.mistakes[i].wrong.contains(name)
            {
                findings.push(format!(
                    "case `{}`: {label} is recognised as known mistake {} ({}), which does not \
                     name it",
                    case.name,
                    i + 1,
                    if case.mistakes[i].wrong.is_empty() {
                        "no wrong solution".to_string()
                    } else {
                        case.mistakes[i].wrong.join(", ")
                    }
                ));
            }
            for (k, m) in case.mistakes.iter().enumerate() {
                if m.wrong.contains(name) && matched != Some(k) {
                    findings.push(format!(
                        "case `{}`: known mistake {} names {label}, but it {}",
                        case.name,
                        k + 1,
                        match &actual {
                            None if judged.verdict == Verdict::Passed => {
                                "passes this case".to_string()
                            }
                            None => format!("gives no value ({})", judged.verdict.label()),
                            Some(a) => format!("returns {a}"),
                        }
                    ));
                }
            }
            row.push(actual);
        }
        outputs.push(row);
    }
    for (c, case) in problem.cases.iter().enumerate() {
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                let (Some(x), Some(y)) = (&outputs[a][c], &outputs[b][c]) else {
                    continue;
                };
                let as_expected = match x {
                    Outcome::Returned(v) => Expected::Value(v.clone()),
                    Outcome::Rejected(_) => Expected::Rejection,
                };
                if !compare::matches(&as_expected, y, case.tolerance) {
                    continue;
                }
                let message = case
                    .mistakes
                    .iter()
                    .position(|m| compare::matches(&m.output, x, case.tolerance));
                if let Some(i) = message {
                    let m = &case.mistakes[i];
                    if !(m.wrong.contains(&names[a]) && m.wrong.contains(&names[b])) {
                        findings.push(format!(
                            "case `{}`: wrong solutions `{}` and `{}` give the same output, but \
                             known mistake {} does not name both: its message must cover both \
                             causes",
                            case.name,
                            names[a],
                            names[b],
                            i + 1
                        ));
                    }
                }
            }
        }
    }
    findings.sort();
    findings.dedup();
    Ok(findings)
}
