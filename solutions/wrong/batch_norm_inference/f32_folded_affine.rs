// Works in f32 (as on a float32 tensor): folds each channel into scale = gamma / sqrt(var + eps) and shift = beta - mean * scale in f32, so values near 1000 lose their small deviations.

use ndarray::{Array1, Array4, Axis};

pub fn batch_norm_inference(
    x: &Array4<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running_mean: &Array1<f64>,
    running_var: &Array1<f64>,
    eps: f64,
) -> Result<Array4<f64>, String> {
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
        let scale: f32 = gamma[c] as f32 / (running_var[c] as f32 + eps as f32).sqrt();
        let shift: f32 = beta[c] as f32 - running_mean[c] as f32 * scale;
        channel.mapv_inplace(|v| ((v as f32) * scale + shift) as f64);
    }
    Ok(y)
}
