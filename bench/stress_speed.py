#!/usr/bin/env python3
"""Issue 12's claims about stress and bench, measured on the official bank.

A benchmark, not a timed test: the machine may be shared and noisy, so each figure is a
distribution over runs, printed with the load average. Python 3.11+ standard library only.

    python3 bench/stress_speed.py                 # both parts, every problem with a generator
    python3 bench/stress_speed.py --bench-only    # only the bench ratios
    python3 bench/stress_speed.py --stress-only   # only the stress times
    python3 bench/stress_speed.py --runs 3 --problem bce-loss --no-build

Bench: `pixelbank bench ID --solution solutions/src/<module>.rs`, the reference timed against
itself, `--runs` times per problem (5 by default); each run's ratio is read from its report.
Target: every ratio within 0.8x to 1.25x, run after run.

Stress: `pixelbank stress ID --seed 1 --solution FILE` for every wrong solution of the problem
(solutions/wrong/<module>/ and tests/fixtures/stress-wrong/<module>/), wall-clock time of the whole
command (build cache warm: each file is judged once before it is timed). Target: a
counterexample within 2 s, shrunk to sizes of at most 3 where the generator allows.

Exit status: 0 every target met, 1 a target missed, 2 the benchmark itself failed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from common import REPO, loadavg, release_binary

# Wrong solutions none of whose counterexamples is smaller along a dimension, as
# tests/e2e/stress_bank.rs lists them with their reasons: (file stem, dimension) -> size.
LARGER = {
    ("u32_row_bits", "N"): 33,
    ("u8_row_bits", "N"): 9,
    ("f32_frequency", "S"): 4,
}

RATIO = re.compile(r"^\s*ratio\s+([0-9.]+)×", re.MULTILINE)
SIZES = re.compile(r"^\s*sizes\s+(.*?)(?: \(|$)", re.MULTILINE)


def problems(only: list[str]) -> list[tuple[str, dict]]:
    """The official problems with a generator, by id: `(id, generator table)`."""
    out = []
    for path in sorted((REPO / "problems").glob("*.toml")):
        if path.name.startswith("_"):
            continue
        data = tomllib.loads(path.read_text())
        generator = data.get("generator")
        if generator is None or (only and data["id"] not in only):
            continue
        out.append((data["id"], generator))
    return out


def smallest(generator: dict) -> dict[str, int]:
    """The smallest size each dimension may take, over the base and the variants."""
    def start(value) -> int:
        return int(str(value).split("..=")[0])

    sizes = {name: start(v) for name, v in generator.get("dims", {}).items()}
    for variant in generator.get("variants", []):
        for name, v in variant.get("dims", {}).items():
            sizes[name] = min(sizes.get(name, start(v)), start(v))
    return sizes


def run(binary: Path, args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    done = subprocess.run([str(binary), "--color", "never", *args], capture_output=True, text=True,
                          cwd=REPO)
    return done, time.perf_counter() - start


def bench_part(binary: Path, chosen: list[tuple[str, dict]], runs: int) -> bool:
    print(f"\n== bench: the reference against itself, {runs} runs per problem (load {loadavg()})")
    print(f"{'problem':34} {'input':28} {'min':>6} {'median':>7} {'max':>6}")
    ok = True
    for pid, generator in chosen:
        if "bench" not in generator:
            print(f"{pid:34} no bench size: nothing to time")
            continue
        module = pid.replace("-", "_")
        ratios = []
        phrase = ""
        for _ in range(runs):
            done, _ = run(binary, ["bench", pid, "--solution", f"solutions/src/{module}.rs"])
            found = RATIO.search(done.stdout)
            if done.returncode != 0 or not found:
                print(f"{pid}: bench failed (exit {done.returncode})\n{done.stdout}{done.stderr}",
                      file=sys.stderr)
                sys.exit(2)
            ratios.append(float(found.group(1)))
            last = done.stdout.strip().splitlines()[-1]
            phrase = last.split(" on ", 1)[-1] if " on " in last else last.split(" at ", 1)[-1]
        within = all(0.8 <= r <= 1.25 for r in ratios)
        ok &= within
        mark = "" if within else "   <- outside 0.8x to 1.25x"
        print(f"{pid:34} {phrase[:28]:28} {min(ratios):6.2f} {statistics.median(ratios):7.2f} "
              f"{max(ratios):6.2f}{mark}")
    return ok


def wrong_solutions(module: str) -> list[Path]:
    out = []
    for base in ["solutions/wrong", "tests/fixtures/stress-wrong"]:
        out.extend(sorted((REPO / base / module).glob("*.rs")))
    return out


def stress_part(binary: Path, chosen: list[tuple[str, dict]]) -> bool:
    print(f"\n== stress: every wrong solution, seed 1 (load {loadavg()})")
    ok = True
    times = []
    for pid, generator in chosen:
        module = pid.replace("-", "_")
        floors = smallest(generator)
        slowest, worst_size, count, misses, notes = 0.0, 0, 0, [], []
        for path in wrong_solutions(module):
            args = ["stress", pid, "--seed", "1", "--solution", str(path)]
            run(binary, args)  # warms the build cache: the file, the reference, the wrong ones
            done, elapsed = run(binary, args)
            count += 1
            name = path.relative_to(REPO)
            if done.returncode != 1:
                misses.append(f"{name}: not found (exit {done.returncode})")
                continue
            times.append((elapsed, str(name)))
            slowest = max(slowest, elapsed)
            found = SIZES.search(done.stdout)
            for pair in (found.group(1).split(", ") if found else []):
                dim, n = pair.rsplit(" = ", 1)
                dim = dim.split(" ")[0]
                worst_size = max(worst_size, int(n))
                allowed = max(3, floors.get(dim, 0), LARGER.get((path.stem, dim), 0))
                if int(n) > allowed:
                    misses.append(f"{name}: shrunk only to {pair}")
                elif int(n) > 3:
                    notes.append(f"{name}: {pair}, the smallest counterexample there is")
            if elapsed > 2.0:
                misses.append(f"{name}: {elapsed:.2f} s")
        ok &= not misses
        print(f"{pid:34} {count:3} wrong solutions · slowest {slowest:5.2f} s · "
              f"largest shrunk size {worst_size}")
        for line in notes + misses:
            print(f"    {line}")
    if times:
        walls = [t for t, _ in times]
        print(f"\n{len(times)} counterexamples: median {statistics.median(walls):.2f} s, "
              f"slowest {max(walls):.2f} s ({max(times)[1]})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="bench runs per problem")
    parser.add_argument("--problem", action="append", default=[], help="only this problem")
    parser.add_argument("--bench-only", action="store_true")
    parser.add_argument("--stress-only", action="store_true")
    parser.add_argument("--no-build", action="store_true", help="reuse target/release/pixelbank")
    parser.add_argument("--binary", type=Path, help="measure this pixelbank binary")
    parser.add_argument("--cargo", default="cargo")
    args = parser.parse_args()
    binary = release_binary("stress_speed", args.cargo, args.binary, not args.no_build)
    if binary is None:
        return 2
    chosen = problems(args.problem)
    if not chosen:
        print("stress_speed: no problem with a generator", file=sys.stderr)
        return 2
    ok = True
    if not args.stress_only:
        ok &= bench_part(binary, chosen, args.runs)
    if not args.bench_only:
        ok &= stress_part(binary, chosen)
    print("\nevery target met" if ok else "\na target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
