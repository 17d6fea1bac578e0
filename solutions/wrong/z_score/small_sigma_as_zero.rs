// Treats a column whose σ is below 1e-10 as constant (zeros) instead of testing whether its values are all equal.

use ndarray::{Array2, Axis};

/// Standardises every column of `x` (N samples × D features) to mean 0 and population std 1.
pub fn z_score(x: &Array2<f64>) -> Result<Array2<f64>, String> {
    if x.nrows() == 0 {
        return Err("cannot standardise a matrix with no rows".to_string());
    }
    let mut z = x.to_owned();
    for mut column in z.axis_iter_mut(Axis(1)) {
        let n = column.len() as f64;
        let mean = column.sum() / n;
        let variance = column.iter().map(|&v| (v - mean).powi(2)).sum::<f64>() / n;
        let std = variance.sqrt();
        if std < 1e-10 {
            column.fill(0.0);
        } else {
            column.mapv_inplace(|v| (v - mean) / std);
        }
    }
    Ok(z)
}
