// Clips x to [-500, 500] first (as np.clip(x, -500, 500) is often used against overflow), which changes σ for x < -500.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    let v = v.clamp(-500.0, 500.0);
    if v >= 0.0 {
        1.0 / (1.0 + (-v).exp())
    } else {
        let e = v.exp();
        e / (1.0 + e)
    }
}
