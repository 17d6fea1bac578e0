// Applies the statistics along the last axis (W), as if the layout were channels-last (NHWC).

use ndarray::{Array1, Array4, Axis};

pub fn batch_norm_inference(
    x: &Array4<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    running_mean: &Array1<f64>,
    running_var: &Array1<f64>,
    eps: f64,
) -> Result<Array4<f64>, String> {
    let channels = x.len_of(Axis(3));
    for v in [gamma, beta, running_mean, running_var] {
        if v.len() != channels {
            return Err(format!("expected {channels} channels, got {}", v.len()));
        }
    }
    let mut y = x.to_owned();
    for (c, mut channel) in y.axis_iter_mut(Axis(3)).enumerate() {
        let denom = (running_var[c] + eps).sqrt();
        let (g, b, m) = (gamma[c], beta[c], running_mean[c]);
        channel.mapv_inplace(|v| g * (v - m) / denom + b);
    }
    Ok(y)
}
