//! Doubling, keeping the evens, the product and the sum of squares of a list, each one an iterator
//! pipeline built from `map`, `filter` and `fold`, with overflow reported as `None`.

/// Four results computed from one list with map, filter and fold.
#[derive(Debug, Clone, PartialEq)]
pub struct HigherOrder {
    /// Each number times 2, or None where that overflows i64.
    pub doubled: Vec<Option<i64>>,
    /// The even numbers, in their original order.
    pub evens: Vec<i64>,
    /// The product of all numbers (1 when empty), or None on overflow.
    pub product: Option<i64>,
    /// The sum of the squares (0 when empty), or None on overflow.
    pub sum_of_squares: Option<i64>,
}

/// Doubles, filters, multiplies and sums the squares of `numbers`, without explicit loops.
// The problem asks to practise `fold` itself; `try_fold` (clippy's suggestion) would also stop at
// the first overflow, but gives the same results.
#[allow(clippy::manual_try_fold)]
pub fn higher_order_functions(numbers: &[i64]) -> HigherOrder {
    // Each entry overflows on its own, so one `None` does not hide the other doublings.
    let doubled = numbers.iter().map(|&x| x.checked_mul(2)).collect();

    // `x % 2 == 0` and not `x % 2 != 1`: Rust's remainder takes the sign of `x` (-3 % 2 == -1).
    let evens = numbers.iter().copied().filter(|x| x % 2 == 0).collect();

    // Start from 1, the empty product; once a step overflows, `and_then` keeps the `None`.
    let product = numbers
        .iter()
        .fold(Some(1_i64), |acc, &x| acc.and_then(|p| p.checked_mul(x)));

    // Start from 0, the empty sum; both the square and the running sum may overflow.
    let sum_of_squares = numbers
        .iter()
        .map(|&x| x.checked_mul(x))
        .fold(Some(0_i64), |acc, square| {
            acc.and_then(|sum| sum.checked_add(square?))
        });

    HigherOrder {
        doubled,
        evens,
        product,
        sum_of_squares,
    }
}
