//! The author's view of `pixelbank verify`: a line per problem, its findings under it, a total;
//! a hole comes with the `[[cases]]` table that closes it, ready to paste into the problem file;
//! with `--coverage`, which cases catch each wrong solution and whether stress tells it apart;
//! and the versioned JSON document (`--format json`, its schema
//! `docs/verify-report.schema.json`) that carries all of it.

use std::fmt::Write as _;

use colored::Colorize;
use pixelbank_spec::{Expected, Outcome};
use pixelbank_verdict::{Counterexample, Coverage, Finding, ProblemVerification, StressCheck};
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
        match c.stress {
            StressCheck::NotRun => {}
            StressCheck::ToldApart { input } => {
                let _ = write!(caught, " · stress: told apart at input {input}");
            }
            StressCheck::NotToldApart { inputs } => {
                let _ = write!(
                    caught,
                    " · {}",
                    format!("stress: never told apart in {inputs} inputs").yellow()
                );
            }
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

/// The JSON document's schema version; bump it on any change that breaks a reader. Version 2
/// adds what stress finds: each wrong solution's `stress`, a problem's `generated_inputs`, and
/// the findings `generated_input` (located by `at`) and `hole` (with its `proposed_case`).
pub const VERIFY_SCHEMA_VERSION: u32 = 2;

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
    /// How many generated inputs the reference answered; `null` without a generator.
    pub generated_inputs: Option<usize>,
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
    /// Whether the problem's generator tells it apart from the reference.
    pub stress: StressEntry,
}

/// What stress-testing a wrong solution found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "result", rename_all = "snake_case", deny_unknown_fields)]
pub enum StressEntry {
    /// Not stress-tested: no generator, or nothing compiled.
    NotRun,
    /// Told apart at this generated input (from 1).
    ToldApart {
        /// The input.
        input: usize,
    },
    /// The same answers as the reference on every input.
    NotToldApart {
        /// How many inputs were tried.
        inputs: usize,
    },
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
    /// Where in the problem file it is, for a finding about the generator
    /// (`problems/mean.toml:37:1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// For a hole: the `[[cases]]` table that closes it, as TOML ready to paste.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_case: Option<String>,
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
        generated_inputs: r.generated,
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
        stress: match c.stress {
            StressCheck::NotRun => StressEntry::NotRun,
            StressCheck::ToldApart { input } => StressEntry::ToldApart { input },
            StressCheck::NotToldApart { inputs } => StressEntry::NotToldApart { inputs },
        },
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
        Finding::GeneratedInput { .. } => ("generated_input", None, none),
        Finding::Hole { name, .. } => ("hole", None, std::slice::from_ref(name)),
    };
    let (at, proposed_case) = match f {
        Finding::GeneratedInput { at, .. } => (Some(at.clone()), None),
        Finding::Hole {
            name,
            mistake,
            found,
            ..
        } => (None, Some(proposed_case(name, mistake, found))),
        _ => (None, None),
    };
    FindingEntry {
        kind: kind.to_string(),
        case: case.cloned(),
        wrong_solutions: names.to_vec(),
        at,
        proposed_case,
        message: explain::finding(f),
    }
}
