#!/usr/bin/env python3
"""How long `pixelbank run` takes: cold, unchanged, after a one-line edit, against cargo's floor.

A benchmark, not a timed test: the machine may be shared and noisy, so the edit target is a ratio
of medians measured within one run, and every figure comes with its CPU time (which other
processes do not inflate much) next to the wall-clock time the targets are about. Python 3
standard library only.

    python3 bench/run_speed.py             # full: 2 cold runs, 20 unchanged, 10 + 10 edits
    python3 bench/run_speed.py --quick     # fewer repetitions, to check the script works
    python3 bench/run_speed.py --no-build  # reuse target/release/pixelbank as it is

What is measured, for `pixelbank --color never run bce-loss --solution <copy>` with a fresh
temporary PIXELBANK_CACHE_DIR and a copy of solutions/src/bce_loss.rs in a temporary directory:

  cold        the first run with an empty cache (the harness's dependencies are compiled);
  unchanged   the run again with nothing changed: the stamp skips cargo (target: <= 50 ms);
  after edit  the run after a one-line edit of the copy: cargo recompiles the problem's bin;
  floor       after the same kind of edit, a bare `cargo build --bin bce_loss --manifest-path
              <cache>/harness/Cargo.toml --target-dir <cache>/target`: what any judge built on
              cargo pays at least (target: after edit <= 1.3 x floor, medians).

Edits and floor builds are interleaved, their order alternating pair by pair, so that noise from
other processes hits both alike. Every run is checked: the judge must say `solved`, an unchanged
run must not rebuild the harness binary, and a run after an edit (and each floor build) must.

Reference rows, to explain the figures rather than to judge them: process start plus loading the
bank (`pixelbank show bce-loss`), cargo with nothing to do, the harness binary run 12 times
directly (what the cases cost without the judge around them), starting `true`, and creating the
48 files a judge run creates in $TMPDIR (probed after each unchanged run). That last one matters on
an ext4 without a journal, where creating a file after a large deletion (a cargo target dir
removed, by this script or anyone) can cost 0.5 ms instead of 0.03 ms for a minute or so: the
unchanged run then doubles. Do not start the script right after another benchmark's clean-up.

Exit status: 0 both targets met, 1 a target missed, 2 the benchmark itself failed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, loadavg, release_binary
PROBLEM = "bce-loss"
MODULE = "bce_loss"
# The line edited. Each edit spells the constant differently (1.0e-15, 1.00e-15, ...): the same
# value, so the reference solution stays correct, but text never seen before. Two spellings
# alternating would not do: judge(A), floor(B), judge(A) finds the stamp pixelbank wrote for A and
# rightly skips cargo, but the binary is then the one the floor built from B.
EDIT_LINE = "const EPS: f64 = 1e-15;"
# One case's input in the harness's wire form, for the reference row that runs it directly.
CASE_INPUT = {"instantiation": 0, "inputs": [[1.0, 0.0, 1.0], [0.9, 0.2, 0.7]]}
CASES = 12

UNCHANGED_TARGET_MS = 50.0
EDIT_RATIO_TARGET = 1.3


def edit_variant(k: int) -> str:
    return f"const EPS: f64 = 1.{'0' * k}e-15;"


class Failed(Exception):
    """The benchmark could not measure what it should."""


def children_cpu_ms() -> float:
    """CPU time (user + sys) of every reaped descendant so far: grandchildren (cargo's rustc,
    pixelbank's judged children) count once their own parent has waited for them."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000


class Sample:
    """One timed command: wall-clock and CPU milliseconds."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall = wall
        self.cpu = cpu


def timed(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess, Sample]:
    cpu = children_cpu_ms()
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, **kw,
    )
    wall = (time.perf_counter() - start) * 1000
    return proc, Sample(wall, children_cpu_ms() - cpu)


class Bench:
    def __init__(self, binary: Path, work: Path, cargo: str) -> None:
        self.binary = binary
        self.work = work
        self.cargo = cargo
        self.solution = work / f"{MODULE}.rs"
        self.original = (REPO / "solutions/src" / f"{MODULE}.rs").read_text()
        if self.original.count(EDIT_LINE) != 1:
            raise Failed(f"the line to edit, `{EDIT_LINE}`, is not once in solutions/src/{MODULE}.rs")
        self.solution.write_text(self.original)
        self.edits = 0
        self.cache = work / "cache"
        self.env = dict(os.environ)
        # The official bank, plain output, cargo's defaults: the same run whoever starts it.
        for var in ("PIXELBANK_PROBLEMS", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET"):
            self.env.pop(var, None)
        self.env["NO_COLOR"] = "1"

    def use_cache(self, cache: Path) -> None:
        self.cache = cache
        self.env["PIXELBANK_CACHE_DIR"] = str(cache)

    @property
    def harness_binary(self) -> Path:
        return self.cache / "target/debug" / MODULE

    def binary_id(self) -> tuple[int, int] | None:
        """Changes whenever cargo writes the harness binary anew."""
        try:
            st = self.harness_binary.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def edit(self) -> None:
        """Rewrites the copy with a new spelling of the edited line: a real content change."""
        self.edits += 1
        self.solution.write_text(self.original.replace(EDIT_LINE, edit_variant(self.edits)))

    def run(self, expect_compile: bool | None) -> Sample:
        """One `pixelbank run`. `expect_compile`: whether cargo must have rebuilt the binary."""
        before = self.binary_id()
        proc, sample = timed(
            [str(self.binary), "--color", "never", "run", PROBLEM, "--solution", str(self.solution)],
            cwd=self.work, env=self.env,
        )
        if proc.returncode != 0 or "solved" not in proc.stdout:
            raise Failed(f"`pixelbank run` failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        if expect_compile is not None and (self.binary_id() != before) != expect_compile:
            raise Failed(
                "the harness binary was "
                + ("not rebuilt after an edit" if expect_compile else "rebuilt though nothing changed")
            )
        return sample

    def cargo_build(self, expect_compile: bool) -> Sample:
        """The floor: a bare cargo build of the same harness bin and target dir."""
        before = self.binary_id()
        proc, sample = timed(
            [
                self.cargo, "build", "--bin", MODULE,
                "--manifest-path", str(self.cache / "harness/Cargo.toml"),
                "--target-dir", str(self.cache / "target"),
            ],
            cwd=self.work, env=self.env,
        )
        if proc.returncode != 0:
            raise Failed(f"the floor's cargo build failed:\n{proc.stderr}")
        if (self.binary_id() != before) != expect_compile:
            raise Failed(
                "the bare cargo build "
                + ("did not rebuild the harness after an edit" if expect_compile else "rebuilt it")
            )
        return sample

    def show(self) -> Sample:
        proc, sample = timed(
            [str(self.binary), "--color", "never", "show", PROBLEM], cwd=self.work, env=self.env
        )
        if proc.returncode != 0:
            raise Failed(f"`pixelbank show` failed:\n{proc.stderr}")
        return sample

    def cases_direct(self) -> Sample:
        """The harness binary run CASES times in a row, as the judge would, without the judge."""
        case = self.work / "case.json"
        case.write_text(json.dumps(CASE_INPUT))
        result = self.work / "result.json"
        cpu = children_cpu_ms()
        start = time.perf_counter()
        for _ in range(CASES):
            subprocess.run(
                [str(self.harness_binary), str(case), str(result)], cwd=self.work,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env={"RUST_BACKTRACE": "0"}, check=True,
            )
        sample = Sample((time.perf_counter() - start) * 1000, children_cpu_ms() - cpu)
        if json.loads(result.read_text()).get("status") != "returned":
            raise Failed(f"the harness did not return: {result.read_text()}")
        return sample


def file_creations(n: int = 4 * CASES) -> Sample:
    """Creates `n` files in a fresh directory under $TMPDIR, as one judge run does (a case's input,
    stdout, stderr and result files), and removes them. Cheap on most file systems, but on an ext4
    without a journal a creation steps over every recently deleted inode of its block group: after
    a large deletion anywhere on the disk it can cost up to a millisecond of kernel time."""
    start = time.perf_counter()
    cpu = time.process_time()
    d = Path(tempfile.mkdtemp(prefix="pixelbank-run-speed-probe-"))
    for i in range(n):
        (d / f"f{i}").write_text("{}")
    wall = (time.perf_counter() - start) * 1000
    cpu = (time.process_time() - cpu) * 1000
    shutil.rmtree(d)
    return Sample(wall, cpu)


def true_spawn(work: Path) -> Sample:
    return timed(["true"], cwd=work)[1]


def median(samples: list[Sample], attr: str = "wall") -> float:
    return statistics.median(getattr(s, attr) for s in samples)


def row(name: str, samples: list[Sample]) -> str:
    walls = [s.wall for s in samples]
    return (
        f"  {name:<30} {len(samples):>3}  {statistics.median(walls):>8.1f}  {min(walls):>8.1f}"
        f"  {max(walls):>8.1f}  {median(samples, 'cpu'):>8.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--no-build", action="store_true", help="skip `cargo build --release`")
    parser.add_argument("--binary", type=Path,
                        help="measure this pixelbank instead of target/release/pixelbank (no build)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    cold_n, unchanged_n, edit_n, info_n = (1, 5, 3, 5) if args.quick else (2, 20, 10, 10)
    cargo = os.environ.get("CARGO", "cargo")

    binary = release_binary("run_speed", cargo, args.binary, build=not args.no_build)
    if binary is None:
        return 2

    work = Path(tempfile.mkdtemp(prefix="pixelbank-run-speed-"))
    load_start = loadavg()
    wall_start = time.perf_counter()
    try:
        bench = Bench(binary, work, cargo)
        print(f"work dir {work}; load average {load_start}", flush=True)

        cold = []
        for i in range(cold_n):
            bench.use_cache(work / f"cache-{i}")
            print(f"cold run {i + 1}/{cold_n} (compiles ndarray and serde_json) ...", flush=True)
            cold.append(bench.run(expect_compile=True))
        # The last cold cache is the one measured from here on.

        unchanged, creations = [], []
        for _ in range(unchanged_n):
            unchanged.append(bench.run(expect_compile=False))
            creations.append(file_creations())

        # One untimed edit of each kind first: the first incremental rebuild after the cold build
        # is not the steady state.
        bench.edit()
        bench.run(expect_compile=True)
        bench.edit()
        bench.cargo_build(expect_compile=True)
        after_edit: list[Sample] = []
        floor: list[Sample] = []
        for i in range(edit_n):
            for kind in ("judge", "floor") if i % 2 == 0 else ("floor", "judge"):
                bench.edit()
                if kind == "judge":
                    after_edit.append(bench.run(expect_compile=True))
                else:
                    floor.append(bench.cargo_build(expect_compile=True))
            print(f"  edit pair {i + 1}/{edit_n}: run {after_edit[-1].wall:.0f} ms, "
                  f"floor {floor[-1].wall:.0f} ms", flush=True)

        # Reference rows. Rebuild what the last floor build left, so every row sees a fresh cache.
        bench.run(expect_compile=None)
        shows, noop_cargo, direct, spawns = [], [], [], []
        for _ in range(info_n):
            shows.append(bench.show())
            noop_cargo.append(bench.cargo_build(expect_compile=False))
            direct.append(bench.cases_direct())
            spawns.append(true_spawn(work))
    except Failed as e:
        print(f"run_speed: {e}", file=sys.stderr)
        print(f"(work dir kept: {work})", file=sys.stderr)
        return 2
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)

    unchanged_med = median(unchanged)
    edit_med = median(after_edit)
    floor_med = median(floor)
    ratio = edit_med / floor_med

    print()
    print(f"pixelbank --color never run {PROBLEM} --solution <copy>")
    print(f"  {'ms (cpu: children user+sys)':<30} {'n':>3}  {'median':>8}  {'min':>8}  {'max':>8}"
          f"  {'cpu med':>8}")
    print(row("cold (empty cache)", cold))
    print(row("unchanged", unchanged))
    print(row("after one-line edit", after_edit))
    print(row("floor: bare cargo build", floor))
    print("  for reference:")
    print(row("startup + bank load (show)", shows))
    print(row("cargo build, nothing to do", noop_cargo))
    print(row(f"harness run {CASES}x directly", direct))
    print(row("spawn `true`", spawns))
    print(row(f"{4 * CASES} file creations in $TMPDIR", creations))
    print()
    judging = unchanged_med - median(shows)
    print(f"  unchanged = startup + bank {median(shows):.1f} + judging {CASES} cases {judging:.1f} ms "
          f"({judging / CASES:.1f} ms a case; {median(direct) / CASES:.1f} ms run directly)")
    print(f"  (a judge run creates {4 * CASES} files in $TMPDIR: {median(creations):.1f} ms of it at "
          f"the time of the unchanged runs; {tempfile.gettempdir()})")
    print(f"  after edit - floor = {edit_med - floor_med:.1f} ms "
          f"(unchanged run: {unchanged_med:.1f} ms)")
    print()
    checks = [
        ("unchanged (median)", f"{unchanged_med:.1f} ms", f"<= {UNCHANGED_TARGET_MS:.0f} ms",
         unchanged_med <= UNCHANGED_TARGET_MS),
        ("after edit / floor (medians)", f"{ratio:.2f} x", f"<= {EDIT_RATIO_TARGET} x",
         ratio <= EDIT_RATIO_TARGET),
    ]
    print(f"  {'target':<30} {'measured':>10}  {'goal':>10}")
    for name, measured, goal, ok in checks:
        print(f"  {name:<30} {measured:>10}  {goal:>10}  {'ok' if ok else 'MISSED'}")
    print(f"\nload average (1, 5, 15 min): {load_start} at start, {loadavg()} at end "
          f"({os.cpu_count()} CPUs); {time.perf_counter() - wall_start:.0f} s in all")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
