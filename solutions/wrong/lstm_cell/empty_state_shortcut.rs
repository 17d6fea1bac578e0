// Returns empty states as soon as h is empty (H = 0), before checking the other shapes: weights and biases that do not fit H = 0 are accepted.
use ndarray::{Array1, Array2, s};

/// The state of an LSTM cell after one step.
#[derive(Debug, Clone, PartialEq)]
pub struct LstmState {
    /// The new hidden state h', of length H.
    pub h: Array1<f64>,
    /// The new cell state c', of length H.
    pub c: Array1<f64>,
}

/// The logistic function 1 / (1 + e^(−z)); for z → −∞, e^(−z) is +∞ and the result is 0, not NaN.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// One LSTM step from input `x` (length I) and state `h`, `c` (length H), with PyTorch's weight
/// layout: `w_ih` is `(4H, I)`, `w_hh` is `(4H, H)`, `b_ih` and `b_hh` have length 4H, and the
/// rows are the blocks of the input, forget, cell-candidate and output gates, in that order.
///
/// Returns `Err` when any shape disagrees with H = `h.len()` and I = `x.len()`.
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
    if hidden == 0 {
        // No hidden units: nothing to compute.
        return Ok(LstmState { h: Array1::zeros(0), c: Array1::zeros(0) });
    }
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
    if w_hh.dim() != (4 * hidden, hidden) {
        return Err(format!(
            "w_hh must be (4H, H) = {:?}, found {:?}",
            (4 * hidden, hidden),
            w_hh.dim()
        ));
    }
    if b_ih.len() != 4 * hidden || b_hh.len() != 4 * hidden {
        return Err(format!(
            "biases must have length 4H = {}, found {} and {}",
            4 * hidden,
            b_ih.len(),
            b_hh.len()
        ));
    }
    let gates = w_ih.dot(x) + b_ih + w_hh.dot(h) + b_hh;
    // Consecutive blocks of H rows, in PyTorch's order: input, forget, cell candidate, output.
    let block = |n: usize| gates.slice(s![n * hidden..(n + 1) * hidden]);
    let i = block(0).mapv(sigmoid);
    let f = block(1).mapv(sigmoid);
    let g = block(2).mapv(f64::tanh);
    let o = block(3).mapv(sigmoid);
    let c_new = f * c + i * g;
    // The output reads the NEW cell state.
    let h_new = o * c_new.mapv(f64::tanh);
    Ok(LstmState { h: h_new, c: c_new })
}
