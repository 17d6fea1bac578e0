"""Expected values for problems/log-softmax.toml, computed with Python's math module only.

Run: python3 problems/derivations/log_softmax.py
"""
import math
import struct

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


def max_not_added_back(x):
    """Mistake: x - ln(sum exp(x - m)): shifted inside the sum, but m not subtracted outside."""
    m = max(x)
    lse = ln(sum(exp(sub(v, m)) for v in x))
    return [sub(v, lse) for v in x]


def max_from_zero(x):
    """Mistake: m = max(0, max(x)) (the fold starts at 0.0): for all-negative logits the shift is 0."""
    m = max([0.0] + x)
    lse = ln(sum(exp(v - m) for v in x))
    return [sub(v - m, lse) for v in x]


def shift_by_first_element(x):
    """Mistake: shift by x[0] instead of the maximum."""
    m = x[0]
    lse = ln(sum(exp(sub(v, m)) for v in x))
    return [sub(sub(v, m), lse) for v in x]


def all_masked_neg_inf(x):
    """Mistake: -inf everywhere when every entry is -inf (PyTorch gives NaN)."""
    if max(x) == -INF:
        return [-INF for _ in x]
    return log_softmax(x)


def f32(x):
    """Round a float to the nearest f32 (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def f32_intermediates(x):
    """Mistake: the log-sum-exp trick with every value and operation rounded to f32."""
    x = [f32(v) for v in x]
    m = max(x)
    if m == -INF:
        return [NAN for _ in x]
    s = 0.0
    for v in x:
        s = f32(s + f32(exp(f32(v - m))))
    lse = f32(ln(s))
    return [f32(f32(v - m) - lse) for v in x]


def f32_exp_sum(x):
    """Mistake: exp(x - m) in f64, each cast to f32 and added in an f32 accumulator; the sum is
    widened back and its ln taken in f64 (so only the accumulator's roundings are f32)."""
    m = max(x)
    s = 0.0
    for v in x:
        s = f32(s + f32(exp(v - m)))
    lse = ln(s)
    return [sub(v - m, lse) for v in x]


def mean_shift(x):
    """Mistake: shift by the mean of the logits, c = sum(x) / n, instead of the maximum; an
    exponent x_i - c far above 0 overflows exp, and the log-sum-exp becomes inf."""
    total = 0.0
    for v in x:
        total += v
    c = total / len(x)
    s = 0.0
    for v in x:
        s += exp(sub(v, c))
    lse = ln(s)
    return [sub(sub(v, c), lse) for v in x]


# max_via_unwrap panics on the empty input and otherwise agrees with log_softmax.
MISTAKES = [ln_of_naive_softmax, ln_of_stable_softmax, no_max_in_lse, max_not_added_back,
            max_from_zero, shift_by_first_element, all_masked_neg_inf, f32_intermediates,
            f32_exp_sum, mean_shift]

CASES = {
    # visible
    "three logits": [1.0, 2.0, 3.0],
    "huge logits": [1000.0, 1001.0, 1002.0],
    "probability below the smallest float": [-800.0, 0.0],
    "single element": [42.0],
    "empty input": [],
    "masked entry": [0.0, -INF, 0.0],
    "very negative logits": [-1000.0, -1001.0, -1002.0],
    "every entry masked": [-INF, -INF],
    "large logits with decimals": [1000.1, 1000.2, 1000.35],
    "one dominant logit": [0.0, -1500.0],
    # hidden
    "wide range": [-50.0, 0.0, 50.0, 700.0],
    "uniform": [3.0, 3.0, 3.0, 3.0],
    "huge gap": [1000.0, -1000.0, 0.0],
    "negative pair": [-750.0, -760.0],
    "three masked": [-INF, -INF, -INF],
    "more large logits with decimals": [-2000.3, -2000.05, -2001.2, -1999.9],
    "far above the mean": [-1000.0, -1000.0, -1000.0, 600.0],
}

for name, x in CASES.items():
    print(f"{name}: log_softmax = {log_softmax(x)!r}")
    if x:
        for f in MISTAKES:
            if f in (ln_of_naive_softmax, ln_of_stable_softmax, no_max_in_lse) and max(x) == -INF:
                continue
            print(f"    {f.__name__} = {f(x)!r}")
