//! The judge: a learner's Rust files against a problem's cases, in three stages. **Build** turns
//! the files and a generated entry point into a program, content-addressed in a cache shared by
//! every workspace (`store`), compiled by rustc directly over a runtime built once (`runtime`,
//! `build`). **Execute** runs all of a problem's cases in one sandboxed child, each held to its own
//! deadline, results read back over a pipe the judge owns (`execute`, `sandbox`). **Evaluate**
//! holds each result against the case and returns structured differences (`evaluate`). Events
//! report progress as it happens; the judge prints nothing and words nothing: the verdict crate's
//! values go to `report`.

mod build;
mod entry;
mod evaluate;
mod execute;
mod generate;
mod runtime;
mod sandbox;
mod source;
mod store;
pub mod stress;
mod toolchain;
pub mod verify;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pixelbank_spec::Problem;
use pixelbank_verdict::{
    BuildInfo, Event, ProblemReport, ProblemStatus, Rule, SignatureFinding, SignatureMismatch,
};
use sha2::{Digest, Sha256};

pub use evaluate::{compare, floats_match, matches};

/// The lock file that pins the runtime's dependencies (ndarray, serde_json and theirs): a
/// learner's workspace pins the same versions of ndarray.
pub const RUNTIME_LOCK: &str = runtime::LOCK;
pub use sandbox::{interrupt, interrupted};

use crate::build::{Compile, Compiled, Diagnostic};
use crate::execute::{Planned, Runner};
use crate::runtime::Runtime;
use crate::sandbox::Jail;
use crate::store::{Store, Stored};
use crate::toolchain::Toolchain;

/// Everything that stops the judge itself from working (as opposed to a submission failing).
#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    /// The cache could not be created, locked or written.
    #[error("the build cache at {path}")]
    Cache {
        /// The file or directory concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The learner's file could not be read.
    #[error("cannot read {path}")]
    Submission {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The Rust toolchain is missing or broken.
    #[error("{message}")]
    Toolchain {
        /// What went wrong.
        message: String,
    },
    /// The runtime (ndarray, serde_json and the protocol) could not be built.
    #[error("{message}")]
    Runtime {
        /// What went wrong.
        message: String,
    },
    /// A program could not be run.
    #[error("{message}")]
    Run {
        /// What went wrong.
        message: String,
    },
    /// pixelbank was interrupted before the runtime was ready.
    #[error("interrupted")]
    Interrupted,
    /// The reference solution could not be built: an error of the bank, not of the learner.
    #[error("{message}")]
    Reference {
        /// What went wrong.
        message: String,
    },
}

/// How the judge works and what it reveals.
#[derive(Debug, Clone, Copy, Default)]
pub struct JudgeOptions {
    /// Give hidden cases' details too: for problem authors (`verify`), never for learners.
    pub reveal_hidden: bool,
    /// How builds reuse rustc's incremental state.
    pub builds: Builds,
    /// Run the compiler and the judged programs without the sandbox (resource limits and a
    /// session of their own only): for code the caller trusts, never for grading.
    pub no_sandbox: bool,
    /// Hold judged programs to their memory limit by a cgroup's count of every page they hold
    /// (where the machine lets the judge make cgroups), not by their address space alone. Exact
    /// against memory the address space does not show, but a process entering a cgroup waits
    /// for the kernel (some 10 ms on cgroup v1): for grading and verifying, not a learner's loop.
    pub count_every_page: bool,
}

/// The layers of the sandbox this machine has (probed once per process).
pub fn sandbox_layers() -> pixelbank_verdict::Layers {
    sandbox::confine::layers().clone()
}

/// Directories of the system a dynamically linked program reads its C libraries from.
const SYSTEM_LIBS: [&str; 4] = ["/lib", "/lib64", "/usr/lib", "/etc/ld.so.cache"];

/// How builds reuse rustc's incremental state: rustc's own cache of what it compiled, which the
/// judged programs never see (the sandbox keeps them out of the cache).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Builds {
    /// Every build from scratch.
    #[default]
    Clean,
    /// One incremental state per learner file and problem: a learner's edit recompiles little.
    PerFile,
    /// A few incremental states shared by every build (one per build running at once): a
    /// batch's submissions of the same problems reuse the entry points' and the libraries' code.
    Shared,
}

/// A judge bound to one cache directory.
#[derive(Debug)]
pub struct Judge {
    cache: PathBuf,
    store: Store,
    options: JudgeOptions,
    toolchain: OnceLock<Toolchain>,
    runtime: OnceLock<Runtime>,
}

/// One learner's file, read once: what is built is exactly what was read.
struct Source<'a> {
    problem: &'a Problem,
    file: PathBuf,
    /// The path diagnostics and panic locations name: the file's, or the part of it below a
    /// submission's root.
    shown: PathBuf,
    text: Vec<u8>,
}

impl Judge {
    /// A judge whose builds live in `cache_dir` (shared, safely, by every judge of a user).
    pub fn new(cache_dir: &Path, options: JudgeOptions) -> Result<Judge, JudgeError> {
        sandbox::adopt_orphans();
        let store = Store::open(cache_dir)?;
        sandbox::confine::keep_probes_in(cache_dir);
        Ok(Judge {
            cache: cache_dir.to_path_buf(),
            store,
            options,
            toolchain: OnceLock::new(),
            runtime: OnceLock::new(),
        })
    }

    fn toolchain(&self) -> Result<&Toolchain, JudgeError> {
        if let Some(t) = self.toolchain.get() {
            return Ok(t);
        }
        let found = Toolchain::find(&self.cache)?;
        Ok(self.toolchain.get_or_init(|| found))
    }

    /// Builds the runtime every judged program links, unless it is built already (once per user
    /// and toolchain; it compiles ndarray and serde_json, fetched by cargo if it has to).
    pub fn prepare(&self, events: &dyn Fn(Event<'_>)) -> Result<(), JudgeError> {
        self.runtime(events).map(|_| ())
    }

    fn runtime(&self, events: &dyn Fn(Event<'_>)) -> Result<&Runtime, JudgeError> {
        if let Some(r) = self.runtime.get() {
            return Ok(r);
        }
        let built = Runtime::ensure(&self.cache, self.toolchain()?, events)?;
        Ok(self.runtime.get_or_init(|| built))
    }

    /// Judges the learner's file `file` against every case of `problem`.
    pub fn judge(
        &self,
        problem: &Problem,
        file: &Path,
        events: &dyn Fn(Event<'_>),
    ) -> Result<ProblemReport, JudgeError> {
        let mut reports = self.judge_all(&[(problem, file.to_path_buf())], None, events)?;
        Ok(reports.remove(0))
    }

    /// Judges one submission on several problems: one program holds them all, and when it does
    /// not compile, each problem is built on its own, so that a compile error costs only its
    /// problem. Reports come back in the order of `work`. Files below `root` (a submission's
    /// directory) are named relative to it in diagnostics and panic locations (`src/x.rs:3:5`),
    /// which also lets every submission of a batch reuse the compiler's work on the others.
    pub fn judge_all(
        &self,
        work: &[(&Problem, PathBuf)],
        root: Option<&Path>,
        events: &dyn Fn(Event<'_>),
    ) -> Result<Vec<ProblemReport>, JudgeError> {
        let root = root.and_then(|r| r.canonicalize().ok());
        let mut reports: Vec<ProblemReport> =
            work.iter().map(|(p, f)| empty_report(p, f)).collect();
        let mut sources = Vec::new();
        for (i, (problem, file)) in work.iter().enumerate() {
            if !file.is_file() {
                continue;
            }
            let file = file
                .canonicalize()
                .map_err(|source| JudgeError::Submission {
                    path: file.clone(),
                    source,
                })?;
            let text = std::fs::read(&file).map_err(|source| JudgeError::Submission {
                path: file.clone(),
                source,
            })?;
            if let Some(constraints) = &problem.constraints {
                reports[i].violations =
                    source::check_constraints(constraints, &String::from_utf8_lossy(&text));
            }
            reports[i].submission = file.clone();
            let shown = root
                .as_deref()
                .and_then(|r| file.strip_prefix(r).ok())
                .map_or_else(|| file.clone(), Path::to_path_buf);
            sources.push((
                i,
                Source {
                    problem,
                    file,
                    shown,
                    text,
                },
            ));
        }
        if sources.is_empty() {
            return Ok(reports);
        }
        self.runtime(events)?;
        let together: Vec<&Source<'_>> = sources.iter().map(|(_, s)| s).collect();
        let built = if together.len() > 1 {
            match self.build(&together, events)? {
                (Built::Program(program), info, pending) => Some((program, info, pending)),
                _ => None,
            }
        } else {
            None
        };
        match built {
            // The compiler may finish while the program runs.
            Some((program, info, _pending)) => {
                for (k, (i, source)) in sources.iter().enumerate() {
                    reports[*i].build = info;
                    self.run(&program, k, source, &mut reports[*i], events)?;
                }
            }
            None => {
                for (i, source) in &sources {
                    let (built, info, _pending) = self.build(&[source], events)?;
                    let report = &mut reports[*i];
                    report.build = info;
                    match built {
                        Built::Program(program) => self.run(&program, 0, source, report, events)?,
                        Built::Failed(diagnostics) => {
                            report.status = compile_error(source, diagnostics);
                        }
                        Built::Limit(limit) => report.status = ProblemStatus::CompileLimit(limit),
                        Built::Interrupted => report.status = ProblemStatus::Interrupted,
                    }
                }
            }
        }
        for report in &mut reports {
            // The stub as shipped breaks no rule: `todo!()` calls nothing yet.
            if report.untouched() {
                report
                    .violations
                    .retain(|v| !matches!(v.rule, Rule::MissingCall { .. }));
            }
        }
        Ok(reports)
    }

    /// Finds or builds the program for `sources`.
    fn build(
        &self,
        sources: &[&Source<'_>],
        events: &dyn Fn(Event<'_>),
    ) -> Result<(Built, BuildInfo, Pending), JudgeError> {
        let start = Instant::now();
        let toolchain = self.toolchain()?;
        let runtime = self.runtime(events)?;
        let key = self.key(sources, toolchain, runtime);
        for s in sources {
            events(Event::Compiling {
                problem: &s.problem.id,
                file: &s.file,
            });
        }
        let finished = |built: Built, compiled: bool, pending: Pending| {
            let info = BuildInfo {
                duration: start.elapsed(),
                compiled,
            };
            for s in sources {
                events(Event::Compiled {
                    problem: &s.problem.id,
                    ok: matches!(built, Built::Program(_)),
                    duration: info.duration,
                });
            }
            (built, info, pending)
        };
        if let Some(stored) = self.store.get(&key) {
            return Ok(finished(stored.into(), false, Pending::default()));
        }
        let lock = self.store.lock(&key)?;
        if let Some(stored) = self.store.get(&key) {
            return Ok(finished(stored.into(), false, Pending::default()));
        }
        // rustc's incremental state holds for the paths it compiled: a build that reuses one
        // builds in the same directory each time; every other build in a fresh one.
        let incremental = match self.options.builds {
            Builds::Clean => None,
            Builds::PerFile => {
                let mut h = Sha256::new();
                for s in sources {
                    h.update(s.problem.id.as_bytes());
                    h.update(s.shown.as_os_str().as_encoded_bytes());
                    h.update([0]);
                }
                let name = runtime::hex(&h.finalize())[..16].to_string();
                Some(self.store.building_again(&name)?)
            }
            Builds::Shared => Some(self.store.free_slot()?),
        };
        let (dir, kept, incremental) = match incremental {
            Some((name, path, lock)) => (BuildDir::Kept(path), Some(lock), Some(name)),
            None => (BuildDir::Fresh(self.store.building()?), None, None),
        };
        let mut placed = Vec::new();
        let mut remaps = vec![(
            dir.path().to_path_buf(),
            PathBuf::from("/pixelbank/program"),
        )];
        for (k, s) in sources.iter().enumerate() {
            let copy_dir = dir.path().join(format!("f{k}"));
            let name = s.file.file_name().unwrap_or_default();
            let copy = copy_dir.join(name);
            let _ = std::fs::remove_dir_all(&copy_dir);
            std::fs::create_dir_all(&copy_dir)
                .and_then(|()| std::fs::write(&copy, &s.text))
                .map_err(|source| JudgeError::Cache {
                    path: copy.clone(),
                    source,
                })?;
            let shown_dir = s.shown.parent().filter(|d| !d.as_os_str().is_empty());
            remaps.push((copy_dir, shown_dir.unwrap_or(Path::new(".")).to_path_buf()));
            placed.push((s.problem, copy));
        }
        let entry_text = entry::generate(
            &placed
                .iter()
                .map(|(p, f)| (*p, f.as_path()))
                .collect::<Vec<_>>(),
        );
        let entry_path = dir.path().join("entry.rs");
        std::fs::write(&entry_path, entry_text).map_err(|source| JudgeError::Cache {
            path: entry_path.clone(),
            source,
        })?;
        let time_limit = sources
            .iter()
            .map(|s| Duration::from_millis(s.problem.limits.compile_ms))
            .max()
            .unwrap_or(Duration::from_secs(20));
        let program = dir.path().join("program");
        let incremental = incremental.map(|name| self.cache.join("incremental").join(name));
        // The compiler reads the toolchain, the runtime, the system's linker and libraries and
        // its own build directory; it writes there and to its incremental state only: no
        // `include_str!` of anything else, no `#[path]` into another file.
        let jail = (!self.options.no_sandbox).then(|| Jail {
            read: [toolchain.sysroot.clone(), runtime.dir.clone()]
                .into_iter()
                .chain(
                    [
                        "/usr",
                        "/lib",
                        "/lib64",
                        "/bin",
                        "/etc/ld.so.cache",
                        "/etc/alternatives",
                    ]
                    .map(PathBuf::from),
                )
                .collect(),
            write: [Some(dir.path().to_path_buf()), incremental.clone()]
                .into_iter()
                .flatten()
                .collect(),
            ..Jail::default()
        });
        if let Some(dir) = &incremental {
            std::fs::create_dir_all(dir).map_err(|source| JudgeError::Cache {
                path: dir.clone(),
                source,
            })?;
        }
        let compile = Compile {
            entry: &entry_path,
            output: &program,
            remaps,
            incremental,
            time_limit,
            jail,
        };
        let compiled = match compile.run(toolchain, runtime) {
            Ok(c) => c,
            Err(JudgeError::Interrupted) => {
                return Ok(finished(Built::Interrupted, true, Pending::default()));
            }
            Err(e) => return Err(e),
        };
        let (built, compiler) = match compiled {
            Compiled::Program(finishing) => (
                Built::Program(self.store.put_program(&key, &program)?),
                Some(finishing),
            ),
            Compiled::Failed(diagnostics) => {
                let diagnostics = diagnostics
                    .into_iter()
                    .map(|mut d| {
                        // The entry point is the judge's; name it as such, not by a path.
                        if d.in_entry {
                            d.rendered = d.rendered.replace("/pixelbank/program/", "");
                        }
                        d
                    })
                    .collect::<Vec<_>>();
                self.store.put_failure(&key, &diagnostics)?;
                (Built::Failed(diagnostics), None)
            }
            Compiled::Limit(limit) => (Built::Limit(limit), None),
        };
        let pending = Pending {
            _compiler: compiler,
            _dir: Some(dir),
            _locks: [Some(lock), kept].into_iter().flatten().collect(),
        };
        Ok(finished(built, true, pending))
    }

    /// The content address of a program built from `sources`.
    fn key(&self, sources: &[&Source<'_>], toolchain: &Toolchain, runtime: &Runtime) -> String {
        let mut h = Sha256::new();
        h.update(b"pixelbank program v1\0");
        h.update(runtime.key.as_bytes());
        h.update(toolchain.version.as_bytes());
        // The entry point as generated for canonical paths: it stands for the signatures.
        let canonical: Vec<(PathBuf, &Problem)> = sources
            .iter()
            .enumerate()
            .map(|(k, s)| (PathBuf::from(format!("f{k}")), s.problem))
            .collect();
        let entry = entry::generate(
            &canonical
                .iter()
                .map(|(f, p)| (*p, f.as_path()))
                .collect::<Vec<_>>(),
        );
        h.update(entry.as_bytes());
        for s in sources {
            h.update([0]);
            h.update(s.shown.as_os_str().as_encoded_bytes());
            h.update([0]);
            h.update((s.text.len() as u64).to_le_bytes());
            h.update(&s.text);
        }
        runtime::hex(&h.finalize())[..32].to_string()
    }

    /// Runs `source`'s problem, the `index`-th of `program`, into `report`.
    fn run(
        &self,
        program: &Path,
        index: usize,
        source: &Source<'_>,
        report: &mut ProblemReport,
        events: &dyn Fn(Event<'_>),
    ) -> Result<(), JudgeError> {
        let problem = source.problem;
        report.status = ProblemStatus::Judged;
        let instantiations = entry::instantiations(problem);
        let planned: Vec<Planned> = problem
            .cases
            .iter()
            .enumerate()
            .map(|(i, case)| {
                Planned::new(
                    pixelbank_wire::host::request(
                        i,
                        token(),
                        index,
                        entry::instantiation_of(&instantiations, &case.bindings),
                        &case.inputs,
                    ),
                    Duration::from_millis(problem.limits.time_ms),
                )
            })
            .collect();
        let (runner, _scratch) = self.runner(program, problem, events)?;
        let judging = evaluate::Judging {
            problem,
            reveal_hidden: self.options.reveal_hidden,
        };
        let of = problem.cases.len();
        runner.run(&planned, &mut |i, ran| {
            let case = judging.case(i, ran);
            events(Event::CaseFinished {
                problem: &problem.id,
                index: i,
                of,
                case: &case,
            });
            report.cases.push(case);
        })?;
        Ok(())
    }
}

impl Judge {
    /// How `program` runs for `problem`: sandboxed (unless the judge was told not to), in a
    /// scratch directory of its own that lives as long as the directory returned.
    fn runner(
        &self,
        program: &Path,
        problem: &Problem,
        events: &dyn Fn(Event<'_>),
    ) -> Result<(Runner, tempfile::TempDir), JudgeError> {
        let scratch = execute::scratch_dir(&std::env::temp_dir())?;
        let runtime = self.runtime(events)?;
        let toolchain = self.toolchain()?;
        // The program reads itself, the runtime and the standard library it links, and the C
        // library; it writes its own scratch directory only.
        let jail = (!self.options.no_sandbox).then(|| Jail {
            read: [
                program.parent().unwrap_or(program).to_path_buf(),
                runtime.dir.join("target"),
                toolchain.std_lib_dir(),
            ]
            .into_iter()
            .chain(SYSTEM_LIBS.map(PathBuf::from))
            .collect(),
            scratch: Some(scratch.path().to_path_buf()),
            filter_syscalls: true,
            memory_bytes: self
                .options
                .count_every_page
                .then_some(problem.limits.memory_mb << 20),
            ..Jail::default()
        });
        let runner = Runner {
            program: program.to_path_buf(),
            scratch: scratch.path().to_path_buf(),
            memory_bytes: problem.limits.memory_mb << 20,
            jail,
        };
        Ok((runner, scratch))
    }
}

/// A number the judged code cannot guess, for one request.
pub(crate) fn token() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded from the OS's randomness once per process; the counter makes every
    // request's hash different.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// Where a build happens.
enum BuildDir {
    /// A fresh directory, removed afterwards.
    Fresh(tempfile::TempDir),
    /// The same directory each time (held under a lock while used).
    Kept(PathBuf),
}

impl BuildDir {
    fn path(&self) -> &Path {
        match self {
            BuildDir::Fresh(dir) => dir.path(),
            BuildDir::Kept(path) => path,
        }
    }
}

/// A compile that may still be finishing after its program is built: the compiler (saving its
/// incremental state), its build directory and the locks it is built under, released in that
/// order when dropped, once the compiler is gone. Kept while the program runs.
#[derive(Default)]
struct Pending {
    _compiler: Option<build::Finishing>,
    _dir: Option<BuildDir>,
    _locks: Vec<std::fs::File>,
}

/// What building gave.
enum Built {
    Program(PathBuf),
    Failed(Vec<Diagnostic>),
    Limit(pixelbank_verdict::CompileLimit),
    Interrupted,
}

impl From<Stored> for Built {
    fn from(stored: Stored) -> Built {
        match stored {
            Stored::Program(p) => Built::Program(p),
            Stored::Failed(d) => Built::Failed(d),
        }
    }
}

fn empty_report(problem: &Problem, file: &Path) -> ProblemReport {
    ProblemReport {
        id: problem.id.clone(),
        title: problem.title.clone(),
        submission: file.to_path_buf(),
        status: ProblemStatus::Missing,
        violations: Vec::new(),
        cases: Vec::new(),
        build: BuildInfo::default(),
        max_points: problem.max_points(),
    }
}

/// Explains a compile failure. Errors that point into the entry point mean that the learner's
/// declarations differ from the problem's: the findings replace rustc's errors about generated
/// code the learner never wrote, and errors in the learner's own file are kept. In a program
/// built for several problems, only the errors in this problem's file count.
fn compile_error(source: &Source<'_>, diagnostics: Vec<Diagnostic>) -> ProblemStatus {
    let in_entry = diagnostics.iter().any(|d| d.in_entry);
    let signature = in_entry.then(|| {
        source::diagnose_signature(
            &source.problem.signature,
            &String::from_utf8_lossy(&source.text),
        )
        .unwrap_or_else(|| SignatureMismatch {
            findings: vec![SignatureFinding::Uncallable],
            expected: format!(
                "{}{}",
                source.problem.signature.rust_structs(),
                source.problem.signature.rust_declaration()
            ),
        })
    });
    let diagnostics = diagnostics
        .into_iter()
        .filter(|d| !d.in_entry)
        .map(|d| d.rendered)
        .collect();
    ProblemStatus::CompileError {
        diagnostics,
        signature,
    }
}
