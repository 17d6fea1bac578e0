"""Expected values for problems/bce-with-logits.toml, computed with Python's math module only.

Each known mistake is the same loss with one step done wrongly, as in the wrong solutions of
solutions/wrong/bce_with_logits/; the f32 one rounds every intermediate to f32 with `struct`.

Run: python3 problems/derivations/bce_with_logits.py
"""
import math
import struct

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


def f32(x):
    """Round a float to the nearest f32 (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def stable_term(z, y):
    """max(z, 0) - z*y + ln(1 + exp(-|z|)), with ln(1 + t) as log1p: the statement's formula."""
    return max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))


# ---- The known mistakes (solutions/wrong/bce_with_logits/<name>.rs), one term each -------------

def sigmoid_then_ln_term(z, y):
    """sigmoid_then_ln: p = 1 / (1 + exp(-z)), then the probability-space BCE without clipping."""
    p = 1.0 / (1.0 + exp(-z))
    return -(mul(y, ln(p)) + mul(1.0 - y, ln(1.0 - p)))


def clipped_sigmoid_term(z, y, eps=1e-15):
    """clipped_sigmoid: sigmoid, then the probability-space BCE with p clipped to [eps, 1 - eps]."""
    p = min(max(1.0 / (1.0 + exp(-z)), eps), 1 - eps)
    return -(y * math.log(p) + (1.0 - y) * math.log(1.0 - p))


def unguarded_term(z, y):
    """unguarded_exp: z - z*y + ln_1p(exp(-z)) without the |z| guard: exp(-z) overflows for z << 0."""
    return z - z * y + math.log1p(exp(-z))


def hard_target_term(z, y):
    """hard_target_branch: softplus(-z) when y == 1, else softplus(z): a soft target counts as 0."""
    t = -z if y == 1.0 else z
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def ln_without_ln1p_term(z, y):
    """ln_without_ln1p: ln(1 + exp(-|z|)) as written: 1 + e^-40 rounds to 1."""
    return max(z, 0.0) - z * y + ln(1.0 + math.exp(-abs(z)))


def f32_term(z, y):
    """f32_intermediates: the statement's formula with every intermediate rounded to f32."""
    z, y = f32(z), f32(y)
    a = f32(max(z, 0.0) - f32(z * y))
    return f32(a + f32(math.log1p(f32(math.exp(-abs(z))))))


def mean(f, z, y):
    return math.fsum(f(a, b) for a, b in zip(z, y)) / len(z)


def plain_mean(f, z, y):
    """Sequential sum, used for the mistakes (inf/NaN propagate as in Rust)."""
    s = 0.0
    for a, b in zip(z, y):
        s += f(a, b)
    return s / len(z)


def plain_total(f, z, y):
    return plain_mean(f, z, y) * len(z)


def f32_mean(z, y):
    s = 0.0
    for a, b in zip(z, y):
        s = f32(s + f32_term(a, b))
    return f32(s / f32(len(z)))


MISTAKES = {
    "sum_not_mean": lambda z, y: plain_total(stable_term, z, y),
    "sigmoid_then_ln": lambda z, y: plain_mean(sigmoid_then_ln_term, z, y),
    "clipped_sigmoid": lambda z, y: plain_mean(clipped_sigmoid_term, z, y),
    "unguarded_exp": lambda z, y: plain_mean(unguarded_term, z, y),
    "hard_target_branch": lambda z, y: plain_mean(hard_target_term, z, y),
    "ln_without_ln1p": lambda z, y: plain_mean(ln_without_ln1p_term, z, y),
    "f32_intermediates": f32_mean,
}

CASES = {
    # visible
    "zero logits": ([0.0, 0.0], [1.0, 0.0]),
    "typical batch": ([2.0, -1.0, 0.5, -3.0], [1.0, 0.0, 0.0, 1.0]),
    "extreme logits, right": ([1000.0, -1000.0], [1.0, 0.0]),
    "extreme logit, wrong": ([1000.0], [0.0]),
    "soft targets": ([0.8, -1.2, 2.5], [0.3, 0.6, 0.9]),
    "confidently right, tiny loss": ([40.0, -40.0], [1.0, 0.0]),
    "single sample": ([1.5], [1.0]),
    # hidden
    "more soft targets": ([0.3, -0.7, 1.5], [0.2, 0.9, 0.5]),
    "extreme logits, both wrong": ([1000.0, -1000.0], [0.0, 1.0]),
    "saturated at 40": ([40.0, -40.0], [0.0, 1.0]),
    "larger batch": (
        [3.2, -0.4, 0.0, 7.5, -12.0, 1.1, -2.2, 0.05],
        [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0],
    ),
    "tiny losses, two sizes": ([-37.0, 30.0], [0.0, 1.0]),
}

# Inputs whose lengths differ: the expected answer is a rejection; the mistakes compute on the pairs.
LENGTHS_DIFFER = {
    "lengths differ": ([0.0, 0.0], [1.0]),
    "more targets than logits": ([1.0, -2.0], [1.0, 0.0, 1.0]),
    "longer targets": ([0.5], [1.0, 0.0]),
}

for name, (z, y) in CASES.items():
    print(f"{name}: mean = {mean(stable_term, z, y)!r}")
    for mname, f in MISTAKES.items():
        print(f"    {mname} = {f(z, y)!r}")

for name, (z, y) in LENGTHS_DIFFER.items():
    n = min(len(z), len(y))  # zip stops at the shorter slice; the mean is over the pairs it made
    print(f"{name}: rejected; mean over the first {n} pairs (zip_no_length_check, and"
          f" too_few_targets_only when targets is the longer) = {mean(stable_term, z[:n], y[:n])!r}")

print("empty input: rejected; no_empty_check = 0 / 0 = nan")
