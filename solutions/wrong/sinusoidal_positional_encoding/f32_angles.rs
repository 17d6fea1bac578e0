// Computes the angles and their sines and cosines in f32 instead of f64.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f32;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let two_i = (j - j % 2) as f32;
        let angle = pos as f32 / 10000f32.powf(two_i / d);
        (if j % 2 == 0 { angle.sin() } else { angle.cos() }) as f64
    }))
}
