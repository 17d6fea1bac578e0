// Loops over the d_model / 2 (sin, cos) pairs, so an odd d_model's last column stays 0.

use ndarray::Array2;

pub fn positional_encoding(seq_len: usize, d_model: usize) -> Result<Array2<f64>, String> {
    if d_model == 0 {
        return Err("d_model must be at least 1".to_string());
    }
    let d = d_model as f64;
    let mut pe = Array2::<f64>::zeros((seq_len, d_model));
    for pos in 0..seq_len {
        for i in 0..d_model / 2 {
            let angle = pos as f64 / 10000f64.powf((2 * i) as f64 / d);
            pe[[pos, 2 * i]] = angle.sin();
            pe[[pos, 2 * i + 1]] = angle.cos();
        }
    }
    Ok(pe)
}
