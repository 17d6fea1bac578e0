// Reads the elements in row-major order but fills the new shape column by column (`from_shape_vec(shape.f(), ..)`).

use ndarray::{ArrayD, IxDyn, ShapeBuilder};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    let size: usize = shape.iter().product();
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    let data: Vec<f64> = array.iter().copied().collect();
    ArrayD::from_shape_vec(IxDyn(shape).f(), data).map_err(|e| e.to_string())
}
