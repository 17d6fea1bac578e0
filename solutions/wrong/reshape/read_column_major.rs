// Reads the elements column by column (through the transposed view `array.t()`) and fills the new shape row by row.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let size: usize = shape.iter().product();
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    let data: Vec<f64> = array.t().iter().copied().collect();
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| e.to_string())
}
