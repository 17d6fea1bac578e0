"""Expected values for problems/causal-lm-loss.toml, computed with Python's math module only.

The prediction at position t (row t of the logits) is scored against the NEXT token, tokens[t + 1]:

    loss = (1 / (T - 1)) * sum_{t=0}^{T-2} -log_softmax(logits[t])[tokens[t + 1]]

log_softmax is computed stably as x_k - (m + ln sum_j exp(x_j - m)) with m = max_j x_j.
The known mistakes are computed the way a wrong Rust solution would, with IEEE semantics
(exp overflows to inf, ln(0) = -inf, inf / inf = NaN).

Run: python3 problems/derivations/causal_lm_loss.py
"""
import math


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


def log_softmax(row, k):
    """Stable: subtract the row maximum before exponentiating."""
    m = max(row)
    return row[k] - (m + ln(sum(exp(x - m) for x in row)))


def log_softmax_naive_lse(row, k):
    """Mistake: ln(sum(exp(x))) without the max shift; exp(1000) overflows to inf."""
    return row[k] - ln(sum(exp(x) for x in row))


def log_softmax_naive_softmax(row, k):
    """Mistake: softmax first (exp / sum exp, no shift), then ln; inf / inf is NaN."""
    num = exp(row[k])
    den = sum(exp(x) for x in row)
    return ln(div(num, den))


def div(a, b):
    """IEEE division: inf / inf and 0 / 0 are NaN, x / inf is 0, x / 0 is inf."""
    if (math.isinf(a) and math.isinf(b)) or (a == 0 and b == 0):
        return math.nan
    if b == 0:
        return math.inf
    return a / b


def loss(logits, tokens, ls=log_softmax):
    terms = [-ls(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1)]
    return sum(terms) / len(terms)


def loss_sum(logits, tokens):
    return sum(-log_softmax(logits[t], tokens[t + 1]) for t in range(len(tokens) - 1))


def loss_no_shift(logits, tokens):
    """Mistake: row t scored against tokens[t] (its own input), averaged over all T positions."""
    return sum(-log_softmax(logits[t], tokens[t]) for t in range(len(tokens))) / len(tokens)


CASES = {
    "two tokens": ([[1, 2, 3], [0, 0, 0]], [0, 2]),
    "short sequence": (
        [[2.0, 0.5, -1.0, 0.0], [0.1, 1.5, 0.3, -0.7], [-0.2, 0.0, 2.2, 1.0], [1.0, 1.0, 1.0, 1.0]],
        [1, 2, 3, 0],
    ),
    "uniform logits": ([[0, 0, 0, 0, 0]] * 3, [4, 1, 3]),
    "huge logits": ([[1000, -1000, 0], [-1000, 1000, 0], [0, 0, 1000]], [0, 1, 2]),
    "longer sequence": (
        [
            [0.5, -0.3, 1.2, 0.0, -1.1],
            [1.4, 0.2, -0.6, 0.9, 0.3],
            [-0.8, 2.1, 0.4, -0.2, 0.7],
            [0.0, 0.3, -1.5, 1.8, 0.6],
            [1.1, -0.4, 0.8, 0.2, -0.9],
            [0.3, 0.3, 0.3, 0.3, 0.3],
        ],
        [2, 0, 1, 3, 3, 4],
    ),
    "confident and correct": ([[50, 0, 0], [0, 0, 50], [0, 50, 0]], [1, 0, 2]),
    "very negative logits": ([[-1000, -1000, -995], [-1002, -1000, -1001]], [2, 1]),
}

if __name__ == "__main__":
    for name, (logits, tokens) in CASES.items():
        print(name)
        print(f"  loss      = {loss(logits, tokens)!r}")
        print(f"  sum       = {loss_sum(logits, tokens)!r}")
        print(f"  no shift  = {loss_no_shift(logits, tokens)!r}")
        print(f"  naive lse = {loss(logits, tokens, log_softmax_naive_lse)!r}")
        print(f"  naive sm  = {loss(logits, tokens, log_softmax_naive_softmax)!r}")
