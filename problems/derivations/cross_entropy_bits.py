"""Expected values for problems/cross-entropy-bits.toml, computed with Python's math module only.

    H_nats = (1/N) * sum_i -ln(p_i)        H_bits = (1/N) * sum_i -log2(p_i)

The wrong solutions of solutions/wrong/cross_entropy_bits/ are re-implemented here from their
one-line description (never by running them), with IEEE semantics where Python would raise:
ln(0) = -inf, ln of a negative number or NaN is NaN, 0 / 0 = NaN. `f32_intermediates` rounds every
intermediate to IEEE single precision (struct 'f'), as Rust's `f32` arithmetic does.

Run: python3 problems/derivations/cross_entropy_bits.py
"""
import math
import struct

REJECT = "rejected"  # the function returns Err
LN_2 = math.log(2)


def ln(x):
    """Natural log with IEEE semantics: ln(0) = -inf, ln(x < 0) = ln(NaN) = NaN."""
    if x != x or x < 0:
        return math.nan
    return math.log(x) if x > 0 else -math.inf


def log2(x):
    if x != x or x < 0:
        return math.nan
    return math.log2(x) if x > 0 else -math.inf


def log10(x):
    if x != x or x < 0:
        return math.nan
    return math.log10(x) if x > 0 else -math.inf


def div(a, b):
    """IEEE division: 0 / 0 and NaN are NaN, x / 0 is ±inf."""
    if a != a or b != b or (a == 0 and b == 0):
        return math.nan
    if b == 0:
        return math.copysign(math.inf, a)
    return a / b


def f32(x):
    """Round a double to the nearest IEEE single, as `x as f32` does (overflow gives ±inf)."""
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def total(xs):
    """Left-to-right sum, as Rust's `Iterator::sum` (Python 3.12's `sum` compensates instead)."""
    s = 0.0
    for x in xs:
        s += x
    return s


def valid(p):
    """The statement's validation: non-empty, every value in [0, 1] (NaN is not)."""
    return len(p) > 0 and all(0.0 <= x <= 1.0 for x in p)


def nats(p):
    return div(total(-ln(x) for x in p), len(p))


def bits(p):
    # Computed directly with log2, not by converting nats, so it is an independent check.
    return div(total(-log2(x) for x in p), len(p))


def ce(p):
    return {"nats": nats(p), "bits": nats(p) / LN_2}


def cross_entropy(p):
    if not valid(p):
        return REJECT
    return {"nats": nats(p), "bits": bits(p)}


# ---- Wrong solutions (solutions/wrong/cross_entropy_bits/<name>.rs), one mistake each ----------

def bits_times_ln2(p):
    """Converts in the wrong direction: bits = nats * ln 2."""
    if not valid(p):
        return REJECT
    return {"nats": nats(p), "bits": nats(p) * LN_2}


def bits_log10(p):
    """Uses log10 for the bits (hartleys)."""
    if not valid(p):
        return REJECT
    return {"nats": nats(p), "bits": div(total(-log10(x) for x in p), len(p))}


def sum_not_mean(p):
    """Sums -ln p over the tokens instead of averaging."""
    if not valid(p):
        return REJECT
    s = total(-ln(x) for x in p)
    return {"nats": s, "bits": s / LN_2}


def product_of_probs(p):
    """Multiplies the probabilities, then takes -ln of the product / N: underflows on long texts."""
    if not valid(p):
        return REJECT
    prod = 1.0
    for x in p:
        prod *= x
    return {"nats": -ln(prod) / len(p), "bits": -log2(prod) / len(p)}


def f32_intermediates(p):
    """Computes the logarithms and their mean in f32 (then converts the nats to bits in f64)."""
    if not valid(p):
        return REJECT
    acc = f32(0.0)
    for x in p:
        y = f32(x)
        term = -math.inf if y == 0 else f32(math.log(y))
        acc = f32(acc - term)
    n = f32(acc / f32(len(p)))
    return {"nats": n, "bits": n / LN_2}


def rejects_zero(p):
    """Treats p = 0 as invalid (checks 0 < p <= 1)."""
    if len(p) == 0 or not all(0.0 < x <= 1.0 for x in p):
        return REJECT
    return ce(p)


def no_range_check(p):
    """Rejects only the empty input: values outside [0, 1] and NaN are used as they are."""
    if len(p) == 0:
        return REJECT
    return ce(p)


def upper_bound_only(p):
    """Checks only `p > 1.0`: negative probabilities (and NaN) get through."""
    if len(p) == 0 or any(x > 1.0 for x in p):
        return REJECT
    return ce(p)


def nan_passes(p):
    """Checks `p < 0.0 || p > 1.0`, which is false for NaN, so NaN gets through."""
    if len(p) == 0 or any(x < 0.0 or x > 1.0 for x in p):
        return REJECT
    return ce(p)


def empty_nan(p):
    """No check for the empty input: 0 / 0 is NaN in both units."""
    if not all(0.0 <= x <= 1.0 for x in p):
        return REJECT
    return ce(p)


WRONG = {
    "bits_times_ln2": bits_times_ln2,
    "bits_log10": bits_log10,
    "sum_not_mean": sum_not_mean,
    "product_of_probs": product_of_probs,
    "f32_intermediates": f32_intermediates,
    "rejects_zero": rejects_zero,
    "no_range_check": no_range_check,
    "upper_bound_only": upper_bound_only,
    "nan_passes": nan_passes,
    "empty_nan": empty_nan,
}

# Twenty repetitions of one ten-token sentence whose probabilities multiply to exactly 1e-20: the
# cross-entropy is ln 100 nats = log2 100 bits, but the product of all 200 probabilities (1e-400)
# is 0 in f64.
SENTENCE = [0.5, 0.01, 0.2, 0.001, 0.05, 0.0002, 0.02, 0.1, 0.0005, 0.001]
LONG_TEXT = SENTENCE * 20
# Forty repetitions of three unlikely tokens (product 1e-9 each): 120 tokens, product 1e-360.
UNLIKELY_TEXT = [0.001, 0.002, 0.0005] * 40

# In the order of the TOML file.
CASES = [
    ("uniform over eight", [0.125, 0.125, 0.125]),
    ("fair coin", [0.5, 0.5]),
    ("typical sentence", [0.5, 0.25, 0.8, 0.1]),
    ("certain model", [1.0]),
    ("a zero probability", [0.5, 0.0]),
    ("empty input", []),
    ("probability above one", [0.5, 2.0]),
    ("a negative probability", [-0.25, 0.5]),
    ("a NaN probability", [0.25, math.nan]),
    ("long text", LONG_TEXT),
    ("nearly certain model", [0.9999999, 0.99999995, 0.9999998]),
    ("a very unlikely token", [1e-60, 0.5]),
    ("longer sequence", [0.9, 0.05, 0.6, 0.33, 0.7, 0.12, 0.45, 0.99, 0.2, 0.08]),
    ("tiny probability", [1e-300]),
    ("single token", [0.9]),
    ("NaN probability", [math.nan, 0.5]),
    ("negative probability", [0.5, -0.5]),
    ("long unlikely text", UNLIKELY_TEXT),
    ("no tokens", []),
    ("only a zero", [0.0]),
]

# Each case's tolerance is (abs, rel); the default is (1e-6, 1e-6). The statement asks for f64:
# these cases allow 1e-12 relative error only.
TIGHT = (0.0, 1e-12)
TOLERANCE = {
    "nearly certain model": TIGHT,
    "single token": TIGHT,
}


def expected(p):
    return cross_entropy(p)


if __name__ == "__main__":
    for name, p in CASES:
        shown = p if len(p) <= 10 else f"{len(p)} probabilities"
        print(f"{name}: {shown}")
        e = expected(p)
        print(f"    expected = {e!r}")
        if isinstance(e, dict):
            print(f"    check: bits = nats / ln 2 = {e['nats'] / LN_2!r}")
        for wrong_name, f in WRONG.items():
            print(f"    {wrong_name:18} = {f(p)!r}")
