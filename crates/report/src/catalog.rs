//! The catalogue views of a bank: `pixelbank list` (a table, or JSON for scripts) and
//! `pixelbank show` (statement, signature, hints count, visible cases; never a hidden case).

use std::fmt::Write as _;
use std::path::Path;

use colored::{ColoredString, Colorize};
use pixelbank_spec::{Difficulty, Entry, Expected, Problem};
use pixelbank_workspace::Progress;
use serde::Serialize;

use crate::pretty;

/// One row of `pixelbank list`.
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
    /// The problem's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its difficulty.
    pub difficulty: Difficulty,
    /// Its collection.
    pub collection: &'a str,
    /// Progress, inside a workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Progress>,
    /// Hints seen, inside a workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints_used: Option<usize>,
    /// Hints available.
    pub hints: usize,
}

impl<'a> Row<'a> {
    /// The row for a problem of the catalogue, without progress.
    pub fn new(entry: &'a Entry) -> Row<'a> {
        Row {
            id: &entry.id,
            title: &entry.title,
            difficulty: entry.difficulty,
            collection: &entry.collection,
            status: None,
            hints_used: None,
            hints: entry.hints,
        }
    }
}

/// Colors a difficulty: green, yellow, red.
pub fn difficulty(d: Difficulty) -> ColoredString {
    match d {
        Difficulty::Easy => d.as_str().green(),
        Difficulty::Medium => d.as_str().yellow(),
        Difficulty::Hard => d.as_str().red(),
    }
}

fn progress(p: Progress) -> ColoredString {
    match p {
        Progress::NotStarted => "not started".dimmed(),
        Progress::Attempted => "attempted".yellow(),
        Progress::Solved => "solved".green(),
    }
}

/// Pads `text` (which may hold color codes) to `width` visible characters.
fn pad(text: &str, visible: usize, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(visible)))
}

/// The `list` table.
pub fn table(rows: &[Row<'_>]) -> String {
    let with_status = rows.iter().any(|r| r.status.is_some());
    let w_id = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let w_title = rows
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let w_coll = rows
        .iter()
        .map(|r| r.collection.chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = String::new();
    let mut header = format!(
        "{}  {}  {}  {}",
        pad("ID", 2, w_id),
        pad("TITLE", 5, w_title),
        pad("DIFFICULTY", 10, 10),
        pad("COLLECTION", 10, w_coll)
    );
    if with_status {
        header.push_str("  STATUS       HINTS");
    }
    let _ = writeln!(out, "{}", header.trim_end().bold());
    for r in rows {
        let d = r.difficulty.as_str();
        let mut line = format!(
            "{}  {}  {}  {}",
            pad(r.id, r.id.len(), w_id),
            pad(r.title, r.title.chars().count(), w_title),
            pad(&difficulty(r.difficulty).to_string(), d.len(), 10),
            pad(r.collection, r.collection.chars().count(), w_coll),
        );
        if let Some(status) = r.status {
            let label = progress(status);
            let visible = label.chars().count();
            line.push_str(&format!(
                "  {}  {}/{}",
                pad(&label.to_string(), visible, 11),
                r.hints_used.unwrap_or(0),
                r.hints
            ));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let noun = if rows.len() == 1 {
        "problem"
    } else {
        "problems"
    };
    if with_status {
        let solved = rows
            .iter()
            .filter(|r| r.status == Some(Progress::Solved))
            .count();
        let _ = writeln!(out, "\n{solved} of {} solved", rows.len());
    } else {
        let _ = writeln!(out, "\n{} {noun}", rows.len());
    }
    out
}

/// Where a problem stands in the study order, for `pixelbank next`.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// Its position in the study order, from 1.
    pub position: usize,
    /// How many problems the bank has.
    pub total: usize,
    /// How many of them are solved.
    pub solved: usize,
}

/// The `next` page: which problem comes next and why, its `show` page, and what to do.
pub fn next(problem: &Problem, place: Place, file: Option<&Path>) -> String {
    let mut out = format!(
        "{} {} · problem {} of {} in study order · {} of {} solved\n\n",
        "Next:".bold(),
        problem.id.bold(),
        place.position,
        place.total,
        place.solved,
        place.total
    );
    out.push_str(&show(problem));
    let _ = match file {
        Some(file) => writeln!(
            out,
            "\nWrite your solution in {}, then `pixelbank run` judges it (or `pixelbank watch`, on \
             every save).",
            pretty::clean(&file.display().to_string())
        ),
        None => writeln!(
            out,
            "\n`pixelbank init` creates a workspace with a stub of it; inside, `pixelbank run` \
             judges it."
        ),
    };
    out
}

/// The `list --format json` document: `{"problems": [rows]}`.
pub fn json(rows: &[Row<'_>]) -> String {
    let doc = serde_json::json!({ "problems": rows });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The `show` page: everything a learner needs to start, and no hidden case.
pub fn show(problem: &Problem) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}\n{} · {} · {}\n",
        problem.title.bold(),
        format!("({})", problem.id).dimmed(),
        difficulty(problem.difficulty),
        problem.collection,
        format!(
            "{} ms, {} MiB per case",
            problem.limits.time_ms, problem.limits.memory_mb
        )
        .dimmed()
    );
    let _ = writeln!(out, "{}\n", problem.statement.trim_end());
    let _ = writeln!(out, "{}", "Signature".bold());
    for line in problem.signature.rust_structs().lines() {
        let _ = writeln!(out, "    {}", line.cyan());
    }
    for line in problem.signature.rust_declaration().lines() {
        let _ = writeln!(out, "    {}", line.cyan());
    }
    out.push('\n');
    if let Some(c) = &problem.constraints {
        let _ = writeln!(out, "{}", "Rules".bold());
        if !c.forbid.is_empty() {
            let words: Vec<String> = c
                .forbid
                .iter()
                .map(|f| format!("`{}`", f.keyword()))
                .collect();
            let _ = writeln!(out, "    not allowed: {}", words.join(", "));
        }
        if !c.require_calls.is_empty() {
            let words: Vec<String> = c.require_calls.iter().map(|f| format!("`{f}`")).collect();
            let _ = writeln!(out, "    must call: {}", words.join(", "));
        }
        let _ = writeln!(out, "    {}\n", c.explanation);
    }
    let visible: Vec<_> = problem.visible_cases().collect();
    let hidden = problem.cases.len() - visible.len();
    let _ = writeln!(
        out,
        "{} ({} visible, {} hidden)",
        "Examples".bold(),
        visible.len(),
        hidden
    );
    for case in visible {
        let _ = writeln!(out, "  {}", case.name.bold());
        if !case.bindings.is_empty() {
            let types = format!("with {}", pretty::bindings(&case.bindings));
            let _ = writeln!(out, "    {}", types.dimmed());
        }
        for (p, v) in problem.signature.params.iter().zip(&case.inputs) {
            let _ = writeln!(out, "    {} = {}", p.name, pretty::abbreviated(v));
        }
        let expected = match &case.expected {
            Expected::Value(v) => pretty::abbreviated(v),
            Expected::Rejection => "rejected (an `Err` or `None`)".to_string(),
        };
        let _ = writeln!(out, "    {} {}", "→".dimmed(), expected.green());
    }
    let _ = writeln!(
        out,
        "\n{} hints: `pixelbank hint {}` shows them one at a time.",
        problem.hints.len(),
        problem.id
    );
    out
}
