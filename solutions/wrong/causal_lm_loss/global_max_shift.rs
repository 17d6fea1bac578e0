// Shifts every row by the maximum of the whole matrix instead of the row's own maximum.
use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]` with the exponentials shifted by `shift`.
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize, shift: f64) -> f64 {
    let log_sum_exp = shift + row.iter().map(|&x| (x - shift).exp()).sum::<f64>().ln();
    row[k] - log_sum_exp
}

pub fn causal_lm_loss(logits: &Array2<f64>, tokens: &[usize]) -> Result<f64, String> {
    let (seq_len, vocab) = logits.dim();
    if tokens.len() != seq_len {
        return Err(format!("logits have {seq_len} positions but there are {} tokens", tokens.len()));
    }
    if seq_len < 2 {
        return Err("a sequence needs at least 2 tokens to have a next-token target".to_string());
    }
    if let Some(&bad) = tokens.iter().find(|&&id| id >= vocab) {
        return Err(format!("token id {bad} is outside the vocabulary of size {vocab}"));
    }
    // One maximum for the whole matrix.
    let max = logits.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let total: f64 = logits
        .rows()
        .into_iter()
        .zip(tokens.windows(2))
        .map(|(row, pair)| -log_softmax_at(row, pair[1], max))
        .sum();
    Ok(total / (seq_len - 1) as f64)
}
