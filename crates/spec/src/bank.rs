//! A bank of problems: the official one embedded at build time, or any directory of problem files
//! (an instructor's bank with hidden tests, a third-party collection), loaded and checked as a whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{BankError, SourceFile};
use crate::problem::{Problem, id_offset};

mod official {
    include!(concat!(env!("OUT_DIR"), "/official.rs"));
}

/// The official bank's catalogue, made at build time.
pub(crate) fn official_entries() -> Vec<crate::catalog::Entry> {
    official::INDEX
        .iter()
        .map(
            |(id, title, difficulty, collection, hints)| crate::catalog::Entry {
                id: id.to_string(),
                title: title.to_string(),
                difficulty: match *difficulty {
                    "medium" => crate::Difficulty::Medium,
                    "hard" => crate::Difficulty::Hard,
                    _ => crate::Difficulty::Easy,
                },
                collection: collection.to_string(),
                hints: *hints,
            },
        )
        .collect()
}

/// Reads one problem file.
pub(crate) fn read_problem_file(path: &Path) -> Result<String, BankError> {
    std::fs::read_to_string(path).map_err(|source| BankError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Where a bank came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The bank built into this binary.
    Official,
    /// A directory given with `--problems` or `PIXELBANK_PROBLEMS`.
    Dir(PathBuf),
}

fn official_file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: format!("problems/{name}"),
        text: text.to_string(),
    }
}

impl Origin {
    /// Loads the whole bank from here.
    pub fn load(&self) -> Result<Bank, BankError> {
        match self {
            Origin::Official => Bank::official(),
            Origin::Dir(dir) => Bank::load_dir(dir),
        }
    }

    /// Loads only the problem `id`, from its file `<id>.toml` (validation makes every id its file's
    /// name), which is all `show`, `run` and `hint` need and a tenth of the time of the whole bank.
    /// An id with no such file loads the whole bank, so that the error can suggest the closest ids.
    pub fn load_problem(&self, id: &str) -> Result<Problem, BankError> {
        let name = format!("{id}.toml");
        let file = match self {
            _ if !crate::problem::is_kebab(id) => None,
            Origin::Official => official::OFFICIAL
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| official_file(n, text)),
            Origin::Dir(dir) => {
                let path = dir.join(&name);
                match std::fs::read_to_string(&path) {
                    Ok(text) => Some(SourceFile {
                        name: path.display().to_string(),
                        text,
                    }),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(source) => return Err(BankError::Io { path, source }),
                }
            }
        };
        match file {
            Some(file) => Problem::parse(&file).map_err(BankError::Invalid),
            None => self.load()?.get(id).cloned(),
        }
    }
}

/// A validated set of problems with unique ids, sorted by id.
#[derive(Debug, Clone)]
pub struct Bank {
    problems: Vec<Problem>,
    origin: Origin,
}

impl Bank {
    /// The official bank, embedded in the binary.
    pub fn official() -> Result<Bank, BankError> {
        let files = official::OFFICIAL
            .iter()
            .map(|(name, text)| official_file(name, text));
        Bank::from_files(files, Origin::Official)
    }

    /// Every `*.toml` file in `dir` (not recursing; a `README.md` beside them is fine).
    pub fn load_dir(dir: &Path) -> Result<Bank, BankError> {
        let io = |source| BankError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().is_some_and(|x| x == "toml") {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(BankError::Empty {
                path: dir.to_path_buf(),
            });
        }
        paths.sort();
        let files = paths
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).map_err(|source| BankError::Io {
                    path: path.clone(),
                    source,
                })?;
                Ok(SourceFile {
                    name: path.display().to_string(),
                    text,
                })
            })
            .collect::<Result<Vec<_>, BankError>>()?;
        Bank::from_files(files, Origin::Dir(dir.to_path_buf()))
    }

    /// Parses and validates the given files, collecting every error in every file.
    pub fn from_files(
        files: impl IntoIterator<Item = SourceFile>,
        origin: Origin,
    ) -> Result<Bank, BankError> {
        let mut problems = Vec::new();
        let mut errors = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for file in files {
            match Problem::parse(&file) {
                Ok(problem) => {
                    if let Some(first) = seen.get(&problem.id) {
                        let at = id_offset(&file.text).unwrap_or(0);
                        errors.push(file.error_at(
                            at,
                            format!("duplicate id `{}`: {first} already defines it", problem.id),
                        ));
                    } else {
                        seen.insert(problem.id.clone(), file.name.clone());
                        problems.push(problem);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(BankError::Invalid(errors));
        }
        problems.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Bank { problems, origin })
    }

    /// Where the bank came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Every problem, sorted by id.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The problem with this id, or an error naming the closest ids.
    pub fn get(&self, id: &str) -> Result<&Problem, BankError> {
        self.problems.iter().find(|p| p.id == id).ok_or_else(|| {
            let mut scored: Vec<(f64, &str)> = self
                .problems
                .iter()
                .map(|p| (strsim::jaro_winkler(id, &p.id), p.id.as_str()))
                .filter(|(score, candidate)| *score > 0.75 || candidate.contains(id))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            BankError::UnknownProblem {
                id: id.to_string(),
                suggestions: scored
                    .into_iter()
                    .take(3)
                    .map(|(_, s)| s.to_string())
                    .collect(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_bank_is_valid() {
        let bank = Bank::official().unwrap_or_else(|e| panic!("{e}"));
        assert!(bank.get("bce-loss").is_ok());
    }

    #[test]
    fn one_problem_loads_alone_and_an_unknown_one_gets_suggestions() {
        let problem = Origin::Official
            .load_problem("bce-loss")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(problem.id, "bce-loss");
        let err = Origin::Official
            .load_problem("bce-los")
            .expect_err("no such id");
        assert!(err.to_string().contains("did you mean"), "{err}");
        assert!(
            Origin::Official
                .load_problem("../problems/bce-loss")
                .is_err()
        );
    }

    #[test]
    fn unknown_ids_get_suggestions() {
        let bank = Bank::official().unwrap_or_else(|e| panic!("{e}"));
        let err = bank.get("bce-los").expect_err("no such id");
        let BankError::UnknownProblem { suggestions, .. } = &err else {
            panic!("unexpected error {err}");
        };
        assert_eq!(suggestions.first().map(String::as_str), Some("bce-loss"));
        assert!(err.to_string().contains("did you mean"), "{err}");
    }
}
