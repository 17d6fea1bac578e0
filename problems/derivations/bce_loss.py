"""Expected values for problems/bce-loss.toml, computed with Python's math module only.

Each known mistake is the same formula with one step done wrongly, as in the wrong solutions of
solutions/wrong/bce_loss/; the f32 one rounds every intermediate to f32 with `struct`.

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


MISTAKES = [no_clip, lower_clip_only, clip_one_minus_p, sum_not_mean, hard_label_branch,
            f32_intermediates]

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
    # hidden
    "soft labels, hidden": ([0.3, 0.7], [0.4, 0.6]),
    "certain of the wrong class": ([0, 1], [1.0, 0.5]),
    "larger batch": ([1, 0, 0, 1, 1, 0, 1, 0], [0.95, 0.05, 0.3, 0.6, 0.99, 0.45, 0.2, 0.01]),
    "all negatives": ([0, 0, 0], [0.01, 0.02, 0.03]),
    "close to one, soft": ([0.1, 0.0], [0.99999995, 0.3]),
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

for name, (y, p) in LENGTHS_DIFFER.items():
    print(f"{name}: rejected; zip_no_length_check / too_few_predictions_only = {zip_no_length_check(y, p)!r}")

print(f"empty input: rejected; no_empty_check = {mean([])!r}")
