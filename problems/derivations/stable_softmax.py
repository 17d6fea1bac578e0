"""Expected values for problems/stable-softmax.toml, computed with Python's math module only.

Each known mistake is the same softmax with one step done wrongly, as in the wrong solutions of
solutions/wrong/stable_softmax/; the f32 one rounds every intermediate to f32 with `struct`.

Run: python3 problems/derivations/stable_softmax.py
"""
import math
import struct

INF = math.inf
NAN = math.nan


def exp(x):
    """exp with IEEE semantics: overflow gives inf (Python's math.exp raises), NaN stays NaN."""
    if math.isnan(x):
        return math.nan
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def div(a, b):
    """IEEE division as in Rust: inf/inf and 0/0 are NaN."""
    if (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0) or math.isnan(a) or math.isnan(b):
        return math.nan
    if b == 0:
        return math.copysign(INF, a)
    return a / b


def sub(a, b):
    """IEEE subtraction: -inf - (-inf) is NaN (Python agrees, kept explicit)."""
    return a - b


def f32(x):
    """Round a float to the nearest f32 (0, inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


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


# ---- The known mistakes (solutions/wrong/stable_softmax/<name>.rs) -----------------------------

def shifted(x, shift):
    e = [exp(sub(v, shift)) for v in x]
    s = sum(e)
    return [div(v, s) for v in e]


def all_masked(x):
    """True when every entry is -inf: the guarded mistakes reject these as the statement says."""
    return max(x) == -INF


def naive(x):
    """The mistake: exponentiate without subtracting the maximum."""
    return None if all_masked(x) else shifted(x, 0.0)


def all_masked_nan(x):
    """The mistake on all -inf inputs: subtract the max (-inf) anyway."""
    return shifted(x, max(x))


def all_masked_uniform(x):
    return [1.0 / len(x)] * len(x) if all_masked(x) else softmax(x)


def max_from_zero(x):
    """m = max(0, max(x)): the fold for the maximum starts at 0.0."""
    return None if all_masked(x) else shifted(x, max([0.0] + x))


def shift_by_first_element(x):
    return None if all_masked(x) else shifted(x, x[0])


def mean_shift(x):
    """Shift by the mean of the scores, sum(x) / n (-inf as soon as one entry is masked)."""
    if all_masked(x):
        return None
    total = 0.0
    for v in x:
        total += v
    return shifted(x, total / len(x))


def f32_intermediates(x):
    """The statement's algorithm with every value and operation rounded to f32."""
    x = [f32(v) for v in x]
    m = max(x)
    if m == -INF:
        return None
    e = [f32(exp(f32(v - m))) for v in x]
    s = 0.0
    for v in e:
        s = f32(s + v)
    return [f32(v / s) for v in e]


# empty_is_error agrees with softmax except on the empty input, which it rejects.
MISTAKES = [naive, all_masked_nan, all_masked_uniform, max_from_zero, shift_by_first_element,
            f32_intermediates, mean_shift]

CASES = {
    # visible
    "three logits": [1.0, 2.0, 3.0],
    "huge logits": [1000.0, 1001.0, 1002.0],
    "same logits shifted to zero": [0.0, 1.0, 2.0],
    "single element": [5.0],
    "empty input": [],
    "masked entry": [1.0, -INF, 1.0],
    "every entry masked": [-INF, -INF],
    "very negative logits": [-1000.0, -1001.0, -1002.0],
    "first logit far below": [-800.0, 0.0],
    "tiny probability": [0.0, -110.0],
    "maximum far above the mean": [0.0, -1500.0],
    # hidden
    "uniform": [7.0, 7.0, 7.0, 7.0],
    "mixed range": [-3.5, 0.0, 2.25, 10.0, -50.0],
    "one dominant logit": [0.0, 800.0],
    "masked with huge logits": [-INF, 1000.0, 999.0],
    "single masked entry": [-INF],
    "all negative, far from zero": [-800.0, -805.0],
    "tiny probabilities": [-120.0, 0.0, -30.0],
    "one score far above the rest": [-1000.0, -1000.0, -1000.0, 600.0],
}

for name, x in CASES.items():
    print(f"{name}: softmax = {softmax(x)!r}")
    if x:
        for f in MISTAKES:
            print(f"    {f.__name__} = {f(x)!r}")
