//! One function per subcommand: find the bank and the workspace, call the library that does the
//! work, print what the report crate renders, and return the exit code.

use std::cell::{OnceCell, RefCell};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use colored::Colorize;
use pixelbank_judge::{Builds, Judge, JudgeOptions};
use pixelbank_report::catalog::{self, Row};
use pixelbank_report::text::{Live, NextStep};
use pixelbank_spec::{Bank, Origin, Problem};
use pixelbank_verdict::{Event, PassMark, ProblemReport};
use pixelbank_workspace::{StateStore, Workspace};

use crate::cli::{Args, ColorChoice, Command, ListFormat};
use crate::grading;

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
struct Session {
    /// Where the bank comes from; it is loaded whole only by the commands that need all of it.
    origin: Origin,
    bank: OnceCell<Bank>,
    workspace: Option<Workspace>,
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
    fn bank(&self) -> Result<&Bank> {
        if let Some(bank) = self.bank.get() {
            return Ok(bank);
        }
        let bank = self.origin.load()?;
        Ok(self.bank.get_or_init(|| bank))
    }

    /// One problem, without loading the rest of the bank.
    fn problem(&self, id: &str) -> Result<Problem> {
        Ok(self.origin.load_problem(id)?)
    }

    fn state_store(&self) -> StateStore {
        match &self.workspace {
            Some(w) => w.state_store(),
            None => StateStore::new(pixelbank_workspace::default_cache_dir().join("state.json")),
        }
    }

    /// A judge for a learner's own loop: incremental builds, hidden cases hidden.
    fn judge(&self) -> Result<Judge> {
        Ok(Judge::new(
            &pixelbank_workspace::default_cache_dir(),
            JudgeOptions {
                reveal_hidden: false,
                builds: Builds::PerFile,
                no_sandbox: false,
            },
        )?)
    }
}

/// Says on stderr what the judge is doing that a learner would otherwise wait for in silence.
pub(crate) fn note_progress(event: Event<'_>) {
    match event {
        Event::PreparingRuntime => eprintln!(
            "{} building the runtime judged programs link (ndarray and serde_json), once for this \
             toolchain: this takes a minute; later runs take a moment",
            "note:".bold()
        ),
        Event::RuntimeReady { duration } => {
            eprintln!(
                "{} runtime ready in {:.0} s",
                "note:".bold(),
                duration.as_secs_f64()
            )
        }
        _ => {}
    }
}

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    // Merging gradebooks needs no bank: a bad PIXELBANK_PROBLEMS must not stop it.
    if let Command::Merge {
        gradebooks,
        out_dir,
    } = &args.command
    {
        return grading::merge(gradebooks, out_dir);
    }
    // Nor does reading one.
    if let Command::Report {
        gradebook,
        html,
        reports,
    } = &args.command
    {
        return crate::class_report::report(gradebook, html.as_deref(), reports);
    }
    let ctx = Session::new(&args)?;
    match args.command {
        Command::List {
            difficulty,
            collection,
            format,
        } => list(&ctx, difficulty.map(Into::into), collection, format),
        Command::Show { id } => {
            print!("{}", catalog::show(&ctx.problem(&id)?));
            Ok(ExitCode::from(PASSED))
        }
        Command::Init { dir } => init(&ctx, &dir),
        Command::Run { id, solution, all } => {
            if all {
                run_all(&ctx)
            } else {
                let id = id.context("a problem id is required")?;
                run_one(&ctx, &ctx.problem(&id)?, solution)
            }
        }
        Command::Hint { id, all } => hint(&ctx, &ctx.problem(&id)?, all),
        Command::Verify { solutions, wrong } => verify(&ctx, &solutions, &wrong),
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
            print!("{}", pixelbank_report::doctor::render(&layers));
            // 1 when `grade` would refuse here: a CI step can stop before grading.
            let refused = !layers.missing_for_grading().is_empty();
            Ok(ExitCode::from(if refused { FAILED } else { PASSED }))
        }
        Command::Merge { .. } => unreachable!("merge is handled before the bank is loaded"),
        Command::Report { .. } => unreachable!("report is handled before the bank is loaded"),
    }
}

fn list(
    ctx: &Session,
    difficulty: Option<pixelbank_spec::Difficulty>,
    collection: Option<String>,
    format: ListFormat,
) -> Result<ExitCode> {
    let state = match &ctx.workspace {
        Some(w) => Some(load_state(&w.state_store())?),
        None => None,
    };
    let needle = collection.map(|c| c.to_lowercase());
    let cache = pixelbank_workspace::default_cache_dir();
    let entries = pixelbank_spec::catalog(&ctx.origin, Some(&cache))?;
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
        ListFormat::Text => print!("{}", catalog::table(&rows)),
        ListFormat::Json => print!("{}", catalog::json(&rows)),
    }
    Ok(ExitCode::from(PASSED))
}

/// Loads the learner's state, printing the warning when a corrupt file was set aside.
fn load_state(store: &StateStore) -> Result<pixelbank_workspace::State> {
    let loaded = store.load()?;
    if let Some(warning) = loaded.warning {
        eprintln!("{} {warning}", "warning:".yellow().bold());
    }
    Ok(loaded.state)
}

fn init(ctx: &Session, dir: &Path) -> Result<ExitCode> {
    let bank = ctx.bank()?;
    let (workspace, report) = Workspace::init(dir, bank)?;
    for path in &report.created {
        println!("{} {}", "created".green(), path.display());
    }
    for path in &report.skipped {
        println!(
            "{} {} (it exists; left as it is)",
            "skipped".yellow(),
            path.display()
        );
    }
    for module in &report.declared {
        println!("{} `pub mod {module};` to src/lib.rs", "added".green());
    }
    let first = bank.problems().first().map_or("<id>", |p| p.id.as_str());
    println!(
        "\nYour workspace is {}. Next:\n  cd {}\n  pixelbank show {}\n  pixelbank run {}",
        workspace.root().display(),
        dir.display(),
        first,
        first,
    );
    Ok(ExitCode::from(PASSED))
}

/// The learner's file for `problem`: `--solution`, else the workspace's.
fn submission_for(ctx: &Session, problem: &Problem, solution: Option<PathBuf>) -> Result<PathBuf> {
    match (solution, &ctx.workspace) {
        (Some(path), _) => {
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
fn record(ctx: &Session, report: &ProblemReport, problem: &Problem) -> usize {
    let own_file = ctx.workspace.as_ref().is_some_and(|w| {
        let own = w.submission(problem);
        own.canonicalize().unwrap_or(own) == report.submission
    });
    let store = ctx.state_store();
    let result = if own_file {
        store.update(|state| {
            let entry = state.problems.entry(problem.id.clone()).or_default();
            entry.record(report);
            entry.hints_seen
        })
    } else {
        store.load().map(|l| {
            (
                l.state
                    .problems
                    .get(&problem.id)
                    .map_or(0, |p| p.hints_seen),
                l.warning,
            )
        })
    };
    match result {
        Ok((seen, warning)) => {
            if let Some(warning) = warning {
                eprintln!("{} {warning}", "warning:".yellow().bold());
            }
            seen
        }
        Err(e) => {
            eprintln!(
                "{} your progress could not be saved: {e:#}",
                "warning:".yellow().bold()
            );
            0
        }
    }
}

/// Judges `file`, printing the report case by case as the judge goes.
fn judge_live(judge: &Judge, problem: &Problem, file: &Path) -> Result<(ProblemReport, Live)> {
    let shown = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let (live, header) = Live::start(problem, &shown);
    print_now(&header);
    let live = RefCell::new(live);
    let report = judge.judge(problem, file, &|event| {
        note_progress(event);
        if let Event::CaseFinished { case, .. } = event {
            print_now(&live.borrow_mut().case(case));
        }
    })?;
    Ok((report, live.into_inner()))
}

/// Prints and flushes, so that a case's line appears when it is judged.
fn print_now(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn run_one(ctx: &Session, problem: &Problem, solution: Option<PathBuf>) -> Result<ExitCode> {
    let submission = submission_for(ctx, problem, solution)?;
    let judge = ctx.judge()?;
    let (report, mut live) = judge_live(&judge, problem, &submission)?;
    let hints_seen = record(ctx, &report, problem);
    print_now(&live.finish(
        &report,
        NextStep {
            hints_seen,
            hints_total: problem.hints.len(),
        },
    ));
    Ok(if report.interrupted() {
        interrupted_code()
    } else if report.solved() {
        ExitCode::from(PASSED)
    } else {
        ExitCode::from(FAILED)
    })
}

fn run_all(ctx: &Session) -> Result<ExitCode> {
    let Some(workspace) = &ctx.workspace else {
        bail!("`run --all` judges a workspace: run it inside one (`pixelbank init` creates one)");
    };
    let judge = ctx.judge()?;
    let bank = ctx.bank()?;
    let mut solved = 0;
    for problem in bank.problems() {
        let (report, mut live) = judge_live(&judge, problem, &workspace.submission(problem))?;
        let hints_seen = record(ctx, &report, problem);
        solved += usize::from(report.solved());
        print_now(&live.finish(
            &report,
            NextStep {
                hints_seen,
                hints_total: problem.hints.len(),
            },
        ));
        println!();
        if report.interrupted() {
            return Ok(interrupted_code());
        }
    }
    let total = bank.problems().len();
    println!("{}", format!("{solved} of {total} problems solved").bold());
    Ok(ExitCode::from(if solved == total {
        PASSED
    } else {
        FAILED
    }))
}

fn hint(ctx: &Session, problem: &Problem, all: bool) -> Result<ExitCode> {
    let total = problem.hints.len();
    let store = ctx.state_store();
    let (shown, warning) = store.update(|state| {
        let entry = state.problems.entry(problem.id.clone()).or_default();
        if all {
            entry.hints_seen = total;
        } else {
            entry.hints_seen = (entry.hints_seen + 1).min(total);
        }
        entry.hints_seen
    })?;
    if let Some(warning) = warning {
        eprintln!("{} {warning}", "warning:".yellow().bold());
    }
    let from = if all { 0 } else { shown.saturating_sub(1) };
    for (i, hint) in problem.hints.iter().enumerate().take(shown).skip(from) {
        println!("{} {}", format!("Hint {} of {total}:", i + 1).bold(), hint);
    }
    if !all && shown < total {
        println!(
            "{}",
            format!("`pixelbank hint {}` again for the next one.", problem.id).dimmed()
        );
    } else if !all {
        println!(
            "{}",
            format!(
                "That was the last hint; `pixelbank hint {} --all` shows them all again.",
                problem.id
            )
            .dimmed()
        );
    }
    Ok(ExitCode::from(PASSED))
}

fn verify(ctx: &Session, solutions: &Path, wrong: &Path) -> Result<ExitCode> {
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
        &mut |verified| print_now(&pixelbank_report::verify::problem(verified, width)),
    )?;
    print_now(&pixelbank_report::verify::summary(&results));
    if pixelbank_judge::interrupted() {
        return Ok(interrupted_code());
    }
    let sound = results.iter().all(|r| r.ok());
    Ok(ExitCode::from(if sound { PASSED } else { FAILED }))
}
