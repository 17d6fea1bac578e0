// Clips and averages in f64 but takes the two logarithms in f32 (`f32::ln`, as a float32 tensor would), so each log is good to only about seven digits.

const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_true.len() != y_pred.len() {
        return Err(format!("{} labels but {} predictions", y_true.len(), y_pred.len()));
    }
    let mut total = 0.0_f64;
    for (&y, &p) in y_true.iter().zip(y_pred) {
        let p = p.clamp(EPS, 1.0 - EPS);
        let log_p = f64::from((p as f32).ln());
        let log_q = f64::from(((1.0 - p) as f32).ln());
        total += -(y * log_p + (1.0 - y) * log_q);
    }
    Ok(total / y_true.len() as f64)
}
