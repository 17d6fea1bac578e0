//! One function per subcommand: find the bank and the workspace, call the library that does the
//! work, print what the report crate renders, and return the exit code.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use colored::Colorize;
use pixelbank_grade::PassMark;
use pixelbank_judge::{Judge, JudgeOptions, ProblemReport, ProblemStatus, Verdict};
use pixelbank_report::catalog::{self, Progress, Row};
use pixelbank_report::text::{self, NextStep};
use pixelbank_spec::{Bank, Origin, Problem};
use pixelbank_workspace::{StateStore, Workspace};

use crate::cli::{Args, ColorChoice, Command, ListFormat};
use crate::grading;

/// The exit code when every case passed.
pub(crate) const PASSED: u8 = 0;
/// The exit code when a case failed or a file did not compile.
pub(crate) const FAILED: u8 = 1;
/// The exit code when pixelbank itself could not do its work.
pub(crate) const ERROR: u8 = 2;

/// What every command starts from.
struct Session {
    /// Where the bank comes from; it is loaded whole only by the commands that need all of it.
    origin: Origin,
    bank: OnceCell<Bank>,
    workspace: Option<Workspace>,
    color: bool,
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
            color,
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

    fn judge(&self) -> Result<Judge> {
        self.judge_with(false)
    }

    /// A judge; `reveal_hidden` is for authors only.
    fn judge_with(&self, reveal_hidden: bool) -> Result<Judge> {
        let dir = match &self.workspace {
            Some(w) => w.cache_dir(),
            None => pixelbank_workspace::default_cache_dir(),
        };
        let judge = Judge::new(
            &dir,
            JudgeOptions {
                color_diagnostics: self.color,
                reveal_hidden,
            },
        )?;
        if judge.cache().is_cold() {
            eprintln!(
                "{} the first build compiles the harness's dependencies into {}; later runs take a moment",
                "note:".bold(),
                dir.display()
            );
        }
        Ok(judge)
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
        } => {
            if !(0.0..=100.0).contains(&min_score) {
                bail!("--min-score is a percentage from 0 to 100, not {min_score}");
            }
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
                    },
                ),
                None => {
                    let dir = submission.unwrap_or_else(|| PathBuf::from("."));
                    grading::single(&problems, &dir, format, output.as_deref(), pass_mark)
                }
            }
        }
        Command::Merge { .. } => unreachable!("merge is handled before the bank is loaded"),
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
    let rows: Vec<Row<'_>> = ctx
        .bank()?
        .problems()
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
                row.status = Some(if progress.solved {
                    Progress::Solved
                } else if progress.attempts > 0 {
                    Progress::Attempted
                } else {
                    Progress::NotStarted
                });
                row.hints_used = Some(progress.hints_seen.min(p.hints.len()));
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

/// Records a judged attempt when it was the workspace's own file; returns the hints seen.
fn record(ctx: &Session, report: &ProblemReport, problem: &Problem) -> Result<usize> {
    let own_file = ctx
        .workspace
        .as_ref()
        .is_some_and(|w| w.submission(problem) == report.submission);
    let store = ctx.state_store();
    if !own_file {
        let state = load_state(&store)?;
        return Ok(state.problems.get(&problem.id).map_or(0, |p| p.hints_seen));
    }
    // Judging an untouched stub (every case at `todo!()`, as `run --all` does) is no attempt.
    let untouched = matches!(report.status, ProblemStatus::Missing)
        || (!report.cases.is_empty()
            && report
                .cases
                .iter()
                .all(|c| c.verdict == Verdict::NotImplemented));
    let (seen, warning) = store.update(|state| {
        let entry = state.problems.entry(problem.id.clone()).or_default();
        entry.attempts += u32::from(!untouched);
        entry.solved |= report.solved();
        entry.hints_seen
    })?;
    if let Some(warning) = warning {
        eprintln!("{} {warning}", "warning:".yellow().bold());
    }
    Ok(seen)
}

fn run_one(ctx: &Session, problem: &Problem, solution: Option<PathBuf>) -> Result<ExitCode> {
    let submission = submission_for(ctx, problem, solution)?;
    let judge = ctx.judge()?;
    let report = judge.judge(problem, &submission)?;
    let hints_seen = record(ctx, &report, problem)?;
    print!(
        "{}",
        text::render(
            &report,
            NextStep {
                hints_seen,
                hints_total: problem.hints.len(),
            }
        )
    );
    Ok(ExitCode::from(if report.solved() {
        PASSED
    } else {
        FAILED
    }))
}

fn run_all(ctx: &Session) -> Result<ExitCode> {
    let Some(workspace) = &ctx.workspace else {
        bail!("`run --all` judges a workspace: run it inside one (`pixelbank init` creates one)");
    };
    let judge = ctx.judge()?;
    let bank = ctx.bank()?;
    let mut solved = 0;
    for problem in bank.problems() {
        let report = judge.judge(problem, &workspace.submission(problem))?;
        let hints_seen = record(ctx, &report, problem)?;
        solved += usize::from(report.solved());
        println!(
            "{}",
            text::render(
                &report,
                NextStep {
                    hints_seen,
                    hints_total: problem.hints.len(),
                }
            )
        );
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
    let judge = ctx.judge_with(true)?;
    let results = pixelbank_judge::verify::verify(&judge, ctx.bank()?, solutions, wrong)?;
    print!("{}", pixelbank_report::verify::render(&results));
    let sound = results.iter().all(|r| r.ok());
    Ok(ExitCode::from(if sound { PASSED } else { FAILED }))
}
