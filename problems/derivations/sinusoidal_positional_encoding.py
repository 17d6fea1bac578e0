"""Expected values for problems/sinusoidal-positional-encoding.toml, with Python's math module only.

Run: python3 problems/derivations/sinusoidal_positional_encoding.py
Prints every case's expected (seq_len, d_model) matrix, and the typical wrong outputs, as TOML arrays.
"""
import math


def pe(seq_len, d, pos_offset=0, exponent="2i", swap=False, pairs_only=False):
    """Row-major PE matrix as nested lists.

    Correct: column j uses i = j // 2 and angle pos / 10000 ** (2i / d); even j sin, odd j cos.
    Variants produce the typical mistakes:
      pos_offset=1      positions counted from 1
      exponent="i"      10000 ** (i / d) instead of 10000 ** (2i / d)
      exponent="j"      each column its own exponent, 10000 ** (j / d)
      swap=True         cos on even columns, sin on odd ones
      pairs_only=True   only the d // 2 full (sin, cos) pairs are filled; an odd last column stays 0
    """
    rows = []
    for pos in range(pos_offset, seq_len + pos_offset):
        row = []
        for j in range(d):
            i = j // 2
            if pairs_only and j >= 2 * (d // 2):
                row.append(0.0)
                continue
            e = {"2i": 2 * i, "i": i, "j": j}[exponent]
            angle = pos / 10000 ** (e / d)
            even = j % 2 == 0
            if swap:
                even = not even
            row.append(math.sin(angle) if even else math.cos(angle))
        rows.append(row)
    return rows


def toml(rows):
    return "[" + ", ".join("[" + ", ".join(repr(x) for x in r) + "]" for r in rows) + "]"


CASES = {
    # name: (seq_len, d_model)
    "first position": (1, 4),
    "three positions": (3, 4),
    "two dimensions": (4, 2),
    "odd d_model": (3, 5),
    "one dimension": (3, 1),
    "eight dimensions": (6, 8),
    "odd seven": (4, 7),
    "single cell": (1, 1),
    "fifty positions": (50, 4),
}

MISTAKES = {
    "positions from 1": dict(pos_offset=1),
    "i instead of 2i": dict(exponent="i"),
    "column index as exponent": dict(exponent="j"),
    "sin and cos swapped": dict(swap=True),
    "odd last column left 0": dict(pairs_only=True),
}

if __name__ == "__main__":
    for name, (n, d) in CASES.items():
        print(f"## {name} (seq_len={n}, d_model={d})")
        print(f"expected = {toml(pe(n, d))}")
        for mname, kw in MISTAKES.items():
            print(f"  {mname}: {toml(pe(n, d, **kw))}")
