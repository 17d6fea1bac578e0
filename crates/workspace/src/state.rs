//! The learner's progress: per problem, hints seen, attempts, whether it was ever solved, and the
//! problem the learner is on (the guided path's rules: the current problem, the next one). Stored
//! as JSON, written atomically (a temporary file renamed over the old one); a file that cannot be
//! read, or a directory in its place, is set aside with a warning, never a crash and never
//! silently lost.

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
    /// The problem the learner last chose (with `next`, or by naming it to `run`, `hint` or
    /// `watch`); see [`State::current`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
}

impl State {
    /// Whether the problem `id` was ever solved.
    pub fn solved(&self, id: &str) -> bool {
        self.problems.get(id).is_some_and(|p| p.solved)
    }

    /// How many of the problems `order` names are solved.
    pub fn solved_count(&self, order: &[&str]) -> usize {
        order.iter().filter(|id| self.solved(id)).count()
    }

    /// The first problem of the study order `order` not solved yet; `None` once all are.
    pub fn first_unsolved<'a>(&self, order: &[&'a str]) -> Option<&'a str> {
        order.iter().copied().find(|id| !self.solved(id))
    }

    /// The problem a command without an id works on: the one last chosen while it is unsolved,
    /// else the first unsolved one of `order`, else (every problem solved) the one last chosen.
    pub fn current<'a>(&self, order: &[&'a str]) -> Option<&'a str> {
        let chosen = self
            .current
            .as_deref()
            .and_then(|c| order.iter().copied().find(|id| *id == c));
        match chosen {
            Some(id) if !self.solved(id) => Some(id),
            _ => self.first_unsolved(order).or(chosen),
        }
    }

    /// The next unsolved problem after `id` in `order`, coming round to the start; `None` when no
    /// other problem is unsolved.
    pub fn next_after<'a>(&self, order: &[&'a str], id: &str) -> Option<&'a str> {
        let at = order.iter().position(|p| *p == id).map_or(0, |i| i + 1);
        order[at..]
            .iter()
            .chain(&order[..at])
            .copied()
            .find(|p| *p != id && !self.solved(p))
    }

    /// Makes `id` the current problem.
    pub fn choose(&mut self, id: &str) {
        self.current = Some(id.to_string());
    }
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
    /// `state.json.corrupt-<seconds>`, and anything else in its place (a directory) to
    /// `state.json.broken-<seconds>`, and reported in [`Loaded::warning`].
    pub fn load(&self) -> Result<Loaded, WorkspaceError> {
        if let Ok(meta) = fs::symlink_metadata(&self.path)
            && !meta.is_file()
            && !(meta.is_symlink() && self.path.is_file())
        {
            let aside = self.set_aside("broken")?;
            return Ok(Loaded {
                state: State {
                    version: VERSION,
                    ..State::default()
                },
                warning: Some(format!(
                    "{} is not a file; it was moved to {} and progress starts afresh",
                    self.path.display(),
                    aside.display()
                )),
            });
        }
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
                let aside = self.set_aside("corrupt")?;
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

    /// Moves what is at the state's path to `state.json.<why>-<seconds>`, never over another file.
    fn set_aside(&self, why: &str) -> Result<PathBuf, WorkspaceError> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        // A second broken file in the same second must not replace the first one.
        let aside = (0..)
            .map(|n| {
                let suffix = if n == 0 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                self.path
                    .with_extension(format!("json.{why}-{stamp}{suffix}"))
            })
            .find(|p| fs::symlink_metadata(p).is_err())
            .unwrap_or_else(|| self.path.with_extension(format!("json.{why}")));
        fs::rename(&self.path, &aside).map_err(|source| WorkspaceError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(aside)
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
    fn the_current_problem_is_the_chosen_one_until_it_is_solved() {
        let order = ["a", "b", "c"];
        let mut state = State::default();
        assert_eq!(state.current(&order), Some("a"));
        state.choose("c");
        assert_eq!(state.current(&order), Some("c"));
        state.problems.entry("c".into()).or_default().solved = true;
        assert_eq!(state.current(&order), Some("a"));
        assert_eq!(state.next_after(&order, "a"), Some("b"));
        assert_eq!(state.next_after(&order, "b"), Some("a"));
        for id in order {
            state.problems.entry(id.into()).or_default().solved = true;
        }
        assert_eq!(state.first_unsolved(&order), None);
        assert_eq!(state.current(&order), Some("c"));
        assert_eq!(state.next_after(&order, "c"), None);
        assert_eq!(state.solved_count(&order), 3);
    }

    #[test]
    fn a_directory_in_place_of_the_state_is_set_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = StateStore::new(dir.path().join("state.json"));
        fs::create_dir(store.path()).expect("a directory in its place");
        let loaded = store.load().expect("loads");
        assert!(loaded.warning.is_some_and(|w| w.contains("is not a file")));
        store
            .save(&loaded.state)
            .expect("saves once it is set aside");
        assert!(store.path().is_file());
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
