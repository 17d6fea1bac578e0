// Raises 2 to the mean negative log-likelihood measured in nats (mixes the bases 2 and e).
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    Ok(2f64.powf(nll))
}
