"""Expected values for problems/z-score.toml, computed with Python's math module only.

Each column of x is standardised with its own mean and population standard deviation (divide by N,
NumPy's default ddof=0), both summed left to right in f64; a column whose values are all equal (==)
maps to zeros, even when its computed std is a tiny non-zero number ([0.1, 0.1, 0.1]). The wrong
variants print the outputs of typical mistakes: the sample std (ddof=1), standardising rows or the
whole matrix, 0/0 on a constant column, testing std == 0.0 instead of equal values, an epsilon
added to the std or a threshold on it, the wrong checks of an empty matrix, and the one-pass
variance E[x^2] - mu^2. Outputs within
the default tolerance (1e-6) of each other count as one.

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/z_score/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

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


def standardise(col, ddof=0, guard="equal", eps=0.0, threshold=0.0):
    """One column, with its mean and std computed left to right in f64, as the statement says.

    guard: "equal" maps a column whose values are all equal (== on the f64 values) to zeros, the
    statement's rule; "sigma0" maps only a column whose computed std is exactly 0.0 to zeros;
    "threshold" maps a column whose std is below `threshold` to zeros; "none" always divides.
    """
    n = len(col)
    mean = sum(col) / n
    var = div(sum((v - mean) ** 2 for v in col), n - ddof)
    std = math.sqrt(var) if not math.isnan(var) else math.nan
    if guard == "equal" and all(v == col[0] for v in col):
        return [0.0 for _ in col]
    if guard == "sigma0" and std == 0:
        return [0.0 for _ in col]
    if guard == "threshold" and std < threshold:
        return [0.0 for _ in col]
    return [div(v - mean, std + eps) for v in col]


def one_pass(col):
    """Mistake: the variance as the mean of the squares minus the squared mean, both sums left to
    right in f64 (a negative variance's square root is NaN); equal-valued columns still map to 0."""
    if all(v == col[0] for v in col):
        return [0.0 for _ in col]
    n = len(col)
    s = sq = 0.0
    for v in col:
        s += v
        sq += v * v
    mean = s / n
    var = sq / n - mean * mean
    std = math.sqrt(var) if var >= 0 else math.nan
    return [div(v - mean, std) for v in col]


def columns(x, n_cols):
    return [[row[j] for row in x] for j in range(n_cols)]


def by_columns(x, n_cols, **kw):
    if not x:
        return "rejects"
    cols = [standardise(c, **kw) for c in columns(x, n_cols)]
    return [[c[i] for c in cols] for i in range(len(x))]


def by_rows(x, n_cols, **kw):
    if not x:
        return "rejects"
    return [standardise(r, **kw) if r else [] for r in x]


def global_statistics(x, n_cols):
    """One mean and one std over every element of the matrix."""
    if not x:
        return "rejects"
    flat = [v for row in x for v in row]
    if not flat:
        return [[] for _ in x]
    z = standardise(flat)
    return [z[i * n_cols:(i + 1) * n_cols] for i in range(len(x))]


# The wrong solutions of solutions/wrong/z_score/, each one mistake applied to the definitions
# above (written from the mistake, not from the Rust code).
WRONG = {
    "sample_std": lambda x, d: by_columns(x, d, ddof=1),
    "by_rows": lambda x, d: by_rows(x, d),
    "global_statistics": global_statistics,
    "no_constant_guard": lambda x, d: by_columns(x, d, guard="none"),
    "sigma_exactly_zero": lambda x, d: by_columns(x, d, guard="sigma0"),
    "epsilon_added": lambda x, d: by_columns(x, d, guard="none", eps=1e-8),
    "small_sigma_as_zero": lambda x, d: by_columns(x, d, guard="threshold", threshold=1e-10),
    "no_rows_not_rejected": lambda x, d: ("empty", d) if not x else by_columns(x, d),
    "rejects_empty_input": lambda x, d: "rejects" if not x or d == 0 else by_columns(x, d),
    "mean_of_squares_variance": lambda x, d: "rejects" if not x else [
        list(r) for r in zip(*[one_pass(c) for c in columns(x, d)])] if d else [[] for _ in x],
}


def same(a, b, tol=1e-6):
    """The judge's comparison with the default tolerance (abs or rel 1e-6); NaN matches NaN."""
    if isinstance(a, (str, tuple)) or isinstance(b, (str, tuple)):
        return a == b
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b):
        if len(ra) != len(rb):
            return False
        for u, v in zip(ra, rb):
            if math.isnan(u) or math.isnan(v):
                if not (math.isnan(u) and math.isnan(v)):
                    return False
            elif not (abs(u - v) <= tol or abs(u - v) <= tol * abs(v)):
                return False
    return True


def toml(result, n_cols):
    if result == "rejects":
        return result
    if isinstance(result, tuple) or not result or n_cols == 0:
        n_rows = 0 if isinstance(result, tuple) else len(result)
        return f"{{ shape = [{n_rows}, {n_cols}], data = [] }}"
    def val(v):
        return "nan" if math.isnan(v) else repr(float(v))
    return "[" + ", ".join("[" + ", ".join(val(v) for v in row) + "]" for row in result) + "]"


CASES = {
    # name: (rows, number of columns)
    "three rows, two columns": ([[1, 2], [3, 4], [5, 9]], 2),
    "constant column": ([[1, 5], [2, 5], [3, 5]], 2),
    "equal values whose computed sigma is not 0": ([[0.1, 1], [0.1, 2], [0.1, 4]], 2),
    "single row": ([[3, -1, 7]], 3),
    "no rows": ([], 2),
    "classic column": ([[2], [4], [4], [4], [5], [5], [7], [9]], 1),
    "negative and fractional": ([[-1.5, 0.25, 10], [2.0, -0.75, 20], [0.5, 1.5, 60]], 3),
    "small spread": ([[1e-11, 7], [2e-11, 8], [3e-11, 6]], 2),
    "no columns": ([[], [], []], 0),
    "values far from zero": ([[100000001, 0.5], [100000002, -1.0], [100000004, 2.0]], 2),
    "two rows": ([[1, 100, -3, 0.5], [4, 50, -3, -0.5]], 4),
    "tiny scale": ([[1e-8, 3e-9], [2e-8, 1e-9], [3e-8, 2e-9]], 2),
    "spread near the f64 epsilon": ([[1e-16, 0.3], [3e-16, 0.3], [2e-16, 0.3], [2e-16, 0.3]], 2),
    "large offset": ([[1e9 + 1, 7], [1e9 + 2, 7], [1e9 + 4, 8], [1e9 + 5, 8]], 2),
    "four by three": ([[0.3, -2, 1], [1.7, 4, 1], [-0.4, 0, 2], [2.2, 1, 0]], 3),
    "one row, no columns": ([[]], 0),
    "equal values again": ([[2.0, 0.7], [-1.0, 0.7], [5.0, 0.7]], 2),
    "no rows, more columns": ([], 5),
}

for name, (x, n_cols) in CASES.items():
    expected = by_columns(x, n_cols)
    print(f"{name}:")
    print(f"    expected = {toml(expected, n_cols)}")
    # Known mistakes: each distinct wrong output (judged with the default tolerance) with the
    # wrong solutions that give it.
    outputs = []
    for wrong_name, wrong in WRONG.items():
        out = wrong(x, n_cols)
        if same(out, expected):
            continue
        for seen, names in outputs:
            if same(out, seen):
                names.append(wrong_name)
                break
        else:
            outputs.append((out, [wrong_name]))
    for out, names in outputs:
        print(f"    {names}: {toml(out, n_cols)}")
