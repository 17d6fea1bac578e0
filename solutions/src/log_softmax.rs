//! Numerically stable log-softmax of a vector, using the log-sum-exp trick.

/// Log-softmax of `x`: `xᵢ − m − ln Σⱼ exp(xⱼ − m)` with `m = max(x)`, as `torch.log_softmax`.
///
/// An empty input gives an empty output, a `−∞` entry gives `−∞`, and when every entry is `−∞`
/// every output is NaN (PyTorch's behaviour: `−∞ − (−∞)` is undefined).
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    if x.is_empty() {
        return Vec::new();
    }
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Shifting by the maximum keeps every exponent <= 0: nothing overflows, and the sum is at
    // least 1, so its logarithm is finite. Staying in log space means a probability far below the
    // smallest positive f64 still has an exact, finite logarithm.
    let log_sum_exp = x.iter().map(|&v| (v - max).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - max - log_sum_exp).collect()
}
