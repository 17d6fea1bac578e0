// Returns exactly 0 below x = -40 and exactly 1 above x = 40 instead of computing the tiny tail.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    if v > 40.0 {
        1.0
    } else if v < -40.0 {
        0.0
    } else {
        1.0 / (1.0 + (-v).exp())
    }
}
