// Rejects only the empty input: probabilities outside [0, 1], and NaN, are used as they are.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    let nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    Ok(nll.exp())
}
