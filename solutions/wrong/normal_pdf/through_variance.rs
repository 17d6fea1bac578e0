// Works with the variance var = σ² (exp(−(x − μ)² / (2·var)) / √(2π·var)): var overflows to ∞ for σ = 1e200 and underflows to 0 for σ = 1e-170.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
    }
    let var = sigma * sigma;
    let norm = (2.0 * PI * var).sqrt();
    Ok(x.iter()
        .map(|&v| {
            let d = v - mu;
            (-(d * d) / (2.0 * var)).exp() / norm
        })
        .collect())
}
