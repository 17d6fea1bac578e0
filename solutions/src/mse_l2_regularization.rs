//! Mean squared error plus an L2 penalty on the weights (the bias is not penalised).

/// `(1/n) · Σ (yᵢ − ŷᵢ)² + λ · Σ wⱼ²`, with no ½ factor and the penalty not divided by n.
///
/// `weights` holds only the penalised weights (no bias) and may be empty. Returns `Err` when
/// `y_true` is empty, the lengths of `y_true` and `y_pred` differ, or `lambda` is negative or NaN.
pub fn mse_l2_loss(
    y_true: &[f64],
    y_pred: &[f64],
    weights: &[f64],
    lambda: f64,
) -> Result<f64, String> {
    if y_true.is_empty() {
        return Err("cannot average a loss over zero samples".to_string());
    }
    if y_true.len() != y_pred.len() {
        return Err(format!(
            "y_true has {} targets but y_pred has {} predictions",
            y_true.len(),
            y_pred.len()
        ));
    }
    // NaN needs its own test: every comparison with NaN is false, so `lambda < 0.0` lets it through.
    if lambda.is_nan() || lambda < 0.0 {
        return Err(format!(
            "lambda must be a non-negative number, got {lambda}"
        ));
    }
    let mse = y_true
        .iter()
        .zip(y_pred)
        .map(|(y, p)| (y - p).powi(2))
        .sum::<f64>()
        / y_true.len() as f64;
    // The penalty depends on the model, not on the batch, so it is not divided by n.
    let penalty = lambda * weights.iter().map(|w| w * w).sum::<f64>();
    Ok(mse + penalty)
}
