// Computes p = σ(z) first and then the probability-space BCE, without clipping: σ(40) is already exactly 1.0.

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
        .map(|(&z, &y)| {
            let p = 1.0 / (1.0 + (-z).exp());
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    Ok(total / logits.len() as f64)
}
