"""Expected values for problems/lstm-cell.toml, computed with Python's math module only.

One step of PyTorch's nn.LSTMCell, gate rows in the order i, f, g, o:

    gates = W_ih x + b_ih + W_hh h + b_hh              (4H values)
    i = sigmoid(gates[0:H])      f = sigmoid(gates[H:2H])
    g = tanh(gates[2H:3H])       o = sigmoid(gates[3H:4H])
    c' = f * c + i * g           h' = o * tanh(c')

The known mistakes read the same gate vector in another framework's order (TensorFlow 1's
LSTMCell: i, j, f, o, i.e. i, g, f, o; ONNX's LSTM: i, o, f, c) or use tanh(c) for h'.

Run: python3 problems/derivations/lstm_cell.py
"""
import math


def sigmoid(z):
    # Two branches so that math.exp never overflows (Python raises where Rust gives inf).
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def gates(x, h, w_ih, w_hh, b_ih, b_hh):
    return [
        sum(w * xi for w, xi in zip(w_ih[r], x))
        + b_ih[r]
        + sum(w * hi for w, hi in zip(w_hh[r], h))
        + b_hh[r]
        for r in range(len(b_ih))
    ]


# Which block of H rows feeds each gate, per convention.
ORDERS = {
    "pytorch (i, f, g, o)": {"i": 0, "f": 1, "g": 2, "o": 3},
    "tensorflow 1 (i, j, f, o)": {"i": 0, "g": 1, "f": 2, "o": 3},
    "onnx (i, o, f, c)": {"i": 0, "o": 1, "f": 2, "g": 3},
}


def step(x, h, c, w_ih, w_hh, b_ih, b_hh, order="pytorch (i, f, g, o)", tanh_old_c=False):
    n = len(h)
    z = gates(x, h, w_ih, w_hh, b_ih, b_hh)
    blk = ORDERS[order]

    def block(name):
        return z[blk[name] * n:(blk[name] + 1) * n]

    i = [sigmoid(v) for v in block("i")]
    f = [sigmoid(v) for v in block("f")]
    g = [math.tanh(v) for v in block("g")]
    o = [sigmoid(v) for v in block("o")]
    c_new = [f[k] * c[k] + i[k] * g[k] for k in range(n)]
    h_new = [o[k] * math.tanh(c[k] if tanh_old_c else c_new[k]) for k in range(n)]
    return {"h": h_new, "c": c_new}


def grid(rows, cols, a, b):
    """A deterministic, readable weight matrix: entries ((a*r + b*k) % 17 - 8) / 10."""
    return [[((a * r + b * k) % 17 - 8) / 10 for k in range(cols)] for r in range(rows)]


CASES = {
    "single unit from a zero state": (
        [1.0], [0.0], [0.0],
        [[0.5], [0.4], [0.6], [0.2]], [[0.1], [0.2], [0.3], [0.4]],
        [0.1, 0.2, 0.3, -0.4], [0.0, 0.0, 0.0, 0.0],
    ),
    "two units, three inputs": (
        [1.0, -1.0, 0.5], [0.2, -0.4], [0.5, -1.0],
        grid(8, 3, 3, 5), grid(8, 2, 7, 2),
        [0.1, -0.1, 0.2, 0.0, -0.2, 0.3, 0.1, 0.0], [0.0, 0.1, 0.0, -0.1, 0.1, 0.0, 0.2, -0.3],
    ),
    "zero weights": (
        [1.0, 2.0], [0.5, -0.5], [1.0, -2.0],
        [[0.0, 0.0]] * 8, [[0.0, 0.0]] * 8, [0.0] * 8, [0.0] * 8,
    ),
    "saturated gates": (
        [10.0], [0.0], [5.0],
        [[100.0], [-100.0], [100.0], [100.0]], [[0.0], [0.0], [0.0], [0.0]],
        [0.0] * 4, [0.0] * 4,
    ),
    "no hidden units": ([1.0, 2.0], [], [], [], [], [], []),
    "three units, two inputs": (
        [0.3, -0.8], [0.1, 0.0, -0.6], [-0.4, 0.9, 0.2],
        grid(12, 2, 5, 3), grid(12, 3, 2, 9),
        [((7 * r) % 9 - 4) / 10 for r in range(12)], [((5 * r) % 7 - 3) / 10 for r in range(12)],
    ),
    "no input features": (
        [], [0.7, -0.2], [0.3, 0.8],
        [[] for _ in range(8)], grid(8, 2, 4, 11),
        [0.0, 0.1, 0.2, 0.3, -0.3, -0.2, -0.1, 0.0], [0.05] * 8,
    ),
}

if __name__ == "__main__":
    for name, args in CASES.items():
        print(name)
        for label, a, b in [("w_ih", args[3], None), ("w_hh", args[4], None)]:
            print(f"  {label} = {a!r}")
        print(f"  b_ih = {args[5]!r}\n  b_hh = {args[6]!r}")
        for order in ORDERS:
            print(f"  {order}: {step(*args, order=order)!r}")
        print(f"  tanh(c) for h': {step(*args, tanh_old_c=True)!r}")
