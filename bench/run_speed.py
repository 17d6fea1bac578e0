#!/usr/bin/env python3
"""How long `pixelbank run` takes, and `pixelbank list` of a large bank, against cargo's floor.

A benchmark, not a timed test: the machine may be shared and noisy, so the edit target is a ratio
of medians measured within one run, the two sides interleaved, and every figure comes with its CPU
time next to the wall-clock time the targets are about: that of every process the command
started, one that ends after it included (this process adopts them). Python 3 standard library
only.

    python3 bench/run_speed.py             # full: 20 unchanged runs, 10 + 10 edits, ...
    python3 bench/run_speed.py --quick     # fewer repetitions, to check the script works
    python3 bench/run_speed.py --no-build  # reuse target/release/pixelbank as it is

What is measured, for `pixelbank --color never run bce-loss --solution <copy>` with a fresh
temporary PIXELBANK_CACHE_DIR and a copy of solutions/src/bce_loss.rs in a temporary directory:

  cold        the first run with an empty cache: the runtime (ndarray, serde_json) is built;
  unchanged   the run again with nothing changed: the program is found by its content, nothing
              is compiled (target: <= 10 ms median);
  after edit  the run after a one-line edit of the copy (rustc on the learner's module and the
              generated entry point only);
  floor       after the same edit of a second copy, a bare `cargo build` of a minimal Cargo
              package (depending on ndarray and serde_json) whose `main` includes that copy as a
              module and calls the function once, plus running it: what any judge built on cargo
              pays at least (target: after edit <= 0.6 x floor, medians);
  fresh ws    `pixelbank run bce-loss` in a second, fresh workspace (made by `pixelbank init`, the
              reference solution in it) once the runtime is built (target: <= 2 s each);
  list 1000   `pixelbank --problems <bank> list` over 1,000 problems (copies of the official
              ones), after a first listing has indexed them (target: <= 50 ms median).

Edits and floor builds are interleaved, their order alternating pair by pair, so that noise from
other processes hits both alike. Every run is checked: the judge must say `solved`; an unchanged
run must not compile, and a run after an edit (and each floor build) must.

Exit status: 0 every target met, 1 a target missed, 2 the benchmark itself failed.
"""

from __future__ import annotations

import argparse
import os
import re
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
# value, so the reference solution stays correct, but text never seen before, so that no program
# built earlier can be reused.
EDIT_LINE = "const EPS: f64 = 1e-15;"

UNCHANGED_TARGET_MS = 10.0
EDIT_RATIO_TARGET = 0.6
FRESH_WORKSPACE_TARGET_MS = 2000.0
LIST_TARGET_MS = 50.0

FLOOR_MANIFEST = """[package]
name = "floor"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ndarray = "0.17"
serde_json = "1"

[workspace]
"""

FLOOR_MAIN = """#[path = "{learner}"]
mod bce_loss;

fn main() {{
    println!("{{:?}}", bce_loss::bce_loss(&[1.0, 0.0, 1.0], &[0.9, 0.2, 0.7]));
}}
"""


def edit_variant(k: int) -> str:
    return f"const EPS: f64 = 1.{'0' * k}e-15;"


class Failed(Exception):
    """The benchmark could not measure what it should."""


def children_cpu_ms() -> float:
    """CPU time (user + sys) of every reaped descendant so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000


class Sample:
    """One timed command: wall-clock and CPU milliseconds."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall = wall
        self.cpu = cpu


def adopt_orphans() -> bool:
    """Makes this process the subreaper of its descendants (Linux), so that the CPU time of a
    process that ends after the command that started it (pixelbank leaves a compiler that has
    begun to exit to finish on its own) is counted too, once reaped by `reap_orphans`."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(limit_s: float = 5.0) -> None:
    """Reaps every descendant adopted after its parent ended; one still running after
    `limit_s` is a process the command left behind, which the benchmark refuses."""
    deadline = time.monotonic() + limit_s
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                raise Failed("a process outlived the command that started it")
            time.sleep(0.001)


def timed(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess, Sample]:
    cpu = children_cpu_ms()
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, **kw,
    )
    wall = (time.perf_counter() - start) * 1000
    reap_orphans()
    return proc, Sample(wall, children_cpu_ms() - cpu)


def artifacts(cache: Path) -> int:
    """How many programs the cache holds: a run that compiles adds one."""
    d = cache / "artifacts"
    return len(list(d.iterdir())) if d.is_dir() else 0


class Bench:
    def __init__(self, binary: Path, work: Path, cargo: str) -> None:
        self.binary = binary
        self.work = work
        self.cargo = cargo
        self.original = (REPO / "solutions/src" / f"{MODULE}.rs").read_text()
        if self.original.count(EDIT_LINE) != 1:
            raise Failed(f"the line to edit, `{EDIT_LINE}`, is not once in solutions/src/{MODULE}.rs")
        self.solution = work / "judged" / f"{MODULE}.rs"
        self.solution.parent.mkdir()
        self.solution.write_text(self.original)
        self.floor = work / "floor"
        self.floor_solution = self.floor / "learner" / f"{MODULE}.rs"
        self.edits = 0
        self.cache = work / "cache"
        self.env = dict(os.environ)
        # The official bank, plain output, cargo's defaults: the same run whoever starts it.
        for var in ("PIXELBANK_PROBLEMS", "CARGO_TARGET_DIR", "CARGO_BUILD_TARGET", "RUSTFLAGS"):
            self.env.pop(var, None)
        self.env["NO_COLOR"] = "1"
        self.env["PIXELBANK_CACHE_DIR"] = str(self.cache)

    def make_floor(self) -> None:
        """The minimal package, built once (its dependencies compiled, untimed)."""
        (self.floor / "src").mkdir(parents=True)
        self.floor_solution.parent.mkdir()
        self.floor_solution.write_text(self.original)
        (self.floor / "Cargo.toml").write_text(FLOOR_MANIFEST)
        (self.floor / "src/main.rs").write_text(FLOOR_MAIN.format(learner=self.floor_solution))
        proc = subprocess.run([self.cargo, "build", "--quiet"], cwd=self.floor, env=self.env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise Failed(f"the floor package does not build:\n{proc.stderr}")

    def edit(self, file: Path) -> None:
        """Rewrites `file` with a new spelling of the edited line: a real content change."""
        self.edits += 1
        file.write_text(self.original.replace(EDIT_LINE, edit_variant(self.edits)))

    def run(self, expect_compile: bool | None, solution: Path | None = None,
            cwd: Path | None = None) -> Sample:
        """One `pixelbank run`; `expect_compile`: whether it must have built a program."""
        before = artifacts(self.cache)
        cmd = [str(self.binary), "--color", "never", "run", PROBLEM]
        if solution is not None:
            cmd += ["--solution", str(solution)]
        proc, sample = timed(cmd, cwd=cwd or self.work, env=self.env)
        if proc.returncode != 0 or "solved" not in proc.stdout:
            raise Failed(f"`pixelbank run` failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        compiled = artifacts(self.cache) != before
        if expect_compile is not None and compiled != expect_compile:
            raise Failed("the run " + ("did not compile after an edit" if expect_compile
                                       else "compiled though nothing changed"))
        return sample

    def floor_build(self) -> Sample:
        """The floor: a bare cargo build of the minimal package after the edit, then its run."""
        exe = self.floor / "target/debug/floor"
        before = exe.stat().st_mtime_ns
        cpu = children_cpu_ms()
        start = time.perf_counter()
        build = subprocess.run([self.cargo, "build", "--quiet"], cwd=self.floor, env=self.env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
        ran = subprocess.run([str(exe)], capture_output=True, text=True)
        wall = (time.perf_counter() - start) * 1000
        reap_orphans()
        sample = Sample(wall, children_cpu_ms() - cpu)
        if build.returncode != 0 or ran.returncode != 0 or not ran.stdout.startswith("Ok("):
            raise Failed(f"the floor failed:\n{build.stderr}{ran.stdout}{ran.stderr}")
        if exe.stat().st_mtime_ns == before:
            raise Failed("the floor's cargo build did not rebuild after an edit")
        return sample

    def show(self) -> Sample:
        proc, sample = timed([str(self.binary), "--color", "never", "show", PROBLEM],
                             cwd=self.work, env=self.env)
        if proc.returncode != 0:
            raise Failed(f"`pixelbank show` failed:\n{proc.stderr}")
        return sample

    def fresh_workspace(self, k: int) -> Sample:
        """`pixelbank init`, the reference solution put in, then the first `pixelbank run`."""
        ws = self.work / f"workspace-{k}"
        proc = subprocess.run([str(self.binary), "--color", "never", "init", str(ws)],
                              cwd=self.work, env=self.env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise Failed(f"`pixelbank init` failed:\n{proc.stdout}{proc.stderr}")
        # The workspace's own file replaced by a solved one, as a learner's would be.
        (ws / "src" / f"{MODULE}.rs").unlink()
        (ws / "src" / f"{MODULE}.rs").write_text(f"// Workspace {k}.\n{self.original}")
        return self.run(expect_compile=True, cwd=ws)

    def big_bank(self, n: int = 1000) -> Path:
        """A bank of `n` problems: copies of the official ones under new ids."""
        bank = self.work / "bank-1000"
        bank.mkdir()
        files = sorted(p for p in (REPO / "problems").glob("*.toml") if not p.name.startswith("_"))
        for i in range(n):
            src = files[i % len(files)]
            old = src.stem
            new = f"{old}-{i:04d}"
            text = src.read_text()
            text, count = re.subn(rf'^id = "{re.escape(old)}"$', f'id = "{new}"', text, count=1,
                                  flags=re.M)
            if count != 1:
                raise Failed(f"{src.name} has no `id = ...` line to rename")
            (bank / f"{new}.toml").write_text(text)
        return bank

    def list_bank(self, bank: Path, n: int) -> Sample:
        proc, sample = timed([str(self.binary), "--color", "never", "--problems", str(bank), "list"],
                             cwd=self.work, env=self.env)
        if proc.returncode != 0 or f"{n} problems" not in proc.stdout:
            raise Failed(f"`pixelbank list` failed:\n{proc.stdout[-500:]}{proc.stderr}")
        return sample


def true_spawn(work: Path) -> Sample:
    return timed(["true"], cwd=work)[1]


def median(samples: list[Sample], attr: str = "wall") -> float:
    return statistics.median(getattr(s, attr) for s in samples)


def row(name: str, samples: list[Sample]) -> str:
    walls = [s.wall for s in samples]
    return (
        f"  {name:<32} {len(samples):>3}  {statistics.median(walls):>8.1f}  {min(walls):>8.1f}"
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

    unchanged_n, edit_n, fresh_n, list_n = (5, 3, 2, 5) if args.quick else (20, 10, 3, 10)
    cargo = os.environ.get("CARGO", "cargo")

    binary = release_binary("run_speed", cargo, args.binary, build=not args.no_build)
    if binary is None:
        return 2

    adopt_orphans()
    work = Path(tempfile.mkdtemp(prefix="pixelbank-run-speed-"))
    load_start = loadavg()
    wall_start = time.perf_counter()
    try:
        bench = Bench(binary, work, cargo)
        print(f"work dir {work}; load average {load_start}", flush=True)
        print("cold run (builds the runtime: ndarray and serde_json) ...", flush=True)
        cold = bench.run(expect_compile=True, solution=bench.solution)
        print("building the floor's minimal package once ...", flush=True)
        bench.make_floor()

        unchanged = [bench.run(expect_compile=False, solution=bench.solution)
                     for _ in range(unchanged_n)]

        # One untimed edit of each kind first: the first incremental rebuild after a cold build is
        # not the steady state.
        bench.edit(bench.solution)
        bench.run(expect_compile=True, solution=bench.solution)
        bench.edit(bench.floor_solution)
        bench.floor_build()
        after_edit: list[Sample] = []
        floor: list[Sample] = []
        for i in range(edit_n):
            for kind in ("judge", "floor") if i % 2 == 0 else ("floor", "judge"):
                if kind == "judge":
                    bench.edit(bench.solution)
                    after_edit.append(bench.run(expect_compile=True, solution=bench.solution))
                else:
                    bench.edit(bench.floor_solution)
                    floor.append(bench.floor_build())
            print(f"  edit pair {i + 1}/{edit_n}: run {after_edit[-1].wall:.0f} ms, "
                  f"floor {floor[-1].wall:.0f} ms", flush=True)

        fresh = [bench.fresh_workspace(k) for k in range(fresh_n)]

        bank = bench.big_bank()
        print("listing the 1,000-problem bank once (it is indexed) ...", flush=True)
        first_list = bench.list_bank(bank, 1000)
        listed = [bench.list_bank(bank, 1000) for _ in range(list_n)]

        shows = [bench.show() for _ in range(list_n)]
        spawns = [true_spawn(work) for _ in range(list_n)]
    except Failed as e:
        print(f"run_speed: {e}", file=sys.stderr)
        print(f"(work dir kept: {work})", file=sys.stderr)
        return 2
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)

    unchanged_med = median(unchanged)
    ratio = median(after_edit) / median(floor)
    fresh_max = max(s.wall for s in fresh)
    list_med = median(listed)

    print()
    print(f"pixelbank --color never run {PROBLEM} --solution <copy>")
    print(f"  {'ms (cpu: children user+sys)':<32} {'n':>3}  {'median':>8}  {'min':>8}  {'max':>8}"
          f"  {'cpu med':>8}")
    print(row("cold (empty cache)", [cold]))
    print(row("unchanged", unchanged))
    print(row("after one-line edit", after_edit))
    print(row("floor: cargo build + run", floor))
    print(row("first run, fresh workspace", fresh))
    print(row("list, 1,000 problems (indexed)", listed))
    print("  for reference:")
    print(row("list, 1,000 problems (first)", [first_list]))
    print(row("show bce-loss", shows))
    print(row("spawn `true`", spawns))
    print()
    checks = [
        ("unchanged (median)", f"{unchanged_med:.1f} ms", f"<= {UNCHANGED_TARGET_MS:.0f} ms",
         unchanged_med <= UNCHANGED_TARGET_MS),
        ("after edit / floor (medians)", f"{ratio:.2f} x", f"<= {EDIT_RATIO_TARGET} x",
         ratio <= EDIT_RATIO_TARGET),
        ("fresh workspace (slowest)", f"{fresh_max:.0f} ms", f"<= {FRESH_WORKSPACE_TARGET_MS:.0f} ms",
         fresh_max <= FRESH_WORKSPACE_TARGET_MS),
        ("list of 1,000 (median)", f"{list_med:.1f} ms", f"<= {LIST_TARGET_MS:.0f} ms",
         list_med <= LIST_TARGET_MS),
    ]
    print(f"  {'target':<32} {'measured':>10}  {'goal':>10}")
    for name, measured, goal, ok in checks:
        print(f"  {name:<32} {measured:>10}  {goal:>10}  {'ok' if ok else 'MISSED'}")
    print(f"\nload average (1, 5, 15 min): {load_start} at start, {loadavg()} at end "
          f"({os.cpu_count()} CPUs); {time.perf_counter() - wall_start:.0f} s in all")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
