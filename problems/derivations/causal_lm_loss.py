"""Expected values for problems/causal-lm-loss.toml, computed with Python's math module only.

The prediction at position t (row t of the logits) is scored against the NEXT token, tokens[t + 1]:

    loss = (1 / (T - 1)) * sum_{t=0}^{T-2} -log_softmax(logits[t])[tokens[t + 1]]

log_softmax is computed stably as x_k - (m + ln sum_j exp(x_j - m)) with m = max_j x_j, the
maximum of the row.

The wrong solutions of solutions/wrong/causal_lm_loss/ are re-implemented here from their one-line
description (never by running them), the way a wrong Rust solution computes, with IEEE semantics
(exp overflows to inf and underflows to 0, ln(0) = -inf, inf - inf and inf / inf are NaN). A wrong
solution that would panic (index out of bounds) gives None.

Run: python3 problems/derivations/causal_lm_loss.py
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
    if x == 0:
        return -math.inf
    return math.log(x)


def add(a, b):
    """IEEE addition: inf + -inf is NaN (Python agrees; kept explicit for clarity)."""
    return a + b


def div(a, b):
    """IEEE division: inf / inf and 0 / 0 are NaN, x / inf is 0, x / 0 is inf."""
    if a != a or b != b or (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0):
        return math.nan
    if b == 0:
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def total(xs):
    """Left-to-right sum, as Rust's `Iterator::sum` (Python 3.12's `sum` compensates instead)."""
    s = 0.0
    for x in xs:
        s = add(s, x)
    return s


def log_softmax(row, k, m=None):
    """Stable: subtract the row maximum (or the given shift m) before exponentiating."""
    m = max(row) if m is None else m
    return row[k] - (m + ln(total(exp(x - m) for x in row)))


def log_softmax_naive_lse(row, k):
    """Mistake: ln(sum(exp(x))) without the max shift; exp(1000) overflows to inf."""
    return row[k] - ln(total(exp(x) for x in row))


def log_softmax_naive_softmax(row, k):
    """Mistake: softmax first (exp / sum exp, no shift), then ln; inf / inf is NaN."""
    return ln(div(exp(row[k]), total(exp(x) for x in row)))


def validate(logits, tokens):
    """The statement's checks, in the reference's order: lengths, T >= 2, every id < V."""
    if len(tokens) != len(logits) or len(tokens) < 2:
        return False
    vocab = len(logits[0])
    return all(t < vocab for t in tokens)


def loss(logits, tokens, ls=log_softmax):
    terms = [-ls(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1)]
    return total(terms) / len(terms)


def causal_lm_loss(logits, tokens):
    if not validate(logits, tokens):
        return REJECT
    return loss(logits, tokens)


# ---- Wrong solutions (solutions/wrong/causal_lm_loss/<name>.rs), one mistake each --------------

def no_shift(logits, tokens):
    """Row t scored against tokens[t] (its own input), averaged over all T positions."""
    if not validate(logits, tokens):
        return REJECT
    return total(-log_softmax(logits[t], tokens[t]) for t in range(len(tokens))) / len(tokens)


def shift_wrong_direction(logits, tokens):
    """Row t + 1 scored against tokens[t]: the logits shifted instead of the labels."""
    if not validate(logits, tokens):
        return REJECT
    n = len(tokens) - 1
    return total(-log_softmax(logits[t + 1], tokens[t]) for t in range(n)) / n


def sum_not_mean(logits, tokens):
    if not validate(logits, tokens):
        return REJECT
    return total(-log_softmax(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1))


def mean_over_t(logits, tokens):
    """The T - 1 scored positions summed, but divided by T."""
    if not validate(logits, tokens):
        return REJECT
    return total(-log_softmax(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1)) / len(tokens)


def naive_logsumexp(logits, tokens):
    if not validate(logits, tokens):
        return REJECT
    return loss(logits, tokens, log_softmax_naive_lse)


def softmax_then_log(logits, tokens):
    if not validate(logits, tokens):
        return REJECT
    return loss(logits, tokens, log_softmax_naive_softmax)


def global_max_shift(logits, tokens):
    """Every row shifted by the maximum of the whole matrix instead of its own maximum."""
    if not validate(logits, tokens):
        return REJECT
    m = max(max(r) for r in logits)
    return loss(logits, tokens, lambda row, k: log_softmax(row, k, m))


def row_max_from_zero(logits, tokens):
    """Each row shifted by max(0, max(row)): the fold for the row maximum starts at 0.0, so a row
    whose logits are all below about -745 has every exp underflow to 0 (ln 0 = -inf)."""
    if not validate(logits, tokens):
        return REJECT
    return loss(logits, tokens, lambda row, k: log_softmax(row, k, max([0.0] + list(row))))


def product_of_probs(logits, tokens):
    """The (stable) softmax probabilities of the targets multiplied, then -ln(product) / (T - 1)."""
    if not validate(logits, tokens):
        return REJECT
    prod = 1.0
    for t in range(len(tokens) - 1):
        row, k = logits[t], tokens[t + 1]
        m = max(row)
        prod *= exp(row[k] - m) / total(exp(x - m) for x in row)
    return -ln(prod) / (len(tokens) - 1)


def first_token_unchecked(logits, tokens):
    """Only the targets tokens[1..] are checked against V, not tokens[0]."""
    if len(tokens) != len(logits) or len(tokens) < 2:
        return REJECT
    if any(t >= len(logits[0]) for t in tokens[1:]):
        return REJECT
    return loss(logits, tokens)


def vocab_check_off_by_one(logits, tokens):
    """Rejects ids > V instead of >= V: a target equal to V then panics (index out of bounds)."""
    if len(tokens) != len(logits) or len(tokens) < 2:
        return REJECT
    vocab = len(logits[0])
    if any(t > vocab for t in tokens):
        return REJECT
    if any(t >= vocab for t in tokens[1:]):
        return None  # panics
    return loss(logits, tokens)


def no_length_check(logits, tokens):
    """No check that tokens.len() equals the number of rows: zip stops at the shorter."""
    if len(tokens) < 2:
        return REJECT
    vocab = len(logits[0]) if logits else 0
    if any(t >= vocab for t in tokens):
        return REJECT
    pairs = min(len(logits), len(tokens) - 1)
    terms = [-log_softmax(logits[t], tokens[t + 1]) for t in range(pairs)]
    return div(total(terms), float(pairs))


def no_min_length_check(logits, tokens):
    """T < 2 not rejected: the mean over no scored position is 0 / 0 = NaN."""
    if len(tokens) != len(logits):
        return REJECT
    vocab = len(logits[0]) if logits else 0
    if any(t >= vocab for t in tokens):
        return REJECT
    terms = [-log_softmax(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1)]
    return div(total(terms), float(len(terms)))


WRONG = {
    "no_shift": no_shift,
    "shift_wrong_direction": shift_wrong_direction,
    "sum_not_mean": sum_not_mean,
    "mean_over_t": mean_over_t,
    "naive_logsumexp": naive_logsumexp,
    "softmax_then_log": softmax_then_log,
    "global_max_shift": global_max_shift,
    "row_max_from_zero": row_max_from_zero,
    "product_of_probs": product_of_probs,
    "first_token_unchecked": first_token_unchecked,
    "vocab_check_off_by_one": vocab_check_off_by_one,
    "no_length_check": no_length_check,
    "no_min_length_check": no_min_length_check,
}


def confidently_wrong(tokens, gaps, vocab):
    """Rows that put logit gap on a wrong token ((target + 1) % V), 0.5 on the target, -0.5 elsewhere."""
    rows = []
    for t in range(len(tokens)):
        target = tokens[t + 1] if t + 1 < len(tokens) else tokens[0]
        row = [-0.5] * vocab
        row[target] = 0.5
        row[(target + 1) % vocab] = float(gaps[t % len(gaps)])
        rows.append(row)
    return rows


# Sixteen scored positions, each with its target about e^-50 likely: the mean loss is about 50, but
# the product of the 16 probabilities (about e^-790) is 0 in f64.
LONG_TOKENS = [0, 1, 2, 3] * 4 + [0]
LONG_LOGITS = confidently_wrong(LONG_TOKENS, [44, 52, 47, 57], 4)
# Eight scored positions, each about e^-100 likely: product about e^-800.
HIDDEN_LONG_TOKENS = [2, 0, 1, 1, 0, 2, 2, 1, 0]
HIDDEN_LONG_LOGITS = confidently_wrong(HIDDEN_LONG_TOKENS, [100, 98, 103, 99], 3)

# In the order of the TOML file: name, (logits, tokens).
CASES = [
    ("two tokens", ([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], [0, 2])),
    ("short sequence", (
        [[2.0, 0.5, -1.0, 0.0], [0.1, 1.5, 0.3, -0.7], [-0.2, 0.0, 2.2, 1.0], [1.0, 1.0, 1.0, 1.0]],
        [1, 2, 3, 0],
    )),
    ("uniform logits", ([[0.0] * 5] * 3, [4, 1, 3])),
    ("huge logits", ([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 1000.0]], [0, 1, 2])),
    ("rows on different scales", (
        [[400.0, 402.0, 399.0], [-400.0, -401.5, -400.5], [0.0, 0.0, 0.0]],
        [2, 0, 1],
    )),
    ("a long run of confident mistakes", (LONG_LOGITS, LONG_TOKENS)),
    ("a row far below zero", (
        [[-800.0, -801.0, -799.5], [0.5, -0.5, 1.0], [0.0, 0.0, 0.0]],
        [1, 0, 2],
    )),
    ("single token", ([[0.5, 1.0, -0.5]], [2])),
    ("token out of vocabulary", ([[0.0, 1.0, 2.0], [1.0, 0.0, 0.0], [2.0, 2.0, 0.0]], [0, 3, 1])),
    ("first token out of vocabulary", ([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], [5, 0, 1])),
    ("lengths differ", ([[0.0, 1.0, 2.0], [1.0, 0.0, 0.0], [2.0, 2.0, 0.0]], [0, 1])),
    ("more tokens than rows", ([[0.0, 1.0, 2.0], [1.0, 0.0, 0.0]], [0, 1, 2])),
    ("longer sequence", (
        [
            [0.5, -0.3, 1.2, 0.0, -1.1],
            [1.4, 0.2, -0.6, 0.9, 0.3],
            [-0.8, 2.1, 0.4, -0.2, 0.7],
            [0.0, 0.3, -1.5, 1.8, 0.6],
            [1.1, -0.4, 0.8, 0.2, -0.9],
            [0.3, 0.3, 0.3, 0.3, 0.3],
        ],
        [2, 0, 1, 3, 3, 4],
    )),
    ("confident and correct", ([[50.0, 0.0, 0.0], [0.0, 0.0, 50.0], [0.0, 50.0, 0.0]], [1, 0, 2])),
    ("very negative logits", ([[-1000.0, -1000.0, -995.0], [-1002.0, -1000.0, -1001.0]], [2, 1])),
    ("opposite scales", (
        [[-400.0, -399.0, -401.0], [400.0, 398.0, 399.0], [0.5, 0.5, 0.5]],
        [0, 1, 2],
    )),
    ("eight confident mistakes", (HIDDEN_LONG_LOGITS, HIDDEN_LONG_TOKENS)),
    ("empty sequence", ([], [])),
    ("first token equals the vocabulary size", ([[0.0, 1.0, 2.0], [2.0, 0.0, 1.0], [1.0, 1.0, 0.0]], [3, 0, 2])),
    ("fewer tokens than rows", (
        [[1.0, 0.0, 0.5], [0.0, 2.0, 1.0], [0.5, 0.5, 3.0], [1.0, 1.0, 1.0]],
        [1, 2, 0],
    )),
]

# Each case's tolerance as (abs, rel): every case uses the default, (1e-6, 1e-6).
TOLERANCE = {}


def expected(logits, tokens):
    return causal_lm_loss(logits, tokens)


if __name__ == "__main__":
    for name, (logits, tokens) in CASES:
        print(f"{name}: tokens = {tokens}")
        print(f"    expected = {expected(logits, tokens)!r}")
        for wrong_name, f in WRONG.items():
            print(f"    {wrong_name:22} = {f(logits, tokens)!r}")
    print("long run logits:")
    for r in LONG_LOGITS:
        print("   ", r)
    print("eight confident mistakes logits:")
    for r in HIDDEN_LONG_LOGITS:
        print("   ", r)
