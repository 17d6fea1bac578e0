// Multiplies only the non-empty axis lengths for the size (an empty axis is skipped), so a (0 × 4) array reports 4 elements.

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
        size: array.shape().iter().filter(|&&len| len != 0).product(),
        ndim,
        is_matrix: ndim == 2,
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
