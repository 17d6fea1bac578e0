"""Expected values for problems/reshape.toml, computed with Python's standard library only.

An array is (shape, flat elements in row-major order). A C-order (row-major) reshape keeps the flat
row-major sequence and re-reads it under the new shape. Typical mistakes are printed too: the
Fortran-order (column-major) reshape, which reads the elements with the first index changing fastest
and fills the new shape the same way (NumPy's `reshape(..., order='F')`); the transpose; and the
empty shape counted as size 0 instead of 1.

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


def reshape(shape, data, new_shape, order="C"):
    if size(shape) != size(new_shape):
        return "rejects"
    # Read the elements in `order`, then place them into the new shape in the same `order`.
    seq = [data[flat_offset(shape, i)] for i in indices(shape, order)]
    out = [None] * size(new_shape)
    for value, i in zip(seq, indices(new_shape, order)):
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
    return result if result == "rejects" else nested(*result)


def arange(n):
    return [float(v) for v in range(1, n + 1)]


CASES = {
    "1-D to 2-D": ([6], arange(6), [2, 3]),
    "2-D to 3-D": ([3, 4], arange(12), [2, 2, 3]),
    "row-major, not column-major": ([2, 3], arange(6), [3, 2]),
    "0-d to one element": ([], [7.5], [1, 1]),
    "one element to 0-d": ([1, 1, 1], [-2.0], []),
    "empty to empty": ([0], [], [0, 5]),
    "size mismatch": ([6], arange(6), [4, 2]),
    "flatten 3-D": ([2, 2, 2], [0.5, -1.0, 2.5, 3.0, -4.5, 5.0, 6.25, -7.0], [8]),
    "column-major trap in 3-D": ([2, 2, 3], arange(12), [3, 4]),
    "0-d to two elements": ([], [3.0], [2]),
    "empty to 0-d": ([0, 3], [], []),
    "same shape": ([2, 2], [1.0, -2.0, 3.0, -4.0], [2, 2]),
    "unit axes": ([3], [9.0, 8.0, 7.0], [1, 3, 1]),
    "zero-size to zero-size": ([2, 0, 3], [], [0]),
    "2-D to 2-D, more rows": ([2, 4], arange(8), [4, 2]),
}

for name, (shape, data, new_shape) in CASES.items():
    print(f"{name}:")
    print(f"  input        = {nested(shape, data)}")
    print(f"  expected     = {show(reshape(shape, data, new_shape))}")
    print(f"  column-major = {show(reshape(shape, data, new_shape, 'F'))}")
    if size_empty_as_zero(shape) != size_empty_as_zero(new_shape):
        print("  with size([]) taken as 0: rejects")
    if len(shape) == 2 and list(new_shape) == shape[::-1]:
        print(f"  transpose    = {show(transpose(shape, data))}")
