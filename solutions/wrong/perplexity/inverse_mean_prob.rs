// Returns 1 / the arithmetic mean of the probabilities instead of 1 / their geometric mean.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let mean = token_probs.iter().sum::<f64>() / token_probs.len() as f64;
    Ok(1.0 / mean)
}
