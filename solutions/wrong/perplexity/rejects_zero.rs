// Rejects a probability of exactly 0 instead of returning an infinite perplexity.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|&&p| !(p > 0.0 && p <= 1.0)) {
        return Err(format!("{p} is not a probability in (0, 1]"));
    }
    let nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    Ok(nll.exp())
}
