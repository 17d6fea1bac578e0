"""Expected values for problems/normal-pdf.toml, computed with Python's math module only.

f(x; mu, sigma) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma * sqrt(2 pi)), element-wise.
The wrong variants print the outputs of typical mistakes: sigma^2 (the variance) in the front
factor, a forgotten sqrt(2 pi) or front factor, sqrt(pi) for sqrt(2 pi), pi written 3.14159, the
whole computation in f32 (emulated by rounding every operation to f32), the tails cut off beyond
8 sigma, sigma instead of sigma^2 in the exponent, the variance sigma^2 formed first (it overflows
or underflows for extreme sigma), each way of validating sigma wrongly, and the points validated
too.
Outputs within the problem's tolerance (rel 1e-9, abs 1e-300) of each other count as one.

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/normal_pdf/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

Run: python3 problems/derivations/normal_pdf.py
"""
import math
import struct


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
    """The density, or a wrong variant of it: `front` replaces σ in the front factor, `expo`
    replaces 2σ² in the exponent, root=False drops √(2π). The exponent is formed as z²/2 with
    z = (x − μ)/σ, which neither overflows nor underflows for σ = 1e200 or σ = 1e-170 (squaring
    x − μ and σ separately would)."""
    front = sigma if front is None else front
    c = math.sqrt(2 * math.pi) if root else 1.0
    out = []
    for v in x:
        d = v - mu
        if expo is None:
            z = div(d, sigma)
            a = z * z / 2
        else:
            a = div(d * d, expo)
        out.append(div(exp(-a), front * c))
    return out


def through_variance(x, mu, sigma):
    """Mistake: var = σ² first, then exp(−(x − μ)² / (2·var)) / √(2π·var). var is ∞ for
    σ = 1e200 (the front factor then gives 0, and ∞/∞ in the exponent NaN) and 0 for σ = 1e-170
    (0/0 = NaN)."""
    var = sigma * sigma
    norm = math.sqrt(2 * math.pi * var)
    out = []
    for v in x:
        d = v - mu
        out.append(div(exp(div(-(d * d), 2 * var)), norm))
    return out


def solve(x, mu, sigma):
    if not (sigma > 0 and math.isfinite(sigma)):
        return "rejects"
    return pdf(x, mu, sigma)


def f32(a):
    """Round a float to the nearest f32 (IEEE round-to-nearest-even), as Rust's `as f32` does.
    Rounding each f64 result of +, -, *, / and sqrt on f32 operands gives the correctly rounded
    f32 result (53 >= 2 * 24 + 2 bits), as f32 arithmetic does."""
    if math.isnan(a) or math.isinf(a):
        return a
    try:
        return struct.unpack("<f", struct.pack("<f", a))[0]
    except OverflowError:  # struct raises exactly when the f32 rounding is infinite
        return math.copysign(math.inf, a)


def pdf_f32(x, mu, sigma):
    """The whole computation in f32, converted to f64 at the end. The f32 exp is taken as exp
    rounded to f32 (glibc's expf is within 0.502 ulp of it, so equal except in rare ties)."""
    s, m = f32(sigma), f32(mu)
    root = f32(math.sqrt(f32(2.0 * f32(math.pi))))
    front = f32(div(1.0, f32(s * root)))
    out = []
    for v in x:
        z = f32(div(f32(f32(v) - m), s))
        a = f32(f32(-0.5 * z) * z)
        out.append(f32(front * f32(exp(a))))
    return out


def sigma_checked(check, compute):
    """A solution that rejects sigma when `check(sigma)` is true and otherwise computes."""
    return lambda x, mu, sigma: "rejects" if check(sigma) else compute(x, mu, sigma)


VALID = lambda sigma: not (sigma > 0 and math.isfinite(sigma))  # noqa: E731  (the correct test)


def tail_cutoff(x, mu, sigma, limit=8.0):
    """Densities beyond `limit` standard deviations set to 0 (a premature 'avoid underflow')."""
    return [0.0 if abs(v - mu) / sigma > limit else d for v, d in zip(x, pdf(x, mu, sigma))]


# The wrong solutions of solutions/wrong/normal_pdf/, each one mistake applied to the formula
# (written from the mistake, not from the Rust code).
WRONG = {
    "variance_in_front": sigma_checked(VALID, lambda x, mu, s: pdf(x, mu, s, front=s * s)),
    "sigma_in_exponent": sigma_checked(VALID, lambda x, mu, s: pdf(x, mu, s, expo=2 * s)),
    "no_sqrt_two_pi": sigma_checked(VALID, lambda x, mu, s: pdf(x, mu, s, root=False)),
    "no_front_factor": sigma_checked(VALID, lambda x, mu, s: pdf(x, mu, s, front=1.0, root=False)),
    "sqrt_pi_not_two_pi": sigma_checked(VALID, lambda x, mu, s: [v * math.sqrt(2) for v in pdf(x, mu, s)]),
    "approximate_pi": sigma_checked(
        VALID, lambda x, mu, s: [d * math.sqrt(2 * math.pi) / math.sqrt(2 * 3.14159) for d in pdf(x, mu, s)]
    ),
    "computes_in_f32": sigma_checked(VALID, pdf_f32),
    "tail_cutoff": sigma_checked(VALID, tail_cutoff),
    # Validation mistakes: which sigmas get through (and are then computed with the formula).
    "no_sigma_validation": lambda x, mu, s: pdf(x, mu, s),
    "abs_sigma": lambda x, mu, s: solve(x, mu, abs(s)),
    "nan_sigma_passes": sigma_checked(lambda s: s <= 0 or math.isinf(s), pdf),
    "inf_sigma_passes": sigma_checked(lambda s: s <= 0 or math.isnan(s), pdf),
    # sigma checked inside the map over x: nothing is checked when x is empty.
    "validation_inside_map": lambda x, mu, s: [] if not x else solve(x, mu, s),
    "through_variance": sigma_checked(VALID, through_variance),
    # The points validated too: any infinite or NaN x rejected.
    "rejects_nonfinite_points": lambda x, mu, s: (
        "rejects" if VALID(s) or any(not math.isfinite(v) for v in x) else pdf(x, mu, s)
    ),
}


def same(a, b, rel=1e-9, abs_tol=1e-300):
    """The judge's comparison with the problem's tolerance; NaN matches NaN."""
    if a == "rejects" or b == "rejects":
        return a == b
    if len(a) != len(b):
        return False
    for u, v in zip(a, b):
        if math.isnan(u) or math.isnan(v):
            if not (math.isnan(u) and math.isnan(v)):
                return False
        elif math.isinf(u) or math.isinf(v):
            if u != v:
                return False
        elif not (abs(u - v) <= abs_tol or abs(u - v) <= rel * abs(v)):
            return False
    return True


def toml(result):
    if result == "rejects":
        return result
    def val(v):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(float(v))
    return "[" + ", ".join(val(v) for v in result) + "]"


CASES = {
    "standard normal at the mean": ([0.0], 0.0, 1.0),
    "standard normal": ([-2.0, -1.0, 0.0, 1.0, 2.0], 0.0, 1.0),
    "wide spread": ([0.0, 2.0, 4.0, 7.0], 2.0, 3.0),
    "negative mean": ([-3.0, -2.5, 0.0, -2.0], -2.5, 0.5),
    "far tails": ([-40.0, 10.0, 40.0, -30.0], 0.0, 1.0),
    "infinite and NaN points": ([-math.inf, math.nan, 0.0, math.inf], 0.0, 1.0),
    "huge sigma": ([0.0, 1e200, -3e200], 0.0, 1e200),
    "zero sigma": ([1.0, 2.0], 1.0, 0.0),
    "negative sigma": ([0.0, 1.0], 0.0, -1.0),
    "NaN sigma": ([0.0, 1.0], 0.0, math.nan),
    "infinite sigma": ([0.0], 0.0, math.inf),
    "invalid sigma, empty x": ([], 0.0, -2.0),
    "empty input": ([], 0.0, 1.0),
    "narrow peak": ([0.0, 0.01, 0.05], 0.0, 0.01),
    "infinite x": ([math.inf, -math.inf, 1.0, 3.0], 1.0, 2.0),
    "large mean": ([1e6, 1e6 + 1500.0, 1e6 - 3000.0], 1e6, 1e3),
    "NaN in x": ([math.nan, 0.0], 0.0, 1.0),
    "moderate tails": ([19.0, -24.0, 41.0, -73.0], 1.0, 2.0),
    "NaN sigma, several points": ([-1.0, 0.0, 1.0], 0.5, math.nan),
    "infinite sigma, several points": ([5.0, -5.0], 0.0, math.inf),
    "zero sigma, empty x": ([], 3.0, 0.0),
    "negative sigma, wide": ([1.0, 4.0, -2.0], 1.0, -3.0),
    "tiny sigma": ([0.0, 1e-170, -2e-170], 0.0, 1e-170),
}

for name, (x, mu, sigma) in CASES.items():
    expected = solve(x, mu, sigma)
    print(f"{name}:")
    print(f"    expected = {toml(expected)}")
    # Known mistakes: each distinct wrong output (judged with the problem's tolerance) with the
    # wrong solutions that give it.
    outputs = []
    for wrong_name, wrong in WRONG.items():
        out = wrong(x, mu, sigma)
        if same(out, expected):
            continue
        for seen, names in outputs:
            if same(out, seen):
                names.append(wrong_name)
                break
        else:
            outputs.append((out, [wrong_name]))
    for out, names in outputs:
        print(f"    {names}: {toml(out)}")
