"""Expected values for problems/lstm-cell.toml, computed with Python's math module only.

One step of PyTorch's nn.LSTMCell, gate rows in the order i, f, g, o:

    gates = W_ih x + b_ih + W_hh h + b_hh              (4H values)
    i = sigmoid(gates[0:H])      f = sigmoid(gates[H:2H])
    g = tanh(gates[2H:3H])       o = sigmoid(gates[3H:4H])
    c' = f * c + i * g           h' = o * tanh(c')

Rejected: c of a length other than H, w_ih not (4H, I), w_hh not (4H, H), a bias not of length 4H.

Every wrong solution in solutions/wrong/lstm_cell/ is implemented here too, as a `mistake` of
`step` named after its file, from its one-line description (never by running it):

    tf1_gate_order              gates read in TensorFlow 1's LSTMCell order i, j, f, o (j the
                                candidate): i, g, f, o
    onnx_gate_order             gates read in ONNX's order i, o, f, c
    tanh_old_cell               h' = o * tanh(c), the OLD cell state
    sigmoid_candidate           the candidate g squashed with the sigmoid instead of tanh
    tanh_output_gate            the output gate o squashed with tanh instead of the sigmoid
    tf_forget_bias              TensorFlow's forget_bias = 1 added to the forget gate
    drops_b_hh                  only b_ih added: the recurrent bias b_hh left out
    unstable_sigmoid            sigmoid as e^z / (1 + e^z), which is inf / inf = NaN for large z
    recurrent_shapes_unchecked  w_hh's shape and b_hh's length not checked: a b_hh of length 1
                                is broadcast to every gate (as ndarray's `+` does), and any other
                                wrong shape panics
    empty_state_shortcut        H = 0 returns empty states before any shape is checked
    rejects_no_features         an empty x (I = 0) is rejected

Run: python3 problems/derivations/lstm_cell.py
Prints every case's expected value and the wrong solutions' outputs, then checks the TOML file's
inputs, expected values and known mistakes against them.
"""
import math
import pathlib

from toml_check import REJECT, check_toml, toml_value

PANIC = "panics"  # the wrong solution panics: it gives no value


def exp(z):
    """e^z as f64 gives it: +inf past the largest finite double (Python raises instead)."""
    try:
        return math.exp(z)
    except OverflowError:
        return math.inf


def sigmoid(z):
    # Two branches so that math.exp never overflows (Python raises where Rust gives inf); both
    # are the f64 value of 1 / (1 + e^(-z)) to within rounding.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def unstable_sigmoid(z):
    e = exp(z)
    return e / (1.0 + e)  # inf / inf is NaN, as in f64


def shape2(m):
    if isinstance(m, dict):
        return tuple(m["shape"])
    return (len(m), len(m[0]) if m else 0)


def rows_of(m, nrows):
    return [[] for _ in range(nrows)] if isinstance(m, dict) else m


# Which block of H rows feeds each gate, per convention.
ORDERS = {
    "pytorch": {"i": 0, "f": 1, "g": 2, "o": 3},
    "tf1_gate_order": {"i": 0, "g": 1, "f": 2, "o": 3},
    "onnx_gate_order": {"i": 0, "o": 1, "f": 2, "g": 3},
}


def step(x, h, c, w_ih, w_hh, b_ih, b_hh, mistake=None):
    n, k = len(h), len(x)
    if mistake == "empty_state_shortcut" and n == 0:
        return {"h": [], "c": []}
    if mistake == "rejects_no_features" and k == 0:
        return REJECT
    if len(c) != n or shape2(w_ih) != (4 * n, k) or len(b_ih) != 4 * n:
        return REJECT
    if mistake == "recurrent_shapes_unchecked":
        if shape2(w_hh) != (4 * n, n) or len(b_hh) not in (1, 4 * n):
            return PANIC
        b_hh = b_hh * (4 * n) if len(b_hh) == 1 else b_hh  # ndarray broadcasts a length-1 vector
    elif shape2(w_hh) != (4 * n, n) or len(b_hh) != 4 * n:
        return REJECT
    wi, wh = rows_of(w_ih, 4 * n), rows_of(w_hh, 4 * n)
    z = []
    for r in range(4 * n):
        a = 0.0
        for w, xi in zip(wi[r], x):
            a += w * xi
        b = 0.0
        for w, hi in zip(wh[r], h):
            b += w * hi
        z.append(a + b_ih[r] + b + (0.0 if mistake == "drops_b_hh" else b_hh[r]))
    blk = ORDERS.get(mistake, ORDERS["pytorch"])

    def block(name):
        return z[blk[name] * n:(blk[name] + 1) * n]

    sig = unstable_sigmoid if mistake == "unstable_sigmoid" else sigmoid
    i = [sig(v) for v in block("i")]
    f = [sig(v + (1.0 if mistake == "tf_forget_bias" else 0.0)) for v in block("f")]
    g = [(sig if mistake == "sigmoid_candidate" else math.tanh)(v) for v in block("g")]
    o = [(math.tanh if mistake == "tanh_output_gate" else sig)(v) for v in block("o")]
    c_new = [f[q] * c[q] + i[q] * g[q] for q in range(n)]
    h_new = [o[q] * math.tanh(c[q] if mistake == "tanh_old_cell" else c_new[q]) for q in range(n)]
    return {"h": h_new, "c": c_new}


def solve(inputs, mistake=None):
    return step(inputs["x"], inputs["h"], inputs["c"], inputs["w_ih"], inputs["w_hh"],
                inputs["b_ih"], inputs["b_hh"], mistake)


WRONGS = ["tf1_gate_order", "onnx_gate_order", "tanh_old_cell", "sigmoid_candidate",
          "tanh_output_gate", "tf_forget_bias", "drops_b_hh", "unstable_sigmoid",
          "recurrent_shapes_unchecked", "empty_state_shortcut", "rejects_no_features"]


def grid(rows, cols, a, b):
    """A deterministic, readable weight matrix: entries ((a*r + b*k) % 17 - 8) / 10."""
    return [[((a * r + b * k) % 17 - 8) / 10 for k in range(cols)] for r in range(rows)]


def case(x, h, c, w_ih, w_hh, b_ih, b_hh):
    return {"x": x, "h": h, "c": c, "w_ih": w_ih, "w_hh": w_hh, "b_ih": b_ih, "b_hh": b_hh}


CASES = {
    "single unit from a zero state": case(
        [1.0], [0.0], [0.0],
        [[0.5], [0.4], [0.6], [0.2]], [[0.1], [0.2], [0.3], [0.4]],
        [0.1, 0.2, 0.3, -0.4], [0.0, 0.0, 0.0, 0.0],
    ),
    "two units, three inputs": case(
        [1.0, -1.0, 0.5], [0.2, -0.4], [0.5, -1.0],
        grid(8, 3, 3, 5), grid(8, 2, 7, 2),
        [0.1, -0.1, 0.2, 0.0, -0.2, 0.3, 0.1, 0.0], [0.0, 0.1, 0.0, -0.1, 0.1, 0.0, 0.2, -0.3],
    ),
    "zero weights": case(
        [1.0, 2.0], [0.5, -0.5], [1.0, -2.0],
        [[0.0, 0.0]] * 8, [[0.0, 0.0]] * 8, [0.0] * 8, [0.0] * 8,
    ),
    "saturated gates": case(
        [10.0], [0.0], [5.0],
        [[100.0], [-100.0], [100.0], [100.0]], [[0.0], [0.0], [0.0], [0.0]],
        [0.0] * 4, [0.0] * 4,
    ),
    "no hidden units": case([1.0, 2.0], [], [], {"shape": [0, 2], "data": []},
                            {"shape": [0, 0], "data": []}, [], []),
    # H = 0, but the weights and biases are those of one unit: every shape is still checked.
    "no hidden units, weights for one": case(
        [1.0, 2.0], [], [], [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]],
        {"shape": [4, 0], "data": []}, [0.0] * 4, [0.0] * 4,
    ),
    "no input features, one unit": case(
        [], [0.5], [-1.0], {"shape": [4, 0], "data": []}, [[0.3], [-0.6], [0.9], [0.2]],
        [0.1, 0.2, -0.1, 0.0], [0.0, 0.1, 0.2, -0.3],
    ),
    "cell state length differs": case(
        [1.0], [0.0, 0.0], [0.0], grid(8, 1, 3, 0), grid(8, 2, 5, 3), [0.0] * 8, [0.0] * 8,
    ),
    "input width mismatch": case(
        [1.0, 2.0], [0.5], [0.5], grid(4, 3, 3, 5), grid(4, 1, 2, 0), [0.0] * 4, [0.0] * 4,
    ),
    "recurrent bias of length 1": case(
        [1.0], [0.5], [0.5], [[0.5], [-0.3], [0.8], [0.2]], [[0.1], [0.4], [-0.2], [0.6]],
        [0.0, 0.1, 0.0, -0.1], [0.5],
    ),
    "three units, two inputs": case(
        [0.3, -0.8], [0.1, 0.0, -0.6], [-0.4, 0.9, 0.2],
        grid(12, 2, 5, 3), grid(12, 3, 2, 9),
        [((7 * r) % 9 - 4) / 10 for r in range(12)], [((5 * r) % 7 - 3) / 10 for r in range(12)],
    ),
    "no input features": case(
        [], [0.7, -0.2], [0.3, 0.8],
        {"shape": [8, 0], "data": []}, grid(8, 2, 4, 11),
        [0.0, 0.1, 0.2, 0.3, -0.3, -0.2, -0.1, 0.0], [0.05] * 8,
    ),
    "two saturated units": case(
        [50.0], [1.0, -1.0], [2.0, -3.0],
        [[20.0], [-0.01], [-20.0], [0.02], [20.0], [20.0], [0.01], [-20.0]],
        [[0.5, 0.0], [0.0, 0.5], [0.5, 0.5], [0.0, 0.0], [-0.5, 0.0], [0.0, 0.5], [0.5, -0.5], [0.0, 0.0]],
        [0.0, 0.1, 0.0, 0.2, 0.0, -0.1, 0.0, 0.0], [0.0] * 8,
    ),
    "no hidden units, input width mismatch": case(
        [1.0, 2.0], [], [], {"shape": [0, 3], "data": []}, {"shape": [0, 0], "data": []}, [], [],
    ),
    "bias too short": case(
        [1.0], [0.5], [0.5], grid(4, 1, 3, 0), grid(4, 1, 5, 0), [0.1] * 4, [0.1] * 3,
    ),
    "recurrent weights wrong shape": case(
        [1.0], [0.5, -0.5], [0.5, 0.5], grid(8, 1, 3, 0), grid(8, 3, 5, 2), [0.0] * 8, [0.0] * 8,
    ),
    "weights for three gates only": case(
        [1.0], [0.5, -0.5], [0.5, 0.5], grid(6, 1, 3, 0), grid(6, 2, 5, 2), [0.0] * 6, [0.0] * 6,
    ),
}


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name}")
        print(f"expected: {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "lstm-cell.toml", CASES, solve)
