//! The Transformer's input layer: token-embedding lookup plus the sinusoidal positional encoding.

use ndarray::Array2;

/// The sinusoidal positional encoding at position `pos`, column `j`, for width `d`.
///
/// Column `j` uses `i = j / 2` and the angle `pos / 10000^(2i / d)`: even columns take its sine,
/// odd columns its cosine (Vaswani et al., 2017, §3.5).
fn positional_encoding(pos: usize, j: usize, d: usize) -> f64 {
    // A sin/cos pair (2i, 2i + 1) shares one frequency, so the exponent uses 2i, not j.
    let two_i = (j - j % 2) as f64;
    let angle = pos as f64 / 10000f64.powf(two_i / d as f64);
    if j.is_multiple_of(2) {
        angle.sin()
    } else {
        angle.cos()
    }
}

/// Embeds `token_ids` with `table` (shape `(vocab, d)`) and adds the positional encoding of each
/// position, giving a `(token_ids.len(), d)` matrix.
///
/// With `scale`, embeddings (not the encoding) are multiplied by `√d` first. Returns `Err` when a
/// token id is `>= vocab` or the table has no columns.
pub fn embed_with_positions(
    token_ids: &[usize],
    table: &Array2<f64>,
    scale: bool,
) -> Result<Array2<f64>, String> {
    let (vocab, d) = table.dim();
    if d == 0 {
        return Err("the embedding table has no columns (d = 0)".to_string());
    }
    // Check every id before indexing, so a bad id is an `Err` rather than a panic.
    if let Some(&id) = token_ids.iter().find(|&&id| id >= vocab) {
        return Err(format!(
            "token id {id} is out of range for a vocabulary of {vocab}"
        ));
    }
    let s = if scale { (d as f64).sqrt() } else { 1.0 };
    // Row p: the embedding of the token at p, plus the encoding of the position p (not of the id).
    Ok(Array2::from_shape_fn((token_ids.len(), d), |(p, j)| {
        s * table[[token_ids[p], j]] + positional_encoding(p, j, d)
    }))
}
