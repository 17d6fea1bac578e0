// Standardises the whole matrix with one mean and one standard deviation instead of one per column.

use ndarray::Array2;

/// Standardises every column of `x` (N samples × D features) to mean 0 and population std 1.
pub fn z_score(x: &Array2<f64>) -> Result<Array2<f64>, String> {
    if x.nrows() == 0 {
        return Err("cannot standardise a matrix with no rows".to_string());
    }
    if x.is_empty() {
        return Ok(x.to_owned());
    }
    let n = x.len() as f64;
    let mean = x.sum() / n;
    let variance = x.iter().map(|&v| (v - mean).powi(2)).sum::<f64>() / n;
    let std = variance.sqrt();
    let first = x.iter().next().copied().unwrap_or(0.0);
    if x.iter().all(|&v| v == first) {
        return Ok(Array2::zeros(x.raw_dim()));
    }
    Ok(x.mapv(|v| (v - mean) / std))
}
