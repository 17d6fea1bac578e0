"""Expected values for problems/categorical-cross-entropy.toml, computed with Python's math module only.

Each known mistake is the same loss with one step done wrongly, as in the wrong solutions of
solutions/wrong/categorical_cross_entropy/.

Run: python3 problems/derivations/categorical_cross_entropy.py
"""
import math
import struct

EPS = 1e-15
NAN = math.nan
INF = math.inf


def ln(x):
    """Natural log with IEEE semantics at 0 (Python's math.log raises there)."""
    return math.log(x) if x > 0 else -INF


def mul(a, b):
    """IEEE product as in Rust: 0 * -inf is NaN (Python raises nothing but agrees; kept explicit)."""
    if (a == 0 and math.isinf(b)) or (b == 0 and math.isinf(a)):
        return NAN
    return a * b


def clip(p):
    """The statement's clip to [EPS, 1]."""
    return min(max(p, EPS), 1.0)


def total(y, p, clip_fn=clip):
    """Sum over samples and classes of -y * ln(clip_fn(p)), pairing rows and columns with zip."""
    s = 0.0
    for yrow, prow in zip(y, p):
        for yc, pc in zip(yrow, prow):
            s += -mul(yc, ln(clip_fn(pc)))
    return s


def div(a, b):
    return a / b if b else NAN


def cce(y, p):
    return div(total(y, p), len(y))


# ---- The known mistakes (solutions/wrong/categorical_cross_entropy/<name>.rs) ------------------

def divide_by_nc(y, p):
    return total(y, p) / (len(y) * len(y[0]))


def sum_not_mean(y, p):
    return total(y, p)


def no_clip(y, p):
    return total(y, p, clip_fn=lambda v: v) / len(y)


def lower_clip_only(y, p):
    """p.max(EPS): a prediction above 1 keeps its (negative) logarithm."""
    return total(y, p, clip_fn=lambda v: max(v, EPS)) / len(y)


def keras_upper_clip(y, p):
    """p.clamp(EPS, 1 - 1e-7): Keras' top of the clip, so p = 1 costs -ln(1 - 1e-7) ~ 1e-7."""
    return total(y, p, clip_fn=lambda v: min(max(v, EPS), 1.0 - 1e-7)) / len(y)


def renormalise_predictions(y, p):
    """Keras-style: each row of p divided by its sum, then the statement's clip."""
    q = [[v / sum(row) for v in row] for row in p]
    return total(y, q) / len(y)


def argmax_targets(y, p):
    """Each target row replaced by its first largest entry's class: -ln p[n, argmax y[n]]."""
    s = 0.0
    for yrow, prow in zip(y, p):
        best = max(range(len(yrow)), key=lambda j: (yrow[j], -j))
        s += -ln(clip(prow[best]))
    return s / len(y)


def flat_pairs(y, p):
    """element_count_check: both arrays flattened in row-major order and zipped; divided by N."""
    fy = [v for row in y for v in row]
    fp = [v for row in p for v in row]
    s = 0.0
    for a, b in zip(fy, fp):
        s += -mul(a, ln(clip(b)))
    return s / len(y)


def zipped_rows(y, p):
    """rows_only_check / columns_only_check: rows zipped, then classes zipped; divided by y's N."""
    return total(y, p) / len(y)


def f32(x):
    """Round a float to the nearest f32 (inf and NaN stay as they are)."""
    if math.isinf(x) or math.isnan(x):
        return x
    return struct.unpack("f", struct.pack("f", x))[0]


def f32_intermediates(y, p):
    """Every value and operation rounded to f32 (the clip's 1e-15 too)."""
    eps = f32(EPS)
    s = 0.0
    for yrow, prow in zip(y, p):
        for yc, pc in zip(yrow, prow):
            s = f32(s - f32(mul(f32(yc), f32(ln(min(max(f32(pc), eps), 1.0))))))
    return f32(s / f32(len(y)))


MISTAKES = [f32_intermediates, divide_by_nc, sum_not_mean, no_clip, lower_clip_only, renormalise_predictions,
            argmax_targets, keras_upper_clip]

CASES = {
    # visible
    "two samples": (
        [[1, 0, 0], [0, 1, 0]],
        [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]],
    ),
    "perfect predictions": (
        [[0, 1], [1, 0]],
        [[0.0, 1.0], [1.0, 0.0]],
    ),
    "confident and wrong": (
        [[1, 0]],
        [[0.0, 1.0]],
    ),
    "uniform guess": (
        [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
        [[0.25] * 4, [0.25] * 4, [0.25] * 4],
    ),
    "soft labels": (
        [[0.2, 0.7, 0.1], [0.6, 0.0, 0.3]],
        [[0.25, 0.6, 0.15], [0.5, 0.2, 0.3]],
    ),
    "rows not normalised": (
        [[1, 0, 0], [0, 0, 1]],
        [[0.5, 0.2, 0.1], [0.3, 0.3, 0.2]],
    ),
    "prediction above 1": (
        [[1, 0], [0, 1]],
        [[1.25, 0.1], [0.4, 0.5]],
    ),
    "nearly perfect": (
        [[1, 0], [0, 1]],
        [[0.9999996, 4e-7], [2e-7, 0.9999998]],
    ),
    "single sample, single class": (
        [[1]],
        [[1.0]],
    ),
    # hidden
    "more soft labels": (
        [[0.1, 0.9], [0.5, 0.5], [0.8, 0.2]],
        [[0.3, 0.7], [0.6, 0.4], [0.9, 0.1]],
    ),
    "larger batch": (
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]],
        [
            [0.6, 0.2, 0.1, 0.1],
            [0.05, 0.9, 0.03, 0.02],
            [0.3, 0.3, 0.3, 0.1],
            [0.25, 0.25, 0.25, 0.25],
            [0.01, 0.49, 0.25, 0.25],
        ],
    ),
    "below epsilon": (
        [[0, 1, 0], [1, 0, 0]],
        [[0.5, 1e-20, 0.5], [1e-3, 0.999, 0.0]],
    ),
    "nearly perfect, three classes": (
        [[0, 1, 0], [0, 0, 1]],
        [[4e-7, 0.9999991, 5e-7], [1e-6, 1e-6, 0.999998]],
    ),
    "unnormalised, soft, above 1": (
        [[0.5, 0.25, 0.0], [0.0, 0.4, 0.4]],
        [[0.9, 0.6, 0.3], [0.1, 1.5, 0.2]],
    ),
}

# Shapes that differ: the expected answer is a rejection; each mistake computes what its pairing gives.
SHAPES_DIFFER = {
    "shapes differ": ([[1, 0, 0], [0, 1, 0]], [[0.5, 0.5], [0.5, 0.5]]),
    "row counts differ": ([[1, 0], [0, 1]], [[0.8, 0.2], [0.3, 0.7], [0.5, 0.5]]),
    "transposed predictions": ([[1, 0, 0], [0, 1, 0]], [[0.7, 0.2], [0.1, 0.1], [0.8, 0.1]]),
    "transposed targets": ([[0, 1], [1, 0], [0, 1]], [[0.4, 0.6, 0.3], [0.2, 0.5, 0.5]]),
    "more target rows": ([[1, 0], [0, 1], [1, 0]], [[0.6, 0.4], [0.1, 0.9]]),
    "more predicted classes": ([[0, 1], [1, 0]], [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]),
}

for name, (y, p) in CASES.items():
    print(f"{name}: mean = {cce(y, p)!r}")
    for f in MISTAKES:
        print(f"    {f.__name__} = {f(y, p)!r}")

for name, (y, p) in SHAPES_DIFFER.items():
    shape_y, shape_p = (len(y), len(y[0])), (len(p), len(p[0]))
    line = f"{name}: {shape_y} vs {shape_p}, rejected"
    if shape_y[0] * shape_y[1] == shape_p[0] * shape_p[1]:
        line += f"; element_count_check = {flat_pairs(y, p)!r}"
    if shape_y[0] == shape_p[0]:
        line += f"; rows_only_check = {zipped_rows(y, p)!r}"
    if shape_y[1] == shape_p[1]:
        line += f"; columns_only_check = {zipped_rows(y, p)!r}"
    print(line)

print("empty batch (0, 3) and (0, 2): rejected; no_empty_batch_check = 0 / 0 = nan")
print("zero classes (2, 0) and (1, 0): rejected; no_zero_class_check = 0 / N = 0.0")
