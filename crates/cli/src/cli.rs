//! The command-line grammar, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use pixelbank_spec::Difficulty;

/// An offline judge for PixelBank's machine-learning problems, in Rust.
///
/// Exit codes: 0 every case passed; 1 a case failed or the code did not compile; 2 a usage,
/// problem-file or internal error.
#[derive(Debug, Parser)]
#[command(name = "pixelbank", version, about, long_about)]
pub struct Args {
    /// Load the problem bank from this directory instead of the official one built into pixelbank.
    #[arg(long, global = true, env = "PIXELBANK_PROBLEMS", value_name = "DIR")]
    pub problems: Option<PathBuf>,

    /// When to use colors (NO_COLOR is honoured by `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Text,
    /// JSON for scripts.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the problems (with your progress inside a workspace).
    List {
        /// Only problems of this difficulty.
        #[arg(long, value_enum)]
        difficulty: Option<DifficultyArg>,
        /// Only problems of this collection (case-insensitive, a part of the name is enough).
        #[arg(long)]
        collection: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a problem: statement, signature, examples.
    Show {
        /// The problem's id.
        id: String,
    },
    /// Create a practice workspace with a stub file per problem (never overwrites a file).
    Init {
        /// Where to create it.
        #[arg(default_value = "pixelbank-practice")]
        dir: PathBuf,
    },
    /// Judge your solution of a problem.
    Run {
        /// The problem's id.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Judge this file instead of the workspace's `src/<id>.rs`.
        #[arg(long, value_name = "FILE", conflicts_with = "all")]
        solution: Option<PathBuf>,
        /// Judge every problem of the workspace.
        #[arg(long)]
        all: bool,
    },
    /// Check a whole bank (for problem authors): every reference solution passes every case, every
    /// stub fails as shipped, every known mistake differs from the expected output.
    Verify {
        /// Where the reference solutions are (`<module>.rs` per problem).
        #[arg(long, value_name = "DIR", default_value = "solutions/src")]
        solutions: PathBuf,
    },
    /// Show the next hint for a problem.
    Hint {
        /// The problem's id.
        id: String,
        /// Show every hint.
        #[arg(long)]
        all: bool,
    },
}

/// `--difficulty` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    /// Easy problems.
    Easy,
    /// Medium problems.
    Medium,
    /// Hard problems.
    Hard,
}

impl From<DifficultyArg> for Difficulty {
    fn from(d: DifficultyArg) -> Difficulty {
        match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Medium => Difficulty::Medium,
            DifficultyArg::Hard => Difficulty::Hard,
        }
    }
}
