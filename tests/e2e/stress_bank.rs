//! The independent check of the official bank's generators: for every problem with one, stress of
//! the reference finds nothing, and stress of every wrong solution (the bank's own in
//! `solutions/wrong/<module>/`, and those written from the statements alone in
//! `tests/fixtures/stress-wrong/<module>/`) finds a counterexample, shrunk to sizes of at most 3
//! where the generator allows. It runs every wrong solution of the bank (a few minutes on two
//! cores), so it is ignored by default; `.ci/run` runs it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use pixelbank_spec::{Bank, Problem};

use crate::support::{Output, Test, repo_root};

/// Wrong solutions the generator may not tell apart, with the reason: `(module, name, why)`.
/// A wrong solution that differs only on inputs the statement does not define is not wrong (it
/// does not belong in the bank); one that differs on inputs the generator never makes means the
/// generator must make them. None so far.
const NOT_TOLD_APART: &[(&str, &str, &str)] = &[];

/// Wrong solutions whose every counterexample is larger than 3 along a dimension, with the size
/// stress shrinks them to and why none is smaller: `(module, name, dimension, size, why)`.
const LARGER: &[(&str, &str, &str, usize, &str)] = &[
    (
        "causal_mask",
        "u32_row_bits",
        "N",
        33,
        "a row packed in a u32 loses key 32 and later: the first mask it gets wrong is 33 × 33",
    ),
    (
        "causal_mask",
        "u8_row_bits",
        "N",
        9,
        "a row packed in a u8 loses key 8 and later: the first mask it gets wrong is 9 × 9",
    ),
    (
        "sinusoidal_positional_encoding",
        "f32_frequency",
        "S",
        4,
        "the f32 frequency's error grows with the position: with d_model <= 3 it passes the \
         tolerance (1e-9) up to position 2, and the smaller positions that fail need d_model >= 5",
    ),
];

/// The size a counterexample may keep along a dimension: 3, or the dimension's smallest.
const SMALL: usize = 3;

/// Every wrong solution of a module, from the bank and from the fixtures.
fn wrong_solutions(module: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["solutions/wrong", "tests/fixtures/stress-wrong"] {
        let Ok(entries) = std::fs::read_dir(repo_root().join(dir).join(module)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// The smallest size each dimension may take, over the base and every variant.
fn smallest_sizes(problem: &Problem) -> Vec<(String, usize)> {
    let generator = problem.generator.as_ref().expect("a generator");
    generator
        .dims
        .iter()
        .map(|d| {
            let smallest = generator
                .variants
                .iter()
                .flat_map(|v| v.dims.iter().filter(|vd| vd.name == d.name))
                .map(|vd| *vd.range.start())
                .chain([*d.range.start()])
                .min()
                .unwrap_or(0);
            (d.name.clone(), smallest)
        })
        .collect()
}

/// The sizes of a counterexample's `sizes` line, by dimension (`N of y_pred = 2` counts as `N`).
fn sizes_of(run: &Output) -> Vec<(String, usize)> {
    let Some(line) = run
        .stdout
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("sizes"))
    else {
        return Vec::new();
    };
    line.split(" (")
        .next()
        .unwrap_or_default()
        .split(", ")
        .filter_map(|pair| {
            let (name, n) = pair.trim().split_once(" = ")?;
            let dim = name.split(' ').next().unwrap_or(name);
            Some((dim.to_string(), n.parse().ok()?))
        })
        .collect()
}

/// One check to run: a problem and a file, and whether stress must find a difference.
struct Job {
    problem: Problem,
    file: PathBuf,
    seed: u64,
    must_differ: bool,
}

fn check(job: &Job) -> Result<Duration, String> {
    let name = |p: &Path| {
        p.strip_prefix(repo_root())
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let run = Test::new()
        .args([
            "stress",
            &job.problem.id,
            "--seed",
            &job.seed.to_string(),
            "--solution",
        ])
        .arg(&job.file)
        .timeout(Duration::from_secs(120))
        .run();
    let what = format!("{} on {}", name(&job.file), job.problem.id);
    let code = run.status.code();
    if !job.must_differ {
        return if code == Some(0) {
            Ok(run.elapsed)
        } else {
            Err(format!(
                "{what} (seed {}): the reference differs from itself\n{}{}",
                job.seed, run.stdout, run.stderr
            ))
        };
    }
    if code != Some(1)
        || !run
            .stdout
            .contains("your function and the reference differ")
    {
        return Err(format!(
            "{what}: no counterexample (exit {code:?})\n{}{}",
            run.stdout, run.stderr
        ));
    }
    let smallest = smallest_sizes(&job.problem);
    let module = job.problem.module_name();
    let stem = job
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for (dim, n) in sizes_of(&run) {
        let larger = LARGER
            .iter()
            .find(|(m, w, d, _, _)| *m == module && *w == stem && *d == dim)
            .map_or(0, |(_, _, _, size, _)| *size);
        let floor = smallest
            .iter()
            .find(|(d, _)| *d == dim)
            .map_or(0, |(_, s)| *s)
            .max(SMALL)
            .max(larger);
        if n > floor {
            return Err(format!(
                "{what}: shrunk only to {dim} = {n}\n{}",
                run.stdout
            ));
        }
    }
    Ok(run.elapsed)
}

#[test]
#[ignore = "stress-tests every wrong solution of the bank (minutes): `.ci/run` runs it"]
fn every_generator_tells_each_wrong_solution_apart_and_never_the_reference() {
    let bank = Bank::official().expect("the official bank");
    let mut jobs = Vec::new();
    for problem in bank.problems().iter().filter(|p| p.generator.is_some()) {
        let module = problem.module_name();
        for seed in [1, 2] {
            jobs.push(Job {
                problem: problem.clone(),
                file: repo_root().join(format!("solutions/src/{module}.rs")),
                seed,
                must_differ: false,
            });
        }
        for file in wrong_solutions(&module) {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if NOT_TOLD_APART
                .iter()
                .any(|(m, n, _)| *m == module && *n == stem)
            {
                continue;
            }
            jobs.push(Job {
                problem: problem.clone(),
                file,
                seed: 1,
                must_differ: true,
            });
        }
    }
    assert!(
        jobs.iter().any(|j| j.must_differ),
        "the bank has generators and wrong solutions to check"
    );
    let queue = Mutex::new(jobs.iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let Some(job) = queue.lock().expect("the queue").next() else {
                        break;
                    };
                    let result = check(job);
                    results.lock().expect("the results").push((
                        job.file.clone(),
                        job.problem.id.clone(),
                        result,
                    ));
                }
            });
        }
    });
    let results = results.into_inner().expect("the results");
    let mut times: Vec<(Duration, String)> = results
        .iter()
        .filter_map(|(file, id, r)| {
            r.as_ref()
                .ok()
                .map(|d| (*d, format!("{id}: {}", file.display())))
        })
        .collect();
    times.sort();
    for (d, what) in times.iter().rev().take(5) {
        eprintln!("slowest: {:>6} ms  {what}", d.as_millis());
    }
    let failures: Vec<&String> = results
        .iter()
        .filter_map(|(_, _, r)| r.as_ref().err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n\n{}",
        failures.len(),
        results.len(),
        failures
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
