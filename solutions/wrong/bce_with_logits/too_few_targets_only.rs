// Rejects too few targets (`targets.len() < logits.len()`) but silently ignores extra ones.

/// Mean binary cross-entropy of logits against targets.
pub fn bce_with_logits(logits: &[f64], targets: &[f64]) -> Result<f64, String> {
    let n = logits.len();
    if n == 0 {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if targets.len() < n {
        return Err(format!("{n} logits but only {} targets", targets.len()));
    }
    let mut total = 0.0;
    for i in 0..n {
        let (z, y) = (logits[i], targets[i]);
        total += z.max(0.0) - z * y + (-z.abs()).exp().ln_1p();
    }
    Ok(total / n as f64)
}
