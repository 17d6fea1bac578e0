//! A bank of problems: the official one embedded at build time, or any directory of problem files
//! (an instructor's bank with hidden tests, a third-party collection), loaded and checked as a whole.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{BankError, SourceFile};
use crate::order::{ORDER_FILE, StudyOrder};
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

/// Reads one problem file, refusing one larger than [`crate::problem::MAX_FILE_BYTES`] before
/// reading it (and one that grows past it while it is read).
pub(crate) fn read_problem_file(path: &Path) -> Result<String, BankError> {
    use std::io::Read as _;
    let io = |source| BankError::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |bytes: u64| {
        let file = SourceFile {
            name: path.display().to_string(),
            text: String::new(),
        };
        BankError::Invalid(vec![file.error_in_file(crate::problem::too_large(bytes))])
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let limit = crate::problem::MAX_FILE_BYTES as u64;
    if size > limit {
        return Err(too_large(size));
    }
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text).map_err(io)?;
    if text.len() as u64 > limit {
        return Err(too_large(text.len() as u64));
    }
    Ok(text)
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
                match read_problem_file(&path) {
                    Ok(text) => Some(SourceFile {
                        name: path.display().to_string(),
                        text,
                    }),
                    Err(BankError::Io { source, .. })
                        if source.kind() == std::io::ErrorKind::NotFound =>
                    {
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        match file {
            Some(file) => Problem::parse(&file).map_err(BankError::Invalid),
            None => self.load()?.get(id).cloned(),
        }
    }
}

impl Origin {
    /// The reference solution of `problem`, if the bank ships one: the official bank's are built
    /// in; a bank directory's are `solutions/<module>.rs` inside it, or `../solutions/src/<module>.rs`
    /// beside it (the layout of pixelbank's own repository), and a problem copied unchanged from
    /// the official bank has the official one.
    pub fn reference_solution(&self, problem: &Problem) -> Result<Option<String>, BankError> {
        let module = problem.module_name();
        match self {
            Origin::Official => Ok(official::SOLUTIONS
                .iter()
                .find(|(m, _)| *m == module)
                .map(|(_, text)| text.to_string())),
            Origin::Dir(dir) => {
                let file = format!("{module}.rs");
                for path in [
                    dir.join("solutions").join(&file),
                    dir.join("../solutions/src").join(&file),
                ] {
                    match std::fs::read_to_string(&path) {
                        Ok(text) => return Ok(Some(text)),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(source) => return Err(BankError::Io { path, source }),
                    }
                }
                // The same file, byte for byte (a problem's values may hold NaN, which no
                // comparison of values calls equal).
                let name = format!("{}.toml", problem.id);
                let copied = read_problem_file(&dir.join(&name)).ok();
                let official = official::OFFICIAL.iter().find(|(n, _)| *n == name);
                match (copied, official) {
                    (Some(text), Some((_, original))) if text == *original => {
                        Origin::Official.reference_solution(problem)
                    }
                    _ => Ok(None),
                }
            }
        }
    }
}

impl Origin {
    /// The wrong solutions of `problem` the bank ships, `(name, source)` by name: the official
    /// bank's are built in; a bank directory's are `solutions/wrong/<module>/<name>.rs` inside
    /// it, or `../solutions/wrong/<module>/` beside it, and a problem copied unchanged from the
    /// official bank has the official ones.
    pub fn wrong_solutions(&self, problem: &Problem) -> Result<Vec<(String, String)>, BankError> {
        let module = problem.module_name();
        match self {
            Origin::Official => Ok(official::WRONG
                .iter()
                .filter(|(m, _, _)| *m == module)
                .map(|(_, name, text)| (name.to_string(), text.to_string()))
                .collect()),
            Origin::Dir(dir) => {
                for candidate in [
                    dir.join("solutions/wrong").join(&module),
                    dir.join("../solutions/wrong").join(&module),
                ] {
                    if candidate.is_dir() {
                        return wrong_solutions_in(&candidate);
                    }
                }
                let name = format!("{}.toml", problem.id);
                let copied = read_problem_file(&dir.join(&name)).ok();
                let official = official::OFFICIAL.iter().find(|(n, _)| *n == name);
                match (copied, official) {
                    (Some(text), Some((_, original))) if text == *original => {
                        Origin::Official.wrong_solutions(problem)
                    }
                    _ => Ok(Vec::new()),
                }
            }
        }
    }
}

/// The wrong solutions in `dir` (`<name>.rs`), by name.
pub fn wrong_solutions_in(dir: &Path) -> Result<Vec<(String, String)>, BankError> {
    let io = |source| BankError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(e)),
    };
    for entry in entries {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|x| x == "rs")
            && let Some(name) = path.file_stem().and_then(|n| n.to_str())
        {
            let text = std::fs::read_to_string(&path).map_err(|source| BankError::Io {
                path: path.clone(),
                source,
            })?;
            out.push((name.to_string(), text));
        }
    }
    out.sort();
    Ok(out)
}

/// A validated set of problems with unique ids, sorted by id, and its study order.
#[derive(Debug, Clone)]
pub struct Bank {
    problems: Vec<Problem>,
    origin: Origin,
    order: StudyOrder,
}

/// The official bank's `_order.toml`.
pub(crate) fn official_order() -> Option<SourceFile> {
    official::ORDER.map(|text| official_file(ORDER_FILE, text))
}

/// Reads a study order for the collections `used`; the default one without a file.
pub(crate) fn study_order(
    file: Option<SourceFile>,
    used: &BTreeSet<&str>,
) -> Result<StudyOrder, BankError> {
    match file {
        Some(file) => StudyOrder::parse(&file, used).map_err(BankError::Invalid),
        None => Ok(StudyOrder::default()),
    }
}

/// The `_order.toml` of a bank directory, if it has one.
pub(crate) fn order_file(dir: &Path) -> Result<Option<SourceFile>, BankError> {
    let path = dir.join(ORDER_FILE);
    match read_problem_file(&path) {
        Ok(text) => Ok(Some(SourceFile {
            name: path.display().to_string(),
            text,
        })),
        Err(BankError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl Bank {
    /// The official bank, embedded in the binary.
    pub fn official() -> Result<Bank, BankError> {
        let files = official::OFFICIAL
            .iter()
            .map(|(name, text)| official_file(name, text));
        Bank::from_files(files, Origin::Official)?.with_order(official_order())
    }

    /// This bank with the study order `file` declares.
    fn with_order(mut self, file: Option<SourceFile>) -> Result<Bank, BankError> {
        let used: BTreeSet<&str> = self
            .problems
            .iter()
            .map(|p| p.collection.as_str())
            .collect();
        self.order = study_order(file, &used)?;
        Ok(self)
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
            let order = path.file_name().is_some_and(|n| n == ORDER_FILE);
            if path.extension().is_some_and(|x| x == "toml") && !order {
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
                let text = read_problem_file(&path)?;
                Ok(SourceFile {
                    name: path.display().to_string(),
                    text,
                })
            })
            .collect::<Result<Vec<_>, BankError>>()?;
        Bank::from_files(files, Origin::Dir(dir.to_path_buf()))?.with_order(order_file(dir)?)
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
        Ok(Bank {
            problems,
            origin,
            order: StudyOrder::default(),
        })
    }

    /// Where the bank came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Every problem, sorted by id.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Every problem, in the study order: by collection as the bank's `_order.toml` lists them,
    /// within one from easy to hard.
    pub fn in_study_order(&self) -> Vec<&Problem> {
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        self.order.sort(&mut problems);
        problems
    }

    /// The bank's study order.
    pub fn study_order(&self) -> &StudyOrder {
        &self.order
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
