// Turns each target row into a hard label (its largest entry) and takes -ln of that class's probability, which ignores soft labels.

use ndarray::Array2;

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
    let mut total = 0.0;
    for (yr, pr) in y_true.rows().into_iter().zip(y_pred.rows()) {
        let mut best = 0;
        for j in 1..c {
            if yr[j] > yr[best] {
                best = j;
            }
        }
        total -= pr[best].clamp(EPS, 1.0).ln();
    }
    Ok(total / n as f64)
}
