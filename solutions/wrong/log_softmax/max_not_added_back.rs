// Shifts by the maximum inside the log-sum-exp but forgets to subtract it outside: returns xᵢ − ln Σ exp(xⱼ − m).

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - lse).collect()
}
