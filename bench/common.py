"""What both benchmarks need: the repository, the release binary to measure, the load average."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def release_binary(name: str, cargo: str, binary: Path | None, build: bool) -> Path | None:
    """Builds `cargo build --release -p pixelbank` unless told not to, and returns the binary to
    measure (`binary` when given); None, after saying why on stderr, when there is none."""
    if build and not binary:
        print("$ cargo build --release -p pixelbank", flush=True)
        if subprocess.run([cargo, "build", "--release", "-p", "pixelbank"], cwd=REPO).returncode:
            print(f"{name}: cargo build --release -p pixelbank failed", file=sys.stderr)
            return None
    path = (binary or REPO / "target/release/pixelbank").resolve()
    if not path.is_file():
        print(f"{name}: no release binary at {path}", file=sys.stderr)
        return None
    return path


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, or "?" where /proc has none."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
