//! The learner's report of `pixelbank run`: a line per case, and for a failed visible case its
//! inputs, expected and actual values as a colored line diff, the summary of the difference, the
//! known mistake it matches and the case's hint; then a closing summary with the next step. Colors
//! come from `colored`, whose global switch the CLI sets from `--color` and `NO_COLOR`.

use std::fmt::Write as _;
use std::time::Duration;

use colored::Colorize;
use pixelbank_judge::{CaseDetail, CaseReport, ProblemReport, ProblemStatus, Verdict};
use similar::{ChangeTag, TextDiff};

use crate::pretty;

/// What the renderer needs to know besides the report, to suggest the next step.
#[derive(Debug, Clone, Copy, Default)]
pub struct NextStep {
    /// Hints seen so far for this problem, when inside a workspace.
    pub hints_seen: usize,
    /// Hints the problem has.
    pub hints_total: usize,
}

/// How many lines of a case's printed output are shown.
const OUTPUT_LINES: usize = 12;

/// Renders one problem's report for a learner.
pub fn render(report: &ProblemReport, next: NextStep) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {}",
        report.id.bold(),
        format!("· {} ·", report.title).dimmed(),
        report.submission.display().to_string().dimmed()
    );
    match &report.status {
        ProblemStatus::Missing => {
            let _ = writeln!(
                out,
                "  {} there is no file here yet: `pixelbank init` creates a stub to start from",
                "✗".red().bold()
            );
        }
        ProblemStatus::CompileError {
            diagnostics,
            signature,
        } => {
            let _ = writeln!(
                out,
                "  {} {}",
                "✗".red().bold(),
                "does not compile".red().bold()
            );
            for d in diagnostics {
                out.push('\n');
                for line in d.trim_end().lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            if let Some(sig) = signature {
                let _ = writeln!(
                    out,
                    "\n  {} your declarations differ from the problem's:",
                    "signature".yellow().bold()
                );
                for finding in &sig.findings {
                    let _ = writeln!(out, "    - {finding}");
                }
                let _ = writeln!(out, "  the problem declares:");
                for line in sig.expected.lines() {
                    let _ = writeln!(out, "    {}", line.cyan());
                }
            }
        }
        ProblemStatus::Judged if not_started(report) => {
            // A fresh stub: one line says it all, rather than every case's details.
            let at = report
                .cases
                .iter()
                .find_map(|c| c.detail.as_ref().and_then(|d| d.panic_location.clone()))
                .map(|l| format!(" ({l})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} not started: every case reaches `todo!()`{at}",
                "·".yellow().bold()
            );
        }
        ProblemStatus::Judged => {
            let width = report
                .cases
                .iter()
                .map(|c| c.name.chars().count())
                .max()
                .unwrap_or(0);
            for case in &report.cases {
                render_case(&mut out, case, width);
            }
        }
    }
    if !report.violations.is_empty() {
        let _ = writeln!(
            out,
            "  {} {}",
            "✗".red().bold(),
            "source rules".red().bold()
        );
        for v in &report.violations {
            let _ = writeln!(out, "      {}", v.message);
        }
        let mut explanations: Vec<&str> = report
            .violations
            .iter()
            .map(|v| v.explanation.as_str())
            .collect();
        explanations.dedup();
        for e in explanations {
            let _ = writeln!(out, "      {}", e.cyan());
        }
    }
    out.push('\n');
    out.push_str(&summary(report, next));
    out
}

/// Whether every case still reaches `todo!()`.
fn not_started(report: &ProblemReport) -> bool {
    !report.cases.is_empty()
        && report
            .cases
            .iter()
            .all(|c| c.verdict == Verdict::NotImplemented)
}

fn mark(verdict: Verdict) -> String {
    match verdict {
        Verdict::Passed => "✓".green().bold().to_string(),
        Verdict::NotImplemented => "·".yellow().bold().to_string(),
        _ => "✗".red().bold().to_string(),
    }
}

fn render_case(out: &mut String, case: &CaseReport, width: usize) {
    let name = format!("{:width$}", case.name);
    let hidden = if case.hidden {
        " (hidden)".dimmed().to_string()
    } else {
        String::new()
    };
    let verdict = match case.verdict {
        Verdict::Passed => format_duration(case.duration).dimmed().to_string(),
        Verdict::NotImplemented => case.verdict.label().yellow().to_string(),
        v => v.label().red().to_string(),
    };
    let _ = writeln!(out, "  {} {name}  {verdict}{hidden}", mark(case.verdict));
    if let Some(detail) = &case.detail {
        render_detail(out, case, detail);
    }
}

fn field(out: &mut String, label: &str, first: &str, rest: &[String]) {
    let _ = writeln!(out, "      {:9} {first}", label.dimmed());
    for line in rest {
        let _ = writeln!(out, "      {:9} {line}", "");
    }
}

fn render_detail(out: &mut String, case: &CaseReport, d: &CaseDetail) {
    if case.verdict == Verdict::NotImplemented {
        let at = d.panic_location.as_deref().unwrap_or("the function");
        field(out, "status", &format!("reaches `todo!()` at {at}"), &[]);
        return;
    }
    for (i, (name, value)) in d.inputs.iter().enumerate() {
        let label = if i == 0 { "inputs" } else { "" };
        field(
            out,
            label,
            &format!("{name} = {}", pretty::abbreviated(value)),
            &[],
        );
    }
    let expected = pretty::expected_lines(&d.expected);
    match &d.actual {
        Some(actual) if case.verdict == Verdict::WrongAnswer => {
            let actual = pretty::outcome_lines(actual);
            if expected.len() == 1 && actual.len() == 1 {
                field(out, "expected", &expected[0].green().to_string(), &[]);
                field(out, "got", &actual[0].red().to_string(), &[]);
            } else {
                render_diff(out, &expected, &actual);
            }
        }
        _ => field(out, "expected", &expected.join(" "), &[]),
    }
    let why = match case.verdict {
        Verdict::WrongAnswer => "why",
        Verdict::NotImplemented => "status",
        _ => "error",
    };
    field(out, why, &d.summary, &[]);
    if let Some(location) = &d.panic_location {
        field(out, "at", location, &[]);
    }
    if let Some(mistake) = &d.known_mistake {
        field(out, "mistake", &mistake.yellow().to_string(), &[]);
    }
    if let Some(hint) = &d.hint {
        field(out, "hint", &hint.cyan().to_string(), &[]);
    }
    if !d.output.trim().is_empty() {
        let lines: Vec<&str> = d.output.trim_end().lines().collect();
        let shown: Vec<String> = lines
            .iter()
            .take(OUTPUT_LINES)
            .map(|l| l.dimmed().to_string())
            .chain(
                (lines.len() > OUTPUT_LINES)
                    .then(|| format!("… {} more lines", lines.len() - OUTPUT_LINES)),
            )
            .collect();
        field(out, "printed", &shown[0], &shown[1..]);
    }
}

/// A line diff of expected against actual: `-` lines are expected, `+` lines are what came back.
fn render_diff(out: &mut String, expected: &[String], actual: &[String]) {
    let old = expected.join("\n") + "\n";
    let new = actual.join("\n") + "\n";
    let diff = TextDiff::from_lines(&old, &new);
    let mut lines = vec![format!("{} {}", "-".green(), "expected".green())];
    lines.push(format!("{} {}", "+".red(), "got".red()));
    for change in diff.iter_all_changes() {
        let text = change.value().trim_end_matches('\n');
        lines.push(match change.tag() {
            ChangeTag::Equal => format!("  {text}"),
            ChangeTag::Delete => format!("{} {}", "-".green(), text.green()),
            ChangeTag::Insert => format!("{} {}", "+".red(), text.red()),
        });
    }
    field(out, "diff", &lines[0], &lines[1..]);
}

fn format_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// The closing lines: how many cases passed, the points, and what to do next.
pub fn summary(report: &ProblemReport, next: NextStep) -> String {
    let total = report.cases.len();
    let passed = report.passed();
    let mut out = String::new();
    let headline = match &report.status {
        ProblemStatus::Missing => "no submission".red().bold().to_string(),
        ProblemStatus::CompileError { .. } => "compile error".red().bold().to_string(),
        ProblemStatus::Judged if report.solved() => "solved".green().bold().to_string(),
        ProblemStatus::Judged => format!("{passed} of {total} cases passed")
            .yellow()
            .bold()
            .to_string(),
    };
    let _ = writeln!(
        out,
        "{headline} · {}/{} points",
        report.score(),
        report.max_points
    );
    if report.solved() {
        return out;
    }
    let step = if matches!(report.status, ProblemStatus::CompileError { .. }) {
        "fix the first error above, then run again".to_string()
    } else if matches!(report.status, ProblemStatus::Missing) {
        "`pixelbank init` creates the stub, or pass `--solution FILE`".to_string()
    } else if not_started(report) {
        format!(
            "replace `todo!()` in {} (`pixelbank show {}` has the statement)",
            report.submission.display(),
            report.id
        )
    } else if next.hints_seen < next.hints_total {
        format!(
            "`pixelbank hint {}` shows hint {} of {}",
            report.id,
            next.hints_seen + 1,
            next.hints_total
        )
    } else {
        "read the first failing case above: its inputs, what was expected and why".to_string()
    };
    let _ = writeln!(out, "{} {step}", "next:".bold());
    out
}
