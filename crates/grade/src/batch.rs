//! Grading many submissions: every submission folder of a directory, in parallel with bounded
//! workers that each own a build cache (so their builds never collide), optionally only a
//! deterministic share of them (`--partition K/N`) so a CI matrix can spread a class over machines.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use pixelbank_judge::{Judge, JudgeOptions};
use pixelbank_spec::Problem;
use serde::{Deserialize, Serialize};

use crate::{GradeError, PassMark, SubmissionGrade, grade};

/// A deterministic share of a batch: the K-th of N (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Partition {
    type Err = GradeError;

    fn from_str(s: &str) -> Result<Partition, GradeError> {
        let bad = || GradeError::Partition(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Partition { index, count })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// Whether the item at `position` (in name order) belongs to this share: round-robin, so
    /// shares differ in size by at most one whatever the names.
    pub fn contains(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

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

/// How to grade a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Parallel workers, at least 1.
    pub jobs: usize,
    /// The share to grade, or all.
    pub partition: Option<Partition>,
    /// The pass mark each submission is held to.
    pub pass_mark: PassMark,
    /// Where the workers' build caches live (`worker-1`, `worker-2`, ...).
    pub cache_root: PathBuf,
    /// How the workers' judges present what they collect.
    pub judge: JudgeOptions,
}

/// Grades the submissions of `dir` (the chosen share of them) on `problems`. `on_graded` is told
/// of each submission as it is done, from the worker that graded it (for a progress bar); results
/// come back in name order. A submission that hangs or crashes is bounded by the judge's limits
/// and never stops the batch.
pub fn grade_batch(
    problems: &[&Problem],
    dir: &Path,
    options: &BatchOptions,
    on_graded: &(dyn Fn(&SubmissionGrade) + Sync),
) -> Result<Vec<SubmissionGrade>, GradeError> {
    let all = submissions(dir)?;
    let chosen: Vec<PathBuf> = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| options.partition.is_none_or(|p| p.contains(*i)))
        .map(|(_, path)| path)
        .collect();
    let jobs = options.jobs.clamp(1, chosen.len().max(1));
    let judges = (1..=jobs)
        .map(|w| {
            Judge::new(
                &options.cache_root.join(format!("worker-{w}")),
                options.judge,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<SubmissionGrade>>> = Mutex::new(vec![None; chosen.len()]);
    std::thread::scope(|scope| {
        for judge in &judges {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = chosen.get(i) else { break };
                    let graded = grade(judge, problems, dir, options.pass_mark);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_and_cover_every_item_once() {
        let parts: Vec<Partition> = ["1/3", "2/3", "3/3"]
            .iter()
            .map(|s| s.parse().expect("valid"))
            .collect();
        for i in 0..10 {
            assert_eq!(parts.iter().filter(|p| p.contains(i)).count(), 1);
        }
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }
}
