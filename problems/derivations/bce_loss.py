"""Expected values for problems/bce-loss.toml, computed with Python's math module only.

Run: python3 problems/derivations/bce_loss.py
"""
import math

EPS = 1e-15


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -math.inf


def bce(y, p, clip=True):
    total = 0.0
    for yi, pi in zip(y, p):
        if clip:
            pi = min(max(pi, EPS), 1 - EPS)
        # float arithmetic as in Rust: 0 * -inf is NaN, which is what an unclipped solution gives.
        total += -(yi * ln(pi) + (1 - yi) * ln(1 - pi))
    return total / len(y)


def bce_sum(y, p):
    return bce(y, p) * len(y)


CASES = {
    "perfect predictions": ([1, 0, 1], [1.0, 0.0, 1.0]),
    "coin flip": ([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]),
    "typical batch": ([1, 0, 1, 1], [0.9, 0.1, 0.8, 0.3]),
    "confident and wrong": ([1], [0.0]),
    "single negative": ([0], [0.2]),
    "soft labels": ([0.3, 0.7], [0.4, 0.6]),
    "certain of the wrong class": ([0, 1], [1.0, 0.5]),
    "larger batch": ([1, 0, 0, 1, 1, 0, 1, 0], [0.95, 0.05, 0.3, 0.6, 0.99, 0.45, 0.2, 0.01]),
    "all negatives": ([0, 0, 0], [0.01, 0.02, 0.03]),
}

for name, (y, p) in CASES.items():
    print(f"{name}: mean = {bce(y, p)!r}  sum = {bce_sum(y, p)!r}  unclipped = {bce(y, p, clip=False)!r}")
