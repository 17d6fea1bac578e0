//! The learner's view of `pixelbank stress` and `pixelbank bench`: the shrunk counterexample shown
//! like a failed case of `run`, with the sizes it was shrunk to and the command that replays it;
//! and the bench's durations, the ratio to the reference and its spread.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use colored::Colorize;
use pixelbank_spec::Outcome;
use pixelbank_verdict::{
    BenchOutcome, BenchReport, FAR_SLOWER, ProblemStatus, StressOutcome, StressReport, Timing,
};

use crate::{explain, pretty, text};

/// The command that replays a stress run: its id, seed and number of inputs, then `flags`, the
/// options that chose the bank and the files (`--solution FILE`), each path quoted for a shell.
pub fn replay(report: &StressReport, default_cases: usize, flags: &[(&str, &Path)]) -> String {
    let mut command = format!("pixelbank stress {} --seed {}", report.id, report.seed);
    if report.cases != default_cases {
        command.push_str(&format!(" --cases {}", report.cases));
    }
    for (flag, path) in flags {
        let path = path.display().to_string();
        let quoted = shlex::try_quote(&path).map_or(path.clone(), |q| q.into_owned());
        command.push_str(&format!(" {flag} {}", pretty::clean(&quoted)));
    }
    command
}

/// `N = 2, D = 3`.
/// The inputs on which the bank contradicted itself, and how to replay and report it.
fn bank_bug(inputs: &[(String, pixelbank_spec::Value)], replay: &str) -> String {
    let mut out = String::new();
    for (i, (name, value)) in inputs.iter().enumerate() {
        out.push_str(&text::detail_line(
            if i == 0 { "inputs" } else { "" },
            &format!("{name} = {}", pretty::abbreviated(value)),
        ));
    }
    let _ = writeln!(
        out,
        "\n{} · {replay} replays it; please report it",
        "the bank has a bug".red().bold()
    );
    out
}

fn sizes(sizes: &[(String, usize)]) -> String {
    sizes
        .iter()
        .map(|(name, n)| format!("{name} = {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn header(id: &str, title: &str, what: &str, file: &std::path::Path) -> String {
    format!(
        "{} {} {}\n",
        id.bold(),
        format!("· {title} · {what} ·").dimmed(),
        pretty::clean(&file.display().to_string()).dimmed()
    )
}

/// Why a file was not run, as `run` says it, and the headline.
fn not_run(status: &ProblemStatus, what: &str) -> String {
    format!(
        "{}\n{} · {what}\n",
        text::status(status),
        text::status_headline(status).red().bold()
    )
}

/// Renders a stress run; `default_cases` is how many inputs a run tries without `--cases`, and
/// `flags` the options the replay command repeats (see [`replay`]).
pub fn render(report: &StressReport, default_cases: usize, flags: &[(&str, &Path)]) -> String {
    let mut out = header(&report.id, &report.title, "stress", &report.submission);
    let replay = replay(report, default_cases, flags);
    match &report.outcome {
        StressOutcome::NotRun => {
            out.push_str(&not_run(&report.status, "nothing was stress-tested"));
        }
        StressOutcome::NoGenerator => {
            let _ = writeln!(
                out,
                "  {} this problem has no input generator, so it cannot be stress-tested",
                "·".yellow().bold()
            );
        }
        StressOutcome::Interrupted => {
            let _ = writeln!(
                out,
                "\n{}",
                format!(
                    "interrupted after {} of {} inputs",
                    report.tried, report.cases
                )
                .yellow()
                .bold()
            );
        }
        StressOutcome::Agreed => {
            let _ = writeln!(
                out,
                "  {} {} generated inputs: the same results as the reference",
                "✓".green().bold(),
                report.tried
            );
            let _ = writeln!(
                out,
                "\n{} · seed {}",
                format!("no difference in {} inputs", report.tried)
                    .green()
                    .bold(),
                report.seed
            );
        }
        StressOutcome::ReferenceFailed { inputs, failure } => {
            let _ = writeln!(
                out,
                "  {} the reference failed on input {} ({}): the problem's generator or its \
                 reference solution is wrong, not your code",
                "✗".red().bold(),
                report.tried,
                explain::failure(failure)
            );
            out.push_str(&bank_bug(inputs, &replay));
        }
        StressOutcome::GeneratorContradicted {
            inputs,
            variant,
            at,
            reference,
        } => {
            let what = match variant {
                Some(why) => format!("its variant `{}`", pretty::clean(why)),
                None => "its base inputs".to_string(),
            };
            let did = if matches!(reference, Outcome::Rejected(_)) {
                "rejected an input that the generator declares valid"
            } else {
                "accepted an input that the generator declares invalid"
            };
            let _ = writeln!(
                out,
                "  {} the reference {did} (input {} of the run, from {what} at {}): the \
                 problem's generator or its reference solution is wrong, not your code",
                "✗".red().bold(),
                report.tried,
                pretty::clean(at)
            );
            out.push_str(&bank_bug(inputs, &replay));
        }
        StressOutcome::Differs(found) => {
            let mut case = found.case.clone();
            case.name = format!("input {} of {}", found.index, report.cases);
            out.push_str(&text::case(&case, 0));
            if let Some(why) = &found.variant {
                out.push_str(&text::detail_line("drawn as", why));
            }
            let steps = match found.shrinks {
                1 => "1 step".to_string(),
                n => format!("{n} steps"),
            };
            let stopped = if found.shrink_stopped {
                "; shrinking stopped at its time limit"
            } else {
                ""
            };
            let shrunk = if found.shrinks == 0 && !found.shrink_stopped {
                String::new()
            } else if found.drawn_sizes == found.sizes {
                format!(" (values simplified in {steps}{stopped})")
            } else {
                format!(
                    " (drawn with {}, shrunk in {steps}{stopped})",
                    sizes(&found.drawn_sizes)
                )
            };
            if !found.sizes.is_empty() || !shrunk.is_empty() {
                out.push_str(&text::detail_line(
                    "sizes",
                    &format!("{}{}", sizes(&found.sizes), shrunk.dimmed()),
                ));
            }
            out.push_str(&text::detail_line("replay", &replay.cyan().to_string()));
            let _ = writeln!(
                out,
                "\n{} · seed {}",
                format!(
                    "your function and the reference differ on input {} of {}",
                    found.index, report.cases
                )
                .red()
                .bold(),
                report.seed
            );
            let _ = writeln!(
                out,
                "{} fix the input above, then the replay command checks it again",
                "next:".bold()
            );
        }
    }
    out
}

/// A duration for people: `12.3 ms`, `840 µs`, `1.25 s`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.0} µs", s * 1e6)
    }
}

/// `1024 × 512`.
fn shape(dims: &[usize]) -> String {
    dims.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" × ")
}

/// What the bench input was, for a sentence: `on x of 1024 × 512`, or its sizes.
fn input_phrase(report: &BenchReport) -> String {
    match &report.largest {
        Some((name, dims)) if !dims.is_empty() => format!("on {name} of {}", shape(dims)),
        _ => format!("at {}", sizes(&report.sizes)),
    }
}

/// `11.2× slower`, `1.03× (as fast)`, `2.5× faster`.
fn ratio_words(ratio: f64) -> String {
    if ratio >= 1.25 {
        format!("{ratio:.1}× slower")
    } else if ratio <= 0.8 {
        format!("{:.1}× faster", 1.0 / ratio)
    } else {
        format!("{ratio:.2}× (as fast)")
    }
}

/// Renders a bench.
pub fn render_bench(report: &BenchReport) -> String {
    let mut out = header(&report.id, &report.title, "bench", &report.submission);
    out.push_str(&bench_body(report));
    out
}

/// A bench's lines without the header (after a `run`, whose header is printed already).
pub fn bench_body(report: &BenchReport) -> String {
    let mut out = String::new();
    match &report.outcome {
        BenchOutcome::NotRun => {
            out.push_str(&not_run(&report.status, "nothing was timed"));
        }
        BenchOutcome::NoBench => {
            let _ = writeln!(
                out,
                "  {} this problem declares no bench size, so it cannot be timed",
                "·".yellow().bold()
            );
        }
        BenchOutcome::Interrupted => {
            let _ = writeln!(out, "\n{}", "interrupted".yellow().bold());
        }
        BenchOutcome::ReferenceFailed(failure) => {
            let _ = writeln!(
                out,
                "  {} the reference failed on the bench input ({}): the problem is wrong, not your code",
                "✗".red().bold(),
                explain::failure(failure)
            );
        }
        BenchOutcome::LearnerFailed { failure, reference } => {
            let _ = writeln!(
                out,
                "  {} yours    {} {}",
                "✗".red().bold(),
                explain::failure(failure).red(),
                input_phrase(report).dimmed()
            );
            if let Some(r) = reference {
                let _ = writeln!(out, "    reference {}", duration(*r));
            }
            let _ = writeln!(
                out,
                "\n{}",
                "your function did not finish the bench input".red().bold()
            );
        }
        BenchOutcome::Measured(timing) => {
            out.push_str(&timing_lines(report, timing));
            let ratio = timing.ratio();
            let headline = if ratio >= FAR_SLOWER {
                format!(
                    "{} than the reference {}",
                    ratio_words(ratio),
                    input_phrase(report)
                )
                .yellow()
                .bold()
            } else {
                format!("{} {}", ratio_words(ratio), input_phrase(report))
                    .green()
                    .bold()
            };
            let _ = writeln!(out, "\n{headline}");
        }
    }
    out
}

fn timing_lines(report: &BenchReport, timing: &Timing) -> String {
    let mut out = String::new();
    let (lo, hi) = timing.spread();
    let _ = writeln!(
        out,
        "  {:10} {:>9}   {}",
        "yours",
        duration(timing.learner_median()),
        format!("median of {} calls", timing.learner.len()).dimmed()
    );
    let _ = writeln!(
        out,
        "  {:10} {:>9}   {}",
        "reference",
        duration(timing.reference_median()),
        format!("taking turns with yours, {}", input_phrase(report)).dimmed()
    );
    let _ = writeln!(
        out,
        "  {:10} {:>9}   {}",
        "ratio",
        format!("{:.2}×", timing.ratio()),
        format!("{lo:.2}× to {hi:.2}× call by call").dimmed()
    );
    out
}

/// The line a passing `run --bench` adds to its summary: `correct, but 14.0× slower than the
/// reference on x of 1024 × 512`, or how it compares.
pub fn after_run(report: &BenchReport) -> String {
    match &report.outcome {
        BenchOutcome::Measured(timing) if timing.ratio() >= FAR_SLOWER => format!(
            "{} {}\n",
            "correct, but".yellow().bold(),
            format!(
                "{:.0}× slower than the reference {} ({} against {}): look for a copy or a loop \
                 the reference does not make",
                timing.ratio(),
                input_phrase(report),
                duration(timing.learner_median()),
                duration(timing.reference_median())
            )
            .yellow()
        ),
        BenchOutcome::Measured(timing) => format!(
            "{} {} {} ({} against {})\n",
            "speed:".bold(),
            ratio_words(timing.ratio()),
            input_phrase(report),
            duration(timing.learner_median()),
            duration(timing.reference_median())
        ),
        BenchOutcome::LearnerFailed { failure, reference } => format!(
            "{} {} {}{}\n",
            "correct, but".yellow().bold(),
            explain::failure(failure).yellow(),
            input_phrase(report),
            reference
                .map(|r| format!(" (the reference takes {})", duration(r)))
                .unwrap_or_default()
        ),
        _ => bench_body(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(duration(Duration::from_micros(840)), "840 µs");
        assert_eq!(duration(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(duration(Duration::from_millis(1250)), "1.25 s");
        assert_eq!(ratio_words(14.04), "14.0× slower");
        assert_eq!(ratio_words(1.03), "1.03× (as fast)");
        assert_eq!(ratio_words(0.5), "2.0× faster");
    }
}
