//! The grader's reports of one submission: text for people, versioned JSON (its schema is
//! `docs/grade-report.schema.json`, generated from these types), JUnit XML for GitLab and GitHub
//! test-report tools (quick-junit), and GitHub Actions annotations. None of them carries a hidden
//! case's inputs, expected value, returned value or printed output: the judge never hands them over.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub use pixelbank_verdict::ProblemOutcome;
use pixelbank_verdict::{
    CaseReport, DifferenceKind, Mismatch, ProblemGrade, ProblemStatus, Status, SubmissionGrade,
    Verdict,
};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{explain, pretty};

/// The JSON report's schema version; bump it on any change that breaks a reader. Version 2: a
/// failed case says what failed (`failure`) and, for a visible wrong answer, how the value
/// differs (`difference`); problems can end at a compile limit or be interrupted.
pub const SCHEMA_VERSION: u32 = 2;

/// How much of a learner's returned value or printed output a report keeps, in characters.
pub const OUTPUT_CHARS: usize = 500;

/// How many lines of a compile error or a grader error the text report shows.
const MESSAGE_LINES: usize = 12;

/// The JSON report of one graded submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeReport {
    /// The report format's version (`SCHEMA_VERSION`), bumped only when a reader would break.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    /// The tool and its version, such as `pixelbank 0.1.0`.
    pub tool: String,
    /// The submission's name (its directory's name).
    pub submission: String,
    /// `pass` when the score meets the pass mark and no file breaks a source rule, `fail` when
    /// not, `error` when the grader could not judge some problem.
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// The pass mark, in percent of `max_score`.
    #[schemars(range(min = 0.0, max = 100.0))]
    pub min_score_percent: f64,
    /// One entry per graded problem.
    pub problems: Vec<ProblemEntry>,
}

/// One graded problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemEntry {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The learner's file.
    pub file: String,
    /// How it went.
    pub status: ProblemOutcome,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// Compiler errors, the grader's error, or empty.
    pub message: String,
    /// Source rules the file breaks.
    pub violations: Vec<String>,
    /// One entry per case (empty when the file did not compile).
    pub cases: Vec<CaseEntry>,
}

/// One case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseEntry {
    /// The case's name.
    pub name: String,
    /// Whether it is hidden: then `inputs`, `expected`, `actual` and `output` are absent.
    pub hidden: bool,
    /// `passed` or `failed`.
    pub status: CaseStatus,
    /// The judge's verdict.
    pub verdict: Verdict,
    /// What failed (`panic`, `stack-overflow`, `time-limit`, `wrong-answer`...); absent when the
    /// case passed. Hidden cases say this much too, and no more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// One line on the verdict.
    pub message: String,
    /// Points earned.
    pub points: u32,
    /// Points the case is worth.
    pub max_points: u32,
    /// How long the case took, in milliseconds, measured by the judge; absent for a hidden case,
    /// whose timing could carry what it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// Inputs by parameter name (failed visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<BTreeMap<String, String>>,
    /// The expected output (failed visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the function returned, cut to 500 characters (failed visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// What the function printed, cut to 500 characters (failed visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// How the returned value differs from the expected one (visible wrong answers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<DifferenceEntry>,
    /// The id of the known mistake the output matched (failed visible cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mistake: Option<String>,
}

/// How a returned value differs from the expected one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DifferenceEntry {
    /// `values` (the value differs), `rejected` (a value was expected, the input was rejected) or
    /// `not-rejected` (a rejection was expected, a value came back).
    pub kind: String,
    /// How many places differ in all.
    pub count: usize,
    /// The first places that differ, at most 20, in the value's order.
    pub places: Vec<PlaceEntry>,
}

/// One place where a value differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceEntry {
    /// Where in the value: `[1, 2]`, `.running_var[0]`; empty for the value itself.
    pub path: String,
    /// `float`, `value`, `length`, `shape` or `missing-field`.
    pub kind: String,
    /// The expected value there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The returned value there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// `|actual - expected|`, for two finite floats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_error: Option<f64>,
    /// `|actual - expected| / |expected|`, for two finite floats and a non-zero expected value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel_error: Option<f64>,
    /// The absolute tolerance the floats were held to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abs_tolerance: Option<f64>,
    /// The relative tolerance the floats were held to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel_tolerance: Option<f64>,
}

/// How many places of a difference the JSON report lists.
const PLACES: usize = 20;

fn difference_entry(m: &Mismatch) -> DifferenceEntry {
    match m {
        Mismatch::NotRejected => DifferenceEntry {
            kind: "not-rejected".into(),
            count: 1,
            places: Vec::new(),
        },
        Mismatch::Rejected { .. } => DifferenceEntry {
            kind: "rejected".into(),
            count: 1,
            places: Vec::new(),
        },
        Mismatch::Values { differences, count } => DifferenceEntry {
            kind: "values".into(),
            count: *count,
            places: differences
                .iter()
                .take(PLACES)
                .map(|d| {
                    let finite = |x: Option<f64>| x.filter(|x| x.is_finite());
                    let (kind, expected, actual, tol) = match &d.kind {
                        DifferenceKind::Float {
                            expected,
                            actual,
                            tolerance,
                        } => (
                            "float",
                            Some(pixelbank_spec::Value::Float(*expected).to_string()),
                            Some(pixelbank_spec::Value::Float(*actual).to_string()),
                            Some(*tolerance),
                        ),
                        DifferenceKind::Value { expected, actual } => (
                            "value",
                            Some(cut(&expected.to_string())),
                            Some(cut(&actual.to_string())),
                            None,
                        ),
                        DifferenceKind::Length { expected, actual } => (
                            "length",
                            Some(expected.to_string()),
                            Some(actual.to_string()),
                            None,
                        ),
                        DifferenceKind::Shape { expected, actual } => (
                            "shape",
                            Some(format!("{expected:?}")),
                            Some(format!("{actual:?}")),
                            None,
                        ),
                        DifferenceKind::MissingField => ("missing-field", None, None, None),
                    };
                    PlaceEntry {
                        path: d.path.to_string(),
                        kind: kind.into(),
                        expected,
                        actual,
                        abs_error: finite(d.kind.abs_error()),
                        rel_error: finite(d.kind.rel_error()),
                        abs_tolerance: tol.map(|t| t.abs),
                        rel_tolerance: tol.map(|t| t.rel),
                    }
                })
                .collect(),
        },
    }
}

/// A case's pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// It passed.
    Passed,
    /// It did not.
    Failed,
}

/// Cuts `text` to [`OUTPUT_CHARS`] characters, marking the cut.
fn cut(text: &str) -> String {
    if text.chars().count() <= OUTPUT_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(OUTPUT_CHARS).collect();
    format!("{kept}…")
}

/// The outcome and message of a problem.
fn outcome(grade: &ProblemGrade) -> (ProblemOutcome, String) {
    let message = match grade {
        ProblemGrade::Error { message, .. } => message.clone(),
        ProblemGrade::Judged(report) => match &report.status {
            ProblemStatus::Missing => format!(
                "no file at {}",
                pretty::for_logs(&report.submission.display().to_string())
            ),
            ProblemStatus::CompileError {
                diagnostics,
                signature,
            } => {
                // One part per line group; rustc's errors in the learner's own file come first.
                let mut parts: Vec<String> =
                    diagnostics.iter().map(|d| pretty::for_logs(d)).collect();
                if let Some(sig) = signature {
                    parts.extend(sig.findings.iter().map(explain::signature_finding));
                    parts.push(format!("expected:\n{}", sig.expected));
                }
                parts.join("\n")
            }
            ProblemStatus::CompileLimit(limit) => explain::compile_limit(limit),
            ProblemStatus::Interrupted | ProblemStatus::Judged => String::new(),
        },
    };
    (grade.outcome(), message)
}

/// Builds the JSON report of a graded submission.
pub fn report(grade: &SubmissionGrade) -> GradeReport {
    GradeReport {
        schema_version: SCHEMA_VERSION,
        tool: format!("pixelbank {}", env!("CARGO_PKG_VERSION")),
        submission: pretty::for_logs(&grade.name),
        status: grade.status(),
        score: grade.score(),
        max_score: grade.max_score(),
        min_score_percent: grade.pass_mark.percent,
        problems: grade.problems.iter().map(problem_entry).collect(),
    }
}

fn problem_entry(grade: &ProblemGrade) -> ProblemEntry {
    let (status, message) = outcome(grade);
    let (title, violations, cases) = match grade {
        ProblemGrade::Error { title, .. } => (title.clone(), Vec::new(), Vec::new()),
        ProblemGrade::Judged(r) => (
            r.title.clone(),
            r.violations
                .iter()
                .map(|v| format!("{}. {}", explain::violation(v), v.explanation))
                .collect(),
            r.cases.iter().map(case_entry).collect(),
        ),
    };
    ProblemEntry {
        id: grade.id().to_string(),
        title,
        file: pretty::for_logs(&grade.file().display().to_string()),
        status,
        score: grade.score(),
        max_score: grade.max_score(),
        message,
        violations,
        cases,
    }
}

fn case_entry(c: &CaseReport) -> CaseEntry {
    let detail = c.detail.as_ref().filter(|_| !c.hidden);
    let message = match &c.failure {
        None => explain::verdict(Verdict::Passed).to_string(),
        Some(_) if c.hidden => explain::case_label(c.failure.as_ref()),
        Some(f) => pretty::for_logs(&explain::failure(f)),
    };
    CaseEntry {
        name: c.name.clone(),
        hidden: c.hidden,
        status: if c.passed() {
            CaseStatus::Passed
        } else {
            CaseStatus::Failed
        },
        verdict: c.verdict(),
        failure: c
            .failure
            .as_ref()
            .map(|f| explain::failure_id(f).to_string()),
        message,
        points: c.points,
        max_points: c.max_points,
        duration_ms: (!c.hidden).then_some(c.duration.as_secs_f64() * 1000.0),
        inputs: detail.map(|d| {
            d.inputs
                .iter()
                .map(|(k, v)| (k.clone(), pretty::abbreviated(v)))
                .collect()
        }),
        expected: detail.map(|d| pretty::expected_lines(&d.expected).join("\n")),
        actual: detail
            .and_then(|d| d.actual.as_ref())
            .map(|a| cut(&pretty::for_logs(&pretty::outcome_lines(a).join("\n")))),
        output: detail
            .map(|d| cut(&pretty::for_logs(&d.output)))
            .filter(|o| !o.is_empty()),
        difference: match (&c.failure, c.hidden) {
            (Some(pixelbank_verdict::Failure::WrongAnswer(Some(m))), false) => {
                Some(difference_entry(m))
            }
            _ => None,
        },
        mistake: detail.and_then(|d| d.mistake.as_ref().map(|m| m.id.clone())),
    }
}

/// The JSON report as text.
pub fn json(grade: &SubmissionGrade) -> String {
    serde_json::to_string_pretty(&report(grade)).unwrap_or_default() + "\n"
}

/// The JSON Schema of [`GradeReport`], as committed in `docs/grade-report.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(GradeReport);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// JUnit XML: one testsuite per problem, one testcase per case; a file that does not compile, is
/// missing or could not be graded is one failing testcase named after that.
pub fn junit(grade: &SubmissionGrade) -> String {
    let entry = report(grade);
    let mut junit = Report::new(format!("pixelbank: {}", pretty::for_logs(&grade.name)));
    for problem in &entry.problems {
        let mut suite = TestSuite::new(problem.id.clone());
        let whole_problem = match problem.status {
            ProblemOutcome::CompileError => Some(("compile", "compile-error")),
            ProblemOutcome::CompileLimit => Some(("compile", "compile-limit")),
            ProblemOutcome::Missing => Some(("submission file", "missing")),
            ProblemOutcome::Error => Some(("grading", "grader-error")),
            ProblemOutcome::Passed | ProblemOutcome::Failed | ProblemOutcome::Interrupted => None,
        };
        if let Some((name, kind)) = whole_problem {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_type(kind);
            status.set_message(format!("{}: {kind}", problem.id));
            status.set_description(problem.message.clone());
            let mut case = TestCase::new(name, status);
            case.set_classname(problem.id.clone());
            suite.add_test_case(case);
        }
        for c in &problem.cases {
            let status = match c.status {
                CaseStatus::Passed => TestCaseStatus::success(),
                CaseStatus::Failed => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    s.set_type(c.verdict.as_str());
                    s.set_message(c.message.clone());
                    let mut description = String::new();
                    if let Some(inputs) = &c.inputs {
                        for (k, v) in inputs {
                            let _ = writeln!(description, "{k} = {v}");
                        }
                    }
                    if let Some(e) = &c.expected {
                        let _ = writeln!(description, "expected: {e}");
                    }
                    if let Some(a) = &c.actual {
                        let _ = writeln!(description, "got: {a}");
                    }
                    s.set_description(description);
                    s
                }
            };
            let mut case = TestCase::new(c.name.clone(), status);
            case.set_classname(problem.id.clone());
            if let Some(ms) = c.duration_ms {
                case.set_time(std::time::Duration::from_secs_f64(ms / 1000.0));
            }
            if let Some(output) = &c.output {
                case.set_system_out(output.clone());
            }
            suite.add_test_case(case);
        }
        if !problem.violations.is_empty() {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_type("source-rule");
            status.set_message(problem.violations.join("\n"));
            let mut case = TestCase::new("source rules", status);
            case.set_classname(problem.id.clone());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    // quick-junit ends at the closing tag; a text file (and a terminal) wants a final newline.
    junit.to_string().map(|xml| xml + "\n").unwrap_or_default()
}

/// Escapes data for a GitHub workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value for a GitHub workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: an `::error` per problem that did not pass, pointing at the
/// learner's file (relative to `base` when it lies inside it).
pub fn github_annotations(grade: &SubmissionGrade, base: &Path) -> String {
    let entry = report(grade);
    let mut out = String::new();
    for (problem, graded) in entry.problems.iter().zip(&grade.problems) {
        if problem.status == ProblemOutcome::Passed {
            continue;
        }
        let file = graded.file();
        let file = file.strip_prefix(base).unwrap_or(file);
        let failed: Vec<&str> = problem
            .cases
            .iter()
            .filter(|c| c.status == CaseStatus::Failed)
            .map(|c| c.name.as_str())
            .collect();
        let message = match problem.status {
            ProblemOutcome::Failed if !failed.is_empty() => format!(
                "{}/{} points; failed: {}",
                problem.score,
                problem.max_score,
                failed.join(", ")
            ),
            ProblemOutcome::Failed => {
                format!("breaks a source rule: {}", problem.violations.join("; "))
            }
            ProblemOutcome::CompileError => "does not compile".to_string(),
            ProblemOutcome::CompileLimit => "the compiler was stopped at its limit".to_string(),
            ProblemOutcome::Missing => "no submission file".to_string(),
            ProblemOutcome::Interrupted => "grading was interrupted".to_string(),
            ProblemOutcome::Error => format!("could not be graded: {}", problem.message),
            ProblemOutcome::Passed => continue,
        };
        let _ = writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&file.display().to_string()),
            escape_property(&format!("pixelbank: {}", problem.id)),
            escape_data(&message)
        );
    }
    out
}

/// The text report: a line per problem with its points, the cases that failed, the total.
pub fn text(grade: &SubmissionGrade) -> String {
    let entry = report(grade);
    let mut out = format!("{}\n", entry.submission);
    let width = entry.problems.iter().map(|p| p.id.len()).max().unwrap_or(0);
    for p in &entry.problems {
        let mark = if p.status == ProblemOutcome::Passed {
            "✓"
        } else {
            "✗"
        };
        let status = p.status.as_str();
        let _ = writeln!(
            out,
            "  {mark} {:width$}  {:>3}/{:<3}  {status}",
            p.id, p.score, p.max_score
        );
        // The first lines of a compile error or a grader error say enough to act on; the JSON
        // report keeps the rest.
        let lines = p.message.lines().count();
        for line in p.message.lines().take(MESSAGE_LINES) {
            let _ = writeln!(out, "      {line}");
        }
        if lines > MESSAGE_LINES {
            let _ = writeln!(
                out,
                "      … {} more lines (--format json has them all)",
                lines - MESSAGE_LINES
            );
        }
        for c in p.cases.iter().filter(|c| c.status == CaseStatus::Failed) {
            let hidden = if c.hidden { " (hidden)" } else { "" };
            let _ = writeln!(out, "      ✗ {}{hidden}: {}", c.name, c.message);
        }
        for v in &p.violations {
            let _ = writeln!(out, "      ✗ {v}");
        }
    }
    let _ = writeln!(
        out,
        "{}: {}/{} points (pass mark {}%)",
        entry.status.as_str(),
        entry.score,
        entry.max_score,
        entry.min_score_percent
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names printed in text and JUnit are the ones the JSON report uses.
    #[test]
    fn names_match_their_serialised_form() {
        let json = |v: serde_json::Value| v.as_str().map(str::to_string);
        for v in Verdict::ALL {
            assert_eq!(json(serde_json::json!(v)).as_deref(), Some(v.as_str()));
        }
        for s in [Status::Pass, Status::Fail, Status::Error] {
            assert_eq!(json(serde_json::json!(s)).as_deref(), Some(s.as_str()));
        }
        for o in ProblemOutcome::ALL {
            assert_eq!(json(serde_json::json!(o)).as_deref(), Some(o.as_str()));
        }
    }
}
