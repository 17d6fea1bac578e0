//! Row-major (C-order) reshape of an n-dimensional array, as NumPy's default `reshape`.

use ndarray::{ArrayD, IxDyn};

/// Returns a copy of `array` with the given `shape`, keeping the elements in row-major order.
///
/// The size of a shape is the product of its lengths (1 for the 0-d shape `[]`). Returns `Err`
/// when that size differs from the number of elements in `array`.
pub fn reshape(array: &ArrayD<f64>, shape: &[usize]) -> Result<ArrayD<f64>, String> {
    // Checked so that a huge shape cannot wrap around to a size that happens to match.
    let size = shape
        .iter()
        .try_fold(1usize, |acc, &len| acc.checked_mul(len))
        .ok_or_else(|| format!("shape {shape:?} has more elements than fit in memory"))?;
    if size != array.len() {
        return Err(format!(
            "cannot reshape an array of {} elements (shape {:?}) into shape {shape:?} of {size}",
            array.len(),
            array.shape()
        ));
    }
    // `iter` walks the logical row-major order whatever the memory layout of `array`.
    let data: Vec<f64> = array.iter().copied().collect();
    ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| e.to_string())
}
