// Checks the lengths of gamma and beta but not of running_mean and running_var.

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
    if gamma.len() != channels || beta.len() != channels {
        return Err(format!("gamma and beta must have {channels} entries"));
    }
    let mut y = x.to_owned();
    for (c, mut channel) in y.axis_iter_mut(Axis(1)).enumerate() {
        let denom = (running_var[c] + eps).sqrt();
        let (g, b, m) = (gamma[c], beta[c], running_mean[c]);
        channel.mapv_inplace(|v| g * (v - m) / denom + b);
    }
    Ok(y)
}
