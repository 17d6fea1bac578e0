// Casts every input to f32 (as float32 tensors) and computes the loss in f32: large targets close to their predictions lose the small differences.

/// Mean squared error plus `lambda` times the sum of squared weights.
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
        return Err(format!("{} targets but {} predictions", y_true.len(), y_pred.len()));
    }
    if lambda.is_nan() || lambda < 0.0 {
        return Err(format!("lambda must be a non-negative number, got {lambda}"));
    }
    let mut squared = 0.0_f32;
    for (&y, &p) in y_true.iter().zip(y_pred) {
        let d = y as f32 - p as f32;
        squared += d * d;
    }
    let mse = squared / y_true.len() as f32;
    let mut penalty = 0.0_f32;
    for &w in weights {
        let w = w as f32;
        penalty += w * w;
    }
    Ok(f64::from(mse + lambda as f32 * penalty))
}
