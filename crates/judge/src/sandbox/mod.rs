//! Every process the judge starts: the compiler and the judged programs. Each runs in a session
//! and process group of its own under resource limits and the sandbox policy of its step
//! ([`confine`]), dies with the judge (Linux: PDEATHSIG), and is recorded while it lives, so that
//! an interruption ([`interrupt`]) can kill every group at once, and so that a process started in
//! a group of its own, adopted by the judge when its parent ended (the judge is their subreaper
//! on Linux), is told from the judge's own children and killed ([`sweep`]). This module is the
//! only one with `unsafe`: `pre_exec` is how the OS lets a parent set up a child between fork and
//! exec, and the sandbox is made of system calls.
#![allow(unsafe_code)]

pub(crate) mod confine;

use std::collections::BTreeSet;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};

pub(crate) use confine::{Accounting, Jail};
use std::process::{Child, Command, ExitStatus};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use nix::sys::resource::{Resource, setrlimit};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Resource limits of one process.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Address-space limit in bytes: a larger allocation fails inside the process.
    pub memory_bytes: Option<u64>,
    /// CPU seconds before SIGXCPU: a backstop for the judge's own wall-clock deadline.
    pub cpu_seconds: u64,
    /// Largest file the process may write.
    pub file_bytes: u64,
}

/// The judge's own children: started by it and not yet reaped. Any other child is a stray.
static OURS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// Set once pixelbank is asked to stop.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Stops judging: every process group the judge started is killed, and judging returns what it
/// finished, the rest marked as interrupted. For a SIGINT or SIGTERM handler.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
    for &pid in ours.iter() {
        let _ = killpg(Pid::from_raw(pid as i32), Signal::SIGKILL);
    }
}

/// Whether [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Makes the judge the subreaper of its descendants (once per process; Linux only).
pub(crate) fn adopt_orphans() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let _ = nix::sys::prctl::set_child_subreaper(true);
        });
    }
}

/// Moves `fd` to a descriptor number of at least 10, close-on-exec, so that placing descriptors
/// at 3, 4, ... in the child can never overwrite one still to be placed.
pub(crate) fn high_fd(fd: OwnedFd) -> io::Result<OwnedFd> {
    use nix::fcntl::{FcntlArg, fcntl};
    let moved = fcntl(&fd, FcntlArg::F_DUPFD_CLOEXEC(10))?;
    // SAFETY: `fcntl` just returned this new descriptor, which nothing else owns.
    Ok(unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(moved) })
}

/// Starts `command` in a session of its own under `limits` and the `jail`, with each `(fd, at)`
/// of `pass` open in the child as descriptor `at` (every other descriptor of the judge is
/// close-on-exec). The child is recorded until [`forget`].
pub(crate) fn spawn(
    command: &mut Command,
    limits: Limits,
    pass: &[(OwnedFd, RawFd)],
    jail: Option<confine::Prepared>,
) -> io::Result<Child> {
    let moves: Vec<(RawFd, RawFd)> = pass.iter().map(|(fd, at)| (fd.as_raw_fd(), *at)).collect();
    // SAFETY: the closure runs in the forked child before exec, where only async-signal-safe
    // calls are allowed: setrlimit, prctl and dup2 are single system calls that neither allocate
    // nor lock, and the closure reads only plain integers captured by value (`moves` is a Vec
    // allocated before the fork and only read here).
    unsafe {
        command.pre_exec(move || {
            // A session of its own: its group cannot be joined to the judge's, nor it to theirs.
            nix::unistd::setsid()?;
            #[cfg(target_os = "linux")]
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
            if let Some(jail) = &jail {
                jail.enter()?;
            }
            if let Some(bytes) = limits.memory_bytes {
                setrlimit(Resource::RLIMIT_AS, bytes, bytes)?;
            }
            setrlimit(
                Resource::RLIMIT_CPU,
                limits.cpu_seconds,
                limits.cpu_seconds + 1,
            )?;
            setrlimit(Resource::RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes)?;
            setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
            for &(fd, at) in &moves {
                // dup2 leaves the new descriptor open across exec.
                if nix::libc::dup2(fd, at) < 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            if let Some(jail) = &jail {
                jail.filter()?;
            }
            Ok(())
        });
    }
    // Held across the spawn so that a concurrent sweep or interruption never misses the child.
    let mut ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
    if interrupted() {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "pixelbank was interrupted",
        ));
    }
    let child = command.spawn().inspect_err(|_| {
        // Perhaps a layer the probes found is gone: the next judge probes again.
        confine::forget_probes();
    })?;
    ours.insert(child.id());
    Ok(child)
}

/// Kills the process group led by `child`: the child and whatever it started in its group (and
/// the child itself, whatever group it is in by then).
pub(crate) fn kill_group(child: &Child) {
    let pid = Pid::from_raw(child.id() as i32);
    let _ = killpg(pid, Signal::SIGKILL);
    let _ = nix::sys::signal::kill(pid, Signal::SIGKILL);
}

/// How a child ended, and the CPU time it used by the kernel's own accounting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reaped {
    /// Its exit status.
    pub status: ExitStatus,
    /// User plus system time.
    pub cpu: Duration,
}

/// How long a child has waited, ready to run, for a CPU that other processes held: the
/// scheduler's `run_delay`, summed over its main thread and the thread its cases run on (found
/// once it exists; threads the learner's code starts are not counted). Each thread's statistics
/// file is opened once and read again in place. `None` where the OS does not say (not Linux, no
/// scheduler statistics) or once the child has ended.
pub(crate) struct CpuWait {
    pid: u32,
    threads: Vec<std::fs::File>,
}

impl CpuWait {
    /// The statistics of `child`.
    pub fn of(child: &Child) -> CpuWait {
        CpuWait {
            pid: child.id(),
            threads: Vec::new(),
        }
    }

    /// The time waited so far.
    pub fn waited(&mut self) -> Option<Duration> {
        use std::os::unix::fs::FileExt;
        if self.threads.len() < 2 {
            let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid)).ok()?;
            self.threads = tasks
                .filter_map(Result::ok)
                .take(2)
                .filter_map(|task| std::fs::File::open(task.path().join("schedstat")).ok())
                .collect();
        }
        let mut total = 0u64;
        let mut buf = [0u8; 96];
        for file in &self.threads {
            let n = file.read_at(&mut buf, 0).ok()?;
            let text = std::str::from_utf8(&buf[..n]).ok()?;
            total += text.split_whitespace().nth(1)?.parse::<u64>().ok()?;
        }
        Some(Duration::from_nanos(total))
    }
}

/// Whether `child` has begun to exit, or has ended (Linux: its main thread is past `exit`): it
/// writes nothing more. `true` where the OS does not say, once it is reaped.
pub(crate) fn exiting(child: &Child) -> bool {
    /// The kernel's flag of a task that is exiting.
    const PF_EXITING: u64 = 0x4;
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{}/stat", child.id())) else {
        // Gone (reaped), or no `/proc`: wait for it as for any child.
        return reap_if_ended(child);
    };
    // The fields after the command's name, which is in parentheses and may hold anything.
    let mut fields = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .split_whitespace();
    let state = fields.next();
    let flags = fields.nth(5).and_then(|f| f.parse::<u64>().ok());
    state == Some("Z") || flags.is_some_and(|f| f & PF_EXITING != 0)
}

/// Whether `child` has ended, without reaping it.
fn reap_if_ended(child: &Child) -> bool {
    // SAFETY: an all-zero `siginfo_t` is a valid value of this plain C struct.
    let mut info: nix::libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: waitid writes only `info`, which lives on this stack frame; WNOWAIT leaves the
    // child to be reaped by [`reap`].
    let rc = unsafe {
        nix::libc::waitid(
            nix::libc::P_PID,
            child.id(),
            &mut info,
            nix::libc::WEXITED | nix::libc::WNOHANG | nix::libc::WNOWAIT,
        )
    };
    // SAFETY: after a successful waitid, `si_pid` is the field the kernel set (0: still running).
    rc != 0 || unsafe { info.si_pid() } != 0
}

/// Reaps `child` if it has ended (`block`: waits until it does).
pub(crate) fn reap(child: &Child, block: bool) -> Option<Reaped> {
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: nix::libc::rusage = unsafe { std::mem::zeroed() };
    let flags = if block { 0 } else { nix::libc::WNOHANG };
    loop {
        // SAFETY: wait4 writes only to the two out-parameters, which live on this stack frame; the
        // pid is a child of this process that std's `Child` never waits for (only this does).
        let pid = unsafe { nix::libc::wait4(child.id() as i32, &mut status, flags, &mut usage) };
        if pid < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        if pid <= 0 {
            return None;
        }
        let time = |t: nix::libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        return Some(Reaped {
            status: ExitStatus::from_raw(status),
            cpu: time(usage.ru_utime) + time(usage.ru_stime),
        });
    }
}

/// Forgets a child the judge has reaped, and kills its group's leftovers and any stray the judge
/// adopted meanwhile.
pub(crate) fn forget(child: &Child) {
    let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
    OURS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&child.id());
    sweep();
}

/// Kills and reaps every child of the judge it did not start itself: processes the judged code
/// started in a group of their own, adopted by the judge when their parent ended.
fn sweep() {
    #[cfg(target_os = "linux")]
    for _ in 0..16 {
        let ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
        let strays: Vec<u32> = children()
            .into_iter()
            .filter(|p| !ours.contains(p))
            .collect();
        drop(ours);
        if strays.is_empty() {
            return;
        }
        for pid in strays {
            let pid = Pid::from_raw(pid as i32);
            let _ = nix::sys::signal::kill(pid, Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(pid, None);
        }
    }
}

/// The judge's child processes, from `/proc/self/task/*/children`.
#[cfg(target_os = "linux")]
fn children() -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|pid| pid.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_exiting_once_it_ended_and_not_before() {
        let mut child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        assert!(!exiting(&child), "a sleeping child is not exiting");
        let _ = nix::sys::signal::kill(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !exiting(&child) {
            assert!(
                std::time::Instant::now() < deadline,
                "a killed child never ended"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        // Not reaped by `exiting`: the caller still can.
        assert!(reap(&child, true).is_some());
        let _ = child.wait();
    }

    #[test]
    fn cpu_wait_is_read_from_the_child_s_threads() {
        let mut child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        let mut wait = CpuWait::of(&child);
        assert!(
            wait.waited().is_some(),
            "a live child's statistics are read"
        );
        let _ = child.kill();
        let _ = child.wait();
    }
}
