"""Expected values for problems/layer-norm.toml, with Python's math module only.

PyTorch's nn.LayerNorm over the last axis of x (N, D), with explicit loops over nested lists:
for every row i,

    mean_i = (1/D) sum_j x_ij
    var_i  = (1/D) sum_j (x_ij - mean_i)^2          (biased)
    y_ij   = gamma_j * (x_ij - mean_i) / sqrt(var_i + eps) + beta_j

Rejected: D == 0, and gamma / beta of a length other than D.

Run: python3 problems/derivations/layer_norm.py
"""
import math


def ieee_div(a, b):
    """a / b as f64 division gives it: 0/0 is NaN, a/0 is an infinity (Python raises instead)."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    if math.isnan(b):
        return math.nan
    return a / b


def layer_norm(x, d, gamma, beta, eps, unbiased=False):
    if d == 0 or len(gamma) != d or len(beta) != d:
        return "rejects"
    out = []
    for row in x:
        s = 0.0
        for v in row:
            s += v
        mean = s / d
        ss = 0.0
        for v in row:
            ss += (v - mean) ** 2
        var = ieee_div(ss, d - 1) if unbiased else ss / d
        out_row = []
        for j in range(d):
            out_row.append(ieee_div(gamma[j] * (row[j] - mean), math.sqrt(var + eps)) + beta[j])
        out.append(out_row)
    return out


def over_axis_0(x, d, gamma, beta, eps):
    """The batch-norm mistake: statistics per column (over the rows), gamma/beta still per column."""
    n = len(x)
    out = [[0.0] * d for _ in range(n)]
    for j in range(d):
        s = 0.0
        for i in range(n):
            s += x[i][j]
        mean = s / n
        ss = 0.0
        for i in range(n):
            ss += (x[i][j] - mean) ** 2
        var = ss / n
        for i in range(n):
            out[i][j] = gamma[j] * (x[i][j] - mean) / math.sqrt(var + eps) + beta[j]
    return out


# name: (x, D, gamma, beta, eps)
CASES = {
    "two rows": ([[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]], 3, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
    "affine parameters": ([[0.5, -1.0, 2.0, 3.5], [10.0, 0.0, -10.0, 5.0]], 4,
                          [1.0, 2.0, 0.5, -1.0], [0.0, 0.1, -0.2, 1.0], 1e-5),
    "single feature": ([[3.0], [-7.0]], 1, [2.0], [0.5], 1e-5),
    "constant row": ([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]], 3, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
    "gamma length mismatch": ([[1.0, 2.0, 3.0]], 3, [1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
    "single row": ([[1.0, 2.0, 4.0]], 3, [1.0, 1.0, 1.0], [0.0, 0.5, 1.0], 1e-5),
    "empty batch": ([], 3, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
    "no features": ([[], []], 0, [], [], 1e-5),
    "large eps": ([[0.0, 1.0, 2.0, 3.0]], 4, [1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0], 1.0),
    "beta length mismatch": ([[1.0, 2.0], [3.0, 4.0]], 2, [1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
    "larger input": ([[0.3, -1.2, 2.2, 0.0, 1.7], [5.0, 4.5, -3.0, 2.0, 0.5],
                      [-0.1, -0.2, -0.3, -0.4, -0.5], [100.0, -50.0, 25.0, 0.0, 12.5]], 5,
                     [1.0, 0.5, -1.5, 2.0, 0.25], [0.1, 0.0, -0.1, 0.2, -0.2], 1e-5),
    "large offset": ([[1000001.0, 1000002.0, 1000003.0], [-1000000.5, -999999.5, -1000000.0]], 3,
                     [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], 1e-5),
}

SHOWN = {
    "two rows": ["axis 0", "unbiased"],
    "affine parameters": ["axis 0", "unbiased"],
    "single feature": ["unbiased", "axis 0"],
    "constant row": ["axis 0", "unbiased"],
    "single row": ["axis 0", "unbiased"],
    "larger input": ["axis 0", "unbiased"],
}

for name, (x, d, gamma, beta, eps) in CASES.items():
    print(f"{name}: {layer_norm(x, d, gamma, beta, eps)!r}")
    for m in SHOWN.get(name, []):
        if m == "axis 0":
            print(f"    over axis 0: {over_axis_0(x, d, gamma, beta, eps)!r}")
        else:
            print(f"    unbiased: {layer_norm(x, d, gamma, beta, eps, unbiased=True)!r}")
