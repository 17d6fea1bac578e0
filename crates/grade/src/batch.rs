//! Grading many submissions: every submission folder of a directory, in parallel with bounded
//! workers sharing one judge (whose artifacts are content-addressed, so builds never collide),
//! optionally only a deterministic share of them (`--partition K/N`) so a CI matrix can spread a
//! class over machines.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use pixelbank_judge::{Judge, JudgeOptions};
use pixelbank_spec::Problem;
use pixelbank_verdict::{Partition, PassMark, SubmissionGrade};

use crate::{GradeError, grade};

/// The submission folders of `dir`, sorted by name; hidden folders (`.git`) are skipped.
pub fn submissions(dir: &Path) -> Result<Vec<PathBuf>, GradeError> {
    let io = |source| GradeError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if entry.path().is_dir() && !hidden {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// The submissions of `dir` that `partition` gives this machine, in name order.
pub fn chosen(dir: &Path, partition: Option<Partition>) -> Result<Vec<PathBuf>, GradeError> {
    Ok(submissions(dir)?
        .into_iter()
        .enumerate()
        .filter(|(i, _)| partition.is_none_or(|p| p.contains(*i)))
        .map(|(_, path)| path)
        .collect())
}

/// A submission's name: its directory's.
pub fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// How to grade a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Parallel workers, at least 1.
    pub jobs: usize,
    /// The share to grade, or all.
    pub partition: Option<Partition>,
    /// The pass mark each submission is held to.
    pub pass_mark: PassMark,
    /// The judge's cache, shared by every worker.
    pub cache: PathBuf,
    /// How the workers' judges present what they collect.
    pub judge: JudgeOptions,
    /// Submissions already graded (by name), left out: a batch resumed.
    pub skip: std::collections::BTreeSet<String>,
}

/// Grades the submissions of `dir` (the chosen share of them, less those to skip) on `problems`.
/// `on_graded` is told of each submission as it is done, from the worker that graded it (to write
/// the gradebook as the batch goes); results come back in name order. A submission that hangs or
/// crashes is bounded by the judge's limits and never stops the batch; an interruption does, and
/// what was in flight comes back interrupted.
pub fn grade_batch(
    problems: &[&Problem],
    dir: &Path,
    options: &BatchOptions,
    on_graded: &(dyn Fn(&SubmissionGrade) + Sync),
) -> Result<Vec<SubmissionGrade>, GradeError> {
    let chosen: Vec<PathBuf> = chosen(dir, options.partition)?
        .into_iter()
        .filter(|d| !options.skip.contains(&name_of(d)))
        .collect();
    let jobs = options.jobs.clamp(1, chosen.len().max(1));
    let judge = Judge::new(&options.cache, options.judge)?;
    // Built once, before the workers start, rather than by the first of them while the others wait.
    judge.prepare(&|_| {})?;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<SubmissionGrade>>> = Mutex::new(vec![None; chosen.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while !pixelbank_judge::interrupted() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = chosen.get(i) else { break };
                    let graded = grade(&judge, problems, dir, options.pass_mark, &|_| {});
                    on_graded(&graded);
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(graded);
                    }
                }
            });
        }
    });
    Ok(results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}
