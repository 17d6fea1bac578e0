//! The command-line grammar, declared with clap's derive API. Every subcommand's `--help` ends
//! with examples.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use pixelbank_spec::Difficulty;

/// An offline judge for PixelBank's machine-learning problems, in Rust.
///
/// Exit codes: 0 every case passed; 1 a case failed or the code did not compile; 2 a usage,
/// problem-file or internal error; 141 stdout was closed (`| head`).
#[derive(Debug, Parser)]
#[command(
    name = "pixelbank",
    version,
    about,
    long_about,
    after_help = "Examples:
  pixelbank init my-practice && cd my-practice
  pixelbank next                 # the first problem to solve, and what to do
  pixelbank watch                # judge on every save of the current problem's file
  pixelbank run bce-loss         # judge src/bce_loss.rs once"
)]
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

/// Output formats of `list` and `verify`.
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
    /// List the problems in study order (with your progress inside a workspace).
    #[command(after_help = "Examples:
  pixelbank list
  pixelbank list --difficulty easy
  pixelbank list --collection llm --format json")]
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
    #[command(after_help = "Examples:
  pixelbank show bce-loss
  pixelbank show bce-loss | less")]
    Show {
        /// The problem's id.
        id: String,
    },
    /// Show the first problem you have not solved yet, in study order, and make it the current one.
    #[command(after_help = "Examples:
  pixelbank next
  pixelbank next && pixelbank watch")]
    Next,
    /// Create a practice workspace with a stub file per problem (never overwrites a file), and
    /// build the runtime the judge links, so that the first run is quick.
    #[command(after_help = "Examples:
  pixelbank init                     # ./pixelbank-practice
  pixelbank init ~/ml-practice
  pixelbank --problems ../course-bank init course")]
    Init {
        /// Where to create it.
        #[arg(default_value = "pixelbank-practice")]
        dir: PathBuf,
        /// Do not build the runtime now (the first `run` will).
        #[arg(long)]
        no_prepare: bool,
    },
    /// Judge your solution of a problem (the current problem without an id).
    #[command(after_help = "Examples:
  pixelbank run                      # the current problem (see `pixelbank next`)
  pixelbank run bce-loss
  pixelbank run bce-loss --solution ~/scratch/bce.rs
  pixelbank run bce-loss --bench     # and how fast it is against the reference
  pixelbank run --all")]
    Run {
        /// The problem's id (default: the current problem).
        #[arg(conflicts_with = "all")]
        id: Option<String>,
        /// Judge this file instead of the workspace's `src/<id>.rs`.
        #[arg(long, value_name = "FILE", conflicts_with = "all")]
        solution: Option<PathBuf>,
        /// Judge every problem of the workspace, in study order.
        #[arg(long)]
        all: bool,
        /// Once it passes, also time it against the reference on a large input (`bench`).
        #[arg(long, conflicts_with = "all")]
        bench: bool,
    },
    /// Test your solution against the reference on generated inputs; the first input on which
    /// they differ is shrunk and shown like a failed case, with the seed that replays it.
    ///
    /// Exit codes: 0 no difference was found, 1 one was (or the file does not compile), 2 the
    /// problem cannot be stress-tested (no generator, no reference solution).
    #[command(after_help = "Examples:
  pixelbank stress                   # the current problem, 300 generated inputs
  pixelbank stress bce-loss --seed 42        # replays the run that printed seed 42
  pixelbank stress bce-loss --cases 2000 --solution ~/scratch/bce.rs")]
    Stress(crate::stress::StressArgs),
    /// Time your solution against the reference on one large generated input: both take turns,
    /// several calls each, and the ratio of the medians is reported with its spread.
    #[command(after_help = "Examples:
  pixelbank bench layer-norm
  pixelbank bench layer-norm --solution ~/scratch/layer_norm.rs
  pixelbank run layer-norm --bench   # judge, then time it if it passes")]
    Bench(crate::stress::BenchArgs),
    /// Judge a problem again on every save of its file (or of any problem's file), with keys:
    /// h next hint, n next problem, r run again, q quit.
    #[command(after_help = "Examples:
  pixelbank watch                    # the current problem
  pixelbank watch layer-norm

On a terminal the keys act at once; on a pipe, write them as lines (`q` then Enter).")]
    Watch {
        /// The problem to start with (default: the current problem).
        id: Option<String>,
    },
    /// Restore a problem's stub, keeping your file in .pixelbank/backups/ first.
    #[command(after_help = "Examples:
  pixelbank reset bce-loss
  ls .pixelbank/backups/             # bce_loss-1.rs holds the code you had")]
    Reset {
        /// The problem's id.
        id: String,
    },
    /// Show the reference solution of a problem you solved.
    #[command(after_help = "Examples:
  pixelbank solution bce-loss
  pixelbank solution bce-loss --force   # before solving it: you learn less that way")]
    Solution {
        /// The problem's id.
        id: String,
        /// Show it even though the problem is not solved yet.
        #[arg(long)]
        force: bool,
    },
    /// Check a whole bank (for problem authors): every reference solution passes every case, every
    /// stub fails as shipped, every known mistake differs from the expected output.
    #[command(after_help = "Examples:
  pixelbank verify
  pixelbank verify --coverage
  pixelbank verify --format json > verify.json
  pixelbank --problems my-bank verify --solutions my-solutions --wrong my-wrong")]
    Verify {
        /// Where the reference solutions are (`<module>.rs` per problem).
        #[arg(long, value_name = "DIR", default_value = "solutions/src")]
        solutions: PathBuf,
        /// Where the wrong solutions are (`<module>/<name>.rs`); each must fail a visible case.
        #[arg(long, value_name = "DIR", default_value = "solutions/wrong")]
        wrong: PathBuf,
        /// Under each problem, which cases catch each wrong solution.
        #[arg(long, conflicts_with = "format")]
        coverage: bool,
        /// Report format: text as problems are verified, or one JSON document at the end
        /// (its schema: docs/verify-report.schema.json).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Grade a submission (or a batch of them) for CI: hidden cases, points, reports, exit codes.
    ///
    /// A submission is a directory holding `src/<module>.rs` (a workspace) or `<module>.rs` files.
    /// Exit codes: 0 the pass mark was met (by every submission of a batch), 1 it was not, 2 the
    /// grader itself could not run (or a batch holds no submission). On GitHub Actions
    /// (GITHUB_ACTIONS=true) an `::error` annotation per failed problem goes to stderr.
    #[command(after_help = "Examples:
  pixelbank grade path/to/submission --format junit --output report.xml
  pixelbank grade --batch submissions/ -j 2 --out-dir grades/
  pixelbank grade --batch submissions/ --partition 2/4 --out-dir part2/")]
    Grade {
        /// The submission to grade (default: the current directory).
        #[arg(conflicts_with = "batch")]
        submission: Option<PathBuf>,
        /// Grade only this problem (repeatable).
        #[arg(long = "problem", value_name = "ID")]
        only: Vec<String>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = GradeFormat::Text)]
        format: GradeFormat,
        /// Write the report to this file (atomically) instead of stdout.
        #[arg(long, value_name = "FILE", conflicts_with = "batch")]
        output: Option<PathBuf>,
        /// The pass mark, in percent of the maximum score.
        #[arg(long, value_name = "PERCENT", default_value_t = 100.0)]
        min_score: f64,
        /// Grade every submission folder inside DIR into a gradebook.
        #[arg(long, value_name = "DIR")]
        batch: Option<PathBuf>,
        /// Parallel workers for `--batch` (at least 1; they share one build cache).
        #[arg(
            short,
            long,
            value_name = "N",
            default_value_t = 1,
            requires = "batch",
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
        )]
        jobs: usize,
        /// Grade only the K-th of N deterministic shares of the batch (for a CI matrix).
        #[arg(long, value_name = "K/N", requires = "batch")]
        partition: Option<String>,
        /// Where `--batch` writes gradebook.json, gradebook.csv and reports/<submission>.<ext>.
        #[arg(
            long,
            value_name = "DIR",
            default_value = "pixelbank-grades",
            requires = "batch"
        )]
        out_dir: PathBuf,
        /// Continue a batch that was stopped: submissions already in --out-dir's gradebook are
        /// kept, the others graded.
        #[arg(long, requires = "batch")]
        resume: bool,
        /// Grade without the sandbox, where this machine cannot provide it (`pixelbank doctor`
        /// says which layers are missing). UNSAFE for untrusted code: a submission could read the
        /// hidden cases, other submissions and your files, use the network, or harm the machine.
        #[arg(long)]
        no_sandbox: bool,
        /// Also write the class's page, one self-contained HTML file, to FILE (`--batch` only).
        #[arg(long, value_name = "FILE", requires = "batch")]
        html: Option<PathBuf>,
    },
    /// Show which layers of the sandbox this machine provides (and `grade` requires).
    ///
    /// Exit codes: 0 `grade` can run untrusted code here, 1 it would refuse to.
    #[command(after_help = "Examples:
  pixelbank doctor                 # before trusting a CI runner with grades
  PIXELBANK_WITHOUT=landlock pixelbank doctor   # what a machine without Landlock would say")]
    Doctor,
    /// Merge the partial gradebooks of a partitioned batch into one.
    #[command(after_help = "Examples:
  pixelbank merge part*/gradebook.json --out-dir grades/")]
    Merge {
        /// The gradebook.json files of every partition.
        #[arg(required = true)]
        gradebooks: Vec<PathBuf>,
        /// Where to write the merged gradebook.json and gradebook.csv.
        #[arg(long, value_name = "DIR", default_value = "pixelbank-grades")]
        out_dir: PathBuf,
    },
    /// Summarise a class from its gradebook: the weakest problems and the mistakes most made, and
    /// with `--html` the instructor's page (one self-contained HTML file).
    #[command(after_help = "Examples:
  pixelbank report grades/gradebook.json
  pixelbank report grades/gradebook.json --html class.html
  pixelbank report merged/gradebook.json --html class.html --reports part-1/reports --reports part-2/reports")]
    Report {
        /// The gradebook.json of a batch or of a merge.
        gradebook: PathBuf,
        /// Write the class's page to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Where the submissions' reports are, for the page's links (repeatable, for the `reports/`
        /// of every partition); by default the `reports/` folder beside the gradebook.
        #[arg(long, value_name = "DIR", requires = "html")]
        reports: Vec<PathBuf>,
    },
    /// Show the next hint for a problem (the current problem without an id).
    #[command(after_help = "Examples:
  pixelbank hint                     # the next hint of the current problem
  pixelbank hint bce-loss
  pixelbank hint bce-loss --seen     # the hints you have seen, again
  pixelbank hint bce-loss --all")]
    Hint {
        /// The problem's id (default: the current problem).
        id: Option<String>,
        /// Show every hint.
        #[arg(long, conflicts_with = "seen")]
        all: bool,
        /// Show again the hints already seen, without revealing another.
        #[arg(long)]
        seen: bool,
    },
    /// Print a completion script for a shell.
    #[command(after_help = "Examples:
  pixelbank completions bash > ~/.local/share/bash-completion/completions/pixelbank
  pixelbank completions zsh > ~/.zfunc/_pixelbank
  pixelbank completions fish > ~/.config/fish/completions/pixelbank.fish")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Formats of a grade report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeFormat {
    /// Plain text for people and CI logs.
    Text,
    /// Versioned JSON (docs/grade-report.schema.json).
    Json,
    /// JUnit XML for GitLab's and GitHub's test-report tools.
    Junit,
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
