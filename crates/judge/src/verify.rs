//! The author's check of a whole bank, through the real judge: every reference solution passes
//! every case (hidden ones too) and every source rule; every stub compiles and fails as shipped;
//! every known mistake differs from the expected output and is not shadowed; every wrong solution
//! (`<wrong>/<module>/<name>.rs`) fails a visible case, gives the outputs its mistakes claim, and is
//! never recognised with another one's message; which case catches which wrong solution. For a
//! problem with a generator, a stress run of a fixed seed checks that the reference answers every
//! generated input as the generator declares (valid inputs accepted, invalid ones rejected, none
//! failing), and tells each wrong solution apart from the reference: one that no visible case
//! catches but the generator tells apart is a hole, its shrunk input proposed as a new case.

use std::path::{Path, PathBuf};

use pixelbank_spec::{Bank, Expected, Outcome, Problem};
use pixelbank_verdict::{
    Coverage, Event, Finding, ProblemReport, ProblemStatus, ProblemVerification, StressCheck,
    StressOutcome, Verdict,
};

use crate::evaluate::matches;
use crate::generate::Drawing;
use crate::stress::{Answers, StressOptions, Trusted};
use crate::{Judge, JudgeError, entry};

/// The seed of verify's stress runs: fixed, so that a hole is reported the same on every run
/// and `pixelbank stress ID --seed 12` replays it.
pub const STRESS_SEED: u64 = 12;

/// How many generated inputs verify's stress runs try.
pub const STRESS_CASES: usize = 200;

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
    let drawing = Drawing::new(problem, entry::instantiations(problem));
    let stress = match &drawing {
        Some(drawing) => stress_side(judge, problem, drawing, &reference)?,
        None => None,
    };
    let generated = stress.as_ref().map(|s| s.answers.inputs.len());
    if let (Some(drawing), Some(side)) = (&drawing, &stress) {
        findings.extend(generator_findings(problem, drawing, &side.answers));
    }
    let (coverage, wrong) = wrong_solutions(
        judge,
        problem,
        &solutions.wrong.join(problem.module_name()),
        drawing.as_ref().zip(stress.as_ref()),
    )?;
    findings.extend(wrong);
    Ok(ProblemVerification {
        id: problem.id.clone(),
        reference_passed: (report.passed(), report.cases.len()),
        mistakes,
        coverage,
        generated,
        findings,
    })
}

/// The reference's side of verify's stress runs: its source, its program, and its answers on
/// the run's inputs.
struct StressSide {
    source: String,
    program: PathBuf,
    answers: Answers,
}

/// The reference built and run on verify's generated inputs; `None` when it is missing or does
/// not compile (which the reference's own findings report).
fn stress_side(
    judge: &Judge,
    problem: &Problem,
    drawing: &Drawing<'_>,
    reference: &Path,
) -> Result<Option<StressSide>, JudgeError> {
    let Ok(source) = std::fs::read_to_string(reference) else {
        return Ok(None);
    };
    let trusted = Trusted {
        reference: &source,
        wrong: &[],
    };
    let program = match judge.reference_program(problem, &trusted, &quiet) {
        Ok(program) => program,
        Err(JudgeError::Reference { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let answers = judge.reference_answers(problem, drawing, &program, STRESS_SEED, STRESS_CASES)?;
    Ok(Some(StressSide {
        source,
        program,
        answers,
    }))
}

/// The first generated input of the base and of each variant that the reference does not
/// answer as the generator declares, located at the base or the variant.
fn generator_findings(problem: &Problem, drawing: &Drawing<'_>, answers: &Answers) -> Vec<Finding> {
    let mut seen = Vec::new();
    let mut findings = Vec::new();
    for (index, got) in answers.contradictions(drawing) {
        let (draw, inputs) = &answers.inputs[index];
        if seen.contains(&draw.variant) {
            continue;
        }
        seen.push(draw.variant);
        findings.push(Finding::GeneratedInput {
            at: drawing.location(draw),
            variant: drawing.variant_why(draw),
            rejects: drawing.rejects(draw),
            got,
            inputs: problem
                .signature
                .params
                .iter()
                .map(|p| p.name.clone())
                .zip(inputs.iter().cloned())
                .collect(),
            index: index + 1,
            seed: STRESS_SEED,
        });
    }
    findings
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

/// The first line of a wrong solution: the comment (`//` or `//!`) that says which mistake it
/// makes.
fn mistake_line(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines().next().map(|l| {
                l.trim_start_matches('/')
                    .trim_start_matches('!')
                    .trim()
                    .to_string()
            })
        })
        .unwrap_or_default()
}

/// Runs every wrong solution of `problem` in `dir`, and stress-tests it when the problem has a
/// generator.
fn wrong_solutions(
    judge: &Judge,
    problem: &Problem,
    dir: &Path,
    stress: Option<(&Drawing<'_>, &StressSide)>,
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
            // A case not run after a time-out says nothing of the mistake.
            .filter(|c| !c.passed() && c.verdict() != Verdict::NotRun)
            .map(|c| (c.name.clone(), c.hidden))
            .collect();
        let mistake = mistake_line(&file);
        let (stress_check, hole) = match stress {
            Some((drawing, side)) => {
                stress_wrong(judge, problem, drawing, side, &file, &caught_by)?
            }
            None => (StressCheck::NotRun, None),
        };
        if let Some(found) = hole {
            findings.push(Finding::Hole {
                name: name.clone(),
                mistake: mistake.clone(),
                hidden: caught_by.iter().map(|(c, _)| c.clone()).collect(),
                seed: STRESS_SEED,
                found,
            });
        } else if caught_by.is_empty() {
            findings.push(Finding::WrongPasses { name: name.clone() });
        } else if caught_by.iter().all(|(_, hidden)| *hidden) {
            findings.push(Finding::WrongCaughtOnlyByHidden {
                name: name.clone(),
                cases: caught_by.iter().map(|(c, _)| c.clone()).collect(),
            });
        }
        coverage.push(Coverage {
            name: name.clone(),
            mistake,
            caught_by,
            stress: stress_check,
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

/// Stress-tests the wrong solution in `file` against the reference's answers; when no visible
/// case catches it and the generator tells it apart, the shrunk counterexample (the hole).
fn stress_wrong(
    judge: &Judge,
    problem: &Problem,
    drawing: &Drawing<'_>,
    side: &StressSide,
    file: &Path,
    caught_by: &[(String, bool)],
) -> Result<(StressCheck, Option<Box<pixelbank_verdict::Counterexample>>), JudgeError> {
    let (Ok(program), _) = judge.learner_program(problem, file, &quiet)? else {
        return Ok((StressCheck::NotRun, None));
    };
    let Some(index) = judge.first_difference_from(problem, drawing, &side.answers, &program)?
    else {
        return Ok((
            StressCheck::NotToldApart {
                inputs: side.answers.inputs.len(),
            },
            None,
        ));
    };
    let check = StressCheck::ToldApart { input: index + 1 };
    if caught_by.iter().any(|(_, hidden)| !hidden) {
        return Ok((check, None));
    }
    let trusted = Trusted {
        reference: &side.source,
        wrong: &[],
    };
    let options = StressOptions {
        cases: STRESS_CASES,
        seed: STRESS_SEED,
        shrink: true,
    };
    let (_, outcome) =
        judge.stress_programs(problem, drawing, &program, &side.program, &trusted, options)?;
    Ok(match outcome {
        StressOutcome::Differs(found) => (check, Some(found)),
        _ => (check, None),
    })
}
