"""Expected values for problems/scaled-dot-product-attention.toml, with Python's math module only.

    out = softmax_rows(Q K^T / sqrt(d_k) + M) V,   M[i][j] = -inf when causal and j > i, else 0

The softmax of each row subtracts that row's maximum first.

The wrong solutions of solutions/wrong/scaled_dot_product_attention/ are re-implemented here from
their one-line description (never by running them), the way a wrong Rust solution computes, with
IEEE semantics (exp overflows to inf and underflows to 0, inf / inf, 0 / 0 and -inf - -inf are NaN,
and a row maximum skips NaN as `f64::max` does). A wrong solution that would panic (matrix shapes
that do not fit `dot`) gives None.

Run: python3 problems/derivations/scaled_dot_product_attention.py
"""
import math

REJECT = "rejected"  # the function returns Err


class Mat(list):
    """A matrix as a list of rows that also knows its number of columns (rows may be empty)."""

    def __init__(self, rows, ncols=None):
        super().__init__(rows)
        self.ncols = ncols if ncols is not None else (len(rows[0]) if rows else 0)


def exp(x):
    """exp with IEEE overflow to inf (Python's math.exp raises instead)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def div(a, b):
    """IEEE division for the values that occur here: inf / inf and 0 / 0 are NaN."""
    if a != a or b != b or (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0):
        return math.nan
    return a / b


def rmax(row):
    """The row maximum as `row.fold(f64::NEG_INFINITY, |m, &x| m.max(x))`: NaN is skipped."""
    m = -math.inf
    for x in row:
        if x == x and (m != m or x > m):
            m = x
    return m


def total(xs):
    """Left-to-right sum starting from 0.0, as Rust's `Iterator::sum` (NaN propagates)."""
    s = 0.0
    for x in xs:
        s += x
    return s


def softmax(row, shift=None, stable=True):
    """exp(x - m) / sum: m is the row maximum (or `shift` when given; 0 when not stable)."""
    m = (rmax(row) if shift is None else shift) if stable else 0.0
    e = [exp(x - m) for x in row]  # -inf - -inf is NaN, as in Rust
    s = total(e)
    return [div(x, s) for x in e]


def dot(a, b):
    return total(x * y for x, y in zip(a, b))


def scores(q, k, scale, causal, masked=lambda i, j: j > i):
    """(T_q, T_k) scores q_i . k_j * scale, with -inf where causal and masked(i, j)."""
    return [
        [-math.inf if causal and masked(i, j) else dot(q[i], k[j]) * scale for j in range(len(k))]
        for i in range(len(q))
    ]


def matmul(a, v):
    """a (n, m) times v (m, d_v); None (a panic in ndarray) when the shapes do not fit."""
    if a and len(a[0]) != len(v):
        return None
    return [[total(a[i][j] * v[j][c] for j in range(len(v))) for c in range(v.ncols)] for i in range(len(a))]


def transpose(m):
    return [list(r) for r in zip(*m)]


def validate(q, k, v):
    """The statement's checks: K's shape equals Q's, V has T rows, d_k > 0."""
    return len(k) == len(q) and k.ncols == q.ncols and len(v) == len(q) and q.ncols > 0


def attention(q, k, v, causal, scale=None, stable=True, global_shift=False, masked=lambda i, j: j > i):
    d_k = q.ncols
    scale = 1 / math.sqrt(d_k) if scale is None else scale
    s = scores(q, k, scale, causal, masked)
    shift = rmax([x for r in s for x in r]) if global_shift else None
    return matmul([softmax(r, shift, stable) for r in s], v)


def scaled_dot_product_attention(q, k, v, causal):
    if not validate(q, k, v):
        return REJECT
    return attention(q, k, v, causal)


# ---- Wrong solutions (solutions/wrong/scaled_dot_product_attention/<name>.rs) -------------------

def checked(f):
    """The reference's validation, then f."""
    return lambda q, k, v, causal: f(q, k, v, causal) if validate(q, k, v) else REJECT


def column_softmax(q, k, v, causal):
    """Softmax over axis 0 (down each column) instead of along each row."""
    s = scores(q, k, 1 / math.sqrt(q.ncols), causal)
    w = transpose([softmax(col) for col in transpose(s)])
    return matmul(w, v)


def mask_after_softmax(q, k, v, causal):
    """Softmax of the unmasked scores, then the future weights zeroed without renormalising."""
    s = scores(q, k, 1 / math.sqrt(q.ncols), False)
    w = [[p if not causal or j <= i else 0.0 for j, p in enumerate(softmax(r))] for i, r in enumerate(s)]
    return matmul(w, v)


def no_value_rows_check(q, k, v, causal):
    """V's number of rows never compared with T: `dot` panics when they differ."""
    if len(k) != len(q) or k.ncols != q.ncols or q.ncols == 0:
        return REJECT
    return attention(q, k, v, causal)


def no_key_rows_check(q, k, v, causal):
    """Only K's columns are compared with Q's, and V's rows with K's: cross-attention is computed."""
    if k.ncols != q.ncols or len(v) != len(k) or q.ncols == 0:
        return REJECT
    return attention(q, k, v, causal)


def no_dk_zero_check(q, k, v, causal):
    """d_k = 0 not rejected: every score is 0 / sqrt(0) = NaN."""
    if len(k) != len(q) or k.ncols != q.ncols or len(v) != len(q):
        return REJECT
    if q.ncols == 0:
        return [[math.nan] * v.ncols for _ in q]
    return attention(q, k, v, causal)


def zeros_when_dk_zero(q, k, v, causal):
    """d_k = 0 answered with zeros of shape (T, d_v), as recent PyTorch versions return."""
    if len(k) != len(q) or k.ncols != q.ncols or len(v) != len(q):
        return REJECT
    if q.ncols == 0:
        return [[0.0] * v.ncols for _ in q]
    return attention(q, k, v, causal)


WRONG = {
    "no_scaling": checked(lambda q, k, v, c: attention(q, k, v, c, scale=1.0)),
    "scale_by_dk": checked(lambda q, k, v, c: attention(q, k, v, c, scale=1 / q.ncols)),
    "scale_by_dv": checked(lambda q, k, v, c: attention(q, k, v, c, scale=1 / math.sqrt(v.ncols))),
    "column_softmax": checked(column_softmax),
    "mask_after_softmax": checked(mask_after_softmax),
    "unstable_softmax": checked(lambda q, k, v, c: attention(q, k, v, c, stable=False)),
    "global_max_shift": checked(lambda q, k, v, c: attention(q, k, v, c, global_shift=True)),
    "causal_ignored": checked(lambda q, k, v, c: attention(q, k, v, False)),
    "mask_includes_diagonal": checked(lambda q, k, v, c: attention(q, k, v, c, masked=lambda i, j: j >= i)),
    "no_value_rows_check": no_value_rows_check,
    "no_key_rows_check": no_key_rows_check,
    "no_dk_zero_check": no_dk_zero_check,
    "zeros_when_dk_zero": zeros_when_dk_zero,
}

Q2 = Mat([[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 2.0]])
K2 = Mat([[1.0, 1.0, 0.0, 0.0], [0.0, 1.0, 2.0, 1.0]])
V2 = Mat([[1.0, 2.0], [3.0, -1.0]])

Q3 = Mat([[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 0.5], [-1.0, 0.0, 1.0, 2.0]])
K3 = Mat([[1.0, 0.0, 0.5, -0.5], [0.0, 2.0, 1.0, 1.0], [1.5, -1.0, 0.0, 1.0]])
V3 = Mat([[1.0, 0.0], [0.0, 1.0], [2.0, -2.0]])

Q4 = Mat([[0.2, 1.0], [-0.5, 0.3], [1.5, -1.0], [0.0, 2.0]])
K4 = Mat([[1.0, -0.4], [0.6, 0.8], [-1.2, 0.5], [0.9, 1.1]])
V4 = Mat([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [-1.0, 1.0, 2.0]])

QL = Mat([[30.0, 30.0, 30.0, 30.0], [20.0, 0.0, 0.0, 0.0]])
KL = Mat([[30.0, 30.0, 30.0, 30.0], [30.0, 30.0, 30.0, 29.9]])
VL = Mat([[1.0, -1.0], [0.0, 4.0]])

# Row 0's scores are about +1100, row 1's about -1100 (d_k = 2).
QO = Mat([[40.0, 40.0], [-40.0, -40.0]])
KO = Mat([[20.0, 20.0], [20.0, 19.0]])
VO = Mat([[2.0, 0.0, 1.0], [-1.0, 3.0, 0.5]])

# In the order of the TOML file: name, (q, k, v, causal).
CASES = [
    ("single token", (Mat([[1.0, 2.0]]), Mat([[0.5, -1.0]]), Mat([[3.0, -1.0, 2.0]]), False)),
    ("two tokens", (Q2, K2, V2, False)),
    ("two tokens, causal", (Q2, K2, V2, True)),
    ("three tokens, causal", (Q3, K3, V3, True)),
    ("large scores", (QL, KL, VL, False)),
    ("empty sequence", (Mat([], 4), Mat([], 4), Mat([], 3), True)),
    ("key dimension mismatch", (
        Mat([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
        Mat([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]]),
        Mat([[1.0, 2.0], [3.0, 4.0]]),
        False,
    )),
    ("values with fewer rows", (
        Mat([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
        Mat([[0.5, 0.5], [1.0, 0.0], [0.0, 2.0]]),
        Mat([[1.0, 2.0], [3.0, 4.0]]),
        True,
    )),
    ("queries and keys of different lengths", (
        Mat([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
        Mat([[0.5, 0.5], [1.0, 0.0]]),
        Mat([[1.0, 2.0], [3.0, 4.0]]),
        False,
    )),
    ("zero key dimension", (Mat([[], []], 0), Mat([[], []], 0), Mat([[1.0, 2.0], [3.0, 4.0]]), False)),
    ("four tokens, causal", (Q4, K4, V4, True)),
    ("four tokens, full", (Q4, K4, V4, False)),
    ("three tokens, full", (Q3, K3, V3, False)),
    ("opposite scales", (QO, KO, VO, False)),
    ("values with more rows", (
        Mat([[1.0, 0.0], [0.0, 1.0]]),
        Mat([[0.5, 0.5], [1.0, 0.0]]),
        Mat([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
        False,
    )),
    ("more keys than queries", (
        Mat([[1.0, 0.0], [0.0, 1.0]]),
        Mat([[0.5, 0.5], [1.0, 0.0], [0.0, 2.0]]),
        Mat([[1.0, 2.0], [3.0, 4.0], [0.0, -1.0]]),
        True,
    )),
    ("zero key dimension, causal", (Mat([[], [], []], 0), Mat([[], [], []], 0), Mat([[1.0], [2.0], [4.0]]), True)),
    ("empty sequence, two value columns", (Mat([], 2), Mat([], 2), Mat([], 2), False)),
]

# Each case's tolerance as (abs, rel): every case uses the default, (1e-6, 1e-6).
TOLERANCE = {}


def expected(q, k, v, causal):
    return scaled_dot_product_attention(q, k, v, causal)


if __name__ == "__main__":
    for name, (q, k, v, causal) in CASES:
        print(f"{name} (d_k = {q.ncols}, causal = {causal})")
        print(f"  expected = {expected(q, k, v, causal)!r}")
        for wrong_name, f in WRONG.items():
            print(f"  {wrong_name:22} = {f(q, k, v, causal)!r}")
