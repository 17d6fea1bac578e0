//! The learner's workspace: an ordinary Cargo package with one stub file per problem, found from
//! any directory inside it (as cargo finds its `Cargo.toml`), and the learner's progress (hints
//! seen, problems attempted and solved) kept beside it. Nothing here ever overwrites a learner's file.

pub mod state;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use pixelbank_spec::{Bank, Origin, Problem};

pub use state::{ProblemState, Progress, State, StateStore};

/// The file that marks a workspace's root.
pub const MARKER: &str = "pixelbank.toml";

/// Errors of workspace operations.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// A file or directory could not be read or written.
    #[error("{path}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The marker file is not valid.
    #[error("{path}: {message}")]
    Marker {
        /// The marker file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `init` was pointed at a directory that holds another Cargo project.
    #[error(
        "{} holds a Cargo project already ({what}); pixelbank would leave it half converted. \
         Create the workspace in a directory of its own, for example `pixelbank init \
         pixelbank-practice`",
        root.display()
    )]
    ForeignProject {
        /// The directory.
        root: PathBuf,
        /// What its manifest declares (`package \`name\``, a Cargo workspace).
        what: String,
    },
    /// The judge's runtime lock file could not be read.
    #[error("the runtime's Cargo.lock cannot be read: {message}")]
    RuntimeLock {
        /// What is wrong.
        message: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WorkspaceError + '_ {
    move |source| WorkspaceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A learner workspace on disk.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    problems: Option<PathBuf>,
}

/// What `reset` did.
#[derive(Debug)]
pub struct Reset {
    /// The learner's file, now the stub.
    pub file: PathBuf,
    /// Where the learner's code was kept, when the file held any.
    pub backup: Option<PathBuf>,
    /// Whether the file was the stub already (nothing was changed).
    pub unchanged: bool,
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files created.
    pub created: Vec<PathBuf>,
    /// Files that already existed and were left as they were.
    pub skipped: Vec<PathBuf>,
    /// Module declarations appended to an existing `src/lib.rs`.
    pub declared: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Marker {
    #[serde(default)]
    problems: Option<PathBuf>,
}

const MANIFEST: &str = r#"[package]
name = "pixelbank-practice"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
ndarray = "0.17"

# A workspace of its own, wherever it is created.
[workspace]
"#;

const MARKER_TEXT: &str = "# This directory is a pixelbank workspace: `pixelbank run <id>` judges src/<id>.rs.\n\
# To practise another bank than the official one, name its directory (relative to this file):\n\
# problems = \"../my-bank\"\n";

impl Workspace {
    /// Finds the workspace containing `start`, looking in it and then in each parent.
    pub fn discover(start: &Path) -> Result<Option<Workspace>, WorkspaceError> {
        for dir in start.ancestors() {
            let marker = dir.join(MARKER);
            if marker.is_file() {
                return Workspace::open(dir).map(Some);
            }
        }
        Ok(None)
    }

    /// Opens the workspace rooted at `root` (which holds the marker file).
    pub fn open(root: &Path) -> Result<Workspace, WorkspaceError> {
        let path = root.join(MARKER);
        let text = fs::read_to_string(&path).map_err(io(&path))?;
        let marker: Marker = toml::from_str(&text).map_err(|e| WorkspaceError::Marker {
            path: path.clone(),
            message: e.to_string(),
        })?;
        Ok(Workspace {
            root: root.to_path_buf(),
            problems: marker.problems.map(|p| root.join(p)),
        })
    }

    /// Creates (or completes) a workspace at `root` for every problem in `bank`, never touching a
    /// file that exists. Its Cargo.lock pins ndarray and what it depends on to the versions of
    /// `runtime_lock`, the lock of the runtime every judged program links, so that `cargo check`
    /// builds what the judge does. A directory holding another Cargo project is refused.
    pub fn init(
        root: &Path,
        bank: &Bank,
        runtime_lock: &str,
    ) -> Result<(Workspace, InitReport), WorkspaceError> {
        refuse_foreign_project(root)?;
        let lock = lock_file(runtime_lock)?;
        let mut report = InitReport::default();
        fs::create_dir_all(root.join("src")).map_err(io(root))?;
        let mut create = |path: PathBuf, text: &str| -> Result<(), WorkspaceError> {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    file.write_all(text.as_bytes()).map_err(io(&path))?;
                    report.created.push(path);
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    report.skipped.push(path);
                    Ok(())
                }
                Err(e) => Err(io(&path)(e)),
            }
        };
        // A workspace made for another bank remembers it, so every later command uses it too.
        let marker = match bank.origin() {
            Origin::Official => MARKER_TEXT.to_string(),
            Origin::Dir(dir) => {
                let dir = dir.canonicalize().map_err(io(dir))?;
                format!(
                    "{MARKER_TEXT}problems = {}\n",
                    toml::Value::String(dir.display().to_string())
                )
            }
        };
        create(root.join(MARKER), &marker)?;
        create(root.join("Cargo.toml"), MANIFEST)?;
        create(root.join("Cargo.lock"), &lock)?;
        create(root.join(".gitignore"), "/target\n")?;
        let lib_text: String = std::iter::once(
            "//! My solutions to pixelbank's problems, one module per problem.\n\n".to_string(),
        )
        .chain(
            bank.problems()
                .iter()
                .map(|p| format!("pub mod {};\n", p.module_name())),
        )
        .collect();
        let lib = root.join("src/lib.rs");
        let lib_existed = lib.exists();
        create(lib.clone(), &lib_text)?;
        for problem in bank.problems() {
            create(
                root.join("src")
                    .join(format!("{}.rs", problem.module_name())),
                &pixelbank_spec::stub(problem),
            )?;
        }
        let workspace = Workspace::open(root)?;
        if lib_existed {
            report.declared = workspace.declare_modules(bank)?;
        }
        Ok((workspace, report))
    }

    /// Appends `pub mod x;` to `src/lib.rs` for problems it does not declare yet (a bank that grew
    /// since `init`). Appending keeps every line the learner wrote.
    fn declare_modules(&self, bank: &Bank) -> Result<Vec<String>, WorkspaceError> {
        let lib = self.root.join("src/lib.rs");
        let text = fs::read_to_string(&lib).map_err(io(&lib))?;
        let missing: Vec<String> = bank
            .problems()
            .iter()
            .map(Problem::module_name)
            .filter(|m| !text.contains(&format!("mod {m};")))
            .collect();
        if !missing.is_empty() {
            let mut file = fs::OpenOptions::new()
                .append(true)
                .open(&lib)
                .map_err(io(&lib))?;
            let mut added = String::new();
            if !text.ends_with('\n') {
                added.push('\n');
            }
            for m in &missing {
                added.push_str(&format!("pub mod {m};\n"));
            }
            file.write_all(added.as_bytes()).map_err(io(&lib))?;
        }
        Ok(missing)
    }

    /// The workspace's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The bank directory the marker names, if any.
    pub fn problems_dir(&self) -> Option<&Path> {
        self.problems.as_deref()
    }

    /// The learner's file for `problem`.
    pub fn submission(&self, problem: &Problem) -> PathBuf {
        self.root
            .join("src")
            .join(format!("{}.rs", problem.module_name()))
    }

    /// The problem of `bank` whose learner's file is `path`, if it is one.
    pub fn problem_at<'b>(&self, path: &Path, bank: &'b Bank) -> Option<&'b Problem> {
        let src = self.root.join("src");
        if path.parent() != Some(src.as_path()) {
            return None;
        }
        let stem = path.file_stem()?.to_str()?;
        path.extension().filter(|x| *x == "rs")?;
        bank.problems().iter().find(|p| p.module_name() == stem)
    }

    /// Restores the stub of `problem`, first keeping the learner's file, if it holds anything
    /// else, in `.pixelbank/backups/<module>-<n>.rs` (a new number each time: no backup is ever
    /// overwritten).
    pub fn reset(&self, problem: &Problem) -> Result<Reset, WorkspaceError> {
        let file = self.submission(problem);
        let stub = pixelbank_spec::stub(problem);
        let old = match fs::read(&file) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&file)(e)),
        };
        if old.as_deref() == Some(stub.as_bytes()) {
            return Ok(Reset {
                file,
                backup: None,
                unchanged: true,
            });
        }
        let backup = match &old {
            Some(bytes) => Some(self.back_up(&problem.module_name(), bytes)?),
            None => None,
        };
        let dir = self.root.join("src");
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(io(&dir))?;
        tmp.write_all(stub.as_bytes()).map_err(io(&file))?;
        tmp.persist(&file).map_err(|e| io(&file)(e.error))?;
        Ok(Reset {
            file,
            backup,
            unchanged: false,
        })
    }

    /// Writes `bytes` to a new backup file of `module`; returns its path.
    fn back_up(&self, module: &str, bytes: &[u8]) -> Result<PathBuf, WorkspaceError> {
        let dir = self.root.join(".pixelbank/backups");
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        for n in 1.. {
            let path = dir.join(format!("{module}-{n}.rs"));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    f.write_all(bytes)
                        .and_then(|()| f.sync_all())
                        .map_err(io(&path))?;
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io(&path)(e)),
            }
        }
        unreachable!("some backup number is free")
    }

    /// The learner's progress file.
    pub fn state_store(&self) -> StateStore {
        StateStore::new(self.root.join(".pixelbank/state.json"))
    }
}

/// The judge's cache, shared by every workspace, verify and grading run of a user:
/// `PIXELBANK_CACHE_DIR`, else the user's cache directory, else a directory under the system's
/// temporary directory.
pub fn default_cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PIXELBANK_CACHE_DIR") {
        // Absolute, since the judge starts programs from other directories: a relative path
        // would name another place there.
        let dir = PathBuf::from(dir);
        return std::path::absolute(&dir).unwrap_or(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("pixelbank")
}

/// Refuses to turn a directory holding another Cargo project into a workspace: its manifest would
/// lack ndarray and its `src/lib.rs` the problems' modules.
fn refuse_foreign_project(root: &Path) -> Result<(), WorkspaceError> {
    let manifest = root.join("Cargo.toml");
    if root.join(MARKER).is_file() || !manifest.exists() {
        return Ok(());
    }
    let text = fs::read_to_string(&manifest).map_err(io(&manifest))?;
    let doc: toml::Table = text.parse().unwrap_or_default();
    let name = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    // A workspace whose marker was deleted is still ours.
    if name == Some("pixelbank-practice") {
        return Ok(());
    }
    let what = match name {
        Some(name) => format!("package `{name}`"),
        None if doc.contains_key("workspace") => "a Cargo workspace".to_string(),
        None => "a Cargo.toml".to_string(),
    };
    Err(WorkspaceError::ForeignProject {
        root: root.to_path_buf(),
        what,
    })
}

/// The workspace's Cargo.lock: the learner's package depending on ndarray, and every package of
/// `runtime_lock` that ndarray needs, copied as cargo wrote them (so that `cargo --locked` finds
/// nothing to change).
pub fn lock_file(runtime_lock: &str) -> Result<String, WorkspaceError> {
    const SEPARATOR: &str = "\n[[package]]\n";
    let bad = |message: String| WorkspaceError::RuntimeLock { message };
    let mut parts = runtime_lock.split(SEPARATOR);
    let header = parts.next().unwrap_or_default();
    let mut blocks: Vec<(String, String, Vec<String>, String)> = Vec::new();
    for block in parts {
        let table: toml::Table = block.parse().map_err(|e| bad(format!("{e}")))?;
        let field = |key: &str| {
            table
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| bad(format!("a package without `{key}`")))
        };
        let deps = table
            .get("dependencies")
            .and_then(|d| d.as_array())
            .map(|d| {
                d.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        blocks.push((field("name")?, field("version")?, deps, block.to_string()));
    }
    // A dependency is `name` or, when the lock holds several versions, `name version`.
    let mut needed = std::collections::BTreeSet::new();
    let mut queue = vec!["ndarray".to_string()];
    while let Some(dep) = queue.pop() {
        let mut words = dep.split_whitespace();
        let (name, version) = (words.next().unwrap_or_default(), words.next());
        let Some(i) = blocks
            .iter()
            .position(|(n, v, ..)| n == name && version.is_none_or(|want| want == v))
        else {
            return Err(bad(format!("it does not hold `{dep}`")));
        };
        if needed.insert(i) {
            queue.extend(blocks[i].2.iter().cloned());
        }
    }
    let root =
        "name = \"pixelbank-practice\"\nversion = \"0.1.0\"\ndependencies = [\n \"ndarray\",\n]\n";
    let mut chosen: Vec<(&str, &str, String)> = needed
        .iter()
        .map(|&i| {
            let block = blocks[i].3.trim_end().to_string() + "\n";
            (blocks[i].0.as_str(), blocks[i].1.as_str(), block)
        })
        .collect();
    chosen.push(("pixelbank-practice", "0.1.0", root.to_string()));
    chosen.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut out = header.trim_end().to_string();
    out.push('\n');
    for (.., block) in chosen {
        out.push_str(SEPARATOR);
        out.push_str(&block);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNTIME_LOCK: &str = include_str!("../../judge/runtime/Cargo.lock");

    #[test]
    fn the_lock_holds_ndarray_and_its_dependencies_only() {
        let lock = lock_file(RUNTIME_LOCK).expect("a lock");
        let doc: toml::Table = lock.parse().expect("TOML");
        let names: Vec<&str> = doc["package"]
            .as_array()
            .expect("packages")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert!(names.contains(&"ndarray") && names.contains(&"pixelbank-practice"));
        assert!(names.contains(&"num-traits"), "{names:?}");
        assert!(!names.contains(&"serde_json"), "{names:?}");
        assert!(!names.contains(&"pixelbank-wire"), "{names:?}");
    }
}
