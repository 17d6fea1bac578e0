//! `pixelbank doctor`: which layers of the sandbox this machine gives the judge, what each one
//! stops, and whether `grade` can run untrusted code here.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_verdict::{Layers, Missing};

/// Why `grade` needs a layer this machine lacks.
pub fn missing(m: Missing) -> &'static str {
    match m {
        Missing::Landlock => {
            "Landlock (Linux 5.13 or later): without it a submission can read any file, the \
             hidden cases and other submissions included"
        }
        Missing::LandlockScoping => {
            "Landlock ABI 6 (Linux 6.12 or later): without its scoping a submission can signal \
             the judge"
        }
        Missing::Seccomp => {
            "seccomp filters: without them a submission can start processes, hold memory the \
             limits do not count, and open network sockets"
        }
        Missing::Network => "network isolation (a user namespace, or seccomp)",
    }
}

/// The report.
pub fn render(layers: &Layers) -> String {
    let mut out = String::new();
    let row = |out: &mut String, ok: bool, name: &str, what: &str| {
        let mark = if ok {
            "✓".green().bold()
        } else {
            "✗".red().bold()
        };
        let _ = writeln!(out, "{mark} {name:<18} {}", what.dimmed());
    };
    let landlock = match layers.landlock {
        Some(abi) => format!(
            "ABI {abi}: files{}{}",
            if abi >= 4 { ", TCP" } else { "" },
            if abi >= 6 {
                ", signals, abstract sockets"
            } else {
                ""
            }
        ),
        None => "not available: any file can be read".into(),
    };
    row(&mut out, layers.landlock.is_some(), "Landlock", &landlock);
    row(
        &mut out,
        layers.namespaces,
        "namespaces",
        if layers.namespaces {
            "user, mount and network: a private 64 MiB scratch directory, no network"
        } else {
            "unprivileged user namespaces are not available"
        },
    );
    row(
        &mut out,
        layers.seccomp,
        "seccomp",
        if layers.seccomp {
            "no new processes, sockets, memfd, shared memory, ptrace or mounts"
        } else {
            "not available"
        },
    );
    match &layers.cgroups {
        Some(kind) => row(
            &mut out,
            true,
            "cgroups",
            &format!("{kind}: every page a program holds counts against its memory limit"),
        ),
        None => row(
            &mut out,
            false,
            "cgroups",
            "cannot create cgroups here (not root, no delegation): the address-space limit and \
             seccomp bound memory instead",
        ),
    }
    let gaps = layers.missing_for_grading();
    out.push('\n');
    if gaps.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            "pixelbank grade can run untrusted code here."
                .green()
                .bold()
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            "pixelbank grade will refuse untrusted code here (unless --no-sandbox):"
                .red()
                .bold()
        );
        for m in gaps {
            let _ = writeln!(out, "  - {}", missing(m));
        }
    }
    out
}
