// Checks the shapes of c, w_ih and b_ih but not those of w_hh and b_hh.

use ndarray::{Array1, Array2, s};

#[derive(Debug, Clone, PartialEq)]
pub struct LstmState {
    pub h: Array1<f64>,
    pub c: Array1<f64>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

pub fn lstm_cell(
    x: &Array1<f64>,
    h: &Array1<f64>,
    c: &Array1<f64>,
    w_ih: &Array2<f64>,
    w_hh: &Array2<f64>,
    b_ih: &Array1<f64>,
    b_hh: &Array1<f64>,
) -> Result<LstmState, String> {
    let hidden = h.len();
    let input = x.len();
    if c.len() != hidden {
        return Err(format!("h has length {hidden} but c has {}", c.len()));
    }
    if w_ih.dim() != (4 * hidden, input) {
        return Err(format!(
            "w_ih must be (4H, I) = {:?}, found {:?}",
            (4 * hidden, input),
            w_ih.dim()
        ));
    }
    if b_ih.len() != 4 * hidden {
        return Err(format!("b_ih must have length 4H = {}, found {}", 4 * hidden, b_ih.len()));
    }
    let gates = w_ih.dot(x) + b_ih + w_hh.dot(h) + b_hh;
    let block = |n: usize| gates.slice(s![n * hidden..(n + 1) * hidden]);
    let i = block(0).mapv(sigmoid);
    let f = block(1).mapv(sigmoid);
    let g = block(2).mapv(f64::tanh);
    let o = block(3).mapv(sigmoid);
    let c_new = f * c + i * g;
    let h_new = o * c_new.mapv(f64::tanh);
    Ok(LstmState { h: h_new, c: c_new })
}