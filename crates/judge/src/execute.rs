//! The execute stage: a built program runs a problem's cases, all in one child, one after
//! another. The judge writes a request, waits for its record on a pipe it owns, and holds each
//! case to its time limit, less the time it stood ready while other processes held the CPU (so
//! that a busy machine does not make a correct program late), up to a wall-clock backstop; what
//! the child printed meanwhile is kept with that case. When a case crashes, hangs or breaks a limit,
//! the child is killed and a fresh one takes the next case. After a first time-out the remaining
//! cases run side by side, one per core, and start only while one more time limit lasts: each
//! case that starts keeps its whole limit, and those that could not start are not run, so that a
//! program that loops on every case costs about two limits, not one per case. Everything read
//! back is untrusted: records are bounded and parsed, never believed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, poll};
use pixelbank_verdict::Unreadable;
use pixelbank_wire::{
    Answer, MAX_RECORD_BYTES, RECORD_FD, REQUEST_FD, Record, RecordError, Request,
};
use serde_json::Value as Json;

use crate::JudgeError;
use crate::sandbox::{self, Accounting, Jail, Limits, Reaped};

/// The size asked for the pipes the judge reads.
#[cfg(target_os = "linux")]
const PIPE_BYTES: i32 = 1 << 20;

/// How much of what a case printed is kept for its report.
const OUTPUT_KEEP: usize = 4096;

/// How much a case may print before it is stopped.
pub(crate) const OUTPUT_LIMIT: u64 = 16 << 20;

/// How many times its time limit a case may take by the wall clock at most, however long it
/// waited for a CPU that other processes held.
const WALL_FACTOR: u32 = 3;

/// How many cases run side by side after a time-out: one per core, so that each has the CPU
/// time its limit promises.
fn side_by_side_at_once() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
}

/// One case to run.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The request to send.
    pub request: Request,
    /// The case's time limit.
    pub time_limit: Duration,
    /// The request's line, encoded once however often it is sent (a bench input is megabytes).
    line: std::sync::OnceLock<String>,
}

impl Planned {
    /// A case to run within `time_limit`.
    pub fn new(request: Request, time_limit: Duration) -> Planned {
        Planned {
            request,
            time_limit,
            line: std::sync::OnceLock::new(),
        }
    }

    fn line(&self) -> &str {
        self.line.get_or_init(|| self.request.to_line())
    }
}

/// How a case's run ended, before any comparison.
#[derive(Debug)]
pub(crate) enum Ending {
    /// The function returned this (wire form, not yet decoded).
    Returned(Json),
    /// The function returned after this long (a timed request).
    Timed(Duration),
    /// The function panicked.
    Panicked {
        /// The message.
        message: String,
        /// `file:line:column`.
        location: String,
    },
    /// The record could not be believed.
    Unreadable(Unreadable),
    /// The judge's deadline passed.
    TimedOut,
    /// The case printed more than [`OUTPUT_LIMIT`].
    OutputLimit,
    /// The process ended without a record.
    Died {
        /// How it ended, and the CPU time it used.
        reaped: Reaped,
        /// Whether its cgroup counted more memory than its limit.
        memory_exceeded: bool,
        /// Its stderr during the case (the runtime's own messages, such as a stack overflow).
        stderr: String,
    },
    /// pixelbank was interrupted.
    Interrupted,
    /// Not run: an earlier case timed out, and the time the problem's remaining cases may go on
    /// starting in had passed.
    NotRun,
}

/// A case's run with what it printed.
#[derive(Debug)]
pub(crate) struct Ran {
    /// How it ended.
    pub ending: Ending,
    /// Wall-clock time from the request to the record (or the end), measured by the judge.
    pub duration: Duration,
    /// Its stdout then stderr, cut to [`OUTPUT_KEEP`] bytes.
    pub output: String,
}

/// Where and how the program runs.
#[derive(Debug, Clone)]
pub(crate) struct Runner {
    /// The program.
    pub program: PathBuf,
    /// Its working directory, private to this run.
    pub scratch: PathBuf,
    /// Its memory limit, in bytes.
    pub memory_bytes: u64,
    /// What it may touch; `None` outside the sandbox.
    pub jail: Option<Jail>,
}

impl Runner {
    /// Runs `cases` and hands each one's [`Ran`] to `done` in the cases' order, as soon as it and
    /// every case before it have finished.
    pub fn run(
        &self,
        cases: &[Planned],
        done: &mut dyn FnMut(usize, Ran),
    ) -> Result<(), JudgeError> {
        let mut next = 0;
        while next < cases.len() {
            if sandbox::interrupted() {
                done(next, interrupted());
                next += 1;
                continue;
            }
            let mut child = Running::start(self, &cases[next..])?;
            while next < cases.len() {
                let ran = child.case(&cases[next])?;
                let fresh_child_needed = !ran.ending.keeps_the_child();
                let timed_out = matches!(ran.ending, Ending::TimedOut);
                done(next, ran);
                next += 1;
                if timed_out {
                    child.stop();
                    let grace = cases[next - 1].time_limit;
                    return self.after_time_out(&cases[next..], next, grace, done);
                }
                if fresh_child_needed {
                    break;
                }
            }
            child.stop();
        }
        Ok(())
    }

    /// Runs each of `cases` in a child of its own, one per core at a time, starting them only
    /// until `grace` has passed (the rest are not run); `first` is the index of the first of
    /// them in the problem. Each is handed to `done` in order, as soon as it and those before it
    /// have finished.
    fn after_time_out(
        &self,
        cases: &[Planned],
        first: usize,
        grace: Duration,
        done: &mut dyn FnMut(usize, Ran),
    ) -> Result<(), JudgeError> {
        let until = Instant::now() + grace;
        let next = AtomicUsize::new(0);
        let (sender, results) = mpsc::channel::<(usize, Result<Ran, JudgeError>)>();
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..side_by_side_at_once().min(cases.len()))
                .map(|_| {
                    let sender = sender.clone();
                    let next = &next;
                    scope.spawn(move || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(case) = cases.get(i) else { break };
                            let ran = if sandbox::interrupted() {
                                Ok(interrupted())
                            } else if Instant::now() >= until {
                                Ok(unstarted(Ending::NotRun))
                            } else {
                                Running::start(self, std::slice::from_ref(case)).and_then(
                                    |mut child| {
                                        let ran = child.case(case);
                                        child.stop();
                                        ran
                                    },
                                )
                            };
                            if sender.send((i, ran)).is_err() {
                                break;
                            }
                        }
                    })
                })
                .collect();
            drop(sender);
            let mut finished: BTreeMap<usize, Ran> = BTreeMap::new();
            let mut emitted = 0;
            let mut failed = None;
            for (i, ran) in results {
                match ran {
                    Ok(ran) => {
                        finished.insert(i, ran);
                    }
                    Err(e) => {
                        failed.get_or_insert(e);
                    }
                }
                while let Some(ran) = finished.remove(&emitted) {
                    done(first + emitted, ran);
                    emitted += 1;
                }
            }
            for worker in workers {
                if worker.join().is_err() {
                    failed.get_or_insert(JudgeError::Run {
                        message: "a case's runner panicked".into(),
                    });
                }
            }
            failed.map_or(Ok(()), Err)
        })
    }
}

impl Ending {
    /// Whether the child that ran the case can take the next one.
    fn keeps_the_child(&self) -> bool {
        matches!(
            self,
            Ending::Returned(_) | Ending::Timed(_) | Ending::Panicked { .. }
        )
    }
}

/// One child kept for many cases sent one at a time, for callers that decide the next case from
/// the last one's result (stress testing, timing): a fresh child takes over after a case that
/// ended its predecessor.
pub(crate) struct Session<'r> {
    runner: &'r Runner,
    child: Option<Running>,
    /// The CPU time a child may use in all, over every case it runs.
    budget: Duration,
}

impl<'r> Session<'r> {
    /// A session of `runner`'s program; each child it starts may use `budget` of CPU time.
    pub fn new(runner: &'r Runner, budget: Duration) -> Session<'r> {
        Session {
            runner,
            child: None,
            budget,
        }
    }

    /// Runs one case.
    pub fn case(&mut self, case: &Planned) -> Result<Ran, JudgeError> {
        if sandbox::interrupted() {
            return Ok(interrupted());
        }
        let child = match self.child.take() {
            Some(child) => child,
            None => {
                let allowance = Planned::new(case.request.clone(), self.budget);
                Running::start(self.runner, std::slice::from_ref(&allowance))?
            }
        };
        let mut child = child;
        let ran = child.case(case)?;
        if ran.ending.keeps_the_child() {
            self.child = Some(child);
        } else {
            child.stop();
        }
        Ok(ran)
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            child.stop();
        }
    }
}

/// A case that ended before it started: interrupted, or not run.
fn unstarted(ending: Ending) -> Ran {
    Ran {
        ending,
        duration: Duration::ZERO,
        output: String::new(),
    }
}

fn interrupted() -> Ran {
    unstarted(Ending::Interrupted)
}

/// A pipe end the judge reads without blocking, with what came so far.
struct Inlet {
    file: File,
    open: bool,
    pending: Vec<u8>,
    /// How much of `pending` is known to hold no line end: each byte is searched once, so a
    /// child sending megabytes without one costs the judge linear time, not quadratic.
    searched: usize,
    /// Where reads land first, allocated once: a case polls its pipes several times.
    buf: Box<[u8]>,
}

impl Inlet {
    fn new(fd: OwnedFd) -> Result<Inlet, JudgeError> {
        // A larger pipe (best effort: 1 MiB is what an unprivileged process may ask for by
        // default) lets a child that sends megabytes do it in a few dozen round trips, not
        // hundreds, so that a loaded machine does not turn them into a time-out.
        #[cfg(target_os = "linux")]
        let _ = fcntl(&fd, FcntlArg::F_SETPIPE_SZ(PIPE_BYTES));
        let flags = fcntl(&fd, FcntlArg::F_GETFL).map_err(io_error("read a pipe"))?;
        fcntl(
            &fd,
            FcntlArg::F_SETFL(OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK),
        )
        .map_err(io_error("read a pipe"))?;
        Ok(Inlet {
            file: File::from(fd),
            open: true,
            pending: Vec::new(),
            searched: 0,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
        })
    }

    /// Where the first line end in `pending` is, if there is one.
    fn line_end(&mut self) -> Option<usize> {
        let found =
            memchr::memchr(b'\n', &self.pending[self.searched..]).map(|at| self.searched + at);
        self.searched = found.unwrap_or(self.pending.len());
        found
    }

    /// Takes the first line out of `pending`, without its line end.
    fn take_line(&mut self, end: usize) -> Vec<u8> {
        let mut line: Vec<u8> = self.pending.drain(..=end).collect();
        line.pop();
        self.searched = 0;
        line
    }

    /// Forgets what is pending.
    fn clear(&mut self) {
        self.pending.clear();
        self.searched = 0;
    }

    /// Reads what is there; `cap` bounds how much is kept (the rest is read and counted).
    fn drain(&mut self, cap: usize) -> u64 {
        let mut total = 0;
        while self.open {
            match self.file.read(&mut self.buf) {
                Ok(0) => self.open = false,
                Ok(n) => {
                    total += n as u64;
                    let room = cap.saturating_sub(self.pending.len());
                    self.pending.extend_from_slice(&self.buf[..n.min(room)]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => self.open = false,
            }
        }
        total
    }
}

fn io_error(what: &'static str) -> impl Fn(nix::Error) -> JudgeError {
    move |e| JudgeError::Run {
        message: format!("cannot {what}: {e}"),
    }
}

/// A child running cases.
struct Running {
    child: Child,
    cpu_wait: sandbox::CpuWait,
    requests: Option<File>,
    records: Inlet,
    stdout: Inlet,
    stderr: Inlet,
    /// Bytes of stdout and stderr not yet given to a case.
    printed: Vec<u8>,
    stderr_of_case: Vec<u8>,
    printed_total: u64,
    reaped: Option<Reaped>,
    accounting: Option<Accounting>,
}

fn pipe() -> Result<(OwnedFd, OwnedFd), JudgeError> {
    let (r, w) = nix::unistd::pipe2(OFlag::O_CLOEXEC).map_err(io_error("create a pipe"))?;
    let high = |fd| {
        sandbox::high_fd(fd).map_err(|e| JudgeError::Run {
            message: format!("cannot create a pipe: {e}"),
        })
    };
    Ok((high(r)?, high(w)?))
}

impl Running {
    /// Starts the program for `cases` (the CPU backstop covers all of them).
    fn start(runner: &Runner, cases: &[Planned]) -> Result<Running, JudgeError> {
        let (request_read, request_write) = pipe()?;
        let (record_read, record_write) = pipe()?;
        let (stdout_read, stdout_write) = pipe()?;
        let (stderr_read, stderr_write) = pipe()?;
        let total: Duration = cases.iter().map(|c| c.time_limit).sum();
        let limits = Limits {
            memory_bytes: Some(runner.memory_bytes),
            cpu_seconds: total.as_secs() + 2,
            file_bytes: OUTPUT_LIMIT,
        };
        let mut command = Command::new(&runner.program);
        command
            .current_dir(&runner.scratch)
            .env_clear()
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::from(stdout_write))
            .stderr(Stdio::from(stderr_write));
        let (jail, accounting) = match runner.jail.as_ref().map(Jail::prepare).transpose() {
            Ok(Some((j, a))) => (Some(j), a),
            Ok(None) => (None, None),
            Err(source) => {
                return Err(JudgeError::Run {
                    message: format!("cannot set up the sandbox: {source}"),
                });
            }
        };
        let child = sandbox::spawn(
            &mut command,
            limits,
            &[(request_read, REQUEST_FD), (record_write, RECORD_FD)],
            jail,
        )
        .map_err(|source| JudgeError::Run {
            message: format!("cannot start {}: {source}", runner.program.display()),
        })?;
        // The child's ends were moved into it; drop ours so that EOF means the child is gone.
        drop(command);
        Ok(Running {
            cpu_wait: sandbox::CpuWait::of(&child),
            child,
            requests: Some(File::from(request_write)),
            records: Inlet::new(record_read)?,
            stdout: Inlet::new(stdout_read)?,
            stderr: Inlet::new(stderr_read)?,
            printed: Vec::new(),
            stderr_of_case: Vec::new(),
            printed_total: 0,
            reaped: None,
            accounting,
        })
    }

    /// Runs one case to its end.
    fn case(&mut self, case: &Planned) -> Result<Ran, JudgeError> {
        let start = Instant::now();
        let mut deadline = start + case.time_limit;
        let backstop = start + case.time_limit * WALL_FACTOR;
        let waited_at_start = self.cpu_wait.waited();
        self.printed.clear();
        self.stderr_of_case.clear();
        self.printed_total = 0;
        let sent = self
            .requests
            .as_mut()
            .is_some_and(|r| r.write_all(case.line().as_bytes()).is_ok());
        let ending = loop {
            if let Some(line) = self.next_line() {
                match line {
                    Err(e) => break Ending::Unreadable(unreadable(e)),
                    Ok(line) => match Record::from_line(&line) {
                        Err(e) => break Ending::Unreadable(unreadable(e)),
                        // Not the runtime's answer to this request: written by the code itself.
                        Ok(record)
                            if record.case != case.request.case
                                || record.token != case.request.token =>
                        {
                            break Ending::Unreadable(Unreadable::Forged);
                        }
                        Ok(record) => match record.answer {
                            Answer::Returned(value) => break Ending::Returned(value),
                            Answer::Timed { nanos } => {
                                break Ending::Timed(Duration::from_nanos(nanos));
                            }
                            Answer::Panicked { message, location } => {
                                break Ending::Panicked { message, location };
                            }
                            Answer::Refused(reason) => {
                                break Ending::Unreadable(Unreadable::Refused { reason });
                            }
                        },
                    },
                }
            }
            if sandbox::interrupted() {
                break Ending::Interrupted;
            }
            if self.printed_total > OUTPUT_LIMIT {
                break Ending::OutputLimit;
            }
            if !sent || !self.records.open {
                // No record can come: the child is gone (or closed its end).
                if let Some(ending) = self.ended(deadline) {
                    break ending;
                }
            }
            let now = Instant::now();
            if now >= deadline {
                // The time the program stood ready while other processes had the CPU is not
                // its time: the deadline moves by as much, up to the backstop.
                let waited = self
                    .cpu_wait
                    .waited()
                    .zip(waited_at_start)
                    .map_or(Duration::ZERO, |(now, then)| now.saturating_sub(then));
                let moved = (start + case.time_limit + waited).min(backstop);
                if moved <= now {
                    break Ending::TimedOut;
                }
                deadline = moved;
                continue;
            }
            self.wait_for_input(deadline - now);
            // A child that died with its pipes held open by a descendant never closes them.
            if self.reaped.is_none()
                && let Some(reaped) = sandbox::reap(&self.child, false)
            {
                self.reaped = Some(reaped);
                self.drain_all();
                if self.records.line_end().is_none()
                    && let Some(ending) = self.ended(deadline)
                {
                    break ending;
                }
            }
        };
        let duration = start.elapsed();
        self.drain_all();
        Ok(Ran {
            ending,
            duration,
            output: output_text(&self.printed),
        })
    }

    /// How the child ended, once it has; `None` while it still runs.
    fn ended(&mut self, deadline: Instant) -> Option<Ending> {
        let reaped = match self.reaped {
            Some(reaped) => reaped,
            // The record pipe is closed: the child is exiting; wait for it until the deadline.
            None => loop {
                if let Some(reaped) = sandbox::reap(&self.child, false) {
                    break reaped;
                }
                if Instant::now() >= deadline {
                    return Some(Ending::TimedOut);
                }
                std::thread::sleep(Duration::from_millis(1));
            },
        };
        self.reaped = Some(reaped);
        self.drain_all();
        Some(Ending::Died {
            reaped,
            memory_exceeded: self
                .accounting
                .as_ref()
                .is_some_and(Accounting::memory_exceeded),
            stderr: String::from_utf8_lossy(&self.stderr_of_case).into_owned(),
        })
    }

    /// Waits until a pipe has something or `timeout` passes (at most 50 ms, so that a child's
    /// death is noticed even when a descendant holds its pipes).
    fn wait_for_input(&mut self, timeout: Duration) {
        let ms = timeout.as_millis().clamp(1, 50) as u16;
        let mut fds = Vec::new();
        for inlet in [&self.records, &self.stdout, &self.stderr] {
            if inlet.open {
                fds.push(PollFd::new(inlet.file.as_fd(), PollFlags::POLLIN));
            }
        }
        if fds.is_empty() {
            std::thread::sleep(Duration::from_millis(u64::from(ms)));
        } else {
            let _ = poll(&mut fds, ms);
        }
        self.drain_all();
    }

    /// Reads every pipe: printed output first, so that it belongs to the case whose record
    /// follows it.
    fn drain_all(&mut self) {
        self.printed_total += self.stdout.drain(OUTPUT_KEEP * 2);
        self.printed_total += self.stderr.drain(OUTPUT_KEEP * 2);
        let out = std::mem::take(&mut self.stdout.pending);
        let err = std::mem::take(&mut self.stderr.pending);
        keep(&mut self.printed, &out, OUTPUT_KEEP * 2);
        keep(&mut self.printed, &err, OUTPUT_KEEP * 2);
        keep(&mut self.stderr_of_case, &err, OUTPUT_KEEP * 2);
        self.records.drain(MAX_RECORD_BYTES + 1);
    }

    /// The next record line: `Err` when the child sent more than a record may hold without a
    /// line end, or ended in the middle of a line.
    fn next_line(&mut self) -> Option<Result<Vec<u8>, RecordError>> {
        if let Some(end) = self.records.line_end() {
            return Some(Ok(self.records.take_line(end)));
        }
        if self.records.pending.len() > MAX_RECORD_BYTES {
            return Some(Err(RecordError::TooLarge {
                limit: MAX_RECORD_BYTES,
            }));
        }
        if !self.records.open && !self.records.pending.is_empty() {
            self.records.clear();
            return Some(Err(RecordError::Malformed));
        }
        None
    }

    /// Ends the child: closes its requests, kills its group, reaps it.
    fn stop(mut self) {
        self.requests = None;
        sandbox::kill_group(&self.child);
        if self.reaped.is_none() {
            self.reaped = sandbox::reap(&self.child, true);
        }
        sandbox::forget(&self.child);
    }
}

/// Appends `more` to `kept`, up to `cap` bytes.
fn keep(kept: &mut Vec<u8>, more: &[u8], cap: usize) {
    let room = cap.saturating_sub(kept.len());
    kept.extend_from_slice(&more[..more.len().min(room)]);
}

fn unreadable(e: RecordError) -> Unreadable {
    match e {
        RecordError::TooLarge { limit } => Unreadable::TooLarge { limit_bytes: limit },
        RecordError::Malformed => Unreadable::Malformed,
    }
}

/// What a case printed, for its report: Rust's runtime opens its messages with a blank line and
/// suggests a backtrace the learner cannot ask for inside the judge.
fn output_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut output = text
        .trim_start_matches('\n')
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .collect::<Vec<_>>()
        .join("\n");
    if output.len() > OUTPUT_KEEP {
        let mut cut = OUTPUT_KEEP;
        while !output.is_char_boundary(cut) {
            cut -= 1;
        }
        output.truncate(cut);
        output.push_str("\n… (output cut)");
    }
    output
}

/// A directory private to one run of a program, removed when dropped.
pub(crate) fn scratch_dir(parent: &Path) -> Result<tempfile::TempDir, JudgeError> {
    tempfile::Builder::new()
        .prefix("pixelbank-run-")
        .tempdir_in(parent)
        .map_err(|source| JudgeError::Run {
            message: format!(
                "cannot create a directory in {}: {source}",
                parent.display()
            ),
        })
}
