// Keeps one diagonal too many (j <= i + 1, like torch.tril(ones, diagonal=1)).
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    Array2::from_shape_fn((n, n), |(i, j)| j <= i + 1)
}
