// Reports Rust's type name ("f64", "i32", ...) as the dtype instead of NumPy's name.

use ndarray::ArrayD;

/// What NumPy reports about an array.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayProperties {
    /// The length of every axis, outermost first.
    pub shape: Vec<usize>,
    /// NumPy's name of the element type, e.g. "float64".
    pub dtype: String,
    /// The number of elements.
    pub size: usize,
    /// The number of axes.
    pub ndim: usize,
    /// Whether the array has exactly two axes.
    pub is_matrix: bool,
}

/// Shape, NumPy dtype name, size, number of axes and whether `array` is a matrix (two axes).
pub fn array_properties<T>(array: &ArrayD<T>) -> ArrayProperties {
    let ndim = array.ndim();
    ArrayProperties {
        shape: array.shape().to_vec(),
        dtype: numpy_dtype::<T>(),
        size: array.len(),
        ndim,
        is_matrix: ndim == 2,
    }
}

/// NumPy's name for the element type `T`.
fn numpy_dtype<T>() -> String {
    std::any::type_name::<T>().to_string()
}
