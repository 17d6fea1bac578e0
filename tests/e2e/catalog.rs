//! The catalogue a learner browses before writing any code: `list` (a table or JSON, filtered) and
//! `show` (statement, signature, visible examples, and never a hidden case).

use std::fs;

use pixelbank_spec::Bank;
use tempfile::TempDir;

use crate::support::{Test, problem_file};

/// Problems that every version of the official bank has.
const SEED_IDS: [&str; 4] = [
    "array-properties",
    "bce-loss",
    "higher-order-functions",
    "reshape",
];

/// The ids in the first column of a `list` table, between its header and its blank line.
fn table_ids(table: &str) -> Vec<&str> {
    table
        .lines()
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn list_shows_every_problem_of_the_bank() {
    let run = Test::new().arg("list").run();
    run.success()
        .stdout_contains("ID")
        .stdout_contains("DIFFICULTY");
    let ids = table_ids(&run.stdout);
    for id in SEED_IDS {
        assert!(ids.contains(&id), "{id} is missing from:\n{}", run.stdout);
    }
    let bank = Bank::official().expect("the official bank loads");
    assert_eq!(ids.len(), bank.problems().len(), "{}", run.stdout);
    run.stdout_contains(&format!("{} problems", bank.problems().len()));
}

#[test]
fn list_as_json_is_parseable_and_holds_the_ids() {
    let run = Test::new().args(["list", "--format", "json"]).run();
    run.success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("list --format json");
    let problems = doc["problems"].as_array().expect("a `problems` array");
    let ids: Vec<&str> = problems.iter().filter_map(|p| p["id"].as_str()).collect();
    for id in SEED_IDS {
        assert!(ids.contains(&id), "{id} is missing from {ids:?}");
    }
    let bce = problems
        .iter()
        .find(|p| p["id"] == "bce-loss")
        .expect("bce-loss");
    assert_eq!(bce["difficulty"], "easy");
    assert_eq!(bce["collection"], "Losses & Metrics");
    assert_eq!(bce["hints"], 3);
    // Progress belongs to a workspace; outside one there is none to report.
    assert!(bce.get("status").is_none(), "{bce}");
}

#[test]
fn list_filters_by_difficulty() {
    let run = Test::new().args(["list", "--difficulty", "hard"]).run();
    run.success();
    let ids = table_ids(&run.stdout);
    assert!(!ids.is_empty(), "no hard problem listed:\n{}", run.stdout);
    let bank = Bank::official().expect("the official bank loads");
    for id in &ids {
        let problem = bank.get(id).expect("a listed id exists");
        assert_eq!(
            problem.difficulty.as_str(),
            "hard",
            "{id} is listed as hard"
        );
    }
    assert!(
        !ids.contains(&"bce-loss"),
        "bce-loss is easy:\n{}",
        run.stdout
    );
}

#[test]
fn list_filters_by_a_part_of_the_collection_name_in_any_case() {
    let run = Test::new().args(["list", "--collection", "losses"]).run();
    run.success();
    let ids = table_ids(&run.stdout);
    assert!(ids.contains(&"bce-loss"), "{}", run.stdout);
    assert!(!ids.contains(&"higher-order-functions"), "{}", run.stdout);
    let bank = Bank::official().expect("the official bank loads");
    for id in &ids {
        let problem = bank.get(id).expect("a listed id exists");
        assert!(
            problem.collection.to_lowercase().contains("losses"),
            "{id} is in {:?}",
            problem.collection
        );
    }
}

#[test]
fn show_prints_the_statement_the_signature_and_the_visible_examples() {
    Test::new()
        .args(["show", "bce-loss"])
        .run()
        .success()
        .stdout_contains("Binary Cross-Entropy Loss")
        .stdout_contains("The result is the mean over samples, not the sum.")
        .stdout_contains("pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String>")
        .stdout_contains("coin flip")
        .stdout_contains(&{
            let p = crate::support::official("bce-loss");
            let visible = p.visible_cases().count();
            format!("({visible} visible, {} hidden)", p.cases.len() - visible)
        })
        .stdout_contains("pixelbank hint bce-loss");
}

#[test]
fn show_never_names_a_hidden_case_of_any_problem() {
    let bank = Bank::official().expect("the official bank loads");
    for problem in bank.problems() {
        let run = Test::new().args(["show", &problem.id]).run();
        run.success();
        // A statement may well say "an empty batch" in passing; the case list must not.
        let examples = run
            .stdout
            .split_once("Examples (")
            .map(|(_, examples)| examples)
            .unwrap_or_else(|| panic!("`show {}` has no examples:\n{}", problem.id, run.stdout));
        // Each example opens with its name on a line of its own.
        let names: Vec<&str> = examples
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .map(str::trim)
            .collect();
        for case in &problem.cases {
            assert_eq!(
                names.contains(&case.name.as_str()),
                !case.hidden,
                "`show {}` and the case {:?} (hidden: {}):\n{}",
                problem.id,
                case.name,
                case.hidden,
                run.stdout
            );
        }
    }
}

#[test]
fn show_with_a_misspelt_id_suggests_the_right_one() {
    Test::new()
        .args(["show", "bce-los"])
        .run()
        .code(2)
        .stderr_contains("no problem with id `bce-los`")
        .stderr_contains("`bce-loss`");
}

#[test]
fn pixelbank_problems_names_another_bank() {
    let bank = TempDir::new().expect("a temporary directory");
    fs::copy(problem_file("bce-loss"), bank.path().join("bce-loss.toml")).expect("a copy");
    let run = Test::new()
        .env("PIXELBANK_PROBLEMS", bank.path())
        .arg("list")
        .run();
    run.success();
    assert_eq!(table_ids(&run.stdout), ["bce-loss"], "{}", run.stdout);
}
