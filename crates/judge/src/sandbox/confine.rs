//! The sandbox policy of one process, applied between fork and exec: for the compiler and for a
//! judged program alike, the file system narrowed by Landlock to what the step reads and writes,
//! signals and abstract sockets scoped to the sandbox, and no network; for the compiler a network
//! namespace of its own, for a judged program a private, size-bounded scratch directory (a tmpfs
//! in a mount namespace of its own), a seccomp filter (no new process, no socket, no memfd or
//! shared memory, no ptrace, no mount), and, when asked, a cgroup that counts every page it
//! holds. Each layer is used when this machine has it ([`layers`]); what the namespace probe
//! found is kept in the judge's cache, as it costs a process.
//!
//! Everything that allocates or touches paths is prepared in the parent ([`Jail::prepare`]);
//! [`Prepared::enter`] runs in the child and makes only system calls.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::fs;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use landlock::{
    ABI, Access, AccessFs, AccessNet, CompatLevel, Compatible, Ruleset, RulesetAttr,
    RulesetCreated, RulesetCreatedAttr, Scope, path_beneath_rules,
};
use nix::libc;
use pixelbank_verdict::Layers;
use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

/// How large a judged program's scratch directory may grow.
const SCRATCH_BYTES: u64 = 64 << 20;

/// How many tasks (threads) a judged program may run at once.
const TASKS: u64 = 64;

/// What one process may do.
#[derive(Debug, Clone, Default)]
pub(crate) struct Jail {
    /// Read and execute, with everything beneath.
    pub read: Vec<PathBuf>,
    /// Read and write, with everything beneath.
    pub write: Vec<PathBuf>,
    /// Mounted as a private tmpfs of [`SCRATCH_BYTES`] and made the working directory; the
    /// directory itself stays empty for the judge.
    pub scratch: Option<PathBuf>,
    /// Whether the judged program's system-call filter applies (not to the compiler, which
    /// starts a linker).
    pub filter_syscalls: bool,
    /// A cgroup memory limit in bytes (every page the process holds counts), when cgroups can
    /// be had.
    pub memory_bytes: Option<u64>,
}

/// A jail made ready for one process.
pub(crate) struct Prepared {
    ruleset: std::sync::Mutex<Option<RulesetCreated>>,
    filters: Vec<BpfProgram>,
    namespaces: bool,
    /// A network namespace of its own (with no interface up): no network.
    own_network: bool,
    scratch: Option<CString>,
    tmpfs_options: CString,
    uid_map: Vec<u8>,
    gid_map: Vec<u8>,
    cgroup_procs: Vec<OwnedFd>,
}

/// The layers this machine has, probed once. `PIXELBANK_WITHOUT` (a comma-separated list of
/// `landlock`, `namespaces`, `seccomp`, `cgroups`) makes the judge act as if it lacked some: to
/// see what `grade` says on a weaker machine, and for the tests of that.
pub(crate) fn layers() -> &'static Layers {
    static LAYERS: OnceLock<Layers> = OnceLock::new();
    LAYERS.get_or_init(|| Layers {
        cgroups: cgroups().map(|c| c.kind().to_string()),
        ..confining().clone()
    })
}

/// The layers every jail uses, without cgroups: their probe creates directories, and only
/// a jail that counts every page needs them ([`cgroups`]).
fn confining() -> &'static Layers {
    static CONFINING: OnceLock<Layers> = OnceLock::new();
    CONFINING.get_or_init(|| Layers {
        landlock: landlock_abi().filter(|_| wanted("landlock")),
        namespaces: wanted("namespaces") && remembered(namespaces_work),
        seccomp: wanted("seccomp") && seccomp_works(),
        cgroups: None,
    })
}

/// The cgroups this process may create below its own, unless `PIXELBANK_WITHOUT` names them.
fn cgroups() -> Option<Cgroups> {
    Cgroups::find().filter(|_| wanted("cgroups"))
}

/// Whether `PIXELBANK_WITHOUT` leaves `layer` to the judge.
fn wanted(layer: &str) -> bool {
    static WITHOUT: OnceLock<String> = OnceLock::new();
    let without = WITHOUT.get_or_init(|| std::env::var("PIXELBANK_WITHOUT").unwrap_or_default());
    !without.split(',').any(|w| w.trim() == layer)
}

/// Where the judge keeps what its probes found; none until [`keep_probes_in`].
static PROBES: OnceLock<PathBuf> = OnceLock::new();

/// Keeps what the sandbox's probes find in `cache` (a judge's cache directory), for the next
/// process of the same user on the same boot. `doctor`, which calls no judge, always probes.
pub(crate) fn keep_probes_in(cache: &Path) {
    let _ = PROBES.set(cache.join("sandbox-probe.json"));
}

/// Forgets what the probes found, after a child could not be set up as they said it could.
pub(crate) fn forget_probes() {
    if let Some(file) = PROBES.get() {
        let _ = fs::remove_file(file);
    }
}

/// What decides whether this process may make namespaces, read cheaply: the boot, who it runs
/// as and with which capabilities and filters, its user namespace, and the kernel's switches.
fn probe_fingerprint() -> String {
    let read = |path: &str| fs::read_to_string(path).unwrap_or_default();
    let status: Vec<String> = read("/proc/self/status")
        .lines()
        .filter(|l| {
            ["Uid:", "Gid:", "CapEff:", "NoNewPrivs:", "Seccomp:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(str::to_string)
        .collect();
    let userns = fs::read_link("/proc/self/ns/user").unwrap_or_default();
    [
        read("/proc/sys/kernel/random/boot_id"),
        status.join(";"),
        userns.display().to_string(),
        read("/proc/sys/user/max_user_namespaces"),
        read("/proc/sys/kernel/unprivileged_userns_clone"),
        read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"),
        std::env::temp_dir().display().to_string(),
    ]
    .map(|s| s.trim().to_string())
    .join("|")
}

/// `probe()`'s answer, from the judge's cache when this process is like the one that asked.
fn remembered(probe: fn() -> bool) -> bool {
    let Some(file) = PROBES.get() else {
        return probe();
    };
    let fingerprint = probe_fingerprint();
    let kept = fs::read_to_string(file).ok().and_then(|text| {
        let (print, answer) = text.rsplit_once('\n')?;
        (print == fingerprint).then(|| answer == "yes")
    });
    if let Some(answer) = kept {
        return answer;
    }
    let answer = probe();
    let tmp = file.with_extension(format!("{}", std::process::id()));
    let text = format!("{fingerprint}\n{}", if answer { "yes" } else { "no" });
    if fs::write(&tmp, text).is_ok() {
        let _ = fs::rename(&tmp, file);
    }
    answer
}

fn landlock_abi() -> Option<u32> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    // SAFETY: with a null attribute, a size of 0 and the VERSION flag the call only returns the
    // ABI version; it reads and writes no memory.
    let abi = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<u8>(),
            0usize,
            1u32, // LANDLOCK_CREATE_RULESET_VERSION
        )
    };
    u32::try_from(abi).ok().filter(|&abi| abi > 0)
}

/// Whether a child can enter user, mount and network namespaces of its own, map its user, and
/// mount a scratch directory there: everything [`Prepared::enter`] does. (Unsharing alone is not
/// enough: root without capabilities may unshare, but not map root.) The child is a bare fork
/// that ends without exec: the probe costs about a millisecond.
fn namespaces_work() -> bool {
    let Ok(scratch) = tempfile::TempDir::new() else {
        return false;
    };
    let Ok(scratch_path) = cstring(scratch.path()) else {
        return false;
    };
    let probe = Prepared::bare(true, Some(scratch_path));
    // SAFETY: the child of a fork of a threaded process may make only async-signal-safe calls:
    // `enter` makes system calls only, on values prepared before the fork, and `_exit` ends it
    // without running anything of the parent's (no destructors, no atexit handlers).
    unsafe {
        match libc::fork() {
            -1 => false,
            0 => {
                let code = if probe.enter().is_ok() { 0 } else { 1 };
                libc::_exit(code)
            }
            child => {
                let mut status = 0;
                while libc::waitpid(child, &mut status, 0) < 0
                    && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted
                {
                }
                libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
            }
        }
    }
}

fn seccomp_works() -> bool {
    // PR_GET_SECCOMP answers 0 when the calling thread is not filtered and filters can be had.
    // SAFETY: a query with no pointer arguments.
    cfg!(target_os = "linux") && unsafe { libc::prctl(libc::PR_GET_SECCOMP, 0, 0, 0, 0) } >= 0
}

fn cstring(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path with a NUL byte"))
}

impl Jail {
    /// Prepares the jail for one process, with whatever layers this machine has; the cgroups,
    /// if any, are read and removed by the parent after the process ends.
    pub fn prepare(&self) -> io::Result<(Prepared, Option<Accounting>)> {
        let layers = confining();
        let filtered = self.filter_syscalls && layers.seccomp;
        // A filtered program cannot make a socket: a network namespace (some 2 ms to make)
        // would add nothing. The compiler, unfiltered, gets one.
        let own_network = layers.namespaces && !filtered;
        let ruleset = match layers.landlock {
            Some(abi) => Some(self.ruleset(abi, own_network)?),
            None => None,
        };
        let filters = if filtered {
            syscall_filters()?
        } else {
            Vec::new()
        };
        let accounting = match self.memory_bytes.map(|bytes| (bytes, cgroups())) {
            Some((bytes, Some(cgroups))) => Some(cgroups.create(bytes)?),
            _ => None,
        };
        let cgroup_procs = match &accounting {
            Some(a) => a.procs_files()?,
            None => Vec::new(),
        };
        let prepared = Prepared {
            ruleset: std::sync::Mutex::new(ruleset),
            filters,
            cgroup_procs,
            own_network,
            ..Prepared::bare(
                layers.namespaces,
                self.scratch.as_deref().map(cstring).transpose()?,
            )
        };
        Ok((prepared, accounting))
    }

    fn ruleset(&self, abi: u32, own_network: bool) -> io::Result<RulesetCreated> {
        let abi = match abi {
            1 => ABI::V1,
            2 => ABI::V2,
            3 => ABI::V3,
            4 => ABI::V4,
            5 => ABI::V5,
            6 => ABI::V6,
            _ => ABI::V7,
        };
        let err = |e: landlock::RulesetError| io::Error::other(e.to_string());
        let existing = |paths: &[PathBuf]| -> Vec<PathBuf> {
            paths.iter().filter(|p| p.exists()).cloned().collect()
        };
        let mut ruleset = Ruleset::default()
            .set_compatibility(CompatLevel::BestEffort)
            .handle_access(AccessFs::from_all(abi))
            .map_err(err)?;
        if abi >= ABI::V6 {
            ruleset = ruleset.scope(Scope::from_all(abi)).map_err(err)?;
        }
        if abi >= ABI::V4 && !own_network {
            // No network namespace: no TCP bind or connect (and, for a judged program, no
            // socket at all: seccomp).
            ruleset = ruleset
                .handle_access(AccessNet::from_all(abi))
                .map_err(err)?;
        }
        let mut write = existing(&self.write);
        write.extend(self.scratch.iter().cloned());
        ruleset
            .create()
            .map_err(err)?
            .add_rules(path_beneath_rules(
                existing(&self.read),
                AccessFs::from_read(abi),
            ))
            .map_err(err)?
            .add_rules(path_beneath_rules(write, AccessFs::from_all(abi)))
            .map_err(err)
    }
}

/// The judged program's system-call filters: one denying with EPERM what a judged function has
/// no business doing, one answering `clone3` with ENOSYS so that the C library falls back to
/// `clone`, whose flags the first filter can read (threads yes, processes no).
fn syscall_filters() -> io::Result<Vec<BpfProgram>> {
    let err = |e: seccompiler::BackendError| io::Error::other(e.to_string());
    let arch = TargetArch::try_from(std::env::consts::ARCH)
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut deny: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for syscall in [
        libc::SYS_fork,
        libc::SYS_vfork,
        libc::SYS_memfd_create,
        libc::SYS_memfd_secret,
        libc::SYS_shmget,
        libc::SYS_shmat,
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_pidfd_getfd,
        libc::SYS_kcmp,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_chroot,
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_open_tree,
        libc::SYS_move_mount,
        libc::SYS_fsopen,
        libc::SYS_fsmount,
        libc::SYS_fsconfig,
        libc::SYS_fspick,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_userfaultfd,
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_setpgid,
        libc::SYS_setsid,
        // No socket of any kind: no network, and no Unix socket to a daemon of the machine's
        // (a path's socket is reached by name, which Landlock does not check).
        libc::SYS_socket,
    ] {
        deny.insert(syscall, Vec::new());
    }
    // A new process, as opposed to a thread of this one.
    let not_a_thread = SeccompCondition::new(
        0,
        SeccompCmpArgLen::Qword,
        SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
        0,
    )
    .map_err(err)?;
    deny.insert(
        libc::SYS_clone,
        vec![SeccompRule::new(vec![not_a_thread]).map_err(err)?],
    );
    let eperm = SeccompFilter::new(
        deny,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        arch,
    )
    .map_err(err)?;
    let enosys = SeccompFilter::new(
        [(libc::SYS_clone3, Vec::new())].into_iter().collect(),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        arch,
    )
    .map_err(err)?;
    let programs = [eperm, enosys]
        .into_iter()
        .map(|f| BpfProgram::try_from(f).map_err(err))
        .collect::<io::Result<Vec<_>>>()?;
    Ok(programs)
}

/// The result of a system call that returns -1 on failure.
fn check(rc: libc::c_int) -> io::Result<()> {
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// Writes `bytes` to the file at `path` (a `/proc` file) with system calls only.
fn write_file(path: &std::ffi::CStr, bytes: &[u8]) -> io::Result<()> {
    // SAFETY: open, write and close on a NUL-terminated path and a live buffer.
    unsafe {
        let fd = libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        check(fd)?;
        let written = libc::write(fd, bytes.as_ptr().cast(), bytes.len());
        libc::close(fd);
        if written != bytes.len() as isize {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

impl Prepared {
    /// Namespaces (and a scratch directory in them), if `namespaces`, and no other layer.
    fn bare(namespaces: bool, scratch: Option<CString>) -> Prepared {
        // SAFETY: getuid and getgid cannot fail.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        Prepared {
            ruleset: std::sync::Mutex::new(None),
            filters: Vec::new(),
            namespaces,
            own_network: namespaces,
            scratch,
            tmpfs_options: CString::new(format!("size={SCRATCH_BYTES},mode=0700"))
                .unwrap_or_default(),
            uid_map: format!("0 {uid} 1\n").into_bytes(),
            gid_map: format!("0 {gid} 1\n").into_bytes(),
            cgroup_procs: Vec::new(),
        }
    }

    /// Enters the jail. Runs in the child between fork and exec: system calls only, no
    /// allocation, no lock another thread could hold (the child has one thread).
    pub fn enter(&self) -> io::Result<()> {
        for procs in &self.cgroup_procs {
            // "0" is the writing process.
            // SAFETY: a write of a static buffer to a descriptor the parent opened.
            let n = unsafe { libc::write(procs.as_raw_fd(), b"0".as_ptr().cast(), 1) };
            if n != 1 {
                return Err(io::Error::last_os_error());
            }
        }
        if self.namespaces {
            let mut flags = libc::CLONE_NEWUSER;
            if self.own_network {
                flags |= libc::CLONE_NEWNET;
            }
            if self.scratch.is_some() {
                flags |= libc::CLONE_NEWNS;
            }
            // SAFETY: unshare is a single system call.
            check(unsafe { libc::unshare(flags) })?;
            write_file(c"/proc/self/setgroups", b"deny")?;
            write_file(c"/proc/self/uid_map", &self.uid_map)?;
            write_file(c"/proc/self/gid_map", &self.gid_map)?;
            if let Some(scratch) = &self.scratch {
                // SAFETY: mount and chdir with NUL-terminated strings prepared by the parent.
                unsafe {
                    // Nothing mounted here may propagate back to the judge's namespace.
                    check(libc::mount(
                        std::ptr::null(),
                        c"/".as_ptr(),
                        std::ptr::null(),
                        libc::MS_REC | libc::MS_PRIVATE,
                        std::ptr::null(),
                    ))?;
                    check(libc::mount(
                        c"tmpfs".as_ptr(),
                        scratch.as_ptr(),
                        c"tmpfs".as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV,
                        self.tmpfs_options.as_ptr().cast(),
                    ))?;
                    check(libc::chdir(scratch.as_ptr()))?;
                }
            }
        }
        let ruleset = self.ruleset.lock().ok().and_then(|mut r| r.take());
        if let Some(ruleset) = ruleset {
            ruleset
                .restrict_self()
                .map_err(|_| io::Error::other("Landlock refused the ruleset"))?;
        }
        Ok(())
    }

    /// Installs the system-call filters: the last step before exec, as they deny what the steps
    /// before need.
    pub fn filter(&self) -> io::Result<()> {
        for program in &self.filters {
            seccompiler::apply_filter(program).map_err(|_| io::Error::last_os_error())?;
        }
        Ok(())
    }
}

/// Where this process's cgroups are, when it may create cgroups below them.
#[derive(Debug, Clone)]
enum Cgroups {
    /// cgroup v1: the memory and the pids hierarchies.
    V1 {
        memory: PathBuf,
        pids: Option<PathBuf>,
    },
    /// cgroup v2: the unified hierarchy, with the memory and pids controllers enabled below.
    V2 { dir: PathBuf },
}

/// The cgroups of one process: read after it ends, removed on drop.
#[derive(Debug)]
pub(crate) struct Accounting {
    dirs: Vec<PathBuf>,
    memory: PathBuf,
    v2: bool,
}

static SEQUENCE: AtomicU64 = AtomicU64::new(0);

impl Cgroups {
    /// This process's cgroups, if it may create cgroups below them.
    fn find() -> Option<Cgroups> {
        static FOUND: OnceLock<Option<Cgroups>> = OnceLock::new();
        FOUND
            .get_or_init(|| {
                let own = fs::read_to_string("/proc/self/cgroup").ok()?;
                let path_of = |controller: &str| {
                    own.lines().find_map(|l| {
                        let mut parts = l.splitn(3, ':');
                        let (_, names, path) = (parts.next()?, parts.next()?, parts.next()?);
                        names
                            .split(',')
                            .any(|n| n == controller)
                            .then(|| path.trim_start_matches('/').to_string())
                    })
                };
                let writable = |dir: &Path| {
                    let probe = dir.join(format!("pixelbank-probe-{}", std::process::id()));
                    let ok = fs::create_dir(&probe).is_ok();
                    let _ = fs::remove_dir(&probe);
                    ok
                };
                let root = Path::new("/sys/fs/cgroup");
                if let Some(memory) = path_of("memory").map(|p| root.join("memory").join(p))
                    && writable(&memory)
                {
                    let pids = path_of("pids")
                        .map(|p| root.join("pids").join(p))
                        .filter(|p| writable(p));
                    return Some(Cgroups::V1 { memory, pids });
                }
                let unified = own.lines().find_map(|l| l.strip_prefix("0::"))?;
                let dir = root.join(unified.trim_start_matches('/'));
                let controllers = fs::read_to_string(dir.join("cgroup.subtree_control")).ok()?;
                (controllers.contains("memory") && writable(&dir)).then_some(Cgroups::V2 { dir })
            })
            .clone()
    }

    fn kind(&self) -> &'static str {
        match self {
            Cgroups::V1 { .. } => "v1",
            Cgroups::V2 { .. } => "v2",
        }
    }

    /// New cgroups for one process, limited to `bytes` of memory and [`TASKS`] tasks.
    fn create(&self, bytes: u64) -> io::Result<Accounting> {
        let name = format!(
            "pixelbank-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        );
        match self {
            Cgroups::V1 { memory, pids } => {
                let mem = memory.join(&name);
                fs::create_dir(&mem)?;
                let mut accounting = Accounting {
                    dirs: vec![mem.clone()],
                    memory: mem.clone(),
                    v2: false,
                };
                fs::write(mem.join("memory.limit_in_bytes"), bytes.to_string())?;
                // With swap accounting, swap counts too; without it the file is absent.
                let _ = fs::write(mem.join("memory.memsw.limit_in_bytes"), bytes.to_string());
                if let Some(pids) = pids {
                    let dir = pids.join(&name);
                    fs::create_dir(&dir)?;
                    accounting.dirs.push(dir.clone());
                    fs::write(dir.join("pids.max"), TASKS.to_string())?;
                }
                Ok(accounting)
            }
            Cgroups::V2 { dir } => {
                let dir = dir.join(&name);
                fs::create_dir(&dir)?;
                fs::write(dir.join("memory.max"), bytes.to_string())?;
                let _ = fs::write(dir.join("memory.swap.max"), "0");
                let _ = fs::write(dir.join("pids.max"), TASKS.to_string());
                Ok(Accounting {
                    dirs: vec![dir.clone()],
                    memory: dir,
                    v2: true,
                })
            }
        }
    }
}

impl Accounting {
    fn procs_files(&self) -> io::Result<Vec<OwnedFd>> {
        self.dirs
            .iter()
            .map(|d| {
                fs::OpenOptions::new()
                    .write(true)
                    .open(d.join("cgroup.procs"))
                    .map(OwnedFd::from)
            })
            .collect()
    }

    /// Whether the process ran into its memory limit, by the kernel's own count.
    pub fn memory_exceeded(&self) -> bool {
        let read = |file: &str| fs::read_to_string(self.memory.join(file)).unwrap_or_default();
        if self.v2 {
            read("memory.events").lines().any(|l| {
                let mut parts = l.split_whitespace();
                matches!(parts.next(), Some("max" | "oom" | "oom_kill"))
                    && parts.next().is_some_and(|n| n != "0")
            })
        } else {
            read("memory.failcnt").trim().parse::<u64>().unwrap_or(0) > 0
        }
    }
}

impl Drop for Accounting {
    fn drop(&mut self) {
        // The process is gone; its cgroups empty out as the kernel finishes with it.
        for dir in &self.dirs {
            for _ in 0..50 {
                if fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    }
}
