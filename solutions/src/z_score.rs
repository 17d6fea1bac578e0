//! Z-score standardisation of each column of a data matrix, with the population standard deviation.

use ndarray::{Array2, Axis};

/// Standardises every column of `x` (N samples × D features) to mean 0 and population std 1.
///
/// Each column is shifted by its mean and divided by its population standard deviation (divide by
/// N, as NumPy's `np.std` with `ddof=0`). A column whose standard deviation is 0 maps to zeros.
/// Returns `Err` when `x` has no rows.
pub fn z_score(x: &Array2<f64>) -> Result<Array2<f64>, String> {
    let n = x.nrows();
    if n == 0 {
        return Err(
            "cannot standardise a matrix with no rows: the column means are undefined".to_string(),
        );
    }
    let mut z = x.to_owned();
    for mut column in z.axis_iter_mut(Axis(1)) {
        let mean = column.sum() / n as f64;
        let variance = column.iter().map(|&v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        let std = variance.sqrt();
        if std == 0.0 {
            // A constant column carries no spread to normalise; zeros avoid 0 / 0 = NaN.
            column.fill(0.0);
        } else {
            column.mapv_inplace(|v| (v - mean) / std);
        }
    }
    Ok(z)
}
