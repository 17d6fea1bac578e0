//! The sandbox around a judged child: resource limits, its own process group, death with the
//! judge, and a wall-clock deadline after which the whole group is signalled (TERM, a grace period,
//! then KILL). This is the only module with `unsafe`: `pre_exec` is how the OS lets a parent set a
//! child's limits between fork and exec.
#![allow(unsafe_code)]

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};
use std::sync::mpsc;
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
    command.spawn()
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
    Ok((ended, elapsed))
}
