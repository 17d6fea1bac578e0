// Treats a 0 in the new shape as NumPy's -1 placeholder and infers that length from the number of elements.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    // `shape` cannot hold -1, so a single 0 stands for "whatever length fits".
    let mut shape = shape.to_vec();
    let zeros = shape.iter().filter(|&&len| len == 0).count();
    if zeros == 1 && !array.is_empty() {
        let known: usize = shape.iter().filter(|&&len| len != 0).product();
        if array.len() % known == 0 {
            if let Some(len) = shape.iter_mut().find(|len| **len == 0) {
                *len = array.len() / known;
            }
        }
    }
    let size: usize = shape.iter().product();
    if size != array.len() {
        return Err(format!("cannot reshape {} elements into shape {shape:?}", array.len()));
    }
    let data: Vec<f64> = array.iter().copied().collect();
    ArrayD::from_shape_vec(IxDyn(&shape), data).map_err(|e| e.to_string())
}
