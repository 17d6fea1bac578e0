"""Expected values for problems/sinusoidal-positional-encoding.toml, with Python's math module only.

    PE[pos, 2i]     = sin(pos / 10000^(2i / d))
    PE[pos, 2i + 1] = cos(pos / 10000^(2i / d))          d = d_model, positions from 0

Column j uses i = j // 2; with an odd d the last column is a sin column with 2i = d - 1.
Rejected: d_model = 0.

Every wrong solution in solutions/wrong/sinusoidal_positional_encoding/ is implemented here too,
as a `mistake` of `pe` named after its file, from its one-line description (never by running it):

    positions_from_one     row r holds position r + 1
    i_over_d_exponent      10000^(i / d) instead of 10000^(2i / d)
    column_index_exponent  each column its own exponent, 10000^(j / d)
    sin_cos_swapped        cos on even columns, sin on odd ones
    odd_last_column_zero   a loop over the d // 2 (sin, cos) pairs: an odd d's last column stays 0
    concat_sin_cos         all the sines first, then all the cosines (tensor2tensor's layout):
                           column k < ceil(d/2) is sin(pos / 10000^(2k/d)), column
                           ceil(d/2) + k is cos(pos / 10000^(2k/d))
    no_d_model_check       d_model = 0 accepted, giving an empty (seq_len, 0) matrix
    empty_sequence_first   seq_len = 0 returns the empty (0, d_model) matrix before d_model is
                           checked, so d_model = 0 is accepted when there are no positions
    f32_angles             the angle, the power and the sin/cos computed in f32. Emulated here by
                           rounding every intermediate to f32, which may differ from Rust's f32
                           libm by an ulp (~1e-7): it only shows that f32 misses the 1e-9
                           tolerance by far, and no known mistake is derived from it.

Run: python3 problems/derivations/sinusoidal_positional_encoding.py
Prints every case's expected matrix and the wrong solutions' outputs, checks that PyTorch's
formulation exp(2i * (-ln 10000 / d)) agrees with 10000^(2i/d) far within the tolerance, then
checks the TOML file's inputs, expected values and known mistakes against the values here.
"""
import math
import pathlib
import struct

from toml_check import REJECT, check_toml, toml_value

PANIC = "panics"


def f32(x):
    """x rounded to the nearest f32 (stored back in a Python float)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def matrix(rows, ncols):
    """A (len(rows), ncols) matrix: nested lists, or an explicit shape when an axis is empty."""
    if not rows or ncols == 0:
        return {"shape": [len(rows), ncols], "data": []}
    return rows


def pe_value(pos, j, d, mistake=None):
    """The encoding at (pos, j), or the value a wrong solution puts there."""
    if mistake == "positions_from_one":
        pos += 1
    if mistake == "odd_last_column_zero" and j >= 2 * (d // 2):
        return 0.0
    if mistake == "concat_sin_cos":
        n_sin = (d + 1) // 2
        k, use_sin = (j, True) if j < n_sin else (j - n_sin, False)
        angle = pos / 10000 ** (2 * k / d)
        return math.sin(angle) if use_sin else math.cos(angle)
    i = j // 2
    e = {"i_over_d_exponent": i, "column_index_exponent": j}.get(mistake, 2 * i)
    even = (j % 2 == 0) != (mistake == "sin_cos_swapped")
    if mistake == "f32_angles":
        angle = f32(f32(pos) / f32(f32(10000.0) ** f32(f32(e) / f32(d))))
        return f32(math.sin(angle) if even else math.cos(angle))
    angle = pos / 10000 ** (e / d)
    return math.sin(angle) if even else math.cos(angle)


def pe(seq_len, d, mistake=None):
    if mistake == "empty_sequence_first" and seq_len == 0:
        return matrix([], d)
    if d == 0 and mistake != "no_d_model_check":
        return REJECT
    return matrix([[pe_value(pos, j, d, mistake) for j in range(d)] for pos in range(seq_len)], d)


def pe_torch_style(seq_len, d):
    """PyTorch tutorials' formulation: div_term = exp(2i * (-ln 10000 / d)), angle = pos * div_term."""
    return [[(math.sin if j % 2 == 0 else math.cos)(pos * math.exp(2 * (j // 2) * (-math.log(10000.0) / d)))
             for j in range(d)] for pos in range(seq_len)]


def solve(inputs, mistake=None):
    return pe(inputs["seq_len"], inputs["d_model"], mistake)


WRONGS = ["positions_from_one", "i_over_d_exponent", "column_index_exponent", "sin_cos_swapped",
          "odd_last_column_zero", "concat_sin_cos", "no_d_model_check", "f32_angles",
          "empty_sequence_first"]


def case(seq_len, d_model):
    return {"seq_len": seq_len, "d_model": d_model}


CASES = {
    "first position": case(1, 4),
    "three positions": case(3, 4),
    "two dimensions": case(4, 2),
    "odd d_model": case(3, 5),
    "empty sequence": case(0, 4),
    "zero d_model": case(3, 0),
    "no positions, no dimensions": case(0, 0),
    "one dimension": case(3, 1),
    "twelve positions": case(12, 6),
    "eight dimensions": case(6, 8),
    "odd seven": case(4, 7),
    "single cell": case(1, 1),
    "nothing at all": case(0, 0),
    "fifty positions": case(50, 4),
}


def check_torch_style():
    worst = 0.0
    for inputs in CASES.values():
        n, d = inputs["seq_len"], inputs["d_model"]
        if d == 0 or n == 0:
            continue
        for a, b in zip(pe(n, d), pe_torch_style(n, d)):
            worst = max(worst, max(abs(x - y) for x, y in zip(a, b)))
    print(f"\nexp(2i * (-ln 10000 / d)) against 10000^(2i/d): largest difference {worst!r}"
          f" ({'far within' if worst < 1e-12 else 'NOT within'} the tolerance 1e-9)")


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name} (seq_len={inputs['seq_len']}, d_model={inputs['d_model']})")
        print(f"expected = {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_torch_style()
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "sinusoidal-positional-encoding.toml",
               CASES, solve)
