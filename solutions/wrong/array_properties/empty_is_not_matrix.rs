// Calls a two-axis array a matrix only when it holds elements: an empty (0 × 4) or (3 × 0) array is reported as not a matrix.

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
        is_matrix: ndim == 2 && !array.is_empty(),
    }
}

/// NumPy's name for the element type `T`.
fn numpy_dtype<T>() -> String {
    let numpy_name = match std::any::type_name::<T>() {
        "f64" => "float64",
        "f32" => "float32",
        "i64" => "int64",
        "i32" => "int32",
        "u8" => "uint8",
        "bool" => "bool",
        other => other,
    };
    numpy_name.to_string()
}
