"""Expected values for problems/bce-with-logits.toml, computed with Python's math module only.

Run: python3 problems/derivations/bce_with_logits.py
"""
import math

NAN = math.nan
INF = math.inf


def exp(x):
    """exp with IEEE semantics: overflow gives inf (Python's math.exp raises)."""
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def ln(x):
    """ln with IEEE semantics at 0 and inf (Python's math.log raises at 0)."""
    if x == 0:
        return -INF
    return math.log(x)


def mul(a, b):
    """IEEE product as in Rust: 0 * inf is NaN."""
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return NAN
    return a * b


def stable_term(z, y):
    """max(z, 0) - z*y + ln(1 + exp(-|z|)), as PyTorch's BCEWithLogitsLoss."""
    return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))


def sigmoid_then_ln_term(z, y):
    """Mistake: p = 1 / (1 + exp(-z)), then the probability-space BCE without clipping."""
    p = 1.0 / (1.0 + exp(-z))
    return -(mul(y, ln(p)) + mul(1.0 - y, ln(1.0 - p)))


def clipped_sigmoid_term(z, y, eps=1e-15):
    """Mistake: sigmoid, then the probability-space BCE with p clipped to [eps, 1 - eps]."""
    p = min(max(1.0 / (1.0 + exp(-z)), eps), 1 - eps)
    return -(y * math.log(p) + (1.0 - y) * math.log(1.0 - p))


def unguarded_term(z, y):
    """Mistake: z - z*y + ln(1 + exp(-z)) without the |z| guard: exp(-z) overflows for z << 0."""
    return z - z * y + ln(1.0 + exp(-z))


def mean(f, z, y):
    return math.fsum(f(a, b) for a, b in zip(z, y)) / len(z)


def total(f, z, y):
    return math.fsum(f(a, b) for a, b in zip(z, y))


def plain_mean(f, z, y):
    """Sequential sum, used for the mistakes (inf/NaN propagate as in Rust)."""
    s = 0.0
    for a, b in zip(z, y):
        s += f(a, b)
    return s / len(z)


CASES = {
    "zero logits": ([0.0, 0.0], [1.0, 0.0]),
    "typical batch": ([2.0, -1.0, 0.5, -3.0], [1.0, 0.0, 0.0, 1.0]),
    "extreme logits, right": ([1000.0, -1000.0], [1.0, 0.0]),
    "extreme logit, wrong": ([1000.0], [0.0]),
    "single sample": ([1.5], [1.0]),
    "soft targets": ([0.3, -0.7, 1.5], [0.2, 0.9, 0.5]),
    "extreme logits, both wrong": ([1000.0, -1000.0], [0.0, 1.0]),
    "saturated at 40": ([40.0, -40.0], [0.0, 1.0]),
    "longer targets (zip stops at the shorter slice)": ([0.5], [1.0]),
    "larger batch": (
        [3.2, -0.4, 0.0, 7.5, -12.0, 1.1, -2.2, 0.05],
        [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0],
    ),
}

for name, (z, y) in CASES.items():
    print(f"{name}: mean = {mean(stable_term, z, y)!r}  sum = {total(stable_term, z, y)!r}")
    print(f"    sigmoid then ln = {plain_mean(sigmoid_then_ln_term, z, y)!r}"
          f"  unguarded exp(-z) = {plain_mean(unguarded_term, z, y)!r}")

z, y = CASES["extreme logit, wrong"]
print(f"extreme logit, wrong: sigmoid then clipped ln = {plain_mean(clipped_sigmoid_term, z, y)!r}")
