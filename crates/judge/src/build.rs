//! The build stage's compiler run: rustc driven directly over the prebuilt runtime (no cargo), on
//! a generated entry point that includes private copies of the learner's files, under a time and
//! a memory limit, with an environment of its own. Paths are remapped so that diagnostics and
//! panic locations name the learner's own file. Diagnostics come back as rustc's plain rendering
//! (no escape codes from rustc, so that any in the learner's source can be neutralised), each
//! marked when it points into the generated entry point: the learner's declarations then differ
//! from the problem's.

use std::io::BufRead;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pixelbank_verdict::CompileLimit;

use crate::JudgeError;
use crate::runtime::{Linker, Runtime};
use crate::sandbox::{self, Jail, Limits};
use crate::toolchain::Toolchain;

/// How much address space rustc may use: far more than any learner's file needs (rustc stays
/// under 512 MiB on the official bank), far less than a macro bomb takes.
pub(crate) const COMPILE_MEMORY: u64 = 2 << 30;

/// How many of rustc's errors are kept.
const MAX_DIAGNOSTICS: usize = 50;

/// One compile error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Diagnostic {
    /// rustc's plain rendering.
    pub rendered: String,
    /// Whether its primary span lies in the generated entry point.
    pub in_entry: bool,
    /// The file its primary span lies in, as remapped (the learner's path).
    pub file: Option<String>,
}

/// What a compile gave.
#[derive(Debug)]
pub(crate) enum Compiled {
    /// The program is at the output path.
    Program,
    /// Compile errors.
    Failed(Vec<Diagnostic>),
    /// Stopped at a limit.
    Limit(CompileLimit),
}

/// One compile.
pub(crate) struct Compile<'a> {
    /// The entry point's source file.
    pub entry: &'a Path,
    /// Where the program goes.
    pub output: &'a Path,
    /// Directories of private copies, each remapped to the learner's directory it came from.
    pub remaps: Vec<(PathBuf, PathBuf)>,
    /// An incremental-compilation directory, for a learner's edit loop.
    pub incremental: Option<PathBuf>,
    /// The wall-clock limit.
    pub time_limit: Duration,
    /// What the compiler may touch; `None` outside the sandbox.
    pub jail: Option<Jail>,
}

impl Compile<'_> {
    fn command(&self, toolchain: &Toolchain, runtime: &Runtime) -> Command {
        let mut c = Command::new(&toolchain.rustc);
        c.args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--crate-name",
            "pixelbank_program",
        ])
        .args(["-C", "opt-level=0", "-C", "debuginfo=0"])
        .args(["-C", "debug-assertions=on", "-C", "overflow-checks=on"])
        .args(["-C", "prefer-dynamic", "--error-format=json"])
        .arg("-L")
        .arg(format!("dependency={}", runtime.deps.display()))
        .arg("--extern")
        .arg(format!("pixelbank_wire={}", runtime.dylib.display()))
        .arg("--extern")
        .arg(format!("ndarray={}", runtime.ndarray.display()));
        if let Some(dir) = &self.incremental {
            c.arg("-C").arg(format!("incremental={}", dir.display()));
            // Fewer, larger units: an edit recompiles one, and there are fewer objects to link.
            c.args(["-C", "codegen-units=4"]);
        }
        for (from, to) in &self.remaps {
            c.arg(format!(
                "--remap-path-prefix={}={}",
                from.display(),
                to.display()
            ));
        }
        let rpath = [toolchain.std_lib_dir(), runtime.deps.clone()];
        match &runtime.linker {
            Linker::Default => {
                for dir in &rpath {
                    c.arg("-C")
                        .arg(format!("link-arg=-Wl,-rpath,{}", dir.display()));
                }
            }
            Linker::Lld { program, args } => {
                c.arg("-C").arg(format!("linker={}", program.display()));
                c.args(["-C", "linker-flavor=ld"]);
                for arg in args {
                    c.arg("-C").arg(format!("link-arg={arg}"));
                }
                for dir in &rpath {
                    c.arg("-C")
                        .arg(format!("link-arg=-rpath={}", dir.display()));
                }
            }
        }
        c.arg("-o").arg(self.output).arg(self.entry);
        // Nothing of the judge's environment reaches the compiler (no `env!` of a secret): only
        // where to find `cc`, and a temporary directory of the build's own.
        let tmp = self.output.parent().unwrap_or(Path::new("."));
        c.env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("TMPDIR", tmp)
            .env("LC_ALL", "C")
            .current_dir(tmp)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// Runs rustc.
    pub fn run(&self, toolchain: &Toolchain, runtime: &Runtime) -> Result<Compiled, JudgeError> {
        let mut command = self.command(toolchain, runtime);
        let limits = Limits {
            memory_bytes: Some(COMPILE_MEMORY),
            cpu_seconds: self.time_limit.as_secs() + 2,
            file_bytes: 1 << 30,
        };
        let jail = self
            .jail
            .as_ref()
            .map(Jail::prepare)
            .transpose()
            .map_err(|source| JudgeError::Run {
                message: format!("cannot set up the compiler's sandbox: {source}"),
            })?;
        let (jail, _accounting) = jail.map_or((None, None), |(j, a)| (Some(j), a));
        let mut child = sandbox::spawn(&mut command, limits, &[], jail).map_err(|source| {
            if sandbox::interrupted() {
                JudgeError::Interrupted
            } else {
                JudgeError::Toolchain {
                    message: format!("cannot start {}: {source}", toolchain.rustc.display()),
                }
            }
        })?;
        let stderr = child.stderr.take();
        // rustc names the entry point by its remapped path, when it is remapped.
        let entry = self
            .remaps
            .iter()
            .filter_map(|(from, to)| self.entry.strip_prefix(from).ok().map(|rest| to.join(rest)))
            .next_back()
            .unwrap_or_else(|| self.entry.to_path_buf());
        let reader = std::thread::spawn(move || read_diagnostics(stderr, &entry));
        let deadline = Instant::now() + self.time_limit;
        let ended = loop {
            if let Some(ended) = sandbox::reap(&child, false) {
                break Some(ended);
            }
            if Instant::now() >= deadline || sandbox::interrupted() {
                sandbox::kill_group(&child);
                let _ = sandbox::reap(&child, true);
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        sandbox::forget(&child);
        let (diagnostics, memory_failure) = reader.join().unwrap_or_default();
        if sandbox::interrupted() {
            return Err(JudgeError::Interrupted);
        }
        let Some(ended) = ended else {
            return Ok(Compiled::Limit(CompileLimit::Time {
                limit: self.time_limit,
            }));
        };
        if ended.status.success() {
            return Ok(Compiled::Program);
        }
        if ended.status.signal().is_some() && memory_failure {
            return Ok(Compiled::Limit(CompileLimit::Memory {
                limit_mb: COMPILE_MEMORY >> 20,
            }));
        }
        if diagnostics.is_empty() {
            return Err(JudgeError::Toolchain {
                message: format!("rustc failed ({}) without a compile error", ended.status),
            });
        }
        Ok(Compiled::Failed(diagnostics))
    }
}

/// Reads rustc's JSON diagnostics: its errors, and whether it died of a failed allocation.
fn read_diagnostics(
    stderr: Option<std::process::ChildStderr>,
    entry: &Path,
) -> (Vec<Diagnostic>, bool) {
    let mut diagnostics = Vec::new();
    let mut memory_failure = false;
    let Some(stderr) = stderr else {
        return (diagnostics, memory_failure);
    };
    for line in std::io::BufReader::new(stderr)
        .split(b'\n')
        .map_while(Result::ok)
    {
        let Ok(msg) = serde_json::from_slice::<serde_json::Value>(&line) else {
            memory_failure |= String::from_utf8_lossy(&line).contains("memory allocation of");
            continue;
        };
        if msg["level"] != "error" || diagnostics.len() >= MAX_DIAGNOSTICS {
            continue;
        }
        let Some(rendered) = msg["rendered"].as_str() else {
            continue;
        };
        // rustc ends with a summary ("aborting due to N previous errors") that says nothing new.
        if msg["spans"].as_array().is_none_or(Vec::is_empty) && rendered.contains("aborting due to")
        {
            continue;
        }
        let primary = msg["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["is_primary"] == true)
            .and_then(|s| s["file_name"].as_str());
        diagnostics.push(Diagnostic {
            rendered: rendered.to_string(),
            in_entry: primary.is_some_and(|f| Path::new(f) == entry),
            file: primary.map(str::to_string),
        });
    }
    (diagnostics, memory_failure)
}

/// Whether a program linked with `runtime`'s linker runs correctly: it uses ndarray, unwinds
/// through a panic, starts a thread and prints.
pub(crate) fn probe(runtime: &Runtime, toolchain: &Toolchain, dir: &Path) -> bool {
    const PROBE: &str = r#"
fn main() {
    let caught = std::panic::catch_unwind(|| ndarray::Array1::<f64>::zeros(3)[7]).is_err();
    let joined = std::thread::spawn(|| 2 + 2).join().ok() == Some(4);
    let json = pixelbank_wire::float_to_json(f64::NAN).to_string();
    println!("{caught} {joined} {json}");
}
"#;
    let _ = std::fs::create_dir_all(dir);
    let entry = dir.join("probe.rs");
    let output = dir.join("probe");
    if std::fs::write(&entry, PROBE).is_err() {
        return false;
    }
    let compile = Compile {
        entry: &entry,
        output: &output,
        remaps: Vec::new(),
        incremental: None,
        time_limit: Duration::from_secs(60),
        jail: None,
    };
    if !matches!(compile.run(toolchain, runtime), Ok(Compiled::Program)) {
        return false;
    }
    Command::new(&output)
        .env_clear()
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout == b"true true \"NaN\"\n")
}
