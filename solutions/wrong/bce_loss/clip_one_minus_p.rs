// Clips ln's arguments, p and 1 - p, to at least 1e-15 instead of clipping p to [1e-15, 1 - 1e-15].

const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_true.len() != y_pred.len() {
        return Err(format!("{} labels but {} predictions", y_true.len(), y_pred.len()));
    }
    let total: f64 = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &p)| -(y * p.max(EPS).ln() + (1.0 - y) * (1.0 - p).max(EPS).ln()))
        .sum();
    Ok(total / y_true.len() as f64)
}
