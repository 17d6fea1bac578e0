//! How a returned value differs from the expected one, structurally: where in the value (a path
//! such as `.running_var[0]` or `[1, 2]`), what was expected and what came back, the errors and
//! the tolerance they were held to. The judge's evaluate stage builds these; renderers word them.

use std::fmt;

use pixelbank_spec::{Tolerance, Value};

/// One step into a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A struct field.
    Field(String),
    /// An element of a list or array: its (multi-)index, and how many elements the list or array
    /// holds (`of`), so that a renderer can say "3 of 12 elements differ".
    Index {
        /// The index, one number per axis (one for a list).
        at: Vec<usize>,
        /// The number of elements of the list or array.
        of: usize,
    },
    /// An item of a tuple.
    Item(usize),
}

/// Where a difference is inside a value; empty for the value itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValuePath(pub Vec<Segment>);

impl ValuePath {
    /// This path, one step further.
    pub fn join(&self, segment: Segment) -> ValuePath {
        let mut segments = self.0.clone();
        segments.push(segment);
        ValuePath(segments)
    }

    /// Whether this is the value itself.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path of the list or array holding this element, and the element's index in it and the
    /// number of elements: `None` unless the last step is an index.
    pub fn container(&self) -> Option<(ValuePath, &[usize], usize)> {
        match self.0.split_last() {
            Some((Segment::Index { at, of }, rest)) => Some((ValuePath(rest.to_vec()), at, *of)),
            _ => None,
        }
    }
}

impl fmt::Display for ValuePath {
    /// `.running_var[0]`, `[1, 2]`, `.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.0 {
            match segment {
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Item(i) => write!(f, ".{i}")?,
                Segment::Index { at, .. } => {
                    f.write_str("[")?;
                    for (k, i) in at.iter().enumerate() {
                        if k > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{i}")?;
                    }
                    f.write_str("]")?;
                }
            }
        }
        Ok(())
    }
}

/// What differs at one place.
#[derive(Debug, Clone, PartialEq)]
pub enum DifferenceKind {
    /// Two floats further apart than the tolerance allows (or a NaN or an infinity where the
    /// other is not the same).
    Float {
        /// The expected float.
        expected: f64,
        /// The returned float.
        actual: f64,
        /// What the case allows.
        tolerance: Tolerance,
    },
    /// Two values that must be equal and are not: integers, booleans, strings, or a `Some` and a
    /// `None`.
    Value {
        /// The expected value.
        expected: Value,
        /// The returned value.
        actual: Value,
    },
    /// A list of another length.
    Length {
        /// The expected length.
        expected: usize,
        /// The returned length.
        actual: usize,
    },
    /// An array of another shape (its elements are not compared).
    Shape {
        /// The expected shape.
        expected: Vec<usize>,
        /// The returned shape.
        actual: Vec<usize>,
    },
    /// A struct field the returned value lacks.
    MissingField,
}

impl DifferenceKind {
    /// `|actual − expected|` for two finite floats.
    pub fn abs_error(&self) -> Option<f64> {
        match self {
            DifferenceKind::Float {
                expected, actual, ..
            } if expected.is_finite() && actual.is_finite() => Some((actual - expected).abs()),
            _ => None,
        }
    }

    /// `|actual − expected| / |expected|` for two finite floats (infinite when 0 was expected).
    pub fn rel_error(&self) -> Option<f64> {
        let abs = self.abs_error()?;
        match self {
            DifferenceKind::Float { expected, .. } if *expected != 0.0 => {
                Some(abs / expected.abs())
            }
            _ => Some(f64::INFINITY),
        }
    }
}

/// One place where the returned value differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where.
    pub path: ValuePath,
    /// What.
    pub kind: DifferenceKind,
}

/// How a case's outcome differs from what it expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Mismatch {
    /// The input should have been rejected, and a value came back.
    NotRejected,
    /// A value was expected, and the input was rejected.
    Rejected {
        /// The `Err` message, if the function returned `Err` (not `None`).
        message: Option<String>,
    },
    /// The value differs.
    Values {
        /// The differences in the value's order, at most [`Mismatch::KEPT`] of them.
        differences: Vec<Difference>,
        /// How many differences there are in all.
        count: usize,
    },
}

impl Mismatch {
    /// How many differences a mismatch keeps; `count` says how many there are.
    pub const KEPT: usize = 64;

    /// The difference with the largest absolute error among finite floats, if any.
    pub fn largest_error(&self) -> Option<&Difference> {
        match self {
            Mismatch::Values { differences, .. } => differences
                .iter()
                .filter(|d| d.kind.abs_error().is_some())
                .max_by(|a, b| {
                    let (x, y) = (a.kind.abs_error(), b.kind.abs_error());
                    x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
                }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_as_a_learner_would_index_the_value() {
        let path = ValuePath::default()
            .join(Segment::Field("running_var".into()))
            .join(Segment::Index { at: vec![0], of: 3 });
        assert_eq!(path.to_string(), ".running_var[0]");
        let (container, at, of) = path.container().expect("an element");
        assert_eq!(
            (container.to_string().as_str(), at, of),
            (".running_var", &[0][..], 3)
        );
        let cell = ValuePath(vec![Segment::Index {
            at: vec![1, 2],
            of: 6,
        }]);
        assert_eq!(cell.to_string(), "[1, 2]");
    }

    #[test]
    fn errors_are_measured_between_finite_floats_only() {
        let d = DifferenceKind::Float {
            expected: 2.0,
            actual: 2.5,
            tolerance: Tolerance::default(),
        };
        assert_eq!(d.abs_error(), Some(0.5));
        assert_eq!(d.rel_error(), Some(0.25));
        let nan = DifferenceKind::Float {
            expected: 1.0,
            actual: f64::NAN,
            tolerance: Tolerance::default(),
        };
        assert_eq!(nan.abs_error(), None);
    }
}
