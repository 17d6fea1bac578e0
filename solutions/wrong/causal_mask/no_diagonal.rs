// Blocks the diagonal (j < i), so a position may not attend to itself.
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    Array2::from_shape_fn((n, n), |(i, j)| j < i)
}
