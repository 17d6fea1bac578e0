"""Expected values for problems/mean-along-axis.toml, computed with Python's math module only.

mean(x, axis=0)[j] = sum_i x[i][j] / n_rows (one mean per column);
mean(x, axis=1)[i] = sum_j x[i][j] / n_cols (one mean per row).
A mean over an empty axis is 0/0 = NaN, as NumPy gives (with a RuntimeWarning).
The wrong variants print the outputs of typical mistakes: the axes swapped, and the sums divided by
the length of the other axis.

Run: python3 problems/derivations/mean_along_axis.py
"""
import math


def div(a, b):
    """IEEE division as in Rust: 0/0 is NaN."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def sums(rows, n_cols, axis):
    if axis == 0:
        return [sum(r[j] for r in rows) for j in range(n_cols)]
    return [sum(r) for r in rows]


def mean(rows, n_cols, axis, divisor=None):
    n_rows = len(rows)
    if divisor is None:
        divisor = n_rows if axis == 0 else n_cols
    return [div(s, divisor) for s in sums(rows, n_cols, axis)]


CASES = {
    "column means": ([[1, 2, 3], [4, 5, 6]], 3, 0),
    "row means": ([[1, 2, 3], [4, 5, 6]], 3, 1),
    "single row, axis 0": ([[4, -2, 7.5]], 3, 0),
    "single column, axis 1": ([[1], [-2], [4.25]], 1, 1),
    "no rows, axis 0": ([], 3, 0),
    "negative and fractional": ([[0.1, -2.5, 3, 7], [1.2, 0.5, -3, 1], [-0.4, 2.25, 0, 2]], 4, 0),
    "no rows, axis 1": ([], 3, 1),
    "no columns, axis 1": ([[], [], []], 0, 1),
    "tall matrix, axis 1": ([[1, 2], [-3, 5], [0.5, 0.25], [10, -10]], 2, 1),
    "large values": ([[1e12, 3], [1e12 + 1, 4], [-1e12, 5]], 2, 0),
}

for name, (rows, n_cols, axis) in CASES.items():
    n_rows = len(rows)
    print(f"{name}:")
    print(f"  expected          = {mean(rows, n_cols, axis)!r}")
    print(f"  axes swapped      = {mean(rows, n_cols, 1 - axis)!r}")
    wrong = n_cols if axis == 0 else n_rows
    print(f"  divided by {wrong} (other axis) = {mean(rows, n_cols, axis, divisor=wrong)!r}")
