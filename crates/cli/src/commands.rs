//! One function per subcommand: find the bank and the workspace, call the library that does the
//! work, print what the report crate renders, and return the exit code.

use std::cell::{OnceCell, RefCell};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use colored::Colorize;
use pixelbank_judge::{Builds, Judge, JudgeOptions};
use pixelbank_report::catalog::{self, Row};
use pixelbank_report::text::{self as report_text, NextStep};
use pixelbank_spec::{Bank, Entry, Origin, Problem};
use pixelbank_verdict::{Event, PassMark, ProblemReport};
use pixelbank_workspace::{State, StateStore, Workspace};

use crate::cli::{Args, ColorChoice, Command, ListFormat};
use crate::grading;
use crate::output::{self, out, outln};
use crate::progress::Live;

/// The exit code when every case passed.
pub(crate) const PASSED: u8 = 0;
/// The exit code when a case failed or a file did not compile.
pub(crate) const FAILED: u8 = 1;
/// The exit code when pixelbank itself could not do its work.
pub(crate) const ERROR: u8 = 2;

/// The exit code after an interruption: 128 + the signal, as shells expect.
pub(crate) fn interrupted_code() -> ExitCode {
    ExitCode::from(128 + crate::signals::received().unwrap_or(2) as u8)
}

/// What every command starts from.
pub(crate) struct Session {
    /// Where the bank comes from; it is loaded whole only by the commands that need all of it.
    pub origin: Origin,
    bank: OnceCell<Bank>,
    /// The workspace the current directory is in, if any.
    pub workspace: Option<Workspace>,
}

impl Session {
    fn new(args: &Args) -> Result<Session> {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        colored::control::set_override(color);
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let workspace = Workspace::discover(&cwd)?;
        let dir = args.problems.clone().or_else(|| {
            workspace
                .as_ref()
                .and_then(|w| w.problems_dir().map(Path::to_path_buf))
        });
        let origin = match dir {
            Some(dir) => Origin::Dir(dir),
            None => Origin::Official,
        };
        Ok(Session {
            origin,
            bank: OnceCell::new(),
            workspace,
        })
    }

    /// The whole bank.
    pub fn bank(&self) -> Result<&Bank> {
        if let Some(bank) = self.bank.get() {
            return Ok(bank);
        }
        let bank = self.origin.load()?;
        Ok(self.bank.get_or_init(|| bank))
    }

    /// One problem, without loading the rest of the bank.
    pub fn problem(&self, id: &str) -> Result<Problem> {
        Ok(self.origin.load_problem(id)?)
    }

    /// The catalogue, in study order.
    fn catalog(&self) -> Result<Vec<Entry>> {
        let cache = pixelbank_workspace::default_cache_dir();
        Ok(pixelbank_spec::catalog(&self.origin, Some(&cache))?)
    }

    pub fn state_store(&self) -> StateStore {
        match &self.workspace {
            Some(w) => w.state_store(),
            None => StateStore::new(pixelbank_workspace::default_cache_dir().join("state.json")),
        }
    }

    /// The learner's progress; one that cannot be read costs a warning and starts empty.
    pub fn state(&self) -> State {
        match self.state_store().load() {
            Ok(loaded) => {
                if let Some(warning) = loaded.warning {
                    output::warn(&warning);
                }
                loaded.state
            }
            Err(e) => {
                output::warn(&format!("your progress cannot be read: {e:#}"));
                State::default()
            }
        }
    }

    /// Changes the learner's progress; one that cannot be saved costs a warning, never the work
    /// the change was about. Returns what `change` returned, or `None` when it was not saved.
    pub fn update<T>(&self, change: impl FnOnce(&mut State) -> T) -> Option<T> {
        match self.state_store().update(change) {
            Ok((value, warning)) => {
                if let Some(warning) = warning {
                    output::warn(&warning);
                }
                Some(value)
            }
            Err(e) => {
                output::warn(&format!("your progress could not be saved: {e:#}"));
                None
            }
        }
    }

    /// The problem a command works on: `id`, which becomes the current problem, or the current
    /// problem (see `pixelbank_workspace::State::current`).
    pub fn chosen(&self, id: Option<String>) -> Result<Problem> {
        match id {
            Some(id) => {
                let problem = self.problem(&id)?;
                self.update(|s| s.choose(&problem.id));
                Ok(problem)
            }
            None => {
                let entries = self.catalog()?;
                let order: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
                match self.state().current(&order) {
                    Some(id) => self.problem(id),
                    None => bail!("this bank has no problem"),
                }
            }
        }
    }

    /// A judge for a learner's own loop: incremental builds, hidden cases hidden.
    pub fn judge(&self) -> Result<Judge> {
        Ok(Judge::new(
            &pixelbank_workspace::default_cache_dir(),
            JudgeOptions {
                reveal_hidden: false,
                builds: Builds::PerFile,
                no_sandbox: false,
                count_every_page: false,
            },
        )?)
    }
}

/// Says on stderr, in plain notes, what the judge is doing that a user would otherwise wait for
/// in silence (for the commands without a spinner).
pub(crate) fn note_progress(event: Event<'_>) {
    match event {
        Event::PreparingRuntime => output::note(
            "building the runtime judged programs link (ndarray and serde_json), once for this \
             toolchain: this takes a minute; later runs take a moment",
        ),
        Event::RuntimeReady { duration } => {
            output::note(&format!("runtime ready in {:.0} s", duration.as_secs_f64()))
        }
        _ => {}
    }
}

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    // Merging or reading gradebooks and completions need no bank: a bad PIXELBANK_PROBLEMS must
    // not stop them.
    match &args.command {
        Command::Merge {
            gradebooks,
            out_dir,
        } => return grading::merge(gradebooks, out_dir),
        Command::Report {
            gradebook,
            html,
            reports,
        } => return crate::class_report::report(gradebook, html.as_deref(), reports),
        Command::Completions { shell } => return completions(*shell),
        _ => {}
    }
    let ctx = Session::new(&args)?;
    match args.command {
        Command::List {
            difficulty,
            collection,
            format,
        } => list(&ctx, difficulty.map(Into::into), collection, format),
        Command::Show { id } => {
            out!("{}", catalog::show(&ctx.problem(&id)?));
            Ok(ExitCode::from(PASSED))
        }
        Command::Next => next(&ctx),
        Command::Init { dir, no_prepare } => init(&ctx, &dir, !no_prepare),
        Command::Run {
            id,
            solution,
            all,
            bench,
        } => {
            if all {
                run_all(&ctx)
            } else {
                let problem = match (&id, &solution) {
                    (Some(id), Some(_)) => ctx.problem(id)?,
                    _ => ctx.chosen(id)?,
                };
                run_one(&ctx, &problem, solution, bench)
            }
        }
        Command::Stress(args) => crate::stress::stress(&ctx, args),
        Command::Bench(args) => crate::stress::bench(&ctx, args),
        Command::Watch { id } => crate::watch::watch(&ctx, id),
        Command::Reset { id } => reset(&ctx, &ctx.problem(&id)?),
        Command::Solution { id, force } => solution(&ctx, &ctx.problem(&id)?, force),
        Command::Hint { id, all, seen } => hint(&ctx, &ctx.chosen(id)?, all, seen),
        Command::Verify {
            solutions,
            wrong,
            coverage,
            format,
        } => verify(&ctx, &solutions, &wrong, coverage, format),
        Command::Grade {
            submission,
            only,
            format,
            output,
            min_score,
            batch,
            jobs,
            partition,
            out_dir,
            resume,
            no_sandbox,
            html,
        } => {
            if !(0.0..=100.0).contains(&min_score) {
                bail!("--min-score is a percentage from 0 to 100, not {min_score}");
            }
            grading::require_sandbox(no_sandbox)?;
            let pass_mark = PassMark { percent: min_score };
            let problems = pixelbank_grade::select(ctx.bank()?, &only)?;
            match batch {
                Some(dir) => grading::batch(
                    &problems,
                    &dir,
                    grading::BatchArgs {
                        jobs,
                        partition,
                        out_dir,
                        format,
                        pass_mark,
                        resume,
                        no_sandbox,
                        html,
                    },
                ),
                None => {
                    let dir = submission.unwrap_or_else(|| PathBuf::from("."));
                    grading::single(
                        &problems,
                        &dir,
                        format,
                        output.as_deref(),
                        pass_mark,
                        no_sandbox,
                    )
                }
            }
        }
        Command::Doctor => {
            let layers = pixelbank_judge::sandbox_layers();
            out!("{}", pixelbank_report::doctor::render(&layers));
            // 1 when `grade` would refuse here: a CI step can stop before grading.
            let refused = !layers.missing_for_grading().is_empty();
            Ok(ExitCode::from(if refused { FAILED } else { PASSED }))
        }
        Command::Merge { .. } | Command::Completions { .. } | Command::Report { .. } => {
            unreachable!("handled before the bank is loaded")
        }
    }
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = <Args as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "pixelbank", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    Ok(ExitCode::from(PASSED))
}

fn list(
    ctx: &Session,
    difficulty: Option<pixelbank_spec::Difficulty>,
    collection: Option<String>,
    format: ListFormat,
) -> Result<ExitCode> {
    let state = ctx.workspace.as_ref().map(|_| ctx.state());
    let needle = collection.map(|c| c.to_lowercase());
    let entries = ctx.catalog()?;
    let rows: Vec<Row<'_>> = entries
        .iter()
        .filter(|p| difficulty.is_none_or(|d| p.difficulty == d))
        .filter(|p| {
            needle
                .as_ref()
                .is_none_or(|n| p.collection.to_lowercase().contains(n))
        })
        .map(|p| {
            let mut row = Row::new(p);
            if let Some(state) = &state {
                let progress = state.problems.get(&p.id).cloned().unwrap_or_default();
                row.status = Some(progress.progress());
                row.hints_used = Some(progress.hints_seen.min(p.hints));
            }
            row
        })
        .collect();
    match format {
        ListFormat::Text => out!("{}", catalog::table(&rows)),
        ListFormat::Json => out!("{}", catalog::json(&rows)),
    }
    Ok(ExitCode::from(PASSED))
}

fn next(ctx: &Session) -> Result<ExitCode> {
    let entries = ctx.catalog()?;
    let order: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let state = ctx.state();
    let solved = state.solved_count(&order);
    let Some(id) = state.first_unsolved(&order) else {
        outln!(
            "{} every problem is solved ({solved} of {}). `pixelbank solution ID` shows a \
             reference solution to compare with yours.",
            "Well done:".green().bold(),
            order.len()
        );
        return Ok(ExitCode::from(PASSED));
    };
    let problem = ctx.problem(id)?;
    ctx.update(|s| s.choose(id));
    let position = order.iter().position(|p| *p == id).unwrap_or(0) + 1;
    let file = ctx.workspace.as_ref().map(|w| w.submission(&problem));
    out!(
        "{}",
        catalog::next(
            &problem,
            catalog::Place {
                position,
                total: order.len(),
                solved,
            },
            file.as_deref()
        )
    );
    Ok(ExitCode::from(PASSED))
}

/// `path` as a shell would need it typed.
fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    shlex::try_quote(&text).map_or(text.clone(), |q| q.into_owned())
}

fn init(ctx: &Session, dir: &Path, prepare: bool) -> Result<ExitCode> {
    let bank = ctx.bank()?;
    let (workspace, report) = Workspace::init(dir, bank, pixelbank_judge::RUNTIME_LOCK)?;
    for path in &report.created {
        outln!("{} {}", "created".green(), path.display());
    }
    for path in &report.skipped {
        outln!(
            "{} {} (it exists; left as it is)",
            "skipped".yellow(),
            path.display()
        );
    }
    for module in &report.declared {
        outln!("{} `pub mod {module};` to src/lib.rs", "added".green());
    }
    if prepare {
        // The first run should be quick: build the runtime now, fetching its crates if needed.
        let live = Live::new();
        let prepared = ctx.judge().and_then(|judge| {
            judge
                .prepare(&|event| live.event(event))
                .map_err(anyhow::Error::from)
        });
        live.clear();
        if let Err(e) = prepared {
            if pixelbank_judge::interrupted() {
                return Ok(interrupted_code());
            }
            output::warn(&format!(
                "the runtime could not be built now, so the first `pixelbank run` will try again: \
                 {e:#}"
            ));
        }
    }
    let entries = ctx.catalog()?;
    let first = entries.first().map_or("<id>", |p| p.id.as_str());
    outln!(
        "\nYour workspace is {}. Next:\n  cd {}\n  pixelbank next          # {first}, the first problem of the study order\n  pixelbank watch         # judges it on every save",
        quoted(workspace.root()),
        quoted(dir),
    );
    Ok(ExitCode::from(PASSED))
}

/// The learner's file for `problem`: `--solution`, else the workspace's.
pub(crate) fn submission_for(
    ctx: &Session,
    problem: &Problem,
    solution: Option<PathBuf>,
) -> Result<PathBuf> {
    match (solution, &ctx.workspace) {
        (Some(path), _) => {
            if !path.exists() {
                bail!("no such file: {}", path.display());
            }
            if !path.is_file() {
                bail!("{} is not a file", path.display());
            }
            Ok(path)
        }
        (None, Some(w)) => Ok(w.submission(problem)),
        (None, None) => bail!(
            "not inside a pixelbank workspace: run `pixelbank init` first, or judge a file with \
             `pixelbank run {} --solution FILE`",
            problem.id
        ),
    }
}

/// Records a judgement in the learner's progress when it was the workspace's own file; returns
/// the hints seen. A progress that cannot be saved costs a warning, never the report.
pub(crate) fn record(ctx: &Session, report: &ProblemReport, problem: &Problem) -> usize {
    let own_file = ctx.workspace.as_ref().is_some_and(|w| {
        let own = w.submission(problem);
        own.canonicalize().unwrap_or(own) == report.submission
    });
    if own_file {
        ctx.update(|state| {
            let entry = state.problems.entry(problem.id.clone()).or_default();
            entry.record(report);
            entry.hints_seen
        })
        .unwrap_or(0)
    } else {
        ctx.state()
            .problems
            .get(&problem.id)
            .map_or(0, |p| p.hints_seen)
    }
}

/// Judges `file`, printing the report case by case as the judge goes, with a spinner on a
/// terminal. Returns the report and what is left to print once it is recorded.
pub(crate) fn judge_live(
    judge: &Judge,
    problem: &Problem,
    file: &Path,
    live: &Live,
) -> Result<(ProblemReport, report_text::Live)> {
    let shown = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let (report_live, header) = report_text::Live::start(problem, &shown);
    live.print(&header)?;
    let report_live = RefCell::new(report_live);
    let report = judge.judge(problem, file, &|event| {
        live.event(event);
        if let Event::CaseFinished { case, .. } = event {
            // A closed stdout stops the judge; what it gives back is not printed.
            let _ = live.print(&report_live.borrow_mut().case(case));
        }
    });
    if output::closed() {
        return Err(output::Closed.into());
    }
    Ok((report?, report_live.into_inner()))
}

/// The exit code of one judged problem.
fn verdict_code(report: &ProblemReport) -> ExitCode {
    if report.interrupted() {
        interrupted_code()
    } else if report.solved() {
        ExitCode::from(PASSED)
    } else {
        ExitCode::from(FAILED)
    }
}

fn run_one(
    ctx: &Session,
    problem: &Problem,
    solution: Option<PathBuf>,
    bench: bool,
) -> Result<ExitCode> {
    let submission = submission_for(ctx, problem, solution)?;
    let judge = ctx.judge()?;
    let live = Live::new();
    let (report, mut rest) = judge_live(&judge, problem, &submission, &live)?;
    live.clear();
    let hints_seen = record(ctx, &report, problem);
    out!(
        "{}",
        rest.finish(
            &report,
            NextStep {
                hints_seen,
                hints_total: problem.hints.len(),
            },
        )
    );
    // Timing only when asked, and only a solution worth timing.
    if bench && report.solved() {
        crate::stress::after_run(ctx, &judge, problem, &submission)?;
    }
    Ok(verdict_code(&report))
}

fn run_all(ctx: &Session) -> Result<ExitCode> {
    let Some(workspace) = &ctx.workspace else {
        bail!("`run --all` judges a workspace: run it inside one (`pixelbank init` creates one)");
    };
    let judge = ctx.judge()?;
    let bank = ctx.bank()?;
    let problems = bank.in_study_order();
    let mut solved = 0;
    let live = Live::new();
    for problem in &problems {
        let (report, mut rest) =
            judge_live(&judge, problem, &workspace.submission(problem), &live)?;
        let hints_seen = record(ctx, &report, problem);
        solved += usize::from(report.solved());
        live.print(&rest.finish(
            &report,
            NextStep {
                hints_seen,
                hints_total: problem.hints.len(),
            },
        ))?;
        live.print("\n")?;
        if report.interrupted() {
            return Ok(interrupted_code());
        }
    }
    live.clear();
    let total = problems.len();
    outln!("{}", format!("{solved} of {total} problems solved").bold());
    Ok(ExitCode::from(if solved == total {
        PASSED
    } else {
        FAILED
    }))
}

/// `Hint 2 of 3: ...`.
pub(crate) fn hint_line(index: usize, total: usize, hint: &str) -> String {
    format!(
        "{} {}\n",
        format!("Hint {} of {total}:", index + 1).bold(),
        pixelbank_report::pretty::clean(hint)
    )
}

fn hint(ctx: &Session, problem: &Problem, all: bool, seen: bool) -> Result<ExitCode> {
    let total = problem.hints.len();
    if seen {
        let shown = ctx
            .state()
            .problems
            .get(&problem.id)
            .map_or(0, |p| p.hints_seen.min(total));
        if shown == 0 {
            outln!(
                "No hint of {} seen yet: `pixelbank hint {}` shows the first of {total}.",
                problem.id,
                problem.id
            );
        }
        for (i, hint) in problem.hints.iter().enumerate().take(shown) {
            out!("{}", hint_line(i, total, hint));
        }
        return Ok(ExitCode::from(PASSED));
    }
    let reveal = |state: &mut State| {
        let entry = state.problems.entry(problem.id.clone()).or_default();
        entry.hints_seen = if all {
            total
        } else {
            (entry.hints_seen + 1).min(total)
        };
        entry.hints_seen
    };
    // Progress that cannot be saved must not hide the hint: it is counted from what was read.
    let shown = match ctx.update(reveal) {
        Some(shown) => shown,
        None => reveal(&mut ctx.state()),
    };
    let from = if all { 0 } else { shown.saturating_sub(1) };
    for (i, hint) in problem.hints.iter().enumerate().take(shown).skip(from) {
        out!("{}", hint_line(i, total, hint));
    }
    if !all && shown < total {
        outln!(
            "{}",
            format!("`pixelbank hint {}` again for the next one.", problem.id).dimmed()
        );
    } else if !all {
        outln!(
            "{}",
            format!(
                "That was the last hint; `pixelbank hint {} --seen` shows them all again.",
                problem.id
            )
            .dimmed()
        );
    }
    Ok(ExitCode::from(PASSED))
}

fn reset(ctx: &Session, problem: &Problem) -> Result<ExitCode> {
    let Some(workspace) = &ctx.workspace else {
        bail!(
            "`reset` restores a workspace's file: run it inside one (`pixelbank init` creates one)"
        );
    };
    let reset = workspace.reset(problem)?;
    let file = reset.file.display();
    if reset.unchanged {
        outln!("{file} is the stub as shipped already; nothing changed.");
        return Ok(ExitCode::from(PASSED));
    }
    if let Some(backup) = &reset.backup {
        outln!("{} your code in {}", "kept".green(), backup.display());
    }
    outln!("{} {file}: it is the stub again", "restored".green());
    Ok(ExitCode::from(PASSED))
}

fn solution(ctx: &Session, problem: &Problem, force: bool) -> Result<ExitCode> {
    if !force && !ctx.state().solved(&problem.id) {
        output::warn(&format!(
            "you have not solved {} yet, so its reference solution stays hidden: you learn more \
             by solving it (`pixelbank hint {}` helps). `pixelbank solution {} --force` shows it \
             anyway.",
            problem.id, problem.id, problem.id
        ));
        return Ok(ExitCode::from(FAILED));
    }
    let Some(source) = ctx.origin.reference_solution(problem)? else {
        bail!(
            "this bank ships no reference solution for {} (a bank directory keeps them in \
             solutions/<module>.rs)",
            problem.id
        );
    };
    outln!(
        "{}",
        format!(
            "// The reference solution of {}: {}",
            problem.id, problem.title
        )
        .dimmed()
    );
    out!("{}", pixelbank_report::pretty::clean(&source));
    Ok(ExitCode::from(PASSED))
}

fn verify(
    ctx: &Session,
    solutions: &Path,
    wrong: &Path,
    coverage: bool,
    format: ListFormat,
) -> Result<ExitCode> {
    if !solutions.is_dir() {
        bail!(
            "no reference solutions at {}: pass `--solutions DIR` (a directory of `<module>.rs` files)",
            solutions.display()
        );
    }
    let judge = Judge::new(
        &pixelbank_workspace::default_cache_dir(),
        JudgeOptions {
            reveal_hidden: true,
            builds: Builds::Shared,
            no_sandbox: false,
            count_every_page: true,
        },
    )?;
    judge.prepare(&note_progress)?;
    let bank = ctx.bank()?;
    let width = bank
        .problems()
        .iter()
        .map(|p| p.id.len())
        .max()
        .unwrap_or(0);
    let results = pixelbank_judge::verify::verify(
        &judge,
        bank,
        pixelbank_judge::verify::Solutions {
            reference: solutions,
            wrong,
        },
        &mut |verified| {
            if format == ListFormat::Text {
                let _ = output::print(&pixelbank_report::verify::problem(verified, width));
                if coverage {
                    let _ = output::print(&pixelbank_report::verify::coverage(verified));
                }
            }
        },
    );
    if output::closed() {
        return Err(output::Closed.into());
    }
    let results = results?;
    match format {
        ListFormat::Text => out!("{}", pixelbank_report::verify::summary(&results)),
        ListFormat::Json => output::print(&pixelbank_report::verify::json(&results))?,
    }
    if pixelbank_judge::interrupted() {
        return Ok(interrupted_code());
    }
    let sound = results.iter().all(|r| r.ok());
    Ok(ExitCode::from(if sound { PASSED } else { FAILED }))
}
