"""Expected values for problems/bce-loss.toml, computed with Python's math module only.

Each known mistake is the same formula with one step done wrongly, as in the wrong solutions of
solutions/wrong/bce_loss/; the f32 ones round to f32 with `struct` (f32_intermediates every
intermediate, f32_logarithms only the two logarithms).

Run: python3 problems/derivations/bce_loss.py
"""
import math
import struct

EPS = 1e-15
NAN = math.nan
INF = math.inf


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -INF


def mul(a, b):
    """IEEE product as in Rust: 0 * inf is NaN."""
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return NAN
    return a * b


def f32(x):
    """Round a float to the nearest f32 (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def clip(p, lo, hi):
    return min(max(p, lo), hi)


def term(y, p):
    """One sample's loss with p clipped to [EPS, 1 - EPS], as the statement says."""
    p = clip(p, EPS, 1 - EPS)
    return -(y * ln(p) + (1 - y) * ln(1 - p))


def mean(terms):
    """Sequential sum (inf and NaN propagate as in Rust), then divided by the count."""
    s = 0.0
    for t in terms:
        s += t
    return s / len(terms) if terms else NAN


def bce(y, p):
    return mean([term(a, b) for a, b in zip(y, p)])


# ---- The known mistakes (solutions/wrong/bce_loss/<name>.rs) ----------------------------------

def no_clip(y, p):
    return mean([-(mul(a, ln(b)) + mul(1 - a, ln(1 - b))) for a, b in zip(y, p)])


def lower_clip_only(y, p):
    return mean([-(mul(a, ln(max(b, EPS))) + mul(1 - a, ln(1 - max(b, EPS)))) for a, b in zip(y, p)])


def clip_one_minus_p(y, p):
    """ln(max(p, EPS)) and ln(max(1 - p, EPS)): for p = 1 the argument is 1e-15, not 1 - (1 - 1e-15)."""
    return mean([-(a * ln(max(b, EPS)) + (1 - a) * ln(max(1 - b, EPS))) for a, b in zip(y, p)])


def sum_not_mean(y, p):
    return bce(y, p) * len(y)


def hard_label_branch(y, p):
    """if y == 1 { -ln p } else { -ln(1 - p) }: a soft label counts as 0."""
    return mean([-ln(clip(b, EPS, 1 - EPS)) if a == 1 else -ln(1 - clip(b, EPS, 1 - EPS))
                 for a, b in zip(y, p)])


def zip_no_length_check(y, p):
    """The mean over the pairs zip makes: the extra elements of the longer slice are ignored.

    Also what too_few_predictions_only gives when y_pred is the longer one."""
    return bce(y, p)


def f32_intermediates(y, p):
    """Every intermediate rounded to f32: 1 - 1e-15 is 1.0 in f32, so the upper clip does nothing."""
    eps, one = f32(EPS), 1.0
    hi = f32(one - eps)  # == 1.0
    s = 0.0
    for a, b in zip(y, p):
        a, b = f32(a), clip(f32(b), eps, hi)
        t = f32(-f32(mul(a, f32(ln(b))) + mul(f32(one - a), f32(ln(f32(one - b))))))
        s = f32(s + t)
    return f32(s / f32(len(y)))


def ulps_from_f32(x):
    """How far x is from its nearest f32, in units of that f32's last place (0 to 0.5)."""
    r = f32(x)
    return abs(x - r) / 2.0 ** (math.frexp(r)[1] - 24)


def ln_f32(x):
    """f32::ln of the f32 nearest x: the correctly rounded f32 of ln(f32(x)).

    Rust's f32::ln (the platform's logf) is not guaranteed to round correctly, only to within
    about 0.82 of a unit in the last place; where ln's exact value lies within 0.1 unit of an f32,
    no other f32 is that close, so every logf gives that one. The cases that name f32_logarithms
    use only such logarithms, checked here."""
    exact = math.log(f32(x))
    assert ulps_from_f32(exact) < 0.1, f"ln(f32({x!r})) is too close to a rounding midpoint"
    return f32(exact)


def f32_logarithms(y, p):
    """Clip, products and mean in f64; ln(p) and ln(1 - p) in f32 (the f64 value cast down,
    its log taken in f32 and widened back). A log multiplied by a weight of 0 does not matter."""
    s = 0.0
    for a, b in zip(y, p):
        b = clip(b, EPS, 1 - EPS)
        lp = ln_f32(b) if a != 0 else f32(math.log(f32(b)))
        lq = ln_f32(1 - b) if a != 1 else f32(math.log(f32(1 - b)))
        s += -(a * lp + (1 - a) * lq)
    return s / len(y)


MISTAKES = [no_clip, lower_clip_only, clip_one_minus_p, sum_not_mean, hard_label_branch,
            f32_intermediates]
# f32_logarithms is derived only for the cases whose logarithms are safely rounded (ln_f32).
F32_LOG_CASES = ["confidently wrong, both ways", "confident mix, f64 logs"]

CASES = {
    # visible
    "perfect predictions": ([1, 0, 1], [1.0, 0.0, 1.0]),
    "coin flip": ([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]),
    "typical batch": ([1, 0, 1, 1], [0.9, 0.1, 0.8, 0.3]),
    "confident and wrong": ([1], [0.0]),
    "certain of the wrong class, upper clip": ([0], [1.0]),
    "soft labels": ([0.25, 0.8, 0.5], [0.4, 0.6, 0.9]),
    "nearly certain": ([0, 1], [0.9999999, 0.9999999]),
    "single negative": ([0], [0.2]),
    "confidently wrong, both ways": ([1, 0], [0.01, 0.99]),
    # hidden
    "soft labels, hidden": ([0.3, 0.7], [0.4, 0.6]),
    "certain of the wrong class": ([0, 1], [1.0, 0.5]),
    "larger batch": ([1, 0, 0, 1, 1, 0, 1, 0], [0.95, 0.05, 0.3, 0.6, 0.99, 0.45, 0.2, 0.01]),
    "all negatives": ([0, 0, 0], [0.01, 0.02, 0.03]),
    "close to one, soft": ([0.1, 0.0], [0.99999995, 0.3]),
    "confident mix, f64 logs": ([1, 1, 0], [0.01, 0.06, 0.99]),
}

# Inputs whose lengths differ: the expected answer is a rejection; the mistakes compute on the pairs.
LENGTHS_DIFFER = {
    "lengths differ": ([1, 0], [0.5]),
    "more predictions than labels": ([0, 1], [0.2, 0.9, 0.4]),
    "longer predictions": ([1], [0.5, 0.5]),
}

for name, (y, p) in CASES.items():
    print(f"{name}: mean = {bce(y, p)!r}")
    for f in MISTAKES:
        print(f"    {f.__name__} = {f(y, p)!r}")
    if name in F32_LOG_CASES:
        print(f"    f32_logarithms = {f32_logarithms(y, p)!r}")

for name, (y, p) in LENGTHS_DIFFER.items():
    print(f"{name}: rejected; zip_no_length_check / too_few_predictions_only = {zip_no_length_check(y, p)!r}")

print(f"empty input: rejected; no_empty_check = {mean([])!r}")
