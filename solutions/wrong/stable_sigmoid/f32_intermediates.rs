// Computes the stable sigmoid in f32: about 7 correct digits, and σ(x) underflows to 0 below x ≈ -104.

/// σ(x) = 1 / (1 + e^−x) for every element of `x`.
pub fn stable_sigmoid(x: &[f64]) -> Vec<f64> {
    x.iter().map(|&v| sigmoid(v)).collect()
}

fn sigmoid(v: f64) -> f64 {
    let v = v as f32;
    let s = if v >= 0.0 {
        1.0 / (1.0 + (-v).exp())
    } else {
        let e = v.exp();
        e / (1.0 + e)
    };
    f64::from(s)
}
