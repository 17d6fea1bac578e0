//! `pixelbank grade` and `pixelbank merge`: grade one submission or a batch, write the reports
//! atomically, and turn the outcome into the pipeline's exit code.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use pixelbank_grade::BatchOptions;
use pixelbank_judge::{Judge, JudgeOptions};
use pixelbank_report::{grade as render, gradebook};
use pixelbank_spec::Problem;
use pixelbank_verdict::{Column, Gradebook, Partition, PassMark, Status, SubmissionGrade};

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
}

/// Grading builds every submission afresh (no incremental state carried from one to the next)
/// and shows hidden cases by name only.
const GRADER: JudgeOptions = JudgeOptions {
    reveal_hidden: false,
    incremental: false,
};

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
    let judge = Judge::new(&pixelbank_workspace::default_cache_dir(), GRADER)?;
    judge.prepare(&crate::commands::note_progress)?;
    let grade = pixelbank_grade::grade(&judge, problems, &dir, pass_mark, &|_| {});
    let text = rendered(&grade, format);
    match output {
        Some(path) => write_atomically(path, &text)?,
        None => crate::output::print(&text)?,
    }
    annotate(&grade);
    Ok(exit_code([grade.status()]))
}

/// Grades every submission folder of `dir` into a gradebook.
pub fn batch(problems: &[&Problem], dir: &Path, args: BatchArgs) -> Result<ExitCode> {
    let partition: Option<Partition> = args.partition.as_deref().map(str::parse).transpose()?;
    let found = pixelbank_grade::batch::submissions(dir)?;
    // A CI job pointed at the wrong folder must not go green.
    if found.is_empty() {
        bail!(
            "{} holds no submission: a batch is a folder of submission folders, one per student",
            dir.display()
        );
    }
    let total = found
        .into_iter()
        .enumerate()
        .filter(|(i, _)| partition.is_none_or(|p| p.contains(*i)))
        .count();
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total as u64);
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
        judge: GRADER,
    };
    let grades = pixelbank_grade::grade_batch(problems, dir, &options, &|graded| {
        bar.set_message(graded.name.clone());
        bar.inc(1);
    })?;
    bar.finish_and_clear();

    let reports = args.out_dir.join("reports");
    for grade in &grades {
        let path = reports.join(format!("{}.{}", grade.name, extension(args.format)));
        write_atomically(&path, &rendered(grade, args.format))?;
        annotate(grade);
    }
    let columns = problems
        .iter()
        .map(|p| Column {
            id: p.id.clone(),
            max_score: p.max_points(),
        })
        .collect();
    let book = Gradebook::new(columns, &grades, partition, args.pass_mark.percent);
    write_gradebook(&book, &args.out_dir)?;
    let passed = grades.iter().filter(|g| g.status() == Status::Pass).count();
    eprintln!(
        "graded {} submissions: {passed} passed; gradebook in {}",
        grades.len(),
        args.out_dir.display()
    );
    Ok(exit_code(grades.iter().map(SubmissionGrade::status)))
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
            serde_json::from_str::<Gradebook>(&text)
                .with_context(|| format!("{} is not a pixelbank gradebook", path.display()))
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
