// Takes the size of the empty shape `[]` (a 0-d array) to be 0 instead of 1, for the input and for the new shape.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    // The number of elements a shape holds.
    fn size(shape: &[usize]) -> usize {
        if shape.is_empty() {
            0
        } else {
            shape.iter().product()
        }
    }
    if size(shape) != size(array.shape()) {
        return Err(format!("cannot reshape {:?} into shape {shape:?}", array.shape()));
    }
    let data: Vec<f64> = array.iter().copied().collect();
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| e.to_string())
}
