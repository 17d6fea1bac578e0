//! What a judge says as it goes, so that a front end can show progress while a problem is judged:
//! the one-time build of the runtime, each compile, each case as it finishes.

use std::path::Path;
use std::time::Duration;

use crate::case::CaseReport;

/// One step of judging.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The runtime every judged program links (with ndarray and serde_json) is being built; this
    /// happens once per user and toolchain.
    PreparingRuntime,
    /// A package of the runtime was built (additive to [`Event::PreparingRuntime`], for a
    /// progress bar).
    RuntimeProgress {
        /// How many of its packages are built.
        built: usize,
        /// How many it has.
        total: usize,
        /// The one just built.
        package: &'a str,
    },
    /// The runtime is built.
    RuntimeReady {
        /// How long it took.
        duration: Duration,
    },
    /// A learner's file is being compiled.
    Compiling {
        /// The problem's id.
        problem: &'a str,
        /// The learner's file.
        file: &'a Path,
    },
    /// The compile ended (or a program built from the same source was found).
    Compiled {
        /// The problem's id.
        problem: &'a str,
        /// Whether it compiled.
        ok: bool,
        /// How long it took.
        duration: Duration,
    },
    /// A case finished.
    CaseFinished {
        /// The problem's id.
        problem: &'a str,
        /// The case's index in the problem.
        index: usize,
        /// How many cases the problem has.
        of: usize,
        /// Its report.
        case: &'a CaseReport,
    },
}
