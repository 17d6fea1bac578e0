// Rejects an empty batch (N = 0) instead of returning an empty (0, C, H, W) output.

use ndarray::{Array1, Array4, Axis};

pub fn batch_norm_inference(
    x: &Array4<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running_mean: &Array1<f64>,
    running_var: &Array1<f64>,
    eps: f64,
) -> Result<Array4<f64>, String> {
    if x.len_of(Axis(0)) == 0 {
        return Err("the batch is empty".to_string());
    }
    let channels = x.len_of(Axis(1));
    for (name, v) in [
        ("gamma", gamma),
        ("beta", beta),
        ("running_mean", running_mean),
        ("running_var", running_var),
    ] {
        if v.len() != channels {
            return Err(format!("{name} has length {} but x has {channels} channels", v.len()));
        }
    }
    let mut y = x.to_owned();
    for (c, mut channel) in y.axis_iter_mut(Axis(1)).enumerate() {
        let denom = (running_var[c] + eps).sqrt();
        let (g, b, m) = (gamma[c], beta[c], running_mean[c]);
        channel.mapv_inplace(|v| g * (v - m) / denom + b);
    }
    Ok(y)
}
