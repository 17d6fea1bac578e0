// Concatenates all the sines, then all the cosines, instead of interleaving them.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    let n_sin = (d_model + 1) / 2;
    Ok(Array2::from_shape_fn((seq_len, d_model), |(pos, j)| {
        let k = if j < n_sin { j } else { j - n_sin };
        let angle = pos as f64 / 10000f64.powf((2 * k) as f64 / d);
        if j < n_sin { angle.sin() } else { angle.cos() }
    }))
}
