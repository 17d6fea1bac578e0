"""Expected values for problems/batch-norm-forward.toml, with Python's math module only.

PyTorch's BatchNorm1d on x of shape (N, D), computed with explicit loops over nested lists:

training:  mean_j = (1/N) sum_i x_ij
           var_j  = (1/N) sum_i (x_ij - mean_j)^2              (biased: normalises the batch)
           out_ij = gamma_j * (x_ij - mean_j) / sqrt(var_j + eps) + beta_j
           running_mean_j <- (1 - momentum) * running_mean_j + momentum * mean_j
           running_var_j  <- (1 - momentum) * running_var_j  + momentum * var_j * N / (N - 1)
                                                               (unbiased: goes into the running stat)
inference: out_ij = gamma_j * (x_ij - running_mean_j) / sqrt(running_var_j + eps) + beta_j,
           running statistics returned unchanged.

Rejected: training with N < 2 (N = 0 included, unlike PyTorch, which returns an empty output
and leaves the running statistics alone), and gamma / beta / running_mean / running_var lengths
other than D.

Every wrong solution in solutions/wrong/batch_norm_forward/ is implemented here too, as a
`mistake` of `batch_norm` named after its file, from its one-line description (never by running
it):

    store_biased_running_var  running_var updated with the biased batch variance
    keras_momentum            momentum weighs the old running value (Keras's convention)
    eps_outside_sqrt          divides by sqrt(var) + eps
    missing_sqrt              divides by var + eps: the square root left out
    no_eps                    divides by sqrt(var): eps left out
    normalise_unbiased        the batch normalised with the unbiased variance
    batch_stats_in_inference  inference normalises with the batch's own statistics (the mean
                              and variance as sums divided by N, so NaN for an empty batch,
                              which has no rows to normalise anyway)
    update_in_inference       the running statistics are updated in inference too (the batch
                              statistics as sums divided by N and the unbiased variance as
                              biased * N / (N - 1), in f64: NaN for N = 0 and N = 1)
    no_min_batch_check        training on N = 1 is not rejected (N = 0 still is: the batch mean
                              of an empty batch does not exist)
    min_batch_in_inference    N < 2 rejected in inference too
    fixed_momentum            momentum hard-coded to PyTorch's default 0.1
    fixed_eps                 eps hard-coded to PyTorch's default 1e-5
    running_stats_unchecked   only gamma's and beta's lengths are checked; a running statistic
                              of length 1 is broadcast to every feature (as ndarray's arithmetic
                              does), and any other wrong length panics
    pytorch_empty_batch       follows PyTorch on an empty training batch: an empty output and the
                              running statistics unchanged, instead of an Err

Run: python3 problems/derivations/batch_norm_forward.py
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


def column_stats(x, n, d):
    """Per column: the mean, the biased variance and the unbiased one (biased * N / (N - 1))."""
    mean, biased, unbiased = [], [], []
    for j in range(d):
        s = 0.0
        for i in range(n):
            s += x[i][j]
        m = ieee_div(s, n)
        ss = 0.0
        for i in range(n):
            ss += (x[i][j] - m) ** 2
        mean.append(m)
        biased.append(ieee_div(ss, n))
        # 0/0 when N == 1 gives NaN, as f64 division does in Rust (only used for mistakes).
        unbiased.append(ieee_div(ss, n - 1) if n != 0 else math.nan)
    return mean, biased, unbiased


def matrix(rows, ncols):
    """A (len(rows), ncols) matrix: nested lists, or an explicit shape when an axis is empty."""
    if not rows or ncols == 0:
        return {"shape": [len(rows), ncols], "data": []}
    return rows


def batch_norm(x, gamma, beta, rm, rv, momentum, eps, training, mistake=None):
    if isinstance(x, dict):
        n, d = x["shape"]
        x = []
    else:
        n, d = len(x), len(x[0])
    m = mistake
    if m == "running_stats_unchecked":
        if len(gamma) != d or len(beta) != d:
            return REJECT
    elif any(len(v) != d for v in (gamma, beta, rm, rv)):
        return REJECT
    if training:
        if n == 1 and m == "no_min_batch_check":
            pass
        elif n == 0 and m == "pytorch_empty_batch":
            return {"output": matrix([], d), "running_mean": list(rm), "running_var": list(rv)}
        elif n < 2:
            return REJECT
    elif n < 2 and m == "min_batch_in_inference":
        return REJECT
    given = (list(rm), list(rv))  # returned as they are in inference, whatever their lengths
    if m == "running_stats_unchecked" and (len(rm) != d or len(rv) != d):
        if any(len(v) not in (1, d) for v in (rm, rv)):
            return PANIC
        rm = rm * d if len(rm) == 1 else rm  # ndarray broadcasts a length-1 vector
        rv = rv * d if len(rv) == 1 else rv
    if m == "fixed_eps":
        eps = 1e-5
    if m == "fixed_momentum":
        momentum = 0.1
    mean, biased, unbiased = column_stats(x, n, d)
    if training or m == "batch_stats_in_inference":
        use_mean, use_var = mean, (unbiased if m == "normalise_unbiased" else biased)
    else:
        use_mean, use_var = rm, rv
    out = []
    for i in range(n):
        row = []
        for j in range(d):
            if m == "no_eps":
                denom = math.sqrt(use_var[j])
            elif m == "eps_outside_sqrt":
                denom = math.sqrt(use_var[j]) + eps
            elif m == "missing_sqrt":
                denom = use_var[j] + eps
            else:
                denom = math.sqrt(use_var[j] + eps)
            row.append(gamma[j] * ieee_div(x[i][j] - use_mean[j], denom) + beta[j])
        out.append(row)
    if training or m == "update_in_inference":
        stat_var = biased if m == "store_biased_running_var" else unbiased
        if m == "keras_momentum":
            new_rm = [momentum * rm[j] + (1 - momentum) * mean[j] for j in range(d)]
            new_rv = [momentum * rv[j] + (1 - momentum) * stat_var[j] for j in range(d)]
        else:
            new_rm = [(1 - momentum) * rm[j] + momentum * mean[j] for j in range(d)]
            new_rv = [(1 - momentum) * rv[j] + momentum * stat_var[j] for j in range(d)]
    else:
        new_rm, new_rv = given
    return {"output": matrix(out, d), "running_mean": new_rm, "running_var": new_rv}


def solve(inputs, mistake=None):
    return batch_norm(inputs["x"], inputs["gamma"], inputs["beta"], inputs["running_mean"],
                      inputs["running_var"], inputs["momentum"], inputs["eps"], inputs["training"],
                      mistake)


WRONGS = ["store_biased_running_var", "keras_momentum", "eps_outside_sqrt", "missing_sqrt", "no_eps",
          "normalise_unbiased", "batch_stats_in_inference", "update_in_inference",
          "no_min_batch_check", "min_batch_in_inference", "fixed_momentum", "fixed_eps",
          "running_stats_unchecked", "pytorch_empty_batch"]


def case(x, gamma, beta, running_mean, running_var, momentum, eps, training):
    return {"x": x, "gamma": gamma, "beta": beta, "running_mean": running_mean,
            "running_var": running_var, "momentum": momentum, "eps": eps, "training": training}


def empty(d):
    return {"shape": [0, d], "data": []}


X3 = [[2.0, 10.0], [4.0, 20.0], [9.0, 0.0]]
CASES = {
    "one feature, PyTorch defaults": case([[1.0], [2.0], [3.0], [4.0]], [1.0], [0.0], [0.0], [1.0],
                                          0.1, 1e-5, True),
    "two features with affine": case([[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0]], [2.0, 0.5], [1.0, -1.0],
                                     [0.5, -0.5], [2.0, 0.5], 0.1, 1e-5, True),
    "momentum 0.3 and eps 0.01": case([[1.0, 0.5], [2.0, -1.5], [4.0, 2.5], [-1.0, 0.0]], [1.5, -0.5],
                                      [0.2, 0.1], [0.5, -0.2], [2.0, 0.5], 0.3, 0.01, True),
    "inference uses running statistics": case([[1.0, 2.0], [3.0, 6.0]], [1.5, -1.0], [0.0, 0.5],
                                              [2.0, 3.0], [4.0, 9.0], 0.1, 1e-5, False),
    "single sample in training": case([[5.0, -1.0]], [1.0, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0],
                                      0.1, 1e-5, True),
    "empty batch in training": case(empty(2), [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0],
                                    0.1, 1e-5, True),
    "gamma length mismatch": case([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0, 1.0], [0.0, 0.0], [0.0, 0.0],
                                  [1.0, 1.0], 0.1, 1e-5, True),
    "running_mean of length 1": case([[1.0, 2.0], [3.0, 6.0], [2.0, 1.0]], [1.0, 1.0], [0.0, 0.0], [0.5],
                                     [1.0, 1.0], 0.1, 1e-5, True),
    "single sample in inference": case([[5.0, -1.0]], [1.0, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0],
                                       0.1, 1e-5, False),
    "momentum 1 replaces running statistics": case(X3, [1.0, 1.0], [0.0, 0.0], [5.0, -5.0], [7.0, 0.25],
                                                   1.0, 1e-5, True),
    "momentum 0 keeps running statistics": case(X3, [1.0, 1.0], [0.0, 0.0], [1.0, 2.0], [3.0, 4.0],
                                                0.0, 1e-5, True),
    "constant feature": case([[3.0, 1.0], [3.0, 2.0], [3.0, 6.0]], [2.0, 1.0], [0.25, 0.0], [0.0, 0.0],
                             [1.0, 1.0], 0.1, 1e-5, True),
    "large eps": case([[0.0], [1.0], [2.0]], [1.0], [0.0], [0.0], [1.0], 0.1, 0.5, True),
    "running_var length mismatch": case([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0],
                                        [1.0], 0.1, 1e-5, True),
    "larger batch": case([[0.5, -1.2, 3.3], [2.1, 0.0, -0.7], [-1.4, 2.6, 1.1], [0.9, -0.3, 4.2],
                          [3.0, 1.7, -2.5]], [1.2, 0.8, -0.5], [0.1, -0.2, 0.3], [0.3, 0.1, -0.4],
                         [1.5, 0.9, 2.2], 0.2, 1e-5, True),
    "inference with a larger batch": case([[0.5, 1.0], [2.0, -3.0], [1.5, 0.0]], [2.0, 1.0], [0.0, 0.5],
                                          [1.0, -0.5], [0.25, 2.0], 0.4, 1e-3, False),
    "empty batch in inference": case(empty(2), [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0],
                                     0.1, 1e-5, False),
    "empty training batch of three features": case(empty(3), [1.0, 1.0, 1.0], [0.0, 0.0, 0.0],
                                                   [1.0, 2.0, 3.0], [1.0, 1.0, 1.0], 0.2, 1e-3, True),
    "one sample of three features in training": case([[1.0, 2.0, 3.0]], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0],
                                                     [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], 0.1, 1e-5, True),
    "running_mean of length 1 in inference": case([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0], [0.0, 0.5], [0.5],
                                                  [1.0, 4.0], 0.1, 1e-5, False),
    "feature count mismatch in inference": case([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [1.0, 1.0], [0.0, 0.0],
                                                [0.0, 0.0], [1.0, 1.0], 0.1, 1e-5, False),
}


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name}")
        print(f"expected: {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "batch-norm-forward.toml", CASES, solve)
