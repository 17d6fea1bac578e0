//! Cross-entropy of a token sequence in nats and in bits, from the probabilities of its tokens.

use std::f64::consts::LN_2;

/// The mean cross-entropy of a token sequence, in two units.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossEntropy {
    /// Mean of −ln(p) over the tokens.
    pub nats: f64,
    /// Mean of −log₂(p) over the tokens.
    pub bits: f64,
}

/// Mean negative log-probability of `token_probs`, in nats and in bits.
///
/// A probability of 0 gives `+∞` in both units. Returns `Err` when the input is empty or a
/// probability is NaN or outside `[0, 1]`.
pub fn cross_entropy(token_probs: &[f64]) -> Result<CrossEntropy, String> {
    if token_probs.is_empty() {
        return Err("cannot average a cross-entropy over zero tokens".to_string());
    }
    // `contains` is false for NaN, so this one check rejects NaN as well as out-of-range values.
    if let Some(&p) = token_probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    // `ln(0) = −∞`, so a zero probability makes the mean `+∞`, which is the intended result.
    let nats = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    // log₂ x = ln x / ln 2: one nat is 1 / ln 2 ≈ 1.4427 bits, so divide (∞ stays ∞).
    let bits = nats / LN_2;
    Ok(CrossEntropy { nats, bits })
}
