// Accepts D = 0 and returns an empty (N, 0) output, as PyTorch does, instead of an Err.

use ndarray::{Array1, Array2, Axis};

pub fn layer_norm(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Result<Array2<f64>, String> {
    let d = x.len_of(Axis(1));
    if gamma.len() != d || beta.len() != d {
        return Err("gamma and beta must have length D".to_string());
    }
    let mut y = x.to_owned();
    for mut row in y.rows_mut() {
        let mean = row.sum() / d as f64;
        let var = row.mapv(|v| (v - mean).powi(2)).sum() / d as f64;
        let inv_std = 1.0 / (var + eps).sqrt();
        row.mapv_inplace(|v| (v - mean) * inv_std);
        row *= gamma;
        row += beta;
    }
    Ok(y)
}
