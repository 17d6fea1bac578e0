// Rejects an empty input ("nothing to normalise") instead of returning Ok(vec![]).

/// Softmax of `x`, shifted by the maximum before exponentiating.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return Err("empty input, or every entry is -inf: nothing to normalise".to_string());
    }
    let exps: Vec<f64> = x.iter().map(|&v| (v - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
