//! The normal (Gaussian) probability density, evaluated element-wise.

use std::f64::consts::PI;

/// Density of the normal distribution with mean `mu` and standard deviation `sigma` at each `x`.
///
/// Returns `Err` unless `sigma` is a positive finite number. Far in the tails the density
/// underflows to 0.0, which is the correct `f64` answer.
pub fn normal_pdf(x: &[f64], mu: f64, sigma: f64) -> Result<Vec<f64>, String> {
    // Written so that NaN fails the test: every comparison with NaN is false.
    if !(sigma > 0.0 && sigma.is_finite()) {
        return Err(format!(
            "sigma must be a positive finite standard deviation, got {sigma}"
        ));
    }
    // The normalising constant depends only on sigma: compute it once.
    let front = 1.0 / (sigma * (2.0 * PI).sqrt());
    Ok(x.iter()
        .map(|&v| {
            let z = (v - mu) / sigma;
            front * (-0.5 * z * z).exp()
        })
        .collect())
}
