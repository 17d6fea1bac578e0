//! The properties NumPy reports for an array (shape, dtype, size, ndim), read from an `ndarray`.

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
        // `len` counts every element: the product of the shape, which is 1 for a 0-d array.
        size: array.len(),
        ndim,
        is_matrix: ndim == 2,
    }
}

/// NumPy's name for the element type `T`. The name must come from the type, not from the values:
/// an empty array has no values, and `1` looks the same in every integer type.
fn numpy_dtype<T>() -> String {
    let rust_name = std::any::type_name::<T>();
    let numpy_name = match rust_name {
        "f64" => "float64",
        "f32" => "float32",
        "i64" => "int64",
        "i32" => "int32",
        "u8" => "uint8",
        "bool" => "bool",
        // Types outside the problem's list keep their Rust name rather than guessing.
        other => other,
    };
    numpy_name.to_string()
}
