// Divides by σ² (the variance) in the front factor instead of σ.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
    }
    let front = 1.0 / (sigma * sigma * (2.0 * PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v - mu) / sigma;
            front * (-0.5 * z * z).exp()
        })
        .collect())
}
