//! The evaluate stage: what a case's run gave, held against what the case expects. Integers,
//! booleans and strings must be equal; floats within an absolute OR a relative tolerance
//! (testlib's rule), NaN only with NaN, an infinity only with the same infinity; lists by length
//! then element by element, arrays by shape then element by element, structs field by field; a
//! rejection only with a rejection. Differences come back as data ([`Mismatch`]); a failed run
//! becomes the [`Failure`] its facts support, never the one the child's signal suggests.

use std::time::Duration;

use pixelbank_spec::{Case, Expected, Outcome, Problem, Schema, Tolerance, Value};
use pixelbank_verdict::{
    CaseDetail, CaseReport, Difference, DifferenceKind, Failure, Mismatch, Mistake, Segment,
    Unreadable, ValuePath,
};

use crate::execute::{Ending, Ran};

/// Whether `actual` is within tolerance of `expected`.
pub fn floats_match(expected: f64, actual: f64, tol: Tolerance) -> bool {
    if expected.is_nan() || actual.is_nan() {
        return expected.is_nan() && actual.is_nan();
    }
    if expected.is_infinite() || actual.is_infinite() {
        return expected == actual;
    }
    let err = (actual - expected).abs();
    err <= tol.abs || err <= tol.rel * expected.abs()
}

/// How `actual` differs from `expected`; `None` when they match.
pub fn compare(expected: &Expected, actual: &Outcome, tol: Tolerance) -> Option<Mismatch> {
    match (expected, actual) {
        (Expected::Rejection, Outcome::Rejected(_)) => None,
        (Expected::Rejection, Outcome::Returned(_)) => Some(Mismatch::NotRejected),
        (Expected::Value(_), Outcome::Rejected(message)) => Some(Mismatch::Rejected {
            message: message.clone(),
        }),
        (Expected::Value(e), Outcome::Returned(a)) => {
            let mut found = Differences::default();
            diff(e, a, tol, &ValuePath::default(), &mut found);
            (found.count > 0).then_some(Mismatch::Values {
                differences: found.kept,
                count: found.count,
            })
        }
    }
}

/// Whether `actual` matches `expected` within `tol`.
pub fn matches(expected: &Expected, actual: &Outcome, tol: Tolerance) -> bool {
    compare(expected, actual, tol).is_none()
}

#[derive(Default)]
struct Differences {
    kept: Vec<Difference>,
    count: usize,
}

impl Differences {
    fn push(&mut self, path: &ValuePath, kind: DifferenceKind) {
        self.count += 1;
        if self.kept.len() < Mismatch::KEPT {
            self.kept.push(Difference {
                path: path.clone(),
                kind,
            });
        }
    }
}

fn diff(e: &Value, a: &Value, tol: Tolerance, at: &ValuePath, out: &mut Differences) {
    match (e, a) {
        (Value::Float(x), Value::Float(y)) => {
            if !floats_match(*x, *y, tol) {
                out.push(
                    at,
                    DifferenceKind::Float {
                        expected: *x,
                        actual: *y,
                        tolerance: tol,
                    },
                );
            }
        }
        (Value::List(xs), Value::List(ys)) => {
            if xs.len() != ys.len() {
                return out.push(
                    at,
                    DifferenceKind::Length {
                        expected: xs.len(),
                        actual: ys.len(),
                    },
                );
            }
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                let segment = Segment::Index {
                    at: vec![i],
                    of: xs.len(),
                };
                diff(x, y, tol, &at.join(segment), out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.shape != y.shape || x.data.len() != y.data.len() {
                return out.push(
                    at,
                    DifferenceKind::Shape {
                        expected: x.shape.clone(),
                        actual: y.shape.clone(),
                    },
                );
            }
            for (i, (p, q)) in x.data.iter().zip(&y.data).enumerate() {
                let segment = Segment::Index {
                    at: x.index_of(i),
                    of: x.data.len(),
                };
                diff(p, q, tol, &at.join(segment), out);
            }
        }
        (Value::Struct(xs), Value::Struct(ys)) => {
            for (name, x) in xs {
                let path = at.join(Segment::Field(name.clone()));
                match ys.iter().find(|(n, _)| n == name) {
                    Some((_, y)) => diff(x, y, tol, &path, out),
                    None => out.push(&path, DifferenceKind::MissingField),
                }
            }
        }
        (Value::Option(Some(x)), Value::Option(Some(y))) => diff(x, y, tol, at, out),
        _ if e == a => {}
        _ => out.push(
            at,
            DifferenceKind::Value {
                expected: e.clone(),
                actual: a.clone(),
            },
        ),
    }
}

/// What the judge knows of a case besides its run.
pub(crate) struct Judging<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// Whether hidden cases' details may be shown (authors only).
    pub reveal_hidden: bool,
}

impl Judging<'_> {
    /// The report of case `index` from its run.
    pub fn case(&self, index: usize, ran: Ran) -> CaseReport {
        self.case_of(&self.problem.cases[index], ran)
    }

    /// The report of `case`, one of the problem's or one made for it (a generated input), from
    /// its run.
    pub fn case_of(&self, case: &Case, ran: Ran) -> CaseReport {
        let problem = self.problem;
        let mut actual = None;
        let mut location = None;
        let failure = match ran.ending {
            Ending::Returned(value) => {
                let schema = Schema {
                    structs: &problem.signature,
                    bindings: &case.bindings,
                };
                match pixelbank_wire::host::decode_outcome(
                    &schema,
                    &problem.signature.returns,
                    &value,
                ) {
                    Ok(outcome) => {
                        let mismatch = compare(&case.expected, &outcome, case.tolerance);
                        actual = Some(outcome);
                        mismatch.map(|m| Failure::WrongAnswer(Some(m)))
                    }
                    Err(e) => Some(Failure::Unreadable(Some(Unreadable::WrongType {
                        reason: e.to_string(),
                    }))),
                }
            }
            Ending::Panicked {
                message,
                location: at,
            } => {
                location = Some(at).filter(|l| !l.is_empty());
                let not_implemented = message.starts_with("not yet implemented")
                    || message.starts_with("not implemented");
                Some(if not_implemented {
                    Failure::NotImplemented
                } else {
                    Failure::Panicked {
                        message: Some(message),
                    }
                })
            }
            Ending::Unreadable(why) => Some(Failure::Unreadable(Some(why))),
            Ending::TimedOut => Some(Failure::TimeLimit {
                limit: Duration::from_millis(problem.limits.time_ms),
            }),
            Ending::OutputLimit => Some(Failure::OutputLimit {
                limit_bytes: crate::execute::OUTPUT_LIMIT,
            }),
            Ending::Died {
                reaped,
                memory_exceeded,
                stderr,
            } => Some(died(problem, reaped, memory_exceeded, &stderr)),
            Ending::Interrupted => Some(Failure::Interrupted),
            Ending::NotRun => Some(Failure::NotRun {
                grace: Duration::from_millis(problem.limits.time_ms),
            }),
            // Cases are never timed.
            Ending::Timed(_) => Some(Failure::Unreadable(Some(Unreadable::Malformed))),
        };
        let mistake = actual
            .as_ref()
            .filter(|_| failure.is_some())
            .and_then(|a| recognise(case, a));
        let show = failure.is_some() && (!case.hidden || self.reveal_hidden);
        let detail = show.then(|| CaseDetail {
            bindings: case.bindings.clone(),
            inputs: problem
                .signature
                .params
                .iter()
                .map(|p| p.name.clone())
                .zip(case.inputs.iter().cloned())
                .collect(),
            expected: case.expected.clone(),
            actual,
            location,
            mistake,
            hint: case.hint.clone(),
            output: ran.output,
        });
        let failure = match failure {
            Some(f) if case.hidden && !self.reveal_hidden => Some(f.redacted()),
            other => other,
        };
        CaseReport {
            name: case.name.clone(),
            hidden: case.hidden,
            points: if failure.is_none() { case.points } else { 0 },
            max_points: case.points,
            duration: ran.duration,
            failure,
            detail,
        }
    }
}

/// The known mistake `actual` matches: the first, as the problem file orders them.
pub(crate) fn recognise(case: &Case, actual: &Outcome) -> Option<Mistake> {
    case.mistakes
        .iter()
        .enumerate()
        .find(|(_, m)| matches(&m.output, actual, case.tolerance))
        .map(|(i, m)| Mistake {
            id: case.mistake_id(i),
            message: m.message.clone(),
        })
}

/// Explains a process that ended without a record, from what the judge observed: its exit
/// status, the kernel's CPU and memory accounting, and the runtime's own message on stderr.
fn died(
    problem: &Problem,
    reaped: crate::sandbox::Reaped,
    memory_exceeded: bool,
    stderr: &str,
) -> Failure {
    use std::os::unix::process::ExitStatusExt;
    let limit = Duration::from_millis(problem.limits.time_ms);
    // Rust's runtime says what happened before it aborts; the code could print the same words,
    // which would only cost it its own verdict.
    let aborted = reaped.status.signal() == Some(nix::libc::SIGABRT)
        || reaped.status.signal() == Some(nix::libc::SIGSEGV);
    if aborted && stderr.contains("has overflowed its stack") {
        return Failure::StackOverflow;
    }
    // The kernel's count of the cgroup is a fact; the runtime's message stands in without one.
    if memory_exceeded || (aborted && stderr.contains("memory allocation of")) {
        return Failure::MemoryLimit {
            limit_mb: problem.limits.memory_mb,
        };
    }
    match reaped.status.signal() {
        // SIGXCPU is the kernel's CPU backstop only when the CPU time says so.
        Some(sig) if sig == nix::libc::SIGXCPU && reaped.cpu >= limit => {
            Failure::TimeLimit { limit }
        }
        Some(sig) if sig == nix::libc::SIGXFSZ => Failure::OutputLimit {
            limit_bytes: crate::execute::OUTPUT_LIMIT,
        },
        Some(sig) => Failure::Killed {
            signal: Some(
                nix::sys::signal::Signal::try_from(sig)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|_| format!("signal {sig}")),
            ),
        },
        None => Failure::Exited {
            code: reaped.status.code(),
        },
    }
}

#[cfg(test)]
mod tests {
    use pixelbank_spec::NdArray;

    use super::*;

    const TOL: Tolerance = Tolerance {
        abs: 1e-6,
        rel: 1e-6,
    };

    fn floats(xs: &[f64]) -> Value {
        Value::List(xs.iter().copied().map(Value::Float).collect())
    }

    fn values(e: Value, a: Value) -> Option<Mismatch> {
        compare(&Expected::Value(e), &Outcome::Returned(a), TOL)
    }

    #[test]
    fn floats_match_within_absolute_or_relative_tolerance() {
        assert!(floats_match(1.0, 1.0 + 5e-7, TOL));
        assert!(
            floats_match(1e12, 1e12 + 1e5, TOL),
            "relative tolerance applies"
        );
        assert!(!floats_match(1.0, 1.01, TOL));
        assert!(floats_match(f64::NAN, f64::NAN, TOL));
        assert!(!floats_match(0.0, f64::NAN, TOL));
        assert!(floats_match(f64::INFINITY, f64::INFINITY, TOL));
        assert!(!floats_match(f64::INFINITY, f64::NEG_INFINITY, TOL));
        assert!(!floats_match(f64::INFINITY, 1e308, TOL));
    }

    #[test]
    fn array_differences_carry_their_index_and_the_worst_is_known() {
        let e = Value::Array(NdArray {
            shape: vec![2, 2],
            data: [1.0, 2.0, 3.0, 4.0].map(Value::Float).to_vec(),
        });
        let a = Value::Array(NdArray {
            shape: vec![2, 2],
            data: [1.0, 2.1, 3.0, 4.5].map(Value::Float).to_vec(),
        });
        let m = values(e, a).expect("they differ");
        let Mismatch::Values { differences, count } = &m else {
            panic!("{m:?}")
        };
        assert_eq!(*count, 2);
        assert_eq!(differences[0].path.to_string(), "[0, 1]");
        let worst = m.largest_error().expect("a float error");
        assert_eq!(worst.path.to_string(), "[1, 1]");
        assert_eq!(worst.kind.abs_error(), Some(0.5));
    }

    #[test]
    fn shapes_are_compared_before_values() {
        let e = Value::Array(NdArray {
            shape: vec![1, 2],
            data: vec![Value::Float(0.0); 2],
        });
        let a = Value::Array(NdArray {
            shape: vec![2, 1],
            data: vec![Value::Float(0.0); 2],
        });
        let m = values(e, a).expect("they differ");
        assert!(
            matches!(&m, Mismatch::Values { differences, count: 1 } if matches!(&differences[0].kind, DifferenceKind::Shape { expected, actual } if expected == &[1, 2] && actual == &[2, 1])),
            "{m:?}"
        );
    }

    #[test]
    fn rejections_match_only_rejections() {
        let v = Expected::Value(floats(&[1.0]));
        assert!(compare(&Expected::Rejection, &Outcome::Rejected(None), TOL).is_none());
        assert_eq!(
            compare(
                &Expected::Rejection,
                &Outcome::Returned(floats(&[1.0])),
                TOL
            ),
            Some(Mismatch::NotRejected)
        );
        assert!(compare(&v, &Outcome::Rejected(Some("no".into())), TOL).is_some());
    }

    #[test]
    fn structs_are_compared_field_by_field_and_within_tolerance_fields_are_not_marked() {
        let e = Value::Struct(vec![
            ("mean".into(), Value::Float(0.25)),
            ("var".into(), floats(&[1.0666667])),
        ]);
        let a = Value::Struct(vec![
            ("mean".into(), Value::Float(0.25 + 1e-9)),
            ("var".into(), floats(&[1.025])),
        ]);
        let Some(Mismatch::Values { differences, count }) = values(e, a) else {
            panic!("they differ")
        };
        assert_eq!(count, 1, "{differences:?}");
        assert_eq!(differences[0].path.to_string(), ".var[0]");
    }
}
