// Uses the exponent i / d instead of 2i / d, with i = j / 2 the pair index.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let i = (j / 2) as f64;
        let angle = pos as f64 / 10000f64.powf(i / d);
        if j % 2 == 0 { angle.sin() } else { angle.cos() }
    }))
}
