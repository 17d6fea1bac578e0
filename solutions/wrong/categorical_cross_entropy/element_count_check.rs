// Compares only the element counts, not the shapes, and pairs the elements in row-major order.

use ndarray::Array2;

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f64 = 1e-15;

/// Mean over the N samples of `−Σ_c y[n, c] · ln(clip(p[n, c], EPS, 1))`.
pub fn categorical_cross_entropy(
    y_true: &Array2<f64>,
    y_pred: &Array2<f64>,
) -> Result<f64, String> {
    if y_true.len() != y_pred.len() {
        return Err(format!("{} targets but {} predictions", y_true.len(), y_pred.len()));
    }
    if y_true.is_empty() {
        return Err("empty batch".to_string());
    }
    let total: f64 = y_true
        .iter()
        .zip(y_pred.iter())
        .map(|(&y, &p)| -y * p.clamp(EPS, 1.0).ln())
        .sum();
    Ok(total / y_true.nrows() as f64)
}
