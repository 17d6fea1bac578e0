//! The judge's core through the real binary: content-addressed builds that concurrent runs and
//! verify share without stepping on each other, a compile limit, records the judged code forges,
//! traps planted where a judge might read files, and an interruption that leaves nothing behind.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::{Test, fixture, problem_file, reference, size};

fn judge(id: &str, file: impl AsRef<Path>) -> Test {
    Test::new()
        .args(["run", id, "--solution"])
        .arg(file.as_ref())
}

#[test]
fn two_runs_of_different_files_for_the_same_problem_at_once_get_their_own_verdicts() {
    let (_, points) = size("bce-loss");
    let right = std::thread::spawn(|| judge("bce-loss", reference("bce_loss")).run());
    let wrong = judge("bce-loss", fixture("bce-loss/sum_not_mean.rs")).run();
    let right = right.join().expect("the other run");
    right
        .success()
        .stdout_contains(&format!("solved · {points}/{points} points"));
    wrong
        .code(1)
        .stdout_contains("That is the sum over samples")
        .stdout_lacks("solved ·");
}

/// The artifacts in a judge cache.
fn artifacts(cache: &Path) -> usize {
    fs::read_dir(cache.join("artifacts")).map_or(0, |d| d.count())
}

#[test]
fn a_run_after_verify_starts_no_compiler() {
    // A cache of its own, so that no other test's builds are counted.
    let cache = TempDir::new().expect("a cache");
    let bank = TempDir::new().expect("a bank");
    fs::copy(problem_file("bce-loss"), bank.path().join("bce-loss.toml")).expect("a copy");
    let verify = Test::new()
        .env("PIXELBANK_CACHE_DIR", cache.path())
        .arg("--problems")
        .arg(bank.path())
        .arg("verify")
        .arg("--solutions")
        .arg(reference("bce_loss").parent().expect("solutions/src"))
        .arg("--wrong")
        .arg(crate::support::repo_root().join("solutions/wrong"))
        .run();
    verify.success().stdout_contains("1 problem verified");
    let before = artifacts(cache.path());
    assert!(before >= 2, "verify built the reference and the stub");
    let run = Test::new()
        .env("PIXELBANK_CACHE_DIR", cache.path())
        .arg("--problems")
        .arg(bank.path())
        .args(["run", "bce-loss", "--solution"])
        .arg(reference("bce_loss"))
        .run();
    run.success();
    assert_eq!(
        artifacts(cache.path()),
        before,
        "the run built a program although verify had built this very file"
    );
    let half_built: Vec<_> = fs::read_dir(cache.path().join("building"))
        .expect("the build area")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("build-"))
        .collect();
    assert!(half_built.is_empty(), "left half built: {half_built:?}");
}

#[test]
fn an_endless_const_evaluation_is_stopped_at_the_compile_limit() {
    let bank = TempDir::new().expect("a bank");
    let text = fs::read_to_string(problem_file("bce-loss")).expect("bce-loss.toml");
    let limited = text.replacen(
        "\nstatement = ",
        "\nlimits = { compile_ms = 3000 }\nstatement = ",
        1,
    );
    assert_ne!(text, limited, "the set-up added the limit");
    fs::write(bank.path().join("bce-loss.toml"), limited).expect("the bank");
    let start = Instant::now();
    let run = Test::new()
        .arg("--problems")
        .arg(bank.path())
        .args(["run", "bce-loss", "--solution"])
        .arg(fixture("bce-loss/endless_const.rs"))
        .run();
    run.code(1)
        .stdout_contains("compile time limit")
        .stdout_contains("the compiler was stopped after 3 s");
    // The limit, plus the time to start: never an endless wait.
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn forged_records_are_that_case_s_runtime_error_and_the_others_are_still_judged() {
    let run = judge("bce-loss", fixture("bce-loss/forges_records.rs")).run();
    run.code(1);
    for (name, why) in [
        (
            "perfect predictions",
            "a record came that the judge's runtime did not write",
        ),
        (
            "confident and wrong",
            "it is not a record of the judge's protocol",
        ),
        (
            "single negative",
            "it is larger than the 32 MiB a result may be",
        ),
    ] {
        assert!(
            run.case(name).contains("runtime error (unreadable result)"),
            "{name}:\n{}",
            run.stdout
        );
        run.stdout_contains(why);
    }
    for name in ["coin flip", "typical batch", "soft labels", "empty input"] {
        assert!(run.case(name).starts_with("  ✓"), "{name}:\n{}", run.stdout);
    }
}

#[test]
fn a_forged_huge_shape_is_refused_without_being_built() {
    let run = judge(
        "mean-along-axis",
        fixture("mean-along-axis/forges_a_huge_shape.rs"),
    )
    .run();
    let (cases, _) = size("mean-along-axis");
    run.code(1)
        .stdout_contains("runtime error (unreadable result)")
        .stdout_contains("a record came that the judge's runtime did not write")
        .stdout_contains(&format!("{} of {cases} cases passed", cases - 1));
}

#[test]
fn fifos_and_links_planted_in_the_working_directory_neither_hang_nor_redirect_the_judge() {
    let tmp = TempDir::new().expect("a temporary directory");
    let victim = tmp.path().join("victim");
    fs::write(&victim, "untouched\n").expect("the victim file");
    let (_, points) = size("bce-loss");
    judge("bce-loss", fixture("bce-loss/plants_fifo_and_links.rs"))
        .env("TMPDIR", tmp.path())
        .timeout(Duration::from_secs(60))
        .run()
        .success()
        .stdout_contains(&format!("solved · {points}/{points} points"));
    assert_eq!(
        fs::read_to_string(&victim).expect("the victim"),
        "untouched\n"
    );
    let left: Vec<_> = fs::read_dir(tmp.path())
        .expect("the temporary directory")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n != "victim")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Processes whose working directory lies below `dir`: the judged programs of a run whose
/// TMPDIR is `dir`.
#[cfg(target_os = "linux")]
fn working_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| fs::read_link(e.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(dir)))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn sigint_during_a_case_leaves_no_process_and_no_temporary_directory() {
    let tmp = TempDir::new().expect("a temporary directory");
    let tmp_path = tmp.path().canonicalize().expect("a canonical path");
    // Warm the cache first, so that the signal lands while a case runs, not while compiling.
    judge("bce-loss", fixture("bce-loss/loops_with_a_child.rs"))
        .timeout(Duration::from_secs(120))
        .run();
    let started = judge("bce-loss", fixture("bce-loss/loops_with_a_child.rs"))
        .env("TMPDIR", &tmp_path)
        .timeout(Duration::from_secs(60))
        .start();
    // The case is running once a program works in a directory below TMPDIR.
    let deadline = Instant::now() + Duration::from_secs(30);
    while working_in(&tmp_path).is_empty() {
        assert!(Instant::now() < deadline, "the case never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    started.signal(2);
    let run = started.finish();
    run.code(130).stdout_contains("interrupted");
    crate::support::assert_none_left("sleep 161.803");
    assert!(working_in(&tmp_path).is_empty(), "a judged program is left");
    let left: Vec<_> = fs::read_dir(&tmp_path)
        .expect("the temporary directory")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_relative_cache_directory_is_taken_from_where_pixelbank_starts() {
    let shared = Path::new(crate::support::JUDGE_CACHE);
    fs::create_dir_all(shared).expect("the judge cache");
    let parent = shared.parent().expect("the cache has a parent");
    let name = shared.file_name().expect("the cache has a name");
    judge("bce-loss", reference("bce_loss"))
        .current_dir(parent)
        .env("PIXELBANK_CACHE_DIR", name)
        .run()
        .success()
        .stdout_contains("solved");
}
