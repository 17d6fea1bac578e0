//! The words for the judge's facts: a verdict's label, what a failure was, how a returned value
//! differs ("3 of 12 elements differ, largest error 0.5 at [1, 2]"), how declarations differ from
//! the problem's, which source rule was broken, what `verify` found. Every renderer (text, JSON,
//! JUnit, annotations) takes its sentences from here, so that they all say the same thing.

use pixelbank_spec::{Outcome, Tolerance, Value};
use pixelbank_verdict::{
    CompileLimit, Difference, DifferenceKind, Failure, Finding, Mismatch, ProblemOutcome, Rule,
    Segment, SignatureFinding, Unreadable, ValuePath, Verdict, Violation,
};

/// A verdict's short label.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Passed => "passed",
        Verdict::WrongAnswer => "wrong answer",
        Verdict::NotImplemented => "not implemented yet",
        Verdict::RuntimeError => "runtime error",
        Verdict::TimeLimit => "time limit exceeded",
        Verdict::MemoryLimit => "memory limit exceeded",
        Verdict::Interrupted => "interrupted",
        Verdict::NotRun => "not run",
    }
}

/// A graded problem's outcome, for people: `compile error`.
pub fn outcome(o: ProblemOutcome) -> &'static str {
    match o {
        ProblemOutcome::Passed => "passed",
        ProblemOutcome::Failed => "failed",
        ProblemOutcome::CompileError => "compile error",
        ProblemOutcome::CompileLimit => "compile limit",
        ProblemOutcome::Missing => "missing",
        ProblemOutcome::Interrupted => "interrupted",
        ProblemOutcome::Error => "grader error",
    }
}

/// `n` things, with the plural an English `s` makes: `1 submission`, `3 submissions`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A share from 0 to 1 as a whole percentage: `38%`. Every renderer rounds the same way, so that
/// the text summary and the HTML page show the same figure.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The kind of a runtime error, which a hidden case shows too: `panic`, `stack overflow`.
pub fn runtime_error_kind(failure: &Failure) -> Option<&'static str> {
    match failure {
        Failure::Panicked { .. } => Some("panic"),
        Failure::StackOverflow => Some("stack overflow"),
        Failure::Exited { .. } => Some("exited early"),
        Failure::Killed { .. } => Some("killed by a signal"),
        Failure::OutputLimit { .. } => Some("too much output"),
        Failure::Unreadable(_) => Some("unreadable result"),
        _ => None,
    }
}

/// A failure's id for machine-readable reports: `panic`, `wrong-answer`, `time-limit`.
pub fn failure_id(failure: &Failure) -> &'static str {
    match failure {
        Failure::WrongAnswer(_) => "wrong-answer",
        Failure::NotImplemented => "not-implemented",
        Failure::Panicked { .. } => "panic",
        Failure::StackOverflow => "stack-overflow",
        Failure::Exited { .. } => "exited",
        Failure::Killed { .. } => "killed",
        Failure::OutputLimit { .. } => "output-limit",
        Failure::TimeLimit { .. } => "time-limit",
        Failure::MemoryLimit { .. } => "memory-limit",
        Failure::Unreadable(_) => "unreadable-result",
        Failure::Interrupted => "interrupted",
        Failure::NotRun { .. } => "not-run",
    }
}

/// The label of a case's verdict, with the kind of a runtime error: `runtime error (panic)`.
pub fn case_label(failure: Option<&Failure>) -> String {
    match failure {
        None => verdict(Verdict::Passed).to_string(),
        Some(f) => match runtime_error_kind(f) {
            Some(kind) => format!("{} ({kind})", verdict(f.verdict())),
            None => verdict(f.verdict()).to_string(),
        },
    }
}

/// Why `count` cases were not run: after a time-out the others start only within `grace`.
pub fn not_run(count: usize, grace: std::time::Duration) -> String {
    format!(
        "{} not run: after a time-out, {}",
        self::count(count, "case"),
        start_within(grace)
    )
}

/// The rule that leaves cases not run, after the time-out that sets it off.
fn start_within(grace: std::time::Duration) -> String {
    format!(
        "the others start only within one more limit ({} ms)",
        grace.as_millis()
    )
}

/// One line on a failure, for the learner.
pub fn failure(f: &Failure) -> String {
    match f {
        Failure::WrongAnswer(Some(m)) => mismatch(m),
        Failure::WrongAnswer(None) => "wrong answer".into(),
        Failure::NotImplemented => "the function still has `todo!()` in it".into(),
        Failure::Panicked { message: Some(m) } => format!("panicked: {m}"),
        Failure::Panicked { message: None } => "panicked".into(),
        Failure::StackOverflow => "stack overflow: the recursion is too deep or never ends".into(),
        Failure::Exited { code: Some(code) } => format!(
            "the process exited with code {code} before the function returned (does it call \
             `std::process::exit`?)"
        ),
        Failure::Exited { code: None } => "the process exited before the function returned".into(),
        Failure::Killed { signal: Some(s) } => format!("the process was killed by signal {s}"),
        Failure::Killed { signal: None } => "the process was killed by a signal".into(),
        Failure::OutputLimit { limit_bytes } => format!(
            "it printed more output than the judge reads (the limit is {} MiB)",
            limit_bytes >> 20
        ),
        Failure::TimeLimit { limit } => format!(
            "killed after {} ms: an infinite loop, or far too slow",
            limit.as_millis()
        ),
        Failure::MemoryLimit { limit_mb } => {
            format!("ran out of memory (limit {limit_mb} MiB): an allocation far too large?")
        }
        Failure::Unreadable(Some(why)) => {
            format!("the result could not be read: {}", unreadable(why))
        }
        Failure::Unreadable(None) => "the result could not be read".into(),
        Failure::Interrupted => "interrupted before the case finished".into(),
        Failure::NotRun { grace } => format!(
            "not run: after an earlier case's time-out, {}",
            start_within(*grace)
        ),
    }
}

fn unreadable(why: &Unreadable) -> String {
    match why {
        Unreadable::TooLarge { limit_bytes } => {
            format!(
                "it is larger than the {} MiB a result may be",
                limit_bytes >> 20
            )
        }
        Unreadable::Malformed => {
            "it is not a record of the judge's protocol (does the code write to the judge's \
             file descriptors?)"
                .into()
        }
        Unreadable::Forged => {
            "a record came that the judge's runtime did not write (does the code write to the \
             judge's file descriptors?)"
                .into()
        }
        Unreadable::WrongType { reason } => {
            format!("the returned value does not fit the declared return type ({reason})")
        }
        Unreadable::Refused { reason } => {
            format!("the program could not take the inputs ({reason})")
        }
    }
}

/// How a compile limit was hit.
pub fn compile_limit(limit: &CompileLimit) -> String {
    match limit {
        CompileLimit::Time { limit } => format!(
            "the compiler was stopped after {} s: an endless `const` evaluation, or a macro that \
             never stops expanding?",
            limit.as_secs_f64()
        ),
        CompileLimit::Memory { limit_mb } => format!(
            "the compiler ran out of memory ({limit_mb} MiB): a macro that expands without end?"
        ),
    }
}

/// One line on how an outcome differs from the expected one.
pub fn mismatch(m: &Mismatch) -> String {
    match m {
        Mismatch::NotRejected => {
            "expected the input to be rejected (an `Err` or `None`), but a value was returned"
                .into()
        }
        Mismatch::Rejected { message: Some(msg) } => {
            format!("expected a value, but the input was rejected: {msg:?}")
        }
        Mismatch::Rejected { message: None } => {
            "expected a value, but the input was rejected (`None`)".into()
        }
        Mismatch::Values { differences, count } => {
            // A lone number is already shown as expected and got: say only how far off it is.
            if let [d] = differences.as_slice()
                && d.path.is_root()
                && let (Some(err), DifferenceKind::Float { tolerance, .. }) =
                    (d.kind.abs_error(), &d.kind)
            {
                return format!("off by {}; {}", magnitude(err), allowed(*tolerance));
            }
            summarize(differences, *count)
        }
    }
}

/// Summarises the differences below one place of a value (their paths relative to it).
fn summarize(diffs: &[Difference], count: usize) -> String {
    let Some(first) = diffs.first() else {
        return String::new();
    };
    match first.path.0.first() {
        None => leaf(first),
        Some(Segment::Field(_)) => {
            let mut parts: Vec<String> = Vec::new();
            let mut fields: Vec<&str> = Vec::new();
            for d in diffs {
                if let Some(Segment::Field(name)) = d.path.0.first()
                    && !fields.contains(&name.as_str())
                {
                    fields.push(name);
                }
            }
            for name in fields {
                let below: Vec<Difference> = diffs
                    .iter()
                    .filter(|d| matches!(d.path.0.first(), Some(Segment::Field(n)) if n == name))
                    .map(tail)
                    .collect();
                let n = below.len();
                parts.push(match below.first().map(|d| &d.kind) {
                    Some(DifferenceKind::MissingField) if below[0].path.is_root() => {
                        format!("`{name}` is missing")
                    }
                    _ => format!("`{name}`: {}", summarize(&below, n)),
                });
            }
            parts.join("; ")
        }
        Some(Segment::Item(_)) => {
            let parts: Vec<String> = diffs
                .iter()
                .map(|d| format!("item {}: {}", d.path, leaf(&tail(d))))
                .collect();
            parts.join("; ")
        }
        Some(Segment::Index { of, .. }) => {
            let mut indices: Vec<&Segment> = Vec::new();
            for d in diffs {
                if let Some(s) = d.path.0.first()
                    && !indices.contains(&s)
                {
                    indices.push(s);
                }
            }
            let differing = if count > diffs.len() && diffs.iter().all(|d| d.path.0.len() == 1) {
                count
            } else {
                indices.len()
            };
            let counted = format!("{differing} of {of} elements differ");
            let worst = diffs
                .iter()
                .filter(|d| d.kind.abs_error().is_some())
                .max_by(|a, b| {
                    let (x, y) = (a.kind.abs_error(), b.kind.abs_error());
                    x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
                });
            match worst {
                Some(w) if differing > 1 || *of > 1 => {
                    let DifferenceKind::Float {
                        expected, actual, ..
                    } = &w.kind
                    else {
                        return counted;
                    };
                    format!(
                        "{counted}, largest error {} at {} (expected {}, got {})",
                        magnitude(w.kind.abs_error().unwrap_or(0.0)),
                        w.path,
                        Value::Float(*expected),
                        Value::Float(*actual)
                    )
                }
                _ => {
                    let at = ValuePath(vec![first.path.0[0].clone()]);
                    let rest: Vec<Difference> = diffs
                        .iter()
                        .filter(|d| d.path.0.first() == first.path.0.first())
                        .map(tail)
                        .collect();
                    let detail = summarize(&rest, rest.len());
                    if *of == 1 {
                        format!("at {at}: {detail}")
                    } else {
                        format!("{counted}, first at {at}: {detail}")
                    }
                }
            }
        }
    }
}

/// The difference with its path's first step removed.
fn tail(d: &Difference) -> Difference {
    Difference {
        path: ValuePath(d.path.0.iter().skip(1).cloned().collect()),
        kind: d.kind.clone(),
    }
}

/// One difference at one place, said on its own.
fn leaf(d: &Difference) -> String {
    match &d.kind {
        DifferenceKind::Float {
            expected, actual, ..
        } => {
            let (e, a) = (Value::Float(*expected), Value::Float(*actual));
            match d.kind.abs_error() {
                Some(err) => format!("expected {e}, got {a} (off by {})", magnitude(err)),
                None => format!("expected {e}, got {a}"),
            }
        }
        DifferenceKind::Value { expected, actual } => format!("expected {expected}, got {actual}"),
        DifferenceKind::Length { expected, actual } => {
            format!("length differs: expected {expected} elements, got {actual}")
        }
        DifferenceKind::Shape { expected, actual } => {
            format!("shape differs: expected {expected:?}, got {actual:?}")
        }
        DifferenceKind::MissingField => "missing".into(),
    }
}

/// The tolerance in words, leaving out a part that is zero.
pub fn allowed(tol: Tolerance) -> String {
    match (tol.abs > 0.0, tol.rel > 0.0) {
        (true, true) => format!(
            "allowed: {} absolute or {} × |expected|",
            magnitude(tol.abs),
            magnitude(tol.rel)
        ),
        (true, false) => format!("allowed: {}", magnitude(tol.abs)),
        (false, true) => format!("allowed: {} × |expected|", magnitude(tol.rel)),
        (false, false) => "it must be exact".to_string(),
    }
}

/// An error or tolerance for display: 4 significant digits, plain unless very small or large.
pub fn magnitude(x: f64) -> String {
    let x = round_sig(x);
    if x == 0.0 || (1e-3..1e6).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 4 - x.abs().log10().ceil() as i32;
    let factor = 10f64.powi(digits);
    let rounded = (x * factor).round() / factor;
    if rounded.is_finite() { rounded } else { x }
}

/// How the learner's declarations differ from the problem's.
pub fn signature_finding(f: &SignatureFinding) -> String {
    match f {
        SignatureFinding::NoFunction { name } => {
            format!("there is no function `{name}` at the top level of the file")
        }
        SignatureFinding::NotPublic { name } => format!("`{name}` must be `pub`"),
        SignatureFinding::ParamCount {
            name,
            found,
            declared,
        } => format!(
            "`{name}` takes {found} parameter{}, the problem declares {declared}",
            if *found == 1 { "" } else { "s" }
        ),
        SignatureFinding::ParamType {
            position,
            name,
            found,
            declared,
        } => format!(
            "parameter {position} (`{name}`) has type `{found}`, the problem declares `{declared}`"
        ),
        SignatureFinding::ReturnType { found, declared } => {
            format!("it returns `{found}`, the problem declares `{declared}`")
        }
        SignatureFinding::NoStruct { name } => format!("there is no struct `{name}`"),
        SignatureFinding::NoField { strukt, field } => format!("`{strukt}` has no field `{field}`"),
        SignatureFinding::FieldNotPublic { strukt, field } => {
            format!("field `{strukt}.{field}` must be `pub`")
        }
        SignatureFinding::FieldType {
            strukt,
            field,
            found,
            declared,
        } => format!(
            "field `{strukt}.{field}` has type `{found}`, the problem declares `{declared}`"
        ),
        SignatureFinding::Uncallable => {
            "the judge cannot call your function with the declared types".into()
        }
    }
}

/// Which source rule was broken, and where.
pub fn violation(v: &Violation) -> String {
    match &v.rule {
        Rule::Forbidden { keyword, line } => format!(
            "line {line}: a `{keyword}` {} is not allowed here",
            if keyword == "unsafe" { "block" } else { "loop" }
        ),
        Rule::MissingCall { name } => format!("`{name}` is never called"),
    }
}

/// What `verify` found, for the problem's author.
pub fn finding(f: &Finding) -> String {
    match f {
        Finding::NoVisibleCase => "no visible case: learners have no example".into(),
        Finding::NoHiddenCase => {
            "no hidden case: graders cannot tell a solution from a lookup table".into()
        }
        Finding::NoReference { path } => format!("no reference solution at {path}"),
        Finding::ReferenceDoesNotCompile { diagnostics } => format!(
            "the reference solution does not compile:\n{}",
            diagnostics.join("\n")
        ),
        Finding::ReferenceFails { case, verdict: v } => {
            format!("the reference fails case `{case}`: {}", verdict(*v))
        }
        Finding::ReferenceBreaksRule(v) => {
            format!("the reference breaks a source rule: {}", violation(v))
        }
        Finding::StubPasses { case } => format!("the stub passes case `{case}` as shipped"),
        Finding::StubDoesNotCompile { diagnostics } => {
            format!("the stub does not compile:\n{}", diagnostics.join("\n"))
        }
        Finding::MistakeIsExpected { case, mistake } => format!(
            "case `{case}`: known mistake {mistake} gives the expected output, so it is no mistake"
        ),
        Finding::MistakeShadowed { case, mistake, by } => format!(
            "case `{case}`: known mistake {mistake} is recognised as mistake {by} (same output)"
        ),
        Finding::NoWrongSolution { case, name, path } => {
            format!("case `{case}`: a known mistake names `{name}`, but there is no {path}")
        }
        Finding::WrongDoesNotCompile { name, diagnostics } => format!(
            "wrong solution `{name}` does not compile:\n{}",
            diagnostics.join("\n")
        ),
        Finding::WrongPasses { name } => format!("wrong solution `{name}` passes every case"),
        Finding::WrongCaughtOnlyByHidden { name, cases } => format!(
            "wrong solution `{name}` passes every visible case; only hidden cases catch it ({})",
            cases.join(", ")
        ),
        Finding::Misattributed {
            case,
            name,
            mistake,
            names,
        } => format!(
            "case `{case}`: wrong solution `{name}` is recognised as known mistake {mistake}, which \
             names {}",
            if names.is_empty() {
                "no wrong solution".to_string()
            } else {
                names.join(", ")
            }
        ),
        Finding::NotProduced {
            case,
            mistake,
            name,
            got,
            verdict: v,
        } => format!(
            "case `{case}`: known mistake {mistake} names wrong solution `{name}`, but it {}",
            match got {
                Some(outcome) => format!("returns {outcome}"),
                None if *v == Verdict::Passed => "passes this case".to_string(),
                None => format!("gives no value ({})", verdict(*v)),
            }
        ),
        Finding::GeneratedInput {
            at,
            variant,
            rejects,
            got,
            inputs,
            index,
            seed,
        } => {
            let from = match variant {
                Some(why) => format!("variant `{why}`"),
                None => "base".to_string(),
            };
            let input: Vec<String> = inputs
                .iter()
                .map(|(name, v)| format!("{name} = {}", crate::pretty::abbreviated(v)))
                .collect();
            let what = match (got, rejects) {
                (Err(failure), _) => format!(
                    "fails on it ({}): the generator makes an input the statement does not define, \
                     or the reference is wrong",
                    self::failure(failure)
                ),
                (Ok(Outcome::Rejected(_)), None | Some(false)) if variant.is_none() => {
                    "rejects it, but the base must make valid inputs: make invalid ones in a \
                     variant with `rejects = true`"
                        .to_string()
                }
                (Ok(Outcome::Rejected(_)), _) => {
                    "rejects it, but the variant declares `rejects = false`".to_string()
                }
                (Ok(Outcome::Returned(v)), _) => format!(
                    "accepts it (returns {}), but the variant declares `rejects = true`",
                    crate::pretty::abbreviated(v)
                ),
            };
            format!(
                "{at}: the generator's {from} made input {index} of seed {seed} ({}), and the \
                 reference {what}",
                input.join(", ")
            )
        }
        Finding::Hole {
            name,
            mistake,
            hidden,
            seed,
            found,
        } => {
            let caught = if hidden.is_empty() {
                "passes every case".to_string()
            } else {
                format!(
                    "passes every visible case (only hidden cases catch it: {})",
                    hidden.join(", ")
                )
            };
            let sizes: Vec<String> = found
                .sizes
                .iter()
                .map(|(name, n)| format!("{name} = {n}"))
                .collect();
            let shrunk = if sizes.is_empty() {
                String::new()
            } else {
                format!(", shrunk to {}", sizes.join(", "))
            };
            format!(
                "hole: wrong solution `{name}` ({}) {caught}, but stress tells it apart from the \
                 reference (seed {seed}, input {}{shrunk}); a case that catches it follows, its \
                 expected value the reference's output: derive it in problems/derivations/ \
                 before you keep it",
                mistake.trim_end_matches('.'),
                found.index
            )
        }
        Finding::Ambiguous {
            case,
            names,
            mistake,
        } => format!(
            "case `{case}`: wrong solutions `{}` and `{}` give the same output, but known mistake \
             {mistake} does not name both: its message must cover both causes",
            names[0], names[1]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: Tolerance = Tolerance {
        abs: 1e-6,
        rel: 1e-6,
    };

    fn float(path: ValuePath, expected: f64, actual: f64) -> Difference {
        Difference {
            path,
            kind: DifferenceKind::Float {
                expected,
                actual,
                tolerance: TOL,
            },
        }
    }

    fn at(i: Vec<usize>, of: usize) -> Segment {
        Segment::Index { at: i, of }
    }

    #[test]
    fn a_lone_float_says_how_far_off_it_is() {
        let m = Mismatch::Values {
            differences: vec![float(ValuePath::default(), 0.69, 2.77)],
            count: 1,
        };
        assert_eq!(
            mismatch(&m),
            "off by 2.08; allowed: 1e-6 absolute or 1e-6 × |expected|"
        );
    }

    #[test]
    fn array_differences_name_the_worst_element() {
        let m = Mismatch::Values {
            differences: vec![
                float(ValuePath(vec![at(vec![0, 1], 4)]), 2.0, 2.1),
                float(ValuePath(vec![at(vec![1, 1], 4)]), 4.0, 4.5),
            ],
            count: 2,
        };
        assert_eq!(
            mismatch(&m),
            "2 of 4 elements differ, largest error 0.5 at [1, 1] (expected 4.0, got 4.5)"
        );
    }

    #[test]
    fn struct_fields_are_named() {
        let m = Mismatch::Values {
            differences: vec![float(
                ValuePath(vec![Segment::Field("var".into()), at(vec![0], 1)]),
                1.0666667,
                1.025,
            )],
            count: 1,
        };
        assert_eq!(
            mismatch(&m),
            "`var`: at [0]: expected 1.0666667, got 1.025 (off by 0.04167)"
        );
    }
}
