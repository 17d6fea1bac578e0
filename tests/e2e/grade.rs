//! `pixelbank grade` and `pixelbank merge` as an instructor's CI uses them, over a tiny fixture bank
//! (`tests/fixtures/grade-bank`: two problems, 300 ms per case, so a hanging submission costs about
//! a second and a half) and a fixture class (`tests/fixtures/grade-class`: one submission per way a
//! learner's work can go). Every report format is read back by the parser a CI tool would use, the
//! JSON one checked against its committed schema too; exit codes hold the pass mark; nothing of a
//! hidden case reaches a report or a log; a batch, split into partitions and merged, gives the
//! gradebook one full run gives.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pixelbank_report::grade::{CaseStatus, GradeReport, ProblemEntry, ProblemOutcome};
use pixelbank_spec::{Bank, Expected};
use pixelbank_verdict::{Gradebook, Status, Verdict};
use quick_junit::{NonSuccessKind, TestCaseStatus};
use regex::Regex;
use tempfile::TempDir;

use crate::support::{Output, Test, assert_matches_schema, fixture, repo_root};

/// The fixture bank.
fn bank() -> PathBuf {
    repo_root().join("tests/fixtures/grade-bank")
}

/// The fixture class: a folder per submission.
fn class() -> PathBuf {
    repo_root().join("tests/fixtures/grade-class")
}

/// A fixture submission: `submission("partial")`.
fn submission(name: &str) -> PathBuf {
    let dir = class().join(name);
    assert!(dir.is_dir(), "no fixture submission at {}", dir.display());
    dir
}

/// `pixelbank --problems <fixture bank> grade`, with GitHub annotations off unless a test turns
/// them on (CI runners export `GITHUB_ACTIONS=true` to the tests too).
fn pixelbank_grade() -> Test {
    Test::new()
        .arg("--problems")
        .arg(bank())
        .env("GITHUB_ACTIONS", "false")
        .arg("grade")
}

/// `pixelbank ... grade <fixture submission>`.
fn grade(name: &str) -> Test {
    pixelbank_grade().arg(submission(name))
}

/// `pixelbank ... merge`.
fn merge() -> Test {
    Test::new().arg("--problems").arg(bank()).arg("merge")
}

/// Reads a file the grader wrote.
#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ---- reading reports back ------------------------------------------------------------------

/// A JSON report, validated against `docs/grade-report.schema.json` and parsed back into the type
/// that wrote it (which rejects unknown fields).
#[track_caller]
fn json_report(json: &str) -> GradeReport {
    assert_matches_schema("grade-report.schema.json", "the report", json);
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!("the report does not parse back as a GradeReport ({e}):\n{json}")
    })
}

/// A JUnit report, parsed the way test-report tools do.
#[track_caller]
fn junit_report(xml: &str) -> quick_junit::Report {
    quick_junit::Report::deserialize_from_str(xml)
        .unwrap_or_else(|e| panic!("the report is not JUnit XML ({e}):\n{xml}"))
}

/// The text report's line for a problem: `  ✓ add-vectors    5/5    passed`.
#[track_caller]
fn problem_line<'o>(run: &'o Output, id: &str) -> &'o str {
    run.stdout
        .lines()
        .find(|l| {
            l.strip_prefix("  ✓ ")
                .or_else(|| l.strip_prefix("  ✗ "))
                .is_some_and(|rest| rest.starts_with(&format!("{id} ")))
        })
        .unwrap_or_else(|| panic!("no line for {id} in the report:\n{}", run.stdout))
}

/// A problem of a JSON report.
#[track_caller]
fn problem<'r>(report: &'r GradeReport, id: &str) -> &'r ProblemEntry {
    report
        .problems
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no problem {id} in the report: {report:#?}"))
}

// ---- hidden cases ---------------------------------------------------------------------------

/// What identifies the hidden case "large values" of add-vectors: its input 271828.5 and its
/// expected 271828.75, however a renderer might write them (`271828.5`, `2.718285e5`).
const HIDDEN_LITERALS: [&str; 2] = ["271828", "2.71828"];

/// Fails if anything of the hidden case shows in `text`. Timings are blanked first, so that a case
/// that ran for 0.271828 ms cannot look like a leak.
#[track_caller]
fn assert_no_hidden_literal(what: &str, text: &str) {
    static TIMINGS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""duration_ms": [0-9.eE+-]+|time="[0-9.]+""#).expect("a valid pattern")
    });
    let text = TIMINGS.replace_all(text, "[time]");
    for literal in HIDDEN_LITERALS {
        assert!(
            !text.contains(literal),
            "`{literal}` of a hidden case leaks into {what}:\n{text}"
        );
    }
}

#[test]
fn the_fixture_bank_keeps_its_unique_literals_in_a_hidden_case_only() {
    // Without this the privacy tests below would pass vacuously after an edit to the fixtures.
    let bank = Bank::load_dir(&bank()).expect("the fixture bank loads");
    let add = bank.get("add-vectors").expect("add-vectors");
    let case = add
        .cases
        .iter()
        .find(|c| c.name == "large values")
        .expect("the case \"large values\"");
    assert!(case.hidden);
    let inputs: Vec<String> = case.inputs.iter().map(ToString::to_string).collect();
    assert!(inputs.iter().any(|i| i.contains("271828.5")), "{inputs:?}");
    match &case.expected {
        Expected::Value(v) => assert!(v.to_string().contains("271828.75"), "{v}"),
        Expected::Rejection => panic!("\"large values\" should expect a value"),
    }
    for problem in bank.problems() {
        for visible in problem.visible_cases() {
            let text: Vec<String> = visible.inputs.iter().map(ToString::to_string).collect();
            assert_no_hidden_literal(
                &format!("the visible case {}", visible.name),
                &text.join(" "),
            );
        }
    }
}

#[test]
fn printed_and_returned_hidden_values_reach_no_report_and_no_log() {
    // prints-inputs prints every input on stdout and stderr and returns `a` itself, so a hidden
    // case's inputs are in what it printed and in what it returned; the case fails, so a leaky
    // renderer would show both.
    let runs = ["json", "junit", "text"].map(|format| {
        let run = grade("prints-inputs")
            .args(["--format", format])
            .env("GITHUB_ACTIONS", "true")
            .run();
        run.code(1);
        assert_no_hidden_literal(&format!("the {format} report on stdout"), &run.stdout);
        assert_no_hidden_literal(&format!("stderr of the {format} run"), &run.stderr);
        run
    });

    let report = json_report(&runs[0].stdout);
    let add = problem(&report, "add-vectors");
    let hidden = add
        .cases
        .iter()
        .find(|c| c.name == "large values")
        .expect("the hidden case is listed by name");
    assert!(hidden.hidden);
    assert_eq!(hidden.verdict, Verdict::WrongAnswer);
    assert!(
        hidden.inputs.is_none()
            && hidden.expected.is_none()
            && hidden.actual.is_none()
            && hidden.output.is_none(),
        "{hidden:#?}"
    );
    // A failed visible case shows everything a learner needs, printed output included.
    let visible = add
        .cases
        .iter()
        .find(|c| c.name == "two pairs")
        .expect("the visible case \"two pairs\"");
    let inputs = visible
        .inputs
        .as_ref()
        .expect("the inputs of a failed visible case");
    assert_eq!(inputs.get("a").map(String::as_str), Some("[1.0, 2.0]"));
    assert_eq!(inputs.get("b").map(String::as_str), Some("[3.0, 4.0]"));
    assert_eq!(visible.expected.as_deref(), Some("[4.0, 6.0]"));
    assert_eq!(visible.actual.as_deref(), Some("[1.0, 2.0]"));
    assert!(
        visible
            .output
            .as_deref()
            .is_some_and(|o| o.contains("a = [1.0, 2.0], b = [3.0, 4.0]")),
        "{visible:#?}"
    );
}

// ---- one submission, every format -------------------------------------------------------------

#[test]
fn a_perfect_submission_meets_the_default_pass_mark() {
    let run = grade("perfect").run();
    run.success()
        .stdout_contains("pass: 8/8 points (pass mark 100%)")
        .stdout_lacks("✗");
    assert!(
        problem_line(&run, "add-vectors").contains("5/5"),
        "{}",
        run.stdout
    );
    assert!(
        problem_line(&run, "dot-product").contains("3/3"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_text_report_lists_points_per_problem_and_the_failed_cases() {
    let run = grade("partial").run();
    run.code(1)
        .stdout_contains("✗ negatives: 2 of 3 elements differ")
        .stdout_contains("fail: 7/8 points (pass mark 100%)");
    insta::with_settings!({ description => run.command(), omit_expression => true }, {
        insta::assert_snapshot!("grade_text_partial", run.normalized_stdout());
    });
}

#[test]
fn the_json_report_matches_its_schema_and_parses_back() {
    let run = grade("partial").args(["--format", "json"]).run();
    run.code(1);
    let report = json_report(&run.stdout);
    assert_eq!(report.schema_version, 2);
    assert_eq!(report.submission, "partial");
    assert_eq!(report.status, Status::Fail);
    assert_eq!((report.score, report.max_score), (7, 8));
    assert_eq!(report.min_score_percent, 100.0);
    let ids: Vec<&str> = report.problems.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["add-vectors", "dot-product"]);

    let add = problem(&report, "add-vectors");
    assert_eq!(add.status, ProblemOutcome::Failed);
    assert_eq!((add.score, add.max_score), (4, 5));
    assert!(
        add.file.ends_with("grade-class/partial/src/add_vectors.rs"),
        "{}",
        add.file
    );
    let failed: Vec<&str> = add
        .cases
        .iter()
        .filter(|c| c.status == CaseStatus::Failed)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed, ["negatives"]);
    let hidden: Vec<&str> = add
        .cases
        .iter()
        .filter(|c| c.hidden)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(hidden, ["large values", "single"]);
    assert_eq!(
        problem(&report, "dot-product").status,
        ProblemOutcome::Passed
    );
}

#[test]
fn the_junit_report_has_a_testsuite_per_problem_and_a_testcase_per_case() {
    let run = grade("partial").args(["--format", "junit"]).run();
    run.code(1);
    let junit = junit_report(&run.stdout);
    assert_eq!(
        (junit.tests, junit.failures, junit.errors),
        (8, 1, 0),
        "{}",
        run.stdout
    );
    let suites: Vec<(&str, usize, usize)> = junit
        .test_suites
        .iter()
        .map(|s| (s.name.as_str(), s.test_cases.len(), s.failures))
        .collect();
    assert_eq!(suites, [("add-vectors", 5, 1), ("dot-product", 3, 0)]);
    let negatives = junit.test_suites[0]
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "negatives")
        .expect("a testcase per case");
    match &negatives.status {
        TestCaseStatus::NonSuccess {
            kind: NonSuccessKind::Failure,
            ty,
            description,
            ..
        } => {
            assert_eq!(ty.as_deref(), Some("wrong-answer"));
            let description = description.as_deref().unwrap_or_default();
            assert!(
                description.contains("expected: [0.0, 0.25, -1.0]"),
                "{description}"
            );
        }
        other => panic!("\"negatives\" should be a failure, not {other:?}"),
    }
}

#[test]
fn only_the_chosen_problems_are_graded() {
    let run = grade("missing-file")
        .args(["--problem", "add-vectors", "--format", "json"])
        .run();
    // The missing dot_product.rs does not count when only add-vectors is graded.
    run.success();
    let report = json_report(&run.stdout);
    let ids: Vec<&str> = report.problems.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["add-vectors"]);
    assert_eq!((report.score, report.max_score), (5, 5));
}

#[test]
fn breaking_a_source_rule_costs_that_problem_s_points() {
    // Every case passes, but higher-order-functions forbids the `for` loop this file uses.
    let dir = TempDir::new().expect("a temporary directory");
    std::fs::copy(
        fixture("higher-order-functions/for_loop.rs"),
        dir.path().join("higher_order_functions.rs"),
    )
    .expect("a copy of the fixture");
    let run = Test::new()
        .env("GITHUB_ACTIONS", "false")
        .arg("grade")
        .arg(dir.path())
        .args(["--problem", "higher-order-functions", "--min-score", "50"])
        .args(["--format", "json"])
        .run();
    run.code(1);
    let report = json_report(&run.stdout);
    assert_eq!(report.status, Status::Fail);
    assert_eq!(
        report.score, 0,
        "a problem solved outside its rules earns nothing"
    );
    let problem = problem(&report, "higher-order-functions");
    assert_eq!(problem.status, ProblemOutcome::Failed);
    assert!(
        problem.violations.iter().any(|v| v.contains("`for` loop")),
        "{problem:#?}"
    );
}

// ---- --output ---------------------------------------------------------------------------------

#[test]
fn output_writes_the_report_of_a_submission_that_does_not_compile() {
    let dir = TempDir::new().expect("a temporary directory");
    let path = dir.path().join("reports/report.xml");
    let run = grade("broken")
        .args(["--format", "junit", "--output"])
        .arg(&path)
        .run();
    run.code(1);
    assert_eq!(run.stdout, "", "the report goes to the file only");
    let junit = junit_report(&read(&path));
    let add = &junit.test_suites[0];
    assert_eq!(add.name.as_str(), "add-vectors");
    assert_eq!((add.test_cases.len(), add.errors), (1, 1));
    match &add.test_cases[0].status {
        TestCaseStatus::NonSuccess {
            kind: NonSuccessKind::Error,
            ty,
            description,
            ..
        } => {
            assert_eq!(ty.as_deref(), Some("compile-error"));
            let description = description.as_deref().unwrap_or_default();
            assert!(description.contains("error[E0277]"), "{description}");
        }
        other => panic!("a compile error should be a JUnit error, not {other:?}"),
    }
    assert_eq!(junit.test_suites[1].failures, 0, "dot-product still passes");
}

#[test]
fn output_writes_the_report_of_a_submission_that_hangs_with_time_limit_verdicts() {
    let dir = TempDir::new().expect("a temporary directory");
    let path = dir.path().join("report.json");
    let run = grade("hangs")
        .args(["--format", "json", "--output"])
        .arg(&path)
        .run();
    run.code(1);
    assert_eq!(run.stdout, "", "the report goes to the file only");
    let report = json_report(&read(&path));
    let add = problem(&report, "add-vectors");
    assert_eq!(add.cases.len(), 5);
    assert_eq!(add.cases[0].verdict, Verdict::TimeLimit, "{add:#?}");
    for case in &add.cases {
        // After the first time-out the others start only within one more limit.
        if case.verdict == Verdict::NotRun {
            continue;
        }
        assert_eq!(case.verdict, Verdict::TimeLimit, "{case:#?}");
        // Killed at the problem's 300 ms, not left to run; a hidden case's timing is not told.
        match case.duration_ms {
            Some(ms) => assert!((300.0..5_000.0).contains(&ms), "{case:#?}"),
            None => assert!(case.hidden, "{case:#?}"),
        }
    }
    assert_eq!(
        problem(&report, "dot-product").status,
        ProblemOutcome::Passed
    );
}

// ---- exit codes -------------------------------------------------------------------------------

#[test]
fn the_pass_mark_decides_between_exit_codes_0_and_1() {
    grade("partial")
        .run()
        .code(1)
        .stdout_contains("fail: 7/8 points (pass mark 100%)");
    grade("partial")
        .args(["--min-score", "50"])
        .run()
        .success()
        .stdout_contains("pass: 7/8 points (pass mark 50%)");
    grade("prints-inputs")
        .args(["--min-score", "50"])
        .run()
        .success()
        .stdout_contains("pass: 4/8 points (pass mark 50%)");
}

#[test]
fn the_grader_exits_2_when_it_cannot_run() {
    grade("perfect")
        .args(["--problem", "add-vector"])
        .run()
        .code(2)
        .stderr_contains("add-vector")
        .stderr_contains("`add-vectors`");
    let dir = TempDir::new().expect("a temporary directory");
    let out_dir = dir.path().join("grades");
    pixelbank_grade()
        .arg("--batch")
        .arg(class().join("no-such-class"))
        .arg("--out-dir")
        .arg(&out_dir)
        .run()
        .code(2)
        .stderr_contains("no-such-class");
    pixelbank_grade()
        .arg("--batch")
        .arg(class())
        .args(["--partition", "3/2", "--out-dir"])
        .arg(&out_dir)
        .run()
        .code(2)
        .stderr_contains("invalid partition `3/2`");
    assert!(
        !out_dir.exists(),
        "nothing is written when the grader cannot run"
    );
}

// ---- GitHub annotations -----------------------------------------------------------------------

#[test]
fn on_github_actions_each_failed_problem_is_annotated_on_the_learners_file() {
    let run = grade("partial")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", repo_root())
        .run();
    run.code(1).stderr_contains(
        "::error file=tests/fixtures/grade-class/partial/src/add_vectors.rs,\
         title=pixelbank%3A add-vectors::4/5 points; failed: negatives",
    );
    let annotations: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 1, "dot-product passed: {annotations:?}");

    grade("perfect")
        .env("GITHUB_ACTIONS", "true")
        .run()
        .success()
        .stderr_lacks("::error");
    // Off GitHub Actions, nothing.
    grade("partial").run().code(1).stderr_lacks("::error");
}

// ---- batches, partitions, merge ---------------------------------------------------------------

/// The whole fixture class, as `gradebook.csv` lists it.
const CLASS_CSV: &str = "\
submission,status,add-vectors,dot-product,total,max_score
broken,fail,0,3,3,8
hangs,fail,0,3,3,8
missing-file,fail,5,0,5,8
partial,fail,4,3,7,8
perfect,pass,5,3,8,8
prints-inputs,fail,1,3,4,8
";

/// A batch run and the directory it wrote.
struct Batch {
    out_dir: PathBuf,
    run: Output,
}

impl Batch {
    /// Grades the fixture class with `-j 2` into a fresh `target/tmp/grade-e2e/<name>`. The
    /// directory outlives the test run, so that a failure can be looked into.
    fn grade(name: &str, args: &[&str]) -> Batch {
        let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("grade-e2e")
            .join(name);
        if out_dir.exists() {
            std::fs::remove_dir_all(&out_dir).expect("an old batch output removed");
        }
        let run = pixelbank_grade()
            .arg("--batch")
            .arg(class())
            .args(["-j", "2"])
            .args(args)
            .arg("--out-dir")
            .arg(&out_dir)
            .run();
        Batch { out_dir, run }
    }

    /// A file of the batch's output directory.
    fn path(&self, relative: &str) -> PathBuf {
        self.out_dir.join(relative)
    }

    /// `gradebook.json`, parsed.
    #[track_caller]
    fn gradebook(&self) -> Gradebook {
        let text = read(&self.path("gradebook.json"));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("gradebook.json is not a Gradebook ({e}):\n{text}"))
    }

    /// The names of the files in `reports/`, sorted.
    fn reports(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path("reports"))
            .expect("a reports directory")
            .map(|e| {
                e.expect("a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

/// The whole class graded once, in JSON, for every test that reads it.
static FULL_BATCH: LazyLock<Batch> = LazyLock::new(|| Batch::grade("full", &["--format", "json"]));

/// The class graded as two partitions, each with its own output directory.
static PARTITIONS: LazyLock<[Batch; 2]> = LazyLock::new(|| {
    ["1/2", "2/2"].map(|share| {
        Batch::grade(
            &format!("partition-{}", &share[..1]),
            &["--partition", share],
        )
    })
});

#[test]
fn a_batch_grades_every_submission_into_a_gradebook_and_a_report_each() {
    let batch = &*FULL_BATCH;
    // A hanging and a non-compiling submission are bounded and graded like the others.
    batch
        .run
        .code(1)
        .stderr_contains("graded 6 submissions: 1 passed");
    assert_eq!(read(&batch.path("gradebook.csv")), CLASS_CSV);

    let book = batch.gradebook();
    assert_eq!(book.schema_version, 2);
    assert_eq!(book.partition, None);
    assert_eq!(book.min_score_percent, 100.0);
    let rows: Vec<(&str, Status, u32)> = book
        .rows
        .iter()
        .map(|r| (r.submission.as_str(), r.status, r.total))
        .collect();
    assert_eq!(
        rows,
        [
            ("broken", Status::Fail, 3),
            ("hangs", Status::Fail, 3),
            ("missing-file", Status::Fail, 5),
            ("partial", Status::Fail, 7),
            ("perfect", Status::Pass, 8),
            ("prints-inputs", Status::Fail, 4),
        ]
    );

    let names = [
        "broken",
        "hangs",
        "missing-file",
        "partial",
        "perfect",
        "prints-inputs",
    ];
    let expected: Vec<String> = names.iter().map(|n| format!("{n}.json")).collect();
    assert_eq!(batch.reports(), expected);
    let report = |name: &str| json_report(&read(&batch.path(&format!("reports/{name}.json"))));
    for name in names {
        assert_eq!(report(name).submission, name);
    }
    let hangs = report("hangs");
    assert!(
        problem(&hangs, "add-vectors")
            .cases
            .iter()
            .all(|c| matches!(c.verdict, Verdict::TimeLimit | Verdict::NotRun)),
        "{hangs:#?}"
    );
    assert_eq!(
        problem(&hangs, "dot-product").status,
        ProblemOutcome::Passed
    );
    assert_eq!(
        problem(&report("broken"), "add-vectors").status,
        ProblemOutcome::CompileError
    );
    assert_eq!(
        problem(&report("missing-file"), "dot-product").status,
        ProblemOutcome::Missing
    );

    for file in [
        "gradebook.json",
        "gradebook.csv",
        "reports/prints-inputs.json",
    ] {
        assert_no_hidden_literal(file, &read(&batch.path(file)));
    }
    assert_no_hidden_literal("the batch's stdout", &batch.run.stdout);
    assert_no_hidden_literal("the batch's stderr", &batch.run.stderr);
}

/// What identifies the known mistake only the hidden case "large values" recognises: its id and
/// words of its message.
const HIDDEN_MISTAKE: [&str; 2] = ["large values#1", "a alone"];

#[test]
fn the_gradebook_records_each_case_s_verdict_and_the_mistakes_of_visible_cases() {
    let batch = &*FULL_BATCH;
    let text = read(&batch.path("gradebook.json"));
    assert_matches_schema("gradebook.schema.json", "gradebook.json", &text);
    let book = batch.gradebook();

    // The columns: every case, hidden ones by name, and the visible cases' known mistakes.
    let add = &book.problems[0];
    let cases: Vec<(&str, bool)> = add
        .cases
        .iter()
        .map(|c| (c.name.as_str(), c.hidden))
        .collect();
    assert_eq!(
        cases,
        [
            ("two pairs", false),
            ("negatives", false),
            ("empty", false),
            ("large values", true),
            ("single", true),
        ]
    );
    let mistakes: Vec<(&str, &str, Vec<&str>)> = book
        .problems
        .iter()
        .flat_map(|p| p.mistakes.iter().map(move |m| (p.id.as_str(), m)))
        .map(|(p, m)| {
            (
                p,
                m.id.as_str(),
                m.cases.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        mistakes,
        [
            ("add-vectors", "abs_b", vec!["negatives"]),
            ("dot-product", "adds_pairs", vec!["orthogonal", "parallel"]),
        ]
    );

    let row = |name: &str| {
        book.rows
            .iter()
            .find(|r| r.submission == name)
            .unwrap_or_else(|| panic!("no row for {name}"))
    };
    let verdicts = |name: &str, problem: &str| -> Vec<(String, Verdict, Option<String>)> {
        row(name).results[problem]
            .cases
            .iter()
            .map(|c| (c.name.clone(), c.verdict, c.mistake.clone()))
            .collect()
    };
    // partial adds |b|: the visible "negatives" fails, recognised as abs_b.
    let partial = verdicts("partial", "add-vectors");
    assert_eq!(partial.len(), 5);
    assert_eq!(
        partial[1],
        (
            "negatives".to_string(),
            Verdict::WrongAnswer,
            Some("abs_b".to_string())
        )
    );
    assert!(
        partial
            .iter()
            .filter(|c| c.0 != "negatives")
            .all(|c| c.1 == Verdict::Passed)
    );
    // prints-inputs returns `a`, the mistake only the hidden "large values" knows: its verdict
    // is recorded, the mistake is not.
    let prints = verdicts("prints-inputs", "add-vectors");
    assert_eq!(
        prints[3],
        ("large values".to_string(), Verdict::WrongAnswer, None)
    );
    for file in ["gradebook.json", "reports/prints-inputs.json"] {
        let text = read(&batch.path(file));
        for words in HIDDEN_MISTAKE {
            assert!(
                !text.contains(words),
                "`{words}` of a hidden case's mistake in {file}"
            );
        }
    }
    // A problem that did not run has an outcome and no cases.
    let broken = &row("broken").results["add-vectors"];
    assert_eq!(
        (broken.status, broken.cases.len()),
        (ProblemOutcome::CompileError, 0)
    );
    let missing = &row("missing-file").results["dot-product"];
    assert_eq!(
        (missing.status, missing.cases.len()),
        (ProblemOutcome::Missing, 0)
    );
    assert!(
        verdicts("hangs", "add-vectors")
            .iter()
            .all(|c| matches!(c.1, Verdict::TimeLimit | Verdict::NotRun))
    );
}

#[test]
fn merge_names_a_gradebook_of_another_version() {
    let dir = TempDir::new().expect("a temporary directory");
    let old = dir.path().join("old.json");
    let text = read(&FULL_BATCH.path("gradebook.json"));
    std::fs::write(
        &old,
        text.replacen("\"schema_version\": 2", "\"schema_version\": 1", 1),
    )
    .expect("a version-1 gradebook");
    merge()
        .arg(&old)
        .arg("--out-dir")
        .arg(dir.path().join("merged"))
        .run()
        .code(2)
        .stderr_contains("a gradebook of version 1; this pixelbank reads version 2");
}

#[test]
fn each_partition_grades_its_own_share_of_the_class() {
    let [first, second] = &*PARTITIONS;
    for (batch, share, names) in [
        (first, "1/2", ["broken", "missing-file", "perfect"]),
        (second, "2/2", ["hangs", "partial", "prints-inputs"]),
    ] {
        batch.run.stderr_contains("graded 3 submissions");
        let book = batch.gradebook();
        assert_eq!(
            book.partition.map(|p| p.to_string()).as_deref(),
            Some(share)
        );
        let rows: Vec<&str> = book.rows.iter().map(|r| r.submission.as_str()).collect();
        assert_eq!(rows, names);
        let reports: Vec<String> = names.iter().map(|n| format!("{n}.txt")).collect();
        assert_eq!(batch.reports(), reports);
    }
    // Text reports, the batch's default: the compile error is there to act on.
    let broken = read(&first.path("reports/broken.txt"));
    assert!(
        broken.contains("compile-error") && broken.contains("error[E0277]"),
        "{broken}"
    );
}

#[test]
fn a_text_batch_ends_with_the_class_summary() {
    let [_, second] = &*PARTITIONS;
    // hangs, partial and prints-inputs: nobody solves add-vectors; partial adds |b|.
    assert_eq!(
        second.run.stdout,
        "\
class: 3 submissions, 0 met the pass mark (100%), median score 50%
weakest problems:
  add-vectors  0 of 3 solved (0%); most failed: negatives (3 of 3), two pairs (2 of 3)
top mistakes:
  1 of 3  add-vectors  abs_b: Adding |b| turns every negative term positive: add b as it is, sign included.
"
    );
    let [first, _] = &*PARTITIONS;
    first
        .run
        .stdout_contains("class: 3 submissions, 1 met the pass mark (100%)")
        .stdout_contains("  add-vectors  2 of 3 solved (67%); 1 compile error\n")
        .stdout_contains("  dot-product  2 of 3 solved (67%); 1 missing\n")
        .stdout_lacks("top mistakes");
    // The reports of a JSON batch are for machines: its stdout stays empty.
    assert_eq!(FULL_BATCH.run.stdout, "");
}

#[test]
fn merged_partitions_give_the_full_batchs_gradebook_byte_for_byte() {
    let [first, second] = &*PARTITIONS;
    let dir = TempDir::new().expect("a temporary directory");
    let merged = dir.path().join("merged");
    merge()
        .arg(second.path("gradebook.json"))
        .arg(first.path("gradebook.json"))
        .arg("--out-dir")
        .arg(&merged)
        .run()
        // Like the batch it stands for: some submission missed the pass mark.
        .code(1)
        .stderr_contains("merged 2 gradebooks: 6 submissions");
    assert_eq!(
        read(&merged.join("gradebook.json")),
        read(&FULL_BATCH.path("gradebook.json"))
    );
    assert_eq!(read(&merged.join("gradebook.csv")), CLASS_CSV);
}

#[test]
fn merge_rejects_a_missing_or_a_duplicate_partition() {
    let [first, _] = &*PARTITIONS;
    let dir = TempDir::new().expect("a temporary directory");
    let out_dir = dir.path().join("merged");
    merge()
        .arg(first.path("gradebook.json"))
        .arg("--out-dir")
        .arg(&out_dir)
        .run()
        .code(2)
        .stderr_contains("partition 2/2 is missing");
    merge()
        .arg(first.path("gradebook.json"))
        .arg(first.path("gradebook.json"))
        .arg("--out-dir")
        .arg(&out_dir)
        .run()
        .code(2)
        .stderr_contains("partition 1/2 is given twice");
    assert!(!out_dir.exists(), "a rejected merge writes nothing");
}

#[test]
fn a_batch_without_submissions_is_an_error_not_a_pass() {
    let empty = tempfile::TempDir::new().expect("an empty folder");
    let out = tempfile::TempDir::new().expect("an output folder");
    Test::new()
        .arg("--problems")
        .arg(bank())
        .args(["grade", "--batch"])
        .arg(empty.path())
        .arg("--out-dir")
        .arg(out.path())
        .run()
        .code(2)
        .stderr_contains("holds no submission");
    assert!(!out.path().join("gradebook.json").exists());
    Test::new()
        .arg("--problems")
        .arg(bank())
        .args(["grade", "--batch"])
        .arg(class())
        .args(["-j", "0"])
        .run()
        .code(2)
        .stderr_contains("0");
}
