"""Expected values for problems/masked-lm-loss.toml, computed with Python's math module only.

Only masked positions are scored; unmasked targets are ignored entirely:

    loss = (1 / M) * sum_{t : mask[t]} -log_softmax(logits[t])[targets[t]],   M = #masked positions

log_softmax is computed stably as x_k - (m + ln sum_j exp(x_j - m)) with m = max_j x_j, the
maximum of the row.

The wrong solutions of solutions/wrong/masked_lm_loss/ are re-implemented here from their one-line
description (never by running them), the way a wrong Rust solution computes, with IEEE semantics
(exp overflows to inf and underflows to 0, ln(0) = -inf, 0 / 0 is NaN). A wrong solution that
would panic (index out of bounds) gives None.

Run: python3 problems/derivations/masked_lm_loss.py
"""
import math

REJECT = "rejected"  # the function returns Err


def exp(x):
    """exp with IEEE overflow to inf (Python's math.exp raises instead)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def ln(x):
    """ln with IEEE semantics: ln(0) = -inf, ln(inf) = inf, ln(NaN) = NaN."""
    if x != x:
        return math.nan
    return -math.inf if x == 0 else math.log(x)


def div(a, b):
    """IEEE division: 0 / 0 is NaN."""
    if a != a or b != b or (a == 0 and b == 0):
        return math.nan
    return a / b


def total(xs):
    """Left-to-right sum, as Rust's `Iterator::sum` (Python 3.12's `sum` compensates instead)."""
    s = 0.0
    for x in xs:
        s += x
    return s


def ce(row, k, m=None):
    """Cross-entropy -log_softmax(row)[k], stable (shifted by the row maximum unless m is given)."""
    m = max(row) if m is None else m
    return -(row[k] - (m + ln(total(exp(x - m) for x in row))))


def ce_naive(row, k):
    """Mistake: no max shift, so exp(1000) overflows to inf."""
    return -(row[k] - ln(total(exp(x) for x in row)))


def vocab(logits):
    return len(logits[0]) if logits else 0


def lengths_ok(logits, targets, mask):
    return len(targets) == len(logits) and len(mask) == len(logits)


def scored(logits, targets, mask, keep=lambda is_masked: is_masked):
    """The positions zip(rows, targets, mask) keeps (zip stops at the shortest)."""
    n = min(len(logits), len(targets), len(mask))
    return [t for t in range(n) if keep(mask[t])]


def mean_ce(logits, targets, positions, f=ce):
    """Reject an invalid scored target or M = 0, else the mean of f over the positions."""
    if any(targets[t] >= vocab(logits) for t in positions):
        return REJECT
    if not positions:
        return REJECT
    return total(f(logits[t], targets[t]) for t in positions) / len(positions)


def masked_lm_loss(logits, targets, mask):
    if not lengths_ok(logits, targets, mask):
        return REJECT
    return mean_ce(logits, targets, scored(logits, targets, mask))


# ---- Wrong solutions (solutions/wrong/masked_lm_loss/<name>.rs), one mistake each --------------

def mean_over_all_positions(logits, targets, mask):
    """The mask ignored: every position scored (so every target checked) and averaged over T."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    return mean_ce(logits, targets, list(range(len(logits))))


def divide_by_t(logits, targets, mask):
    """The masked sum divided by T instead of the number of masked positions."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    m = mean_ce(logits, targets, positions)
    if m == REJECT:
        return m
    return total(ce(logits[t], targets[t]) for t in positions) / len(mask)


def sum_not_mean(logits, targets, mask):
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    m = mean_ce(logits, targets, positions)
    if m == REJECT:
        return m
    return total(ce(logits[t], targets[t]) for t in positions)


def naive_logsumexp(logits, targets, mask):
    if not lengths_ok(logits, targets, mask):
        return REJECT
    return mean_ce(logits, targets, scored(logits, targets, mask), ce_naive)


def global_max_shift(logits, targets, mask):
    """Every row shifted by the maximum of the whole matrix instead of its own maximum."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    m = max((x for r in logits for x in r), default=-math.inf)
    return mean_ce(logits, targets, scored(logits, targets, mask), lambda row, k: ce(row, k, m))


def product_of_probs(logits, targets, mask):
    """The (stable) softmax probabilities of the masked targets multiplied, then -ln(product) / M."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    if mean_ce(logits, targets, positions) == REJECT:
        return REJECT
    prod = 1.0
    for t in positions:
        row, k = logits[t], targets[t]
        m = max(row)
        prod *= exp(row[k] - m) / total(exp(x - m) for x in row)
    return -ln(prod) / len(positions)


def rejects_unmasked_targets(logits, targets, mask):
    """Every target checked against V, the unmasked placeholders included."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    if any(t >= vocab(logits) for t in targets):
        return REJECT
    return masked_lm_loss(logits, targets, mask)


def zero_when_none_masked(logits, targets, mask):
    """Returns 0 instead of an error when no position is masked."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    if not positions:
        return 0.0
    return mean_ce(logits, targets, positions)


def nan_when_none_masked(logits, targets, mask):
    """No check for M = 0: the mean over no positions is 0 / 0 = NaN."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    if not positions:
        return math.nan
    return mean_ce(logits, targets, positions)


def no_mask_length_check(logits, targets, mask):
    """Only targets.len() is compared with the number of rows; zip stops at the shorter mask."""
    if len(targets) != len(logits):
        return REJECT
    return mean_ce(logits, targets, scored(logits, targets, mask))


def no_targets_length_check(logits, targets, mask):
    """Only mask.len() is compared with the number of rows; zip stops at the shorter targets."""
    if len(mask) != len(logits):
        return REJECT
    return mean_ce(logits, targets, scored(logits, targets, mask))


def skips_invalid_masked_targets(logits, targets, mask):
    """A masked target >= V is skipped (as an ignore index) instead of rejected."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = [t for t in scored(logits, targets, mask) if targets[t] < vocab(logits)]
    return mean_ce(logits, targets, positions)


def inverted_mask(logits, targets, mask):
    """Scores the positions where mask is false (reads true as "keep out")."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    return mean_ce(logits, targets, scored(logits, targets, mask, lambda is_masked: not is_masked))


def vocab_check_off_by_one(logits, targets, mask):
    """Rejects masked targets > V instead of >= V: a target equal to V panics (out of bounds)."""
    if not lengths_ok(logits, targets, mask):
        return REJECT
    positions = scored(logits, targets, mask)
    for t in positions:
        if targets[t] > vocab(logits):
            return REJECT
        if targets[t] == vocab(logits):
            return None  # panics
    if not positions:
        return REJECT
    return total(ce(logits[t], targets[t]) for t in positions) / len(positions)


WRONG = {
    "mean_over_all_positions": mean_over_all_positions,
    "divide_by_t": divide_by_t,
    "sum_not_mean": sum_not_mean,
    "naive_logsumexp": naive_logsumexp,
    "global_max_shift": global_max_shift,
    "product_of_probs": product_of_probs,
    "rejects_unmasked_targets": rejects_unmasked_targets,
    "zero_when_none_masked": zero_when_none_masked,
    "nan_when_none_masked": nan_when_none_masked,
    "no_mask_length_check": no_mask_length_check,
    "no_targets_length_check": no_targets_length_check,
    "skips_invalid_masked_targets": skips_invalid_masked_targets,
    "inverted_mask": inverted_mask,
    "vocab_check_off_by_one": vocab_check_off_by_one,
}


def confidently_wrong(targets, mask, gaps, v):
    """Masked rows put logit gap on a wrong token ((target + 1) % V), 0.5 on the target, -0.5
    elsewhere; unmasked rows are a mild guess of their target."""
    rows = []
    g = 0
    for t, target in enumerate(targets):
        row = [-0.5] * v
        row[target] = 0.5
        if mask[t]:
            row[(target + 1) % v] = float(gaps[g % len(gaps)])
            g += 1
        else:
            row[target] = 1.5
        rows.append(row)
    return rows


# Twelve masked positions out of sixteen, each target about e^-70 likely: the mean loss is 69.5,
# but the product of the twelve probabilities (about e^-834) is 0 in f64.
LONG_TARGETS = [3, 1, 0, 2, 2, 0, 1, 3, 0, 3, 1, 2, 1, 0, 2, 3]
LONG_MASK = [True, True, False, True, True, True, False, True, True, True, False, True, True, True, False, True]
LONG_LOGITS = confidently_wrong(LONG_TARGETS, LONG_MASK, [64, 75, 68, 71], 4)
# Eight masked positions out of nine, each about e^-100 likely: product about e^-796.
HIDDEN_TARGETS = [1, 2, 0, 0, 2, 1, 1, 0, 2]
HIDDEN_MASK = [True, True, True, False, True, True, True, True, True]
HIDDEN_LOGITS = confidently_wrong(HIDDEN_TARGETS, HIDDEN_MASK, [100, 98, 103, 99], 3)

# In the order of the TOML file: name, (logits, targets, mask).
CASES = [
    ("one masked position", ([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0], [0.0, 0.0, 3.0]], [0, 2, 2], [False, True, False])),
    ("two of four masked", (
        [[1.0, 2.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0], [3.0, -2.0, 0.5, 1.0], [0.2, 0.4, 0.6, 0.8]],
        [1, 3, 0, 2],
        [True, False, True, False],
    )),
    ("every position masked", ([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]], [0, 0, 1], [True, True, True])),
    ("unmasked targets ignored", ([[0.0, 1.0, 2.0], [1.0, 1.0, 0.0], [4.0, 0.0, 0.0]], [999, 2, 0], [False, True, True])),
    ("huge logits", ([[1000.0, -1000.0, 0.0], [0.0, 1000.0, -1000.0], [-1000.0, 0.0, 1000.0]], [1, 0, 0], [True, False, True])),
    ("rows on different scales", (
        [[400.0, 402.0, 399.0], [0.0, 1.0, 2.0], [-400.0, -401.5, -400.5]],
        [0, 2, 1],
        [True, False, True],
    )),
    ("a long run of confident mistakes", (LONG_LOGITS, LONG_TARGETS, LONG_MASK)),
    ("no masked position", ([[1.0, 0.0], [0.0, 1.0]], [0, 1], [False, False])),
    ("masked target out of vocabulary", ([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]], [1, 3], [False, True])),
    ("an invalid masked target among valid ones", (
        [[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [2.0, 0.0, 1.0]],
        [0, 5, 2],
        [True, True, True],
    )),
    ("mask length differs", ([[1.0, 0.0], [0.0, 1.0]], [0, 1], [True])),
    ("targets length differs", ([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], [0, 1], [True, False, True])),
    ("longer sequence", (
        [
            [0.5, -0.3, 1.2, 0.0, -1.1],
            [1.4, 0.2, -0.6, 0.9, 0.3],
            [-0.8, 2.1, 0.4, -0.2, 0.7],
            [0.0, 0.3, -1.5, 1.8, 0.6],
            [1.1, -0.4, 0.8, 0.2, -0.9],
            [0.3, 0.3, 0.3, 0.3, 0.3],
            [2.0, 1.0, 0.0, -1.0, -2.0],
            [-0.5, 0.5, -0.5, 0.5, 1.5],
        ],
        [2, 0, 4, 3, 1, 4, 0, 2],
        [False, True, False, False, True, False, False, True],
    )),
    ("single position", ([[0.3, -0.2, 0.9, 0.1]], [3], [True])),
    ("very negative logits", ([[-1000.0, -1000.0, -995.0], [-1002.0, -1000.0, -1001.0]], [2, 1], [True, True])),
    ("placeholders at unmasked positions", (
        [[0.5, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 2.0, -1.0], [3.0, 0.0, 0.0]],
        [1, 12, 0, 50],
        [True, False, True, False],
    )),
    ("opposite scales", (
        [[-400.0, -399.0, -401.0], [2.0, 2.0, 2.0], [400.0, 398.0, 399.0]],
        [0, 1, 2],
        [True, False, True],
    )),
    ("eight confident mistakes", (HIDDEN_LOGITS, HIDDEN_TARGETS, HIDDEN_MASK)),
    ("masked target equal to the vocabulary size", ([[0.5, 0.0, 1.0], [1.0, 2.0, 0.0], [0.0, 0.0, 0.0]], [2, 0, 3], [True, True, True])),
    ("a placeholder among masked targets", (
        [[0.0, 1.0, 0.5, 2.0], [1.0, 0.5, 0.0, 0.0], [0.5, 0.5, 2.0, 1.0], [1.0, 0.0, 0.0, 3.0]],
        [3, 100, 2, 9],
        [True, True, True, False],
    )),
    ("mask longer than the rows", ([[1.0, 0.0], [0.0, 1.0]], [0, 1], [True, False, True])),
    ("targets longer than the rows", ([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0]], [2, 1, 0], [True, True])),
    ("empty sequence", ([], [], [])),
]

# Each case's tolerance as (abs, rel): every case uses the default, (1e-6, 1e-6).
TOLERANCE = {}


def expected(logits, targets, mask):
    return masked_lm_loss(logits, targets, mask)


if __name__ == "__main__":
    for name, (logits, targets, mask) in CASES:
        print(f"{name}: targets = {targets}, mask = {mask}")
        print(f"    expected = {expected(logits, targets, mask)!r}")
        for wrong_name, f in WRONG.items():
            print(f"    {wrong_name:28} = {f(logits, targets, mask)!r}")
    for label, rows in [("a long run of confident mistakes", LONG_LOGITS), ("eight confident mistakes", HIDDEN_LOGITS)]:
        print(f"{label} logits:")
        for r in rows:
            print("   ", r)
