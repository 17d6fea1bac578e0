// Computes ln Σ exp(z) without subtracting the row maximum, so exp overflows.
use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]` without the max shift.
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize) -> f64 {
    let log_sum_exp = row.iter().map(|&x| x.exp()).sum::<f64>().ln();
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
    let mut total = 0.0;
    let mut masked = 0usize;
    for ((row, &target), _) in logits
        .rows()
        .into_iter()
        .zip(targets)
        .zip(mask)
        .filter(|(_, is_masked)| **is_masked)
    {
        if target >= vocab {
            return Err(format!("masked target {target} is outside the vocabulary of size {vocab}"));
        }
        total -= log_softmax_at(row, target);
        masked += 1;
    }
    if masked == 0 {
        return Err("no position is masked, so there is nothing to score".to_string());
    }
    Ok(total / masked as f64)
}
