"""Expected values for problems/stable-sigmoid.toml, computed with Python's math module only.

Run: python3 problems/derivations/stable_sigmoid.py
"""
import math

NAN = math.nan
INF = math.inf


def exp(x):
    """exp with IEEE semantics: overflow gives inf (Python's math.exp raises), NaN stays NaN."""
    if math.isnan(x):
        return NAN
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def div(a, b):
    """IEEE division as in Rust: inf/inf is NaN."""
    if math.isnan(a) or math.isnan(b) or (math.isinf(a) and math.isinf(b)):
        return NAN
    return a / b


def sigmoid(x):
    """Stable logistic function: never exponentiates a positive number."""
    if math.isnan(x):
        return NAN
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


def exp_ratio(x):
    """Mistake: e^x / (1 + e^x) for every x; e^x overflows to inf for x > ~709.78."""
    e = exp(x)
    return div(e, 1.0 + e)


def clamp_with_max_min(x):
    """Mistake: x.max(-700).min(700) before a stable sigmoid; f64::max(NaN, c) returns c."""
    x = -700.0 if math.isnan(x) else min(max(x, -700.0), 700.0)
    return sigmoid(x)


CASES = {
    "small values": [0.0, 1.0, -1.0, 2.0],
    "large positive": [1000.0, 710.0],
    "large negative": [-1000.0, -710.0],
    "infinities": [INF, -INF],
    "NaN input": [NAN, 0.0],
    "empty input": [],
    "single zero": [0.0],
    "symmetric pair": [3.0, -3.0],
    "around the overflow threshold": [709.0, 709.8, -709.8],
    "tiny magnitudes": [1e-10, -1e-10],
    "mixed batch": [-5.0, -0.5, 0.25, 4.0, 30.0, -30.0],
    "infinities and NaN mixed": [-INF, NAN, INF, -2.0],
}

for name, x in CASES.items():
    print(f"{name}: sigmoid = {[sigmoid(v) for v in x]!r}")
    print(f"    e^x/(1+e^x) = {[exp_ratio(v) for v in x]!r}"
          f"  clamp with max/min = {[clamp_with_max_min(v) for v in x]!r}")
