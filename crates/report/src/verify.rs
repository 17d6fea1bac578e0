//! The author's view of `pixelbank verify`: a line per problem, its findings under it, a total;
//! a hole comes with the `[[cases]]` table that closes it, ready to paste into the problem file.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_spec::{Expected, Outcome};
use pixelbank_verdict::{Counterexample, Finding, ProblemVerification, StressCheck};

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
    let stress = match r.generated {
        Some(inputs) => format!(
            " · {} told apart by stress ({inputs} generated inputs)",
            r.coverage
                .iter()
                .filter(|c| matches!(c.stress, StressCheck::ToldApart { .. }))
                .count()
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "{mark} {:width$}  {}",
        r.id,
        format!(
            "reference {passed}/{total} cases · stub fails · {} known mistakes · {} wrong \
                 solutions caught by a visible case{stress}",
            r.mistakes,
            r.coverage
                .iter()
                .filter(|c| c.caught_by.iter().any(|(_, hidden)| !hidden))
                .count()
        )
        .dimmed()
    );
    for finding in &r.findings {
        let text = explain::finding(finding);
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "    - {first}");
        }
        for line in lines {
            let _ = writeln!(out, "      {line}");
        }
        if let Finding::Hole {
            name,
            mistake,
            found,
            ..
        } = finding
        {
            let _ = write!(out, "\n{}\n", proposed_case(name, mistake, found));
        }
    }
    let missed: Vec<&str> = r
        .coverage
        .iter()
        .filter(|c| matches!(c.stress, StressCheck::NotToldApart { .. }))
        .map(|c| c.name.as_str())
        .collect();
    if !missed.is_empty() {
        let _ = writeln!(
            out,
            "    {}",
            format!(
                "note: the generator never tells {} apart from the reference",
                missed
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .dimmed()
        );
    }
    out
}

/// The `[[cases]]` table that closes a hole: the shrunk input, the reference's output as
/// expected, and the wrong solution's output as a known mistake naming it.
pub fn proposed_case(name: &str, mistake: &str, found: &Counterexample) -> String {
    let mut out = String::new();
    let Some(detail) = &found.case.detail else {
        return out;
    };
    let _ = writeln!(out, "[[cases]]");
    let _ = writeln!(
        out,
        "name = {}   # a name for learners",
        toml_string(&format!("catches {name}"))
    );
    if !detail.bindings.is_empty() {
        let types: Vec<String> = detail
            .bindings
            .iter()
            .map(|(g, s)| format!("{g} = \"{}\"", s.rust_name()))
            .collect();
        let _ = writeln!(out, "types = {{ {} }}", types.join(", "));
    }
    let inputs: Vec<String> = detail
        .inputs
        .iter()
        .map(|(param, v)| format!("{param} = {}", v.to_toml()))
        .collect();
    let _ = writeln!(out, "inputs = {{ {} }}", inputs.join(", "));
    match &detail.expected {
        Expected::Value(v) => {
            let _ = writeln!(out, "expected = {}", v.to_toml());
        }
        Expected::Rejection => {
            let _ = writeln!(out, "rejects = true");
        }
    }
    if let Some(actual) = &detail.actual {
        let _ = writeln!(out, "\n[[cases.mistakes]]");
        match actual {
            Outcome::Returned(v) => {
                let _ = writeln!(out, "output = {}", v.to_toml());
            }
            Outcome::Rejected(_) => {
                let _ = writeln!(out, "rejects = true");
            }
        }
        let _ = writeln!(out, "message = {}", toml_string(mistake));
        let _ = writeln!(out, "wrong = {}", toml_string(name));
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    pixelbank_spec::Value::Str(text.to_string()).to_toml()
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
