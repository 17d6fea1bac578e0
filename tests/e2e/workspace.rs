//! A learner's practice workspace: `init` creates it and never overwrites a file, it compiles as
//! created, commands find it from any directory inside it, and it keeps the learner's progress
//! (solved problems, hints seen), surviving a corrupt progress file.

use std::fs;
use std::path::Path;

use pixelbank_spec::Bank;
use tempfile::TempDir;

use crate::support::{Practice, Test, reference};

/// Every file below `root`, with its bytes.
fn snapshot_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("a readable directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let name = path
                    .strip_prefix(root)
                    .expect("below root")
                    .display()
                    .to_string();
                files.push((name, fs::read(&path).expect("a readable file")));
            }
        }
    }
    files.sort();
    files
}

/// The `list` table's row for `id`.
fn row<'a>(table: &'a str, id: &str) -> &'a str {
    table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .unwrap_or_else(|| panic!("no row for {id}:\n{table}"))
}

#[test]
fn init_creates_a_cargo_package_with_a_stub_per_problem() {
    let dir = TempDir::new().expect("a temporary directory");
    let root = dir.path().join("practice");
    Test::new()
        .arg("init")
        .arg(&root)
        .run()
        .success()
        .stdout_contains("created")
        .stdout_lacks("skipped");
    for file in ["Cargo.toml", "pixelbank.toml", "src/lib.rs"] {
        assert!(root.join(file).is_file(), "{file} was not created");
    }
    let lib = fs::read_to_string(root.join("src/lib.rs")).expect("src/lib.rs");
    let bank = Bank::official().expect("the official bank loads");
    for problem in bank.problems() {
        let module = problem.module_name();
        let stub = fs::read_to_string(root.join(format!("src/{module}.rs")))
            .unwrap_or_else(|e| panic!("no stub for {}: {e}", problem.id));
        assert!(stub.contains("todo!()"), "{module}.rs:\n{stub}");
        assert!(
            stub.contains(&format!("pub fn {}", problem.signature.function)),
            "{module}.rs does not declare the problem's function:\n{stub}"
        );
        assert!(lib.contains(&format!("pub mod {module};")), "{lib}");
    }
}

#[test]
fn init_again_creates_nothing_and_keeps_the_learners_edits() {
    let dir = TempDir::new().expect("a temporary directory");
    let root = dir.path().join("practice");
    Test::new().arg("init").arg(&root).run().success();
    let mine = "// my own attempt, half written\npub fn bce_loss(\n";
    fs::write(root.join("src/bce_loss.rs"), mine).expect("an edit");
    let before = snapshot_files(&root);

    let again = Test::new().arg("init").arg(&root).run();
    again.success().stdout_lacks("created");
    let skipped = again
        .stdout
        .lines()
        .filter(|l| l.starts_with("skipped"))
        .count();
    assert_eq!(skipped, before.len(), "{}", again.stdout);
    assert_eq!(snapshot_files(&root), before, "init changed a file");
    assert_eq!(
        fs::read_to_string(root.join("src/bce_loss.rs")).expect("src/bce_loss.rs"),
        mine
    );
}

/// `cargo <command>` in a learner's workspace: `--locked`, since the Cargo.lock init wrote must
/// need no change, and `--offline`, since the runtime's build fetched every crate it names.
fn cargo_in(root: &Path, command: &str) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    std::process::Command::new(cargo)
        .args([command, "--offline", "--locked", "--quiet"])
        .current_dir(root)
        // Shared between test runs, so ndarray is checked once.
        .env(
            "CARGO_TARGET_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/practice-target"),
        )
        .output()
        .expect("cargo starts")
}

#[test]
fn a_fresh_workspace_compiles_with_cargo() {
    let dir = TempDir::new().expect("a temporary directory");
    let root = dir.path().join("practice");
    Test::new().arg("init").arg(&root).run().success();
    let output = cargo_in(&root, "check");
    assert!(
        output.status.success(),
        "cargo check failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn run_finds_the_workspace_from_a_subdirectory_and_reports_the_stub_as_not_implemented() {
    let practice = Practice::init();
    practice
        .test()
        .current_dir(practice.path("src"))
        .args(["run", "bce-loss"])
        .run()
        .code(1)
        .stdout_contains(&practice.path("src/bce_loss.rs").display().to_string())
        .stdout_contains("not started: every case reaches `todo!()`")
        .stdout_contains(&format!(
            "0 of {} cases passed",
            crate::support::size("bce-loss").0
        ));
}

#[test]
fn run_all_in_a_fresh_workspace_fails() {
    let practice = Practice::with_bank(&["bce-loss", "higher-order-functions"]);
    practice
        .test()
        .args(["run", "--all"])
        .run()
        .code(1)
        .stdout_contains("bce-loss")
        .stdout_contains("higher-order-functions")
        .stdout_contains("0 of 2 problems solved");
}

#[test]
fn a_solved_problem_is_listed_as_solved() {
    let practice = Practice::init();
    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    practice
        .test()
        .args(["run", "bce-loss"])
        .run()
        .success()
        .stdout_contains(&format!(
            "solved · {0}/{0} points",
            crate::support::size("bce-loss").1
        ));

    let list = practice.test().arg("list").run();
    list.success();
    assert!(
        row(&list.stdout, "bce-loss").contains("solved"),
        "{}",
        list.stdout
    );
    assert!(
        row(&list.stdout, "reshape").contains("not started"),
        "{}",
        list.stdout
    );
    let json = practice.test().args(["list", "--format", "json"]).run();
    let doc: serde_json::Value = serde_json::from_str(&json.success().stdout).expect("JSON");
    let bce = doc["problems"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == "bce-loss"))
        .expect("bce-loss");
    assert_eq!(bce["status"], "solved", "{bce}");
}

#[test]
fn hints_come_one_at_a_time_and_are_counted() {
    let practice = Practice::init();
    let hint = || practice.test().args(["hint", "bce-loss"]);
    hint()
        .run()
        .success()
        .stdout_contains("Hint 1 of 3: Walk over the two slices together with `zip`")
        .stdout_lacks("Hint 2 of 3");
    hint()
        .run()
        .success()
        .stdout_contains("Hint 2 of 3: Clip first")
        .stdout_lacks("Hint 1 of 3")
        .stdout_lacks("Hint 3 of 3");
    let list = practice.test().arg("list").run();
    assert!(
        row(&list.stdout, "bce-loss").ends_with("2/3"),
        "{}",
        list.stdout
    );
    assert!(
        row(&list.stdout, "reshape").ends_with("0/3"),
        "{}",
        list.stdout
    );

    hint()
        .arg("--all")
        .run()
        .success()
        .stdout_contains("Hint 1 of 3")
        .stdout_contains("Hint 2 of 3")
        .stdout_contains("Hint 3 of 3: Check `y_true.is_empty()`");
    let list = practice.test().arg("list").run();
    assert!(
        row(&list.stdout, "bce-loss").ends_with("3/3"),
        "{}",
        list.stdout
    );
}

#[test]
fn a_corrupt_progress_file_is_set_aside_with_a_warning() {
    let practice = Practice::init();
    let state = practice.path(".pixelbank/state.json");
    fs::create_dir_all(practice.path(".pixelbank")).expect(".pixelbank/");
    let garbage = "{ \"version\": 1, \"problems\": { oops";
    fs::write(&state, garbage).expect("a corrupt state");

    practice
        .test()
        .arg("list")
        .run()
        .success()
        .stderr_contains("warning:")
        .stderr_contains("state.json could not be read")
        .stdout_contains("bce-loss");

    let aside: Vec<_> = fs::read_dir(practice.path(".pixelbank"))
        .expect(".pixelbank/")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "one file set aside");
    assert_eq!(
        fs::read_to_string(aside[0].path()).expect("the set-aside file"),
        garbage
    );
    // Progress starts afresh and is kept again.
    practice.test().args(["hint", "bce-loss"]).run().success();
    let list = practice.test().arg("list").run();
    list.success().stderr_lacks("warning:");
    assert!(
        row(&list.stdout, "bce-loss").ends_with("1/3"),
        "{}",
        list.stdout
    );
}

#[test]
fn run_outside_a_workspace_without_a_file_says_to_init_one() {
    let elsewhere = TempDir::new().expect("a temporary directory");
    Test::new()
        .current_dir(elsewhere.path())
        .args(["run", "bce-loss"])
        .run()
        .code(2)
        .stderr_contains("not inside a pixelbank workspace")
        .stderr_contains("pixelbank init");
}

#[test]
fn a_workspace_made_for_another_bank_keeps_using_it() {
    let practice = Practice::with_bank(&["bce-loss"]);
    practice
        .test()
        .args(["list", "--format", "json"])
        .run()
        .success()
        .stdout_contains("bce-loss")
        .stdout_lacks("batch-norm-forward");
}

#[test]
fn cargo_test_and_cargo_check_pass_in_a_fresh_workspace_with_the_runtimes_versions() {
    let dir = TempDir::new().expect("a temporary directory");
    let root = dir.path().join("practice");
    Test::new().arg("init").arg(&root).run().success();
    for command in ["check", "test"] {
        let output = cargo_in(&root, command);
        assert!(
            output.status.success(),
            "cargo {command} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Every package of the workspace's lock is the runtime's, at the same version.
    let packages = |text: &str| -> Vec<(String, String)> {
        let doc: toml::Table = text.parse().expect("a lock file");
        doc["package"]
            .as_array()
            .expect("packages")
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or_default().to_string(),
                    p["version"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let runtime = packages(pixelbank_judge::RUNTIME_LOCK);
    let workspace = packages(&fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock"));
    assert!(
        workspace.iter().any(|(n, _)| n == "ndarray"),
        "{workspace:?}"
    );
    for package in workspace.iter().filter(|(n, _)| n != "pixelbank-practice") {
        assert!(
            runtime.contains(package),
            "{package:?} is not the runtime's"
        );
    }
}

#[test]
fn init_refuses_a_directory_holding_another_cargo_project_and_quotes_its_paths() {
    let dir = TempDir::new().expect("a temporary directory");
    let other = dir.path().join("my crate");
    fs::create_dir_all(other.join("src")).expect("a project");
    let manifest = "[package]\nname = \"mine\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
    fs::write(other.join("Cargo.toml"), manifest).expect("its manifest");
    fs::write(other.join("src/lib.rs"), "pub fn mine() {}\n").expect("its code");
    let before = snapshot_files(&other);
    Test::new()
        .arg("init")
        .arg(&other)
        .run()
        .code(2)
        .stderr_contains("holds a Cargo project already (package `mine`)")
        .stdout_lacks("created");
    assert_eq!(snapshot_files(&other), before, "init changed the project");

    let spaced = dir.path().join("my practice");
    Test::new()
        .arg("init")
        .arg(&spaced)
        .run()
        .success()
        .stdout_contains(&format!("cd '{}'", spaced.display()));
}

#[test]
fn a_state_that_cannot_be_written_still_prints_the_report_with_a_warning() {
    let practice = Practice::with_bank(&["bce-loss"]);
    // A file where the state's directory should be: nothing can be written below it, even as root.
    fs::write(practice.path(".pixelbank"), "not a directory").expect("a file in the way");
    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    practice
        .test()
        .args(["run", "bce-loss"])
        .run()
        .success()
        .stdout_contains("solved ·")
        .stderr_contains("warning: your progress could not be saved");
    practice
        .test()
        .args(["hint", "bce-loss"])
        .run()
        .success()
        .stdout_contains("Hint 1 of 3")
        .stderr_contains("warning:");
    practice
        .test()
        .arg("list")
        .run()
        .success()
        .stdout_contains("bce-loss")
        .stderr_contains("warning:");
}

#[test]
fn a_directory_in_place_of_the_state_is_set_aside() {
    let practice = Practice::with_bank(&["bce-loss"]);
    fs::create_dir_all(practice.path(".pixelbank/state.json/inside")).expect("a directory");
    practice
        .test()
        .args(["hint", "bce-loss"])
        .run()
        .success()
        .stdout_contains("Hint 1 of 3")
        .stderr_contains("state.json is not a file; it was moved to");
    let aside = fs::read_dir(practice.path(".pixelbank"))
        .expect(".pixelbank/")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.broken-")
        })
        .count();
    assert_eq!(aside, 1);
    for args in [&["list"][..], &["run", "bce-loss"], &["hint", "bce-loss"]] {
        practice.test().args(args).run().stderr_lacks("warning:");
    }
    let list = practice.test().arg("list").run();
    assert!(
        row(&list.stdout, "bce-loss").ends_with("2/3"),
        "{}",
        list.stdout
    );
}

#[test]
fn a_failure_to_build_the_runtime_is_an_internal_error_and_no_attempt() {
    let practice = Practice::with_bank(&["bce-loss"]);
    let cache = TempDir::new().expect("an empty judge cache");
    let cargo_home = TempDir::new().expect("an empty cargo home");
    fs::copy(reference("bce_loss"), practice.path("src/bce_loss.rs")).expect("a solution");
    // No registry and no network: ndarray cannot be fetched.
    let offline = |test: Test| {
        test.env("PIXELBANK_CACHE_DIR", cache.path())
            .env("CARGO_HOME", cargo_home.path())
            .env("CARGO_NET_OFFLINE", "true")
    };
    offline(practice.test().args(["run", "bce-loss"]))
        .run()
        .code(2)
        .stderr_contains("building the runtime")
        .stdout_lacks("compile error")
        .stdout_lacks("fix the first error");
    let list = practice.test().arg("list").run();
    assert!(
        row(&list.stdout, "bce-loss").contains("not started"),
        "{}",
        list.stdout
    );
    // init still creates the workspace, and says the first run will try again.
    let elsewhere = TempDir::new().expect("a temporary directory");
    offline(Test::new().arg("init").arg(elsewhere.path().join("w")))
        .run()
        .success()
        .stderr_contains("the runtime could not be built now");
}
