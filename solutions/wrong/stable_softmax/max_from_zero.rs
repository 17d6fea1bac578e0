// Starts the maximum's fold at 0.0 instead of -inf, so all-negative scores are not shifted and their exponentials underflow.

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    if x.iter().all(|&v| v == f64::NEG_INFINITY) {
        return Err("every entry is -inf".to_string());
    }
    let max = x.iter().copied().fold(0.0, f64::max);
    let exps: Vec<f64> = x.iter().map(|&v| (v - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
