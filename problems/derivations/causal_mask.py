"""Expected values for problems/causal-mask.toml, computed from the definition with plain Python.

mask[i][j] is True when query position i may attend to key position j, i.e. when j <= i.

The wrong solutions of solutions/wrong/causal_mask/ are re-implemented here from their one-line
description (never by running them); one that would panic gives None.

Run: python3 problems/derivations/causal_mask.py
"""

def toml_rows(m, n):
    """The same value, one row per line, as the TOML file writes the larger masks."""
    if n == 0:
        return toml(m, n)
    rows = ["    [" + ", ".join("true" if b else "false" for b in row) + "]," for row in m]
    return "[\n" + "\n".join(rows) + "\n]"


def toml(m, n):
    """An (n, n) boolean matrix as a TOML value; n = 0 needs the explicit-shape form."""
    if n == 0:
        return "{ shape = [0, 0], data = [] }"
    return "[" + ", ".join("[" + ", ".join("true" if b else "false" for b in row) + "]" for row in m) + "]"


def mask(n, allowed):
    return [[allowed(i, j) for j in range(n)] for i in range(n)]


def causal_mask(n):
    return mask(n, lambda i, j: j <= i)


# ---- Wrong solutions (solutions/wrong/causal_mask/<name>.rs), one mistake each -----------------

def panics_on_empty(n):
    """Loops over `0..n - 1`, which underflows for n = 0 (a panic, or a near-endless loop)."""
    return None if n == 0 else causal_mask(n)


def u32_row_bits(n):
    """Row i as a u32 bit set: u32::MAX shifted right by (31 - i) mod 32 (Rust's wrapping_shr
    takes the shift modulo 32, and 31 - i wraps for i > 31); column j is bit j, and there is no
    bit j >= 32 (checked_shr gives None: not allowed)."""
    rows = [0xFFFFFFFF >> ((31 - i) % 32) for i in range(n)]
    return mask(n, lambda i, j: j < 32 and (rows[i] >> j) & 1 == 1)


WRONG = {
    "transposed": lambda n: mask(n, lambda i, j: j >= i),  # the upper triangle (torch.triu)
    "no_diagonal": lambda n: mask(n, lambda i, j: j < i),  # a position may not see itself
    "inverted_blocked": lambda n: mask(n, lambda i, j: j > i),  # true = blocked (nn.MultiheadAttention)
    "all_true": lambda n: mask(n, lambda i, j: True),  # no masking at all (bidirectional)
    "tril_offset_one": lambda n: mask(n, lambda i, j: j <= i + 1),  # torch.tril(..., diagonal=1)
    "panics_on_empty": panics_on_empty,
    "u32_row_bits": u32_row_bits,
}

SIZES = [0, 1, 2, 3, 4, 5, 33, 6, 7, 9, 12, 40, 0]
NAMES = ["empty sequence", "single token", "two tokens", "three tokens", "four tokens",
         "five tokens", "thirty-three tokens", "six tokens", "seven tokens", "nine tokens",
         "twelve tokens", "forty tokens", "no positions"]
# In the order of the TOML file: name, n.
CASES = list(zip(NAMES, SIZES))


def expected(n):
    return causal_mask(n)


if __name__ == "__main__":
    for name, n in CASES:
        print(f"{name} (n = {n})")
        print(f"  expected (j <= i): {toml(expected(n), n)}")
        for label, f in WRONG.items():
            m = f(n)
            print(f"  {label}: {'panics' if m is None else toml(m, n)}")
