//! Batch normalization in inference mode on an (N, C, H, W) image batch, as PyTorch's
//! `nn.BatchNorm2d` in eval mode: every channel is normalised with its running statistics.

use ndarray::{Array1, Array4, Axis};

/// Normalises every channel `c` (axis 1) of `x` with `running_mean[c]` and `running_var[c]`, then
/// scales by `gamma[c]` and shifts by `beta[c]`.
///
/// Returns `Err` when a per-channel vector does not have length C.
pub fn batch_norm_inference(
    x: &Array4<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running_mean: &Array1<f64>,
    running_var: &Array1<f64>,
    eps: f64,
) -> Result<Array4<f64>, String> {
    // Read C from the shape, not from the data: an empty batch still has its channels.
    let channels = x.len_of(Axis(1));
    for (name, v) in [
        ("gamma", gamma),
        ("beta", beta),
        ("running_mean", running_mean),
        ("running_var", running_var),
    ] {
        if v.len() != channels {
            return Err(format!(
                "{name} has length {} but x has {channels} channels",
                v.len()
            ));
        }
    }

    let mut y = x.to_owned();
    // Axis 1 is the channel in NCHW; each (N, H, W) block shares one set of statistics.
    for (c, mut channel) in y.axis_iter_mut(Axis(1)).enumerate() {
        // eps inside the square root keeps a zero-variance channel finite.
        let inv_std = 1.0 / (running_var[c] + eps).sqrt();
        let (g, b, m) = (gamma[c], beta[c], running_mean[c]);
        channel.mapv_inplace(|v| g * (v - m) * inv_std + b);
    }
    Ok(y)
}
