"""Expected values for problems/layer-norm.toml, with Python's math module only.

PyTorch's nn.LayerNorm over the last axis of x (N, D), with explicit loops over nested lists:
for every row i,

    mean_i = (1/D) sum_j x_ij
    var_i  = (1/D) sum_j (x_ij - mean_i)^2          (biased)
    y_ij   = gamma_j * (x_ij - mean_i) / sqrt(var_i + eps) + beta_j

Rejected: D == 0 (unlike PyTorch, which returns an empty (N, 0) output), and gamma / beta of a
length other than D.

Every wrong solution in solutions/wrong/layer_norm/ is implemented here too, as a `mistake` of
`layer_norm` named after its file, from its one-line description (never by running it):

    over_axis_0            statistics per column, over the batch (batch norm)
    unbiased_variance      variance divided by D - 1
    eps_outside_sqrt       (x - mean) / (sqrt(var) + eps)
    missing_sqrt           (x - mean) / (var + eps): the square root is left out
    fixed_eps              eps hard-coded to PyTorch's default 1e-5, the argument ignored
    one_pass_variance      var = E[x^2] - E[x]^2, which cancels catastrophically far from 0
    no_zero_width_check    D = 0 accepted, giving an empty (N, 0) output (PyTorch's behaviour)
    beta_length_unchecked  only gamma's length is checked; a beta of length 1 is broadcast (as
                           ndarray's `+=` does) and any other wrong length panics
    rejects_empty_batch    an empty batch (N = 0) rejected instead of giving an empty output

Run: python3 problems/derivations/layer_norm.py
Prints every case's expected value and the wrong solutions' outputs, then checks the TOML file's
inputs, expected values and known mistakes against them.
"""
import math
import pathlib

from toml_check import REJECT, check_toml, toml_value

PANIC = "panics"  # the wrong solution panics: it gives no value


def ieee_div(a, b):
    """a / b as f64 division gives it: 0/0 is NaN, a/0 is an infinity (Python raises instead)."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def matrix(rows, ncols):
    """A (len(rows), ncols) matrix: nested lists, or an explicit shape when an axis is empty."""
    if not rows or ncols == 0:
        return {"shape": [len(rows), ncols], "data": []}
    return rows


def layer_norm(x, gamma, beta, eps, mistake=None):
    n, d = shape_of(x)
    if mistake == "rejects_empty_batch" and n == 0:
        return REJECT
    if d == 0:
        if mistake == "no_zero_width_check":
            return matrix([[] for _ in range(n)], 0)
        return REJECT
    if len(gamma) != d:
        return REJECT
    if len(beta) != d:
        if mistake != "beta_length_unchecked":
            return REJECT
        if len(beta) != 1:
            return PANIC
        beta = beta * d  # ndarray broadcasts a length-1 vector
    if mistake == "fixed_eps":
        eps = 1e-5
    if mistake == "over_axis_0":
        return over_axis_0(x, n, d, gamma, beta, eps)
    out = []
    for row in rows_of(x):
        s = 0.0
        for v in row:
            s += v
        mean = s / d
        if mistake == "one_pass_variance":
            sq = 0.0
            for v in row:
                sq += v * v
            var = sq / d - mean * mean
        else:
            ss = 0.0
            for v in row:
                ss += (v - mean) ** 2
            var = ieee_div(ss, d - 1) if mistake == "unbiased_variance" else ss / d
        if mistake == "eps_outside_sqrt":
            denom = math.sqrt(var) + eps
        elif mistake == "missing_sqrt":
            denom = var + eps
        else:
            denom = math.sqrt(var + eps) if var + eps >= 0 else math.nan
        out.append([ieee_div(gamma[j] * (row[j] - mean), denom) + beta[j] for j in range(d)])
    return matrix(out, d)


def over_axis_0(x, n, d, gamma, beta, eps):
    """The batch-norm mistake: statistics per column (over the rows), gamma/beta still per column."""
    rows = rows_of(x)
    if n == 0:
        return matrix([], d)
    out = [[0.0] * d for _ in range(n)]
    for j in range(d):
        s = 0.0
        for i in range(n):
            s += rows[i][j]
        mean = s / n
        ss = 0.0
        for i in range(n):
            ss += (rows[i][j] - mean) ** 2
        var = ss / n
        for i in range(n):
            out[i][j] = gamma[j] * (rows[i][j] - mean) / math.sqrt(var + eps) + beta[j]
    return matrix(out, d)


def shape_of(x):
    if isinstance(x, dict):
        return tuple(x["shape"])
    return (len(x), len(x[0]))


def rows_of(x):
    return [] if isinstance(x, dict) else x


def solve(inputs, mistake=None):
    return layer_norm(inputs["x"], inputs["gamma"], inputs["beta"], inputs["eps"], mistake)


WRONGS = ["over_axis_0", "unbiased_variance", "eps_outside_sqrt", "missing_sqrt", "fixed_eps",
          "one_pass_variance", "no_zero_width_check", "beta_length_unchecked", "rejects_empty_batch"]


def case(x, gamma, beta, eps):
    return {"x": x, "gamma": gamma, "beta": beta, "eps": eps}


ONES3, ZEROS3 = [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]
CASES = {
    "two rows": case([[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]], ONES3, ZEROS3, 1e-5),
    "affine parameters": case([[0.5, -1.0, 2.0, 3.5], [10.0, 0.0, -10.0, 5.0]],
                              [1.0, 2.0, 0.5, -1.0], [0.0, 0.1, -0.2, 1.0], 1e-5),
    "single feature": case([[3.0], [-7.0]], [2.0], [0.5], 1e-5),
    "constant row": case([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]], ONES3, ZEROS3, 1e-5),
    "gamma length mismatch": case([[1.0, 2.0, 3.0]], [1.0, 1.0], ZEROS3, 1e-5),
    "single row": case([[1.0, 2.0, 4.0]], ONES3, [0.0, 0.5, 1.0], 1e-5),
    "eps of 0.1": case([[1.0, 3.0], [0.0, 4.0], [2.0, 2.5]], [1.0, 2.0], [0.0, -1.0], 0.1),
    "beta of length 1": case([[1.0, 2.0, 3.0], [0.0, 4.0, 8.0]], ONES3, [0.5], 1e-5),
    "no features": case({"shape": [2, 0], "data": []}, [], [], 1e-5),
    "no rows, two features": case({"shape": [0, 2], "data": []}, [2.0, -1.0], [0.5, 0.0], 0.1),
    "values far from zero": case([[1000000.1, 1000000.2, 1000000.4], [-3000000.5, -3000001.5, -3000000.0]],
                                 ONES3, ZEROS3, 1e-5),
    "empty batch": case({"shape": [0, 3], "data": []}, ONES3, ZEROS3, 1e-5),
    "no rows and no features": case({"shape": [0, 0], "data": []}, [], [], 1e-5),
    "large eps": case([[0.0, 1.0, 2.0, 3.0]], [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0], 1.0),
    "beta length mismatch": case([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], ZEROS3, 1e-5),
    "larger input": case([[0.3, -1.2, 2.2, 0.0, 1.7], [5.0, 4.5, -3.0, 2.0, 0.5],
                          [-0.1, -0.2, -0.3, -0.4, -0.5], [100.0, -50.0, 25.0, 0.0, 12.5]],
                         [1.0, 0.5, -1.5, 2.0, 0.25], [0.1, 0.0, -0.1, 0.2, -0.2], 1e-5),
    "large offset": case([[1000001.0, 1000002.0, 1000003.0], [-1000000.5, -999999.5, -1000000.0]],
                         ONES3, ZEROS3, 1e-5),
}


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name}")
        print(f"expected: {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "layer-norm.toml", CASES, solve)
