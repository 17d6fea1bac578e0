//! Running one case: the inputs are written to a file, the harness binary runs in the sandbox with
//! its stdout and stderr captured to files, and its result file is read back. Classifying how the
//! child ended (returned, panicked, overflowed its stack, ran out of memory or time) happens here
//! too, since only here are the exit status and the captured stderr at hand.

use std::fs::{self, File};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value as Json;

use crate::JudgeError;
use crate::sandbox::{self, ChildLimits, Ended};

/// How one case's child ended, before any comparison.
#[derive(Debug)]
pub enum Ran {
    /// The function returned.
    Returned {
        /// What it returned, in the wire form.
        value: Json,
        /// How long the call took, measured inside the child.
        took: Duration,
    },
    /// The function panicked.
    Panicked {
        /// The panic message.
        message: String,
        /// `file:line:column`.
        location: String,
    },
    /// The wall-clock limit passed.
    TimedOut,
    /// The child ran out of memory.
    OutOfMemory,
    /// The child died without a result: stack overflow, a signal, `process::exit`.
    Died {
        /// What happened, for the learner.
        reason: String,
    },
}

/// A case's run with what the child printed.
#[derive(Debug)]
pub struct CaseRun {
    /// How it ended.
    pub ran: Ran,
    /// Wall-clock time of the child.
    pub wall: Duration,
    /// Its stdout then stderr, cut to `OUTPUT_KEEP` bytes.
    pub output: String,
}

/// How much of a child's output is kept for the report.
const OUTPUT_KEEP: usize = 4096;

/// Runs `binary` on one case in `dir` (a directory private to this judge run).
pub fn run_case(
    binary: &Path,
    dir: &Path,
    index: usize,
    input: &Json,
    limits: ChildLimits,
) -> Result<CaseRun, JudgeError> {
    let io = |source| JudgeError::Run {
        message: format!("cannot prepare case files in {}: {source}", dir.display()),
    };
    let input_path = dir.join(format!("case-{index}.json"));
    let result_path = dir.join(format!("result-{index}.json"));
    let stdout_path = dir.join(format!("stdout-{index}.txt"));
    let stderr_path = dir.join(format!("stderr-{index}.txt"));
    fs::write(&input_path, input.to_string()).map_err(io)?;
    let _ = fs::remove_file(&result_path);
    let stdout = File::create(&stdout_path).map_err(io)?;
    let stderr = File::create(&stderr_path).map_err(io)?;

    let mut command = Command::new(binary);
    command
        .arg(&input_path)
        .arg(&result_path)
        .current_dir(dir)
        .env_clear()
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr);
    let child = sandbox::spawn(&mut command, limits).map_err(|source| JudgeError::Run {
        message: format!("cannot start {}: {source}", binary.display()),
    })?;
    let (ended, wall) = sandbox::wait(child, limits.wall).map_err(|source| JudgeError::Run {
        message: format!("lost track of the judged process: {source}"),
    })?;

    let stderr_text = read_capped(&stderr_path);
    // Rust's runtime opens its own messages with a blank line, and suggests a backtrace the
    // learner cannot ask for inside the judge.
    let mut output = (read_capped(&stdout_path) + &stderr_text)
        .trim_start_matches('\n')
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .collect::<Vec<_>>()
        .join("\n");
    if output.len() > OUTPUT_KEEP {
        let cut = output.floor_char_boundary(OUTPUT_KEEP);
        output.truncate(cut);
        output.push_str("\n… (output cut)");
    }
    let result: Option<Json> = fs::read_to_string(&result_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());

    let ran = match (ended, result) {
        (Ended::TimedOut, _) => Ran::TimedOut,
        (Ended::Exited(_), Some(result)) => match result["status"].as_str() {
            Some("returned") => Ran::Returned {
                value: result["value"].clone(),
                took: Duration::from_nanos(result["nanos"].as_u64().unwrap_or(0)),
            },
            Some("panicked") => Ran::Panicked {
                message: result["message"].as_str().unwrap_or_default().to_string(),
                location: result["location"].as_str().unwrap_or_default().to_string(),
            },
            _ => {
                return Err(JudgeError::Run {
                    message: format!(
                        "the harness could not prepare the case: {}",
                        result["message"].as_str().unwrap_or("unknown reason")
                    ),
                });
            }
        },
        (Ended::Exited(status), None) => classify_death(status, &stderr_text),
    };
    Ok(CaseRun { ran, wall, output })
}

/// Explains a child that ended without writing a result.
fn classify_death(status: std::process::ExitStatus, stderr: &str) -> Ran {
    if stderr.contains("has overflowed its stack") {
        return Ran::Died {
            reason: "stack overflow: the recursion is too deep or never ends".into(),
        };
    }
    if stderr.contains("memory allocation of") {
        return Ran::OutOfMemory;
    }
    match status.signal() {
        Some(libc_sigxcpu) if libc_sigxcpu == nix::sys::signal::Signal::SIGXCPU as i32 => {
            Ran::TimedOut
        }
        Some(sig) if sig == nix::sys::signal::Signal::SIGKILL as i32 => Ran::OutOfMemory,
        Some(sig) if sig == nix::sys::signal::Signal::SIGXFSZ as i32 => Ran::Died {
            reason: "it printed more output than the judge keeps (the limit is 16 MiB)".into(),
        },
        Some(sig) => Ran::Died {
            reason: format!(
                "the process was killed by signal {}",
                nix::sys::signal::Signal::try_from(sig)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|_| sig.to_string())
            ),
        },
        None => Ran::Died {
            reason: format!(
                "the process exited with code {} before the function returned \
                 (does it call `std::process::exit`?)",
                status.code().unwrap_or(-1)
            ),
        },
    }
}

fn read_capped(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_default();
    let keep = &bytes[..bytes.len().min(OUTPUT_KEEP * 2)];
    String::from_utf8_lossy(keep).into_owned()
}
