// Computes the variance in one pass as the mean of the squares minus the squared mean (E[x²] − μ²), which cancels catastrophically for values far from 0.

use ndarray::{Array2, Axis};

/// Standardises every column of `x` with its own mean and population standard deviation.
pub fn z_score(x: &Array2<f64>) -> Result<Array2<f64>, String> {
    let n = x.nrows();
    if n == 0 {
        return Err("cannot standardise a matrix with no rows".to_string());
    }
    let mut z = x.to_owned();
    for mut column in z.axis_iter_mut(Axis(1)) {
        if column.iter().all(|&v| v == column[0]) {
            column.fill(0.0);
            continue;
        }
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for &v in column.iter() {
            sum += v;
            sum_sq += v * v;
        }
        let mean = sum / n as f64;
        let variance = sum_sq / n as f64 - mean * mean;
        let std = variance.sqrt();
        column.mapv_inplace(|v| (v - mean) / std);
    }
    Ok(z)
}
