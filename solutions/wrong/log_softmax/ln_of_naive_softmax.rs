// Takes ln of the naive softmax exp(xᵢ) / Σ exp(xⱼ): exp overflows or underflows, and ln of a vanished probability is -inf.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let exps: Vec<f64> = x.iter().map(|&v| v.exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|&e| (e / sum).ln()).collect()
}
