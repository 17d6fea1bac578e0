//! The author's view of `pixelbank verify`: a line per problem, its findings under it, a total;
//! with `--coverage`, which cases catch each wrong solution; and the versioned JSON document
//! (`--format json`, its schema `docs/verify-report.schema.json`) that carries all of it.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_verdict::{Coverage, Finding, ProblemVerification};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

/// Which cases catch each of a problem's wrong solutions, one line each, under its problem's line;
/// a wrong solution caught only by hidden cases is marked, since a learner practising is never
/// warned of it.
pub fn coverage(r: &ProblemVerification) -> String {
    let mut out = String::new();
    let width = r.coverage.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in &r.coverage {
        let visible: Vec<&str> = c
            .caught_by
            .iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(case, _)| case.as_str())
            .collect();
        let hidden = c.caught_by.len() - visible.len();
        let mut caught = match visible.as_slice() {
            [] if hidden == 0 => "caught by no case".red().to_string(),
            [] => format!("caught only by {hidden} hidden")
                .yellow()
                .to_string(),
            cases => {
                let cases: Vec<String> = cases.iter().map(|case| format!("`{case}`")).collect();
                format!("caught by {}", cases.join(", "))
            }
        };
        if hidden > 0 && !visible.is_empty() {
            let _ = write!(caught, " (and {hidden} hidden)");
        }
        let _ = writeln!(out, "      {:width$}  {caught}", c.name);
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

/// The JSON document's schema version; bump it on any change that breaks a reader.
pub const VERIFY_SCHEMA_VERSION: u32 = 1;

/// What `pixelbank verify --format json` writes: every problem's verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyReport {
    /// The document's version (`VERIFY_SCHEMA_VERSION`).
    #[schemars(extend("const" = VERIFY_SCHEMA_VERSION))]
    pub schema_version: u32,
    /// The tool and its version, such as `pixelbank 0.1.0`.
    pub tool: String,
    /// Whether every problem is sound.
    pub ok: bool,
    /// One entry per problem, in the bank's order.
    pub problems: Vec<ProblemEntry>,
}

/// One problem's verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemEntry {
    /// The problem's id.
    pub id: String,
    /// Whether nothing is wrong with it.
    pub ok: bool,
    /// Cases the reference solution passed.
    pub reference_passed: usize,
    /// Cases in all.
    pub cases: usize,
    /// Known mistakes checked.
    pub known_mistakes: usize,
    /// Every wrong solution, with the cases that catch it.
    pub wrong_solutions: Vec<WrongEntry>,
    /// What is wrong with the problem; empty when it is sound.
    pub findings: Vec<FindingEntry>,
}

/// One wrong solution and the cases that catch it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WrongEntry {
    /// Its name (`solutions/wrong/<module>/<name>.rs`).
    pub name: String,
    /// The mistake it makes, from its first comment line.
    pub mistake: String,
    /// The visible cases it fails.
    pub caught_by_visible: Vec<String>,
    /// The hidden cases it fails.
    pub caught_by_hidden: Vec<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingEntry {
    /// What kind of finding, in snake case (`wrong_passes`, `reference_fails`, ...).
    pub kind: String,
    /// The case it is about, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// The wrong solutions it is about (two for an ambiguity), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrong_solutions: Vec<String>,
    /// The finding in words, as the text report says it.
    pub message: String,
}

/// The JSON document of a bank's verification.
pub fn report(results: &[ProblemVerification]) -> VerifyReport {
    VerifyReport {
        schema_version: VERIFY_SCHEMA_VERSION,
        tool: format!("pixelbank {}", env!("CARGO_PKG_VERSION")),
        ok: results.iter().all(ProblemVerification::ok),
        problems: results.iter().map(entry).collect(),
    }
}

/// The JSON document, pretty-printed, with a final newline.
pub fn json(results: &[ProblemVerification]) -> String {
    let mut text = serde_json::to_string_pretty(&report(results))
        .unwrap_or_else(|e| unreachable!("a verify report always serialises: {e}"));
    text.push('\n');
    text
}

/// The JSON Schema of `VerifyReport`, as committed in `docs/verify-report.schema.json`.
pub fn json_schema() -> String {
    let mut text = serde_json::to_string_pretty(&schemars::schema_for!(VerifyReport))
        .unwrap_or_else(|e| unreachable!("a schema always serialises: {e}"));
    text.push('\n');
    text
}

fn entry(r: &ProblemVerification) -> ProblemEntry {
    ProblemEntry {
        id: r.id.clone(),
        ok: r.ok(),
        reference_passed: r.reference_passed.0,
        cases: r.reference_passed.1,
        known_mistakes: r.mistakes,
        wrong_solutions: r.coverage.iter().map(wrong_entry).collect(),
        findings: r.findings.iter().map(finding_entry).collect(),
    }
}

fn wrong_entry(c: &Coverage) -> WrongEntry {
    let cases = |hidden: bool| {
        c.caught_by
            .iter()
            .filter(|(_, h)| *h == hidden)
            .map(|(case, _)| case.clone())
            .collect()
    };
    WrongEntry {
        name: c.name.clone(),
        mistake: c.mistake.clone(),
        caught_by_visible: cases(false),
        caught_by_hidden: cases(true),
    }
}

fn finding_entry(f: &Finding) -> FindingEntry {
    let none: &[String] = &[];
    let (kind, case, names) = match f {
        Finding::NoVisibleCase => ("no_visible_case", None, none),
        Finding::NoHiddenCase => ("no_hidden_case", None, none),
        Finding::NoReference { .. } => ("no_reference", None, none),
        Finding::ReferenceDoesNotCompile { .. } => ("reference_does_not_compile", None, none),
        Finding::ReferenceFails { case, .. } => ("reference_fails", Some(case), none),
        Finding::ReferenceBreaksRule(_) => ("reference_breaks_rule", None, none),
        Finding::StubPasses { case } => ("stub_passes", Some(case), none),
        Finding::StubDoesNotCompile { .. } => ("stub_does_not_compile", None, none),
        Finding::MistakeIsExpected { case, .. } => ("mistake_is_expected", Some(case), none),
        Finding::MistakeShadowed { case, .. } => ("mistake_shadowed", Some(case), none),
        Finding::NoWrongSolution { case, name, .. } => {
            ("no_wrong_solution", Some(case), std::slice::from_ref(name))
        }
        Finding::WrongDoesNotCompile { name, .. } => {
            ("wrong_does_not_compile", None, std::slice::from_ref(name))
        }
        Finding::WrongPasses { name } => ("wrong_passes", None, std::slice::from_ref(name)),
        Finding::WrongCaughtOnlyByHidden { name, .. } => (
            "wrong_caught_only_by_hidden",
            None,
            std::slice::from_ref(name),
        ),
        Finding::Misattributed { case, name, .. } => {
            ("misattributed", Some(case), std::slice::from_ref(name))
        }
        Finding::NotProduced { case, name, .. } => {
            ("not_produced", Some(case), std::slice::from_ref(name))
        }
        Finding::Ambiguous { case, names, .. } => ("ambiguous", Some(case), names.as_slice()),
    };
    FindingEntry {
        kind: kind.to_string(),
        case: case.cloned(),
        wrong_solutions: names.to_vec(),
        message: explain::finding(f),
    }
}
