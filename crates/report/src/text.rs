//! The learner's report of `pixelbank run`: a line per case, and for a failed visible case its
//! inputs, expected and actual values as a colored line diff, why they differ, the known mistake
//! it matches and the case's hint; then a closing summary with the next step. [`Live`] prints it
//! as the judge goes, case by case; [`render`] prints it whole. Colors come from `colored`, whose
//! global switch the CLI sets from `--color` and `NO_COLOR`. Text that came from the learner's
//! code (what it printed, panic messages, compiler output) is neutralised first.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use colored::Colorize;
use pixelbank_spec::{Expected, NdArray, Outcome, Problem, Value};
use pixelbank_verdict::{
    CaseDetail, CaseReport, Difference, Failure, Mismatch, ProblemReport, ProblemStatus, Segment,
    ValuePath, Verdict,
};
use similar::{ChangeTag, TextDiff};

use crate::{explain, pretty};

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

/// A problem's report, printed as its cases finish. The output is the same as [`render`]'s: cases
/// that reach `todo!()` are held back until another case shows the function was started, so that
/// a fresh stub still reads as one line.
#[derive(Debug)]
pub struct Live {
    width: usize,
    held: Vec<String>,
    started: bool,
}

impl Live {
    /// Starts the report of `problem` for the learner's `file`; returns the header to print.
    pub fn start(problem: &Problem, file: &Path) -> (Live, String) {
        let width = problem
            .cases
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        let header = format!(
            "{} {} {}\n",
            problem.id.bold(),
            format!("· {} ·", problem.title).dimmed(),
            pretty::clean(&file.display().to_string()).dimmed()
        );
        (
            Live {
                width,
                held: Vec::new(),
                started: false,
            },
            header,
        )
    }

    /// What to print for a finished case (empty while the function may still be a stub).
    pub fn case(&mut self, case: &CaseReport) -> String {
        let mut text = String::new();
        render_case(&mut text, case, self.width);
        if !self.started && case.verdict() == Verdict::NotImplemented {
            self.held.push(text);
            return String::new();
        }
        self.started = true;
        let mut out: String = self.held.drain(..).collect();
        out.push_str(&text);
        out
    }

    /// What to print once the problem is judged: held cases, the status, rules, the summary.
    pub fn finish(&mut self, report: &ProblemReport, next: NextStep) -> String {
        let mut out = String::new();
        match &report.status {
            ProblemStatus::Judged if report.untouched() => {
                self.held.clear();
                let at = report
                    .cases
                    .iter()
                    .find_map(|c| c.detail.as_ref().and_then(|d| d.location.clone()))
                    .map(|l| format!(" ({})", pretty::clean(&l)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {} not started: every case reaches `todo!()`{at}",
                    "·".yellow().bold()
                );
            }
            ProblemStatus::Judged => out.extend(self.held.drain(..)),
            status => render_status(&mut out, status),
        }
        if !report.violations.is_empty() {
            let _ = writeln!(
                out,
                "  {} {}",
                "✗".red().bold(),
                "source rules".red().bold()
            );
            for v in &report.violations {
                let _ = writeln!(out, "      {}", explain::violation(v));
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
}

/// Renders one problem's report for a learner, whole.
pub fn render(report: &ProblemReport, problem: &Problem, next: NextStep) -> String {
    let (mut live, mut out) = Live::start(problem, &report.submission);
    for case in &report.cases {
        out.push_str(&live.case(case));
    }
    out.push_str(&live.finish(report, next));
    out
}

/// Why a file was not judged, as `run` shows it (compile errors with rustc's diagnostics and the
/// signature's findings, a compile limit, a missing file); empty for a judged one.
pub fn status(status: &ProblemStatus) -> String {
    let mut out = String::new();
    render_status(&mut out, status);
    out
}

/// The headline of a status that kept a file from being judged: `compile error`.
pub fn status_headline(status: &ProblemStatus) -> &'static str {
    match status {
        ProblemStatus::Judged => "judged",
        ProblemStatus::Missing => "no submission",
        ProblemStatus::CompileError { .. } => "compile error",
        ProblemStatus::CompileLimit(limit) => limit_name(limit),
        ProblemStatus::Interrupted => "interrupted",
    }
}

fn render_status(out: &mut String, status: &ProblemStatus) {
    match status {
        ProblemStatus::Judged => {}
        ProblemStatus::Missing => {
            let _ = writeln!(
                out,
                "  {} no such file: it was moved or deleted, or never created",
                "✗".red().bold()
            );
        }
        ProblemStatus::Interrupted => {
            let _ = writeln!(
                out,
                "  {} interrupted before it was built",
                "·".yellow().bold()
            );
        }
        ProblemStatus::CompileLimit(limit) => {
            let _ = writeln!(
                out,
                "  {} {}",
                "✗".red().bold(),
                limit_name(limit).red().bold()
            );
            let _ = writeln!(out, "      {}", explain::compile_limit(limit));
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
                for line in pretty::clean(d).trim_end().lines() {
                    let _ = writeln!(out, "  {}", highlight(line));
                }
            }
            if let Some(sig) = signature {
                let _ = writeln!(
                    out,
                    "\n  {} your declarations differ from the problem's:",
                    "signature".yellow().bold()
                );
                for finding in &sig.findings {
                    let _ = writeln!(out, "    - {}", explain::signature_finding(finding));
                }
                let _ = writeln!(out, "  the problem declares:");
                for line in sig.expected.lines() {
                    let _ = writeln!(out, "    {}", line.cyan());
                }
            }
        }
    }
}

fn limit_name(limit: &pixelbank_verdict::CompileLimit) -> &'static str {
    match limit {
        pixelbank_verdict::CompileLimit::Time { .. } => "compile time limit",
        pixelbank_verdict::CompileLimit::Memory { .. } => "compile memory limit",
    }
}

/// rustc's plain diagnostic line, with its headline and location picked out.
fn highlight(line: &str) -> String {
    if line.starts_with("error") {
        line.red().bold().to_string()
    } else if line.trim_start().starts_with("-->") {
        line.blue().to_string()
    } else {
        line.to_string()
    }
}

fn mark(verdict: Verdict) -> String {
    match verdict {
        Verdict::Passed => "✓".green().bold().to_string(),
        Verdict::NotImplemented | Verdict::Interrupted | Verdict::NotRun => {
            "·".yellow().bold().to_string()
        }
        _ => "✗".red().bold().to_string(),
    }
}

/// One case as `run` shows it: its line, and for a failure with details its inputs, expected and
/// actual values, why they differ and the known mistake; `width` aligns the names.
pub fn case(case: &CaseReport, width: usize) -> String {
    let mut out = String::new();
    render_case(&mut out, case, width);
    out
}

/// One more line of a case's details, aligned with them: `label` then `text`.
pub fn detail_line(label: &str, text: &str) -> String {
    let mut out = String::new();
    field(&mut out, label, text, &[]);
    out
}

fn render_case(out: &mut String, case: &CaseReport, width: usize) {
    let name = format!("{:width$}", pretty::clean(&case.name));
    let hidden = if case.hidden {
        " (hidden)".dimmed().to_string()
    } else {
        String::new()
    };
    let label = explain::case_label(case.failure.as_ref());
    let verdict = match case.verdict() {
        // A hidden case's timing could carry what it was given: it is not shown.
        Verdict::Passed if case.hidden => label.dimmed().to_string(),
        Verdict::Passed => format_duration(case.duration).dimmed().to_string(),
        Verdict::NotImplemented | Verdict::Interrupted | Verdict::NotRun => {
            label.yellow().to_string()
        }
        _ => label.red().to_string(),
    };
    let _ = writeln!(out, "  {} {name}  {verdict}{hidden}", mark(case.verdict()));
    if let (Some(detail), Some(failure)) = (&case.detail, &case.failure) {
        render_detail(out, failure, detail);
    }
}

fn field(out: &mut String, label: &str, first: &str, rest: &[String]) {
    let _ = writeln!(out, "      {:9} {first}", label.dimmed());
    for line in rest {
        let _ = writeln!(out, "      {:9} {line}", "");
    }
}

fn render_detail(out: &mut String, failure: &Failure, d: &CaseDetail) {
    if matches!(failure, Failure::NotImplemented) {
        let at = d.location.as_deref().map(pretty::clean);
        let at = at.as_deref().unwrap_or("the function");
        field(out, "status", &format!("reaches `todo!()` at {at}"), &[]);
        return;
    }
    // The summary says once why cases were not run.
    if matches!(failure, Failure::Interrupted | Failure::NotRun { .. }) {
        return;
    }
    if !d.bindings.is_empty() {
        field(out, "types", &pretty::bindings(&d.bindings), &[]);
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
        Some(actual) if matches!(failure, Failure::WrongAnswer(_)) => {
            let actual = match (failure, &d.expected, actual) {
                (
                    Failure::WrongAnswer(Some(Mismatch::Values { differences, count })),
                    Expected::Value(e),
                    Outcome::Returned(a),
                ) if *count == differences.len() => {
                    pretty::lines(&aligned(e, a, differences, &ValuePath::default()))
                }
                _ => pretty::outcome_lines(actual),
            };
            if expected.len() == 1 && actual.len() == 1 {
                field(out, "expected", &expected[0].green().to_string(), &[]);
                field(out, "got", &actual[0].red().to_string(), &[]);
            } else {
                render_diff(out, &expected, &actual);
            }
        }
        _ => field(out, "expected", &expected.join(" "), &[]),
    }
    let why = match failure {
        Failure::WrongAnswer(_) => "why",
        _ => "error",
    };
    field(out, why, &pretty::clean(&explain::failure(failure)), &[]);
    if let Some(location) = &d.location {
        field(out, "at", &pretty::clean(location), &[]);
    }
    if let Some(mistake) = &d.mistake {
        field(out, "mistake", &mistake.message.yellow().to_string(), &[]);
    }
    if let Some(hint) = &d.hint {
        field(out, "hint", &hint.cyan().to_string(), &[]);
    }
    let printed = pretty::clean(&d.output);
    if !printed.trim().is_empty() {
        let lines: Vec<&str> = printed.trim_end().lines().collect();
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

/// `actual` with every part the judge found no difference in shown as it was expected: a float
/// within tolerance then prints as the expected one, and the line diff marks only the fields and
/// elements that differ. `differences` must be all of them.
fn aligned(expected: &Value, actual: &Value, differences: &[Difference], at: &ValuePath) -> Value {
    let below: Vec<&Difference> = differences
        .iter()
        .filter(|d| d.path.0.starts_with(&at.0))
        .collect();
    if below.is_empty() {
        return expected.clone();
    }
    if below.iter().any(|d| d.path == *at) {
        return actual.clone();
    }
    match (expected, actual) {
        (Value::Struct(xs), Value::Struct(ys)) => Value::Struct(
            ys.iter()
                .map(|(name, y)| {
                    let shown = match xs.iter().find(|(n, _)| n == name) {
                        Some((_, x)) => {
                            aligned(x, y, differences, &at.join(Segment::Field(name.clone())))
                        }
                        None => y.clone(),
                    };
                    (name.clone(), shown)
                })
                .collect(),
        ),
        (Value::List(xs), Value::List(ys)) if xs.len() == ys.len() => Value::List(
            xs.iter()
                .zip(ys)
                .enumerate()
                .map(|(i, (x, y))| {
                    let segment = Segment::Index {
                        at: vec![i],
                        of: xs.len(),
                    };
                    aligned(x, y, differences, &at.join(segment))
                })
                .collect(),
        ),
        (Value::Array(x), Value::Array(y))
            if x.shape == y.shape && x.data.len() == y.data.len() =>
        {
            Value::Array(NdArray {
                shape: y.shape.clone(),
                data: x
                    .data
                    .iter()
                    .zip(&y.data)
                    .enumerate()
                    .map(|(i, (p, q))| {
                        let segment = Segment::Index {
                            at: x.index_of(i),
                            of: x.data.len(),
                        };
                        aligned(p, q, differences, &at.join(segment))
                    })
                    .collect(),
            })
        }
        (Value::Option(Some(x)), Value::Option(Some(y))) => {
            Value::Option(Some(Box::new(aligned(x, y, differences, at))))
        }
        _ => actual.clone(),
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

/// How many cases were not run after a time-out, and the time the others had to start in.
fn not_run(report: &ProblemReport) -> Option<(usize, Duration)> {
    let mut graces = report.cases.iter().filter_map(|c| match c.failure {
        Some(Failure::NotRun { grace }) => Some(grace),
        _ => None,
    });
    let grace = graces.next()?;
    Some((1 + graces.count(), grace))
}

/// The closing lines: how many cases passed, the points, and what to do next.
pub fn summary(report: &ProblemReport, next: NextStep) -> String {
    let total = report.cases.len();
    let passed = report.passed();
    let mut out = String::new();
    let headline = match &report.status {
        ProblemStatus::Missing => "no submission".red().bold().to_string(),
        ProblemStatus::CompileError { .. } => "compile error".red().bold().to_string(),
        ProblemStatus::CompileLimit(limit) => limit_name(limit).red().bold().to_string(),
        ProblemStatus::Interrupted => "interrupted".yellow().bold().to_string(),
        ProblemStatus::Judged if report.interrupted() => format!(
            "interrupted after {} of {total} cases",
            report
                .cases
                .iter()
                .filter(|c| c.verdict() != Verdict::Interrupted)
                .count()
        )
        .yellow()
        .bold()
        .to_string(),
        ProblemStatus::Judged if report.solved() => "solved".green().bold().to_string(),
        ProblemStatus::Judged if !report.violations.is_empty() => {
            format!("{passed} of {total} cases passed · unsolved: it breaks a source rule")
                .red()
                .bold()
                .to_string()
        }
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
    if let Some((count, grace)) = not_run(report) {
        let _ = writeln!(out, "{}", explain::not_run(count, grace).yellow());
    }
    if report.solved() || report.interrupted() {
        return out;
    }
    let step = match &report.status {
        ProblemStatus::CompileError { .. } => {
            "fix the first error above, then run again".to_string()
        }
        ProblemStatus::CompileLimit(_) => {
            "look for a `const` computed at compile time, or a macro that never stops expanding"
                .to_string()
        }
        ProblemStatus::Missing => format!(
            "`pixelbank reset {}` writes the stub, or pass `--solution FILE`",
            report.id
        ),
        _ if report.untouched() => format!(
            "replace `todo!()` in {} (`pixelbank show {}` has the statement)",
            pretty::clean(&report.submission.display().to_string()),
            report.id
        ),
        _ if passed == total && !report.violations.is_empty() => {
            "rewrite the function within the source rules above; its points count once they hold"
                .to_string()
        }
        _ if next.hints_seen < next.hints_total => format!(
            "`pixelbank hint {}` shows hint {} of {}",
            report.id,
            next.hints_seen + 1,
            next.hints_total
        ),
        _ => "read the first failing case above: its inputs, what was expected and why".to_string(),
    };
    let _ = writeln!(out, "{} {step}", "next:".bold());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pixelbank_spec::Tolerance;
    use pixelbank_verdict::DifferenceKind;

    #[test]
    fn a_field_within_tolerance_is_not_marked_as_different() {
        let expected = Value::Struct(vec![
            ("mean".into(), Value::Float(1.0)),
            ("var".into(), Value::Float(2.0)),
        ]);
        let actual = Value::Struct(vec![
            ("mean".into(), Value::Float(1.000_000_1)),
            ("var".into(), Value::Float(3.0)),
        ]);
        let var = ValuePath::default().join(Segment::Field("var".into()));
        let differences = vec![Difference {
            path: var,
            kind: DifferenceKind::Float {
                expected: 2.0,
                actual: 3.0,
                tolerance: Tolerance::default(),
            },
        }];
        let mut out = String::new();
        render_diff(
            &mut out,
            &pretty::lines(&expected),
            &pretty::lines(&aligned(
                &expected,
                &actual,
                &differences,
                &ValuePath::default(),
            )),
        );
        assert!(out.contains("  mean: 1.0,"), "{out}");
        assert!(!out.contains("1.0000001"), "{out}");
        assert!(out.contains("+   var: 3.0,"), "{out}");
        assert!(out.contains("-   var: 2.0,"), "{out}");
    }
}
