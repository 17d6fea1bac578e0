// Rejects any input without elements, instead of returning NaN means (or an empty result).

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    if x.is_empty() {
        return Err("cannot average an empty array".to_string());
    }
    let axis = Axis(axis);
    let n = x.len_of(axis) as f64;
    Ok(x.sum_axis(axis) / n)
}
