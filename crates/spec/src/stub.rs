//! The starting file a learner gets for a problem: the exact signature, the problem's structs, a
//! doc comment holding the statement, and `todo!()` as the body. `pixelbank init` writes it and
//! `pixelbank verify` proves it fails as shipped.

use std::collections::BTreeSet;

use crate::problem::Problem;
use crate::ty::Type;

/// The stub source for `problem`.
pub fn stub(problem: &Problem) -> String {
    let sig = &problem.signature;
    let mut out = format!(
        "//! {} ({}, {})\n//!\n",
        problem.title, problem.difficulty, problem.collection
    );
    for line in problem.statement.trim_end().lines() {
        if line.is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str(&format!("//! {line}\n"));
        }
    }
    out.push_str(&format!(
        "//!\n//! `pixelbank run {0}` judges this file; `pixelbank hint {0}` gives a hint.\n\n",
        problem.id
    ));
    let mut arrays = BTreeSet::new();
    let mut collect = |ty: &Type| {
        ty.walk(&mut |t| {
            if let Type::Array { ndim, .. } = t {
                arrays.insert(match ndim {
                    None => "ArrayD".to_string(),
                    Some(n) => format!("Array{n}"),
                });
            }
        })
    };
    sig.params.iter().for_each(|p| collect(&p.ty));
    collect(&sig.returns);
    sig.structs
        .iter()
        .flat_map(|s| &s.fields)
        .for_each(|f| collect(&f.ty));
    match arrays.len() {
        0 => {}
        1 => out.push_str(&format!(
            "use ndarray::{};\n\n",
            arrays.iter().next().map_or("", String::as_str)
        )),
        _ => out.push_str(&format!(
            "use ndarray::{{{}}};\n\n",
            arrays.into_iter().collect::<Vec<_>>().join(", ")
        )),
    }
    let structs = sig.rust_structs();
    if !structs.is_empty() {
        out.push_str(&structs);
        out.push('\n');
    }
    // The first sentence of the first paragraph, as the function's summary line.
    let paragraph = problem
        .statement
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let summary = match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph.as_str(),
    };
    for line in wrap(summary.trim(), 96) {
        out.push_str(&format!("/// {line}\n"));
    }
    // The parameters stay unused until the learner writes the body; say so rather than warn.
    out.push_str(&format!(
        "#[allow(unused_variables)] // remove once the body uses every parameter\n{} {{\n    todo!()\n}}\n",
        sig.rust_declaration()
    ));
    out
}

/// Splits `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
