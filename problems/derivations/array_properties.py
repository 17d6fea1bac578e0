"""Expected values for problems/array-properties.toml, computed with Python's standard library only.

Each case's array is written as nested lists (a bare scalar for a 0-d array), or as an explicit
(shape, data) pair when an empty axis hides the axes after it. The properties follow NumPy's
definitions: shape is the length of each axis, size the product of the shape (1 for the empty
shape of a 0-d array), ndim the number of axes, is_matrix is ndim == 2, and dtype is NumPy's name.

Run: python3 problems/derivations/array_properties.py
"""
import math

# NumPy's dtype names for the Rust element types.
NUMPY_NAME = {"f64": "float64", "f32": "float32", "i64": "int64", "i32": "int32", "u8": "uint8", "bool": "bool"}


def shape_of(value):
    """Shape of a rectangular nested list; [] for a scalar."""
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return shape


def properties(rust_type, array=None, shape=None):
    if shape is None:
        shape = shape_of(array)
    ndim = len(shape)
    return {
        "shape": shape,
        "dtype": NUMPY_NAME[rust_type],
        "size": math.prod(shape),  # math.prod([]) == 1: a 0-d array holds one element
        "ndim": ndim,
        "is_matrix": ndim == 2,
    }


CASES = [
    ("2x3 float matrix", "f64", [[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]], None),
    ("integer vector", "i64", [1, 2, 3, 4], None),
    ("0-d scalar", "f64", 3.5, None),
    ("row vector is a matrix", "f32", [[1.0, 2.0, 3.0]], None),
    ("3-d image stack", "u8", [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 255]]], None),
    ("empty vector", "i32", [], None),
    ("three rows, no columns", "f64", None, [3, 0]),
    ("boolean mask", "bool", [[True, False], [False, True], [True, True]], None),
    ("4-d batch", "f32", [[[[0.5, -0.5]], [[1.0, 2.0]]]], None),
    ("0-d integer", "i64", 42, None),
    ("column vector", "i32", [[1], [2], [3]], None),
    ("0-d boolean", "bool", True, None),
]

for name, rust_type, array, shape in CASES:
    p = properties(rust_type, array, shape)
    print(f"{name}: {p!r}")
    # Known mistakes, for the cases that show them.
    print(f"    rust name: dtype = {rust_type!r}")
    if p["ndim"] == 0:
        print("    0-d size mistake: size = 0")
    if p["ndim"] > 2:
        print("    is_matrix for ndim >= 2: True")
