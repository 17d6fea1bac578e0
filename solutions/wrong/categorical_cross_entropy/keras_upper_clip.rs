// Clips the predictions to Keras' [1e-15, 1 - 1e-7] instead of [1e-15, 1]: a correct class predicted with probability 1 still costs about 1e-7.

use ndarray::{Array2, Zip};

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f64 = 1e-15;
/// The top of the clip, taken from Keras (1 - its epsilon 1e-7).
const KERAS_TOP: f64 = 1.0 - 1e-7;

/// Mean over the N samples of `−Σ_c y[n, c] · ln(clip(p[n, c], EPS, 1))`.
pub fn categorical_cross_entropy(
    y_true: &Array2<f64>,
    y_pred: &Array2<f64>,
) -> Result<f64, String> {
    if y_true.shape() != y_pred.shape() {
        return Err(format!("y_true has shape {:?} but y_pred has shape {:?}", y_true.shape(), y_pred.shape()));
    }
    let (n, c) = y_true.dim();
    if n == 0 || c == 0 {
        return Err(format!("cannot average a loss over a ({n}, {c}) batch"));
    }
    let total = Zip::from(y_true)
        .and(y_pred)
        .fold(0.0, |acc, &y, &p| acc - y * p.clamp(EPS, KERAS_TOP).ln());
    Ok(total / n as f64)
}
