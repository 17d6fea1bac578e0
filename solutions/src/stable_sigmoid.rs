//! Element-wise logistic sigmoid that never exponentiates a large positive number.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
///
/// Uses `1 / (1 + e^−x)` for x >= 0 and the equal `e^x / (1 + e^x)` for x < 0, so the exponent is
/// never positive: no `∞ / ∞`. σ(+∞) = 1, σ(−∞) = 0 and σ(NaN) = NaN.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

/// The sigmoid of one number. NaN fails `v >= 0.0` and takes the second branch, where it stays NaN.
fn sigmoid(v: f64) -> f64 {
    if v >= 0.0 {
        1.0 / (1.0 + (-v).exp())
    } else {
        let e = v.exp();
        e / (1.0 + e)
    }
}
