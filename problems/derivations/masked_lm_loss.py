"""Expected values for problems/masked-lm-loss.toml, computed with Python's math module only.

Only masked positions are scored; unmasked targets are ignored entirely:

    loss = (1 / M) * sum_{t : mask[t]} -log_softmax(logits[t])[targets[t]],   M = #masked positions

log_softmax is computed stably as x_k - (m + ln sum_j exp(x_j - m)) with m = max_j x_j.

Run: python3 problems/derivations/masked_lm_loss.py
"""
import math


def exp(x):
    """exp with IEEE overflow to inf (Python's math.exp raises instead)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def ln(x):
    """ln with IEEE semantics: ln(0) = -inf, ln(inf) = inf."""
    return -math.inf if x == 0 else math.log(x)


def ce(row, k):
    """Cross-entropy -log_softmax(row)[k], stable."""
    m = max(row)
    return -(row[k] - (m + ln(sum(exp(x - m) for x in row))))


def ce_naive(row, k):
    """Mistake: no max shift, so exp(1000) overflows to inf."""
    return -(row[k] - ln(sum(exp(x) for x in row)))


def masked_terms(logits, targets, mask, f=ce):
    return [f(logits[t], targets[t]) for t in range(len(mask)) if mask[t]]


def loss(logits, targets, mask, f=ce):
    terms = masked_terms(logits, targets, mask, f)
    return sum(terms) / len(terms)


def loss_div_t(logits, targets, mask):
    """Mistake: the masked sum divided by T instead of the number of masked positions."""
    return sum(masked_terms(logits, targets, mask)) / len(mask)


def loss_all(logits, targets, mask):
    """Mistake: the mask ignored, every position scored and averaged."""
    return sum(ce(logits[t], targets[t]) for t in range(len(mask))) / len(mask)


def loss_sum(logits, targets, mask):
    return sum(masked_terms(logits, targets, mask))


CASES = {
    "one masked position": ([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0], [0.0, 0.0, 3.0]], [0, 2, 2], [False, True, False]),
    "two of four masked": (
        [[1.0, 2.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0], [3.0, -2.0, 0.5, 1.0], [0.2, 0.4, 0.6, 0.8]],
        [1, 3, 0, 2],
        [True, False, True, False],
    ),
    "every position masked": ([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]], [0, 0, 1], [True, True, True]),
    "unmasked targets ignored": ([[0.0, 1.0, 2.0], [1.0, 1.0, 0.0], [4.0, 0.0, 0.0]], [999, 2, 0], [False, True, True]),
    "huge logits": ([[1000.0, -1000.0, 0.0], [0.0, 1000.0, -1000.0], [-1000.0, 0.0, 1000.0]], [1, 0, 0], [True, False, True]),
    "longer sequence": (
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
    ),
    "single position": ([[0.3, -0.2, 0.9, 0.1]], [3], [True]),
}

if __name__ == "__main__":
    for name, (logits, targets, mask) in CASES.items():
        print(name)
        print(f"  loss        = {loss(logits, targets, mask)!r}")
        print(f"  sum / T     = {loss_div_t(logits, targets, mask)!r}")
        print(f"  masked sum  = {loss_sum(logits, targets, mask)!r}")
        print(f"  naive       = {loss(logits, targets, mask, ce_naive)!r}")
        if all(t < len(logits[0]) for t in targets):
            print(f"  all positions = {loss_all(logits, targets, mask)!r}")
