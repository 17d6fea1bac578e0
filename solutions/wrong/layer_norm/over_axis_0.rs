// Takes the mean and variance of each column, over the batch (axis 0), as batch norm does.

use ndarray::{Array1, Array2, Axis};

pub fn layer_norm(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Result<Array2<f64>, String> {
    let (n, d) = x.dim();
    if d == 0 {
        return Err("cannot normalise rows with no features".to_string());
    }
    if gamma.len() != d || beta.len() != d {
        return Err("gamma and beta must have length D".to_string());
    }
    let mut y = x.to_owned();
    for (j, mut col) in y.axis_iter_mut(Axis(1)).enumerate() {
        let mut s = 0.0;
        for i in 0..n {
            s += col[i];
        }
        let mean = s / n as f64;
        let mut ss = 0.0;
        for i in 0..n {
            ss += (col[i] - mean).powi(2);
        }
        let var = ss / n as f64;
        col.mapv_inplace(|v| gamma[j] * (v - mean) / (var + eps).sqrt() + beta[j]);
    }
    Ok(y)
}
