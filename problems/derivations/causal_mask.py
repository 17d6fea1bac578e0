"""Expected values for problems/causal-mask.toml, computed from the definition with plain Python.

mask[i][j] is True when query position i may attend to key position j, i.e. when j <= i.

Run: python3 problems/derivations/causal_mask.py
"""


def toml(m, n):
    """An (n, n) boolean matrix as a TOML value; n = 0 needs the explicit-shape form."""
    if n == 0:
        return "{ shape = [0, 0], data = [] }"
    return "[" + ", ".join("[" + ", ".join("true" if b else "false" for b in row) + "]" for row in m) + "]"


def mask(n, allowed):
    return [[allowed(i, j) for j in range(n)] for i in range(n)]


VARIANTS = {
    "expected (j <= i)": lambda i, j: j <= i,
    "transposed (j >= i)": lambda i, j: j >= i,
    "no diagonal (j < i)": lambda i, j: j < i,
    "inverted, true = blocked (j > i)": lambda i, j: j > i,
}

if __name__ == "__main__":
    for n in [0, 1, 2, 3, 4, 5, 6, 7, 9, 12]:
        print(f"n = {n}")
        for label, rule in VARIANTS.items():
            print(f"  {label}: {toml(mask(n, rule), n)}")
