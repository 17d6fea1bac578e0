"""Expected values for problems/mean-along-axis.toml, computed with Python's math module only.

mean(x, axis=0)[j] = sum_i x[i][j] / n_rows (one mean per column);
mean(x, axis=1)[i] = sum_j x[i][j] / n_cols (one mean per row).
A mean over an empty axis is 0/0 = NaN, as NumPy gives (with a RuntimeWarning).
Each wrong solution applies one mistake: the axes swapped, the sums divided by the length of the
other axis or not at all, an empty axis rejected, given 0 or left out, an axis >= 2 let through,
or the sums and the division done in f32 (emulated by rounding every operation to f32).

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/mean_along_axis/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

Run: python3 problems/derivations/mean_along_axis.py
"""
import math
import struct


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


def solve(rows, n_cols, axis):
    if axis not in (0, 1):
        return "rejects"
    return mean(rows, n_cols, axis)


# The wrong solutions of solutions/wrong/mean_along_axis/, each one mistake applied to the
# definitions above (written from the mistake, not from the Rust code).
def swapped_axes(rows, n_cols, axis):
    return solve(rows, n_cols, 1 - axis) if axis in (0, 1) else "rejects"


def divide_by_other_axis(rows, n_cols, axis):
    if axis not in (0, 1):
        return "rejects"
    return mean(rows, n_cols, axis, divisor=n_cols if axis == 0 else len(rows))


def sum_not_mean(rows, n_cols, axis):
    return sums(rows, n_cols, axis) if axis in (0, 1) else "rejects"


def reduced_length(rows, n_cols, axis):
    return len(rows) if axis == 0 else n_cols


def mean_axis_none_is_err(rows, n_cols, axis):
    """ndarray's mean_axis gives None when the reduced axis is empty, turned into an Err."""
    if axis in (0, 1) and reduced_length(rows, n_cols, axis) == 0:
        return "rejects"
    return solve(rows, n_cols, axis)


def reject_empty_input(rows, n_cols, axis):
    """Any input without elements is rejected, even one that has lanes to return (or none)."""
    if axis in (0, 1) and len(rows) * n_cols == 0:
        return "rejects"
    return solve(rows, n_cols, axis)


def empty_mean_zero(rows, n_cols, axis):
    """The division guarded: an empty lane's mean is 0 instead of NaN."""
    if axis in (0, 1) and reduced_length(rows, n_cols, axis) == 0:
        return [0.0 for _ in sums(rows, n_cols, axis)]
    return solve(rows, n_cols, axis)


def drop_empty_means(rows, n_cols, axis):
    """The mean of every lane, where an empty lane (no mean) is left out of the result."""
    if axis in (0, 1) and reduced_length(rows, n_cols, axis) == 0:
        return []
    return solve(rows, n_cols, axis)


def only_no_rows_special_cased(rows, n_cols, axis):
    """The no-rows input handled as the statement says; any other empty axis reaches ndarray's
    mean_axis, whose None is unwrapped: a panic (rows without columns, averaged along axis 1)."""
    if axis in (0, 1) and rows and reduced_length(rows, n_cols, axis) == 0:
        return "panics"
    return solve(rows, n_cols, axis)


def no_axis_check(rows, n_cols, axis):
    """Axis 0 averages the columns; any other axis, the rows."""
    return mean(rows, n_cols, 0 if axis == 0 else 1)


def axis_check_off_by_one(rows, n_cols, axis):
    """`axis > 2` rejected (not `axis >= 2`); axis 2 then falls into the rows' branch."""
    if axis > 2:
        return "rejects"
    return mean(rows, n_cols, 0 if axis == 0 else 1)


def f32(a):
    """Round to the nearest f32, as Rust's `as f32` does; rounding the f64 result of an f32 sum or
    quotient gives the correctly rounded f32 result (53 >= 2 * 24 + 2 bits)."""
    return struct.unpack("<f", struct.pack("<f", a))[0]


def accumulates_in_f32(rows, n_cols, axis):
    """Every lane summed left to right in f32 and divided in f32, then widened to f64."""
    if axis not in (0, 1):
        return "rejects"
    lanes = [[r[j] for r in rows] for j in range(n_cols)] if axis == 0 else rows
    out = []
    for lane in lanes:
        acc = 0.0
        for v in lane:
            acc = f32(acc + f32(v))
        out.append(math.nan if not lane else f32(acc / f32(len(lane))))
    return out


WRONG = {
    "swapped_axes": swapped_axes,
    "divide_by_other_axis": divide_by_other_axis,
    "sum_not_mean": sum_not_mean,
    "mean_axis_none_is_err": mean_axis_none_is_err,
    "reject_empty_input": reject_empty_input,
    "empty_mean_zero": empty_mean_zero,
    "drop_empty_means": drop_empty_means,
    "no_axis_check": no_axis_check,
    "axis_check_off_by_one": axis_check_off_by_one,
    "accumulates_in_f32": accumulates_in_f32,
    "only_no_rows_special_cased": only_no_rows_special_cased,
}


def same(a, b):
    """Equal results, NaN equal to NaN."""
    if a in ("rejects", "panics") or b in ("rejects", "panics"):
        return a == b
    return len(a) == len(b) and all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b))


def toml(result):
    if result in ("rejects", "panics"):
        return result
    return "[" + ", ".join("nan" if math.isnan(v) else repr(float(v)) for v in result) + "]"


CASES = {
    "column means": ([[1, 2, 3], [4, 5, 6]], 3, 0),
    "row means": ([[1, 2, 3], [4, 5, 6]], 3, 1),
    "single row, axis 0": ([[4, -2, 7.5]], 3, 0),
    "single column, axis 1": ([[1], [-2], [4.25]], 1, 1),
    "fractional column means": ([[0.1, 0.7], [0.2, 0.35], [0.4, -0.05]], 2, 0),
    "axis out of range": ([[1, 2], [3, 4]], 2, 2),
    "no rows, axis 0": ([], 3, 0),
    "no columns, axis 1": ([[], [], []], 0, 1),
    "negative and fractional": ([[0.1, -2.5, 3, 7], [1.2, 0.5, -3, 1], [-0.4, 2.25, 0, 2]], 4, 0),
    "no rows, axis 1": ([], 3, 1),
    "two rows, no columns, axis 1": ([[], []], 0, 1),
    "no columns, axis 0": ([[], []], 0, 0),
    "tall matrix, axis 1": ([[1, 2], [-3, 5], [0.5, 0.25], [10, -10]], 2, 1),
    "large values": ([[1e12, 3], [1e12 + 1, 4], [-1e12, 5]], 2, 0),
    "fractional row means": ([[0.3, -1.1, 2.6], [1e-3, 5e-4, 0.7]], 3, 1),
    "axis far out of range": ([[1, 2, 3]], 3, 7),
    "axis 2 on a column": ([[1], [2]], 1, 2),
}

for name, (rows, n_cols, axis) in CASES.items():
    expected = solve(rows, n_cols, axis)
    print(f"{name}:")
    print(f"    expected = {toml(expected)}")
    # Known mistakes: each distinct wrong output with the wrong solutions that give it.
    outputs = []
    for wrong_name, wrong in WRONG.items():
        out = wrong(rows, n_cols, axis)
        if same(out, expected):
            continue
        for seen, names in outputs:
            if same(seen, out):
                names.append(wrong_name)
                break
        else:
            outputs.append((out, [wrong_name]))
    for out, names in outputs:
        print(f"    {names}: {toml(out)}")
