// Computes in f32: 1 - 1e-15 rounds to 1.0, so the upper clip does nothing, and p near 1 loses digits.

const EPS: f32 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_true.len() != y_pred.len() {
        return Err(format!("{} labels but {} predictions", y_true.len(), y_pred.len()));
    }
    let total: f32 = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &p)| {
            let (y, p) = (y as f32, (p as f32).clamp(EPS, 1.0 - EPS));
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    Ok(f64::from(total / y_true.len() as f32))
}
