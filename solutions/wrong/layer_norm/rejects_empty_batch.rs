// Rejects an empty batch (N = 0) as if there were nothing to normalise, instead of returning an empty (0, D) output.

use ndarray::{Array1, Array2, Axis};

/// Normalises every row of `x` over its own D features (biased variance, `eps` inside the square
/// root), then scales feature j by `gamma[j]` and shifts it by `beta[j]`.
///
/// Returns `Err` when D = 0 or when `gamma` or `beta` does not have length D.
pub fn layer_norm(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Result<Array2<f64>, String> {
    let d = x.len_of(Axis(1));
    if x.nrows() == 0 {
        return Err("the batch is empty: there is nothing to normalise".to_string());
    }
    if d == 0 {
        return Err("cannot normalise rows with no features".to_string());
    }
    if gamma.len() != d || beta.len() != d {
        return Err(format!(
            "gamma has length {} and beta {}, but x has {d} features",
            gamma.len(),
            beta.len()
        ));
    }

    let mut y = x.to_owned();
    // One row is one sample; its statistics never look at the other rows.
    for mut row in y.rows_mut() {
        let mean = row.sum() / d as f64;
        // Two passes (deviations from the mean, then their mean) stay accurate when the values
        // sit far from zero, where E[x²] − E[x]² would cancel catastrophically.
        let var = row.mapv(|v| (v - mean).powi(2)).sum() / d as f64;
        let inv_std = 1.0 / (var + eps).sqrt();
        row.mapv_inplace(|v| (v - mean) * inv_std);
        row *= gamma;
        row += beta;
    }
    Ok(y)
}
