// Allows the upper triangle (j >= i) instead of the lower one: rows and columns swapped.
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    Array2::from_shape_fn((n, n), |(i, j)| j >= i)
}
