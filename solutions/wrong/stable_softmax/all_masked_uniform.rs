// Returns the uniform distribution when every entry is -inf, instead of an Err.

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return Ok(vec![1.0 / x.len() as f64; x.len()]);
    }
    let exps: Vec<f64> = x.iter().map(|&v| (v - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
