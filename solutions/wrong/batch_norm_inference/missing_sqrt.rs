// Forgets the square root: divides by running_var + eps instead of sqrt(running_var + eps).

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
        let denom = running_var[c] + eps;
        let (g, b, m) = (gamma[c], beta[c], running_mean[c]);
        channel.mapv_inplace(|v| g * (v - m) / denom + b);
    }
    Ok(y)
}
