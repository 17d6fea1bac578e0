//! Binary cross-entropy computed directly from logits, stable for any logit magnitude.

/// Mean over samples of `max(z, 0) − z·y + ln(1 + exp(−|z|))`, as PyTorch's `BCEWithLogitsLoss`.
///
/// Returns `Err` when the inputs are empty or differ in length.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    if logits.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if logits.len() != targets.len() {
        return Err(format!(
            "{} logits but {} targets",
            logits.len(),
            targets.len()
        ));
    }
    let total: f64 = logits
        .iter()
        .zip(targets)
        // −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] rewritten so that exp only ever sees −|z| <= 0:
        // nothing overflows, and ln_1p stays accurate when exp(−|z|) is tiny.
        .map(|(&z, &y)| z.max(0.0) - z * y + (-z.abs()).exp().ln_1p())
        .sum();
    Ok(total / logits.len() as f64)
}
