//! Binary cross-entropy loss over probabilities, with predictions clipped away from 0 and 1.

/// Keeps `ln` finite: predictions are clipped to `[EPS, 1 - EPS]`.
const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
///
/// Returns `Err` when the inputs are empty or differ in length.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_true.len() != y_pred.len() {
        return Err(format!(
            "y_true has {} labels but y_pred has {} predictions",
            y_true.len(),
            y_pred.len()
        ));
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
