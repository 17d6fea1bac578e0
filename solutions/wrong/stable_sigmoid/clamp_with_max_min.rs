// Clamps x to [-700, 700] with max/min before a stable sigmoid: f64::max(NaN, -700) is -700, so NaN turns into a number.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    let v = v.max(-700.0).min(700.0);
    if v >= 0.0 {
        1.0 / (1.0 + (-v).exp())
    } else {
        let e = v.exp();
        e / (1.0 + e)
    }
}
