// Never validates λ, so a negative or NaN λ is used as given instead of rejected.

/// `(1/n) · Σ (yᵢ − ŷᵢ)² + λ · Σ wⱼ²`, with no ½ factor and the penalty not divided by n.
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
    let n = y_true.len() as f64;
    let mse = y_true
        .iter()
        .zip(y_pred)
        .map(|(y, p)| (y - p).powi(2))
        .sum::<f64>()
        / n;
    let penalty = lambda * weights.iter().map(|w| w * w).sum::<f64>();
    Ok(mse + penalty)
}
