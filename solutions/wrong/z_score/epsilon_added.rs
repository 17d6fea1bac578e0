// Divides by σ + 1e-8 (an ε for stability) instead of σ itself.

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
        column.mapv_inplace(|v| (v - mean) / (std + 1e-8));
    }
    Ok(z)
}
