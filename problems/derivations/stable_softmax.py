"""Expected values for problems/stable-softmax.toml, computed with Python's math module only.

Run: python3 problems/derivations/stable_softmax.py
"""
import math

INF = math.inf


def exp(x):
    """exp with IEEE semantics: overflow gives inf (Python's math.exp raises), NaN stays NaN."""
    if math.isnan(x):
        return math.nan
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def softmax(x):
    """Stable softmax: subtract the maximum before exponentiating. None means "rejected"."""
    if not x:
        return []
    m = max(x)
    if m == -INF:
        return None  # every entry is -inf: no finite mass to normalise
    e = [exp(v - m) for v in x]  # exp(-inf - m) = 0 for masked entries
    s = sum(e)
    return [v / s for v in e]


def div(a, b):
    """IEEE division as in Rust: inf/inf and 0/0 are NaN."""
    if (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0) or math.isnan(a) or math.isnan(b):
        return math.nan
    if b == 0:
        return math.copysign(INF, a)
    return a / b


def naive(x):
    """The mistake: exponentiate without subtracting the maximum."""
    e = [exp(v) for v in x]
    s = sum(e)
    return [div(v, s) for v in e]


def sub(a, b):
    """IEEE subtraction: -inf - (-inf) is NaN (Python agrees, kept explicit)."""
    return a - b


def unguarded(x):
    """The mistake on all -inf inputs: subtract the max (-inf) anyway."""
    m = max(x)
    e = [exp(sub(v, m)) for v in x]
    s = sum(e)
    return [div(v, s) for v in e]


CASES = {
    "three logits": [1.0, 2.0, 3.0],
    "huge logits": [1000.0, 1001.0, 1002.0],
    "same logits shifted to zero": [0.0, 1.0, 2.0],
    "single element": [5.0],
    "empty input": [],
    "masked entry": [1.0, -INF, 1.0],
    "every entry masked": [-INF, -INF],
    "very negative logits": [-1000.0, -1001.0, -1002.0],
    "uniform": [7.0, 7.0, 7.0, 7.0],
    "mixed range": [-3.5, 0.0, 2.25, 10.0, -50.0],
    "one dominant logit": [0.0, 800.0],
    "masked with huge logits": [-INF, 1000.0, 999.0],
    "single masked entry": [-INF],
}

for name, x in CASES.items():
    print(f"{name}: softmax = {softmax(x)!r}")
    if x and max(x) > -INF:
        print(f"    naive = {naive(x)!r}")
    else:
        print(f"    unguarded = {unguarded(x) if x else None!r}")
