// Computes the densities in f32 and converts them to f64 only at the end.

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!("sigma must be a positive finite standard deviation, got {sigma}"));
    }
    let (mu, sigma) = (mu as f32, sigma as f32);
    let front = 1.0_f32 / (sigma * (2.0_f32 * std::f32::consts::PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v as f32 - mu) / sigma;
            f64::from(front * (-0.5_f32 * z * z).exp())
        })
        .collect())
}
