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
    /// file that exists.
    pub fn init(root: &Path, bank: &Bank) -> Result<(Workspace, InitReport), WorkspaceError> {
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
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("pixelbank")
}
