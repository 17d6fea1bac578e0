// Returns -inf everywhere when every entry is -inf, instead of NaN as PyTorch does.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return vec![f64::NEG_INFINITY; x.len()];
    }
    let lse = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - m - lse).collect()
}
