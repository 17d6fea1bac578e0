// Exponentiates the summed negative log-likelihood instead of its mean over the tokens.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let total_nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>();
    Ok(total_nll.exp())
}
