#!/usr/bin/env python3
"""How fast `pixelbank grade --batch` grades a class, with one worker and with two.

Generates a class of submissions in a temporary directory, each a folder with `src/<module>.rs`
for the four problems below, made from the reference solutions in solutions/src:

  correct     about a third: the reference solutions as they are;
  wrong       about half: one to three problems with a constant or a line changed so that some
              cases fail (the rest correct);
  compile     a few: one problem that does not compile (a type error, a syntax error, a wrong
              signature, an unknown method);
  loop        one or two: one problem that never returns (on every case, or on the larger inputs),
              so the judge kills it at the problem's time limit on those cases.

Every file differs from every other (a header naming its student), as a real class's would.
Categories are shuffled with a fixed seed, so both workers of `-j 2` meet each kind.

Then, with the release binary (built first unless --no-build) and, for comparison, the release
binary of an earlier commit (`--baseline REV`, built once into target/bench-baseline/REV from a
temporary git worktree; by default the last commit before the judge's core was rebuilt in three
stages), both grading the four problems' files as that commit had them (`--problems`), so that
they judge the same cases:

  cold      `pixelbank grade --batch <class> -j 1` with an empty PIXELBANK_CACHE_DIR: the figure a
            first CI run pays (the runtime, or the old harness's dependencies, compiled);
  warm      a throwaway `-j 2` batch first builds what every later batch reuses (the runtime, or
            the old per-worker dependency builds), then `-j 1` and `-j 2` are timed on fresh
            copies of the class (fresh paths, and a line naming the copy in every file: builds
            are keyed by a file's bytes, so no earlier run's build can be reused);
  baseline  the earlier binary's warm `-j 2`, interleaved with this one's, round by round.

and prints submissions per minute for each, the speed-up of -j 2 over -j 1, and this binary's
speed-up over the baseline at -j 2 (target: >= 2.5 x). Each gradebook is checked against how the
class was made (correct submissions pass with full marks, every mutated problem loses points,
compile errors and time limits show as such); a mismatch exits 2.

    python3 bench/grade_batch.py              # 40 submissions, one round of each
    python3 bench/grade_batch.py --quick      # 12 submissions, to check the script works
    python3 bench/grade_batch.py --rounds 3   # orders alternate round by round; medians reported
    python3 bench/grade_batch.py --no-baseline

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import REPO, loadavg, release_binary

# problem id -> module name
PROBLEMS = {
    "bce-loss": "bce_loss",
    "array-properties": "array_properties",
    "higher-order-functions": "higher_order_functions",
    "batch-norm-forward": "batch_norm_forward",
}

# Each mutation replaces one exact text of the reference solution (which must occur once).
WRONG = {
    "bce_loss": [
        ("Ok(total / y_true.len() as f64)", "Ok(total)"),
        ("const EPS: f64 = 1e-15;", "const EPS: f64 = 1e-3;"),
        ("-(y * p.ln() + (1.0 - y) * (1.0 - p).ln())", "-(y * p.ln() + (1.0 - y) * p.ln())"),
    ],
    "array_properties": [
        ("is_matrix: ndim == 2,", "is_matrix: ndim >= 2,"),
        ('"f32" => "float32",', '"f32" => "float64",'),
        ("size: array.len(),", "size: array.shape().iter().sum(),"),
    ],
    "higher_order_functions": [
        ("fold(Some(1_i64)", "fold(Some(0_i64)"),
        ("filter(|x| x % 2 == 0)", "filter(|x| x % 2 == 1)"),
        ("map(|&x| x.checked_mul(2))", "map(|&x| x.checked_mul(3))"),
    ],
    "batch_norm_forward": [
        ("&biased_var * (n as f64 / (n - 1) as f64)", "&biased_var * 1.0"),
        ("1.0 / (v + eps).sqrt()", "1.0 / v.sqrt() + eps"),
        ("running_mean * (1.0 - momentum) + &batch_mean * momentum",
         "running_mean * momentum + &batch_mean * (1.0 - momentum)"),
    ],
}
COMPILE = {
    # a type error in the learner's own file
    "bce_loss": ("let total: f64 = y_true", "let total: f32 = y_true"),
    # a syntax error
    "array_properties": ("let ndim = array.ndim();", "let ndim = array.ndim()"),
    # the wrong signature: the error points into the generated harness
    "higher_order_functions": ("pub fn higher_order_functions(numbers: &[i64])",
                               "pub fn higher_order_functions(numbers: &[i32])"),
    # an unknown method
    "batch_norm_forward": ("let (n, d) = x.dim();", "let (n, d) = x.dims();"),
}
# (module, text, replacement): a function that never returns on every case / on larger inputs.
LOOPS = [
    ("higher_order_functions",
     "    let doubled = numbers",
     "    loop {\n        std::hint::black_box(numbers.len());\n    }\n    #[allow(unreachable_code)]\n"
     "    let doubled = numbers"),
    ("bce_loss",
     "    let total: f64 = y_true",
     "    while y_true.len() > 3 {\n        std::hint::black_box(y_true.len());\n    }\n"
     "    let total: f64 = y_true"),
]


@dataclass
class Submission:
    name: str
    kind: str
    # module -> "correct" | "wrong" | "compile" | "loop"
    files: dict[str, str] = field(default_factory=dict)


class Failed(Exception):
    """The benchmark could not measure what it should."""


def mutate(text: str, old: str, new: str, what: str) -> str:
    if text.count(old) != 1:
        raise Failed(f"{what}: `{old}` is not once in the reference solution")
    return text.replace(old, new)


def plan(count: int, loops: int, seed: int) -> list[Submission]:
    """Decides what each submission gets wrong."""
    rng = random.Random(seed)
    n_loop = min(loops, len(LOOPS))
    n_compile = max(1, round(count / 10))
    n_correct = count // 3
    n_wrong = count - n_loop - n_compile - n_correct
    if n_wrong < 1:
        raise Failed(f"{count} submissions are too few for every kind")
    kinds = ["correct"] * n_correct + ["wrong"] * n_wrong + ["compile"] * n_compile + ["loop"] * n_loop
    rng.shuffle(kinds)
    modules = list(PROBLEMS.values())
    subs = []
    compile_i = loop_i = 0
    for i, kind in enumerate(kinds):
        sub = Submission(f"student-{i + 1:03d}", kind, {m: "correct" for m in modules})
        if kind == "wrong":
            for m in rng.sample(modules, rng.randint(1, 3)):
                sub.files[m] = "wrong"
        elif kind == "compile":
            sub.files[modules[compile_i % len(modules)]] = "compile"
            compile_i += 1
        elif kind == "loop":
            sub.files[LOOPS[loop_i][0]] = "loop"
            loop_i += 1
        subs.append(sub)
    return subs


def write_class(subs: list[Submission], root: Path, seed: int) -> None:
    rng = random.Random(seed + 1)
    refs = {m: (REPO / "solutions/src" / f"{m}.rs").read_text() for m in PROBLEMS.values()}
    loops = {m: (old, new) for m, old, new in LOOPS}
    for sub in subs:
        src = root / sub.name / "src"
        src.mkdir(parents=True)
        for module, how in sub.files.items():
            text = refs[module]
            if how == "wrong":
                old, new = rng.choice(WRONG[module])
                text = mutate(text, old, new, f"{sub.name}/{module}")
            elif how == "compile":
                text = mutate(text, *COMPILE[module], f"{sub.name}/{module}")
            elif how == "loop":
                text = mutate(text, *loops[module], f"{sub.name}/{module}")
            (src / f"{module}.rs").write_text(f"// Submitted by {sub.name}.\n{text}")


def copy_class(src: Path, dst: Path) -> Path:
    """A copy of the class whose every file names the copy too: builds are keyed by a file's
    bytes, so a copy byte for byte would reuse what an earlier run built, where a real class's
    files are new to the grader."""
    shutil.copytree(src, dst)
    for path in dst.glob("*/src/*.rs"):
        path.write_text(f"// Graded in {dst.name}.\n" + path.read_text())
    return dst


@dataclass
class BatchRun:
    label: str
    jobs: int
    seconds: float
    submissions: int
    time_limit_cases: int
    # wall time the judged children of those cases ran before being killed
    time_limit_seconds: float

    @property
    def per_minute(self) -> float:
        return self.submissions / self.seconds * 60


def grade(binary: Path, class_dir: Path, out_dir: Path, cache: Path, jobs: int, work: Path,
          expect: list[Submission] | None, label: str, bank: Path) -> BatchRun:
    """One `grade --batch`, its gradebook checked against `expect`."""
    env = dict(os.environ)
    for var in ("PIXELBANK_PROBLEMS", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET", "GITHUB_ACTIONS"):
        env.pop(var, None)
    env["PIXELBANK_CACHE_DIR"] = str(cache)
    cmd = [str(binary), "--color", "never", "--problems", str(bank), "grade",
           "--batch", str(class_dir), "-j", str(jobs), "--format", "json", "--out-dir", str(out_dir)]
    for problem in PROBLEMS:
        cmd += ["--problem", problem]
    print(f"  {label}: pixelbank grade --batch {class_dir.name} -j {jobs} "
          f"(cache {cache.name}) ...", flush=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    # 1: some submission missed the pass mark, as intended; 2 would mean the grader failed.
    if proc.returncode not in (0, 1):
        raise Failed(f"grade exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    book = json.loads((out_dir / "gradebook.json").read_text())
    rows = {r["submission"]: r for r in book["rows"]}
    n = len(list(p for p in class_dir.iterdir() if p.is_dir()))
    if len(rows) != n:
        raise Failed(f"the gradebook has {len(rows)} rows for {n} submissions")
    tle = 0
    tle_ms = 0.0
    problems = []
    for name in rows:
        report = json.loads((out_dir / "reports" / f"{name}.json").read_text())
        problems.append((name, report))
        for p in report["problems"]:
            for c in p["cases"]:
                if c["verdict"] == "time-limit":
                    tle += 1
                    # A hidden case's report carries no duration.
                    tle_ms += c.get("duration_ms", 0.0)
    if expect is not None:
        check(expect, rows, dict(problems))
    print(f"    {seconds:.1f} s; {tle} cases killed at the time limit "
          f"({tle_ms / 1000:.1f} s of them visible)",
          flush=True)
    return BatchRun(label, jobs, seconds, n, tle, tle_ms / 1000)


def check(subs: list[Submission], rows: dict, reports: dict) -> None:
    """The gradebook agrees with how the class was made."""
    module_to_id = {m: p for p, m in PROBLEMS.items()}
    wrong = []
    for sub in subs:
        row, report = rows[sub.name], reports[sub.name]
        entries = {p["id"]: p for p in report["problems"]}
        want_status = "pass" if sub.kind == "correct" else "fail"
        if row["status"] != want_status:
            wrong.append(f"{sub.name} ({sub.kind}): status {row['status']}, expected {want_status}")
        for module, how in sub.files.items():
            e = entries[module_to_id[module]]
            ok = {
                "correct": e["status"] == "passed" and e["score"] == e["max_score"],
                "wrong": e["status"] == "failed" and e["score"] < e["max_score"],
                "compile": e["status"] == "compile-error" and e["score"] == 0,
                "loop": e["status"] == "failed"
                and any(c["verdict"] == "time-limit" for c in e["cases"]),
            }[how]
            if not ok:
                wrong.append(f"{sub.name}/{module} ({how}): {e['status']}, "
                             f"{e['score']}/{e['max_score']}")
    if wrong:
        raise Failed("the gradebook does not match the class:\n  " + "\n  ".join(wrong))


BASELINE = "188800b"
TARGET_SPEEDUP = 2.5


def write_bank(rev: str | None, dest: Path) -> Path:
    """The four problems' files as of commit `rev` (the repository's own without one): what both
    binaries grade, so that they judge the same cases and the older one meets no newer field."""
    dest.mkdir(parents=True)
    for pid in PROBLEMS:
        path = f"problems/{pid}.toml"
        if rev is None:
            text = (REPO / path).read_text()
        else:
            shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=REPO,
                                   capture_output=True, text=True)
            if shown.returncode != 0:
                raise Failed(f"{rev} has no {path}: {shown.stderr.strip()}")
            text = shown.stdout
        (dest / f"{pid}.toml").write_text(text)
    return dest


def baseline_binary(rev: str, cargo: str) -> Path:
    """The release binary of commit `rev`, built once from a temporary worktree."""
    sha = subprocess.run(["git", "rev-parse", "--short=12", rev], cwd=REPO, capture_output=True,
                         text=True)
    if sha.returncode != 0:
        raise Failed(f"no commit {rev}: {sha.stderr.strip()}")
    target = REPO / "target" / "bench-baseline" / sha.stdout.strip()
    binary = target / "release" / "pixelbank"
    if binary.is_file():
        return binary
    tree = Path(tempfile.mkdtemp(prefix="pixelbank-baseline-"))
    print(f"$ building the baseline {rev} in a worktree (once) ...", flush=True)
    try:
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=REPO,
                       check=True, capture_output=True)
        env = dict(os.environ, CARGO_TARGET_DIR=str(target))
        if subprocess.run([cargo, "build", "--release", "--locked", "-p", "pixelbank"], cwd=tree,
                          env=env).returncode:
            raise Failed(f"the baseline {rev} does not build")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO,
                       capture_output=True)
    return binary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="12 submissions, one loop")
    parser.add_argument("--count", type=int, help="submissions in the class (default 40)")
    parser.add_argument("--loops", type=int, help="submissions that never return (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds of -j 1 and -j 2")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold figure")
    parser.add_argument("--no-build", action="store_true", help="skip `cargo build --release`")
    parser.add_argument("--binary", type=Path,
                        help="measure this pixelbank instead of target/release/pixelbank (no build)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--baseline", default=BASELINE,
                        help=f"the commit to compare with (default {BASELINE})")
    parser.add_argument("--no-baseline", action="store_true", help="no comparison")
    args = parser.parse_args()
    count = args.count or (12 if args.quick else 40)
    loops = args.loops if args.loops is not None else (1 if args.quick else 2)
    cargo = os.environ.get("CARGO", "cargo")

    binary = release_binary("grade_batch", cargo, args.binary, build=not args.no_build)
    if binary is None:
        return 2

    try:
        old = None if args.no_baseline else baseline_binary(args.baseline, cargo)
    except Failed as e:
        print(f"grade_batch: {e}", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="pixelbank-grade-batch-"))
    load_start = loadavg()
    wall_start = time.perf_counter()
    try:
        subs = plan(count, loops, args.seed)
        master = work / "class"
        write_class(subs, master, args.seed)
        bank = write_bank(None if args.no_baseline else args.baseline, work / "bank")
        kinds = {k: sum(1 for s in subs if s.kind == k) for k in ("correct", "wrong", "compile", "loop")}
        print(f"work dir {work}; load average {load_start}")
        print(f"class of {count}: " + ", ".join(f"{v} {k}" for k, v in kinds.items()), flush=True)

        cold = None
        if not args.no_cold:
            cold = grade(binary, copy_class(master, work / "class-cold"), work / "out-cold",
                         work / "cache-cold", 1, work, subs, "cold -j 1", bank)

        # Warm what later batches reuse with a throwaway batch of four correct submissions,
        # graded -j 2 so that each worker of the baseline builds too.
        warm_subs = [Submission(f"warm-{i}", "correct", {m: "correct" for m in PROBLEMS.values()})
                     for i in range(4)]
        write_class(warm_subs, work / "class-warmup", args.seed)
        cache, old_cache = work / "cache", work / "cache-baseline"
        for label, b, c in [("", binary, cache)] + ([("baseline ", old, old_cache)] if old else []):
            shutil.rmtree(work / "out-warmup", ignore_errors=True)
            grade(b, copy_class(work / "class-warmup", work / f"class-warmup-{c.name}"),
                  work / "out-warmup", c, 2, work, warm_subs, f"{label}warm-up (throwaway) -j 2", bank)

        runs: dict[int, list[BatchRun]] = {1: [], 2: []}
        baseline_runs: list[BatchRun] = []
        for r in range(args.rounds):
            order = [("new", 1), ("new", 2)] + ([("old", 2)] if old else [])
            if r % 2:
                order.reverse()
            for who, jobs in order:
                tag = f"r{r + 1}-{who}-j{jobs}"
                b, c = (binary, cache) if who == "new" else (old, old_cache)
                ran = grade(b, copy_class(master, work / f"class-{tag}"), work / f"out-{tag}", c,
                            jobs, work, subs,
                            f"{'baseline ' if who == 'old' else ''}warm -j {jobs} (round {r + 1})",
                            bank)
                (runs[jobs] if who == "new" else baseline_runs).append(ran)
    except Failed as e:
        print(f"grade_batch: {e}", file=sys.stderr)
        print(f"(work dir kept: {work})", file=sys.stderr)
        return 2
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"pixelbank grade --batch <class of {count}> --problem x4  (release binary; "
          f"{kinds['loop']} submission(s) hit the time limit)")
    print(f"  {'run':<26} {'seconds':>8}  {'subs/min':>9}  {'TLE cases':>9}")
    if cold:
        print(f"  {'cold -j 1 (deps compiled)':<26} {cold.seconds:>8.1f}  {cold.per_minute:>9.1f}"
              f"  {cold.time_limit_cases:>9}")
    med = {}
    for jobs in (1, 2):
        secs = [b.seconds for b in runs[jobs]]
        med[jobs] = statistics.median(secs)
        spread = f" ({min(secs):.1f}-{max(secs):.1f})" if len(secs) > 1 else ""
        print(f"  {f'warm -j {jobs}':<26} {med[jobs]:>8.1f}  {count / med[jobs] * 60:>9.1f}"
              f"  {runs[jobs][0].time_limit_cases:>9}{spread}")
    print(f"  speed-up -j 2 over -j 1: {med[1] / med[2]:.2f} x")
    ok = True
    if baseline_runs:
        base = statistics.median(b.seconds for b in baseline_runs)
        speedup = base / med[2]
        ok = speedup >= TARGET_SPEEDUP
        print(f"  {f'baseline {args.baseline} -j 2':<26} {base:>8.1f}  {count / base * 60:>9.1f}"
              f"  {baseline_runs[0].time_limit_cases:>9}")
        print(f"  speed-up over the baseline at -j 2: {speedup:.2f} x "
              f"(target >= {TARGET_SPEEDUP} x: {'ok' if ok else 'MISSED'})")
    print("  warm = the dependencies compiled beforehand by a throwaway -j 2 batch (excluded)")
    if runs[1][0].time_limit_cases:
        print(f"  of each run, {runs[1][0].time_limit_seconds:.1f} s is one worker waiting out the "
              f"visible ones of the {runs[1][0].time_limit_cases} time-limit cases (hidden ones "
              f"carry no duration; -j 2 overlaps that wait with work)")
    print(f"\nload average (1, 5, 15 min): {load_start} at start, {loadavg()} at end "
          f"({os.cpu_count()} CPUs); {time.perf_counter() - wall_start:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
