// Never rejects an axis: 0 averages the columns and every other axis the rows.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    let axis = if axis == 0 { Axis(0) } else { Axis(1) };
    let n = x.len_of(axis) as f64;
    Ok(x.sum_axis(axis) / n)
}
