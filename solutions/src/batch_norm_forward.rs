//! Forward pass of batch normalization on an (N, D) batch, as PyTorch's `nn.BatchNorm1d`: batch
//! statistics and a running-statistics update in training, running statistics in inference.

use ndarray::{Array1, Array2, Axis};

/// The normalised batch and the running statistics after the forward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchNormOutput {
    /// The normalised, scaled and shifted input, shape (N, D).
    pub output: Array2<f64>,
    /// The running mean after the pass (updated only in training).
    pub running_mean: Array1<f64>,
    /// The running variance after the pass (updated only in training).
    pub running_var: Array1<f64>,
}

/// Batch-normalises `x` (N samples × D features) with per-feature `gamma` and `beta`.
///
/// In training the batch is normalised with its own mean and biased variance, and the running
/// statistics move towards the batch's by `momentum` (the variance with its unbiased estimate).
/// In inference the running statistics normalise the batch and are returned unchanged.
///
/// Returns `Err` when a per-feature vector does not have length D, or when training on N < 2.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_forward(
    x: &Array2<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running_mean: &Array1<f64>,
    running_var: &Array1<f64>,
    momentum: f64,
    eps: f64,
    training: bool,
) -> Result<BatchNormOutput, String> {
    let (n, d) = x.dim();
    for (name, v) in [
        ("gamma", gamma),
        ("beta", beta),
        ("running_mean", running_mean),
        ("running_var", running_var),
    ] {
        if v.len() != d {
            return Err(format!(
                "{name} has length {} but x has {d} features",
                v.len()
            ));
        }
    }

    if !training {
        return Ok(BatchNormOutput {
            output: normalize(x, running_mean, running_var, gamma, beta, eps),
            running_mean: running_mean.clone(),
            running_var: running_var.clone(),
        });
    }

    // The unbiased variance divides by N - 1: it does not exist for a single sample.
    if n < 2 {
        return Err(format!(
            "training needs at least 2 samples per feature, got {n}"
        ));
    }
    let batch_mean = x
        .mean_axis(Axis(0))
        .ok_or_else(|| "cannot average an empty batch".to_string())?;
    // The biased variance (ddof 0) normalises the batch ...
    let biased_var = x.var_axis(Axis(0), 0.0);
    // ... but the running variance estimates the population, so it takes the unbiased one.
    let unbiased_var = &biased_var * (n as f64 / (n - 1) as f64);

    // PyTorch's convention: momentum is the weight of the new batch statistic.
    let new_mean = running_mean * (1.0 - momentum) + &batch_mean * momentum;
    let new_var = running_var * (1.0 - momentum) + &unbiased_var * momentum;

    Ok(BatchNormOutput {
        output: normalize(x, &batch_mean, &biased_var, gamma, beta, eps),
        running_mean: new_mean,
        running_var: new_var,
    })
}

/// `gamma * (x - mean) / sqrt(var + eps) + beta`, per feature (column). Every vector has length D.
fn normalize(
    x: &Array2<f64>,
    mean: &Array1<f64>,
    var: &Array1<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Array2<f64> {
    // eps goes inside the square root, so a constant feature gives 0 rather than 0 / 0.
    let inv_std = var.mapv(|v| 1.0 / (v + eps).sqrt());
    let mut out = x.to_owned();
    for mut row in out.rows_mut() {
        row -= mean;
        row *= &inv_std;
        row *= gamma;
        row += beta;
    }
    out
}
