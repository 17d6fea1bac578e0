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
        .stderr_contains("no such file: no/such/file.rs");
}

#[test]
fn problem_files_are_bounded_in_size_and_nesting() {
    let bank = bank_with_broken_file("");
    fs::remove_file(bank.path().join("broken.toml")).expect("no broken file");
    let huge = fs::File::create(bank.path().join("huge.toml")).expect("huge.toml");
    huge.set_len(52_000_000).expect("a sparse 52 MB file");
    let listed = Test::new()
        .arg("--problems")
        .arg(bank.path())
        .arg("list")
        .run();
    listed
        .code(2)
        .stderr_contains("huge.toml:1:1: the file is 52.0 MB; a problem file is at most 4 MiB");
    assert!(
        listed.elapsed < std::time::Duration::from_secs(5),
        "{:?}",
        listed.elapsed
    );

    let deep = bank_with_broken_file(&format!(
        "id = \"broken\"\nx = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    ));
    Test::new()
        .arg("--problems")
        .arg(deep.path())
        .arg("list")
        .run()
        .code(2)
        .stderr_contains("broken.toml:2:")
        .stderr_contains("nest more than 64 levels")
        .stderr_lacks("overflow");
}

#[test]
fn a_title_that_would_clear_the_screen_is_refused() {
    let bank = bank_with_broken_file("");
    fs::remove_file(bank.path().join("broken.toml")).expect("no broken file");
    let text = fs::read_to_string(bank.path().join("bce-loss.toml")).expect("bce-loss");
    let forged = text.replacen(
        "title = \"Binary Cross-Entropy Loss\"",
        "title = \"Binary\\u001b[2J\"",
        1,
    );
    assert_ne!(forged, text, "the test's set-up changed the title");
    fs::write(bank.path().join("bce-loss.toml"), forged).expect("a forged title");
    Test::new()
        .arg("--problems")
        .arg(bank.path())
        .arg("list")
        .run()
        .code(2)
        .stderr_contains("title holds the control character \\u{1b}")
        .stderr_lacks("\u{1b}[2J");
}

#[test]
fn every_subcommand_has_examples_and_shells_get_completions() {
    for command in [
        "list",
        "show",
        "next",
        "init",
        "run",
        "watch",
        "reset",
        "solution",
        "verify",
        "grade",
        "merge",
        "hint",
        "completions",
    ] {
        Test::new()
            .args([command, "--help"])
            .run()
            .success()
            .stdout_contains("Examples:\n  pixelbank ");
    }
    for shell in ["bash", "zsh", "fish"] {
        Test::new()
            .args(["completions", shell])
            .run()
            .success()
            .stdout_contains("pixelbank")
            .stdout_contains("watch");
    }
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
