// Ignores the mask: scores every position and averages over all T of them.
use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]`, stable: the row maximum is subtracted before `exp`.
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize) -> f64 {
    let max = row.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let log_sum_exp = max + row.iter().map(|&x| (x - max).exp()).sum::<f64>().ln();
    row[k] - log_sum_exp
}

pub fn masked_lm_loss(
    logits: &Array2<f64>,
    targets: &[usize],
    mask: &[bool],
) -> Result<f64, String> {
    let (seq_len, vocab) = logits.dim();
    if targets.len() != seq_len || mask.len() != seq_len {
        return Err(format!(
            "logits have {seq_len} positions, targets {} and mask {}",
            targets.len(),
            mask.len()
        ));
    }
    if let Some(&bad) = targets.iter().find(|&&t| t >= vocab) {
        return Err(format!("target {bad} is outside the vocabulary of size {vocab}"));
    }
    if seq_len == 0 {
        return Err("an empty sequence has nothing to score".to_string());
    }
    let total: f64 = logits
        .rows()
        .into_iter()
        .zip(targets)
        .map(|(row, &target)| -log_softmax_at(row, target))
        .sum();
    Ok(total / seq_len as f64)
}
