//! The author's view of `pixelbank verify`: a line per problem, its findings under it, a total.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_judge::verify::ProblemVerification;

/// Renders the verification of a bank.
pub fn render(results: &[ProblemVerification]) -> String {
    let mut out = String::new();
    let width = results.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in results {
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
                "reference {passed}/{total} cases · stub fails · {} known mistakes",
                r.mistakes
            )
            .dimmed()
        );
        for finding in &r.findings {
            let mut lines = finding.lines();
            if let Some(first) = lines.next() {
                let _ = writeln!(out, "    - {first}");
            }
            for line in lines {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
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
