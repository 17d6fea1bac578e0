//! The causal attention mask of a decoder: each position may look at itself and the past only.

use ndarray::Array2;

/// The `(n, n)` causal mask: `mask[[i, j]]` is `true` when query position `i` may attend to key
/// position `j`, which is exactly when `j <= i` (the lower triangle, diagonal included).
pub fn causal_mask(n: usize) -> Array2<bool> {
    // Row i is the query, column j the key: the future (j > i) is the strict upper triangle.
    Array2::from_shape_fn((n, n), |(i, j)| j <= i)
}
