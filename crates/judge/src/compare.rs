//! Comparison of what a function gave with what a case expects: integers, booleans and strings
//! exactly; floats within an absolute OR a relative tolerance (testlib's doubleCompare rule); NaN
//! only with NaN and an infinity only with the same infinity; shapes before values; structs field by
//! field; a rejection only with a rejection. A difference comes back as a one-line summary a learner
//! can act on ("3 of 12 elements differ, largest error 0.5 at [1, 2]").

use pixelbank_spec::{Expected, NdArray, Outcome, Tolerance, Value};

/// Whether `actual` is within tolerance of `expected`.
pub fn floats_match(expected: f64, actual: f64, tol: Tolerance) -> bool {
    if expected.is_nan() || actual.is_nan() {
        return expected.is_nan() && actual.is_nan();
    }
    if expected.is_infinite() || actual.is_infinite() {
        return expected == actual;
    }
    let err = (actual - expected).abs();
    err <= tol.abs || err <= tol.rel * expected.abs()
}

/// Compares an outcome with an expectation; `None` when they match, else a summary of the difference.
pub fn compare(expected: &Expected, actual: &Outcome, tol: Tolerance) -> Option<String> {
    match (expected, actual) {
        (Expected::Rejection, Outcome::Rejected(_)) => None,
        (Expected::Rejection, Outcome::Returned(_)) => Some(
            "expected the input to be rejected (an `Err` or `None`), but a value was returned"
                .to_string(),
        ),
        (Expected::Value(_), Outcome::Rejected(msg)) => Some(match msg {
            Some(msg) => format!("expected a value, but the input was rejected: {msg:?}"),
            None => "expected a value, but the input was rejected (`None`)".to_string(),
        }),
        // A lone number is already shown as expected and got; say only how far off it is.
        (Expected::Value(Value::Float(x)), Outcome::Returned(Value::Float(y)))
            if x.is_finite() && y.is_finite() =>
        {
            (!floats_match(*x, *y, tol))
                .then(|| format!("off by {}; {}", magnitude((y - x).abs()), allowed(tol)))
        }
        (Expected::Value(e), Outcome::Returned(a)) => diff(e, a, tol),
    }
}

/// Whether `actual` matches `expected` within `tol`.
pub fn matches(expected: &Expected, actual: &Outcome, tol: Tolerance) -> bool {
    compare(expected, actual, tol).is_none()
}

fn diff(e: &Value, a: &Value, tol: Tolerance) -> Option<String> {
    match (e, a) {
        (Value::Float(x), Value::Float(y)) => (!floats_match(*x, *y, tol)).then(|| {
            if x.is_finite() && y.is_finite() {
                format!(
                    "expected {e}, got {a} (off by {})",
                    magnitude((y - x).abs())
                )
            } else {
                format!("expected {e}, got {a}")
            }
        }),
        (Value::Bool(_), Value::Bool(_))
        | (Value::Int(_), Value::Int(_))
        | (Value::Str(_), Value::Str(_)) => (e != a).then(|| format!("expected {e}, got {a}")),
        (Value::List(xs), Value::List(ys)) => {
            if xs.len() != ys.len() {
                return Some(format!(
                    "length differs: expected {} elements, got {}",
                    xs.len(),
                    ys.len()
                ));
            }
            elementwise(xs, ys, tol, |i| vec![i])
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.shape != y.shape {
                return Some(format!(
                    "shape differs: expected {:?}, got {:?}",
                    x.shape, y.shape
                ));
            }
            elementwise(&x.data, &y.data, tol, |i| NdArray::index_of(x, i))
        }
        (Value::Struct(xs), Value::Struct(ys)) => {
            let parts: Vec<String> = xs
                .iter()
                .filter_map(|(name, x)| {
                    let y = ys.iter().find(|(n, _)| n == name).map(|(_, v)| v);
                    match y {
                        Some(y) => diff(x, y, tol).map(|d| format!("`{name}`: {d}")),
                        None => Some(format!("`{name}` is missing")),
                    }
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        (Value::Option(x), Value::Option(y)) => match (x, y) {
            (None, None) => None,
            (Some(x), Some(y)) => diff(x, y, tol),
            _ => Some(format!("expected {e}, got {a}")),
        },
        _ => Some(format!("expected {e}, got {a}")),
    }
}

/// Summarises differences between two equally long sequences of values.
fn elementwise(
    xs: &[Value],
    ys: &[Value],
    tol: Tolerance,
    index: impl Fn(usize) -> Vec<usize>,
) -> Option<String> {
    let differing: Vec<usize> = (0..xs.len())
        .filter(|&i| diff(&xs[i], &ys[i], tol).is_some())
        .collect();
    let &first = differing.first()?;
    let fmt_index = |i: usize| {
        let idx = index(i);
        format!(
            "[{}]",
            idx.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let count = format!("{} of {} elements differ", differing.len(), xs.len());
    let finite_errors = differing.iter().filter_map(|&i| match (&xs[i], &ys[i]) {
        (Value::Float(x), Value::Float(y)) if x.is_finite() && y.is_finite() => {
            Some((i, (y - x).abs()))
        }
        _ => None,
    });
    match finite_errors.max_by(|a, b| a.1.total_cmp(&b.1)) {
        Some((worst, err)) if differing.len() > 1 || xs.len() > 1 => Some(format!(
            "{count}, largest error {} at {} (expected {}, got {})",
            magnitude(err),
            fmt_index(worst),
            xs[worst],
            ys[worst]
        )),
        _ => {
            let detail = diff(&xs[first], &ys[first], tol).unwrap_or_default();
            if xs.len() == 1 {
                Some(format!("at {}: {detail}", fmt_index(first)))
            } else {
                Some(format!("{count}, first at {}: {detail}", fmt_index(first)))
            }
        }
    }
}

/// The tolerance in words, leaving out a part that is zero.
fn allowed(tol: Tolerance) -> String {
    match (tol.abs > 0.0, tol.rel > 0.0) {
        (true, true) => format!(
            "allowed: {} absolute or {} × |expected|",
            magnitude(tol.abs),
            magnitude(tol.rel)
        ),
        (true, false) => format!("allowed: {}", magnitude(tol.abs)),
        (false, true) => format!("allowed: {} × |expected|", magnitude(tol.rel)),
        (false, false) => "it must be exact".to_string(),
    }
}

/// An error or tolerance for display: 4 significant digits, plain unless very small or large.
fn magnitude(x: f64) -> String {
    let x = round_sig(x);
    if x == 0.0 || (1e-3..1e6).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Rounds to 4 significant digits for display.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 4 - x.abs().log10().ceil() as i32;
    let factor = 10f64.powi(digits);
    (x * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: Tolerance = Tolerance {
        abs: 1e-6,
        rel: 1e-6,
    };

    fn floats(xs: &[f64]) -> Value {
        Value::List(xs.iter().copied().map(Value::Float).collect())
    }

    #[test]
    fn floats_match_within_absolute_or_relative_tolerance() {
        assert!(floats_match(1.0, 1.0 + 5e-7, TOL));
        assert!(
            floats_match(1e12, 1e12 + 1e5, TOL),
            "relative tolerance applies"
        );
        assert!(!floats_match(1.0, 1.01, TOL));
        assert!(floats_match(f64::NAN, f64::NAN, TOL));
        assert!(!floats_match(0.0, f64::NAN, TOL));
        assert!(floats_match(f64::INFINITY, f64::INFINITY, TOL));
        assert!(!floats_match(f64::INFINITY, f64::NEG_INFINITY, TOL));
        assert!(!floats_match(f64::INFINITY, 1e308, TOL));
    }

    #[test]
    fn array_differences_are_summarised_with_the_worst_element() {
        let e = Value::Array(NdArray {
            shape: vec![2, 2],
            data: [1.0, 2.0, 3.0, 4.0].map(Value::Float).to_vec(),
        });
        let a = Value::Array(NdArray {
            shape: vec![2, 2],
            data: [1.0, 2.1, 3.0, 4.5].map(Value::Float).to_vec(),
        });
        let summary = diff(&e, &a, TOL).expect("they differ");
        assert_eq!(
            summary,
            "2 of 4 elements differ, largest error 0.5 at [1, 1] (expected 4.0, got 4.5)"
        );
    }

    #[test]
    fn shapes_are_compared_before_values() {
        let e = Value::Array(NdArray {
            shape: vec![1, 2],
            data: vec![Value::Float(0.0); 2],
        });
        let a = Value::Array(NdArray {
            shape: vec![2, 1],
            data: vec![Value::Float(0.0); 2],
        });
        assert_eq!(
            diff(&e, &a, TOL).as_deref(),
            Some("shape differs: expected [1, 2], got [2, 1]")
        );
    }

    #[test]
    fn rejections_match_only_rejections() {
        let v = Expected::Value(floats(&[1.0]));
        assert!(compare(&Expected::Rejection, &Outcome::Rejected(None), TOL).is_none());
        assert!(
            compare(
                &Expected::Rejection,
                &Outcome::Returned(floats(&[1.0])),
                TOL
            )
            .is_some()
        );
        assert!(compare(&v, &Outcome::Rejected(Some("no".into())), TOL).is_some());
    }

    #[test]
    fn structs_are_compared_field_by_field() {
        let e = Value::Struct(vec![
            ("mean".into(), Value::Float(0.25)),
            ("var".into(), floats(&[1.0666667])),
        ]);
        let a = Value::Struct(vec![
            ("mean".into(), Value::Float(0.25)),
            ("var".into(), floats(&[1.025])),
        ]);
        let summary = diff(&e, &a, TOL).expect("they differ");
        assert!(
            summary.starts_with("`var`: at [0]: expected 1.0666667, got 1.025"),
            "{summary}"
        );
    }
}
