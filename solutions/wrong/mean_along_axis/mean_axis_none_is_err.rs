// Uses ndarray's `mean_axis` and turns its `None` (an empty axis) into an `Err` instead of NaN.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    x.mean_axis(Axis(axis))
        .ok_or_else(|| "cannot take the mean over an empty axis".to_string())
}
