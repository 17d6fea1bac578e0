//! Perplexity of a sequence from the probabilities a model assigned to its actual tokens.

/// Perplexity `exp(−(1/N) · Σ ln pᵢ)` of the per-token probabilities `token_probs`.
///
/// A probability of 0 gives `+∞`. Returns `Err` when the input is empty or a probability is NaN
/// or outside `[0, 1]`.
pub fn perplexity(token_probs: &[f64]) -> Result<f64, String> {
    if token_probs.is_empty() {
        return Err("cannot compute the perplexity of zero tokens".to_string());
    }
    // `contains` is false for NaN, so this one check rejects NaN as well as out-of-range values.
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    // Average the logarithms rather than multiplying the probabilities: a product of many small
    // numbers underflows to 0, while the sum of their logs stays representable. `ln(0) = −∞`
    // propagates to a mean of `+∞` and then `exp(+∞) = +∞`, which is the intended result.
    let mean_nll = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    Ok(mean_nll.exp())
}
