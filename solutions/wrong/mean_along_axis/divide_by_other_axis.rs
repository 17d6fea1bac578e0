// Sums along the right axis but divides by the length of the other axis (the number of means).

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    let sums = x.sum_axis(Axis(axis));
    let n = sums.len() as f64;
    Ok(sums / n)
}
