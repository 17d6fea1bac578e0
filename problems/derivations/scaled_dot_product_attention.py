"""Expected values for problems/scaled-dot-product-attention.toml, with Python's math module only.

    out = softmax_rows(Q K^T / sqrt(d_k) + M) V,   M[i][j] = -inf when causal and j > i, else 0

The softmax of each row subtracts the row maximum first. The known mistakes are computed the way a
wrong Rust solution would, with IEEE semantics (exp overflows to inf, inf / inf is NaN).

Run: python3 problems/derivations/scaled_dot_product_attention.py
"""
import math


def exp(x):
    """exp with IEEE overflow to inf (Python's math.exp raises instead)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def div(a, b):
    """IEEE division for the non-negative values that occur here: inf / inf is NaN."""
    if math.isinf(a) and math.isinf(b):
        return math.nan
    return a / b


def softmax(row, stable=True):
    m = max(row) if stable else 0.0
    e = [exp(x - m) for x in row]
    s = sum(e)
    return [div(x, s) for x in e]


def scores(q, k, scale, causal):
    t = len(q)
    return [
        [
            -math.inf if causal and j > i else sum(a * b for a, b in zip(q[i], k[j])) * scale
            for j in range(t)
        ]
        for i in range(t)
    ]


def matmul(a, v):
    # sum() would start from the integer 0; start from 0.0 so NaN propagates as in Rust.
    return [[sum((a[i][j] * v[j][c] for j in range(len(v))), 0.0) for c in range(len(v[0]))] for i in range(len(a))]


def transpose(m):
    return [list(r) for r in zip(*m)]


def attention(q, k, v, causal, scale=None, stable=True):
    d_k = len(q[0])
    scale = 1 / math.sqrt(d_k) if scale is None else scale
    w = [softmax(r, stable) for r in scores(q, k, scale, causal)]
    return matmul(w, v)


def attention_columns(q, k, v, causal):
    """Mistake: softmax over axis 0 (down each column) instead of along each row."""
    s = scores(q, k, 1 / math.sqrt(len(q[0])), causal)
    w = transpose([softmax(col) for col in transpose(s)])
    return matmul(w, v)


def attention_mask_after(q, k, v):
    """Mistake: softmax of the unmasked scores, then future weights zeroed, no renormalising."""
    s = scores(q, k, 1 / math.sqrt(len(q[0])), False)
    w = [[p if j <= i else 0.0 for j, p in enumerate(softmax(r))] for i, r in enumerate(s)]
    return matmul(w, v)


Q2 = [[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 2.0]]
K2 = [[1.0, 1.0, 0.0, 0.0], [0.0, 1.0, 2.0, 1.0]]
V2 = [[1.0, 2.0], [3.0, -1.0]]

Q3 = [[0.5, -1.0, 2.0, 0.0], [1.0, 1.0, -0.5, 0.5], [-1.0, 0.0, 1.0, 2.0]]
K3 = [[1.0, 0.0, 0.5, -0.5], [0.0, 2.0, 1.0, 1.0], [1.5, -1.0, 0.0, 1.0]]
V3 = [[1.0, 0.0], [0.0, 1.0], [2.0, -2.0]]

Q4 = [[0.2, 1.0], [-0.5, 0.3], [1.5, -1.0], [0.0, 2.0]]
K4 = [[1.0, -0.4], [0.6, 0.8], [-1.2, 0.5], [0.9, 1.1]]
V4 = [[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [-1.0, 1.0, 2.0]]

QL = [[30.0, 30.0, 30.0, 30.0], [20.0, 0.0, 0.0, 0.0]]
KL = [[30.0, 30.0, 30.0, 30.0], [30.0, 30.0, 30.0, 29.9]]
VL = [[1.0, -1.0], [0.0, 4.0]]

CASES = {
    "single token": ([[1.0, 2.0]], [[0.5, -1.0]], [[3.0, -1.0, 2.0]], False),
    "two tokens": (Q2, K2, V2, False),
    "two tokens, causal": (Q2, K2, V2, True),
    "three tokens, causal": (Q3, K3, V3, True),
    "large scores": (QL, KL, VL, False),
    "four tokens, causal": (Q4, K4, V4, True),
    "four tokens, full": (Q4, K4, V4, False),
    "three tokens, full": (Q3, K3, V3, False),
}

if __name__ == "__main__":
    for name, (q, k, v, causal) in CASES.items():
        d_k = len(q[0])
        print(f"{name} (d_k = {d_k}, causal = {causal})")
        print(f"  expected       = {attention(q, k, v, causal)!r}")
        print(f"  no scaling     = {attention(q, k, v, causal, scale=1.0)!r}")
        print(f"  scaled by 1/dk = {attention(q, k, v, causal, scale=1 / d_k)!r}")
        print(f"  column softmax = {attention_columns(q, k, v, causal)!r}")
        print(f"  unstable       = {attention(q, k, v, causal, stable=False)!r}")
        if causal:
            print(f"  mask after sm  = {attention_mask_after(q, k, v)!r}")
