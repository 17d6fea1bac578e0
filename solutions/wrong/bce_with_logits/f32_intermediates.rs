// Computes the stable formula in f32 instead of f64, so tiny losses keep only about 7 digits.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if logits.len() != targets.len() {
        return Err(format!("{} logits but {} targets", logits.len(), targets.len()));
    }
    let total: f32 = logits
        .iter()
        .zip(targets)
        .map(|(&z, &y)| {
            let (z, y) = (z as f32, y as f32);
            z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
        })
        .sum();
    Ok(f64::from(total / logits.len() as f32))
}
