//! `pixelbank verify`: the author's check of a whole bank through the real judge.

use std::fs;

use tempfile::TempDir;

use crate::support::{Test, repo_root};

#[test]
fn the_official_bank_verifies_every_reference_stub_and_known_mistake() {
    Test::new()
        .current_dir(repo_root())
        .args(["verify"])
        .run()
        .success()
        .stdout_contains("✓ bce-loss")
        .stdout_contains("✓ batch-norm-forward")
        .stdout_contains("problems verified")
        .stdout_lacks("✗");
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
fn a_missing_solutions_directory_is_a_usage_error() {
    Test::new()
        .current_dir(std::env::temp_dir())
        .args(["verify", "--solutions", "no-such-dir"])
        .run()
        .code(2)
        .stderr_contains("no reference solutions at no-such-dir");
}
