// Computes xᵢ − ln Σ exp(xⱼ) without the maximum shift, so the sum overflows or underflows.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let lse = x.iter().map(|&v| v.exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - lse).collect()
}
