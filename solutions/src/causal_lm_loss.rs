//! The causal language-modelling loss: each position's logits are scored against the next token.

use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]`, stable for huge logits: the row maximum is subtracted before `exp`, so
/// the largest term is `exp(0) = 1` and nothing overflows.
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize) -> f64 {
    let max = row.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let log_sum_exp = max + row.iter().map(|&x| (x - max).exp()).sum::<f64>().ln();
    row[k] - log_sum_exp
}

/// Mean next-token cross-entropy of `logits` (shape `(T, V)`) for the sequence `tokens` (length
/// `T`): row `t` predicts `tokens[t + 1]`, for `t = 0..T-1`.
///
/// Returns `Err` when the lengths differ, when `T < 2` (no position has a next token) or when a
/// token id is not below the vocabulary size `V`.
pub fn causal_lm_loss(logits: &Array2<f64>, tokens: &[usize]) -> Result<f64, String> {
    let (seq_len, vocab) = logits.dim();
    if tokens.len() != seq_len {
        return Err(format!(
            "logits have {seq_len} positions but there are {} tokens",
            tokens.len()
        ));
    }
    if seq_len < 2 {
        return Err("a sequence needs at least 2 tokens to have a next-token target".to_string());
    }
    if let Some(&bad) = tokens.iter().find(|&&id| id >= vocab) {
        return Err(format!(
            "token id {bad} is outside the vocabulary of size {vocab}"
        ));
    }
    // windows(2) pairs each token with its successor; zip stops after T - 1 rows, so the last
    // row (which has no next token) is never scored.
    let total: f64 = logits
        .rows()
        .into_iter()
        .zip(tokens.windows(2))
        .map(|(row, pair)| -log_softmax_at(row, pair[1]))
        .sum();
    Ok(total / (seq_len - 1) as f64)
}
