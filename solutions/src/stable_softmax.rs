//! Numerically stable softmax of a vector: shift by the maximum before exponentiating.

/// Softmax of `x`: `exp(xᵢ − m) / Σⱼ exp(xⱼ − m)` with `m = max(x)`.
///
/// An empty input gives an empty output; `−∞` entries get probability 0. Returns `Err` when every
/// entry is `−∞`, because then there is no probability mass to normalise.
pub fn stable_softmax(x: &[f64]) -> Result<Vec<f64>, String> {
    if x.is_empty() {
        return Ok(Vec::new());
    }
    // Subtracting the maximum leaves the softmax unchanged (the factor e^−m cancels) but makes
    // every exponent <= 0, so no term overflows and the largest term is exactly 1.
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return Err("every entry is -inf: softmax has no mass to normalise".to_string());
    }
    let exps: Vec<f64> = x.iter().map(|&v| (v - max).exp()).collect();
    // The sum is at least 1 (the maximum's own term), so the division is always safe.
    let sum: f64 = exps.iter().sum();
    Ok(exps.into_iter().map(|e| e / sum).collect())
}
