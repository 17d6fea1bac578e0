// Computes the logarithms, their mean and the exponential in f32 instead of f64.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let n = token_probs.len() as f32;
    let mean_nll = token_probs.iter().map(|&p| -(p as f32).ln()).sum::<f32>() / n;
    Ok(f64::from(mean_nll.exp()))
}
