// Starts the maximum's fold at 0.0 instead of -inf, so for all-negative logits the shift is 0 and the sum underflows.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(0.0, f64::max);
    let lse = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - m - lse).collect()
}
