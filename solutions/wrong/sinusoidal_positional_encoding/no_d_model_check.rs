// Accepts d_model = 0 and returns an empty (seq_len, 0) matrix instead of an Err.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    let d = d_model as f64;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let two_i = (j - j % 2) as f64;
        let angle = pos as f64 / 10000f64.powf(two_i / d);
        if j % 2 == 0 { angle.sin() } else { angle.cos() }
    }))
}
