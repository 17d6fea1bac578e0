// Returns the empty (0, d_model) table for seq_len = 0 before checking d_model, so d_model = 0 is accepted when there are no positions.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if seq_len == 0 {
        // No positions: nothing to encode.
        return Ok(Array2::zeros((0, d_model)));
    }
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let two_i = (2 * (j / 2)) as f64;
        let angle = pos as f64 / 10000f64.powf(two_i / d);
        if j % 2 == 0 { angle.sin() } else { angle.cos() }
    }))
}
