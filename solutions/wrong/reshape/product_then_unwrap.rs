// Multiplies the lengths with a plain `product()` and unwraps `from_shape_vec` once the sizes agree: a shape with more than usize::MAX elements panics (overflow) instead of returning Err.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let size: usize = shape.iter().product();
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    // The sizes agree, so building the array cannot fail.
    Ok(ArrayD::from_shape_vec(IxDyn(shape), array.iter().copied().collect()).unwrap())
}
