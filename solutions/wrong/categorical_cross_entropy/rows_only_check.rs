// Compares only the numbers of rows; `zip` over each row's classes then stops at the shorter row.

use ndarray::Array2;

/// Keeps `ln` finite: probabilities are clipped to `[EPS, 1]`.
const EPS: f64 = 1e-15;

/// Mean over the N samples of `−Σ_c y[n, c] · ln(clip(p[n, c], EPS, 1))`.
pub fn categorical_cross_entropy(
    y_true: &Array2<f64>,
    y_pred: &Array2<f64>,
) -> Result<f64, String> {
    let (n, c) = y_true.dim();
    if n != y_pred.nrows() {
        return Err(format!("{n} target rows but {} prediction rows", y_pred.nrows()));
    }
    if n == 0 || c == 0 {
        return Err(format!("cannot average a loss over a ({n}, {c}) batch"));
    }
    let mut total = 0.0;
    for (yr, pr) in y_true.rows().into_iter().zip(y_pred.rows()) {
        for (&y, &p) in yr.iter().zip(pr.iter()) {
            total -= y * p.clamp(EPS, 1.0).ln();
        }
    }
    Ok(total / n as f64)
}
