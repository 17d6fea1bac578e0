// Computes in f32: a probability such as 0.9999999 rounds to 0.99999988, so a tiny loss is far off.

use ndarray::{Array2, Zip};

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f32 = 1e-15;

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
    let total = Zip::from(y_true).and(y_pred).fold(0.0f32, |acc, &y, &p| {
        acc - (y as f32) * (p as f32).clamp(EPS, 1.0).ln()
    });
    Ok(f64::from(total / n as f32))
}
