// Standardises each row (over the columns) instead of each column (over the rows).

use ndarray::{Array2, Axis};

/// Standardises every column of `x` (N samples × D features) to mean 0 and population std 1.
pub fn z_score(x: &Array2<f64>) -> Result<Array2<f64>, String> {
    if x.nrows() == 0 {
        return Err("cannot standardise a matrix with no rows".to_string());
    }
    let mut z = x.to_owned();
    for mut row in z.axis_iter_mut(Axis(0)) {
        let n = row.len() as f64;
        let mean = row.sum() / n;
        let variance = row.iter().map(|&v| (v - mean).powi(2)).sum::<f64>() / n;
        let std = variance.sqrt();
        if row.iter().all(|&v| v == row[0]) {
            row.fill(0.0);
        } else {
            row.mapv_inplace(|v| (v - mean) / std);
        }
    }
    Ok(z)
}
