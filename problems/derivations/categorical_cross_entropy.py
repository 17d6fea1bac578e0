"""Expected values for problems/categorical-cross-entropy.toml, computed with Python's math module only.

Run: python3 problems/derivations/categorical_cross_entropy.py
"""
import math

EPS = 1e-15
NAN = math.nan
INF = math.inf


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -INF


def mul(a, b):
    """IEEE product as in Rust: 0 * -inf is NaN (Python raises nothing but agrees; kept explicit)."""
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return NAN
    return a * b


def total(y, p, clip=True):
    """Sum over samples and classes of -y * ln(clip(p, EPS, 1))."""
    s = 0.0
    for yrow, prow in zip(y, p):
        for yc, pc in zip(yrow, prow):
            if clip:
                pc = min(max(pc, EPS), 1.0)
            s += -mul(yc, ln(pc))
    return s


def cce(y, p, clip=True):
    return total(y, p, clip) / len(y)


def cce_over_nc(y, p):
    return total(y, p) / (len(y) * len(y[0]))


CASES = {
    "two samples": (
        [[1, 0, 0], [0, 1, 0]],
        [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]],
    ),
    "perfect predictions": (
        [[0, 1], [1, 0]],
        [[0.0, 1.0], [1.0, 0.0]],
    ),
    "confident and wrong": (
        [[1, 0]],
        [[0.0, 1.0]],
    ),
    "uniform guess": (
        [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
        [[0.25] * 4, [0.25] * 4, [0.25] * 4],
    ),
    "single sample, single class": (
        [[1]],
        [[1.0]],
    ),
    "soft labels": (
        [[0.1, 0.9], [0.5, 0.5], [0.8, 0.2]],
        [[0.3, 0.7], [0.6, 0.4], [0.9, 0.1]],
    ),
    "larger batch": (
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]],
        [
            [0.6, 0.2, 0.1, 0.1],
            [0.05, 0.9, 0.03, 0.02],
            [0.3, 0.3, 0.3, 0.1],
            [0.25, 0.25, 0.25, 0.25],
            [0.01, 0.49, 0.25, 0.25],
        ],
    ),
    "below epsilon": (
        [[0, 1, 0], [1, 0, 0]],
        [[0.5, 1e-20, 0.5], [1e-3, 0.999, 0.0]],
    ),
}

for name, (y, p) in CASES.items():
    print(f"{name}: mean = {cce(y, p)!r}  sum = {total(y, p)!r}  over N*C = {cce_over_nc(y, p)!r}"
          f"  unclipped = {cce(y, p, clip=False)!r}")
