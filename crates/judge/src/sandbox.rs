//! The sandbox around a judged child: resource limits, its own process group, death with the
//! judge, and a wall-clock deadline after which the whole group is signalled (TERM, a grace period,
//! then KILL). A learner's code can still start a process in a group of its own; on Linux the
//! judge makes itself the subreaper of everything it starts, so such a process becomes the judge's
//! child once its parent ends, and is killed after each case. This is the only module with
//! `unsafe`: `pre_exec` is how the OS lets a parent set a child's limits between fork and exec.
#![allow(unsafe_code)]

use std::collections::BTreeSet;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use nix::sys::resource::{Resource, setrlimit};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Limits applied to one judged child.
#[derive(Debug, Clone, Copy)]
pub struct ChildLimits {
    /// Wall-clock time before the group is killed.
    pub wall: Duration,
    /// Address-space limit in bytes: a larger allocation fails inside the child.
    pub memory_bytes: u64,
    /// Largest file the child may write (its captured stdout and stderr included).
    pub output_bytes: u64,
}

/// How a sandboxed child ended.
#[derive(Debug)]
pub enum Ended {
    /// It exited or was killed by a signal before the deadline.
    Exited(ExitStatus),
    /// The deadline passed and its process group was killed.
    TimedOut,
}

/// How long a group gets between TERM and KILL.
const GRACE: Duration = Duration::from_millis(100);

/// Starts `command` in its own process group under `limits`.
pub fn spawn(command: &mut Command, limits: ChildLimits) -> io::Result<Child> {
    let cpu_seconds = limits.wall.as_secs() + 2;
    command.process_group(0);
    // SAFETY: the closure runs in the forked child before exec, where only async-signal-safe calls
    // are allowed. setrlimit and prctl are single system calls that neither allocate nor lock, and
    // the closure captures only plain integers.
    unsafe {
        command.pre_exec(move || {
            setrlimit(
                Resource::RLIMIT_AS,
                limits.memory_bytes,
                limits.memory_bytes,
            )?;
            // A CPU-time backstop for the wall-clock deadline, in case the judge itself stalls.
            setrlimit(Resource::RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)?;
            setrlimit(
                Resource::RLIMIT_FSIZE,
                limits.output_bytes,
                limits.output_bytes,
            )?;
            setrlimit(Resource::RLIMIT_CORE, 0, 0)?;
            // No child outlives the judge: if the judge dies, the kernel kills the child.
            #[cfg(target_os = "linux")]
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)?;
            Ok(())
        });
    }
    spawn_tracked(command)
}

/// The processes the judge started itself and still waits for (cases and cargo). Any other child
/// of the judge is a stray that a learner's code left behind.
static OURS: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

/// Makes the judge the subreaper of its descendants (once per process; Linux only).
pub fn adopt_orphans() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let _ = nix::sys::prctl::set_child_subreaper(true);
        });
    }
}

/// Spawns `command` and records it as the judge's own, so that [`sweep`] leaves it alone.
pub fn spawn_tracked(command: &mut Command) -> io::Result<Child> {
    // Held across the spawn so a concurrent sweep never sees the new child unrecorded.
    let mut ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
    let child = command.spawn()?;
    ours.insert(child.id());
    Ok(child)
}

/// Forgets a child the judge has finished waiting for.
pub fn untrack(pid: u32) {
    OURS.lock().unwrap_or_else(|e| e.into_inner()).remove(&pid);
}

/// Kills and reaps every child of the judge it did not start itself: processes a learner's code
/// started in a group of their own, adopted by the judge when their parent ended.
pub fn sweep() {
    #[cfg(target_os = "linux")]
    for _ in 0..16 {
        let ours = OURS.lock().unwrap_or_else(|e| e.into_inner());
        let strays: Vec<u32> = children()
            .into_iter()
            .filter(|p| !ours.contains(p))
            .collect();
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

/// Waits for `child` until `deadline` passes, then kills its whole process group. Whatever the
/// outcome, any process the child left behind in its group is killed too.
pub fn wait(mut child: Child, wall: Duration) -> io::Result<(Ended, Duration)> {
    let pid = Pid::from_raw(child.id() as i32);
    let start = Instant::now();
    let (tx, rx) = mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let ended = match rx.recv_timeout(wall) {
        Ok(status) => Ended::Exited(status?),
        Err(_) => {
            let _ = killpg(pid, Signal::SIGTERM);
            if rx.recv_timeout(GRACE).is_err() {
                let _ = killpg(pid, Signal::SIGKILL);
                let _ = rx.recv();
            }
            Ended::TimedOut
        }
    };
    let elapsed = start.elapsed();
    // Grandchildren the learner's code started share the group; none may linger.
    let _ = killpg(pid, Signal::SIGKILL);
    let _ = waiter.join();
    untrack(pid.as_raw() as u32);
    // Those it started in a group of their own were adopted by the judge when it ended.
    sweep();
    Ok((ended, elapsed))
}
