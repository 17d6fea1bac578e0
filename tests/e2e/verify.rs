//! `pixelbank verify`: the author's check of a whole bank through the real judge.

use std::fs;

use pixelbank_report::verify::{StressEntry, VerifyReport};
use tempfile::TempDir;

use crate::support::{Test, assert_matches_schema, repo_root};

/// Verify's JSON document, validated against its committed schema and read back into the type
/// that wrote it (which rejects unknown fields).
#[track_caller]
fn json_report(json: &str) -> VerifyReport {
    assert_matches_schema("verify-report.schema.json", "verify's document", json);
    serde_json::from_str(json).unwrap_or_else(|e| panic!("does not read back ({e}):\n{json}"))
}

/// The bar the official bank keeps: every problem sound, at least four wrong solutions each (a
/// hundred in all), and each one caught by a case a learner sees and told apart by the
/// problem's generator.
#[test]
fn the_official_bank_verifies_with_four_wrong_solutions_per_problem_each_caught_visibly() {
    let out = Test::new()
        .current_dir(repo_root())
        .args(["verify", "--format", "json"])
        .run();
    out.success();
    let report = json_report(&out.stdout);
    assert!(report.ok, "the official bank has findings:\n{}", out.stdout);
    assert!(
        report.problems.len() >= 25,
        "{} problems",
        report.problems.len()
    );
    let mut total = 0;
    for problem in &report.problems {
        assert!(
            problem.findings.is_empty(),
            "{}: {:?}",
            problem.id,
            problem.findings
        );
        assert_eq!(problem.reference_passed, problem.cases, "{}", problem.id);
        assert!(
            problem.wrong_solutions.len() >= 4,
            "{} has {} wrong solutions",
            problem.id,
            problem.wrong_solutions.len()
        );
        for wrong in &problem.wrong_solutions {
            assert!(
                !wrong.caught_by_visible.is_empty(),
                "{}/{} is caught by no visible case",
                problem.id,
                wrong.name
            );
            assert!(
                !wrong.mistake.is_empty(),
                "{}/{} says no mistake",
                problem.id,
                wrong.name
            );
            assert!(
                matches!(wrong.stress, StressEntry::ToldApart { .. }),
                "{}/{}: verify's stress run does not tell it apart ({:?})",
                problem.id,
                wrong.name,
                wrong.stress
            );
        }
        assert!(
            problem.generated_inputs.is_some(),
            "{} has no generator",
            problem.id
        );
        total += problem.wrong_solutions.len();
    }
    assert!(total >= 100, "{total} wrong solutions in all");
}

/// A one-problem bank and its solutions directory, from the grading fixtures.
fn bank_with(problem_edit: impl Fn(String) -> String, solution: &str) -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    let root = repo_root().join("tests/fixtures");
    fs::create_dir_all(dir.path().join("bank")).expect("bank/");
    fs::create_dir_all(dir.path().join("solutions")).expect("solutions/");
    let text = fs::read_to_string(root.join("grade-bank/add-vectors.toml")).expect("the problem");
    fs::write(dir.path().join("bank/add-vectors.toml"), problem_edit(text)).expect("a copy");
    fs::copy(
        root.join(format!("grade-class/{solution}/src/add_vectors.rs")),
        dir.path().join("solutions/add_vectors.rs"),
    )
    .expect("a solution");
    dir
}

/// `pixelbank verify` of the bank in `dir`, with the grading fixtures' wrong solutions.
fn verify(dir: &TempDir) -> Test {
    Test::new()
        .arg("--problems")
        .arg(dir.path().join("bank"))
        .arg("verify")
        .arg("--solutions")
        .arg(dir.path().join("solutions"))
        .arg("--wrong")
        .arg(repo_root().join("tests/fixtures/grade-wrong"))
}

#[test]
fn a_sound_bank_verifies() {
    let dir = bank_with(|text| text, "perfect");
    verify(&dir)
        .run()
        .success()
        .stdout_contains("✓ add-vectors")
        .stdout_contains("1 problem verified");
}

#[test]
fn a_reference_that_fails_a_case_is_reported_with_the_case_hidden_or_not() {
    let dir = bank_with(|text| text, "partial");
    verify(&dir)
        .run()
        .code(1)
        .stdout_contains("✗ add-vectors")
        .stdout_contains("the reference fails case `negatives`: wrong answer")
        .stdout_contains("1 of 1 problem has findings");
}

#[test]
fn a_known_mistake_that_equals_the_expected_output_is_reported() {
    let dir = bank_with(
        |text| {
            text.replacen(
                "expected = [4.0, 6.0]\n",
                "expected = [4.0, 6.0]\n\n[[cases.mistakes]]\noutput = [4.0, 6.0]\nmessage = \"Not a mistake at all.\"\n",
                1,
            )
        },
        "perfect",
    );
    verify(&dir)
        .run()
        .code(1)
        .stdout_contains("case `two pairs`: known mistake 1 gives the expected output");
}

#[test]
fn coverage_lists_the_cases_that_catch_each_wrong_solution() {
    let dir = bank_with(|text| text, "perfect");
    verify(&dir)
        .arg("--coverage")
        .run()
        .success()
        .stdout_contains("abs_b  caught by `negatives`");
}

#[test]
fn the_json_document_names_each_finding_with_its_case_and_the_coverage() {
    let dir = bank_with(|text| text, "partial");
    let out = verify(&dir).args(["--format", "json"]).run();
    out.code(1).stdout_lacks("✗");
    let report = json_report(&out.stdout);
    assert!(!report.ok);
    let [problem] = report.problems.as_slice() else {
        panic!("one problem: {:?}", report.problems)
    };
    assert_eq!(problem.id, "add-vectors");
    let fails: Vec<_> = problem
        .findings
        .iter()
        .filter(|f| f.kind == "reference_fails")
        .collect();
    assert!(
        fails.iter().any(|f| f.case.as_deref() == Some("negatives")
            && f.message.contains("the reference fails case `negatives`")),
        "{:?}",
        problem.findings
    );
    let abs_b = problem
        .wrong_solutions
        .iter()
        .find(|w| w.name == "abs_b")
        .expect("abs_b is covered");
    assert_eq!(abs_b.caught_by_visible, ["negatives"]);
}

#[test]
fn a_missing_solutions_directory_is_a_usage_error() {
    Test::new()
        .current_dir(std::env::temp_dir())
        .args(["verify", "--solutions", "no-such-dir"])
        .run()
        .code(2)
        .stderr_contains("no reference solutions at no-such-dir");
}
