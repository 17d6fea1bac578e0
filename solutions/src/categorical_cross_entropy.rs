//! Mean categorical cross-entropy of predicted class probabilities against (one-hot) targets.

use ndarray::{Array2, Zip};

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f64 = 1e-15;

/// Mean over the N samples of `−Σ_c y[n, c] · ln(clip(p[n, c], EPS, 1))`.
///
/// `y_true` and `y_pred` are (N, C). Returns `Err` when their shapes differ or when there are no
/// samples (N = 0) or no classes (C = 0).
pub fn categorical_cross_entropy(
    y_true: &Array2<f64>,
    y_pred: &Array2<f64>,
) -> Result<f64, String> {
    if y_true.shape() != y_pred.shape() {
        return Err(format!(
            "y_true has shape {:?} but y_pred has shape {:?}",
            y_true.shape(),
            y_pred.shape()
        ));
    }
    let (n, c) = y_true.dim();
    if n == 0 || c == 0 {
        return Err(format!(
            "cannot average a loss over a ({n}, {c}) batch: need at least one sample and one class"
        ));
    }
    // Zip walks both arrays in the same logical order whatever their memory layout.
    let total = Zip::from(y_true)
        .and(y_pred)
        .fold(0.0, |acc, &y, &p| acc - y * p.clamp(EPS, 1.0).ln());
    // The mean is over samples only: each row's sum over classes is one sample's loss.
    Ok(total / n as f64)
}
