// Computes the stable softmax in f32: about 7 correct digits, and probabilities below 1e-45 underflow to 0.

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let max = x32.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return Err("every entry is -inf".to_string());
    }
    let exps: Vec<f32> = x32.iter().map(|&v| (v - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| f64::from(e / sum)).collect())
}
