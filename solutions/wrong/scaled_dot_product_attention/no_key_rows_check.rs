// Checks K's columns against Q's and V's rows against K's, but not K's rows against Q's (cross-attention).
use ndarray::Array2;

pub fn scaled_dot_product_attention(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    causal: bool,
) -> Result<Array2<f64>, String> {
    let d_k = q.ncols();
    if k.ncols() != d_k {
        return Err(format!("q has {d_k} columns but k has {}", k.ncols()));
    }
    if v.nrows() != k.nrows() {
        return Err(format!("k has {} rows but v has {}", k.nrows(), v.nrows()));
    }
    if d_k == 0 {
        return Err("d_k = 0: the scale 1/√d_k is undefined".to_string());
    }
    let mut scores = q.dot(&k.t()) / (d_k as f64).sqrt();
    if causal {
        scores
            .indexed_iter_mut()
            .filter(|((i, j), _)| j > i)
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
