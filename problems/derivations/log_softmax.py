"""Expected values for problems/log-softmax.toml, computed with Python's math module only.

Run: python3 problems/derivations/log_softmax.py
"""
import math

INF = math.inf
NAN = math.nan


def exp(x):
    """exp with IEEE semantics: overflow gives inf (Python's math.exp raises), NaN stays NaN."""
    if math.isnan(x):
        return NAN
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def ln(x):
    """ln with IEEE semantics: ln(0) = -inf, ln(inf) = inf, ln(NaN) = NaN (math.log raises)."""
    if math.isnan(x):
        return NAN
    if x == 0:
        return -INF
    return math.log(x)


def div(a, b):
    """IEEE division as in Rust: inf/inf and 0/0 are NaN."""
    if math.isnan(a) or math.isnan(b) or (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0):
        return NAN
    if b == 0:
        return math.copysign(INF, a)
    return a / b


def sub(a, b):
    """IEEE subtraction; inf - inf is NaN (Python agrees)."""
    return a - b


def log_softmax(x):
    """x - m - ln(sum exp(x - m)) with m = max(x): the log-sum-exp trick, as torch.log_softmax.

    When every entry is -inf, m = -inf and x - m is NaN, so every output is NaN (as in PyTorch).
    """
    if not x:
        return []
    m = max(x)
    if m == -INF:
        return [NAN for _ in x]
    lse = ln(sum(exp(v - m) for v in x))
    return [sub(v - m, lse) for v in x]


def ln_of_naive_softmax(x):
    """Mistake: ln(exp(x) / sum exp(x))."""
    e = [exp(v) for v in x]
    s = sum(e)
    return [ln(div(v, s)) for v in e]


def ln_of_stable_softmax(x):
    """Mistake: ln of a (stable) softmax: probabilities that underflow to 0 give -inf."""
    m = max(x)
    e = [exp(v - m) for v in x]
    s = sum(e)
    return [ln(div(v, s)) for v in e]


def no_max_in_lse(x):
    """Mistake: x - ln(sum exp(x)), the log-sum-exp without the shift."""
    lse = ln(sum(exp(v) for v in x))
    return [sub(v, lse) for v in x]


CASES = {
    "three logits": [1.0, 2.0, 3.0],
    "huge logits": [1000.0, 1001.0, 1002.0],
    "probability below the smallest float": [-800.0, 0.0],
    "single element": [42.0],
    "empty input": [],
    "masked entry": [0.0, -INF, 0.0],
    "very negative logits": [-1000.0, -1001.0, -1002.0],
    "every entry masked": [-INF, -INF],
    "wide range": [-50.0, 0.0, 50.0, 700.0],
    "uniform": [3.0, 3.0, 3.0, 3.0],
    "huge gap": [1000.0, -1000.0, 0.0],
}

for name, x in CASES.items():
    print(f"{name}: log_softmax = {log_softmax(x)!r}")
    if x and max(x) > -INF:
        print(f"    ln(naive softmax) = {ln_of_naive_softmax(x)!r}")
        print(f"    ln(stable softmax) = {ln_of_stable_softmax(x)!r}")
        print(f"    no max in lse = {no_max_in_lse(x)!r}")
