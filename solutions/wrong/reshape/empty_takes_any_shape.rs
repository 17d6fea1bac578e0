// Treats an empty input as reshapable into anything: returns zeros in the requested shape without comparing the sizes.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    if array.is_empty() {
        // Nothing to move: just build the requested shape.
        return Ok(ArrayD::zeros(IxDyn(shape)));
    }
    let size = shape
        .iter()
        .try_fold(1usize, |acc, &len| acc.checked_mul(len))
        .ok_or_else(|| format!("shape {shape:?} is too large"))?;
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    ArrayD::from_shape_vec(IxDyn(shape), array.iter().copied().collect()).map_err(|e| e.to_string())
}
