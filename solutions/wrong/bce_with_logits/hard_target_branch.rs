// Branches on the target (`if y == 1.0 { softplus(-z) } else { softplus(z) }`), which treats a soft target as 0.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if logits.len() != targets.len() {
        return Err(format!("{} logits but {} targets", logits.len(), targets.len()));
    }
    // softplus(t) = ln(1 + e^t), computed stably.
    let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
    let total: f64 = logits
        .iter()
        .zip(targets)
        .map(|(&z, &y)| if y == 1.0 { softplus(-z) } else { softplus(z) })
        .sum();
    Ok(total / logits.len() as f64)
}
