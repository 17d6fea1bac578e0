// Returns the sums along the axis without dividing them by its length.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    Ok(x.sum_axis(Axis(axis)))
}
