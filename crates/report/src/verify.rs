//! The author's view of `pixelbank verify`: a line per problem, its findings under it, a total.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_verdict::ProblemVerification;

use crate::explain;

/// Renders the verification of a bank.
pub fn render(results: &[ProblemVerification]) -> String {
    let width = results.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out: String = results.iter().map(|r| problem(r, width)).collect();
    out.push_str(&summary(results));
    out
}

/// One problem's line and its findings; `width` aligns the ids.
pub fn problem(r: &ProblemVerification, width: usize) -> String {
    let mut out = String::new();
    let (passed, total) = r.reference_passed;
    let mark = if r.ok() {
        "✓".green().bold()
    } else {
        "✗".red().bold()
    };
    let _ = writeln!(
        out,
        "{mark} {:width$}  {}",
        r.id,
        format!(
            "reference {passed}/{total} cases · stub fails · {} known mistakes · {} wrong \
                 solutions caught by a visible case",
            r.mistakes,
            r.coverage
                .iter()
                .filter(|c| c.caught_by.iter().any(|(_, hidden)| !hidden))
                .count()
        )
        .dimmed()
    );
    for finding in &r.findings {
        let finding = explain::finding(finding);
        let mut lines = finding.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "    - {first}");
        }
        for line in lines {
            let _ = writeln!(out, "      {line}");
        }
    }
    out
}

/// The closing line.
pub fn summary(results: &[ProblemVerification]) -> String {
    let mut out = String::new();
    let bad = results.iter().filter(|r| !r.ok()).count();
    let problems = match results.len() {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let summary = if bad == 0 {
        format!("{problems} verified").green().bold()
    } else {
        let have = if bad == 1 { "has" } else { "have" };
        format!("{bad} of {problems} {have} findings").red().bold()
    };
    let _ = writeln!(out, "\n{summary}");
    out
}
