//! `pixelbank stress` and `pixelbank bench`, and the timing `run --bench` adds: find the problem,
//! the learner's file and the trusted solutions, call the judge, print what the report crate
//! renders, map to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use pixelbank_judge::Judge;
use pixelbank_judge::stress::{StressOptions, Trusted};
use pixelbank_report::stress as render;
use pixelbank_spec::Problem;
use pixelbank_verdict::{BenchOutcome, StressOutcome};

use crate::commands::{ERROR, FAILED, PASSED, Session, interrupted_code, submission_for};
use crate::output::{self, out};
use crate::progress::Live;

/// How many inputs `stress` tries without `--cases`.
pub const DEFAULT_CASES: usize = 300;

/// `pixelbank stress`'s arguments.
#[derive(Debug, Args)]
pub struct StressArgs {
    /// The problem's id (default: the current problem).
    pub id: Option<String>,
    /// Test this file instead of the workspace's `src/<id>.rs`.
    #[arg(long, value_name = "FILE")]
    pub solution: Option<PathBuf>,
    /// How many generated inputs to try.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_CASES,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000)
    )]
    pub cases: usize,
    /// Draw the inputs from this seed (a run prints its seed; the same seed replays it).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// For a bank directory: where its reference solutions are (`<module>.rs`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
    /// For a bank directory: where its wrong solutions are (`<module>/<name>.rs`), which name
    /// the mistake a counterexample shows.
    #[arg(long, value_name = "DIR")]
    pub wrong: Option<PathBuf>,
}

/// `pixelbank bench`'s arguments.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The problem's id (default: the current problem).
    pub id: Option<String>,
    /// Time this file instead of the workspace's `src/<id>.rs`.
    #[arg(long, value_name = "FILE")]
    pub solution: Option<PathBuf>,
    /// For a bank directory: where its reference solutions are (`<module>.rs`).
    #[arg(long, value_name = "DIR")]
    pub solutions: Option<PathBuf>,
}

/// The problem a command works on: as `run` chooses it.
fn problem(ctx: &Session, id: Option<String>, solution: &Option<PathBuf>) -> Result<Problem> {
    match (&id, solution) {
        (Some(id), Some(_)) => ctx.problem(id),
        _ => ctx.chosen(id),
    }
}

/// The reference solution's source: from `--solutions`, else the bank's own.
fn reference(ctx: &Session, problem: &Problem, dir: Option<&PathBuf>) -> Result<String> {
    if let Some(dir) = dir {
        let path = dir.join(format!("{}.rs", problem.module_name()));
        return std::fs::read_to_string(&path).with_context(|| {
            format!(
                "no reference solution of {} at {} (`--solutions DIR` holds `<module>.rs` files)",
                problem.id,
                path.display()
            )
        });
    }
    match ctx.origin.reference_solution(problem)? {
        Some(source) => Ok(source),
        None => bail!(
            "this bank ships no reference solution for {}, which stress and bench compare with: \
             pass `--solutions DIR` (a directory of `<module>.rs` files)",
            problem.id
        ),
    }
}

/// The wrong solutions: from `--wrong`, else the bank's own.
fn wrong(ctx: &Session, problem: &Problem, dir: Option<&PathBuf>) -> Result<Vec<(String, String)>> {
    Ok(match dir {
        Some(dir) => pixelbank_spec::bank::wrong_solutions_in(&dir.join(problem.module_name()))?,
        None => ctx.origin.wrong_solutions(problem)?,
    })
}

/// `pixelbank stress`.
pub fn stress(ctx: &Session, args: StressArgs) -> Result<ExitCode> {
    let problem = problem(ctx, args.id, &args.solution)?;
    let submission = submission_for(ctx, &problem, args.solution.clone())?;
    if problem.generator.is_none() {
        bail!(
            "{} has no input generator (`[generator]` in its problem file), so it cannot be \
             stress-tested",
            problem.id
        );
    }
    let reference = reference(ctx, &problem, args.solutions.as_ref())?;
    let wrong = wrong(ctx, &problem, args.wrong.as_ref())?;
    let judge = ctx.judge()?;
    let live = Live::new();
    let report = judge.stress(
        &problem,
        &submission,
        &Trusted {
            reference: &reference,
            wrong: &wrong,
        },
        StressOptions {
            cases: args.cases,
            seed: args
                .seed
                .unwrap_or_else(pixelbank_judge::stress::random_seed),
            shrink: true,
        },
        &|event| live.event(event),
    );
    live.clear();
    let report = report?;
    let bank = match &ctx.origin {
        pixelbank_spec::Origin::Dir(dir) => Some(dir.clone()),
        pixelbank_spec::Origin::Official => None,
    };
    let flags: Vec<(&str, &std::path::Path)> = [
        ("--problems", bank.as_deref()),
        ("--solution", args.solution.as_deref()),
        ("--solutions", args.solutions.as_deref()),
        ("--wrong", args.wrong.as_deref()),
    ]
    .into_iter()
    .filter_map(|(flag, path)| path.map(|p| (flag, p)))
    .collect();
    out!("{}", render::render(&report, DEFAULT_CASES, &flags));
    Ok(match report.outcome {
        StressOutcome::Agreed => ExitCode::from(PASSED),
        StressOutcome::Interrupted => interrupted_code(),
        StressOutcome::Differs(_) | StressOutcome::NotRun => ExitCode::from(FAILED),
        StressOutcome::ReferenceFailed { .. }
        | StressOutcome::GeneratorContradicted { .. }
        | StressOutcome::NoGenerator => ExitCode::from(ERROR),
    })
}

/// `pixelbank bench`.
pub fn bench(ctx: &Session, args: BenchArgs) -> Result<ExitCode> {
    let problem = problem(ctx, args.id, &args.solution)?;
    let submission = submission_for(ctx, &problem, args.solution)?;
    if problem.generator.as_ref().is_none_or(|g| g.bench.is_none()) {
        bail!(
            "{} declares no bench size (`bench` in its `[generator]`), so it cannot be timed",
            problem.id
        );
    }
    let reference = reference(ctx, &problem, args.solutions.as_ref())?;
    let judge = ctx.judge()?;
    let live = Live::new();
    let report = judge.bench(
        &problem,
        &submission,
        &Trusted {
            reference: &reference,
            wrong: &[],
        },
        &|event| live.event(event),
    );
    live.clear();
    let report = report?;
    out!("{}", render::render_bench(&report));
    Ok(match report.outcome {
        BenchOutcome::Measured(_) => ExitCode::from(PASSED),
        BenchOutcome::Interrupted => interrupted_code(),
        BenchOutcome::LearnerFailed { .. } | BenchOutcome::NotRun => ExitCode::from(FAILED),
        BenchOutcome::ReferenceFailed(_) | BenchOutcome::NoBench => ExitCode::from(ERROR),
    })
}

/// After a passing `run --bench`: the bench's line of the summary (a note when the problem has
/// no bench).
pub fn after_run(
    ctx: &Session,
    judge: &Judge,
    problem: &Problem,
    submission: &std::path::Path,
) -> Result<()> {
    if problem.generator.as_ref().is_none_or(|g| g.bench.is_none()) {
        output::note(&format!(
            "{} declares no bench size: nothing to time",
            problem.id
        ));
        return Ok(());
    }
    let reference = reference(ctx, problem, None)?;
    let live = Live::new();
    let report = judge.bench(
        problem,
        submission,
        &Trusted {
            reference: &reference,
            wrong: &[],
        },
        &|event| live.event(event),
    );
    live.clear();
    out!("{}", render::after_run(&report?));
    Ok(())
}
