"""Expected values for problems/higher-order-functions.toml, with Python's standard library only.

Python integers never overflow, so each result is computed exactly and then checked against the
i64 range, following the rules of the statement:

- doubled[i] is 2 * x[i], or None when that does not fit in i64;
- evens keeps the even numbers (x % 2 == 0, negatives included) in order;
- product multiplies left to right starting from 1; it is None as soon as a partial product does
  not fit in i64;
- sum_of_squares adds x*x left to right starting from 0; None as soon as a square or a partial
  sum does not fit (squares are never negative, so that is exactly when the true sum does not fit).

Run: python3 problems/derivations/higher_order_functions.py
"""
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


def fits(n):
    return I64_MIN <= n <= I64_MAX


def wrap(n):
    """What i64 arithmetic gives when it silently wraps (two's complement)."""
    return (n + 2**63) % 2**64 - 2**63


def checked_product(xs):
    acc = 1
    for x in xs:
        acc = acc * x
        if not fits(acc):
            return None
    return acc


def checked_sum_of_squares(xs):
    acc = 0
    for x in xs:
        sq = x * x
        if not fits(sq):
            return None
        acc += sq
        if not fits(acc):
            return None
    return acc


def wrapping_product(xs):
    acc = 1
    for x in xs:
        acc = wrap(acc * x)
    return acc


def wrapping_sum_of_squares(xs):
    acc = 0
    for x in xs:
        acc = wrap(acc + wrap(x * x))
    return acc


def solve(xs):
    return {
        "doubled": [2 * x if fits(2 * x) else None for x in xs],
        "evens": [x for x in xs if x % 2 == 0],
        "product": checked_product(xs),
        "sum_of_squares": checked_sum_of_squares(xs),
    }


def odd_test_mistake(xs):
    """Evens kept by `x % 2 != 1` in Rust, where the remainder takes the sign of x: -3 % 2 == -1."""
    def rust_rem(a, b):
        r = abs(a) % b
        return -r if a < 0 else r
    return [x for x in xs if rust_rem(x, 2) != 1]


CASES = {
    "small positives": [1, 2, 3, 4],
    "negatives and zero": [-3, -2, 0, 5, -4],
    "empty list": [],
    "single element": [7],
    "all odd": [1, 3, 5],
    "product overflows": [1000000, 1000000, 1000000, 10000],
    "doubling overflows": [I64_MAX, -5, I64_MIN],
    "square overflows": [3037000500],
    "largest square that fits": [-3037000499],
    "sum of squares overflows": [3037000499, 1000000],
    "product reaches i64::MIN": [-4611686018427387904, 2],
    "mixed list": [12, -7, 0, 9, -16, 3, 8, -1],
}

for name, xs in CASES.items():
    print(f"{name}: {solve(xs)!r}")
    print(f"    odd test x % 2 != 1 keeps: {odd_test_mistake(xs)!r}")
    print(f"    wrapping product: {wrapping_product(xs)!r}  wrapping sum of squares: {wrapping_sum_of_squares(xs)!r}")
