"""Expected values for problems/perplexity.toml, computed with Python's math module only.

    PPL = exp(-(1/N) * sum_i ln(p_i))

The wrong solutions of solutions/wrong/perplexity/ are re-implemented here from their one-line
description (never by running them), with IEEE semantics where Python would raise: exp overflows
to inf, ln(0) = -inf, 0 ** negative = inf, 0 / 0 = NaN. `f32_intermediates` rounds every
intermediate to IEEE single precision (struct 'f'), as Rust's `f32` arithmetic does.

Run: python3 problems/derivations/perplexity.py
"""
import math
import struct

REJECT = "rejected"  # the function returns Err


def ln(x):
    """Natural log with IEEE semantics: ln(0) = -inf, ln(x < 0) = ln(NaN) = NaN."""
    if x != x or x < 0:
        return math.nan
    return math.log(x) if x > 0 else -math.inf


def exp(x):
    """exp with IEEE overflow to inf (Python's math.exp raises instead)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def div(a, b):
    """IEEE division: 0 / 0 and NaN are NaN, x / 0 is ±inf."""
    if a != a or b != b or (a == 0 and b == 0):
        return math.nan
    if b == 0:
        return math.copysign(math.inf, a)
    return a / b


def power(a, b):
    """a ** b for a >= 0 with IEEE semantics: 0 ** negative = inf, overflow gives inf."""
    if a == 0 and b < 0:
        return math.inf
    try:
        return a ** b
    except OverflowError:
        return math.inf


def f32(x):
    """Round a double to the nearest IEEE single, as `x as f32` does (overflow gives ±inf)."""
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def valid(p):
    """The statement's validation: non-empty, every value in [0, 1] (NaN is not)."""
    return len(p) > 0 and all(0.0 <= x <= 1.0 for x in p)


def total(xs):
    """Left-to-right sum, as Rust's `Iterator::sum` (Python 3.12's `sum` compensates instead)."""
    s = 0.0
    for x in xs:
        s += x
    return s


def mean_nll(p):
    """Mean negative natural-log probability, in nats."""
    return div(total(-ln(x) for x in p), len(p))


def perplexity(p):
    if not valid(p):
        return REJECT
    return exp(mean_nll(p))


# ---- Wrong solutions (solutions/wrong/perplexity/<name>.rs), one mistake each ------------------

def forgot_minus(p):
    """exp of the mean log probability: 1 / perplexity."""
    if not valid(p):
        return REJECT
    return exp(-mean_nll(p))


def inverse_mean_prob(p):
    """1 / the arithmetic mean of the probabilities instead of 1 / their geometric mean."""
    if not valid(p):
        return REJECT
    return div(1.0, total(p) / len(p))


def two_to_nats(p):
    """2 ** H with H measured in nats."""
    if not valid(p):
        return REJECT
    return power(2.0, mean_nll(p))


def sum_not_mean(p):
    """exp of the summed negative log-likelihood: grows with the length of the text."""
    if not valid(p):
        return REJECT
    return exp(mean_nll(p) * len(p))


def product_first(p):
    """Multiply the probabilities, then take the N-th root: underflows for long or unlikely text."""
    if not valid(p):
        return REJECT
    prod = 1.0
    for x in p:
        prod *= x
    return power(prod, -1.0 / len(p))


def rejects_zero(p):
    """Treats p = 0 as invalid (checks 0 < p <= 1)."""
    if len(p) == 0 or not all(0.0 < x <= 1.0 for x in p):
        return REJECT
    return exp(mean_nll(p))


def no_range_check(p):
    """Rejects only the empty input: values outside [0, 1] and NaN are used as they are."""
    if len(p) == 0:
        return REJECT
    return exp(mean_nll(p))


def nan_passes(p):
    """Checks `p < 0.0 || p > 1.0`, which is false for NaN, so NaN gets through."""
    if len(p) == 0 or any(x < 0.0 or x > 1.0 for x in p):
        return REJECT
    return exp(mean_nll(p))


def empty_nan(p):
    """No check for the empty input: 0 / 0 is NaN."""
    if not all(0.0 <= x <= 1.0 for x in p):
        return REJECT
    return exp(mean_nll(p))


def f32_intermediates(p):
    """Computes the logarithms, their mean and the exponential in f32 instead of f64."""
    if not valid(p):
        return REJECT
    acc = f32(0.0)
    for x in p:
        y = f32(x)
        term = -math.inf if y == 0 else f32(math.log(y))
        acc = f32(acc - term)
    mean = f32(acc / f32(len(p)))
    return f32(exp(mean))


WRONG = {
    "forgot_minus": forgot_minus,
    "inverse_mean_prob": inverse_mean_prob,
    "two_to_nats": two_to_nats,
    "sum_not_mean": sum_not_mean,
    "product_first": product_first,
    "rejects_zero": rejects_zero,
    "no_range_check": no_range_check,
    "nan_passes": nan_passes,
    "empty_nan": empty_nan,
    "f32_intermediates": f32_intermediates,
}

# Twenty repetitions of one ten-token sentence whose probabilities multiply to exactly 1e-20: the
# perplexity is 100, but the product of all 200 probabilities (1e-400) is 0 in f64.
SENTENCE = [0.5, 0.01, 0.2, 0.001, 0.05, 0.0002, 0.02, 0.1, 0.0005, 0.001]
LONG_TEXT = SENTENCE * 20
# Forty repetitions of three unlikely tokens (product 1e-9 each): 120 tokens, product 1e-360.
UNLIKELY_TEXT = [0.001, 0.002, 0.0005] * 40

# In the order of the TOML file. Each case's tolerance is (abs, rel); the default is (1e-6, 1e-6).
CASES = [
    ("uniform over four", [0.25, 0.25, 0.25]),
    ("typical sentence", [0.5, 0.25, 0.8, 0.1]),
    ("single token", [0.5]),
    ("certain model", [1.0, 1.0]),
    ("a zero probability", [0.5, 0.0, 0.9]),
    ("empty input", []),
    ("probability above one", [0.5, 1.5]),
    ("negative probability", [-0.2, 0.5]),
    ("a NaN probability", [0.25, math.nan, 0.5]),
    ("long text", LONG_TEXT),
    ("nearly certain model", [0.9999999, 0.99999995, 0.9999998]),
    ("a very unlikely token", [1e-60, 0.5]),
    ("longer sequence", [0.9, 0.05, 0.6, 0.33, 0.7, 0.12, 0.45, 0.99, 0.2, 0.08]),
    ("tiny probabilities", [1e-300, 1e-300, 1e-300]),
    ("near certain", [0.99, 0.999, 0.9999]),
    ("only a zero", [0.0]),
    ("one in a billion", [1e-9, 0.5]),
    ("NaN probability", [0.5, math.nan]),
    ("long unlikely text", UNLIKELY_TEXT),
    ("no tokens", []),
]

TIGHT = (0.0, 1e-12)  # the statement asks for f64: these cases allow 1e-12 relative error only
TOLERANCE = {
    "nearly certain model": TIGHT,
    "near certain": TIGHT,
}


def expected(p):
    return perplexity(p)


if __name__ == "__main__":
    for name, p in CASES:
        shown = p if len(p) <= 10 else f"{len(p)} probabilities"
        print(f"{name}: {shown}")
        print(f"    perplexity = {expected(p)!r}")
        for wrong_name, f in WRONG.items():
            print(f"    {wrong_name:18} = {f(p)!r}")
    prod = 1.0
    for x in LONG_TEXT:
        prod *= x
    print("product of the long text's probabilities in f64:", repr(prod))
    print("1e-60 as f32:", repr(f32(1e-60)), " 0.99999995 as f32:", repr(f32(0.99999995)))
