// Takes only as many elements as the new shape holds, so extra elements are dropped instead of rejected.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let size: usize = shape.iter().product();
    // `from_shape_vec` rejects too few elements; take no more than the shape needs.
    let data: Vec<f64> = array.iter().copied().take(size).collect();
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| e.to_string())
}
