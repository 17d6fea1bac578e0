// Rejects N = 0 but not C = 0, so a batch without classes gets a loss of 0.

use ndarray::{Array2, Zip};

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f64 = 1e-15;

/// Mean over the N samples of `−Σ_c y[n, c] · ln(clip(p[n, c], EPS, 1))`.
pub fn categorical_cross_entropy(
    y_true: &Array2<f64>,
    y_pred: &Array2<f64>,
) -> Result<f64, String> {
    if y_true.shape() != y_pred.shape() {
        return Err(format!("y_true has shape {:?} but y_pred has shape {:?}", y_true.shape(), y_pred.shape()));
    }
    let n = y_true.nrows();
    if n == 0 {
        return Err("no samples".to_string());
    }
    let total = Zip::from(y_true)
        .and(y_pred)
        .fold(0.0, |acc, &y, &p| acc - y * p.clamp(EPS, 1.0).ln());
    Ok(total / n as f64)
}
