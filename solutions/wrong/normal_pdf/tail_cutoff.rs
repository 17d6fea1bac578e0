// Returns 0 beyond 8 standard deviations from the mean (to avoid underflow) instead of the tiny density.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
    }
    let front = 1.0 / (sigma * (2.0 * PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v - mu) / sigma;
            // Beyond 8σ the density is negligible.
            if z.abs() > 8.0 {
                0.0
            } else {
                front * (-0.5 * z * z).exp()
            }
        })
        .collect())
}
