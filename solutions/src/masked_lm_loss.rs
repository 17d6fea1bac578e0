//! The masked language-modelling loss: cross-entropy averaged over the masked positions only.

use ndarray::{Array2, ArrayView1};

/// `log_softmax(row)[k]`, stable for huge logits: the row maximum is subtracted before `exp`.
fn log_softmax_at(row: ArrayView1<'_, f64>, k: usize) -> f64 {
    let max = row.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let log_sum_exp = max + row.iter().map(|&x| (x - max).exp()).sum::<f64>().ln();
    row[k] - log_sum_exp
}

/// Mean cross-entropy of `logits` (shape `(T, V)`) against `targets` over the positions where
/// `mask` is `true`; unmasked positions, and their targets, are ignored.
///
/// Returns `Err` when the lengths differ, when no position is masked, or when a masked
/// position's target is not below the vocabulary size `V`.
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
        // Only scored targets must be real token ids; unmasked ones are placeholders.
        if target >= vocab {
            return Err(format!(
                "masked target {target} is outside the vocabulary of size {vocab}"
            ));
        }
        total -= log_softmax_at(row, target);
        masked += 1;
    }
    if masked == 0 {
        // The mean over no positions is 0 / 0: reject rather than return NaN.
        return Err("no position is masked, so there is nothing to score".to_string());
    }
    Ok(total / masked as f64)
}
