// Sums and divides in f32 (to save memory), widening the means to f64 only at the end.

use ndarray::{Array1, Array2, Axis};

/// Mean of `x` along `axis`: 0 averages each column, 1 averages each row.
pub fn mean_along_axis(x: &Array2<f64>, axis: usize) -> Result<Array1<f64>, String> {
    if axis >= 2 {
        return Err(format!("axis {axis} is out of range for a 2-D array"));
    }
    Ok(x.lanes(Axis(axis))
        .into_iter()
        .map(|lane| {
            let sum = lane.iter().fold(0.0_f32, |acc, &v| acc + v as f32);
            f64::from(sum / lane.len() as f32)
        })
        .collect())
}
