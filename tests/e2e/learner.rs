//! The learner's loop around the judge: `watch` judging again on every save, the guided path
//! (`next`, the current problem, `list`'s "N of M solved"), `reset` keeping a backup, `hint
//! --seen`, `solution` refused until solved, live progress (a spinner on a terminal only), and
//! output into a closed pipe ending quietly on every command.

use std::fs;
use std::time::Duration;

use crate::support::{Practice, Test, reference, size};

#[test]
fn watch_judges_again_after_the_file_changes_and_quits_on_q() {
    let practice = Practice::with_bank(&["bce-loss", "z-score"]);
    let mut watch = practice
        .test()
        .args(["watch", "bce-loss"])
        .stdin_piped()
        .start();
    watch.wait_for_stdout(
        "not started: every case reaches `todo!()`",
        1,
        Duration::from_secs(120),
    );
    watch.wait_for_stdout("q quit", 1, Duration::from_secs(10));

    // A save by rename, as vim and many editors do: a new file moved over the old one.
    let file = practice.path("src/bce_loss.rs");
    let tmp = practice.path("src/.bce_loss.rs.swp");
    fs::copy(reference("bce_loss"), &tmp).expect("a solution");
    fs::rename(&tmp, &file).expect("a save by rename");
    let points = size("bce-loss").1;
    watch.wait_for_stdout(
        &format!("solved · {points}/{points} points"),
        1,
        Duration::from_secs(120),
    );

    // A compile error and a deleted file are reports too; watching goes on.
    fs::write(&file, "pub fn bce_loss(\n").expect("a broken edit");
    watch.wait_for_stdout("does not compile", 1, Duration::from_secs(60));
    fs::remove_file(&file).expect("deleted");
    watch.wait_for_stdout("no such file", 1, Duration::from_secs(60));

    // h reveals the next hint; r judges again.
    watch.write_stdin("h\n");
    watch.wait_for_stdout("Hint 1 of 3:", 1, Duration::from_secs(10));
    watch.write_stdin("r\n");
    watch.wait_for_stdout("no such file", 2, Duration::from_secs(60));
    watch.write_stdin("q\n");
    let done = watch.finish();
    done.success().stderr_lacks("panicked");
    // The judging was recorded as the learner's progress.
    let list = practice.test().arg("list").run();
    list.success().stdout_contains("1 of 2 solved");
}

#[test]
fn watch_follows_whichever_problem_file_changed() {
    let practice = Practice::with_bank(&["bce-loss", "z-score"]);
    let mut watch = practice
        .test()
        .args(["watch", "bce-loss"])
        .stdin_piped()
        .start();
    watch.wait_for_stdout("q quit", 1, Duration::from_secs(120));
    fs::copy(reference("z_score"), practice.path("src/z_score.rs")).expect("a solution");
    watch.wait_for_stdout("z-score · Z-Score", 1, Duration::from_secs(120));
    watch.wait_for_stdout("watching src/z_score.rs", 1, Duration::from_secs(60));
    watch.write_stdin("q\n");
    watch.finish().success();
}

#[test]
fn next_shows_the_first_unsolved_problem_and_run_without_an_id_judges_it() {
    // Without an `_order.toml`, collections come alphabetically: Losses & Metrics (bce-loss),
    // NumPy Foundations (reshape), Statistics (z-score).
    let practice = Practice::with_bank(&["z-score", "reshape", "bce-loss"]);
    practice
        .test()
        .arg("next")
        .run()
        .success()
        .stdout_contains("Next: bce-loss · problem 1 of 3 in study order · 0 of 3 solved")
        .stdout_contains("Binary Cross-Entropy Loss")
        .stdout_contains(&practice.path("src/bce_loss.rs").display().to_string());

    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    practice
        .test()
        .arg("run")
        .run()
        .success()
        .stdout_contains("bce-loss · Binary Cross-Entropy Loss");
    practice
        .test()
        .arg("next")
        .run()
        .success()
        .stdout_contains("Next: reshape · problem 2 of 3 in study order · 1 of 3 solved");
    // The current problem has moved on: `run` and `hint` without an id work on reshape.
    practice
        .test()
        .arg("run")
        .run()
        .code(1)
        .stdout_contains("reshape · ");
    practice
        .test()
        .arg("hint")
        .run()
        .success()
        .stdout_contains("pixelbank hint reshape");
    let list = practice.test().arg("list").run();
    list.success();
    let ids: Vec<&str> = list
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .take(3)
        .collect();
    assert_eq!(ids, ["bce-loss", "reshape", "z-score"], "{}", list.stdout);
    assert!(
        list.stdout.trim_end().ends_with("1 of 3 solved"),
        "{}",
        list.stdout
    );
}

#[test]
fn the_official_bank_is_listed_in_its_study_order() {
    let list = Test::new().arg("list").run();
    list.success();
    let ids: Vec<&str> = list
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // NumPy Foundations first, easy before medium; the LLM collections last.
    assert_eq!(ids.first(), Some(&"array-properties"), "{}", list.stdout);
    let at = |id: &str| ids.iter().position(|i| *i == id).expect(id);
    assert!(at("reshape") < at("higher-order-functions"));
    assert!(at("higher-order-functions") < at("bce-loss"));
    assert!(at("bce-loss") < at("scaled-dot-product-attention"));
    assert!(at("causal-mask") < at("perplexity"));
}

#[test]
fn reset_keeps_the_learners_code_in_a_backup_then_restores_the_stub() {
    let practice = Practice::with_bank(&["bce-loss"]);
    let file = practice.path("src/bce_loss.rs");
    let stub = fs::read_to_string(&file).expect("the stub");
    let mine =
        "// my first attempt\npub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> f64 { 0.0 }\n";
    fs::write(&file, mine).expect("an attempt");

    let backup = practice.path(".pixelbank/backups/bce_loss-1.rs");
    practice
        .test()
        .args(["reset", "bce-loss"])
        .run()
        .success()
        .stdout_contains(&format!("kept your code in {}", backup.display()))
        .stdout_contains("it is the stub again");
    assert_eq!(fs::read_to_string(&backup).expect("the backup"), mine);
    assert_eq!(fs::read_to_string(&file).expect("the file"), stub);

    practice
        .test()
        .args(["reset", "bce-loss"])
        .run()
        .success()
        .stdout_contains("is the stub as shipped already");

    // A second reset never overwrites the first backup.
    fs::write(&file, "// a second attempt\n").expect("another attempt");
    practice.test().args(["reset", "bce-loss"]).run().success();
    assert_eq!(fs::read_to_string(&backup).expect("the first backup"), mine);
    assert_eq!(
        fs::read_to_string(practice.path(".pixelbank/backups/bce_loss-2.rs"))
            .expect("the second backup"),
        "// a second attempt\n"
    );
    // A deleted file comes back without a backup of nothing.
    fs::remove_file(&file).expect("deleted");
    practice
        .test()
        .args(["reset", "bce-loss"])
        .run()
        .success()
        .stdout_lacks("kept");
    assert_eq!(fs::read_to_string(&file).expect("the file"), stub);
}

#[test]
fn hint_seen_shows_the_revealed_hints_again_without_revealing_another() {
    let practice = Practice::with_bank(&["bce-loss"]);
    let seen = || practice.test().args(["hint", "bce-loss", "--seen"]).run();
    seen()
        .success()
        .stdout_contains("No hint of bce-loss seen yet")
        .stdout_lacks("Hint 1");
    practice.test().args(["hint", "bce-loss"]).run().success();
    practice.test().args(["hint", "bce-loss"]).run().success();
    for _ in 0..2 {
        seen()
            .success()
            .stdout_contains("Hint 1 of 3: Walk over the two slices")
            .stdout_contains("Hint 2 of 3: Clip first")
            .stdout_lacks("Hint 3 of 3");
    }
    let list = practice.test().arg("list").run();
    assert!(list.stdout.contains("2/3"), "{}", list.stdout);
}

#[test]
fn solution_is_refused_before_the_problem_is_solved_and_shown_after() {
    let practice = Practice::with_bank(&["bce-loss", "z-score"]);
    let text = fs::read_to_string(reference("bce_loss")).expect("the reference");
    practice
        .test()
        .args(["solution", "bce-loss"])
        .run()
        .code(1)
        .stderr_contains("you have not solved bce-loss yet")
        .stderr_contains("--force")
        .stdout_lacks("pub fn bce_loss");

    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    practice.test().args(["run", "bce-loss"]).run().success();
    practice
        .test()
        .args(["solution", "bce-loss"])
        .run()
        .success()
        .stdout_contains("The reference solution of bce-loss")
        .stdout_contains(&text);
    // --force shows one before it is solved; the official bank's are built in.
    Test::new()
        .args(["solution", "z-score", "--force"])
        .run()
        .success()
        .stdout_contains(&fs::read_to_string(reference("z_score")).expect("the reference"));
}

#[test]
fn every_command_into_a_closed_pipe_ends_quietly_with_141() {
    let practice = Practice::with_bank(&["bce-loss", "z-score"]);
    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    let commands: &[&[&str]] = &[
        &["--help"],
        &["run", "--help"],
        &["list"],
        &["list", "--format", "json"],
        &["show", "bce-loss"],
        &["next"],
        &["hint", "z-score"],
        &["hint", "z-score", "--seen"],
        &["run", "bce-loss"],
        &["run", "z-score"],
        &["run", "--all"],
        &["solution", "z-score", "--force"],
        &["completions", "bash"],
        &["reset", "z-score"],
        &["grade", "--problem", "bce-loss"],
        &["watch", "bce-loss"],
    ];
    for args in commands {
        let done = practice
            .test()
            .args(*args)
            .stdout_closed()
            .timeout(Duration::from_secs(120))
            .run();
        done.code(141)
            .stderr_lacks("panicked")
            .stderr_lacks("error:");
    }
}

#[test]
fn progress_is_plain_on_a_pipe_and_a_spinner_on_a_terminal() {
    let practice = Practice::with_bank(&["bce-loss"]);
    let file = practice.path("src/bce_loss.rs");
    // A file never built before, so that it is compiled.
    let edited = |n: usize| {
        let text = fs::read_to_string(reference("bce_loss")).expect("the reference");
        fs::write(
            &file,
            format!("{text}\n// edit {n} {:?}\n", std::time::SystemTime::now()),
        )
        .expect("an edit");
    };
    edited(1);
    let piped = practice.test().args(["run", "bce-loss"]).run();
    piped
        .success()
        .stderr_lacks("compiling")
        .stderr_lacks("\u{1b}[");

    // `script` gives pixelbank a terminal (a pseudo-terminal) and records what it drew.
    let script = std::path::Path::new("/usr/bin/script");
    assert!(script.is_file(), "this test needs util-linux's `script`");
    edited(2);
    let binary = env!("CARGO_BIN_EXE_pixelbank");
    let out = std::process::Command::new(script)
        .args([
            "-qec",
            &format!("{binary} --color never run bce-loss"),
            "/dev/null",
        ])
        .current_dir(practice.path(""))
        .env("PIXELBANK_CACHE_DIR", crate::support::JUDGE_CACHE)
        .env("TERM", "xterm")
        .output()
        .expect("script runs");
    let drawn = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{drawn}");
    assert!(drawn.contains("compiling src/bce_loss.rs"), "{drawn}");
    assert!(drawn.contains("solved ·"), "{drawn}");
}
