"""Expected values for problems/mse-l2-regularization.toml, computed with Python's fractions module.

Run: python3 problems/derivations/mse_l2_regularization.py
Inputs are decimal literals; Fraction(str(x)) reads them exactly, so the loss is computed in exact
rational arithmetic and only rounded to a float at the end. The wrong variants apply one mistake
each, to the formula (a 1/2 factor, the penalty over n, unsquared, L1 or without lambda, the sum of
squared errors, weights[0] taken as a bias) or to the validation (each check left out or wrong);
f32_tensors computes in f32, simulated with `struct` (each input and each +, -, *, / rounded to
f32, which is what f32 arithmetic gives).
Outputs within the default tolerance (1e-6) of each other count as one.

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/mse_l2_regularization/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).
"""
import math
import struct
from fractions import Fraction as F


def fr(xs):
    return [F(str(x)) for x in xs]


def terms(y, yhat, w, lam):
    """Exact (sum of squared errors over the zipped pairs, n = len(y), sum of w², sum of w, sum of
    |w|, lambda), all as Fractions."""
    y, yhat, w, lam = fr(y), fr(yhat), fr(w), F(str(lam))
    sq = sum((a - b) ** 2 for a, b in zip(y, yhat))
    return sq, len(y), sum(x * x for x in w), sum(w), sum(abs(x) for x in w), lam


def valid(y, yhat, w, lam):
    return bool(y) and len(y) == len(yhat) and not math.isnan(lam) and lam >= 0


def compute(y, yhat, w, lam, mode="correct"):
    """The loss as the statement defines it, or as a wrong solution computes it (mode)."""
    if math.isnan(lam):
        return math.nan  # every term is multiplied by, or added to, NaN
    if not y:
        return math.nan  # 0 / 0: the mean of no squared errors
    sq, n, w2, w1, wabs, lam = terms(y, yhat, w, lam)
    mse = sq / n
    pen = lam * w2
    value = {
        "correct": mse + pen,
        "half_both": mse / 2 + pen / 2,  # the (1/2n)·Σ + (λ/2)·‖w‖² convention
        "half_mse": mse / 2 + pen,
        "half_penalty": mse + pen / 2,
        "penalty_over_n": mse + pen / n,
        "not_squared": mse + lam * w1,  # λ·Σ w
        "l1_penalty": mse + lam * wabs,  # λ·Σ |w|
        "sum_not_mean": sq + pen,
        "skips_first_weight": mse + lam * sum(x * x for x in fr(w)[1:]),  # weights[0] taken as a bias
        "penalty_without_lambda": mse + w2,
    }[mode]
    return float(value)


def f32(x):
    """x rounded to the nearest f32 (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def f32_loss(y, yhat, w, lam):
    """The loss computed in f32: every input cast to f32, then each difference, square, sum,
    the division by n, the penalty and the final sum rounded to f32, in this order."""
    sq = 0.0
    for a, b in zip(y, yhat):
        d = f32(f32(a) - f32(b))
        sq = f32(sq + f32(d * d))
    mse = f32(sq / f32(len(y)))
    pen = 0.0
    for x in w:
        x = f32(x)
        pen = f32(pen + f32(x * x))
    return f32(mse + f32(f32(lam) * pen))


def solve(y, yhat, w, lam):
    return compute(y, yhat, w, lam) if valid(y, yhat, w, lam) else "rejects"


def checked(mode):
    """A wrong formula behind the statement's validation."""
    return lambda y, yhat, w, lam: compute(y, yhat, w, lam, mode) if valid(y, yhat, w, lam) else "rejects"


def validation(*, empty=True, lengths="both", negative=True, nan=True, zero=False, no_weights=False):
    """The right formula behind a wrong validation: which checks are made (lengths: "both" for
    len(y_true) != len(y_pred), "short" for only len(y_pred) < len(y_true), None for none)."""
    def wrong(y, yhat, w, lam):
        if empty and not y:
            return "rejects"
        if lengths == "both" and len(y) != len(yhat) or lengths == "short" and len(yhat) < len(y):
            return "rejects"
        if negative and lam < 0 or nan and math.isnan(lam) or zero and lam == 0:
            return "rejects"
        if no_weights and not w:
            return "rejects"
        return compute(y, yhat, w, lam)  # zip stops at the shorter slice; n = len(y_true)
    return wrong


# The wrong solutions of solutions/wrong/mse_l2_regularization/, each one mistake applied to the
# formula or to the validation of the statement (written from the mistake, not from the Rust code).
WRONG = {
    **{mode: checked(mode) for mode in [
        "half_both", "half_mse", "half_penalty", "penalty_over_n", "not_squared", "l1_penalty",
        "sum_not_mean", "skips_first_weight", "penalty_without_lambda"]},
    "no_empty_check": validation(empty=False),
    "no_length_check": validation(lengths=None),
    "only_short_predictions_rejected": validation(lengths="short"),
    "no_lambda_check": validation(negative=False, nan=False),
    "nan_lambda_passes": validation(nan=False),
    "rejects_zero_lambda": validation(zero=True),
    "rejects_empty_weights": validation(no_weights=True),
    "f32_tensors": lambda y, yhat, w, lam: f32_loss(y, yhat, w, lam) if valid(y, yhat, w, lam) else "rejects",
}


def same(a, b, tol=1e-6):
    """The judge's comparison with the default tolerance (abs or rel 1e-6); NaN matches NaN."""
    if a == "rejects" or b == "rejects":
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol or abs(a - b) <= tol * abs(b)


def toml(v):
    if v == "rejects":
        return v
    return "nan" if math.isnan(v) else repr(v)


NAN = math.nan
CASES = {
    # name: (y_true, y_pred, weights, lambda)
    "no regularisation": ([1.0, 2.0, 3.0], [1.5, 2.0, 2.0], [0.7, -1.3], 0.0),
    "typical": ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], [0.5, -1.0, 2.0], 0.1),
    "perfect fit": ([1.0, -2.0], [1.0, -2.0], [3.0, -4.0], 0.01),
    "no weights": ([0.0, 1.0, 0.0], [0.2, 0.8, -0.1], [], 0.5),
    "large targets, small errors": ([10000.1, 20000.3, -5000.2], [10000.0, 20000.0, -5000.0], [0.5], 0.01),
    "empty input": ([], [], [1.0], 0.1),
    "lengths differ": ([1.0, 2.0, 3.0], [1.0, 2.0], [0.5], 0.1),
    "more predictions than targets": ([1.0, 2.0], [1.0, 2.0, 3.0], [0.5], 0.1),
    "negative lambda": ([1.0, 2.0], [1.0, 1.0], [1.0], -0.1),
    "NaN lambda": ([1.0, 2.0], [1.5, 2.0], [0.3], NAN),
    "single sample": ([4.0], [1.0], [2.0], 0.25),
    "strong regularisation": ([1.0, 0.0, 1.0, 0.0, 1.0], [0.9, 0.2, 0.6, 0.1, 0.7], [-0.3, 0.8, -1.5, 0.05], 10.0),
    "negative weights": ([2.0, 2.0], [1.0, 3.0], [-1.0, -2.0, -3.0], 0.5),
    "NaN lambda, no weights": ([1.0], [0.0], [], NAN),
    "longer predictions": ([1.0], [1.0, 2.0], [], 0.0),
    "empty input, no weights": ([], [], [], 0.0),
    "tiny negative lambda": ([0.5, 1.5, -1.0], [0.0, 1.0, -1.0], [2.0, 1.0], -1e-9),
    "zero lambda, three weights": ([2.0, 4.0], [3.0, 1.0], [5.0, -5.0, 1.0], 0.0),
    "bias-only model": ([2.0, -1.0, 0.5, 0.0], [1.0, -1.0, 1.5, 0.5], [], 2.0),
    "large predictions": ([123456.7, 98765.4], [123456.0, 98765.0], [1.0, -2.0], 0.001),
}

for name, args in CASES.items():
    expected = solve(*args)
    print(f"{name}:")
    print(f"    expected = {toml(expected)}")
    # Known mistakes: each distinct wrong output (judged with the default tolerance) with the
    # wrong solutions that give it.
    outputs = []
    for wrong_name, wrong in WRONG.items():
        out = wrong(*args)
        if same(out, expected):
            continue
        for seen, names in outputs:
            if same(out, seen):
                names.append(wrong_name)
                break
        else:
            outputs.append((out, [wrong_name]))
    for out, names in outputs:
        print(f"    {names}: {toml(out)}")
