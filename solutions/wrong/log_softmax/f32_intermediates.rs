// Computes the log-sum-exp trick in f32: large logits such as 1000.1 lose their fractional digits.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let m = x32.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let lse = x32.iter().map(|&v| (v - m).exp()).sum::<f32>().ln();
    x32.iter().map(|&v| f64::from(v - m - lse)).collect()
}
