//! `pixelbank run ID --solution FILE` over fixture submissions: each way a learner's file can go
//! wrong gets its own verdict, its own message and the right exit code, within the problem's limits;
//! hidden cases give their name and verdict only. The reports a learner reads most are pinned as
//! snapshots.

use std::time::Duration;

use pixelbank_spec::Bank;

#[cfg(target_os = "linux")]
use crate::support::assert_none_left;
use crate::support::{Output, Test, fixture, official, reference, size};

/// `pixelbank run ID --solution FILE`.
fn judge(id: &str, file: std::path::PathBuf) -> Test {
    Test::new().args(["run", id, "--solution"]).arg(file)
}

/// Pins a run's rendered report, machine-specific parts replaced.
#[track_caller]
fn assert_report_snapshot(name: &str, run: &Output) {
    insta::with_settings!({ description => run.command(), omit_expression => true }, {
        insta::assert_snapshot!(name, run.normalized_stdout());
    });
}

#[test]
fn the_reference_solution_is_solved() {
    judge("bce-loss", reference("bce_loss"))
        .run()
        .success()
        .stdout_contains("✓ perfect predictions")
        .stdout_contains(&format!("solved · {0}/{0} points", size("bce-loss").1))
        .stdout_lacks("✗");
}

#[test]
fn a_wrong_answer_shows_the_inputs_the_expected_value_and_what_came_back() {
    let run = judge("bce-loss", fixture("bce-loss/wrong_answer.rs")).run();
    run.code(1)
        .stdout_contains("y_pred = [0.5, 0.5, 0.5, 0.5]")
        .stdout_contains("expected  0.6931471805599453")
        .stdout_contains("got       0.25")
        .stdout_contains(&format!(
            "6 of {} cases passed · 6/{} points",
            size("bce-loss").0,
            size("bce-loss").1
        ))
        // Mean squared error is not a mistake the bank knows: no explanation is invented.
        .stdout_lacks("mistake");
    assert!(
        run.case("coin flip").contains("wrong answer"),
        "{}",
        run.stdout
    );
    assert!(run.case("empty input").starts_with("  ✓"), "{}", run.stdout);
}

#[test]
fn the_sum_instead_of_the_mean_is_named_as_the_known_mistake() {
    let run = judge("bce-loss", fixture("bce-loss/sum_not_mean.rs")).run();
    run.code(1)
        .stdout_contains(
            "mistake   That is the sum over samples; the loss is the mean, so divide by n.",
        )
        .stdout_contains("got       2.772588722239781");
    assert_report_snapshot("bce_loss_sum_not_mean", &run);
}

#[test]
fn a_failing_hidden_case_shows_its_name_and_verdict_but_none_of_its_inputs() {
    let run = judge("bce-loss", fixture("bce-loss/sum_not_mean.rs")).run();
    run.code(1);
    let line = run.case("larger batch");
    assert!(
        line.contains("wrong answer") && line.contains("(hidden)"),
        "{}",
        run.stdout
    );
    // Timings are normalised first, so that a case taking "0.95 ms" cannot look like a leak.
    let report = run.normalized_stdout();
    for literal in ["0.95, 0.05", "0.3996828426720685"] {
        assert!(!report.contains(literal), "{literal} leaks:\n{report}");
    }
    // Every input of every hidden case, unless a visible case happens to share it.
    let bank = Bank::official().expect("the official bank loads");
    let problem = bank.get("bce-loss").expect("bce-loss");
    let visible: Vec<String> = problem
        .visible_cases()
        .flat_map(|c| c.inputs.iter().map(ToString::to_string))
        .collect();
    for case in problem.cases.iter().filter(|c| c.hidden) {
        for input in case.inputs.iter().map(ToString::to_string) {
            if !visible.contains(&input) {
                assert!(
                    !report.contains(&input),
                    "an input of hidden case {:?} leaks: {input}\n{report}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn a_panic_shows_its_message_and_where_it_happened() {
    let run = judge("bce-loss", fixture("bce-loss/panics.rs")).run();
    run.code(1)
        .stdout_contains("panicked: index out of bounds: the len is 1 but the index is 1")
        .stdout_contains("bce-loss/panics.rs:12:");
    assert!(
        run.case("lengths differ").contains("runtime error"),
        "{}",
        run.stdout
    );
    assert!(run.case("coin flip").starts_with("  ✓"), "{}", run.stdout);
}

#[test]
fn a_todo_is_not_implemented_yet_rather_than_a_crash() {
    let run = judge("bce-loss", fixture("bce-loss/todo.rs")).run();
    run.code(1)
        .stdout_contains("not started: every case reaches `todo!()`")
        .stdout_contains("todo.rs:4:5")
        .stdout_contains(&format!("0 of {} cases passed", size("bce-loss").0))
        .stdout_contains("next: replace `todo!()`")
        .stdout_lacks("runtime error")
        .stdout_lacks("panicked")
        .stderr_lacks("error:");
    assert_report_snapshot("bce_loss_todo", &run);
}

#[test]
fn an_infinite_loop_is_stopped_at_the_time_limit_and_the_other_cases_still_run() {
    // On a cold cache the first judge run compiles the harness's dependencies, and other tests
    // may hold the cache's lock while doing so: warm it first, so that the limit below measures
    // this run, whose two looping cases take 2 s each.
    judge("bce-loss", reference("bce_loss")).run().success();
    let limit = Duration::from_secs(60);
    let run = judge("bce-loss", fixture("bce-loss/infinite_loop.rs"))
        .timeout(limit)
        .run();
    let (cases, _) = size("bce-loss");
    run.code(1)
        .stdout_contains("killed after 2000 ms")
        .stdout_contains(&format!("{} of {cases} cases passed", cases - 2));
    assert!(run.elapsed < limit, "took {:?}", run.elapsed);
    for looping in ["perfect predictions", "confident and wrong"] {
        assert!(
            run.case(looping).contains("time limit exceeded"),
            "{}",
            run.stdout
        );
    }
    for after in ["coin flip", "single negative", "longer predictions"] {
        assert!(run.case(after).starts_with("  ✓"), "{}", run.stdout);
    }
}

#[test]
fn after_a_time_out_the_other_cases_start_only_within_one_more_limit() {
    judge("bce-loss", reference("bce_loss")).run().success();
    let run = judge("bce-loss", fixture("bce-loss/loops_on_every_case.rs"))
        .timeout(Duration::from_secs(60))
        .run();
    run.code(1)
        .stdout_contains(&format!("0 of {} cases passed", size("bce-loss").0));
    let marked = |mark: &str, label: &str| {
        run.stdout
            .lines()
            .filter(|l| l.starts_with(mark) && l.contains(label))
            .count()
    };
    let timed_out = marked("  ✗ ", "time limit exceeded");
    let not_run = marked("  · ", "not run");
    let cases = size("bce-loss").0;
    assert_eq!(timed_out + not_run, cases, "{}", run.stdout);
    // The first time-out, then the cases that started side by side (one per core) within the
    // next limit: each ran to its own limit, and none started after it.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    assert!(
        (2..=1 + cores).contains(&timed_out),
        "{timed_out} time-outs: {}",
        run.stdout
    );
    assert!(not_run >= cases.saturating_sub(1 + cores), "{}", run.stdout);
    run.stdout_contains(&format!(
        "{not_run} cases not run: after a time-out, the others start only within one more \
         limit (2000 ms)"
    ));
}

#[test]
fn a_stack_overflow_is_a_runtime_error_that_says_so() {
    let run = judge("bce-loss", fixture("bce-loss/stack_overflow.rs")).run();
    // The recursion ends at once on the inputs it rejects.
    let rejected = official("bce-loss")
        .cases
        .iter()
        .filter(|c| c.expected == pixelbank_spec::Expected::Rejection)
        .count();
    run.code(1)
        .stdout_contains("error     stack overflow")
        .stdout_contains(&format!(
            "{rejected} of {} cases passed",
            size("bce-loss").0
        ));
    assert!(
        run.case("coin flip").contains("runtime error"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_huge_allocation_exceeds_the_memory_limit() {
    let run = judge("bce-loss", fixture("bce-loss/huge_allocation.rs")).run();
    run.code(1)
        .stdout_contains("ran out of memory (limit 512 MiB)")
        .stdout_contains(&format!("0 of {} cases passed", size("bce-loss").0));
    assert!(
        run.case("coin flip").contains("memory limit exceeded"),
        "{}",
        run.stdout
    );
}

#[test]
fn results_printed_to_stdout_are_not_believed() {
    let run = judge("bce-loss", fixture("bce-loss/fake_output.rs")).run();
    run.code(1)
        // What the function printed is shown as its output, and judged as nothing more.
        .stdout_contains("printed   {\"status\":\"returned\"")
        .stdout_contains(&format!(
            "0 of {} cases passed · 0/{} points",
            size("bce-loss").0,
            size("bce-loss").1
        ));
    assert!(
        run.case("coin flip").contains("wrong answer"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.lines().any(|l| l.starts_with("solved")),
        "the fake summary line was taken for the judge's:\n{}",
        run.stdout
    );
}

#[test]
fn a_compile_error_shows_rustcs_diagnostic() {
    let run = judge("bce-loss", fixture("bce-loss/compile_error.rs")).run();
    run.code(1)
        .stdout_contains("does not compile")
        .stdout_contains("error[E0277]: cannot divide `f64` by `usize`")
        .stdout_contains("bce-loss/compile_error.rs:17:14")
        .stdout_contains(&format!("compile error · 0/{} points", size("bce-loss").1));
    assert_report_snapshot("bce_loss_compile_error", &run);
}

#[test]
fn a_wrong_signature_is_explained_with_the_expected_one() {
    let run = judge("bce-loss", fixture("bce-loss/wrong_signature.rs")).run();
    run.code(1)
        .stdout_contains(
            "parameter 1 (`y_true`) has type `Vec<f64>`, the problem declares `&[f64]`",
        )
        .stdout_contains("pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String>")
        // rustc's errors about the generated harness would only confuse.
        .stdout_lacks("main.rs");
    assert_report_snapshot("bce_loss_wrong_signature", &run);
}

#[test]
fn a_wrong_return_type_is_explained_with_the_expected_signature() {
    judge("bce-loss", fixture("bce-loss/returns_plain_f64.rs"))
        .run()
        .code(1)
        .stdout_contains("pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String>")
        .stdout_lacks("cannot be read");
}

#[cfg(target_os = "linux")]
#[test]
fn no_process_the_function_started_outlives_the_judge() {
    judge("bce-loss", fixture("bce-loss/spawns_grandchild.rs"))
        .run()
        .success();
    assert_none_left("sleep 271.828");
}

#[cfg(target_os = "linux")]
#[test]
fn a_process_started_in_a_group_of_its_own_does_not_outlive_the_judge_either() {
    judge("bce-loss", fixture("bce-loss/escapes_process_group.rs"))
        .run()
        .success();
    assert_none_left("sleep 314.159");
}

#[test]
fn a_for_loop_passes_the_cases_but_breaks_the_source_rule() {
    let run = judge(
        "higher-order-functions",
        fixture("higher-order-functions/for_loop.rs"),
    )
    .run();
    let (cases, points) = size("higher-order-functions");
    run.code(1)
        .stdout_contains(&format!(
            "{cases} of {cases} cases passed · unsolved: it breaks a source rule · 0/{points} points"
        ))
        .stdout_contains("source rules")
        .stdout_contains("line 15: a `for` loop is not allowed here")
        .stdout_contains("`fold` is never called")
        .stdout_lacks("solved ·");
}

#[test]
fn a_generic_reference_solution_is_solved() {
    judge("array-properties", reference("array_properties"))
        .run()
        .success()
        .stdout_contains(&format!(
            "solved · {0}/{0} points",
            size("array-properties").1
        ));
}

#[test]
fn rusts_type_names_for_numpys_are_named_as_the_known_mistake() {
    let run = judge(
        "array-properties",
        fixture("array-properties/rust_type_names.rs"),
    )
    .run();
    run.code(1)
        .stdout_contains("-   dtype: \"float64\",")
        .stdout_contains("+   dtype: \"f64\",")
        .stdout_contains(
            "mistake   \"f64\" is Rust's name for the type; NumPy calls it \"float64\"",
        );
    assert!(
        run.case("boolean mask").starts_with("  ✓"),
        "bool is bool in both languages:\n{}",
        run.stdout
    );
}
