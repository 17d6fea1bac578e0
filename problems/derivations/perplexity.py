"""Expected values for problems/perplexity.toml, computed with Python's math module only.

Run: python3 problems/derivations/perplexity.py
"""
import math


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -math.inf


def mean_nll(p):
    """Mean negative natural-log probability, in nats."""
    return sum(-ln(x) for x in p) / len(p)


def perplexity(p):
    return math.exp(mean_nll(p))


# Typical mistakes.
def forgot_minus(p):
    """exp of the mean log probability: 1 / perplexity."""
    return math.exp(-mean_nll(p))


def inverse_mean_prob(p):
    """Arithmetic mean of the probabilities instead of the geometric mean."""
    mean = sum(p) / len(p)
    return 1.0 / mean if mean > 0 else math.inf


def two_to_nats(p):
    """2 ** H with H measured in nats."""
    return 2.0 ** mean_nll(p)


def product_first(p):
    """Multiply the probabilities, then take the n-th root: underflows for long or unlikely text."""
    prod = 1.0
    for x in p:
        prod *= x
    return prod ** (-1.0 / len(p)) if prod > 0 else math.inf


CASES = {
    "uniform over four": [0.25, 0.25, 0.25],
    "typical sentence": [0.5, 0.25, 0.8, 0.1],
    "single token": [0.5],
    "certain model": [1.0, 1.0],
    "a zero probability": [0.5, 0.0, 0.9],
    "longer sequence": [0.9, 0.05, 0.6, 0.33, 0.7, 0.12, 0.45, 0.99, 0.2, 0.08],
    "tiny probabilities": [1e-300, 1e-300, 1e-300],
    "near certain": [0.99, 0.999, 0.9999],
    "only a zero": [0.0],
    "one in a billion": [1e-9, 0.5],
}

for name, p in CASES.items():
    print(f"{name}: perplexity = {perplexity(p)!r}")
    print(f"    forgot minus = {forgot_minus(p)!r}  1/mean(p) = {inverse_mean_prob(p)!r}"
          f"  2**H_nats = {two_to_nats(p)!r}  product first = {product_first(p)!r}")

# What a solution without validation returns on inputs the statement rejects.
print("above one [0.5, 1.5], unchecked:", repr(perplexity([0.5, 1.5])))
print("negative [-0.2, 0.5], unchecked: NaN (ln of a negative number)")
