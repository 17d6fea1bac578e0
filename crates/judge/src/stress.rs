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
    BenchOutcome, BenchReport, CaseReport, Counterexample, Event, Failure, Mistake,
    ProblemStatus, StressOutcome, StressReport, Timing,
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

/// How long one generated input may take: inputs are small, and a function that loops should
/// not cost a stress run the problem's full limit on every input.
const INPUT_TIME_LIMIT: Duration = Duration::from_millis(500);

/// The CPU time one child may use over a whole run.
const SESSION_BUDGET: Duration = Duration::from_secs(60);

/// How many candidates shrinking may run, and for how long at most by the wall clock (shrinking
/// is deterministic for a seed unless this clock stops it first).
const SHRINK_RUNS: usize = 1500;
const SHRINK_TIME: Duration = Duration::from_millis(2500);

/// How many calls of each function a bench times, after one call each to warm up.
const BENCH_RUNS: usize = 7;

/// A seed nobody chose: for a stress run without `--seed`.
pub fn random_seed() -> u64 {
    token() % 1_000_000_000
}

fn quiet(_: Event<'_>) {}

/// What one function did on one input.
enum Answer {
    /// It returned (a value or a rejection).
    Outcome(Outcome),
    /// It failed otherwise (a panic, a time-out, something unreadable).
    Failed(Failure),
}

impl Judge {
    /// The program built from the learner's `file`, or why there is none.
    fn learner_program(
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
        let (built, _) = self.build(&[&source], events)?;
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
    fn reference_program(
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
        let (learner_runner, _a) = self.runner(&learner, problem, events)?;
        let (reference_runner, _b) = self.runner(&reference, problem, events)?;
        let tolerance = drawing.generator().tolerance.unwrap_or(problem.tolerance);
        let mut tried = 0;
        let (found, shrunk) = std::thread::scope(|scope| -> Result<_, JudgeError> {
            let mut pair = Pair {
                learner: Worker::start(scope, &learner_runner, true),
                reference: Worker::start(scope, &reference_runner, false),
                problem,
                drawing: &drawing,
                tolerance,
                time_limit: INPUT_TIME_LIMIT.min(Duration::from_millis(problem.limits.time_ms)),
            };
            let found = pair.first_difference(options, &mut tried)?;
            let shrunk = match &found {
                Search::Differs {
                    draw, inputs, case, ..
                } if options.shrink => {
                    Some(pair.shrink(draw.clone(), inputs.clone(), case.clone())?)
                }
                _ => None,
            };
            Ok((found, shrunk))
        })?;
        report.tried = tried;
        report.outcome = match found {
            Search::Agreed => StressOutcome::Agreed,
            Search::Interrupted => StressOutcome::Interrupted,
            Search::ReferenceFailed { inputs, failure } => StressOutcome::ReferenceFailed {
                inputs: named(problem, &inputs),
                failure,
            },
            Search::Differs {
                index,
                draw,
                inputs,
                case,
            } => {
                let drawn_sizes = drawing.sizes_of(&draw);
                let (draw, inputs, mut case, shrinks) =
                    shrunk.unwrap_or((draw, inputs, case, 0));
                if let Some(detail) = &mut case.detail
                    && let Some(actual) = &detail.actual
                {
                    detail.mistake =
                        self.recognise(problem, trusted, &draw, &inputs, actual, tolerance)?;
                }
                StressOutcome::Differs(Box::new(Counterexample {
                    index: index + 1,
                    variant: draw
                        .variant
                        .map(|v| drawing.generator().variants[v].why.clone()),
                    sizes: drawing.sizes_of(&draw),
                    drawn_sizes,
                    shrinks,
                    case,
                }))
            }
        };
        Ok(report)
    }

    /// The wrong solution whose output on the input is `actual`, with its message.
    fn recognise(
        &self,
        problem: &Problem,
        trusted: &Trusted<'_>,
        draw: &Draw,
        inputs: &[Value],
        actual: &Outcome,
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
        let as_expected = match actual {
            Outcome::Returned(v) => Expected::Value(v.clone()),
            Outcome::Rejected(_) => Expected::Rejection,
        };
        let mut outcomes = Vec::new();
        for (k, _) in trusted.wrong.iter().enumerate() {
            let request =
                pixelbank_wire::host::request(0, token(), k, draw.instantiation, inputs);
            let ran = session.case(&Planned::new(request, INPUT_TIME_LIMIT))?;
            outcomes.push(match answer(problem, draw_bindings(problem, draw), ran) {
                Answer::Outcome(outcome) => Some(outcome),
                Answer::Failed(_) => None,
            });
        }
        // The same output first, then the same within the tolerance.
        let exact = Tolerance { abs: 0.0, rel: 0.0 };
        let found = [exact, tolerance].into_iter().find_map(|tol| {
            outcomes.iter().position(|o| {
                o.as_ref()
                    .is_some_and(|o| matches(&as_expected, o, tol))
            })
        });
        let Some(k) = found else {
            return Ok(None);
        };
        let (name, text) = &trusted.wrong[k];
        // A known mistake's message speaks of its own case's input: it describes a generated
        // input only when it is the one message the bank has for this wrong solution.
        let mut messages: Vec<&str> = problem
            .cases
            .iter()
            .flat_map(|c| &c.mistakes)
            .filter(|m| m.wrong.contains(name))
            .map(|m| m.message.as_str())
            .collect();
        messages.sort_unstable();
        messages.dedup();
        let message = match messages.as_slice() {
            [one] => one.to_string(),
            _ => text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches('/')
                .trim()
                .to_string(),
        };
        Ok(Some(Mistake {
            id: name.clone(),
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
            .max_by_key(|(_, shape)| shape.iter().product::<usize>() * usize::from(!shape.is_empty()));
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
            for (who, session) in sessions.iter_mut().enumerate() {
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
                            let reference = sessions[1].case(&planned).ok().and_then(|r| match r.ending {
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
    Differs {
        index: usize,
        draw: Draw,
        inputs: Vec<Value>,
        case: CaseReport,
    },
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
    problem: &'a Problem,
    drawing: &'a Drawing<'a>,
    tolerance: Tolerance,
    time_limit: Duration,
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
        let planned: Vec<Planned> = batch
            .iter()
            .enumerate()
            .map(|(i, (draw, inputs))| {
                Planned::new(
                    pixelbank_wire::host::request(i, token(), 0, draw.instantiation, inputs),
                    self.time_limit,
                )
            })
            .collect();
        self.learner.send(planned.clone())?;
        self.reference.send(planned)?;
        let (l, r) = (self.learner.receive(), self.reference.receive());
        let (l, r) = (l?, r?);
        let mut l = l.into_iter();
        Ok(r.into_iter()
            .zip(batch)
            .map(|(ran, (draw, _))| Tried {
                reference: answer(self.problem, self.drawing.bindings(draw.instantiation), ran),
                learner: l.next(),
            })
            .collect())
    }

    /// The report of the learner's run on `inputs` against the reference's answer, when they
    /// differ; `Err(failure)` when the reference itself failed.
    fn compare(
        &self,
        draw: &Draw,
        inputs: &[Value],
        tried: Tried,
    ) -> Result<Option<CaseReport>, Failure> {
        let expected = match tried.reference {
            Answer::Outcome(Outcome::Returned(v)) => Expected::Value(v),
            Answer::Outcome(Outcome::Rejected(_)) => Expected::Rejection,
            Answer::Failed(Failure::Interrupted) => return Ok(None),
            Answer::Failed(failure) => return Err(failure),
        };
        let Some(ran) = tried.learner else {
            return Ok(None);
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
        Ok((!report.passed() && report.failure != Some(Failure::Interrupted)).then_some(report))
    }

    /// The first of `options.cases` inputs on which the two differ.
    fn first_difference(
        &mut self,
        options: StressOptions,
        tried: &mut usize,
    ) -> Result<Search, JudgeError> {
        let mut next = 0;
        let mut batch_size = 4;
        while next < options.cases {
            if sandbox::interrupted() {
                return Ok(Search::Interrupted);
            }
            let end = (next + batch_size).min(options.cases);
            let batch: Vec<(Draw, Vec<Value>)> = (next..end)
                .map(|i| {
                    let draw = self.drawing.draw(options.seed, i);
                    let inputs = self.drawing.values(&draw);
                    (draw, inputs)
                })
                .collect();
            let results = self.run(&batch)?;
            for (i, ((draw, inputs), result)) in batch.into_iter().zip(results).enumerate() {
                *tried = next + i + 1;
                match self.compare(&draw, &inputs, result) {
                    Err(failure) => return Ok(Search::ReferenceFailed { inputs, failure }),
                    Ok(Some(case)) => {
                        return Ok(Search::Differs {
                            index: next + i,
                            draw,
                            inputs,
                            case,
                        });
                    }
                    Ok(None) => {}
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

    /// Of `candidates`, in order, the first on which the two still differ; `spent` counts the
    /// runs.
    fn first_failing(
        &mut self,
        candidates: Vec<(Draw, Vec<Value>)>,
        spent: &mut usize,
        started: Instant,
    ) -> Result<Option<(Draw, Vec<Value>, CaseReport)>, JudgeError> {
        for chunk in candidates.chunks(8) {
            if *spent >= SHRINK_RUNS || started.elapsed() >= SHRINK_TIME || sandbox::interrupted()
            {
                return Ok(None);
            }
            *spent += chunk.len();
            let results = self.run(chunk)?;
            for ((draw, inputs), result) in chunk.iter().zip(results) {
                if let Ok(Some(case)) = self.compare(draw, inputs, result) {
                    return Ok(Some((draw.clone(), inputs.clone(), case)));
                }
            }
        }
        Ok(None)
    }

    /// Shrinks a differing input: smaller dimensions first, then simpler values, each kept only
    /// while the two still differ. Returns the input and how many simplifications were kept.
    fn shrink(
        &mut self,
        mut draw: Draw,
        mut inputs: Vec<Value>,
        mut case: CaseReport,
    ) -> Result<(Draw, Vec<Value>, CaseReport, usize), JudgeError> {
        let started = Instant::now();
        let mut spent = 0;
        let mut kept = 0;
        loop {
            let candidates: Vec<(Draw, Vec<Value>)> = self
                .drawing
                .smaller(&draw)
                .into_iter()
                .map(|d| {
                    let values = self.drawing.values(&d);
                    (d, values)
                })
                .collect();
            match self.first_failing(candidates, &mut spent, started)? {
                Some((d, v, c)) => {
                    draw = d;
                    inputs = v;
                    case = c;
                    kept += 1;
                }
                None => break,
            }
        }
        loop {
            let candidates: Vec<(Draw, Vec<Value>)> = self
                .drawing
                .simpler(&draw, &inputs)
                .into_iter()
                .map(|v| (draw.clone(), v))
                .collect();
            match self.first_failing(candidates, &mut spent, started)? {
                Some((_, v, c)) => {
                    inputs = v;
                    case = c;
                    kept += 1;
                }
                None => break,
            }
        }
        Ok((draw, inputs, case, kept))
    }
}
