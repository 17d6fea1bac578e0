"""Expected values for problems/embedding-with-positions.toml, computed with Python's math module only.

    out[p][j] = s * table[ids[p]][j] + PE[p][j]        s = sqrt(d) if scale else 1
    PE[p][2i] = sin(p / 10000^(2i / d)),  PE[p][2i + 1] = cos(p / 10000^(2i / d)),  positions from 0

Rejected: a table with no columns (d = 0), and a token id >= vocab (the table's rows).

Every wrong solution in solutions/wrong/embedding_with_positions/ is implemented here too, as a
`mistake` of `embed` named after its file, from its one-line description (never by running it):

    no_positions               the positional encoding never added
    pe_of_token_id             PE row of the token id instead of the position
    no_scaling                 the sqrt(d) factor forgotten
    scaled_sum                 (embedding + PE) * s: the encoding scaled too
    scale_by_d                 s = d instead of sqrt(d)
    positions_from_one         row p gets PE of position p + 1
    concat_sin_cos             the encoding's sines first, then its cosines, instead of interleaved
    i_over_d_exponent          10000^(i / d) instead of 10000^(2i / d)
    odd_last_column_zero       the encoding filled pair by pair: an odd d's last column gets no PE
    ids_checked_against_width  ids compared with d (the columns) instead of vocab (the rows); an
                               id >= vocab that passes that check panics when indexed
    id_check_off_by_one        `id > vocab` instead of `id >= vocab`: an id equal to vocab panics
    no_width_check             d = 0 accepted, giving an empty (seq_len, 0) matrix
    empty_sequence_first       an empty token_ids returns the empty (0, d) matrix before any
                               check, so d = 0 is accepted when there are no tokens
    f32_encoding               the encoding computed in f32. Emulated here by rounding every
                               intermediate to f32, which may differ from Rust's f32 libm by an ulp:
                               it only shows that f32 misses the 1e-9 tolerance by far, and no
                               known mistake is derived from it.

Run: python3 problems/derivations/embedding_with_positions.py
Prints every case's expected (seq_len, d) matrix and the wrong solutions' outputs, then checks the
TOML file's inputs, expected values and known mistakes against them.
"""
import math
import pathlib
import struct

from toml_check import REJECT, check_toml, toml_value

PANIC = "panics"  # the wrong solution panics: it gives no value


def f32(x):
    """x rounded to the nearest f32 (stored back in a Python float)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def matrix(rows, ncols):
    """A (len(rows), ncols) matrix: nested lists, or an explicit shape when an axis is empty."""
    if not rows or ncols == 0:
        return {"shape": [len(rows), ncols], "data": []}
    return rows


def pe_value(pos, j, d, mistake=None):
    """Sinusoidal positional encoding (Vaswani et al., 2017): column j uses i = j // 2."""
    if mistake == "odd_last_column_zero" and j >= 2 * (d // 2):
        return 0.0
    if mistake == "concat_sin_cos":
        n_sin = (d + 1) // 2
        k, use_sin = (j, True) if j < n_sin else (j - n_sin, False)
        angle = pos / 10000 ** (2 * k / d)
        return math.sin(angle) if use_sin else math.cos(angle)
    i = j // 2
    e = i if mistake == "i_over_d_exponent" else 2 * i
    if mistake == "f32_encoding":
        angle = f32(f32(pos) / f32(f32(10000.0) ** f32(f32(e) / f32(d))))
        return f32(math.sin(angle) if j % 2 == 0 else math.cos(angle))
    angle = pos / 10000 ** (e / d)
    return math.sin(angle) if j % 2 == 0 else math.cos(angle)


def embed(ids, table, scale, mistake=None):
    """out[p][j] = table[ids[p]][j] * s + PE[p][j], s = sqrt(d) if scale else 1, or a mistake."""
    if isinstance(table, dict):
        vocab, d = table["shape"]
        table = []
    else:
        vocab, d = len(table), len(table[0])
    if mistake == "empty_sequence_first" and not ids:
        return matrix([], d)
    if d == 0 and mistake != "no_width_check":
        return REJECT
    if mistake == "ids_checked_against_width":
        if any(t >= d for t in ids):
            return REJECT
        if any(t >= vocab for t in ids):
            return PANIC
    elif mistake == "id_check_off_by_one":
        if any(t > vocab for t in ids):
            return REJECT
        if any(t >= vocab for t in ids):
            return PANIC
    elif any(t >= vocab for t in ids):
        return REJECT
    s = math.sqrt(d) if scale else 1.0
    if mistake == "no_scaling":
        s = 1.0
    if mistake == "scale_by_d" and scale:
        s = float(d)
    rows = []
    for p, t in enumerate(ids):
        row = []
        for j in range(d):
            e = table[t][j]
            if mistake == "no_positions":
                row.append(e * s)
            elif mistake == "pe_of_token_id":
                row.append(e * s + pe_value(t, j, d))
            elif mistake == "scaled_sum":
                row.append((e + pe_value(p, j, d)) * s)
            elif mistake == "positions_from_one":
                row.append(e * s + pe_value(p + 1, j, d))
            else:
                row.append(e * s + pe_value(p, j, d, mistake))
        rows.append(row)
    return matrix(rows, d)


def solve(inputs, mistake=None):
    return embed(inputs["token_ids"], inputs["table"], inputs["scale"], mistake)


WRONGS = ["no_positions", "pe_of_token_id", "no_scaling", "scaled_sum", "scale_by_d",
          "positions_from_one", "concat_sin_cos", "i_over_d_exponent", "odd_last_column_zero",
          "ids_checked_against_width", "id_check_off_by_one", "no_width_check", "f32_encoding",
          "empty_sequence_first"]


def case(token_ids, table, scale):
    return {"token_ids": token_ids, "table": table, "scale": scale}


TABLE_3x4 = [[0.1, 0.2, 0.3, 0.4], [-0.5, 0.5, -0.5, 0.5], [1.0, 0.0, -1.0, 2.0]]
TABLE_2x3 = [[0.25, -0.75, 1.5], [-1.0, 0.5, 0.0]]
TABLE_5x2 = [[0.5, -0.5], [1.0, 0.25], [-0.75, 2.0], [0.0, 1.5], [-1.25, -0.5]]
TABLE_5x6 = [
    [0.3, -0.1, 0.0, 0.8, -0.6, 0.2],
    [-0.4, 0.9, 0.1, -0.2, 0.5, 0.7],
    [1.2, 0.0, -0.3, 0.4, 0.05, -0.9],
    [0.0, 0.6, -1.1, 0.25, 0.35, 0.1],
    [-0.8, -0.45, 0.6, 0.0, 1.0, -0.2],
]
TABLE_4x1 = [[0.5], [-0.25], [1.0], [0.0]]

CASES = {
    "two tokens": case([2, 0], TABLE_3x4, False),
    "scaled by sqrt(d)": case([2, 0], TABLE_3x4, True),
    "repeated token": case([1, 1, 1], TABLE_3x4, False),
    "empty sequence": case([], TABLE_3x4, True),
    "id out of range": case([0, 3], TABLE_3x4, False),
    "odd width, scaled": case([0, 1, 0], TABLE_2x3, True),
    "zero-width table": case([0, 1], {"shape": [3, 0], "data": []}, False),
    "no tokens, zero-width table": case([], {"shape": [3, 0], "data": []}, False),
    "vocabulary larger than the width": case([4, 3, 0, 2], TABLE_5x2, True),
    "longer sentence": case([4, 1, 3, 3, 0, 2], TABLE_5x6, True),
    "single token": case([2], TABLE_3x4, False),
    "id equal to vocab": case([1, 2, 3], TABLE_3x4, True),
    "width one": case([3, 2, 1, 0], TABLE_4x1, True),
    "odd width five": case([1, 0, 2, 1], [[0.2, -0.4, 0.6, 0.0, 1.0], [-1.0, 0.5, 0.25, -0.75, 0.1],
                                          [0.3, 0.3, -0.3, 0.9, -0.2]], False),
    "empty vocabulary and sequence": case([], {"shape": [0, 4], "data": []}, False),
    "zero width, no tokens": case([], {"shape": [2, 0], "data": []}, True),
}


# ---- Checking the TOML file against the values above ------------------------------------------


if __name__ == "__main__":
    for name, inputs in CASES.items():
        print(f"## {name}: ids={inputs['token_ids']} scale={inputs['scale']}")
        print(f"expected = {toml_value(solve(inputs))}")
        for w in WRONGS:
            print(f"    {w}: {toml_value(solve(inputs, w))}")
    check_toml(pathlib.Path(__file__).resolve().parents[1] / "embedding-with-positions.toml",
               CASES, solve)
