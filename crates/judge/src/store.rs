//! Built programs, content-addressed: a program's key covers the learner's bytes and paths, the
//! problems' signatures (through the generated entry point), the runtime and the toolchain, so an
//! artifact is never rebuilt for the same inputs and never reused for different ones. Many
//! coexist (a learner's, verify's references, a batch's submissions); a lock is held only while
//! one key compiles, and the least recently used are evicted beyond a bound. A compile that
//! failed is kept too, with its diagnostics, so that re-running an unchanged broken file is as
//! fast as re-running a good one.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::JudgeError;
use crate::build::Diagnostic;

/// How many artifacts are kept at most: some 200 MB.
const MAX_ARTIFACTS: usize = 512;

/// An artifact used this recently is never evicted (another judge may be about to run it).
const IN_USE: Duration = Duration::from_secs(120);

/// What a key holds.
#[derive(Debug)]
pub(crate) enum Stored {
    /// A program.
    Program(PathBuf),
    /// The compile errors of its sources.
    Failed(Vec<Diagnostic>),
}

/// The artifacts of one cache directory.
#[derive(Debug)]
pub(crate) struct Store {
    root: PathBuf,
    building: PathBuf,
    locks: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JudgeError + '_ {
    move |source| JudgeError::Cache {
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// The store under `cache`.
    pub fn open(cache: &Path) -> Result<Store, JudgeError> {
        let store = Store {
            root: cache.join("artifacts"),
            building: cache.join("building"),
            locks: cache.join("locks"),
        };
        for dir in [&store.root, &store.building, &store.locks] {
            fs::create_dir_all(dir).map_err(io(dir))?;
        }
        Ok(store)
    }

    /// What `key` holds, marking it used.
    pub fn get(&self, key: &str) -> Option<Stored> {
        let dir = self.root.join(key);
        let program = dir.join("program");
        let found = if program.is_file() {
            Stored::Program(program)
        } else {
            let text = fs::read(dir.join("failed.json")).ok()?;
            Stored::Failed(serde_json::from_slice(&text).ok()?)
        };
        // The directory's modification time is its last use, for eviction.
        let _ = fs::File::open(&dir).and_then(|d| d.set_modified(SystemTime::now()));
        Some(found)
    }

    /// Exclusive use of `key` while it compiles; released on drop.
    pub fn lock(&self, key: &str) -> Result<fs::File, JudgeError> {
        let path = self.locks.join(format!("{key}.lock"));
        fs::File::create(&path)
            .and_then(|f| f.lock().map(|()| f))
            .map_err(io(&path))
    }

    /// A fresh directory to build in, removed unless it is kept as an artifact.
    pub fn building(&self) -> Result<tempfile::TempDir, JudgeError> {
        tempfile::Builder::new()
            .prefix("build-")
            .tempdir_in(&self.building)
            .map_err(io(&self.building))
    }

    /// A directory to build in that stays from one build to the next, for rustc's incremental
    /// state (which is tied to the paths it compiled), and exclusive use of it: its name, its
    /// path, its lock.
    pub fn building_again(&self, name: &str) -> Result<(String, PathBuf, fs::File), JudgeError> {
        let lock = self.lock(&format!("incremental-{name}"))?;
        let dir = self.building.join(format!("incremental-{name}"));
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok((name.to_string(), dir, lock))
    }

    /// The first build directory of the shared pool that no build uses now (a new one when all
    /// are busy), as [`Store::building_again`] gives it.
    pub fn free_slot(&self) -> Result<(String, PathBuf, fs::File), JudgeError> {
        for k in 0.. {
            let name = format!("shared-{k}");
            let path = self.locks.join(format!("incremental-{name}.lock"));
            let file = fs::File::create(&path).map_err(io(&path))?;
            match file.try_lock() {
                Ok(()) => {
                    let dir = self.building.join(format!("incremental-{name}"));
                    fs::create_dir_all(&dir).map_err(io(&dir))?;
                    return Ok((name, dir, file));
                }
                Err(fs::TryLockError::WouldBlock) => continue,
                Err(fs::TryLockError::Error(source)) => {
                    return Err(JudgeError::Cache { path, source });
                }
            }
        }
        unreachable!("an endless range of slots")
    }

    /// Keeps the program at `program` as `key`'s artifact.
    pub fn put_program(&self, key: &str, program: &Path) -> Result<PathBuf, JudgeError> {
        let dir = self.building()?;
        let kept = dir.path().join("program");
        fs::hard_link(program, &kept)
            .or_else(|_| fs::copy(program, &kept).map(|_| ()))
            .map_err(io(&kept))?;
        let target = self.root.join(key);
        let dir = dir.keep();
        fs::rename(&dir, &target).map_err(io(&target))?;
        self.evict();
        Ok(target.join("program"))
    }

    /// Keeps the compile errors of `key`'s sources.
    pub fn put_failure(&self, key: &str, diagnostics: &[Diagnostic]) -> Result<(), JudgeError> {
        let dir = self.building()?;
        let json = serde_json::to_vec(diagnostics).map_err(|e| JudgeError::Cache {
            path: dir.path().to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        fs::write(dir.path().join("failed.json"), json).map_err(io(dir.path()))?;
        let target = self.root.join(key);
        let kept = dir.keep();
        fs::rename(&kept, &target).map_err(io(&target))?;
        Ok(())
    }

    /// Removes the least recently used artifacts beyond the bound, sparing recent ones. A program
    /// is a few hundred KiB (it links the runtime and the standard library dynamically), so the
    /// count bounds the size too.
    fn evict(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        let all: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
        if all.len() <= MAX_ARTIFACTS {
            return;
        }
        let mut aged: Vec<(SystemTime, PathBuf)> = all
            .iter()
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        aged.sort();
        let now = SystemTime::now();
        let excess = aged.len().saturating_sub(MAX_ARTIFACTS);
        for (used, path) in aged.into_iter().take(excess) {
            if now.duration_since(used).unwrap_or_default() >= IN_USE {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}
