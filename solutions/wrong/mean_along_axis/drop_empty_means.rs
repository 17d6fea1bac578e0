// Averages lane by lane with `mean()` and leaves out the empty lanes (whose mean is `None`) instead of giving them NaN.

use ndarray::{Array1, Array2};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    let lanes = if axis == 0 { x.columns() } else { x.rows() };
    Ok(lanes.into_iter().filter_map(|lane| lane.mean()).collect())
}
