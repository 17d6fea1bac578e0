//! `pixelbank stress`, `pixelbank bench` and `run --bench`: generated inputs against the
//! reference, the first difference shrunk and shown like a failed case with the seed that replays
//! it, and the speed of a correct solution against the reference's. The fixture bank
//! `tests/fixtures/stress-bank` has one problem, `mean`, whose cases a wrong solution passes.

use std::fs;
use std::path::PathBuf;

use pixelbank_report::verify::{StressEntry, VerifyReport};
use tempfile::TempDir;

use crate::support::{Output, Test, assert_matches_schema, reference, repo_root};

/// `pixelbank stress ID --solution FILE` over the official bank.
fn stress(id: &str, file: PathBuf) -> Test {
    Test::new().args(["stress", id, "--solution"]).arg(file)
}

/// A wrong solution of the official bank: `wrong("bce_loss", "sum_not_mean")`.
fn wrong(module: &str, name: &str) -> PathBuf {
    let path = repo_root()
        .join("solutions/wrong")
        .join(module)
        .join(format!("{name}.rs"));
    assert!(path.is_file(), "no wrong solution at {}", path.display());
    path
}

/// The fixture bank's directory of problems.
fn fixture_bank() -> PathBuf {
    repo_root().join("tests/fixtures/stress-bank/problems")
}

/// A file of the fixture bank: `in_fixture_bank("submissions/quadratic.rs")`.
fn in_fixture_bank(relative: &str) -> PathBuf {
    let path = repo_root()
        .join("tests/fixtures/stress-bank")
        .join(relative);
    assert!(path.exists(), "no fixture at {}", path.display());
    path
}

/// `pixelbank --problems <fixture bank> COMMAND mean --solution FILE`.
fn on_fixture_bank(command: &str, file: PathBuf) -> Test {
    Test::new()
        .arg("--problems")
        .arg(fixture_bank())
        .args([command, "mean", "--solution"])
        .arg(file)
}

/// The sizes a counterexample was shrunk to, from its `sizes` line: `[("N", 1)]`.
#[track_caller]
fn shrunk_sizes(run: &Output) -> Vec<(String, usize)> {
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("sizes"))
        .unwrap_or_else(|| panic!("no sizes line in\n{}", run.stdout));
    let shrunk = line.split(" (").next().unwrap_or_default();
    shrunk
        .split(", ")
        .map(|pair| {
            let (name, n) = pair
                .trim()
                .split_once(" = ")
                .unwrap_or_else(|| panic!("a size is NAME = n: {pair:?}"));
            (name.to_string(), n.parse().expect("a size is a number"))
        })
        .collect()
}

/// The seed a run printed in its closing line (`... · seed 123`).
#[track_caller]
fn printed_seed(run: &Output) -> u64 {
    run.stdout
        .lines()
        .find_map(|l| l.rsplit_once(" · seed ").map(|(_, s)| s.trim().to_string()))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no seed in\n{}", run.stdout))
}

#[test]
fn a_wrong_solution_is_found_shrunk_and_its_mistake_named() {
    let run = stress("bce-loss", wrong("bce_loss", "sum_not_mean"))
        .args(["--seed", "5"])
        .run();
    run.code(1)
        .stdout_contains("bce-loss · Binary Cross-Entropy Loss · stress")
        .stdout_contains("wrong answer")
        .stdout_contains("inputs    y_true = ")
        .stdout_contains("expected  ")
        .stdout_contains("got       ")
        .stdout_contains("mistake   That is the sum over samples; the loss is the mean")
        .stdout_contains("replay    pixelbank stress bce-loss --seed 5 --solution ")
        .stdout_contains("your function and the reference differ on input");
    let sizes = shrunk_sizes(&run);
    assert!(
        sizes.iter().all(|(_, n)| *n <= 3),
        "shrunk to {sizes:?}\n{}",
        run.stdout
    );
    insta::with_settings!({ description => run.command(), omit_expression => true }, {
        insta::assert_snapshot!("stress_counterexample", run.normalized_stdout());
    });
}

#[test]
fn a_seed_replays_the_same_counterexample() {
    let first = stress("bce-loss", wrong("bce_loss", "no_clip")).run();
    first.code(1);
    let seed = printed_seed(&first);
    let again = stress("bce-loss", wrong("bce_loss", "no_clip"))
        .args(["--seed", &seed.to_string()])
        .run();
    again.code(1);
    assert_eq!(first.stdout, again.stdout, "seed {seed} replays the run");
    let other = stress("bce-loss", wrong("bce_loss", "no_clip"))
        .args(["--seed", &(seed + 1).to_string()])
        .run();
    other.code(1);
    assert_eq!(printed_seed(&other), seed + 1);
}

#[test]
fn the_reference_agrees_with_itself_and_its_source_is_never_shown() {
    for seed in ["1", "2"] {
        stress("bce-loss", reference("bce_loss"))
            .args(["--seed", seed, "--cases", "1000"])
            .run()
            .success()
            .stdout_contains("✓ 1000 generated inputs: the same results as the reference")
            .stdout_contains(&format!("no difference in 1000 inputs · seed {seed}"));
    }
    // Counterexamples show the reference's outputs, never its code.
    let source = fs::read_to_string(reference("bce_loss")).expect("the reference");
    let run = stress("bce-loss", wrong("bce_loss", "f32_intermediates")).run();
    run.code(1);
    for line in source.lines().map(str::trim).filter(|l| l.len() > 12) {
        run.stdout_lacks(line).stderr_lacks(line);
    }
}

#[test]
fn a_crash_is_shrunk_to_the_smallest_input_that_makes_it() {
    on_fixture_bank("stress", in_fixture_bank("submissions/panics_past_five.rs"))
        .args(["--seed", "3"])
        .run()
        .code(1)
        .stdout_contains("runtime error (panic)")
        .stdout_contains("error     panicked: more than five elements")
        .stdout_contains("inputs    x = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")
        .stdout_contains("sizes     N = 6 (drawn with N = ");
}

#[test]
fn a_wrong_solution_no_case_catches_is_named_by_its_own_comment() {
    let run = on_fixture_bank(
        "stress",
        in_fixture_bank("solutions/wrong/mean/median_not_mean.rs"),
    )
    .args(["--seed", "12"])
    .run();
    run.code(1)
        .stdout_contains(
            "mistake   Returns the median: on every case of the bank it equals the mean.",
        )
        .stdout_contains(" --problems ");
    assert!(
        shrunk_sizes(&run).iter().all(|(_, n)| *n <= 3),
        "{}",
        run.stdout
    );
}

#[test]
fn what_cannot_be_stress_tested_exits_2_and_a_compile_error_1() {
    let grade_bank = repo_root().join("tests/fixtures/grade-bank");
    let perfect = repo_root().join("tests/fixtures/grade-class/perfect/src/add_vectors.rs");
    for command in ["stress", "bench"] {
        Test::new()
            .arg("--problems")
            .arg(&grade_bank)
            .args([command, "add-vectors", "--solution"])
            .arg(&perfect)
            .run()
            .code(2)
            .stderr_contains("add-vectors");
    }
    Test::new()
        .arg("--problems")
        .arg(&grade_bank)
        .args(["stress", "add-vectors", "--solution"])
        .arg(&perfect)
        .run()
        .stderr_contains("has no input generator");
    on_fixture_bank("stress", in_fixture_bank("submissions/does_not_compile.rs"))
        .run()
        .code(1)
        .stdout_contains("compile error")
        .stdout_contains("nothing was stress-tested");
}

/// A copy of the fixture bank in a temporary directory, its problem file edited.
fn edited_bank(edit: impl Fn(String) -> String) -> TempDir {
    let dir = TempDir::new().expect("a temporary directory");
    let from = repo_root().join("tests/fixtures/stress-bank");
    for sub in ["problems", "solutions/src", "solutions/wrong/mean"] {
        fs::create_dir_all(dir.path().join(sub)).expect("a directory");
        for entry in fs::read_dir(from.join(sub)).expect("a fixture directory") {
            let path = entry.expect("an entry").path();
            if path.is_file() {
                fs::copy(
                    &path,
                    dir.path().join(sub).join(path.file_name().expect("a name")),
                )
                .expect("a copy");
            }
        }
    }
    let problem = dir.path().join("problems/mean.toml");
    let text = fs::read_to_string(&problem).expect("the problem");
    fs::write(&problem, edit(text)).expect("the edited problem");
    dir
}

/// A generator that declares the empty input valid, which the reference rejects.
fn declares_empty_valid(text: String) -> String {
    let edited = text.replacen(
        "why = \"no elements\"\np = 0.05\nrejects = true",
        "why = \"no elements\"\np = 0.05\nrejects = false",
        1,
    );
    assert_ne!(
        edited, text,
        "the fixture's variant is where the test expects it"
    );
    edited
}

#[test]
fn a_generator_the_reference_contradicts_is_the_banks_bug() {
    let dir = edited_bank(declares_empty_valid);
    Test::new()
        .arg("--problems")
        .arg(dir.path().join("problems"))
        .args(["stress", "mean", "--seed", "1", "--solution"])
        .arg(in_fixture_bank("solutions/src/mean.rs"))
        .run()
        .code(2)
        .stdout_contains("the reference rejected an input that the generator declares valid")
        .stdout_contains("variant `no elements`")
        .stdout_contains("mean.toml:")
        .stdout_contains("the bank has a bug");
}

#[test]
fn bench_times_both_functions_taking_turns_and_reports_the_ratio() {
    on_fixture_bank("bench", in_fixture_bank("solutions/src/mean.rs"))
        .run()
        .success()
        .stdout_contains("mean · Mean of a Vector · bench")
        .stdout_contains("median of 8 calls")
        .stdout_contains("taking turns with yours, on x of 8192")
        .stdout_contains("call by call")
        .stdout_contains("on x of 8192");
    // Measured at about 500× on the development machine: 100× leaves room for a noisy one.
    let run = on_fixture_bank("bench", in_fixture_bank("submissions/quadratic.rs")).run();
    run.success()
        .stdout_contains("slower than the reference on x of 8192");
    let ratio: f64 = run
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("ratio"))
        .and_then(|rest| rest.trim().split('×').next())
        .and_then(|r| r.trim().parse().ok())
        .unwrap_or_else(|| panic!("no ratio in\n{}", run.stdout));
    assert!(ratio > 100.0, "a quadratic solution is {ratio}× slower");
}

#[test]
fn run_bench_says_a_correct_solution_is_far_slower_only_when_asked() {
    on_fixture_bank("run", in_fixture_bank("submissions/quadratic.rs"))
        .arg("--bench")
        .run()
        .success()
        .stdout_contains("solved · 5/5 points")
        .stdout_contains("correct, but ")
        .stdout_contains("× slower than the reference on x of 8192");
    on_fixture_bank("run", in_fixture_bank("submissions/quadratic.rs"))
        .run()
        .success()
        .stdout_lacks("slower");
    // A failing run is not timed.
    on_fixture_bank(
        "run",
        in_fixture_bank("solutions/wrong/mean/sum_not_mean.rs"),
    )
    .arg("--bench")
    .run()
    .code(1)
    .stdout_lacks("speed:")
    .stdout_lacks("slower");
}

#[test]
fn verify_reports_a_hole_with_a_case_that_closes_it() {
    let dir = edited_bank(|text| text);
    let verify = || {
        Test::new()
            .arg("--problems")
            .arg(dir.path().join("problems"))
            .arg("verify")
            .arg("--solutions")
            .arg(dir.path().join("solutions/src"))
            .arg("--wrong")
            .arg(dir.path().join("solutions/wrong"))
            .run()
    };
    let run = verify();
    run.code(1)
        .stdout_contains("✗ mean")
        .stdout_contains("3 told apart by stress (200 generated inputs)")
        .stdout_contains("hole: wrong solution `median_not_mean`")
        .stdout_contains("passes every case, but stress tells it apart from the reference (seed 12")
        .stdout_contains("[[cases]]\nname = \"catches median_not_mean\"")
        .stdout_contains("wrong = \"median_not_mean\"")
        .stdout_lacks("wrong solution `sum_not_mean`");
    // The JSON document carries the hole, its table and each wrong solution's stress result.
    let json = Test::new()
        .arg("--problems")
        .arg(dir.path().join("problems"))
        .args(["verify", "--format", "json", "--solutions"])
        .arg(dir.path().join("solutions/src"))
        .arg("--wrong")
        .arg(dir.path().join("solutions/wrong"))
        .run();
    json.code(1);
    assert_matches_schema(
        "verify-report.schema.json",
        "verify's document",
        &json.stdout,
    );
    let report: VerifyReport = serde_json::from_str(&json.stdout).expect("verify's document");
    let problem = &report.problems[0];
    assert_eq!(problem.generated_inputs, Some(200));
    let hole = problem
        .findings
        .iter()
        .find(|f| f.kind == "hole")
        .expect("a hole finding");
    assert_eq!(hole.wrong_solutions, ["median_not_mean"]);
    assert!(
        hole.proposed_case.as_deref().is_some_and(
            |c| c.starts_with("[[cases]]\n") && c.contains("wrong = \"median_not_mean\"")
        ),
        "{hole:?}"
    );
    assert!(
        problem
            .wrong_solutions
            .iter()
            .all(|w| matches!(w.stress, StressEntry::ToldApart { .. })),
        "{:?}",
        problem.wrong_solutions
    );
    // The proposed table, pasted into the problem file as it stands, closes the hole.
    let start = run.stdout.find("[[cases]]").expect("a proposed case");
    let end = run.stdout[start..]
        .find("\n\n\n")
        .or_else(|| run.stdout[start..].find("\n\n1 of"))
        .map_or(run.stdout.len(), |e| start + e);
    let proposed = &run.stdout[start..end];
    let problem = dir.path().join("problems/mean.toml");
    let text = fs::read_to_string(&problem).expect("the problem");
    fs::write(&problem, format!("{text}\n{proposed}\n")).expect("the problem with the case");
    verify()
        .success()
        .stdout_contains("✓ mean")
        .stdout_contains("1 problem verified");
}

#[test]
fn verify_locates_a_generator_the_reference_contradicts() {
    let dir = edited_bank(declares_empty_valid);
    let line = fs::read_to_string(dir.path().join("problems/mean.toml"))
        .expect("the problem")
        .lines()
        .position(|l| l == "[[generator.variants]]")
        .expect("the variant")
        + 1;
    Test::new()
        .arg("--problems")
        .arg(dir.path().join("problems"))
        .arg("verify")
        .arg("--solutions")
        .arg(dir.path().join("solutions/src"))
        .arg("--wrong")
        .arg(dir.path().join("solutions/wrong"))
        .run()
        .code(1)
        .stdout_contains(&format!("mean.toml:{line}:"))
        .stdout_contains("the generator's variant `no elements` made input")
        .stdout_contains(
            "and the reference rejects it, but the variant declares `rejects = false`",
        );
}
