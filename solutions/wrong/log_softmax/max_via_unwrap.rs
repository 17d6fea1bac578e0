// Finds the maximum with `reduce(f64::max).unwrap()`, which panics on an empty input instead of returning an empty Vec.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().reduce(f64::max).unwrap();
    let lse = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - m - lse).collect()
}
