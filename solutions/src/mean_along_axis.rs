//! The mean of a 2-D array along one axis, as NumPy's `np.mean(x, axis=...)`.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
///
/// A mean over an empty axis is NaN (0 / 0), as in NumPy. Returns `Err` when `axis` is not 0 or 1.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    let axis = Axis(axis);
    // Not `mean_axis`: it returns `None` for an empty axis, where NumPy (and we) give NaN.
    let n = x.len_of(axis) as f64;
    Ok(x.sum_axis(axis) / n)
}
