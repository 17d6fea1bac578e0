"""The check that the derivations of batch-norm-forward, batch-norm-inference,
embedding-with-positions, layer-norm, lstm-cell and sinusoidal-positional-encoding end with: the
derived inputs, expected values and known mistakes' outputs against what the problem's TOML says, compared as the judge compares
(floats by the case's tolerance, NaN only with NaN, infinities exactly), and the values written
as the TOML files write them. Only the comparison is shared: each script derives its values on
its own, from the formula.
"""

import math
import tomllib

# What a derivation returns for an input the function must reject.
REJECT = "rejects"


def toml_value(v):
    """A value as the TOML files write it (floats by repr, so they read back bit for bit)."""
    if v == REJECT:
        return "rejects = true"
    if isinstance(v, dict) and set(v) == {"shape", "data"}:
        return f"{{ shape = {v['shape']!r}, data = [{', '.join(map(repr, v['data']))}] }}"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return repr(v)


def normalise(v):
    """(shape, flat values) for arrays and vectors, a dict of those for structs, else the value."""
    if isinstance(v, dict) and set(v) == {"shape", "data"}:
        return ("array", tuple(v["shape"]), tuple(float(x) for x in v["data"]))
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        shape, flat = [], []

        def walk(a, depth):
            if isinstance(a, list):
                if len(shape) <= depth:
                    shape.append(len(a))
                for b in a:
                    walk(b, depth + 1)
            else:
                flat.append(float(a))
        walk(v, 0)
        return ("array", tuple(shape), tuple(flat))
    return v


def close(a, b, tol):
    """The judge's comparison: |a - b| <= abs or <= rel * |b|; NaN only NaN; infinities exactly."""
    a, b = normalise(a), normalise(b)
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(
            close(a[k], b[k], tol) for k in a)
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and a[1] == b[1]
                and all(close(x, y, tol) for x, y in zip(a[2], b[2])))
    if isinstance(a, float) or isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if math.isinf(a) or math.isinf(b):
            return a == b
        return abs(a - b) <= tol["abs"] or abs(a - b) <= tol["rel"] * abs(b)
    return a == b


def check_toml(path, cases, solve):
    problem = tomllib.loads(path.read_text())
    default = {"abs": 1e-6, "rel": 1e-6}
    default.update(problem.get("tolerance", {}))
    errors = []
    seen = set()
    for c in problem["cases"]:
        name = c["name"]
        seen.add(name)
        if name not in cases:
            errors.append(f"{name}: not derived here")
            continue
        tol = {"abs": 1e-6, "rel": 1e-6, **c["tolerance"]} if "tolerance" in c else default
        exact = {"abs": 0.0, "rel": 0.0}
        for k, v in cases[name].items():
            if not close(c["inputs"][k], v, exact):
                errors.append(f"{name}: input {k} differs from the derivation's")
        want = solve(cases[name])
        got = REJECT if c.get("rejects") else c["expected"]
        if not close(got, want, exact if want == REJECT else tol):
            errors.append(f"{name}: expected value differs from the derivation's")
        for k, m in enumerate(c.get("mistakes", [])):
            out = REJECT if m.get("rejects") else m["output"]
            wrongs = m.get("wrong", [])
            for w in [wrongs] if isinstance(wrongs, str) else wrongs:
                if not close(solve(cases[name], w), out, tol):
                    errors.append(f"{name}: known mistake {k + 1} names {w}, whose derived output differs")
    for name in cases:
        if name not in seen:
            errors.append(f"{name}: derived here but not in the TOML file")
    print("\nTOML check:", "every value agrees" if not errors else f"{len(errors)} problem(s)")
    for e in errors:
        print("  ", e)
