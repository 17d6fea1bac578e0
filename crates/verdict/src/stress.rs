//! What `pixelbank stress` and `pixelbank bench` conclude: the first generated input on which the
//! learner's function and the reference differ, shrunk and shown like a failed case; and how long
//! the learner's function takes against the reference on one large input.

use std::path::PathBuf;
use std::time::Duration;

use pixelbank_spec::{Outcome, Value};

use crate::case::{CaseReport, Failure};
use crate::problem::ProblemStatus;

/// How a stress run went.
#[derive(Debug, Clone, PartialEq)]
pub struct StressReport {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The learner's file.
    pub submission: PathBuf,
    /// Whether the file was built and run (a compile error ends the run before any input).
    pub status: ProblemStatus,
    /// The seed the inputs were drawn from: the same seed draws the same inputs.
    pub seed: u64,
    /// How many inputs the run was to try.
    pub cases: usize,
    /// How many it tried: up to the first difference, or all of them.
    pub tried: usize,
    /// What it found.
    pub outcome: StressOutcome,
}

/// What a stress run found.
#[derive(Debug, Clone, PartialEq)]
pub enum StressOutcome {
    /// The learner's function agreed with the reference on every input tried.
    Agreed,
    /// The first input on which they differ, shrunk.
    Differs(Box<Counterexample>),
    /// The reference itself failed on a generated input: the generator (or the reference) is
    /// wrong, an error of the problem's author.
    ReferenceFailed {
        /// The input, by parameter name.
        inputs: Vec<(String, Value)>,
        /// How the reference failed.
        failure: Failure,
    },
    /// The reference rejected a generated input the generator declares valid, or accepted one
    /// it declares invalid: the generator (or the reference) is wrong, an error of the author.
    GeneratorContradicted {
        /// The input, by parameter name.
        inputs: Vec<(String, Value)>,
        /// The generator's variant it came from (`why`), or `None` for the base.
        variant: Option<String>,
        /// Where that variant (or the base) is written: `problems/bce-loss.toml:57:1`.
        at: String,
        /// What the reference gave.
        reference: Outcome,
    },
    /// The problem has no generator.
    NoGenerator,
    /// The file was not run (see the status).
    NotRun,
    /// pixelbank was interrupted.
    Interrupted,
}

/// A generated input on which the learner's function and the reference differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterexample {
    /// Which input of the run (from 1) first differed.
    pub index: usize,
    /// The generator's variant it came from (`why`), or `None` for the base.
    pub variant: Option<String>,
    /// The sizes of the dimensions, shrunk.
    pub sizes: Vec<(String, usize)>,
    /// The sizes as first drawn.
    pub drawn_sizes: Vec<(String, usize)>,
    /// How many simplifications were kept while shrinking.
    pub shrinks: usize,
    /// Whether shrinking stopped at its bound (runs or time) before it ran out of simpler
    /// inputs: a smaller one may exist, and another machine may stop elsewhere.
    pub shrink_stopped: bool,
    /// The shrunk input as a failed case: the inputs, the reference's output as expected, the
    /// learner's as got, how they differ, and the known mistake it matches.
    pub case: CaseReport,
}

/// How long a function took on the bench input.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The learner's file.
    pub submission: PathBuf,
    /// Whether the file was built and run.
    pub status: ProblemStatus,
    /// The sizes of the bench input's dimensions.
    pub sizes: Vec<(String, usize)>,
    /// The largest input: its parameter and its shape.
    pub largest: Option<(String, Vec<usize>)>,
    /// What was measured.
    pub outcome: BenchOutcome,
}

/// What a bench measured.
#[derive(Debug, Clone, PartialEq)]
pub enum BenchOutcome {
    /// Both functions ran, interleaved, on the same input.
    Measured(Timing),
    /// The learner's function failed on the bench input (too slow for the limit, a panic).
    LearnerFailed {
        /// How.
        failure: Failure,
        /// The reference's median, when it ran.
        reference: Option<Duration>,
    },
    /// The reference failed on the bench input: an error of the problem's author.
    ReferenceFailed(Failure),
    /// The problem declares no bench size.
    NoBench,
    /// The file was not run (see the status).
    NotRun,
    /// pixelbank was interrupted.
    Interrupted,
}

/// The durations of the calls, learner and reference taking turns (A B A B).
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The learner's calls.
    pub learner: Vec<Duration>,
    /// The reference's calls, each right after the learner's of the same index.
    pub reference: Vec<Duration>,
}

fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

impl Timing {
    /// The learner's median.
    pub fn learner_median(&self) -> Duration {
        median(&self.learner)
    }

    /// The reference's median.
    pub fn reference_median(&self) -> Duration {
        median(&self.reference)
    }

    /// How many times slower the learner is: the median of the ratios of each learner call to
    /// the reference call beside it (a pair shares the machine's state of the moment, so a
    /// slow spell of the machine cancels out), or the ratio of the medians without pairs.
    pub fn ratio(&self) -> f64 {
        let mut ratios = self.pair_ratios();
        if ratios.is_empty() {
            let reference = self.reference_median().as_secs_f64();
            return if reference > 0.0 {
                self.learner_median().as_secs_f64() / reference
            } else {
                1.0
            };
        }
        ratios.sort_by(f64::total_cmp);
        let n = ratios.len();
        if n % 2 == 1 {
            ratios[n / 2]
        } else {
            (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0
        }
    }

    fn pair_ratios(&self) -> Vec<f64> {
        self.learner
            .iter()
            .zip(&self.reference)
            .filter(|(_, r)| !r.is_zero())
            .map(|(l, r)| l.as_secs_f64() / r.as_secs_f64())
            .collect()
    }

    /// The smallest and largest ratio of one learner call to the reference call beside it.
    pub fn spread(&self) -> (f64, f64) {
        let ratios = self.pair_ratios();
        let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if ratios.is_empty() {
            (1.0, 1.0)
        } else {
            (lo, hi)
        }
    }
}

/// From how many times slower a passing `run --bench` says the learner is far slower.
pub const FAR_SLOWER: f64 = 3.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|&v| Duration::from_millis(v)).collect()
    }

    #[test]
    fn the_ratio_is_the_median_of_the_pairs_and_the_spread_their_range() {
        let t = Timing {
            learner: ms(&[20, 22, 100, 21, 20]),
            reference: ms(&[10, 10, 11, 10, 12]),
        };
        assert_eq!(t.learner_median(), Duration::from_millis(21));
        assert_eq!(t.reference_median(), Duration::from_millis(10));
        // The pairs: 2.0, 2.2, 9.09, 2.1, 1.67; their median is 2.1.
        assert!((t.ratio() - 2.1).abs() < 1e-9);
        let (lo, hi) = t.spread();
        assert!((lo - 20.0 / 12.0).abs() < 1e-9 && (hi - 100.0 / 11.0).abs() < 1e-9);
    }
}
