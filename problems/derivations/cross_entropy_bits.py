"""Expected values for problems/cross-entropy-bits.toml, computed with Python's math module only.

Run: python3 problems/derivations/cross_entropy_bits.py
"""
import math


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -math.inf


def log2(x):
    return math.log2(x) if x > 0 else -math.inf


def log10(x):
    return math.log10(x) if x > 0 else -math.inf


def nats(p):
    return sum(-ln(x) for x in p) / len(p)


def bits(p):
    # Computed directly with log2, not by converting nats, so it is an independent check.
    return sum(-log2(x) for x in p) / len(p)


CASES = {
    "uniform over eight": [0.125, 0.125, 0.125],
    "fair coin": [0.5, 0.5],
    "typical sentence": [0.5, 0.25, 0.8, 0.1],
    "certain model": [1.0],
    "a zero probability": [0.5, 0.0],
    "longer sequence": [0.9, 0.05, 0.6, 0.33, 0.7, 0.12, 0.45, 0.99, 0.2, 0.08],
    "tiny probability": [1e-300],
    "single token": [0.9],
}

for name, p in CASES.items():
    n, b = nats(p), bits(p)
    print(f"{name}: nats = {n!r}  bits = {b!r}")
    print(f"    sum: nats = {n * len(p)!r}  bits = {b * len(p)!r}")
    print(f"    bits via log10 = {sum(-log10(x) for x in p) / len(p)!r}")
    print(f"    bits = nats * ln 2 = {n * math.log(2)!r}")
    print(f"    check nats / ln 2 = {n / math.log(2)!r}")

print("above one [0.5, 2.0], unchecked: nats =", repr(nats([0.5, 2.0])), " bits =", repr(bits([0.5, 2.0])))
