// Swaps the momentum weights (Keras's convention): momentum weighs the old running value.

use ndarray::{Array1, Array2, Axis};

#[derive(Debug, Clone, PartialEq)]
pub struct BatchNormOutput {
    pub output: Array2<f64>,
    pub running_mean: Array1<f64>,
    pub running_var: Array1<f64>,
}

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

    if n < 2 {
        return Err(format!(
            "training needs at least 2 samples per feature, got {n}"
        ));
    }
    let batch_mean = x
        .mean_axis(Axis(0))
        .ok_or_else(|| "cannot average an empty batch".to_string())?;
    let biased_var = x.var_axis(Axis(0), 0.0);
    let unbiased_var = &biased_var * (n as f64 / (n - 1) as f64);

    let new_mean = running_mean * momentum + &batch_mean * (1.0 - momentum);
    let new_var = running_var * momentum + &unbiased_var * (1.0 - momentum);

    Ok(BatchNormOutput {
        output: normalize(x, &batch_mean, &biased_var, gamma, beta, eps),
        running_mean: new_mean,
        running_var: new_var,
    })
}

fn normalize(
    x: &Array2<f64>,
    mean: &Array1<f64>,
    var: &Array1<f64>,
    gamma: &Array1<f64>,
    beta: &Array1<f64>,
    eps: f64,
) -> Array2<f64> {
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