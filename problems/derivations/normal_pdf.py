"""Expected values for problems/normal-pdf.toml, computed with Python's math module only.

f(x; mu, sigma) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma * sqrt(2 pi)), element-wise.
The wrong variants print the outputs of typical mistakes: sigma^2 (the variance) in the front
factor, a forgotten sqrt(2 pi), sigma instead of sigma^2 in the exponent, and a negative sigma
taken at face value.

Run: python3 problems/derivations/normal_pdf.py
"""
import math


def exp(a):
    """exp with IEEE semantics (math.exp raises OverflowError only for large positive a)."""
    if math.isnan(a):
        return math.nan
    return math.exp(a)


def div(a, b):
    """IEEE division as in Rust: 0/0 is NaN, a/0 is ±inf."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a)
    return a / b


def pdf(x, mu, sigma, front=None, expo=None, root=True):
    front = sigma if front is None else front
    expo = 2 * sigma * sigma if expo is None else expo
    c = math.sqrt(2 * math.pi) if root else 1.0
    out = []
    for v in x:
        d = v - mu
        out.append(div(exp(-div(d * d, expo)), front * c))
    return out


CASES = {
    "standard normal at the mean": ([0.0], 0.0, 1.0),
    "standard normal": ([-2.0, -1.0, 0.0, 1.0, 2.0], 0.0, 1.0),
    "wide spread": ([0.0, 2.0, 4.0, 7.0], 2.0, 3.0),
    "negative mean": ([-3.0, -2.5, 0.0, -2.0], -2.5, 0.5),
    "far tails": ([-40.0, 10.0, 40.0, -30.0], 0.0, 1.0),
    "zero sigma": ([1.0, 2.0], 1.0, 0.0),
    "negative sigma": ([0.0, 1.0], 0.0, -1.0),
    "narrow peak": ([0.0, 0.01, 0.05], 0.0, 0.01),
    "infinite x": ([math.inf, -math.inf, 1.0, 3.0], 1.0, 2.0),
    "large mean": ([1e6, 1e6 + 1500.0, 1e6 - 3000.0], 1e6, 1e3),
    "nan sigma": ([0.0], 0.0, math.nan),
    "infinite sigma": ([0.0], 0.0, math.inf),
    "NaN in x": ([math.nan, 0.0], 0.0, 1.0),
}

for name, (x, mu, sigma) in CASES.items():
    print(f"{name}:")
    print(f"  expected            = {pdf(x, mu, sigma)!r}")
    print(f"  sigma^2 in front    = {pdf(x, mu, sigma, front=sigma * sigma)!r}")
    print(f"  no sqrt(2 pi)       = {pdf(x, mu, sigma, root=False)!r}")
    print(f"  sqrt(pi) only       = {[v * math.sqrt(2) for v in pdf(x, mu, sigma)]!r}")
    print(f"  2 sigma in exponent = {pdf(x, mu, sigma, expo=2 * sigma)!r}")
