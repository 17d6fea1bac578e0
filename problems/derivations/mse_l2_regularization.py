"""Expected values for problems/mse-l2-regularization.toml, computed with Python's fractions module.

Run: python3 problems/derivations/mse_l2_regularization.py
Inputs are decimal literals; Fraction(str(x)) reads them exactly, so the loss is computed in exact
rational arithmetic and only rounded to a float at the end.
"""
from fractions import Fraction as F


def fr(xs):
    return [F(str(x)) for x in xs]


def loss(y, yhat, w, lam, mode="correct"):
    y, yhat, w, lam = fr(y), fr(yhat), fr(w), F(str(lam))
    n = len(y)
    sq = sum((a - b) ** 2 for a, b in zip(y, yhat))
    mse = sq / n
    pen = lam * sum(x * x for x in w)
    if mode == "half":  # ½ on both terms, as in the (1/2n)·Σ + (λ/2)·‖w‖² convention
        return float(mse / 2 + pen / 2)
    if mode == "half mse":  # ½ on the data term only
        return float(mse / 2 + pen)
    if mode == "penalty / n":
        return float(mse + pen / n)
    if mode == "not squared":  # λ·Σ w
        return float(mse + lam * sum(w))
    if mode == "sum":  # sum of squared errors, not the mean
        return float(sq + pen)
    return float(mse + pen)


CASES = {
    # name: (y_true, y_pred, weights, lambda)
    "no regularisation": ([1.0, 2.0, 3.0], [1.5, 2.0, 2.0], [0.7, -1.3], 0.0),
    "typical": ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], [0.5, -1.0, 2.0], 0.1),
    "perfect fit": ([1.0, -2.0], [1.0, -2.0], [3.0, -4.0], 0.01),
    "no weights": ([0.0, 1.0, 0.0], [0.2, 0.8, -0.1], [], 0.5),
    "single sample": ([4.0], [1.0], [2.0], 0.25),
    "strong regularisation": ([1.0, 0.0, 1.0, 0.0, 1.0], [0.9, 0.2, 0.6, 0.1, 0.7], [-0.3, 0.8, -1.5, 0.05], 10.0),
    "negative weights": ([2.0, 2.0], [1.0, 3.0], [-1.0, -2.0, -3.0], 0.5),
    # Rejected by the statement; the value is what a solution without the check returns.
    "negative lambda (unchecked)": ([1.0, 2.0], [1.0, 1.0], [1.0], -0.1),
}

MODES = ["half", "half mse", "penalty / n", "not squared", "sum"]

for name, args in CASES.items():
    print(f"{name}: loss = {loss(*args)!r}")
    print("    " + "  ".join(f"{m} = {loss(*args, mode=m)!r}" for m in MODES))
