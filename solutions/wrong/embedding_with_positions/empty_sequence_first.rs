// Returns the empty (0, d) result for an empty token_ids before validating the table, so a zero-width table (d = 0) is accepted when there are no tokens.

use ndarray::Array2;

fn positional_encoding(pos: usize, j: usize, d: usize) -> f64 {
    let two_i = (j - j % 2) as f64;
    let angle = pos as f64 / 10000f64.powf(two_i / d as f64);
    if j.is_multiple_of(2) {
        angle.sin()
    } else {
        angle.cos()
    }
}

pub fn embed_with_positions(
    token_ids: &[usize],
    table: &Array2<f64>,
    scale: bool,
) -> Result<Array2<f64>, String> {
    let (vocab, d) = table.dim();
    if token_ids.is_empty() {
        // Nothing to look up.
        return Ok(Array2::zeros((0, d)));
    }
    if d == 0 {
        return Err("the embedding table has no columns (d = 0)".to_string());
    }
    if let Some(&id) = token_ids.iter().find(|&&id| id >= vocab) {
        return Err(format!(
            "token id {id} is out of range for a vocabulary of {vocab}"
        ));
    }
    let s = if scale { (d as f64).sqrt() } else { 1.0 };
    Ok(Array2::from_shape_fn((token_ids.len(), d), |(p, j)| {
        s * table[[token_ids[p], j]] + positional_encoding(p, j, d)
    }))
}