//! Which layers of the sandbox this machine gives the judge: what `pixelbank doctor` reports and
//! what `pixelbank grade` requires before it runs code it does not trust.

/// The isolation layers available here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    /// Landlock's ABI version (file system rules from 1, network rules from 4, signal and
    /// abstract-socket scoping from 6), when the kernel has it.
    pub landlock: Option<u32>,
    /// Unprivileged user namespaces, hence a network namespace of its own and a private
    /// size-bounded scratch directory for each judged process.
    pub namespaces: bool,
    /// Seccomp filters: no new processes, no memfd or shared memory, no ptrace.
    pub seccomp: bool,
    /// Memory and process accounting by a cgroup of each judged process (`v1` or `v2`), when the
    /// judge may create cgroups.
    pub cgroups: Option<String>,
}

/// A layer `grade` cannot do without, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No Landlock: the code could read any file (a bank's hidden cases, another submission).
    Landlock,
    /// Landlock without scoping (ABI < 6): the code could signal the judge.
    LandlockScoping,
    /// No seccomp: the code could start processes and hold memory the limits do not count.
    Seccomp,
    /// Neither a network namespace nor seccomp (which denies every socket but a local one): the
    /// code could send inputs anywhere.
    Network,
}

impl Layers {
    /// What `grade` needs and this machine lacks; empty when untrusted code can be graded here.
    pub fn missing_for_grading(&self) -> Vec<Missing> {
        let mut missing = Vec::new();
        match self.landlock {
            None => missing.push(Missing::Landlock),
            Some(abi) if abi < 6 => missing.push(Missing::LandlockScoping),
            Some(_) => {}
        }
        if !self.seccomp {
            missing.push(Missing::Seccomp);
        }
        if !(self.namespaces || self.seccomp) {
            missing.push(Missing::Network);
        }
        missing
    }
}
