// Guards the division, so the mean over an empty axis is 0 instead of 0 / 0 = NaN.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    let axis = Axis(axis);
    let n = x.len_of(axis);
    let sums = x.sum_axis(axis);
    if n == 0 {
        // Nothing to average: avoid dividing by zero.
        return Ok(sums);
    }
    Ok(sums / n as f64)
}
