//! The learner's progress: per problem, hints seen, attempts, whether it was ever solved. Stored
//! as JSON, written atomically (a temporary file renamed over the old one); a file that cannot be
//! read is set aside with a warning, never a crash and never silently lost.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use pixelbank_verdict::{ProblemReport, ProblemStatus};
use serde::{Deserialize, Serialize};

use crate::WorkspaceError;

/// Progress on one problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProblemState {
    /// How many hints have been shown.
    pub hints_seen: usize,
    /// How many times the learner's file was judged.
    pub attempts: u32,
    /// Whether every case passed at least once.
    pub solved: bool,
}

/// Where a learner stands on a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Progress {
    /// Never judged.
    NotStarted,
    /// Judged, not yet solved.
    Attempted,
    /// Every case passed once.
    Solved,
}

impl ProblemState {
    /// Records a judgement of the learner's own file. Judging the stub as shipped (every case at
    /// `todo!()`, as `run --all` does), a missing file, an interrupted run or a failure of the
    /// judge itself is no attempt; a problem once solved stays solved.
    pub fn record(&mut self, report: &ProblemReport) {
        let attempt = !report.untouched()
            && !report.interrupted()
            && !matches!(report.status, ProblemStatus::Missing);
        self.attempts += u32::from(attempt);
        self.solved |= report.solved();
    }

    /// Where the learner stands.
    pub fn progress(&self) -> Progress {
        if self.solved {
            Progress::Solved
        } else if self.attempts > 0 {
            Progress::Attempted
        } else {
            Progress::NotStarted
        }
    }
}

/// Progress on every problem, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The format's version, for future migrations.
    pub version: u32,
    /// Per-problem progress.
    #[serde(default)]
    pub problems: BTreeMap<String, ProblemState>,
}

/// The current state format version.
const VERSION: u32 = 1;

/// Where a [`State`] is kept.
#[derive(Debug, Clone)]
pub struct StateStore {
    path: PathBuf,
}

/// A loaded state, with a warning when the file on disk had to be set aside.
#[derive(Debug)]
pub struct Loaded {
    /// The state (empty if there was none or it was unreadable).
    pub state: State,
    /// Set when a corrupt file was moved aside: says where.
    pub warning: Option<String>,
}

impl StateStore {
    /// A store at `path`.
    pub fn new(path: PathBuf) -> StateStore {
        StateStore { path }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the state. A missing file is an empty state; a corrupt one is renamed to
    /// `state.json.corrupt-<seconds>` and reported in [`Loaded::warning`].
    pub fn load(&self) -> Result<Loaded, WorkspaceError> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    state: State {
                        version: VERSION,
                        ..State::default()
                    },
                    warning: None,
                });
            }
            Err(source) => {
                return Err(WorkspaceError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        match serde_json::from_str::<State>(&text) {
            Ok(state) => Ok(Loaded {
                state,
                warning: None,
            }),
            Err(e) => {
                let stamp = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                // A second corrupt file in the same second must not replace the first one.
                let aside = (0..)
                    .map(|n| {
                        let suffix = if n == 0 {
                            String::new()
                        } else {
                            format!("-{n}")
                        };
                        self.path
                            .with_extension(format!("json.corrupt-{stamp}{suffix}"))
                    })
                    .find(|p| !p.exists())
                    .unwrap_or_else(|| self.path.with_extension("json.corrupt"));
                fs::rename(&self.path, &aside).map_err(|source| WorkspaceError::Io {
                    path: self.path.clone(),
                    source,
                })?;
                Ok(Loaded {
                    state: State {
                        version: VERSION,
                        ..State::default()
                    },
                    warning: Some(format!(
                        "{} could not be read ({e}); it was moved to {} and progress starts afresh",
                        self.path.display(),
                        aside.display()
                    )),
                })
            }
        }
    }

    /// Writes the state atomically.
    pub fn save(&self, state: &State) -> Result<(), WorkspaceError> {
        let io = |source| WorkspaceError::Io {
            path: self.path.clone(),
            source,
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        let text = serde_json::to_string_pretty(state).unwrap_or_default();
        tmp.write_all(text.as_bytes()).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&self.path).map_err(|e| io(e.error))?;
        Ok(())
    }

    /// Loads, applies `change`, saves; returns what `change` returned and any load warning.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut State) -> T,
    ) -> Result<(T, Option<String>), WorkspaceError> {
        let Loaded { mut state, warning } = self.load()?;
        let out = change(&mut state);
        self.save(&state)?;
        Ok((out, warning))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_state_is_set_aside_not_lost() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = StateStore::new(dir.path().join("state.json"));
        fs::write(store.path(), "{ not json").expect("write");
        let loaded = store.load().expect("loads");
        assert_eq!(loaded.state.problems.len(), 0);
        assert!(loaded.warning.is_some());
        let aside: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            fs::read_to_string(aside[0].path()).expect("read"),
            "{ not json"
        );
    }

    #[test]
    fn updates_round_trip() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = StateStore::new(dir.path().join("nested/state.json"));
        store
            .update(|s| s.problems.entry("bce-loss".into()).or_default().hints_seen = 2)
            .expect("saves");
        let loaded = store.load().expect("loads");
        assert_eq!(loaded.state.problems["bce-loss"].hints_seen, 2);
    }
}
