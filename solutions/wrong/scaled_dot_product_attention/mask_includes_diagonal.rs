// Masks j >= i instead of j > i, so a position may not attend to itself.
use ndarray::Array2;

pub fn scaled_dot_product_attention(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> Result<Array2<f64>, String> {
    let (seq_len, d_k) = q.dim();
    if k.dim() != (seq_len, d_k) {
        return Err(format!("q has shape {:?} but k has shape {:?}", q.dim(), k.dim()));
    }
    if v.nrows() != seq_len {
        return Err(format!("q and k have {seq_len} positions but v has {}", v.nrows()));
    }
    if d_k == 0 {
        return Err("d_k = 0: the scale 1/√d_k is undefined".to_string());
    }
    let mut scores = q.dot(&k.t()) / (d_k as f64).sqrt();
    if causal {
        scores
            .indexed_iter_mut()
            .filter(|((i, j), _)| j >= i)
            .for_each(|(_, s)| *s = f64::NEG_INFINITY);
    }
    for mut row in scores.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        row.mapv_inplace(|s| (s - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    Ok(scores.dot(v))
}
