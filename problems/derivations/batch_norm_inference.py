"""Expected values for problems/batch-norm-inference.toml, with Python's math module only.

PyTorch's BatchNorm2d in eval mode on x of shape (N, C, H, W), with explicit loops over nested
lists: every element of channel c (axis 1) becomes

    y[n][c][h][w] = gamma[c] * (x[n][c][h][w] - running_mean[c]) / sqrt(running_var[c] + eps) + beta[c]

Rejected: gamma, beta, running_mean or running_var of a length other than C.

Run: python3 problems/derivations/batch_norm_inference.py
"""
import math


def shape4(x, c_hint):
    """(N, C, H, W) of a nested list; C comes from the case when N == 0 hides it."""
    n = len(x)
    if n == 0:
        return (0,) + c_hint
    return (n, len(x[0]), len(x[0][0]), len(x[0][0][0]))


def ieee_div(a, b):
    """a / b as f64 division gives it: 0/0 is NaN, a/0 is an infinity (Python raises instead)."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def bn_eval(x, hidden_shape, gamma, beta, mean, var, eps, channel_axis=1, eps_mode="inside"):
    n, c, h, w = shape4(x, hidden_shape)
    channels = c if channel_axis == 1 else w
    if any(len(v) != channels for v in (gamma, beta, mean, var)):
        return "rejects"
    out = []
    for i in range(n):
        plane_list = []
        for k in range(c):
            rows = []
            for r in range(h):
                row = []
                for col in range(w):
                    ch = k if channel_axis == 1 else col
                    if eps_mode == "inside":
                        denom = math.sqrt(var[ch] + eps)
                    elif eps_mode == "outside":
                        denom = math.sqrt(var[ch]) + eps
                    else:  # eps left out
                        denom = math.sqrt(var[ch])
                    row.append(ieee_div(gamma[ch] * (x[i][k][r][col] - mean[ch]), denom) + beta[ch])
                rows.append(row)
            plane_list.append(rows)
        out.append(plane_list)
    return out


# name: (x, (C, H, W) when N == 0, gamma, beta, running_mean, running_var, eps)
CASES = {
    "identity statistics": ([[[[1.0, -2.0]], [[3.0, 0.5]]]], None,
                            [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1e-5),
    "per-channel affine": ([[[[1.0, 2.0], [3.0, 4.0]], [[-1.0, 0.0], [5.0, 2.0]]]], None,
                           [2.0, 0.5], [0.1, -0.3], [2.5, 1.0], [1.25, 4.0], 1e-5),
    "batch of two": ([[[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]],
                      [[[-1.0, -2.0]], [[6.0, 7.0]], [[8.0, -9.0]]]], None,
                     [1.0, -1.0, 0.5], [0.0, 1.0, -1.0], [0.5, 3.0, 2.0], [0.25, 2.0, 16.0], 1e-5),
    "large eps": ([[[[0.0, 2.0]], [[4.0, -4.0]]]], None,
                  [1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [1.0, 4.0], 0.5),
    "channel mismatch": ([[[[1.0, 2.0]], [[3.0, 4.0]]]], None,
                         [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], 1e-5),
    "single pixel": ([[[[7.0]]]], None, [3.0], [-2.0], [5.0], [0.5], 1e-5),
    "running_mean mismatch": ([[[[1.0, 2.0]], [[3.0, 4.0]]]], None,
                              [1.0, 1.0], [0.0, 0.0], [0.0], [1.0, 1.0], 1e-5),
    "empty batch": ([], (2, 2, 2), [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0], 1e-5),
    "zero variance channel": ([[[[1.0, 1.5]], [[2.0, 2.0]]]], None,
                              [1.0, 1.0], [0.0, 0.0], [1.0, 2.0], [0.0, 1.0], 1e-5),
    "larger input": ([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                       [[-1.0, 0.5, 2.0], [0.0, -3.0, 1.5]],
                       [[10.0, 12.0, 8.0], [9.0, 11.0, 7.5]]],
                      [[[0.0, -1.0, 2.5], [3.5, 1.0, 0.0]],
                       [[2.0, 2.5, -0.5], [1.0, 4.0, -2.0]],
                       [[9.5, 10.5, 13.0], [6.0, 8.5, 12.0]]]], None,
                     [1.5, -0.5, 2.0], [0.0, 0.25, -1.0], [3.0, 0.5, 10.0], [2.0, 1.5, 4.0], 1e-5),
    "running_var mismatch": ([[[[1.0, 2.0]], [[3.0, 4.0]]]], None,
                             [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0, 1.0], 1e-5),
    "negative gamma and beta": ([[[[-3.0, 3.0], [0.0, 1.0]]]], None, [-2.0], [-0.5], [0.5], [2.25], 1e-3),
}

# The known mistakes shown on each case.
SHOWN = {
    "identity statistics": [dict(eps_mode="left out"), dict(eps_mode="outside")],
    "per-channel affine": [dict(channel_axis=3), dict(eps_mode="outside")],
    "large eps": [dict(eps_mode="outside"), dict(eps_mode="left out"), dict(channel_axis=3)],
    "single pixel": [dict(eps_mode="outside")],
    "zero variance channel": [dict(eps_mode="left out")],
    "larger input": [dict(channel_axis=3), dict(eps_mode="outside")],
    # "batch of two": with the channels read from the last axis (W = 2) the C = 3 statistics
    # look mismatched, so that mistake rejects the input.
    "batch of two": [dict(channel_axis=3), dict(eps_mode="outside")],
}

for name, (x, hidden, *rest) in CASES.items():
    print(f"{name}: {bn_eval(x, hidden, *rest)!r}")
    for flags in SHOWN.get(name, []):
        print(f"    {flags}: {bn_eval(x, hidden, *rest, **flags)!r}")
