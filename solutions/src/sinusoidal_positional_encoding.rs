//! The fixed sinusoidal positional encoding of "Attention Is All You Need" (Vaswani et al., 2017).

use ndarray::Array2;

/// The `(seq_len, d_model)` sinusoidal positional-encoding matrix, positions counted from 0.
///
/// Column `j` uses `i = j / 2` and the angle `pos / 10000^(2i / d_model)`: even columns hold its
/// sine, odd columns its cosine. With an odd `d_model` the last column is a sine column with
/// `2i = d_model - 1`. Returns `Err` when `d_model` is 0.
pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    // Filling cell by cell over every column (not over sin/cos pairs) covers the unpaired last
    // column of an odd d_model without a special case.
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        // A sin/cos pair (2i, 2i + 1) shares one frequency, so the exponent uses 2i, not j.
        let two_i = (j - j % 2) as f64;
        let angle = pos as f64 / 10000f64.powf(two_i / d);
        if j.is_multiple_of(2) {
            angle.sin()
        } else {
            angle.cos()
        }
    }))
}
