//! The starting file a learner gets for a problem: the exact signature, the problem's structs, a
//! doc comment holding the statement (its code blocks fenced as `text`, so that `cargo test` does
//! not compile a formula as a doctest), and `todo!()` as the body. `pixelbank init` writes it and
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
    for line in doc_markdown(problem.statement.trim_end()).lines() {
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

/// `markdown` as rustdoc should read it in a doc comment: every code block that rustdoc would
/// compile as a doctest (an indented block, a fence without a language or marked Rust) becomes a
/// fence marked `text`, shown as it is. The blocks are found by the Markdown parser rustdoc uses.
fn doc_markdown(markdown: &str) -> String {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let line_start = |at: usize| markdown[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut out = String::new();
    let mut copied = 0;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            continue;
        };
        let start = line_start(range.start).max(copied);
        let block = &markdown[start..range.end];
        match kind {
            CodeBlockKind::Indented => {
                let lines: Vec<&str> = block.lines().collect();
                let common = lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start_matches(' ').len())
                    .min()
                    .unwrap_or(4);
                // The fence stands where the block's container (a list item, say) has its text.
                let fence = " ".repeat(common.saturating_sub(4));
                out.push_str(&markdown[copied..start]);
                out.push_str(&format!("{fence}```text\n"));
                for line in lines {
                    let cut = line
                        .len()
                        .min(4)
                        .min(line.len() - line.trim_start_matches(' ').len());
                    out.push_str(&line[cut..]);
                    out.push('\n');
                }
                out.push_str(&format!("{fence}```\n"));
                copied = range.end;
            }
            CodeBlockKind::Fenced(info) if compiled_by_rustdoc(&info) => {
                let first = block.find('\n').map_or(block.len(), |i| i + 1);
                let opening = &block[..first];
                let indent = opening.len() - opening.trim_start().len();
                let marks: String = opening
                    .trim_start()
                    .chars()
                    .take_while(|&c| c == '`' || c == '~')
                    .collect();
                out.push_str(&markdown[copied..start]);
                out.push_str(&format!("{}{marks}text\n", &opening[..indent]));
                copied = start + first;
            }
            CodeBlockKind::Fenced(_) => {}
        }
    }
    out.push_str(&markdown[copied.min(markdown.len())..]);
    out
}

/// Whether rustdoc compiles a fenced block with this info string: no language, `rust`, or only
/// doctest attributes.
fn compiled_by_rustdoc(info: &str) -> bool {
    info.split([',', ' ', '\t'])
        .filter(|word| !word.is_empty())
        .all(|word| {
            matches!(
                word,
                "rust" | "ignore" | "should_panic" | "no_run" | "compile_fail" | "test_harness"
            ) || word.starts_with("edition")
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_become_text_fences() {
        let statement = "For every row:\n\n    mu = (1/D) sum x\n      y = x - mu\n\nThen:\n\n```\nlet x = 1;\n```\n\n```python\nx = 1\n```\n";
        assert_eq!(
            doc_markdown(statement),
            "For every row:\n\n```text\nmu = (1/D) sum x\n  y = x - mu\n```\n\nThen:\n\n```text\nlet x = 1;\n```\n\n```python\nx = 1\n```\n"
        );
        assert_eq!(doc_markdown("plain `code` only"), "plain `code` only");
    }
}
