// Rejects too few predictions (`y_pred.len() < y_true.len()`) but silently ignores extra ones.

const EPS: f64 = 1e-15;

/// Mean binary cross-entropy of predicted probabilities `y_pred` against labels `y_true`.
pub fn bce_loss(y_true: &[f64], y_pred: &[f64]) -> Result<f64, String> {
    let n = y_true.len();
    if n == 0 {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_pred.len() < n {
        return Err(format!("{n} labels but only {} predictions", y_pred.len()));
    }
    let mut total = 0.0;
    for i in 0..n {
        let p = y_pred[i].clamp(EPS, 1.0 - EPS);
        total += -(y_true[i] * p.ln() + (1.0 - y_true[i]) * (1.0 - p).ln());
    }
    Ok(total / n as f64)
}
