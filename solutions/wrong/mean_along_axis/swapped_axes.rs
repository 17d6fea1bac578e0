// Averages over the other axis: axis 0 gives the row means and axis 1 the column means.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    // Axis 0 goes along each row, so it gives one mean per row.
    let axis = Axis(1 - axis);
    let n = x.len_of(axis) as f64;
    Ok(x.sum_axis(axis) / n)
}
