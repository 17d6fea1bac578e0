// Uses wrapping arithmetic everywhere (what plain `*` and `+` do in a release build), so no result is ever `None`.

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
#[allow(clippy::manual_try_fold)]
pub fn higher_order_functions(numbers: &[i64]) -> HigherOrder {
    let doubled = numbers.iter().map(|&x| Some(x.wrapping_mul(2))).collect();

    let evens = numbers.iter().copied().filter(|x| x % 2 == 0).collect();

    let product = Some(numbers.iter().fold(1_i64, |acc, &x| acc.wrapping_mul(x)));

    let sum_of_squares = Some(
        numbers
            .iter()
            .map(|&x| x.wrapping_mul(x))
            .fold(0_i64, |sum, square| sum.wrapping_add(square)),
    );

    HigherOrder {
        doubled,
        evens,
        product,
        sum_of_squares,
    }
}
