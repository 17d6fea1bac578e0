// Rejects σ ≤ 0 and NaN but lets σ = ∞ through.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if sigma.is_nan() || sigma <= 0.0 {
        return Err(format!("sigma must be a positive standard deviation, got {sigma}"));
    }
    let front = 1.0 / (sigma * (2.0 * PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v - mu) / sigma;
            front * (-0.5 * z * z).exp()
        })
        .collect())
}
