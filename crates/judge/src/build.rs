//! The build stage's compiler run: rustc driven directly over the prebuilt runtime (no cargo), on
//! a generated entry point that includes private copies of the learner's files, under a time and
//! a memory limit, with an environment of its own. Paths are remapped so that diagnostics and
//! panic locations name the learner's own file. Diagnostics come back as rustc's plain rendering
//! (no escape codes from rustc, so that any in the learner's source can be neutralised), each
//! marked when it points into the generated entry point: the learner's declarations then differ
//! from the problem's.
//!
//! rustc announces its program once linked (`--json=artifacts`), before it saves its incremental
//! state and exits: the program may run from then on, while a [`Finishing`] waits for the
//! compiler's end, still under the compile's limits.

use std::io::BufRead;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
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
    /// The program is at the output path; the compiler may still be finishing.
    Program(Finishing),
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
        .args([
            "-C",
            "prefer-dynamic",
            "--error-format=json",
            "--json=artifacts",
        ])
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
            Linker::Direct { program, args } => {
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
        let (linked_tx, linked) = mpsc::channel();
        let reader = std::thread::spawn(move || read_diagnostics(stderr, &entry, &linked_tx));
        let mut compiler = Finishing {
            compiler: Some(Compiler {
                child,
                deadline: Instant::now() + self.time_limit,
                linked,
                reader,
            }),
        };
        let Some(ended) = compiler.wait(true) else {
            return Err(JudgeError::Interrupted);
        };
        let (ended, diagnostics, memory_failure) = match ended {
            Ended::Linked => return Ok(Compiled::Program(compiler)),
            Ended::TimedOut => {
                return Ok(Compiled::Limit(CompileLimit::Time {
                    limit: self.time_limit,
                }));
            }
            Ended::Exited {
                status,
                diagnostics,
                memory_failure,
            } => (status, diagnostics, memory_failure),
        };
        if ended.success() {
            return Ok(Compiled::Program(compiler));
        }
        if ended.signal().is_some() && memory_failure {
            return Ok(Compiled::Limit(CompileLimit::Memory {
                limit_mb: COMPILE_MEMORY >> 20,
            }));
        }
        if diagnostics.is_empty() {
            return Err(JudgeError::Toolchain {
                message: format!("rustc failed ({ended}) without a compile error"),
            });
        }
        Ok(Compiled::Failed(diagnostics))
    }
}

/// A running compiler.
#[derive(Debug)]
struct Compiler {
    child: Child,
    deadline: Instant,
    /// Says when the program is linked.
    linked: mpsc::Receiver<()>,
    reader: JoinHandle<(Vec<Diagnostic>, bool)>,
}

/// How waiting for a compiler ended.
enum Ended {
    /// The program is linked; the compiler still runs.
    Linked,
    /// The compile time limit passed; the compiler is killed.
    TimedOut,
    /// The compiler exited.
    Exited {
        status: std::process::ExitStatus,
        diagnostics: Vec<Diagnostic>,
        memory_failure: bool,
    },
}

/// A compiler that may still be finishing after it linked its program: dropping it waits until
/// it has begun to exit ([`Finishing::settle`]), or kills it at the compile's deadline.
#[derive(Debug)]
pub(crate) struct Finishing {
    compiler: Option<Compiler>,
}

impl Finishing {
    /// Waits for the compiler's end (and, if `until_linked`, only until its program is linked);
    /// `None` once pixelbank is interrupted.
    fn wait(&mut self, until_linked: bool) -> Option<Ended> {
        let compiler = self.compiler.as_mut()?;
        let ended = loop {
            let left = compiler.deadline.saturating_duration_since(Instant::now());
            match compiler.linked.recv_timeout(left) {
                Ok(()) if until_linked => return Some(Ended::Linked),
                Ok(()) => continue,
                // rustc closed its stderr: it is exiting.
                Err(RecvTimeoutError::Disconnected) => break sandbox::reap(&compiler.child, true),
                Err(RecvTimeoutError::Timeout) => {
                    sandbox::kill_group(&compiler.child);
                    let _ = sandbox::reap(&compiler.child, true);
                    break None;
                }
            }
        };
        let compiler = self.compiler.take()?;
        sandbox::forget(&compiler.child);
        let (diagnostics, memory_failure) = compiler.reader.join().unwrap_or_default();
        if sandbox::interrupted() {
            return None;
        }
        Some(match ended {
            Some(ended) => Ended::Exited {
                status: ended.status,
                diagnostics,
                memory_failure,
            },
            None => Ended::TimedOut,
        })
    }

    /// Waits until the compiler has written all it will (its incremental state too): until it
    /// has begun to exit, within its time limit. The kernel's teardown of a compiler's memory
    /// takes milliseconds more, which nothing needs: it is reaped on a thread of its own.
    fn settle(&mut self) {
        let Some(compiler) = &self.compiler else {
            return;
        };
        while !sandbox::exiting(&compiler.child)
            && Instant::now() < compiler.deadline
            && !sandbox::interrupted()
        {
            std::thread::sleep(Duration::from_micros(250));
        }
        let reaper = Reaper(Finishing {
            compiler: self.compiler.take(),
        });
        // Were there no thread, the closure would be dropped here, and the reaper with it.
        let _ = std::thread::Builder::new()
            .name("compiler".into())
            .spawn(move || drop(reaper));
    }
}

impl Drop for Finishing {
    fn drop(&mut self) {
        self.settle();
    }
}

/// Reaps a compiler when dropped, waiting for it (it has begun to exit, or its deadline is past).
struct Reaper(Finishing);

impl Drop for Reaper {
    fn drop(&mut self) {
        self.0.wait(false);
    }
}

/// Reads rustc's JSON diagnostics: its errors, and whether it died of a failed allocation. Says
/// on `linked` when the program is linked.
fn read_diagnostics(
    stderr: Option<impl std::io::Read>,
    entry: &Path,
    linked: &mpsc::Sender<()>,
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
        if msg["$message_type"] == "artifact" && msg["emit"] == "link" {
            let _ = linked.send(());
            continue;
        }
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
    match compile.run(toolchain, runtime) {
        // Dropped: rustc has written all it will before the probe runs.
        Ok(Compiled::Program(compiler)) => drop(compiler),
        _ => return false,
    }
    Command::new(&output)
        .env_clear()
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout == b"true true \"NaN\"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_announced_and_only_errors_are_kept() {
        let entry = Path::new("/pixelbank/program/entry.rs");
        let stderr = concat!(
            r#"{"$message_type":"diagnostic","level":"warning","rendered":"warning: unused","spans":[]}"#,
            "\n",
            r#"{"$message_type":"diagnostic","level":"error","rendered":"error[E0308]: mismatched types","spans":[{"file_name":"/pixelbank/program/entry.rs","is_primary":true}]}"#,
            "\n",
            r#"{"$message_type":"artifact","artifact":"/x/program","emit":"link"}"#,
            "\n",
            "memory allocation of 1024 bytes failed\n",
        );
        let (tx, linked) = mpsc::channel();
        let (diagnostics, memory_failure) = read_diagnostics(Some(stderr.as_bytes()), entry, &tx);
        assert_eq!(linked.try_recv(), Ok(()), "the link is announced");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].rendered.contains("E0308"));
        assert!(diagnostics[0].in_entry);
        assert!(memory_failure);
    }
}
