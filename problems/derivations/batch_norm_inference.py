"""Expected values for problems/batch-norm-inference.toml, with Python's math module only.

PyTorch's BatchNorm2d in eval mode on x of shape (N, C, H, W), with explicit loops over nested
lists: every element of channel c (axis 1) becomes

    y[n][c][h][w] = gamma[c] * (x[n][c][h][w] - running_mean[c]) / sqrt(running_var[c] + eps) + beta[c]

Rejected: gamma, beta, running_mean or running_var of a length other than C.

Every wrong solution in solutions/wrong/batch_norm_inference/ is implemented here too, as a
`mistake` of `bn_eval` named after its file, from its one-line description (never by running it):

    channels_last            the statistics indexed by the last axis (W), as in NHWC, and the
                             lengths checked against W
    eps_outside_sqrt         divides by sqrt(running_var) + eps
    no_eps                   divides by sqrt(running_var): eps left out
    missing_sqrt             divides by running_var + eps: the square root left out
    fixed_eps                eps hard-coded to PyTorch's default 1e-5, the argument ignored
    running_stats_unchecked  only gamma's and beta's lengths are checked; running_mean and
                             running_var are indexed by channel, so longer ones are silently
                             truncated and shorter ones panic
    rejects_empty_batch      an empty batch (N = 0) is rejected instead of giving an empty output
    f32_folded_affine        computes in f32: per channel scale = gamma / sqrt(var + eps) and
                             shift = beta - mean * scale, then y = x * scale + shift, every value
                             and every operation rounded to f32 (simulated with `struct`)

Run: python3 problems/derivations/batch_norm_inference.py
Prints every case's expected value and the wrong solutions' outputs, then checks the TOML file's
inputs, expected values and known mistakes against them.
"""
import math
import pathlib
import struct

from toml_check import REJECT, check_toml, toml_value

PANIC = "panics"  # the wrong solution panics: it gives no value


def ieee_div(a, b):
    """a / b as f64 division gives it: 0/0 is NaN, a/0 is an infinity (Python raises instead)."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def f32(v):
    """v rounded to the nearest f32. An f32 +, -, *, / or sqrt is the exact f64 result of the
    rounded operands rounded once more to f32 (f64 has more than 2 * 24 + 2 bits, so the double
    rounding is harmless)."""
    return struct.unpack("f", struct.pack("f", v))[0]


def shape4(x):
    if isinstance(x, dict):
        return tuple(x["shape"])
    return (len(x), len(x[0]), len(x[0][0]), len(x[0][0][0]))


def bn_eval(x, gamma, beta, mean, var, eps, mistake=None):
    n, c, h, w = shape4(x)
    channels = w if mistake == "channels_last" else c
    if mistake == "running_stats_unchecked":
        if len(gamma) != channels or len(beta) != channels:
            return REJECT
        if len(mean) < channels or len(var) < channels:
            return PANIC
    elif any(len(v) != channels for v in (gamma, beta, mean, var)):
        return REJECT
    if mistake == "rejects_empty_batch" and n == 0:
        return REJECT
    if mistake == "fixed_eps":
        eps = 1e-5
    if n == 0:
        return {"shape": [n, c, h, w], "data": []}
    out = []
    for i in range(n):
        planes = []
        for k in range(c):
            rows = []
            for r in range(h):
                row = []
                for col in range(w):
                    ch = col if mistake == "channels_last" else k
                    if mistake == "f32_folded_affine":
                        scale = f32(f32(gamma[ch]) / f32(math.sqrt(f32(f32(var[ch]) + f32(eps)))))
                        shift = f32(f32(beta[ch]) - f32(f32(mean[ch]) * scale))
                        row.append(f32(f32(f32(x[i][k][r][col]) * scale) + shift))
                        continue
                    if mistake == "eps_outside_sqrt":
                        denom = math.sqrt(var[ch]) + eps
                    elif mistake == "no_eps":
                        denom = math.sqrt(var[ch])
                    elif mistake == "missing_sqrt":
                        denom = var[ch] + eps
                    else:
                        denom = math.sqrt(var[ch] + eps)
                    row.append(ieee_div(gamma[ch] * (x[i][k][r][col] - mean[ch]), denom) + beta[ch])
                rows.append(row)
            planes.append(rows)
        out.append(planes)
    return out


def solve(inputs, mistake=None):
    return bn_eval(inputs["x"], inputs["gamma"], inputs["beta"], inputs["running_mean"],
                   inputs["running_var"], inputs["eps"], mistake)


WRONGS = ["channels_last", "eps_outside_sqrt", "no_eps", "missing_sqrt", "fixed_eps",
          "running_stats_unchecked", "rejects_empty_batch", "f32_folded_affine"]


def case(x, gamma, beta, running_mean, running_var, eps):
    return {"x": x, "gamma": gamma, "beta": beta, "running_mean": running_mean,
            "running_var": running_var, "eps": eps}


CASES = {
    "identity statistics": case([[[[1.0, -2.0]], [[3.0, 0.5]]]],
                                [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1e-5),
    "per-channel affine": case([[[[1.0, 2.0], [3.0, 4.0]], [[-1.0, 0.0], [5.0, 2.0]]]],
                               [2.0, 0.5], [0.1, -0.3], [2.5, 1.0], [1.25, 4.0], 1e-5),
    "batch of two": case([[[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]],
                          [[[-1.0, -2.0]], [[6.0, 7.0]], [[8.0, -9.0]]]],
                         [1.0, -1.0, 0.5], [0.0, 1.0, -1.0], [0.5, 3.0, 2.0], [0.25, 2.0, 16.0], 1e-5),
    "large eps": case([[[[0.0, 2.0]], [[4.0, -4.0]]]],
                      [1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [1.0, 4.0], 0.5),
    # Pixels near 1000 whose deviations from the running mean are in the first decimals: f32
    # keeps about 7 significant digits, so its result is off in the fourth digit.
    "values near 1000": case([[[[1000.1, 999.9], [1000.25, 1000.0]], [[-250.3, -250.7], [-250.5, -249.5]]]],
                             [1.0, 2.0], [0.0, 0.5], [1000.0, -250.5], [0.01, 0.04], 1e-5),
    "channel mismatch": case([[[[1.0, 2.0]], [[3.0, 4.0]]]],
                             [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], 1e-5),
    "single pixel": case([[[[7.0]]]], [3.0], [-2.0], [5.0], [0.5], 1e-5),
    "running_var too long": case([[[[1.0, 2.0]], [[3.0, 4.0]]]],
                                 [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0, 1.0], 1e-5),
    "empty batch": case({"shape": [0, 2, 2, 2], "data": []},
                        [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0], 1e-5),
    "running_mean mismatch": case([[[[1.0, 2.0]], [[3.0, 4.0]]]],
                                  [1.0, 1.0], [0.0, 0.0], [0.0], [1.0, 1.0], 1e-5),
    "empty batch of three channels": case({"shape": [0, 3, 1, 2], "data": []},
                                          [1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0],
                                          [1.0, 4.0, 2.0], 0.01),
    "zero variance channel": case([[[[1.0, 1.5]], [[2.0, 2.0]]]],
                                  [1.0, 1.0], [0.0, 0.0], [1.0, 2.0], [0.0, 1.0], 1e-5),
    "larger input": case([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                           [[-1.0, 0.5, 2.0], [0.0, -3.0, 1.5]],
                           [[10.0, 12.0, 8.0], [9.0, 11.0, 7.5]]],
                          [[[0.0, -1.0, 2.5], [3.5, 1.0, 0.0]],
                           [[2.0, 2.5, -0.5], [1.0, 4.0, -2.0]],
                           [[9.5, 10.5, 13.0], [6.0, 8.5, 12.0]]]],
                         [1.5, -0.5, 2.0], [0.0, 0.25, -1.0], [3.0, 0.5, 10.0], [2.0, 1.5, 4.0], 1e-5),
    "running_var mismatch": case([[[[1.0, 2.0]], [[3.0, 4.0]]]],
                                 [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0, 1.0, 1.0], 1e-5),
    "offset channels, batch of two": case([[[[4096.3, 4095.9]], [[-0.001, 0.002]]],
                                           [[[4096.05, 4096.1]], [[0.0005, -0.0015]]]],
                                          [0.5, 3.0], [-1.0, 0.25], [4096.0, 0.0], [0.09, 1e-6], 1e-7),
    "negative gamma and beta": case([[[[-3.0, 3.0], [0.0, 1.0]]]], [-2.0], [-0.5], [0.5], [2.25], 1e-3),
}


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name}")
        print(f"expected: {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "batch-norm-inference.toml", CASES, solve)
