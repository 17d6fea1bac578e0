"""Expected values for problems/z-score.toml, computed with Python's math module only.

Each column of x is standardised with its own mean and population standard deviation (divide by N,
NumPy's default ddof=0); a column whose std is 0 maps to zeros. The wrong variants print the outputs
of typical mistakes: the sample std (ddof=1), standardising rows, and 0/0 on a constant column.

Run: python3 problems/derivations/z_score.py
"""
import math


def div(a, b):
    """IEEE division as in Rust: 0/0 is NaN, a/0 is ±inf."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a)
    return a / b


def standardise(col, ddof=0, guard=True, eps=0.0):
    n = len(col)
    mean = sum(col) / n
    denom = n - ddof
    var = div(sum((v - mean) ** 2 for v in col), denom)
    std = math.sqrt(var) if not math.isnan(var) else math.nan
    if guard and std == 0:
        return [0.0 for _ in col]
    return [div(v - mean, std + eps) for v in col]


def columns(x):
    return [list(c) for c in zip(*x)]


def by_columns(x, **kw):
    cols = [standardise(c, **kw) for c in columns(x)]
    return [list(r) for r in zip(*cols)]


def by_rows(x, **kw):
    return [standardise(r, **kw) for r in x]


CASES = {
    "three rows, two columns": [[1, 2], [3, 4], [5, 9]],
    "constant column": [[1, 5], [2, 5], [3, 5]],
    "single row": [[3, -1, 7]],
    "classic column": [[2], [4], [4], [4], [5], [5], [7], [9]],
    "negative and fractional": [[-1.5, 0.25, 10], [2.0, -0.75, 20], [0.5, 1.5, 60]],
    "two rows": [[1, 100, -3, 0.5], [4, 50, -3, -0.5]],
    "tiny scale": [[1e-8, 3e-9], [2e-8, 1e-9], [3e-8, 2e-9]],
    "large offset": [[1e9 + 1, 7], [1e9 + 2, 7], [1e9 + 4, 8], [1e9 + 5, 8]],
    "four by three": [[0.3, -2, 1], [1.7, 4, 1], [-0.4, 0, 2], [2.2, 1, 0]],
}

for name, x in CASES.items():
    print(f"{name}:")
    print(f"  expected          = {by_columns(x)!r}")
    print(f"  ddof=1            = {by_columns(x, ddof=1)!r}")
    print(f"  by rows           = {by_rows(x)!r}")
    print(f"  no zero-std guard = {by_columns(x, guard=False)!r}")
    print(f"  std + 1e-8        = {by_columns(x, guard=False, eps=1e-8)!r}")
