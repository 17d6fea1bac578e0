"""Expected values for problems/higher-order-functions.toml, with Python's standard library only.

Python integers never overflow, so each result is computed exactly and then checked against the
i64 range, following the rules of the statement:

- doubled[i] is 2 * x[i], or None when that does not fit in i64;
- evens keeps the even numbers (x % 2 == 0, negatives included) in order;
- product multiplies left to right starting from 1; it is None as soon as a partial product does
  not fit in i64;
- sum_of_squares adds x*x left to right starting from 0; None as soon as a square or a partial
  sum does not fit (squares are never negative, so that is exactly when the true sum does not fit).

Each wrong solution applies one mistake to these rules: wrapping, saturating or final-only
overflow checks of the product (which a later 0 hides), a product by `reduce` or from 0, the
`x % 2 != 1` evenness test, wrapping doublings, squares or sums, or overflowing squares dropped.

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/higher_order_functions/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

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


def saturate(n):
    return max(I64_MIN, min(I64_MAX, n))


def rust_rem(a, b):
    """Rust's `%`: the remainder takes the sign of the dividend (-3 % 2 == -1)."""
    r = abs(a) % b
    return -r if a < 0 else r


def solve(xs):
    return {
        "doubled": [2 * x if fits(2 * x) else None for x in xs],
        "evens": [x for x in xs if x % 2 == 0],
        "product": checked_product(xs),
        "sum_of_squares": checked_sum_of_squares(xs),
    }


# The wrong solutions of solutions/wrong/higher_order_functions/, each one mistake applied to the
# rules of the statement (written from the mistake, not from the Rust code).
def wrong_product(product):
    return lambda xs: dict(solve(xs), product=product(xs))


def wrong_sum_of_squares(sum_of_squares):
    return lambda xs: dict(solve(xs), sum_of_squares=sum_of_squares(xs))


def saturating_product(xs):
    """saturating_mul at every step, then None if the result sits at i64::MIN or i64::MAX."""
    acc = 1
    for x in xs:
        acc = saturate(acc * x)
    return None if acc in (I64_MIN, I64_MAX) else acc


def exact_product_checked_at_end(xs):
    """Checked multiplication in i128, and only the final product checked against i64."""
    acc = 1
    for x in xs:
        acc *= x
        if not -(2**127) <= acc < 2**127:
            return None
    return acc if fits(acc) else None


def zero_short_circuit(xs):
    """Any 0 makes the product 0, taken as a shortcut before the checked fold."""
    return 0 if 0 in xs else checked_product(xs)


def reduce_product(xs):
    """`reduce` with checked_mul: None for an empty list."""
    if not xs:
        return None
    return checked_product(xs)


def product_from_zero(xs):
    """The fold starts from 0 instead of 1."""
    return checked_product([0] + list(xs))


def wrapping_squares(xs):
    """Squares wrap around (wrapping_mul); the running sum is checked."""
    acc = 0
    for x in xs:
        acc += wrap(x * x)
        if not fits(acc):
            return None
    return acc


def wrapping_sum(xs):
    """Squares are checked; the running sum wraps around (wrapping_add)."""
    acc = 0
    for x in xs:
        sq = x * x
        if not fits(sq):
            return None
        acc = wrap(acc + sq)
    return acc


def skip_overflowing_squares(xs):
    """A square that overflows is dropped (filter_map / flatten) instead of making the sum None."""
    return checked_sum_of_squares([x for x in xs if fits(x * x)])


def wrapping_everywhere(xs):
    """Plain `*` and `+` in a release build: every result wraps around and is never None."""
    return {
        "doubled": [wrap(2 * x) for x in xs],
        "evens": [x for x in xs if x % 2 == 0],
        "product": wrapping_product(xs),
        "sum_of_squares": wrapping_sum_of_squares(xs),
    }


WRONG = {
    "wrapping_product": wrong_product(wrapping_product),
    "saturating_product": wrong_product(saturating_product),
    "product_checked_at_end": wrong_product(exact_product_checked_at_end),
    "zero_short_circuit": wrong_product(zero_short_circuit),
    "product_by_reduce": wrong_product(reduce_product),
    "product_from_zero": wrong_product(product_from_zero),
    "odd_test_not_one": lambda xs: dict(solve(xs), evens=[x for x in xs if rust_rem(x, 2) != 1]),
    "doubled_wrapping": lambda xs: dict(solve(xs), doubled=[wrap(2 * x) for x in xs]),
    "wrapping_squares": wrong_sum_of_squares(wrapping_squares),
    "wrapping_sum": wrong_sum_of_squares(wrapping_sum),
    "skip_overflowing_squares": wrong_sum_of_squares(skip_overflowing_squares),
    "wrapping_everywhere": wrapping_everywhere,
}


def toml(value):
    """The TOML spelling of a HigherOrder value."""
    def val(v):
        if v is None:
            return '"None"'
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        return repr(v)
    return "{ " + ", ".join(f"{k} = {val(v)}" for k, v in value.items()) + " }"


CASES = {
    "small positives": [1, 2, 3, 4],
    "negatives and zero": [-3, -2, 0, 5, -4],
    "empty list": [],
    "single element": [7],
    "all odd": [1, 3, 5],
    "product overflows": [1000000, 1000000, 1000000, 10000],
    # The product overflows at its third step (-6e19 < i64::MIN); the 0 that follows would make
    # the true product 0, and it makes a wrapped or saturated product 0 as well.
    "overflow before a zero": [5000000, -4000000, 3000000, 0],
    "doubling overflows": [I64_MAX, -5, I64_MIN],
    "square overflows": [3037000500],
    "sum of squares overflows": [3037000499, 1000000],
    "largest square that fits": [-3037000499],
    "product reaches i64::MIN": [-4611686018427387904, 2],
    "mixed list": [12, -7, 0, 9, -16, 3, 8, -1],
    # Hidden twins of the visible overflow cases.
    "overflow hidden by a later zero": [-70, 400000000, 3000000000, 0, 11],
    "doubling just past the range": [4611686018427387904, -4611686018427387904, -4611686018427387905],
    "i64::MIN and a two": [I64_MIN, 2],
    "square overflows after small ones": [1, 2, -4000000000],
    "running sum overflows": [-2000000000, 2000000000, 1200000000],
    "no numbers": [],
}

for name, xs in CASES.items():
    expected = solve(xs)
    print(f"{name}:")
    print(f"    expected = {toml(expected)}")
    # Known mistakes: each distinct wrong output with the wrong solutions that give it.
    outputs = {}
    for wrong_name, wrong in WRONG.items():
        out = wrong(xs)
        if out != expected:
            outputs.setdefault(toml(out), []).append(wrong_name)
    for out, names in outputs.items():
        print(f"    {names}: {out}")
