// Keeps the running sum of the exponentials in an f32 accumulator (the rest in f64), so the log-sum-exp is good to only about seven digits.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0_f32;
    for &v in x {
        sum += (v - m).exp() as f32;
    }
    let lse = f64::from(sum).ln();
    x.iter().map(|&v| v - m - lse).collect()
}
