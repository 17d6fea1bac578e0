//! The Rust toolchain the judge compiles with: `$RUSTC`, else the `rustc` on `PATH` (often
//! rustup's proxy), resolved once to the real compiler in its sysroot, which the judge then runs
//! directly (a proxy costs a process start per compile). Asking rustc takes tens of
//! milliseconds, so the answer is kept in the cache, keyed by what would change it: the
//! executables' identity on disk, rustup's settings and the environment that selects a toolchain.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use crate::JudgeError;

/// A resolved toolchain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Toolchain {
    /// The compiler itself (not a proxy).
    pub rustc: PathBuf,
    /// Its sysroot.
    pub sysroot: PathBuf,
    /// `rustc -vV`, which names the release, the commit and the host: part of every build's key.
    pub version: String,
    /// The host triple.
    pub host: String,
}

impl Toolchain {
    /// Where the standard library's shared objects live (for `-C prefer-dynamic` programs).
    pub fn std_lib_dir(&self) -> PathBuf {
        self.sysroot
            .join("lib/rustlib")
            .join(&self.host)
            .join("lib")
    }

    /// rust-lld, shipped with the toolchain on most hosts.
    pub fn lld(&self) -> PathBuf {
        self.sysroot
            .join("lib/rustlib")
            .join(&self.host)
            .join("bin/rust-lld")
    }

    /// Finds the toolchain, from the cache in `dir` when nothing that selects it has changed.
    pub fn find(dir: &Path) -> Result<Toolchain, JudgeError> {
        let requested = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let fingerprint = fingerprint(&requested);
        let cache = dir.join("toolchain.json");
        if let Some(cached) = fs::read(&cache)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Cached>(&bytes).ok())
            .filter(|c| {
                c.fingerprint == fingerprint && identity(&c.toolchain.rustc) == c.rustc_identity
            })
        {
            return Ok(cached.toolchain);
        }
        let toolchain = probe(&requested, dir)?;
        let cached = Cached {
            fingerprint,
            rustc_identity: identity(&toolchain.rustc),
            toolchain: toolchain.clone(),
        };
        // A cache that cannot be written only costs the next run the probe again.
        if let Ok(json) = serde_json::to_vec(&cached) {
            let _ = fs::create_dir_all(dir);
            let tmp = dir.join(format!("toolchain.json.{}", std::process::id()));
            if fs::write(&tmp, json).is_ok() {
                let _ = fs::rename(&tmp, &cache);
            }
        }
        Ok(toolchain)
    }
}

#[derive(Serialize, Deserialize)]
struct Cached {
    fingerprint: String,
    rustc_identity: String,
    toolchain: Toolchain,
}

/// A file's identity on disk: changes when it is replaced or rewritten.
fn identity(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    match fs::metadata(path) {
        Ok(m) => format!(
            "{}:{}:{}:{}",
            m.dev(),
            m.ino(),
            m.size(),
            m.mtime_nsec() + m.mtime() * 1_000_000_000
        ),
        Err(_) => "missing".into(),
    }
}

/// What selects the toolchain without running anything: the requested compiler's resolved path
/// and identity, rustup's settings, and the variables rustup reads.
fn fingerprint(requested: &OsString) -> String {
    let resolved = which(requested).unwrap_or_else(|| PathBuf::from(requested));
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| dirs_home().map(|h| h.join(".rustup")));
    let settings = rustup_home
        .map(|h| identity(&h.join("settings.toml")))
        .unwrap_or_default();
    let env: Vec<String> = ["RUSTUP_TOOLCHAIN", "RUSTUP_HOME", "PATH"]
        .iter()
        .map(|k| format!("{k}={}", std::env::var(k).unwrap_or_default()))
        .collect();
    format!(
        "{}|{}|{settings}|{}",
        resolved.display(),
        identity(&resolved),
        env.join("|")
    )
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// `name` resolved against `PATH` (a path with a slash is taken as it is).
fn which(name: &OsString) -> Option<PathBuf> {
    let name = Path::new(name);
    if name.components().count() > 1 {
        return Some(name.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Asks the compiler who it is. Run in `dir`, so that no directory override of rustup's applies.
fn probe(requested: &OsString, dir: &Path) -> Result<Toolchain, JudgeError> {
    let _ = fs::create_dir_all(dir);
    let ask = |args: &[&str]| -> Result<String, JudgeError> {
        let out = Command::new(requested)
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|source| JudgeError::Toolchain {
                message: format!(
                    "cannot run `{}` ({source}): pixelbank compiles your code with Rust's \
                     toolchain; install it from https://rustup.rs",
                    requested.to_string_lossy()
                ),
            })?;
        if !out.status.success() {
            return Err(JudgeError::Toolchain {
                message: format!(
                    "`{} {}` failed: {}",
                    requested.to_string_lossy(),
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let version = ask(&["-vV"])?;
    let sysroot = PathBuf::from(ask(&["--print", "sysroot"])?);
    let host = version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or("unknown")
        .to_string();
    let real = sysroot.join("bin/rustc");
    let rustc = if real.is_file() {
        real
    } else {
        which(requested).unwrap_or_else(|| requested.into())
    };
    Ok(Toolchain {
        rustc,
        sysroot,
        version,
        host,
    })
}
