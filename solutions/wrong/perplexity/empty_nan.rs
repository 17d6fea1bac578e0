// Does not reject the empty input, so the mean over zero tokens is 0 / 0 = NaN.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    Ok(nll.exp())
}
