//! `pixelbank grade` and `pixelbank merge`: grade one submission or a batch, write the reports
//! atomically, and turn the outcome into the pipeline's exit code.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context as _, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use pixelbank_grade::BatchOptions;
use pixelbank_judge::{Builds, Judge, JudgeOptions};
use pixelbank_report::{grade as render, gradebook};
use pixelbank_spec::Problem;
use pixelbank_verdict::{Column, Gradebook, Partition, PassMark, Row, Status, SubmissionGrade};

use crate::cli::GradeFormat;
use crate::commands::{ERROR, FAILED, PASSED};

/// Options of `grade --batch`.
pub struct BatchArgs {
    /// Parallel workers.
    pub jobs: usize,
    /// `K/N`, unparsed.
    pub partition: Option<String>,
    /// Where the gradebook and reports go.
    pub out_dir: PathBuf,
    /// Format of the per-submission reports.
    pub format: GradeFormat,
    /// The pass mark.
    pub pass_mark: PassMark,
    /// Keep what --out-dir already holds and grade the rest.
    pub resume: bool,
    /// Grade without the sandbox.
    pub no_sandbox: bool,
    /// Where to write the class's page, if anywhere.
    pub html: Option<PathBuf>,
}

/// Grading shows hidden cases by name only, and shares rustc's incremental state between the
/// builds of a batch (the compiler's own cache, out of the judged programs' reach).
fn grader(no_sandbox: bool) -> JudgeOptions {
    JudgeOptions {
        reveal_hidden: false,
        builds: Builds::Shared,
        no_sandbox,
        count_every_page: true,
    }
}

/// Refuses to grade untrusted code on a machine that lacks a layer of the sandbox, unless the
/// caller said `--no-sandbox`.
pub fn require_sandbox(no_sandbox: bool) -> Result<()> {
    if no_sandbox {
        eprintln!(
            "{} grading without the sandbox (--no-sandbox): submissions can read your files and \
             the hidden cases, and use the network",
            colored::Colorize::bold(colored::Colorize::yellow("warning:"))
        );
        return Ok(());
    }
    let missing = pixelbank_judge::sandbox_layers().missing_for_grading();
    if missing.is_empty() {
        return Ok(());
    }
    bail!(
        "this machine cannot sandbox untrusted code, so pixelbank will not grade it:\n{}\n\
         `pixelbank doctor` lists the layers; `--no-sandbox` grades anyway (unsafe for code you \
         do not trust)",
        missing
            .iter()
            .map(|m| format!("  - {}", pixelbank_report::doctor::missing(*m)))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// Writes `text` to `path` atomically: a temporary file in the same directory, renamed over it.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn rendered(grade: &SubmissionGrade, format: GradeFormat) -> String {
    match format {
        GradeFormat::Text => render::text(grade),
        GradeFormat::Json => render::json(grade),
        GradeFormat::Junit => render::junit(grade),
    }
}

fn extension(format: GradeFormat) -> &'static str {
    match format {
        GradeFormat::Text => "txt",
        GradeFormat::Json => "json",
        GradeFormat::Junit => "xml",
    }
}

/// Whether this runs on GitHub Actions, which sets `GITHUB_ACTIONS=true` in every step. Any other
/// value (`false`, empty) turns annotations off, so a test or a local run can opt out.
fn on_github_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// Prints GitHub Actions annotations for `grade` when running on GitHub Actions.
fn annotate(grade: &SubmissionGrade) {
    if on_github_actions() {
        let base = std::env::var_os("GITHUB_WORKSPACE")
            .map(PathBuf::from)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        eprint!("{}", render::github_annotations(grade, &base));
    }
}

/// A token the judged code cannot have guessed, for GitHub's `stop-commands`.
fn stop_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    format!("pixelbank-{:016x}", h.finish())
}

fn exit_code(statuses: impl IntoIterator<Item = Status>) -> ExitCode {
    let mut code = PASSED;
    for status in statuses {
        code = code.max(match status {
            Status::Pass => PASSED,
            Status::Fail => FAILED,
            Status::Error => ERROR,
        });
    }
    ExitCode::from(code)
}

/// Grades one submission directory.
pub fn single(
    problems: &[&Problem],
    dir: &Path,
    format: GradeFormat,
    output: Option<&Path>,
    pass_mark: PassMark,
    no_sandbox: bool,
) -> Result<ExitCode> {
    if !dir.is_dir() {
        bail!(
            "{} is not a directory: a submission is a folder of solution files",
            dir.display()
        );
    }
    let dir = dir
        .canonicalize()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    let judge = Judge::new(
        &pixelbank_workspace::default_cache_dir(),
        grader(no_sandbox),
    )?;
    judge.prepare(&crate::commands::note_progress)?;
    let grade = pixelbank_grade::grade(&judge, problems, &dir, pass_mark, &|_| {});
    let text = rendered(&grade, format);
    match output {
        Some(path) => write_atomically(path, &text)?,
        // Learner text is escaped in every report; on GitHub Actions the runner is also told to
        // take no command from it at all, until pixelbank's own token ends the stretch.
        None if on_github_actions() && format == GradeFormat::Text => {
            let token = stop_token();
            crate::output::print(&format!("::stop-commands::{token}\n{text}::{token}::\n"))?;
        }
        None => crate::output::print(&text)?,
    }
    annotate(&grade);
    Ok(exit_code([grade.status()]))
}

/// Grades every submission folder of `dir` into a gradebook, written as the batch goes: a
/// stopped batch leaves a gradebook of what was graded (`pending` lists the rest), and
/// `--resume` grades only the rest.
pub fn batch(problems: &[&Problem], dir: &Path, args: BatchArgs) -> Result<ExitCode> {
    let partition: Option<Partition> = args.partition.as_deref().map(str::parse).transpose()?;
    // A CI job pointed at the wrong folder must not go green.
    if pixelbank_grade::batch::submissions(dir)?.is_empty() {
        bail!(
            "{} holds no submission: a batch is a folder of submission folders, one per student",
            dir.display()
        );
    }
    let chosen: Vec<String> = pixelbank_grade::batch::chosen(dir, partition)?
        .iter()
        .map(|d| pixelbank_grade::batch::name_of(d))
        .collect();
    let columns: Vec<Column> = problems.iter().map(|p| Column::of(p)).collect();
    let mut done: BTreeMap<String, Row> = BTreeMap::new();
    if args.resume {
        done = resumed(&args.out_dir, &columns, partition, args.pass_mark)?
            .into_iter()
            .filter(|r| chosen.contains(&r.submission))
            .map(|r| (r.submission.clone(), r))
            .collect();
        eprintln!(
            "resuming: {} of {} submissions graded already",
            done.len(),
            chosen.len()
        );
    }
    let book = |rows: &BTreeMap<String, Row>| Gradebook {
        schema_version: pixelbank_verdict::gradebook::GRADEBOOK_VERSION,
        partition,
        min_score_percent: args.pass_mark.percent,
        problems: columns.clone(),
        rows: rows.values().cloned().collect(),
        pending: chosen
            .iter()
            .filter(|n| !rows.contains_key(*n))
            .cloned()
            .collect(),
    };
    write_gradebook(&book(&done), &args.out_dir)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new((chosen.len() - done.len()) as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let options = BatchOptions {
        jobs: args.jobs.max(1),
        partition,
        pass_mark: args.pass_mark,
        cache: pixelbank_workspace::default_cache_dir(),
        judge: grader(args.no_sandbox),
        skip: done.keys().cloned().collect(),
    };
    let reports = args.out_dir.join("reports");
    let state = Mutex::new((done, None::<anyhow::Error>));
    let grades = pixelbank_grade::grade_batch(problems, dir, &options, &|graded| {
        // What an interruption cut short is graded again by --resume, not recorded half done.
        if graded
            .problems
            .iter()
            .any(|p| matches!(p, pixelbank_verdict::ProblemGrade::Judged(r) if r.interrupted()))
        {
            return;
        }
        let path = reports.join(format!("{}.{}", graded.name, extension(args.format)));
        let written = write_atomically(&path, &rendered(graded, args.format));
        annotate(graded);
        bar.set_message(pixelbank_report::pretty::clean(&graded.name));
        bar.inc(1);
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.0.insert(graded.name.clone(), Row::of(graded));
        let result = written.and_then(|()| write_gradebook(&book(&state.0), &args.out_dir));
        if let Err(e) = result {
            state.1.get_or_insert(e);
        }
    })?;
    bar.finish_and_clear();
    let (done, failed) = state.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = failed {
        return Err(e);
    }
    let book = book(&done);
    write_gradebook(&book, &args.out_dir)?;
    if pixelbank_judge::interrupted() {
        eprintln!(
            "interrupted: {} of {} submissions graded; the gradebook in {} lists the rest as \
             pending, and `--resume` grades them",
            book.rows.len(),
            chosen.len(),
            args.out_dir.display()
        );
        return Ok(crate::commands::interrupted_code());
    }
    if let Some(html) = &args.html {
        let links = book
            .rows
            .iter()
            .map(|r| {
                let file = format!("{}.{}", r.submission, extension(args.format));
                (r.submission.clone(), reports.join(file))
            })
            .collect();
        crate::class_report::write_page(&book, html, &links)?;
    }
    let passed = book
        .rows
        .iter()
        .filter(|r| r.status == Status::Pass)
        .count();
    eprintln!(
        "graded {} submissions{}: {passed} passed; gradebook in {}",
        grades.len(),
        if book.rows.len() > grades.len() {
            format!(" ({} in all)", book.rows.len())
        } else {
            String::new()
        },
        args.out_dir.display()
    );
    if args.format == GradeFormat::Text {
        crate::output::print(&gradebook::summary_text(&book))?;
    }
    Ok(exit_code(book.rows.iter().map(|r| r.status)))
}

/// The rows of the gradebook a stopped batch left in `out_dir`, when it is one of this batch.
fn resumed(
    out_dir: &Path,
    columns: &[Column],
    partition: Option<Partition>,
    pass_mark: PassMark,
) -> Result<Vec<Row>> {
    let path = out_dir.join("gradebook.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let old = gradebook::read(&text).with_context(|| format!("cannot read {}", path.display()))?;
    if old.problems != columns
        || old.partition != partition
        || old.min_score_percent != pass_mark.percent
    {
        bail!(
            "{} was graded on other problems, another partition or another pass mark: it \
             cannot be resumed (use another --out-dir)",
            path.display()
        );
    }
    Ok(old.rows)
}

fn write_gradebook(book: &Gradebook, out_dir: &Path) -> Result<()> {
    write_atomically(&out_dir.join("gradebook.json"), &gradebook::json(book))?;
    let csv = gradebook::csv(book).context("cannot render the gradebook as CSV")?;
    write_atomically(&out_dir.join("gradebook.csv"), &csv)
}

/// Merges partial gradebooks.
pub fn merge(paths: &[PathBuf], out_dir: &Path) -> Result<ExitCode> {
    let parts = paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            gradebook::read(&text).with_context(|| format!("cannot read {}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let book = Gradebook::merge(parts)?;
    write_gradebook(&book, out_dir)?;
    eprintln!(
        "merged {} gradebooks: {} submissions in {}",
        paths.len(),
        book.rows.len(),
        out_dir.display()
    );
    Ok(exit_code(book.rows.iter().map(|r| r.status)))
}
