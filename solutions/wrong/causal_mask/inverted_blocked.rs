// Marks the blocked positions (true = masked out, as nn.MultiheadAttention) instead of the allowed ones.
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    Array2::from_shape_fn((n, n), |(i, j)| j > i)
}
