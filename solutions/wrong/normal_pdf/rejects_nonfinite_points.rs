// Validates the points as well as σ: rejects an x holding ±∞ or NaN instead of returning 0.0 or NaN at that position.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
    }
    if let Some(bad) = x.iter().find(|v| !v.is_finite()) {
        return Err(format!("x must be finite, got {bad}"));
    }
    let front = 1.0 / (sigma * (2.0 * PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v - mu) / sigma;
            front * (-0.5 * z * z).exp()
        })
        .collect())
}
