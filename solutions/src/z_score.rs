//! Z-score standardisation of each column of a data matrix, with the population standard deviation.

use ndarray::{Array2, Axis};

/// Standardises every column of `x` (N samples × D features) to mean 0 and population std 1.
///
/// Each column is shifted by its mean and divided by its population standard deviation (divide by
/// N, as NumPy's `np.std` with `ddof=0`). A column whose values are all equal maps to zeros.
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
        // A constant column carries no spread to normalise: zeros instead of 0 / 0 = NaN. Decided
        // on the values, not by `std == 0.0`: the f64 mean of [0.1, 0.1, 0.1] is
        // 0.10000000000000002, so that column's computed std is about 1.4e-17, not 0.
        if column.iter().all(|&v| v == column[0]) {
            column.fill(0.0);
        } else {
            column.mapv_inplace(|v| (v - mean) / std);
        }
    }
    Ok(z)
}
