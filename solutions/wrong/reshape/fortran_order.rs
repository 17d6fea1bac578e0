// Reads and writes the elements in column-major (Fortran) order, NumPy's `order='F'`, instead of row-major.

use ndarray::{ArrayD, IxDyn, ShapeBuilder};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let size: usize = shape.iter().product();
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    // Read the elements with the first index changing fastest: iterate over the reversed axes.
    let data: Vec<f64> = array.t().iter().copied().collect();
    // ... and fill the new shape the same way.
    ArrayD::from_shape_vec(IxDyn(shape).f(), data).map_err(|e| e.to_string())
}
