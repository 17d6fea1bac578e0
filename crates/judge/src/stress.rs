//! Stress testing and timing against the reference. `stress` draws inputs from the problem's
//! generator (in this process, from a seed), runs the learner's function and the reference on
//! each (two sandboxed children, many inputs per child, side by side), compares them with the
//! problem's tolerance, and shrinks the first input on which they differ: smaller dimensions
//! first, then simpler values, keeping the difference. The problem's wrong solutions then run on
//! the shrunk input, and the one whose output is the learner's names the mistake. `bench` times
//! both functions on one large input, taking turns, and keeps every duration. The reference is
//! built from source the caller hands in and is never shown.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pixelbank_spec::{Case, Expected, Outcome, Problem, Schema, Tolerance, Value};
use pixelbank_verdict::{
    BenchOutcome, BenchReport, CaseReport, Counterexample, Event, Failure, Mistake, ProblemStatus,
    StressOutcome, StressReport, Timing,
};
use pixelbank_wire::Request;

use crate::evaluate::{Judging, matches};
use crate::execute::{Ending, Planned, Ran, Session};
use crate::generate::{Draw, Drawing};
use crate::{Built, Judge, JudgeError, Source, compile_error, entry, sandbox, token};

/// The solutions the judge trusts for a problem: never shown to the learner.
#[derive(Debug, Clone, Copy)]
pub struct Trusted<'a> {
    /// The reference solution's source.
    pub reference: &'a str,
    /// The wrong solutions, `(name, source)`: run on a counterexample to name its mistake.
    pub wrong: &'a [(String, String)],
}

/// How many inputs a stress run tries, and from which seed.
#[derive(Debug, Clone, Copy)]
pub struct StressOptions {
    /// How many inputs.
    pub cases: usize,
    /// The seed they are drawn from.
    pub seed: u64,
    /// Whether to shrink the first difference (`verify` needs only to know that there is one).
    pub shrink: bool,
}

/// How long one generated input may take at most (see [`input_time_limit`]).
const INPUT_TIME_LIMIT: Duration = Duration::from_millis(500);

/// The CPU time one child may use over a whole run.
const SESSION_BUDGET: Duration = Duration::from_secs(60);

/// How many candidates shrinking may run, and for how long at most by the wall clock: shrinking
/// is deterministic for a seed unless this clock stops it first, which the report says.
const SHRINK_RUNS: usize = 1500;
/// See [`SHRINK_RUNS`].
const SHRINK_TIME: Duration = Duration::from_millis(1500);

/// How many calls of each function a bench times, after one call each to warm up.
const BENCH_RUNS: usize = 8;

/// A seed nobody chose: for a stress run without `--seed`.
pub fn random_seed() -> u64 {
    token() % 1_000_000_000
}

fn quiet(_: Event<'_>) {}

/// What one function did on one input.
#[derive(Debug, Clone)]
pub(crate) enum Answer {
    /// It returned (a value or a rejection).
    Outcome(Outcome),
    /// It failed otherwise (a panic, a time-out, something unreadable).
    Failed(Failure),
}

impl Judge {
    /// The program built from the learner's `file`, or why there is none.
    pub(crate) fn learner_program(
        &self,
        problem: &Problem,
        file: &Path,
        events: &dyn Fn(Event<'_>),
    ) -> Result<(Result<PathBuf, ProblemStatus>, PathBuf), JudgeError> {
        if !file.is_file() {
            return Ok((Err(ProblemStatus::Missing), file.to_path_buf()));
        }
        let file = file
            .canonicalize()
            .map_err(|source| JudgeError::Submission {
                path: file.to_path_buf(),
                source,
            })?;
        let text = std::fs::read(&file).map_err(|source| JudgeError::Submission {
            path: file.clone(),
            source,
        })?;
        self.runtime(events)?;
        let source = Source {
            problem,
            shown: file.clone(),
            file: file.clone(),
            text,
        };
        let (built, _, _pending) = self.build(&[&source], events)?;
        let status = match built {
            Built::Program(program) => Ok(program),
            Built::Failed(diagnostics) => Err(compile_error(&source, diagnostics)),
            Built::Limit(limit) => Err(ProblemStatus::CompileLimit(limit)),
            Built::Interrupted => Err(ProblemStatus::Interrupted),
        };
        Ok((status, file))
    }

    /// One program holding trusted solutions of `problem` (`(name, source)`), the `k`-th as the
    /// program's problem `k`; `None` when it does not compile.
    fn trusted_program(
        &self,
        problem: &Problem,
        what: &str,
        sources: &[(String, &str)],
        events: &dyn Fn(Event<'_>),
    ) -> Result<Option<PathBuf>, JudgeError> {
        self.runtime(events)?;
        let module = format!("{}.rs", problem.module_name());
        let sources: Vec<Source<'_>> = sources
            .iter()
            .map(|(name, text)| Source {
                problem,
                file: PathBuf::from(&module),
                // What a panic location would name: never a path of this machine.
                shown: PathBuf::from(what).join(name).join(&module),
                text: text.as_bytes().to_vec(),
            })
            .collect();
        let refs: Vec<&Source<'_>> = sources.iter().collect();
        match self.build(&refs, &quiet)?.0 {
            Built::Program(program) => Ok(Some(program)),
            Built::Interrupted => Err(JudgeError::Interrupted),
            Built::Failed(_) | Built::Limit(_) => Ok(None),
        }
    }

    /// The reference's program.
    pub(crate) fn reference_program(
        &self,
        problem: &Problem,
        trusted: &Trusted<'_>,
        events: &dyn Fn(Event<'_>),
    ) -> Result<PathBuf, JudgeError> {
        self.trusted_program(
            problem,
            "reference",
            &[("reference".to_string(), trusted.reference)],
            events,
        )?
        .ok_or_else(|| JudgeError::Reference {
            message: format!("the reference solution of {} does not compile", problem.id),
        })
    }

    /// Stress-tests the learner's `file` against the reference on inputs drawn from the
    /// problem's generator.
    pub fn stress(
        &self,
        problem: &Problem,
        file: &Path,
        trusted: &Trusted<'_>,
        options: StressOptions,
        events: &dyn Fn(Event<'_>),
    ) -> Result<StressReport, JudgeError> {
        let mut report = StressReport {
            id: problem.id.clone(),
            title: problem.title.clone(),
            submission: file.to_path_buf(),
            status: ProblemStatus::Judged,
            seed: options.seed,
            cases: options.cases,
            tried: 0,
            outcome: StressOutcome::NotRun,
        };
        let Some(drawing) = Drawing::new(problem, entry::instantiations(problem)) else {
            report.outcome = StressOutcome::NoGenerator;
            return Ok(report);
        };
        let (learner, shown) = self.learner_program(problem, file, events)?;
        report.submission = shown;
        let learner = match learner {
            Ok(program) => program,
            Err(status) => {
                report.status = status;
                return Ok(report);
            }
        };
        let reference = self.reference_program(problem, trusted, events)?;
        let (tried, outcome) =
            self.stress_programs(problem, &drawing, &learner, &reference, trusted, options)?;
        report.tried = tried;
        report.outcome = outcome;
        Ok(report)
    }

    /// Stress-tests a built program against the built reference: how many inputs were tried,
    /// and what was found.
    pub(crate) fn stress_programs(
        &self,
        problem: &Problem,
        drawing: &Drawing<'_>,
        learner: &Path,
        reference: &Path,
        trusted: &Trusted<'_>,
        options: StressOptions,
    ) -> Result<(usize, StressOutcome), JudgeError> {
        let (learner_runner, _a) = self.runner(learner, problem, &quiet)?;
        let (reference_runner, _b) = self.runner(reference, problem, &quiet)?;
        let checker = Checker::new(problem, drawing);
        let mut tried = 0;
        let (found, shrunk) = std::thread::scope(|scope| -> Result<_, JudgeError> {
            let mut pair = Pair {
                learner: Worker::start(scope, &learner_runner, true),
                reference: Worker::start(scope, &reference_runner, false),
                checker: &checker,
            };
            let found = pair.first_difference(options, &mut tried)?;
            let shrunk = match &found {
                Search::Differs {
                    draw, inputs, case, ..
                } if options.shrink => {
                    Some(pair.shrink(draw.clone(), inputs.clone(), (**case).clone())?)
                }
                _ => None,
            };
            Ok((found, shrunk))
        })?;
        let outcome = match found {
            Search::Agreed => StressOutcome::Agreed,
            Search::Interrupted => StressOutcome::Interrupted,
            Search::ReferenceFailed { inputs, failure } => StressOutcome::ReferenceFailed {
                inputs: named(problem, &inputs),
                failure,
            },
            Search::Contradicted {
                draw,
                inputs,
                reference,
            } => StressOutcome::GeneratorContradicted {
                inputs: named(problem, &inputs),
                variant: drawing.variant_why(&draw),
                at: drawing.location(&draw),
                reference,
            },
            Search::Differs {
                index,
                draw,
                inputs,
                case,
            } => {
                let drawn_sizes = drawing.sizes_of(&draw);
                let original_actual = case.detail.as_ref().and_then(|d| d.actual.clone());
                let original = (draw.clone(), inputs.clone());
                let shrunk = shrunk.unwrap_or(Shrunk {
                    draw,
                    inputs,
                    case: *case,
                    kept: 0,
                    stopped: false,
                });
                let mut case = shrunk.case;
                if let Some(detail) = &mut case.detail
                    && let Some(actual) = &detail.actual
                {
                    // The shrunk input is often degenerate (one element, one column), where
                    // several mistakes give the same output: a wrong solution names the mistake
                    // only if it also gives the learner's output on the input as drawn.
                    let mut seen = vec![(&shrunk.draw, shrunk.inputs.as_slice(), actual)];
                    if let Some(first) = &original_actual
                        && shrunk.kept > 0
                    {
                        seen.push((&original.0, original.1.as_slice(), first));
                    }
                    // On the input of a visible case, that case's own known mistakes speak
                    // first, as `run` would show them.
                    let bindings = drawing.bindings(shrunk.draw.instantiation);
                    let own = problem
                        .cases
                        .iter()
                        .filter(|c| {
                            !c.hidden && c.inputs == shrunk.inputs && c.bindings == bindings
                        })
                        .find_map(|c| crate::evaluate::recognise(c, actual));
                    detail.mistake = match own {
                        Some(mistake) => Some(mistake),
                        None => self.recognise(problem, trusted, &seen, checker.tolerance)?,
                    };
                }
                StressOutcome::Differs(Box::new(Counterexample {
                    index: index + 1,
                    variant: drawing.variant_why(&shrunk.draw),
                    sizes: drawing.sizes_of(&shrunk.draw),
                    drawn_sizes,
                    shrinks: shrunk.kept,
                    shrink_stopped: shrunk.stopped,
                    case,
                }))
            }
        };
        Ok((tried, outcome))
    }

    /// The reference's answers on the first `cases` inputs of `seed`, drawn once: `verify` checks
    /// the generator with them and compares every wrong solution with them.
    pub(crate) fn reference_answers(
        &self,
        problem: &Problem,
        drawing: &Drawing<'_>,
        reference: &Path,
        seed: u64,
        cases: usize,
    ) -> Result<Answers, JudgeError> {
        let (runner, _scratch) = self.runner(reference, problem, &quiet)?;
        let mut session = Session::new(&runner, SESSION_BUDGET);
        let time_limit = input_time_limit(problem);
        let mut answers = Answers {
            inputs: Vec::with_capacity(cases),
            answers: Vec::with_capacity(cases),
        };
        for i in 0..cases {
            let draw = drawing.draw(seed, i);
            let inputs = drawing.values(&draw);
            let request = pixelbank_wire::host::request(i, token(), 0, draw.instantiation, &inputs);
            let ran = session.case(&Planned::new(request, time_limit))?;
            if matches!(ran.ending, Ending::Interrupted) {
                return Err(JudgeError::Interrupted);
            }
            answers
                .answers
                .push(answer(problem, drawing.bindings(draw.instantiation), ran));
            answers.inputs.push((draw, inputs));
        }
        Ok(answers)
    }

    /// The first of `answers`' inputs on which the program `learner` differs from the
    /// reference's answer (its index), or `None`; inputs on which the reference failed or
    /// contradicted the generator are skipped (`verify` reports those by themselves).
    pub(crate) fn first_difference_from(
        &self,
        problem: &Problem,
        drawing: &Drawing<'_>,
        answers: &Answers,
        learner: &Path,
    ) -> Result<Option<usize>, JudgeError> {
        let (runner, _scratch) = self.runner(learner, problem, &quiet)?;
        let mut session = Session::new(&runner, SESSION_BUDGET);
        let checker = Checker::new(problem, drawing);
        let time_limit = input_time_limit(problem);
        for (i, ((draw, inputs), reference)) in
            answers.inputs.iter().zip(&answers.answers).enumerate()
        {
            if checker.valid(draw, reference).is_err() {
                continue;
            }
            let request = pixelbank_wire::host::request(i, token(), 0, draw.instantiation, inputs);
            let ran = session.case(&Planned::new(request, time_limit))?;
            if matches!(ran.ending, Ending::Interrupted) {
                return Err(JudgeError::Interrupted);
            }
            if let Compared::Differs(_) = checker.compare(draw, inputs, reference, Some(ran)) {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// The wrong solution whose output on each input is the learner's (`(draw, inputs, actual)`),
    /// with its message.
    fn recognise(
        &self,
        problem: &Problem,
        trusted: &Trusted<'_>,
        seen: &[(&Draw, &[Value], &Outcome)],
        tolerance: Tolerance,
    ) -> Result<Option<Mistake>, JudgeError> {
        if trusted.wrong.is_empty() {
            return Ok(None);
        }
        let sources: Vec<(String, &str)> = trusted
            .wrong
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str()))
            .collect();
        let Some(program) = self.trusted_program(problem, "wrong", &sources, &quiet)? else {
            return Ok(None);
        };
        let (runner, _scratch) = self.runner(&program, problem, &quiet)?;
        let mut session = Session::new(&runner, SESSION_BUDGET);
        // outcomes[k][j]: what wrong solution k gave on input j.
        let mut outcomes: Vec<Vec<Option<Outcome>>> = Vec::new();
        for (k, _) in trusted.wrong.iter().enumerate() {
            let mut row = Vec::new();
            for (draw, inputs, _) in seen {
                let request =
                    pixelbank_wire::host::request(0, token(), k, draw.instantiation, inputs);
                let ran = session.case(&Planned::new(request, INPUT_TIME_LIMIT))?;
                row.push(match answer(problem, draw_bindings(problem, draw), ran) {
                    Answer::Outcome(outcome) => Some(outcome),
                    Answer::Failed(_) => None,
                });
            }
            outcomes.push(row);
        }
        let gives = |k: usize, tol: Tolerance| {
            seen.iter().zip(&outcomes[k]).all(|((_, _, actual), got)| {
                let as_expected = match actual {
                    Outcome::Returned(v) => Expected::Value(v.clone()),
                    Outcome::Rejected(_) => Expected::Rejection,
                };
                got.as_ref().is_some_and(|o| matches(&as_expected, o, tol))
            })
        };
        // The same outputs first, then the same within the tolerance.
        let exact = Tolerance { abs: 0.0, rel: 0.0 };
        let found: Vec<usize> = [exact, tolerance]
            .into_iter()
            .map(|tol| {
                (0..outcomes.len())
                    .filter(|&k| gives(k, tol))
                    .collect::<Vec<_>>()
            })
            .find(|found| !found.is_empty())
            .unwrap_or_default();
        let names: Vec<&String> = found.iter().map(|&k| &trusted.wrong[k].0).collect();
        let messages_naming = |all: &[&String]| -> Vec<&str> {
            let mut messages: Vec<&str> = problem
                .cases
                .iter()
                .flat_map(|c| &c.mistakes)
                .filter(|m| all.iter().all(|name| m.wrong.contains(name)))
                .map(|m| m.message.as_str())
                .collect();
            messages.sort_unstable();
            messages.dedup();
            messages
        };
        let Some(&first) = names.first() else {
            return Ok(None);
        };
        // A known mistake's message speaks of its own case's input: it describes a generated
        // input only when it is the one message the bank has for this wrong solution. Several
        // wrong solutions giving the learner's output are told apart by none of them: as
        // `verify` requires of a case, only a message that names them all may speak, or none.
        let message = match (names.len(), messages_naming(&names).as_slice()) {
            (_, [one]) => one.to_string(),
            (1, _) => {
                let text = &trusted.wrong[found[0]].1;
                text.lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches('/')
                    .trim_start_matches('!')
                    .trim()
                    .to_string()
            }
            _ => return Ok(None),
        };
        Ok(Some(Mistake {
            id: first.clone(),
            message,
        }))
    }

    /// Times the learner's `file` against the reference on the bench input: one call each to
    /// warm up, then [`BENCH_RUNS`] each, taking turns.
    pub fn bench(
        &self,
        problem: &Problem,
        file: &Path,
        trusted: &Trusted<'_>,
        events: &dyn Fn(Event<'_>),
    ) -> Result<BenchReport, JudgeError> {
        let mut report = BenchReport {
            id: problem.id.clone(),
            title: problem.title.clone(),
            submission: file.to_path_buf(),
            status: ProblemStatus::Judged,
            sizes: Vec::new(),
            largest: None,
            outcome: BenchOutcome::NotRun,
        };
        let drawing = Drawing::new(problem, entry::instantiations(problem));
        let Some((drawing, draw)) = drawing.and_then(|d| d.bench_draw().map(|b| (d, b))) else {
            report.outcome = BenchOutcome::NoBench;
            return Ok(report);
        };
        let inputs = drawing.values(&draw);
        report.sizes = drawing.sizes_of(&draw);
        report.largest = problem
            .signature
            .params
            .iter()
            .zip(&inputs)
            .map(|(p, v)| (p.name.clone(), shape_of(v)))
            .max_by_key(|(_, shape)| {
                shape.iter().product::<usize>() * usize::from(!shape.is_empty())
            });
        let (learner, shown) = self.learner_program(problem, file, events)?;
        report.submission = shown;
        let learner = match learner {
            Ok(program) => program,
            Err(status) => {
                report.status = status;
                return Ok(report);
            }
        };
        let reference = self.reference_program(problem, trusted, events)?;
        let (learner_runner, _a) = self.runner(&learner, problem, events)?;
        let (reference_runner, _b) = self.runner(&reference, problem, events)?;
        let limit = Duration::from_millis(problem.limits.time_ms);
        let mut sessions = [
            Session::new(&learner_runner, SESSION_BUDGET),
            Session::new(&reference_runner, SESSION_BUDGET),
        ];
        let request = Request {
            timed: true,
            ..pixelbank_wire::host::request(0, token(), 0, draw.instantiation, &inputs)
        };
        let planned = Planned::new(request, limit);
        let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
        for run in 0..=BENCH_RUNS {
            // A B, then B A: whichever goes second in a pair (a warmer cache, a CPU that has
            // clocked up) is each function in turn.
            let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
            for who in order {
                let session = &mut sessions[who];
                let ran = session.case(&planned)?;
                match ran.ending {
                    Ending::Timed(d) => {
                        if run > 0 {
                            times[who].push(d);
                        }
                    }
                    Ending::Interrupted => {
                        report.outcome = BenchOutcome::Interrupted;
                        return Ok(report);
                    }
                    _ => {
                        let failure = ending_failure(problem, ran);
                        report.outcome = if who == 0 {
                            // The reference's time, for the ratio it is at least.
                            let reference =
                                sessions[1]
                                    .case(&planned)
                                    .ok()
                                    .and_then(|r| match r.ending {
                                        Ending::Timed(d) => Some(d),
                                        _ => None,
                                    });
                            BenchOutcome::LearnerFailed { failure, reference }
                        } else {
                            BenchOutcome::ReferenceFailed(failure)
                        };
                        return Ok(report);
                    }
                }
            }
        }
        let [learner, reference] = times;
        report.outcome = BenchOutcome::Measured(Timing { learner, reference });
        Ok(report)
    }
}

/// The shape of a value: an array's, a list's lengths, `[]` for a scalar.
fn shape_of(v: &Value) -> Vec<usize> {
    match v {
        Value::Array(a) => a.shape.clone(),
        Value::List(items) => {
            let mut shape = vec![items.len()];
            if let Some(first) = items.first() {
                shape.extend(shape_of(first));
            }
            shape
        }
        _ => Vec::new(),
    }
}

/// The inputs by parameter name.
fn named(problem: &Problem, inputs: &[Value]) -> Vec<(String, Value)> {
    problem
        .signature
        .params
        .iter()
        .map(|p| p.name.clone())
        .zip(inputs.iter().cloned())
        .collect()
}

fn draw_bindings(problem: &Problem, draw: &Draw) -> pixelbank_spec::Bindings {
    entry::instantiations(problem)
        .get(draw.instantiation)
        .cloned()
        .unwrap_or_default()
}

/// What a trusted function's run says: its outcome, or how it failed.
fn answer(problem: &Problem, bindings: pixelbank_spec::Bindings, ran: Ran) -> Answer {
    match ran.ending {
        Ending::Returned(value) => {
            let schema = Schema {
                structs: &problem.signature,
                bindings: &bindings,
            };
            match pixelbank_wire::host::decode_outcome(&schema, &problem.signature.returns, &value)
            {
                Ok(outcome) => Answer::Outcome(outcome),
                Err(e) => Answer::Failed(Failure::Unreadable(Some(
                    pixelbank_verdict::Unreadable::WrongType {
                        reason: e.to_string(),
                    },
                ))),
            }
        }
        _ => Answer::Failed(ending_failure(problem, ran)),
    }
}

/// The failure a run that did not return stands for.
fn ending_failure(problem: &Problem, ran: Ran) -> Failure {
    let case = Case {
        name: String::new(),
        hidden: false,
        points: 0,
        bindings: Default::default(),
        inputs: Vec::new(),
        expected: Expected::Rejection,
        tolerance: problem.tolerance,
        hint: None,
        mistakes: Vec::new(),
    };
    let judging = Judging {
        problem,
        reveal_hidden: true,
    };
    let ran = match ran.ending {
        // A timed call that returned is no failure; a value where a time was asked is one.
        Ending::Returned(_) | Ending::Timed(_) => Ran {
            ending: Ending::Unreadable(pixelbank_verdict::Unreadable::Malformed),
            ..ran
        },
        _ => ran,
    };
    judging
        .case_of(&case, ran)
        .failure
        .unwrap_or(Failure::Interrupted)
}

/// Where searching for a difference ended.
enum Search {
    Agreed,
    Interrupted,
    ReferenceFailed {
        inputs: Vec<Value>,
        failure: Failure,
    },
    Contradicted {
        draw: Draw,
        inputs: Vec<Value>,
        reference: Outcome,
    },
    Differs {
        index: usize,
        draw: Draw,
        inputs: Vec<Value>,
        case: Box<CaseReport>,
    },
}

/// A shrunk counterexample.
struct Shrunk {
    draw: Draw,
    inputs: Vec<Value>,
    case: CaseReport,
    /// How many simplifications were kept.
    kept: usize,
    /// Whether shrinking stopped at its bound rather than at an input it could not simplify.
    stopped: bool,
}

/// The reference's answers on the first inputs of a seed, in order.
pub(crate) struct Answers {
    /// Each input: what decided it, and its values.
    pub inputs: Vec<(Draw, Vec<Value>)>,
    /// The reference's answer on each.
    pub answers: Vec<Answer>,
}

impl Answers {
    /// The inputs the reference did not answer as the generator declares, with what it gave
    /// or how it failed.
    pub(crate) fn contradictions(
        &self,
        drawing: &Drawing<'_>,
    ) -> Vec<(usize, Result<Outcome, Failure>)> {
        let problem = drawing.problem();
        let checker = Checker::new(problem, drawing);
        self.inputs
            .iter()
            .zip(&self.answers)
            .enumerate()
            .filter_map(
                |(i, ((draw, _), answer))| match checker.valid(draw, answer) {
                    Ok(_) | Err(Compared::Agree | Compared::Differs(_)) => None,
                    Err(Compared::ReferenceFailed(failure)) => Some((i, Err(failure))),
                    Err(Compared::Contradicts(outcome)) => Some((i, Ok(outcome))),
                },
            )
            .collect()
    }
}

/// What comparing the learner's run with the reference's answer on one input says.
enum Compared {
    /// The same answer, or nothing to compare (the learner did not run, pixelbank was
    /// interrupted).
    Agree,
    /// They differ: the learner's run as a failed case.
    Differs(Box<CaseReport>),
    /// The reference failed on the input.
    ReferenceFailed(Failure),
    /// The reference rejected an input the generator declares valid, or accepted one it
    /// declares invalid.
    Contradicts(Outcome),
}

/// Compares runs on generated inputs with the reference's answers, as the problem's cases are
/// judged, with the generator's tolerance.
struct Checker<'a> {
    problem: &'a Problem,
    drawing: &'a Drawing<'a>,
    tolerance: Tolerance,
}

impl<'a> Checker<'a> {
    fn new(problem: &'a Problem, drawing: &'a Drawing<'a>) -> Checker<'a> {
        Checker {
            problem,
            drawing,
            tolerance: drawing.generator().tolerance.unwrap_or(problem.tolerance),
        }
    }

    /// The reference's answer as the expected one, or why it cannot be: it failed, or it is
    /// not what the generator declares (the input lies outside the statement, or the reference
    /// is wrong; either way no learner is judged on it).
    fn valid(&self, draw: &Draw, reference: &Answer) -> Result<Expected, Compared> {
        let expected = match reference {
            Answer::Outcome(Outcome::Returned(v)) => Expected::Value(v.clone()),
            Answer::Outcome(Outcome::Rejected(_)) => Expected::Rejection,
            Answer::Failed(Failure::Interrupted) => return Err(Compared::Agree),
            Answer::Failed(failure) => return Err(Compared::ReferenceFailed(failure.clone())),
        };
        let rejected = expected == Expected::Rejection;
        match (self.drawing.rejects(draw), reference) {
            (Some(must), Answer::Outcome(outcome)) if must != rejected => {
                Err(Compared::Contradicts(outcome.clone()))
            }
            _ => Ok(expected),
        }
    }

    /// The learner's run on `inputs` against the reference's answer.
    fn compare(
        &self,
        draw: &Draw,
        inputs: &[Value],
        reference: &Answer,
        learner: Option<Ran>,
    ) -> Compared {
        let expected = match self.valid(draw, reference) {
            Ok(expected) => expected,
            Err(why) => return why,
        };
        let Some(ran) = learner else {
            return Compared::Agree;
        };
        let case = Case {
            name: "generated input".to_string(),
            hidden: false,
            points: 1,
            bindings: self.drawing.bindings(draw.instantiation),
            inputs: inputs.to_vec(),
            expected,
            tolerance: self.tolerance,
            hint: None,
            mistakes: Vec::new(),
        };
        let judging = Judging {
            problem: self.problem,
            reveal_hidden: true,
        };
        let report = judging.case_of(&case, ran);
        if report.passed() || report.failure == Some(Failure::Interrupted) {
            Compared::Agree
        } else {
            Compared::Differs(Box::new(report))
        }
    }
}

/// How long one generated input may take: inputs are small, and a function that loops should
/// not cost a stress run the problem's full limit on every input.
fn input_time_limit(problem: &Problem) -> Duration {
    INPUT_TIME_LIMIT.min(Duration::from_millis(problem.limits.time_ms))
}

/// A session on a thread of its own for the whole run: the sandbox kills a child when the
/// thread that started it ends (PDEATHSIG), so a child must not be started on a thread that
/// ends before it should.
struct Worker {
    jobs: std::sync::mpsc::Sender<Vec<Planned>>,
    results: std::sync::mpsc::Receiver<Result<Vec<Ran>, JudgeError>>,
}

impl Worker {
    /// A worker running `runner`'s program; with `stop_early`, a batch stops at the first run
    /// that did not return (the learner's: a crash or a time-out costs no more than once).
    fn start<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        runner: &'scope crate::execute::Runner,
        stop_early: bool,
    ) -> Worker {
        let (jobs, job_rx) = std::sync::mpsc::channel::<Vec<Planned>>();
        let (result_tx, results) = std::sync::mpsc::channel();
        scope.spawn(move || {
            let mut session = Session::new(runner, SESSION_BUDGET);
            for batch in job_rx {
                let mut out = Vec::new();
                let mut failed = None;
                for p in &batch {
                    match session.case(p) {
                        Ok(ran) => {
                            let stop = stop_early && !matches!(ran.ending, Ending::Returned(_));
                            out.push(ran);
                            if stop {
                                break;
                            }
                        }
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                let sent = result_tx.send(match failed {
                    Some(e) => Err(e),
                    None => Ok(out),
                });
                if sent.is_err() {
                    break;
                }
            }
        });
        Worker { jobs, results }
    }

    fn send(&self, batch: Vec<Planned>) -> Result<(), JudgeError> {
        self.jobs.send(batch).map_err(|_| JudgeError::Run {
            message: "a runner of the stress test stopped".into(),
        })
    }

    fn receive(&self) -> Result<Vec<Ran>, JudgeError> {
        self.results.recv().map_err(|_| JudgeError::Run {
            message: "a runner of the stress test stopped".into(),
        })?
    }
}

/// The learner's function and the reference, each in a child of its own.
struct Pair<'a> {
    learner: Worker,
    reference: Worker,
    checker: &'a Checker<'a>,
}

/// One input's result: the reference's answer, and the learner's run (when it got that far).
struct Tried {
    reference: Answer,
    learner: Option<Ran>,
}

impl Pair<'_> {
    /// Runs a batch of inputs on both functions at once (two threads, one child each); the
    /// learner stops at its first run that ends its child (a crash, a time-out).
    fn run(&mut self, batch: &[(Draw, Vec<Value>)]) -> Result<Vec<Tried>, JudgeError> {
        let time_limit = input_time_limit(self.checker.problem);
        let planned: Vec<Planned> = batch
            .iter()
            .enumerate()
            .map(|(i, (draw, inputs))| {
                Planned::new(
                    pixelbank_wire::host::request(i, token(), 0, draw.instantiation, inputs),
                    time_limit,
                )
            })
            .collect();
        self.learner.send(planned.clone())?;
        self.reference.send(planned)?;
        let (l, r) = (self.learner.receive(), self.reference.receive());
        let (l, r) = (l?, r?);
        let mut l = l.into_iter();
        let problem = self.checker.problem;
        Ok(r.into_iter()
            .zip(batch)
            .map(|(ran, (draw, _))| Tried {
                reference: answer(
                    problem,
                    self.checker.drawing.bindings(draw.instantiation),
                    ran,
                ),
                learner: l.next(),
            })
            .collect())
    }

    /// The first of `options.cases` inputs on which the two differ.
    fn first_difference(
        &mut self,
        options: StressOptions,
        tried: &mut usize,
    ) -> Result<Search, JudgeError> {
        let drawing = self.checker.drawing;
        let mut next = 0;
        let mut batch_size = 4;
        while next < options.cases {
            if sandbox::interrupted() {
                return Ok(Search::Interrupted);
            }
            let end = (next + batch_size).min(options.cases);
            let batch: Vec<(Draw, Vec<Value>)> = (next..end)
                .map(|i| {
                    let draw = drawing.draw(options.seed, i);
                    let inputs = drawing.values(&draw);
                    (draw, inputs)
                })
                .collect();
            let results = self.run(&batch)?;
            for (i, ((draw, inputs), result)) in batch.into_iter().zip(results).enumerate() {
                *tried = next + i + 1;
                match self
                    .checker
                    .compare(&draw, &inputs, &result.reference, result.learner)
                {
                    Compared::Agree => {}
                    Compared::ReferenceFailed(failure) => {
                        return Ok(Search::ReferenceFailed { inputs, failure });
                    }
                    Compared::Contradicts(reference) => {
                        return Ok(Search::Contradicted {
                            draw,
                            inputs,
                            reference,
                        });
                    }
                    Compared::Differs(case) => {
                        return Ok(Search::Differs {
                            index: next + i,
                            draw,
                            inputs,
                            case,
                        });
                    }
                }
            }
            if sandbox::interrupted() {
                return Ok(Search::Interrupted);
            }
            next = end;
            batch_size = (batch_size * 2).min(64);
        }
        Ok(Search::Agreed)
    }

    /// Of `candidates`, in order, the first on which the two still differ, among those the
    /// reference answers as the generator declares (a simpler input must stay one the statement
    /// allows); `budget` counts the runs left, and `None` comes back once it or the time is
    /// spent.
    fn first_failing(
        &mut self,
        candidates: Vec<(Draw, Vec<Value>)>,
        budget: &mut Budget,
    ) -> Result<Option<(Draw, Vec<Value>, CaseReport)>, JudgeError> {
        for chunk in candidates.chunks(8) {
            if budget.spent() {
                return Ok(None);
            }
            budget.runs += chunk.len();
            let results = self.run(chunk)?;
            for ((draw, inputs), result) in chunk.iter().zip(results) {
                if let Compared::Differs(case) =
                    self.checker
                        .compare(draw, inputs, &result.reference, result.learner)
                {
                    return Ok(Some((draw.clone(), inputs.clone(), *case)));
                }
            }
        }
        Ok(None)
    }

    /// Shrinks a differing input: smaller dimensions first, then simpler values, each kept only
    /// while the two still differ.
    fn shrink(
        &mut self,
        mut draw: Draw,
        mut inputs: Vec<Value>,
        mut case: CaseReport,
    ) -> Result<Shrunk, JudgeError> {
        let drawing = self.checker.drawing;
        let mut budget = Budget {
            runs: 0,
            started: Instant::now(),
        };
        let mut kept = 0;
        loop {
            let candidates: Vec<(Draw, Vec<Value>)> = drawing
                .smaller(&draw)
                .into_iter()
                .map(|d| {
                    let values = drawing.values(&d);
                    (d, values)
                })
                .collect();
            match self.first_failing(candidates, &mut budget)? {
                Some((d, v, c)) => {
                    draw = d;
                    inputs = v;
                    case = c;
                    kept += 1;
                }
                None => break,
            }
        }
        // Then any position of a dimension, and simpler values, in turns until neither helps:
        // a simpler value can let a position go that mattered before.
        loop {
            let mut progressed = false;
            loop {
                let candidates = drawing.without(&draw, &inputs);
                match self.first_failing(candidates, &mut budget)? {
                    Some((d, v, c)) => {
                        draw = d;
                        inputs = v;
                        case = c;
                        kept += 1;
                        progressed = true;
                    }
                    None => break,
                }
            }
            loop {
                let candidates: Vec<(Draw, Vec<Value>)> = drawing
                    .simpler(&draw, &inputs)
                    .into_iter()
                    .map(|v| (draw.clone(), v))
                    .collect();
                match self.first_failing(candidates, &mut budget)? {
                    Some((_, v, c)) => {
                        inputs = v;
                        case = c;
                        kept += 1;
                        progressed = true;
                    }
                    None => break,
                }
            }
            if !progressed || budget.spent() {
                break;
            }
        }
        Ok(Shrunk {
            draw,
            inputs,
            case,
            kept,
            stopped: budget.spent(),
        })
    }
}

/// What shrinking may spend.
struct Budget {
    runs: usize,
    started: Instant,
}

impl Budget {
    /// Whether the runs or the time are spent (or pixelbank was interrupted).
    fn spent(&self) -> bool {
        self.runs >= SHRINK_RUNS || self.started.elapsed() >= SHRINK_TIME || sandbox::interrupted()
    }
}
