//! Printing values for people: multi-line layouts for arrays and structs (so a line diff lines up
//! row by row) and abbreviation of large inputs, the way NumPy prints big arrays.

use pixelbank_spec::{Bindings, Expected, NdArray, Outcome, Value};

/// Lists and arrays longer than this are abbreviated when shown as inputs.
const ABBREVIATE_OVER: usize = 24;
/// How many leading and trailing elements an abbreviated list keeps.
const KEEP_HEAD: usize = 8;
const KEEP_TAIL: usize = 3;

/// A value laid out over lines: one row of a 2-D array or one struct field per line.
pub fn lines(value: &Value) -> Vec<String> {
    match value {
        Value::Array(a) if a.shape.len() >= 2 && !a.data.is_empty() => array_lines(a),
        Value::Struct(fields) => {
            let mut out = vec!["{".to_string()];
            for (name, v) in fields {
                let inner = lines(v);
                let last = inner.len() - 1;
                for (i, line) in inner.into_iter().enumerate() {
                    let comma = if i == last { "," } else { "" };
                    if i == 0 {
                        out.push(format!("  {name}: {line}{comma}"));
                    } else {
                        out.push(format!("  {}{line}{comma}", " ".repeat(name.len() + 2)));
                    }
                }
            }
            out.push("}".to_string());
            out
        }
        other => vec![other.to_string()],
    }
}

/// The types bound to a function's generic parameters: `T = f32, U = i64`.
pub fn bindings(bindings: &Bindings) -> String {
    let types: Vec<String> = bindings
        .iter()
        .map(|(name, scalar)| format!("{name} = {}", scalar.rust_name()))
        .collect();
    types.join(", ")
}

/// The lines of an expected output.
pub fn expected_lines(expected: &Expected) -> Vec<String> {
    match expected {
        Expected::Value(v) => lines(v),
        Expected::Rejection => vec!["rejected (an `Err` or `None`)".to_string()],
    }
}

/// The lines of an actual outcome.
pub fn outcome_lines(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Returned(v) => lines(v),
        Outcome::Rejected(_) => vec![outcome.to_string()],
    }
}

/// Rows of an n-d array (n >= 2), NumPy style: `[[1.0, 2.0],` / ` [3.0, 4.0]]`.
fn array_lines(a: &NdArray) -> Vec<String> {
    let row_len = *a.shape.last().unwrap_or(&1);
    let rows = a.data.chunks(row_len.max(1));
    let ndim = a.shape.len();
    let mut out = Vec::new();
    let total_rows = a.data.len() / row_len.max(1);
    for (r, row) in rows.enumerate() {
        let index = a.index_of(r * row_len);
        // How many axes (counted from the outside) start fresh at this row.
        let opening = (0..ndim - 1)
            .rev()
            .take_while(|&axis| index[axis] == 0)
            .count();
        let closing = (0..ndim - 1)
            .rev()
            .take_while(|&axis| index[axis] + 1 == a.shape[axis])
            .count();
        let body = row
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let prefix = format!(
            "{}{}",
            " ".repeat(ndim - 1 - opening),
            "[".repeat(opening + 1)
        );
        let suffix = "]".repeat(closing + 1);
        let comma = if r + 1 == total_rows { "" } else { "," };
        out.push(format!("{prefix}{body}{suffix}{comma}"));
    }
    out
}

/// `text` with its control characters escaped (`\u{1b}`), line feeds and tabs kept: text that came
/// from a learner's code (what it printed, a panic message, a file name, compiler output quoting
/// its source) can then neither move a terminal's cursor nor recolor it, nor hide a line behind a
/// carriage return or a bidirectional override.
pub fn clean(text: &str) -> String {
    let risky = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(risky) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if risky(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// [`clean`], and no line of it can be taken for a CI workflow command: GitHub's `::command::` at
/// the start of a line and its older `##[command]` anywhere get a word joiner (invisible) between
/// their first two characters. For learner text bound for CI logs and report files.
pub fn for_logs(text: &str) -> String {
    let text = clean(text).replace("##[", "#\u{2060}#[");
    text.split('\n')
        .map(|line| {
            let rest = line.trim_start();
            if rest.starts_with("::") {
                let indent = &line[..line.len() - rest.len()];
                format!("{indent}:\u{2060}{}", &rest[1..])
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line for an input, abbreviated when large.
pub fn abbreviated(value: &Value) -> String {
    match value {
        Value::List(items) if items.len() > ABBREVIATE_OVER => {
            let head: Vec<String> = items[..KEEP_HEAD].iter().map(Value::to_string).collect();
            let tail: Vec<String> = items[items.len() - KEEP_TAIL..]
                .iter()
                .map(Value::to_string)
                .collect();
            format!(
                "[{}, …, {}] ({} elements)",
                head.join(", "),
                tail.join(", "),
                items.len()
            )
        }
        Value::Array(a) if a.data.len() > ABBREVIATE_OVER => {
            let head: Vec<String> = a.data[..KEEP_HEAD].iter().map(Value::to_string).collect();
            format!(
                "array of shape {:?}, row-major: [{}, …] ({} elements)",
                a.shape,
                head.join(", "),
                a.data.len()
            )
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_print_one_row_per_line() {
        let a = Value::Array(NdArray {
            shape: vec![2, 2],
            data: [1.0, 2.0, 3.0, 4.0].map(Value::Float).to_vec(),
        });
        assert_eq!(lines(&a), vec!["[[1.0, 2.0],", " [3.0, 4.0]]"]);
    }

    #[test]
    fn three_d_arrays_nest_brackets() {
        let a = Value::Array(NdArray {
            shape: vec![2, 1, 2],
            data: [1, 2, 3, 4].map(Value::Int).to_vec(),
        });
        assert_eq!(lines(&a), vec!["[[[1, 2]],", " [[3, 4]]]"]);
    }

    #[test]
    fn control_characters_from_learners_are_escaped() {
        assert_eq!(clean("plain\n\ttext"), "plain\n\ttext");
        assert_eq!(clean("\u{1b}[2Jgone"), "\\u{1b}[2Jgone");
        assert_eq!(clean("a\rb\u{202e}c"), "a\\u{d}b\\u{202e}c");
    }

    #[test]
    fn no_line_of_learner_text_is_a_workflow_command() {
        let forged = "::warning::forged\n  ::add-mask::x\nok ##[error]old\nstd::vec::Vec";
        let safe = for_logs(forged);
        for line in safe.lines() {
            assert!(!line.trim_start().starts_with("::"), "{line}");
            assert!(!line.contains("##["), "{line}");
        }
        assert!(
            safe.ends_with("std::vec::Vec"),
            "a path in a line is left alone: {safe}"
        );
    }

    #[test]
    fn long_lists_are_abbreviated() {
        let v = Value::List((0..100).map(Value::Int).collect());
        assert_eq!(
            abbreviated(&v),
            "[0, 1, 2, 3, 4, 5, 6, 7, …, 97, 98, 99] (100 elements)"
        );
    }
}
