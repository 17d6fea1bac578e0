"""Expected values for problems/reshape.toml, computed with Python's standard library only.

An array is (shape, flat elements in row-major order). A C-order (row-major) reshape keeps the flat
row-major sequence and re-reads it under the new shape. Typical mistakes are printed too: the
Fortran-order (column-major) reshape, which reads the elements with the first index changing fastest
and fills the new shape the same way (NumPy's `reshape(..., order='F')`); reading or writing alone
in column-major order (the transpose, for a 2-D array into its reversed shape); the empty shape
counted as size 0 instead of 1; extra elements dropped instead of rejected; a 0 in the new shape
inferred like NumPy's -1; an empty input given any shape; and the size multiplied without an
overflow check.

Shapes may hold more elements than a usize counts (2^64 - 1): their size is the exact product,
which matches no array. Every wrong solution except empty_takes_any_shape multiplies the lengths
with a plain `product()`, which panics on such a shape (the judge compiles with overflow checks).

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/reshape/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

Run: python3 problems/derivations/reshape.py
"""
import itertools
import math


def size(shape):
    return math.prod(shape)  # prod(()) == 1: a 0-d array holds one element


def size_empty_as_zero(shape):
    """A typical mistake: taking the size of the empty shape `[]` as 0 instead of 1."""
    return math.prod(shape) if shape else 0


def transpose(shape, data):
    """The transpose of a 2-D array: a typical confusion with reshaping (n, m) to (m, n)."""
    n, m = shape
    return ([m, n], [data[i * m + j] for j in range(m) for i in range(n)])


def indices(shape, order):
    """Every index of `shape`, last axis fastest ('C') or first axis fastest ('F')."""
    if order == "C":
        return list(itertools.product(*[range(n) for n in shape]))
    return [tuple(reversed(i)) for i in itertools.product(*[range(n) for n in reversed(shape)])]


def flat_offset(shape, index):
    """Row-major offset of `index` in an array of `shape`."""
    off = 0
    for n, i in zip(shape, index):
        off = off * n + i
    return off


def reshape(shape, data, new_shape, order="C", write=None, size_of=size):
    """Reshape, reading the elements in `order` and writing them in `write` (default: `order`)."""
    write = order if write is None else write
    if size_of(shape) != size_of(new_shape) or size(new_shape) != len(data):
        return "rejects"
    # Read the elements in `order`, then place them into the new shape in the `write` order.
    seq = [data[flat_offset(shape, i)] for i in indices(shape, order)]
    out = [None] * size(new_shape)
    for value, i in zip(seq, indices(new_shape, write)):
        out[flat_offset(new_shape, i)] = value
    return (list(new_shape), out)


def nested(shape, data):
    """The TOML spelling: nested lists, a bare scalar for 0-d, a table when an axis is empty."""
    if len(shape) == 0:
        return repr(data[0])
    if 0 in shape:
        return f"{{ shape = {list(shape)}, data = [] }}"

    def rec(dims, flat):
        if len(dims) == 1:
            return "[" + ", ".join(repr(v) for v in flat) + "]"
        step = len(flat) // dims[0]
        return "[" + ", ".join(rec(dims[1:], flat[k * step:(k + 1) * step]) for k in range(dims[0])) + "]"

    return rec(list(shape), data)


def show(result):
    return result if result in ("rejects", "panics") else nested(*result)


def arange(n):
    return [float(v) for v in range(1, n + 1)]


# The wrong solutions of solutions/wrong/reshape/, each one mistake applied to the definitions
# above (written from the mistake, not from the Rust code).
def truncates_extra(shape, data, new_shape):
    """No size check: the first size(new_shape) elements, read in row-major order, fill the new
    shape; only too few elements is an error."""
    n = size(new_shape)
    if n > len(data):
        return "rejects"
    return reshape([n], data[:n], new_shape)


def zero_infers_length(shape, data, new_shape):
    """A single 0 in the new shape is inferred from the element count, as NumPy's -1."""
    new_shape = list(new_shape)
    if new_shape.count(0) == 1 and data:
        known = math.prod(n for n in new_shape if n != 0)
        if len(data) % known == 0:
            new_shape[new_shape.index(0)] = len(data) // known
    return reshape(shape, data, new_shape)


USIZE_MAX = 2 ** 64 - 1


def plain_product(wrong):
    """A wrong solution whose `shape.iter().product()` panics (overflow) when the size of the new
    shape, or of its non-zero lengths, exceeds usize::MAX; otherwise `wrong` itself."""
    def run(shape, data, new_shape):
        if math.prod(new_shape) > USIZE_MAX or math.prod(n for n in new_shape if n) > USIZE_MAX:
            return "panics"
        return wrong(shape, data, new_shape)
    return run


def empty_takes_any_shape(shape, data, new_shape):
    """An empty input becomes zeros of the new shape, whatever its size (ndarray's `zeros` panics
    when that size does not fit an isize)."""
    if not data:
        if size(new_shape) > 2 ** 63 - 1:
            return "panics"
        return (list(new_shape), [0.0] * size(new_shape))
    return reshape(shape, data, new_shape)


WRONG = {
    "fortran_order": plain_product(lambda s, d, n: reshape(s, d, n, "F")),
    "write_column_major": plain_product(lambda s, d, n: reshape(s, d, n, "C", write="F")),
    "read_column_major": plain_product(lambda s, d, n: reshape(s, d, n, "F", write="C")),
    "empty_shape_size_zero": plain_product(lambda s, d, n: reshape(s, d, n, size_of=size_empty_as_zero)),
    "truncates_extra": plain_product(truncates_extra),
    "zero_infers_length": plain_product(zero_infers_length),
    "empty_takes_any_shape": empty_takes_any_shape,
    # Panics when the size overflows; otherwise the sizes are compared as they should be.
    "product_then_unwrap": plain_product(reshape),
}


CASES = {
    "1-D to 2-D": ([6], arange(6), [2, 3]),
    "2-D to 3-D": ([3, 4], arange(12), [2, 2, 3]),
    "row-major, not column-major": ([2, 3], arange(6), [3, 2]),
    "0-d to one element": ([], [7.5], [1, 1]),
    "one element to 0-d": ([1, 1, 1], [-2.0], []),
    "empty to empty": ([0], [], [0, 5]),
    "size mismatch": ([6], arange(6), [4, 2]),
    "fewer places than elements": ([2, 3], arange(6), [5]),
    "a zero length is not inferred": ([6], arange(6), [2, 0]),
    "an empty array cannot gain elements": ([0, 3], [], [3]),
    "more elements than a usize counts": ([0], [], [2 ** 32, 2 ** 32]),
    "flatten 3-D": ([2, 2, 2], [0.5, -1.0, 2.5, 3.0, -4.5, 5.0, 6.25, -7.0], [8]),
    "column-major trap in 3-D": ([2, 2, 3], arange(12), [3, 4]),
    "0-d to two elements": ([], [3.0], [2]),
    "empty to 0-d": ([0, 3], [], []),
    "same shape": ([2, 2], [1.0, -2.0, 3.0, -4.0], [2, 2]),
    "unit axes": ([3], [9.0, 8.0, 7.0], [1, 3, 1]),
    "zero-size to zero-size": ([2, 0, 3], [], [0]),
    "2-D to 2-D, more rows": ([2, 4], arange(8), [4, 2]),
    "size mismatch, same count of axes": ([2, 3], arange(6), [3, 3]),
    "size mismatch, fewer elements needed": ([8], arange(8), [3, 2]),
    "zero length in the middle": ([2, 2], [1.0, 2.0, 3.0, 4.0], [2, 0, 2]),
    "one-element vector to 0-d": ([1], [3.25], []),
    "0-d to 1-D": ([], [-0.5], [1]),
    "empty to two elements": ([2, 0], [], [1, 2]),
    "size wraps around to four": ([2, 2], [1.0, 2.0, 3.0, 4.0], [2 ** 62 + 1, 4]),
}

for name, (shape, data, new_shape) in CASES.items():
    expected = reshape(shape, data, new_shape)
    print(f"{name}:")
    print(f"    input = {nested(shape, data)}")
    print(f"    expected = {show(expected)}")
    # Known mistakes: each distinct wrong output with the wrong solutions that give it.
    outputs = {}
    for wrong_name, wrong in WRONG.items():
        out = show(wrong(shape, data, new_shape))
        if out != show(expected):
            outputs.setdefault(out, []).append(wrong_name)
    for out, names in outputs.items():
        print(f"    {names}: {out}")
    if len(shape) == 2 and list(new_shape) == shape[::-1]:
        print(f"    (the transpose is {show(transpose(shape, data))})")
