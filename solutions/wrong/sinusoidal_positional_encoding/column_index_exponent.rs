// Gives every column its own exponent j / d, so a cos column does not share its sin's frequency.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let angle = pos as f64 / 10000f64.powf(j as f64 / d);
        if j % 2 == 0 { angle.sin() } else { angle.cos() }
    }))
}
