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

Rejected: training with N < 2, and gamma / beta / running_mean / running_var lengths != D.

Run: python3 problems/derivations/batch_norm_forward.py
"""
import math


def column_stats(x, d):
    n = len(x)
    mean = []
    biased = []
    unbiased = []
    for j in range(d):
        s = 0.0
        for i in range(n):
            s += x[i][j]
        m = s / n
        ss = 0.0
        for i in range(n):
            ss += (x[i][j] - m) ** 2
        mean.append(m)
        biased.append(ss / n)
        # 0/0 when N == 1 gives NaN, as f64 division does in Rust (only used for a mistake).
        unbiased.append(ss / (n - 1) if n > 1 else math.nan)
    return mean, biased, unbiased


def ieee_div(a, b):
    """a / b as f64 division gives it: 0/0 is NaN, a/0 is an infinity (Python raises instead)."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def batch_norm(x, d, gamma, beta, rm, rv, momentum, eps, training,
               store_biased=False, keras_momentum=False, eps_outside=False, no_eps=False,
               normalise_unbiased=False, batch_stats_in_inference=False,
               update_in_inference=False, check_n=True):
    n = len(x)
    if any(len(v) != d for v in (gamma, beta, rm, rv)) or any(len(row) != d for row in x):
        return "rejects"
    if training and n < 2 and check_n:
        return "rejects"
    if training or batch_stats_in_inference:
        mean, biased, unbiased = column_stats(x, d)
        use_mean = mean
        use_var = unbiased if normalise_unbiased else biased
    else:
        use_mean, use_var = rm, rv
    out = []
    for i in range(n):
        row = []
        for j in range(d):
            if no_eps:
                xhat = ieee_div(x[i][j] - use_mean[j], math.sqrt(use_var[j]))
            elif eps_outside:
                xhat = (x[i][j] - use_mean[j]) / (math.sqrt(use_var[j]) + eps)
            else:
                xhat = (x[i][j] - use_mean[j]) / math.sqrt(use_var[j] + eps)
            row.append(gamma[j] * xhat + beta[j])
        out.append(row)
    if training or update_in_inference:
        mean, biased, unbiased = column_stats(x, d)
        stat_var = biased if store_biased else unbiased
        new_rm, new_rv = [], []
        for j in range(d):
            if keras_momentum:
                new_rm.append(momentum * rm[j] + (1 - momentum) * mean[j])
                new_rv.append(momentum * rv[j] + (1 - momentum) * stat_var[j])
            else:
                new_rm.append((1 - momentum) * rm[j] + momentum * mean[j])
                new_rv.append((1 - momentum) * rv[j] + momentum * stat_var[j])
    else:
        new_rm, new_rv = list(rm), list(rv)
    return {"output": out, "running_mean": new_rm, "running_var": new_rv}


# name: (x, D, gamma, beta, running_mean, running_var, momentum, eps, training)
CASES = {
    "required check": ([[1.0], [2.0], [3.0], [4.0]], 1, [1.0], [0.0], [0.0], [1.0], 0.1, 1e-5, True),
    "two features with affine": ([[1.0, -2.0], [3.0, 0.5], [-1.0, 4.0]], 2, [2.0, 0.5], [1.0, -1.0],
                                 [0.5, -0.5], [2.0, 0.5], 0.1, 1e-5, True),
    "inference uses running statistics": ([[1.0, 2.0], [3.0, 6.0]], 2, [1.5, -1.0], [0.0, 0.5],
                                          [2.0, 3.0], [4.0, 9.0], 0.1, 1e-5, False),
    "single sample in training": ([[5.0, -1.0]], 2, [1.0, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0],
                                  0.1, 1e-5, True),
    "gamma length mismatch": ([[1.0, 2.0], [3.0, 4.0]], 2, [1.0, 1.0, 1.0], [0.0, 0.0], [0.0, 0.0],
                              [1.0, 1.0], 0.1, 1e-5, True),
    "single sample in inference": ([[5.0, -1.0]], 2, [1.0, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0],
                                   0.1, 1e-5, False),
    "momentum 1 replaces running statistics": ([[2.0, 10.0], [4.0, 20.0], [9.0, 0.0]], 2, [1.0, 1.0],
                                               [0.0, 0.0], [5.0, -5.0], [7.0, 0.25], 1.0, 1e-5, True),
    "momentum 0 keeps running statistics": ([[2.0, 10.0], [4.0, 20.0], [9.0, 0.0]], 2, [1.0, 1.0],
                                            [0.0, 0.0], [1.0, 2.0], [3.0, 4.0], 0.0, 1e-5, True),
    "constant feature": ([[3.0, 1.0], [3.0, 2.0], [3.0, 6.0]], 2, [2.0, 1.0], [0.25, 0.0], [0.0, 0.0],
                         [1.0, 1.0], 0.1, 1e-5, True),
    "large eps": ([[0.0], [1.0], [2.0]], 1, [1.0], [0.0], [0.0], [1.0], 0.1, 0.5, True),
    "running_var length mismatch": ([[1.0, 2.0], [3.0, 4.0]], 2, [1.0, 1.0], [0.0, 0.0], [0.0, 0.0],
                                    [1.0], 0.1, 1e-5, True),
    "larger batch": ([[0.5, -1.2, 3.3], [2.1, 0.0, -0.7], [-1.4, 2.6, 1.1], [0.9, -0.3, 4.2],
                      [3.0, 1.7, -2.5]], 3, [1.2, 0.8, -0.5], [0.1, -0.2, 0.3], [0.3, 0.1, -0.4],
                     [1.5, 0.9, 2.2], 0.2, 1e-5, True),
    "empty batch in inference": ([], 2, [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0], 0.1, 1e-5, False),
    "empty batch in training": ([], 2, [1.0, 2.0], [0.0, 1.0], [0.5, 0.5], [1.0, 4.0], 0.1, 1e-5, True),
    "features mismatch in inference": ([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], 3, [1.0, 1.0], [0.0, 0.0],
                                       [0.0, 0.0], [1.0, 1.0], 0.1, 1e-5, False),
}

MISTAKES = {
    "store biased variance": dict(store_biased=True),
    "keras momentum": dict(keras_momentum=True),
    "eps outside sqrt": dict(eps_outside=True),
    "eps left out": dict(no_eps=True),
    "normalise with unbiased variance": dict(normalise_unbiased=True),
    "batch statistics in inference": dict(batch_stats_in_inference=True),
    "update running stats in inference": dict(update_in_inference=True),
    "no N >= 2 check": dict(check_n=False),
}

# The known mistakes shown on each case (the others give the right answer there, or the same one).
SHOWN = {
    "required check": ["store biased variance", "keras momentum", "eps outside sqrt",
                       "normalise with unbiased variance"],
    "two features with affine": ["normalise with unbiased variance", "store biased variance",
                                 "keras momentum", "eps outside sqrt"],
    "inference uses running statistics": ["batch statistics in inference", "update running stats in inference",
                                          "eps outside sqrt"],
    "single sample in training": ["no N >= 2 check"],
    "single sample in inference": ["batch statistics in inference", "eps outside sqrt"],
    "momentum 1 replaces running statistics": ["keras momentum", "store biased variance"],
    "momentum 0 keeps running statistics": ["keras momentum"],
    "constant feature": ["eps left out", "store biased variance"],
    "large eps": ["eps outside sqrt"],
    "larger batch": ["store biased variance", "keras momentum"],
}

for name, args in CASES.items():
    x, d, *rest = args
    print(f"{name}: {batch_norm(x, d, *rest)!r}")
    for mname in SHOWN.get(name, []):
        print(f"    {mname}: {batch_norm(x, d, *rest, **MISTAKES[mname])!r}")
