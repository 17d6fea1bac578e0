// Checks σ inside the map over x, so an invalid σ with an empty x is never rejected.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    let front = 1.0 / (sigma * (2.0 * PI).sqrt());
    x.iter()
        .map(|&v| {
            if !(sigma > 0.0 && sigma.is_finite()) {
                return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
            }
            let z = (v - mu) / sigma;
            Ok(front * (-0.5 * z * z).exp())
        })
        .collect()
}
