//! A small builder over the real binary, so that tests read like sentences (after `just`'s tests):
//! `Test::new().args(["run", "bce-loss", ...]).run().code(1).stdout_contains("...")`.
//!
//! Every invocation is kept away from the user's machine and from the other tests' settings: no
//! colors, no `PIXELBANK_PROBLEMS`, a throwaway HOME and XDG directories, and one judge cache
//! shared by the whole test run, as a user's is (its artifacts are content-addressed, so parallel
//! tests are safe, and the runtime is built once).

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, LazyLock, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use regex::Regex;
use tempfile::TempDir;

/// The judge's build cache for every invocation of the test run.
pub const JUDGE_CACHE: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/judge-cache");

/// How long one invocation may take before the test fails instead of hanging CI.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// The repository's root, canonical, as the judge prints paths under it.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// Asserts that `json` (what `what` names) is valid against the committed JSON Schema
/// `docs/<schema>`.
#[track_caller]
pub fn assert_matches_schema(schema: &str, what: &str, json: &str) {
    let path = repo_root().join("docs").join(schema);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let schema_value: serde_json::Value =
        serde_json::from_str(&text).expect("the committed schema is JSON");
    let validator =
        jsonschema::validator_for(&schema_value).expect("the committed schema is a valid schema");
    let value: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{json}"));
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks docs/{schema}:\n{}\n{json}",
        errors.join("\n")
    );
}

/// A fixture submission: `fixture("bce-loss/sum_not_mean.rs")`.
pub fn fixture(name: &str) -> PathBuf {
    let path = repo_root().join("tests/fixtures/submissions").join(name);
    assert!(path.is_file(), "no fixture at {}", path.display());
    path
}

/// The reference solution of a problem, by module name: `reference("bce_loss")`.
pub fn reference(module: &str) -> PathBuf {
    let path = repo_root()
        .join("solutions/src")
        .join(format!("{module}.rs"));
    assert!(
        path.is_file(),
        "no reference solution at {}",
        path.display()
    );
    path
}

/// A problem of the official bank, as the binary under test embeds it.
pub fn official(id: &str) -> pixelbank_spec::Problem {
    pixelbank_spec::Bank::official()
        .expect("the official bank loads")
        .get(id)
        .expect("a problem of the official bank")
        .clone()
}

/// How many cases `id` has and what they are worth: `(cases, points)`.
pub fn size(id: &str) -> (usize, u32) {
    let p = official(id);
    (p.cases.len(), p.max_points())
}

/// A problem file of the official bank: `problem_file("bce-loss")`.
pub fn problem_file(id: &str) -> PathBuf {
    repo_root().join("problems").join(format!("{id}.toml"))
}

/// One invocation of `pixelbank`, being described.
#[derive(Debug)]
#[must_use = "a Test does nothing until `.run()`"]
pub struct Test {
    args: Vec<OsString>,
    current_dir: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    timeout: Duration,
    /// A command the binary is started through, as `setpriv ... --`.
    through: Vec<OsString>,
    stdin: bool,
    stdout_closed: bool,
}

impl Test {
    /// `pixelbank --color never`, in the test process's directory.
    pub fn new() -> Test {
        Test {
            args: vec!["--color".into(), "never".into()],
            current_dir: None,
            env: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            through: Vec::new(),
            stdin: false,
            stdout_closed: false,
        }
    }

    /// Gives pixelbank a pipe as stdin, for [`Started::write_stdin`] (else stdin is empty).
    pub fn stdin_piped(mut self) -> Test {
        self.stdin = true;
        self
    }

    /// Gives pixelbank a stdout whose reader has gone: every write to it fails with EPIPE, as
    /// `pixelbank ... | head -1` does once `head` has quit.
    pub fn stdout_closed(mut self) -> Test {
        self.stdout_closed = true;
        self
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Test {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Runs in `dir`.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.current_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Sets an environment variable for this invocation.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Test {
        self.env
            .push((key.as_ref().to_os_string(), value.as_ref().to_os_string()));
        self
    }

    /// Fails the test if the invocation takes longer than `limit` (it is killed then).
    pub fn timeout(mut self, limit: Duration) -> Test {
        self.timeout = limit;
        self
    }

    /// Starts the binary through another command: `through(["setpriv", "--", ...])`.
    pub fn through<I, S>(mut self, prefix: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.through = prefix
            .into_iter()
            .map(|a| a.as_ref().to_os_string())
            .collect();
        self
    }

    /// Runs the binary to its end and collects what it printed.
    #[track_caller]
    pub fn run(self) -> Output {
        self.start().finish()
    }

    /// Starts the binary, for a test that acts while it runs (sends it a signal).
    #[track_caller]
    pub fn start(self) -> Started {
        let home = TempDir::new().expect("a temporary HOME");
        let binary = OsStr::new(env!("CARGO_BIN_EXE_pixelbank"));
        let mut command = match self.through.split_first() {
            Some((program, prefix)) => {
                let mut command = Command::new(program);
                command.args(prefix).arg(binary);
                command
            }
            None => Command::new(binary),
        };
        command
            .args(&self.args)
            .env("PIXELBANK_CACHE_DIR", JUDGE_CACHE)
            .env("NO_COLOR", "1")
            .env_remove("PIXELBANK_PROBLEMS")
            .env_remove("CLICOLOR_FORCE")
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", home.path().join(".cache"))
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .stdin(if self.stdin {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped());
        if self.stdout_closed {
            let (reader, writer) = std::io::pipe().expect("a pipe");
            drop(reader);
            command.stdout(writer);
        } else {
            command.stdout(Stdio::piped());
        }
        // A new HOME would hide the toolchain and the registry cache the judge's cargo needs.
        for (key, default) in [("CARGO_HOME", ".cargo"), ("RUSTUP_HOME", ".rustup")] {
            if let Some(dir) = std::env::var_os(key)
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(default)))
            {
                command.env(key, dir);
            }
        }
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let description = self.describe();
        let start = Instant::now();
        let mut child = command.spawn().expect("the pixelbank binary starts");
        // The closed pipe's writer must not stay open in this process either.
        drop(command);
        let stdout = read_on_thread(child.stdout.take());
        let stderr = read_on_thread(child.stderr.take());
        Started {
            child,
            stdout,
            stderr,
            start,
            description,
            timeout: self.timeout,
            _home: home,
        }
    }

    fn describe(&self) -> String {
        let mut words = vec!["pixelbank".to_string()];
        words.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        let mut text = words.join(" ");
        if let Some(dir) = &self.current_dir {
            text.push_str(&format!(" (in {})", dir.display()));
        }
        text
    }
}

/// A running invocation of `pixelbank`.
#[derive(Debug)]
pub struct Started {
    child: Child,
    stdout: Reader,
    stderr: Reader,
    start: Instant,
    description: String,
    timeout: Duration,
    _home: TempDir,
}

impl Started {
    /// Sends `signal` (`libc`'s number) to pixelbank.
    pub fn signal(&self, signal: i32) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} failed");
    }

    /// Writes `text` to pixelbank's stdin (see [`Test::stdin_piped`]).
    pub fn write_stdin(&mut self, text: &str) {
        use std::io::Write as _;
        let stdin = self.child.stdin.as_mut().expect("stdin is piped");
        stdin
            .write_all(text.as_bytes())
            .expect("pixelbank reads stdin");
        stdin.flush().expect("pixelbank reads stdin");
    }

    /// Waits until stdout holds `needle` `times` times, failing after `limit`.
    #[track_caller]
    pub fn wait_for_stdout(&self, needle: &str, times: usize, limit: Duration) {
        let deadline = Instant::now() + limit;
        loop {
            let text = self.stdout.text();
            if text.matches(needle).count() >= times {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "`{}`: stdout did not show {needle:?} {times} times within {limit:?}\n--- stdout\n{text}\n--- stderr\n{}",
                    self.description,
                    self.stderr.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the end and collects what it printed.
    #[track_caller]
    pub fn finish(mut self) -> Output {
        drop(self.child.stdin.take());
        let status = wait_at_most(&mut self.child, self.timeout);
        let elapsed = self.start.elapsed();
        let stdout = self.stdout.join();
        let stderr = self.stderr.join();
        let Some(status) = status else {
            panic!(
                "`{}` ran for more than {:?} and was killed\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                self.description, self.timeout
            );
        };
        Output {
            description: self.description,
            status,
            stdout,
            stderr,
            elapsed,
        }
    }
}

/// Waits briefly (SIGKILL is asynchronous) and fails if a process whose command line contains
/// `needle` is still running.
#[cfg(target_os = "linux")]
#[track_caller]
pub fn assert_none_left(needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let survivors = processes_running(needle);
        if survivors.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "left running: {survivors:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Processes whose command line contains `needle`.
#[cfg(target_os = "linux")]
pub fn processes_running(needle: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|raw| String::from_utf8_lossy(&raw).replace('\0', " "))
        .filter(|cmd| cmd.contains(needle))
        .collect()
}

/// A pipe read to its end on a thread (so that a full pipe never blocks its writer), what it
/// gave readable as it comes.
#[derive(Debug)]
pub struct Reader {
    bytes: Arc<Mutex<Vec<u8>>>,
    thread: JoinHandle<()>,
}

impl Reader {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes.lock().expect("the reader's buffer")).into_owned()
    }

    /// Everything the pipe gave, once it is closed.
    pub fn join(self) -> String {
        let Reader { bytes, thread } = self;
        thread.join().expect("a pipe reader");
        let bytes = bytes.lock().expect("the reader's buffer");
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Starts reading `pipe` (a child's stdout or stderr) on a thread of its own.
pub fn read_on_thread(pipe: Option<impl Read + Send + 'static>) -> Reader {
    let bytes = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&bytes);
    let thread = std::thread::spawn(move || {
        let Some(mut pipe) = pipe else { return };
        let mut chunk = [0u8; 8192];
        while let Ok(n) = pipe.read(&mut chunk) {
            if n == 0 {
                break;
            }
            shared
                .lock()
                .expect("the reader's buffer")
                .extend_from_slice(&chunk[..n]);
        }
    });
    Reader { bytes, thread }
}

/// The child's status, or `None` after killing it when `limit` passed first.
pub fn wait_at_most(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for pixelbank") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What one invocation did.
#[derive(Debug)]
pub struct Output {
    description: String,
    /// How it exited.
    pub status: ExitStatus,
    /// Everything it printed to stdout.
    pub stdout: String,
    /// Everything it printed to stderr.
    pub stderr: String,
    /// Its wall-clock time.
    pub elapsed: Duration,
}

impl Output {
    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        panic!(
            "`{}`: {what}\n--- exit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.description, self.status, self.stdout, self.stderr
        );
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Output {
        if self.status.code() != Some(expected) {
            self.fail(&format!("expected exit code {expected}"));
        }
        self
    }

    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Output {
        self.code(0)
    }

    /// Asserts that stdout contains `needle`.
    #[track_caller]
    pub fn stdout_contains(&self, needle: &str) -> &Output {
        if !self.stdout.contains(needle) {
            self.fail(&format!("stdout should contain {needle:?}"));
        }
        self
    }

    /// Asserts that stdout does not contain `needle`.
    #[track_caller]
    pub fn stdout_lacks(&self, needle: &str) -> &Output {
        if self.stdout.contains(needle) {
            self.fail(&format!("stdout should not contain {needle:?}"));
        }
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn stderr_contains(&self, needle: &str) -> &Output {
        if !self.stderr.contains(needle) {
            self.fail(&format!("stderr should contain {needle:?}"));
        }
        self
    }

    /// Asserts that stderr does not contain `needle`.
    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Output {
        if self.stderr.contains(needle) {
            self.fail(&format!("stderr should not contain {needle:?}"));
        }
        self
    }

    /// The report's line for the case `name` (`  ✗ coin flip   wrong answer`). Only the report's own
    /// lines count: what the function printed is shown further indented.
    #[track_caller]
    pub fn case(&self, name: &str) -> &str {
        self.stdout
            .lines()
            .find(|l| {
                ["  ✓ ", "  ✗ ", "  · "]
                    .iter()
                    .filter_map(|mark| l.strip_prefix(mark))
                    .filter_map(|rest| rest.strip_prefix(name))
                    .any(|after| after.starts_with("  "))
            })
            .unwrap_or_else(|| self.fail(&format!("no line for the case {name:?}")))
    }

    /// The command line that ran, normalised like the output.
    pub fn command(&self) -> String {
        normalize(&self.description)
    }

    /// Stdout as a snapshot should hold it: see [`normalize`].
    pub fn normalized_stdout(&self) -> String {
        normalize(&self.stdout)
    }
}

/// Replaces what differs between machines and runs: the repository's root becomes `[REPO]`, a
/// temporary directory `[TMP]`, and a passed case's timing `[time]`.
pub fn normalize(text: &str) -> String {
    static TIMING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^(\s+✓ .*?)\d+(?:\.\d+)? ms").expect("a valid pattern"));
    static TEMP: LazyLock<Regex> = LazyLock::new(|| {
        let tmp = std::env::temp_dir()
            .canonicalize()
            .unwrap_or_else(|_| std::env::temp_dir());
        Regex::new(&format!(
            r"{}/\.tmp[0-9A-Za-z]+",
            regex::escape(&tmp.display().to_string())
        ))
        .expect("a valid pattern")
    });
    let text = text.replace(&repo_root().display().to_string(), "[REPO]");
    let text = TEMP.replace_all(&text, "[TMP]");
    TIMING.replace_all(&text, "${1}[time]").into_owned()
}

/// A learner's practice workspace, made by `pixelbank init` in a temporary directory.
#[derive(Debug)]
pub struct Practice {
    _dir: TempDir,
    root: PathBuf,
}

impl Practice {
    /// A fresh workspace for the official bank.
    pub fn init() -> Practice {
        Practice::create(None)
    }

    /// A fresh workspace practising a bank of its own, a directory beside it holding copies of the
    /// official problems `ids`, named in `pixelbank.toml` as its comment says to.
    pub fn with_bank(ids: &[&str]) -> Practice {
        Practice::create(Some(ids))
    }

    fn create(bank: Option<&[&str]>) -> Practice {
        let dir = TempDir::new().expect("a temporary directory");
        let base = dir.path().canonicalize().expect("a canonical temp dir");
        let root = base.join("practice");
        let mut init = Test::new();
        if let Some(ids) = bank {
            let bank_dir = base.join("bank");
            std::fs::create_dir(&bank_dir).expect("the bank directory");
            for id in ids {
                std::fs::copy(problem_file(id), bank_dir.join(format!("{id}.toml")))
                    .expect("a copy of a problem file");
            }
            init = init.arg("--problems").arg(&bank_dir);
        }
        // `init` records the bank in pixelbank.toml, so later commands use it too.
        init.arg("init").arg(&root).run().success();
        Practice { _dir: dir, root }
    }

    /// A path inside the workspace.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// `pixelbank` run at the workspace's root.
    pub fn test(&self) -> Test {
        Test::new().current_dir(&self.root)
    }
}
