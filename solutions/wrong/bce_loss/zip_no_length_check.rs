// Never compares the lengths: `zip` stops at the shorter slice and the mean is over the pairs it made.

const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    let losses: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &p)| {
            let p = p.clamp(EPS, 1.0 - EPS);
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .collect();
    Ok(losses.iter().sum::<f64>() / losses.len() as f64)
}
