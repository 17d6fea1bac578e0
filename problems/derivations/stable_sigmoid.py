"""Expected values for problems/stable-sigmoid.toml, computed with Python's math module only.

Each known mistake is σ computed another way, as in the wrong solutions of
solutions/wrong/stable_sigmoid/; the f32 one rounds every intermediate to f32 with `struct`.

Run: python3 problems/derivations/stable_sigmoid.py
"""
import math
import struct

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


def f32(x):
    """Round a float to the nearest f32, subnormals included (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def sigmoid(x):
    """Stable logistic function: never exponentiates a positive number."""
    if math.isnan(x):
        return NAN
    if x >= 0:
        return 1.0 / (1.0 + exp(-x))
    e = exp(x)
    return e / (1.0 + e)


# ---- The known mistakes (solutions/wrong/stable_sigmoid/<name>.rs) -----------------------------

def exp_ratio(x):
    """e^x / (1 + e^x) for every x; e^x overflows to inf for x > ~709.78."""
    e = exp(x)
    return div(e, 1.0 + e)


def clamp_with_max_min(x):
    """x.max(-700).min(700) before a stable sigmoid; f64::max(NaN, c) returns c."""
    x = -700.0 if math.isnan(x) else min(max(x, -700.0), 700.0)
    return sigmoid(x)


def clamp_x_500(x):
    """x.clamp(-500, 500) (which keeps NaN) before a stable sigmoid."""
    return sigmoid(x if math.isnan(x) else min(max(x, -500.0), 500.0))


def one_over_everywhere(x):
    """1 / (1 + e^-x) for every x: e^-x overflows to inf for x < -709.78, and 1 / inf = 0."""
    if math.isnan(x):
        return NAN
    return 1.0 / (1.0 + exp(-x))


def cut_off_beyond_40(x):
    """Exactly 1 above 40, exactly 0 below -40, 1 / (1 + e^-x) in between."""
    if x > 40:
        return 1.0
    if x < -40:
        return 0.0
    return one_over_everywhere(x)


def tanh_form(x):
    """(1 + tanh(x / 2)) / 2, written 0.5 * (1 + tanh(x / 2))."""
    return 0.5 * (1.0 + math.tanh(x / 2.0))


def f32_intermediates(x):
    """The stable sigmoid with every value and operation rounded to f32."""
    x = f32(x)
    if math.isnan(x):
        return NAN
    if x >= 0:
        return f32(1.0 / f32(1.0 + f32(exp(-x))))
    e = f32(exp(x))
    return f32(e / f32(1.0 + e))


MISTAKES = [exp_ratio, clamp_with_max_min, clamp_x_500, one_over_everywhere, cut_off_beyond_40,
            tanh_form, f32_intermediates]

CASES = {
    # visible
    "small values": [0.0, 1.0, -1.0, 2.0],
    "large positive": [1000.0, 710.0],
    "large negative": [-1000.0, -710.0, -100.0],
    "negative tail": [-20.0, -30.0, -45.0],
    "infinities": [INF, -INF],
    "NaN input": [NAN, 0.0],
    "empty input": [],
    "single zero": [0.0],
    # hidden
    "symmetric pair": [3.0, -3.0],
    "around the overflow threshold": [709.0, 709.8, -709.8],
    "tiny magnitudes": [1e-10, -1e-10],
    "mixed batch": [-5.0, -0.5, 0.25, 4.0, 30.0, -30.0],
    "infinities and NaN mixed": [-INF, NAN, INF, -2.0],
    "deep negative tail": [-600.0, -60.0, -720.0],
}

for name, x in CASES.items():
    print(f"{name}: sigmoid = {[sigmoid(v) for v in x]!r}")
    for f in MISTAKES:
        print(f"    {f.__name__} = {[f(v) for v in x]!r}")
