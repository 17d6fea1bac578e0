// Starts each row's maximum at 0.0 instead of -inf (fold(0.0, f64::max)): a row whose logits are all far below 0 is shifted by 0 and its exps underflow.
use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]`, shifted by the row's maximum (taken with a fold that starts at 0).
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize) -> f64 {
    let m = row.iter().fold(0.0_f64, |m, &x| m.max(x));
    let log_sum_exp = m + row.iter().map(|&x| (x - m).exp()).sum::<f64>().ln();
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
    let total: f64 = logits
        .rows()
        .into_iter()
        .zip(tokens.windows(2))
        .map(|(row, pair)| -log_softmax_at(row, pair[1]))
        .sum();
    Ok(total / (seq_len - 1) as f64)
}
