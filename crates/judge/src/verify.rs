//! The author's check of a whole bank, through the real judge: every reference solution passes
//! every case (hidden ones too) and every source rule; every stub compiles and fails as shipped;
//! every known mistake differs from the expected output and is not shadowed; every wrong solution
//! (`<wrong>/<module>/<name>.rs`) fails a visible case, gives the outputs its mistakes claim, and is
//! never recognised with another one's message; which case catches which wrong solution.

use std::path::Path;

use pixelbank_spec::{Bank, Expected, Outcome, Problem};
use pixelbank_verdict::{
    Coverage, Event, Finding, ProblemReport, ProblemStatus, ProblemVerification,
};

use crate::evaluate::matches;
use crate::{Judge, JudgeError};

/// Where the solutions are.
#[derive(Debug, Clone, Copy)]
pub struct Solutions<'a> {
    /// The reference solutions, `<module>.rs`.
    pub reference: &'a Path,
    /// The wrong solutions, `<module>/<name>.rs`.
    pub wrong: &'a Path,
}

/// Verifies every problem of `bank`; `done` is told of each problem as it is verified.
pub fn verify(
    judge: &Judge,
    bank: &Bank,
    solutions: Solutions<'_>,
    done: &mut dyn FnMut(&ProblemVerification),
) -> Result<Vec<ProblemVerification>, JudgeError> {
    let stubs = tempfile::Builder::new()
        .prefix("pixelbank-stubs-")
        .tempdir()
        .map_err(|source| JudgeError::Cache {
            path: std::env::temp_dir(),
            source,
        })?;
    let mut all = Vec::new();
    for problem in bank.problems() {
        let verified = verify_problem(judge, problem, solutions, stubs.path())?;
        done(&verified);
        all.push(verified);
    }
    Ok(all)
}

fn quiet(_: Event<'_>) {}

fn verify_problem(
    judge: &Judge,
    problem: &Problem,
    solutions: Solutions<'_>,
    stubs: &Path,
) -> Result<ProblemVerification, JudgeError> {
    let mut findings = Vec::new();
    if problem.visible_cases().next().is_none() {
        findings.push(Finding::NoVisibleCase);
    }
    if problem.cases.iter().all(|c| !c.hidden) {
        findings.push(Finding::NoHiddenCase);
    }

    let reference = solutions
        .reference
        .join(format!("{}.rs", problem.module_name()));
    let report = judge.judge(problem, &reference, &quiet)?;
    findings.extend(reference_findings(&report));

    let stub = stubs.join(format!("{}.rs", problem.module_name()));
    std::fs::write(&stub, pixelbank_spec::stub(problem)).map_err(|source| {
        JudgeError::Submission {
            path: stub.clone(),
            source,
        }
    })?;
    let stub_report = judge.judge(problem, &stub, &quiet)?;
    match &stub_report.status {
        ProblemStatus::Judged => {
            if let Some(case) = stub_report.cases.iter().find(|c| c.passed()) {
                findings.push(Finding::StubPasses {
                    case: case.name.clone(),
                });
            }
        }
        other => findings.push(Finding::StubDoesNotCompile {
            diagnostics: diagnostics(other),
        }),
    }

    let mut mistakes = 0;
    for case in &problem.cases {
        for (i, mistake) in case.mistakes.iter().enumerate() {
            mistakes += 1;
            let as_output = as_outcome(&mistake.output);
            if matches(&case.expected, &as_output, case.tolerance) {
                findings.push(Finding::MistakeIsExpected {
                    case: case.name.clone(),
                    mistake: i + 1,
                });
            }
            let first = case
                .mistakes
                .iter()
                .position(|m| matches(&m.output, &as_output, case.tolerance));
            if let Some(by) = first.filter(|&f| f != i) {
                findings.push(Finding::MistakeShadowed {
                    case: case.name.clone(),
                    mistake: i + 1,
                    by: by + 1,
                });
            }
        }
    }
    let (coverage, wrong) =
        wrong_solutions(judge, problem, &solutions.wrong.join(problem.module_name()))?;
    findings.extend(wrong);
    Ok(ProblemVerification {
        id: problem.id.clone(),
        reference_passed: (report.passed(), report.cases.len()),
        mistakes,
        coverage,
        findings,
    })
}

fn as_outcome(expected: &Expected) -> Outcome {
    match expected {
        Expected::Value(v) => Outcome::Returned(v.clone()),
        Expected::Rejection => Outcome::Rejected(None),
    }
}

/// rustc's errors, or a line saying which limit the compiler hit.
fn diagnostics(status: &ProblemStatus) -> Vec<String> {
    match status {
        ProblemStatus::CompileError { diagnostics, .. } => diagnostics.clone(),
        ProblemStatus::CompileLimit(limit) => vec![format!("{limit:?}")],
        _ => Vec::new(),
    }
}

/// What is wrong with the reference solution's report.
fn reference_findings(report: &ProblemReport) -> Vec<Finding> {
    let mut findings = Vec::new();
    match &report.status {
        ProblemStatus::Missing => findings.push(Finding::NoReference {
            path: report.submission.display().to_string(),
        }),
        ProblemStatus::Judged => {
            for case in report.cases.iter().filter(|c| !c.passed()) {
                findings.push(Finding::ReferenceFails {
                    case: case.name.clone(),
                    verdict: case.verdict(),
                });
            }
        }
        other => findings.push(Finding::ReferenceDoesNotCompile {
            diagnostics: diagnostics(other),
        }),
    }
    for v in &report.violations {
        findings.push(Finding::ReferenceBreaksRule(v.clone()));
    }
    findings
}

/// The first line of a wrong solution: the comment that says which mistake it makes.
fn mistake_line(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines()
                .next()
                .map(|l| l.trim_start_matches('/').trim().to_string())
        })
        .unwrap_or_default()
}

/// Runs every wrong solution of `problem` in `dir`.
fn wrong_solutions(
    judge: &Judge,
    problem: &Problem,
    dir: &Path,
) -> Result<(Vec<Coverage>, Vec<Finding>), JudgeError> {
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
            for name in m.wrong.iter().filter(|n| !names.contains(n)) {
                findings.push(Finding::NoWrongSolution {
                    case: case.name.clone(),
                    name: name.clone(),
                    path: dir.join(format!("{name}.rs")).display().to_string(),
                });
            }
        }
    }
    let mut coverage = Vec::new();
    // outputs[w][c]: what wrong solution w returned on case c, when it failed it by returning.
    let mut outputs: Vec<Vec<Option<Outcome>>> = Vec::new();
    for name in &names {
        let file = dir.join(format!("{name}.rs"));
        let report = judge.judge(problem, &file, &quiet)?;
        if !matches!(report.status, ProblemStatus::Judged) {
            findings.push(Finding::WrongDoesNotCompile {
                name: name.clone(),
                diagnostics: diagnostics(&report.status),
            });
            outputs.push(vec![None; problem.cases.len()]);
            continue;
        }
        let caught_by: Vec<(String, bool)> = report
            .cases
            .iter()
            .filter(|c| !c.passed())
            .map(|c| (c.name.clone(), c.hidden))
            .collect();
        if caught_by.is_empty() {
            findings.push(Finding::WrongPasses { name: name.clone() });
        } else if caught_by.iter().all(|(_, hidden)| *hidden) {
            findings.push(Finding::WrongCaughtOnlyByHidden {
                name: name.clone(),
                cases: caught_by.iter().map(|(c, _)| c.clone()).collect(),
            });
        }
        coverage.push(Coverage {
            name: name.clone(),
            mistake: mistake_line(&file),
            caught_by,
        });
        let mut row = Vec::new();
        for (case, judged) in problem.cases.iter().zip(&report.cases) {
            let actual = judged.detail.as_ref().and_then(|d| d.actual.clone());
            let matched = actual.as_ref().and_then(|a| {
                case.mistakes
                    .iter()
                    .position(|m| matches(&m.output, a, case.tolerance))
            });
            if let Some(i) = matched
                && !case.mistakes[i].wrong.contains(name)
            {
                findings.push(Finding::Misattributed {
                    case: case.name.clone(),
                    name: name.clone(),
                    mistake: i + 1,
                    names: case.mistakes[i].wrong.clone(),
                });
            }
            for (k, m) in case.mistakes.iter().enumerate() {
                if m.wrong.contains(name) && matched != Some(k) {
                    findings.push(Finding::NotProduced {
                        case: case.name.clone(),
                        mistake: k + 1,
                        name: name.clone(),
                        got: actual.clone(),
                        verdict: judged.verdict(),
                    });
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
                let x_as_expected = match x {
                    Outcome::Returned(v) => Expected::Value(v.clone()),
                    Outcome::Rejected(_) => Expected::Rejection,
                };
                if !matches(&x_as_expected, y, case.tolerance) {
                    continue;
                }
                let matched = case
                    .mistakes
                    .iter()
                    .position(|m| matches(&m.output, x, case.tolerance));
                if let Some(i) = matched {
                    let m = &case.mistakes[i];
                    if !(m.wrong.contains(&names[a]) && m.wrong.contains(&names[b])) {
                        findings.push(Finding::Ambiguous {
                            case: case.name.clone(),
                            names: [names[a].clone(), names[b].clone()],
                            mistake: i + 1,
                        });
                    }
                }
            }
        }
    }
    Ok((coverage, findings))
}
