"""Expected values for problems/array-properties.toml, computed with Python's standard library only.

Each case's array is written as nested lists (a bare scalar for a 0-d array), or as an explicit
(shape, data) pair when an empty axis hides the axes after it. The properties follow NumPy's
definitions: shape is the length of each axis, size the product of the shape (1 for the empty
shape of a 0-d array), ndim the number of axes, is_matrix is ndim == 2, and dtype is NumPy's name.
Each wrong solution is the same definitions with one mistake: a wrong dtype name (Rust's names, or
one wrong entry of the table), the size taken as len(a) or 0 for a 0-d array, or a wrong matrix
test (ndim >= 2, or needing at least two rows and two columns); or an empty array mishandled (not
a matrix when it has no elements, its size the product of the non-zero axes only, or reported as
the empty list np.array([]) with shape [0]).

For every case the script prints `expected = <value>` and, for each distinct wrong output, the
wrong solutions of solutions/wrong/array_properties/ that give it, `[names]: <value>`, both as TOML
values ready to copy into the problem file (`rejects` for an `Err`).

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
    ("boolean mask", "bool", [[True, False], [False, True], [True, True]], None),
    ("no rows, four columns", "i64", None, [0, 4]),
    ("three rows, no columns", "f64", None, [3, 0]),
    ("4-d batch", "f32", [[[[0.5, -0.5]], [[1.0, 2.0]]]], None),
    ("0-d integer", "i64", 42, None),
    ("column vector", "i32", [[1], [2], [3]], None),
    ("0-d boolean", "bool", True, None),
    ("grayscale image", "u8", [[0, 128], [255, 64]], None),
]


# The wrong solutions of solutions/wrong/array_properties/, each one mistake applied to the
# definitions above (written from the mistake, not from the Rust code).
def with_dtype_names(**changes):
    names = dict(NUMPY_NAME, **changes)

    def wrong(rust_type, array, shape):
        return dict(properties(rust_type, array, shape), dtype=names[rust_type])

    return wrong


def with_field(field, value_of):
    def wrong(rust_type, array, shape):
        p = properties(rust_type, array, shape)
        return dict(p, **{field: value_of(p)})

    return wrong


WRONG = {
    "rust_type_names": with_dtype_names(**{t: t for t in NUMPY_NAME}),
    "float32_as_float64": with_dtype_names(f32="float64"),
    "int32_as_int64": with_dtype_names(i32="int64"),
    "uint8_as_int8": with_dtype_names(u8="int8"),
    "bool_underscore": with_dtype_names(bool="bool_"),
    # len(a): the first axis (a 0-d array, which has none, taken as holding its one value).
    "size_is_first_axis": with_field("size", lambda p: p["shape"][0] if p["shape"] else 1),
    "zero_d_size_zero": with_field("size", lambda p: 0 if p["ndim"] == 0 else p["size"]),
    "matrix_at_least_two_axes": with_field("is_matrix", lambda p: p["ndim"] >= 2),
    "matrix_needs_rows_and_columns": with_field(
        "is_matrix", lambda p: p["ndim"] == 2 and all(n > 1 for n in p["shape"])
    ),
    # Empty arrays: a matrix only when it holds elements; the size as the product of the
    # non-zero axis lengths only; any array without elements reported as np.array([]).
    "empty_is_not_matrix": with_field("is_matrix", lambda p: p["ndim"] == 2 and p["size"] > 0),
    "size_skips_empty_axes": with_field("size", lambda p: math.prod(n for n in p["shape"] if n != 0)),
    "empty_as_flat_list": lambda rust_type, array, shape: (
        dict(properties(rust_type, array, shape), shape=[0], size=0, ndim=1, is_matrix=False)
        if properties(rust_type, array, shape)["size"] == 0
        else properties(rust_type, array, shape)
    ),
}


def toml(p):
    """The TOML spelling of a properties table."""
    def val(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return f'"{v}"'
        return repr(v)
    return "{ " + ", ".join(f"{k} = {val(v)}" for k, v in p.items()) + " }"


for name, rust_type, array, shape in CASES:
    p = properties(rust_type, array, shape)
    print(f"{name}:")
    print(f"    expected = {toml(p)}")
    # Known mistakes: each distinct wrong output with the wrong solutions that give it.
    outputs = {}
    for wrong_name, wrong in WRONG.items():
        out = wrong(rust_type, array, shape)
        if out != p:
            outputs.setdefault(toml(out), []).append(wrong_name)
    for out, wrong_names in outputs.items():
        print(f"    {wrong_names}: {out}")
