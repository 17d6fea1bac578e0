//! Exit codes a script can rely on: 0 every case passed, 1 a case failed or the file did not
//! compile (both in `run.rs`), 2 for what the user must fix before anything is judged: an unknown
//! id, a bad command line, a bank directory that does not load.

use std::fs;

use tempfile::TempDir;

use crate::support::{Test, problem_file, reference};

/// A bank directory holding a copy of bce-loss and `broken.toml` with `text`.
fn bank_with_broken_file(text: &str) -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    fs::copy(problem_file("bce-loss"), dir.path().join("bce-loss.toml")).expect("a copy");
    fs::write(dir.path().join("broken.toml"), text).expect("broken.toml");
    dir
}

#[test]
fn an_unknown_id_is_a_usage_error() {
    Test::new()
        .args(["run", "no-such-problem", "--solution"])
        .arg(reference("bce_loss"))
        .run()
        .code(2)
        .stderr_contains("no problem with id `no-such-problem`");
    Test::new()
        .args(["hint", "bce-los"])
        .run()
        .code(2)
        .stderr_contains("`bce-loss`");
}

#[test]
fn a_missing_solution_file_is_a_usage_error() {
    Test::new()
        .args(["run", "bce-loss", "--solution", "no/such/file.rs"])
        .run()
        .code(2)
        .stderr_contains("no/such/file.rs");
}

#[test]
fn a_bad_command_line_is_a_usage_error() {
    Test::new().arg("run").run().code(2);
    Test::new()
        .args(["list", "--difficulty", "impossible"])
        .run()
        .code(2);
}

#[test]
fn an_invalid_value_in_a_problem_file_is_reported_at_its_file_and_line() {
    let bank =
        bank_with_broken_file("id = \"broken\"\ntitle = \"Broken\"\ndifficulty = \"impossible\"\n");
    Test::new()
        .arg("--problems")
        .arg(bank.path())
        .arg("list")
        .run()
        .code(2)
        .stderr_contains("broken.toml:3:")
        .stderr_contains("impossible")
        .stdout_lacks("bce-loss");
}

#[test]
fn a_toml_syntax_error_is_reported_at_its_file_and_line() {
    let bank = bank_with_broken_file("id = \"broken\"\ntitle = \"Broken\n");
    Test::new()
        .arg("--problems")
        .arg(bank.path())
        .args(["show", "broken"])
        .run()
        .code(2)
        .stderr_contains("broken.toml:2:");
    // Commands that need the whole bank report the broken file whatever they were asked for.
    Test::new()
        .arg("--problems")
        .arg(bank.path())
        .args(["grade", "--problem", "bce-loss"])
        .run()
        .code(2)
        .stderr_contains("broken.toml:2:");
}

#[test]
fn a_problems_directory_that_does_not_exist_is_named() {
    let dir = TempDir::new().expect("a temporary directory");
    let missing = dir.path().join("no-bank-here");
    Test::new()
        .arg("--problems")
        .arg(&missing)
        .arg("list")
        .run()
        .code(2)
        .stderr_contains(&missing.display().to_string());
}
