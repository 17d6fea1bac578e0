"""Expected values for problems/embedding-with-positions.toml, computed with Python's math module only.

Run: python3 problems/derivations/embedding_with_positions.py
Prints every case's expected (seq_len, d) matrix, and the typical wrong outputs, as TOML arrays.
"""
import math


def pe_value(pos, j, d):
    """Sinusoidal positional encoding (Vaswani et al., 2017): column j uses i = j // 2."""
    i = j // 2
    angle = pos / 10000 ** (2 * i / d)
    return math.sin(angle) if j % 2 == 0 else math.cos(angle)


def embed(ids, table, scale, mode="correct"):
    """out[p][j] = table[ids[p]][j] * s + PE[p][j], s = sqrt(d) if scale else 1.

    mode selects a typical mistake instead:
      "no positions"   the positional encoding is never added
      "pe of id"       PE row of the token id instead of the position
      "no scaling"     the sqrt(d) factor is forgotten
      "scaled sum"     (embedding + PE) * s: the positions get scaled too
      "scale by d"     s = d instead of sqrt(d)
    """
    d = len(table[0])
    s = math.sqrt(d) if scale else 1.0
    if mode == "no scaling":
        s = 1.0
    if mode == "scale by d" and scale:
        s = float(d)
    rows = []
    for p, t in enumerate(ids):
        row = []
        for j in range(d):
            e = table[t][j]
            if mode == "no positions":
                row.append(e * s)
            elif mode == "pe of id":
                row.append(e * s + pe_value(t, j, d))
            elif mode == "scaled sum":
                row.append((e + pe_value(p, j, d)) * s)
            else:
                row.append(e * s + pe_value(p, j, d))
        rows.append(row)
    return rows


def toml(rows):
    return "[" + ", ".join("[" + ", ".join(repr(x) for x in r) + "]" for r in rows) + "]"


TABLE_3x4 = [[0.1, 0.2, 0.3, 0.4], [-0.5, 0.5, -0.5, 0.5], [1.0, 0.0, -1.0, 2.0]]
TABLE_2x3 = [[0.25, -0.75, 1.5], [-1.0, 0.5, 0.0]]
TABLE_5x6 = [
    [0.3, -0.1, 0.0, 0.8, -0.6, 0.2],
    [-0.4, 0.9, 0.1, -0.2, 0.5, 0.7],
    [1.2, 0.0, -0.3, 0.4, 0.05, -0.9],
    [0.0, 0.6, -1.1, 0.25, 0.35, 0.1],
    [-0.8, -0.45, 0.6, 0.0, 1.0, -0.2],
]
TABLE_4x1 = [[0.5], [-0.25], [1.0], [0.0]]

CASES = {
    # name: (token_ids, table, scale)
    "two tokens": ([2, 0], TABLE_3x4, False),
    "scaled by sqrt(d)": ([2, 0], TABLE_3x4, True),
    "repeated token": ([1, 1, 1], TABLE_3x4, False),
    "odd width, scaled": ([0, 1, 0], TABLE_2x3, True),
    "longer sentence": ([4, 1, 3, 3, 0, 2], TABLE_5x6, True),
    "single token": ([2], TABLE_3x4, False),
    "width one": ([3, 2, 1, 0], TABLE_4x1, True),
}

MODES = ["no positions", "pe of id", "no scaling", "scaled sum", "scale by d"]

if __name__ == "__main__":
    for name, (ids, table, scale) in CASES.items():
        print(f"## {name}: ids={ids} scale={scale}")
        print(f"expected = {toml(embed(ids, table, scale))}")
        for mode in MODES:
            print(f"  {mode}: {toml(embed(ids, table, scale, mode))}")
