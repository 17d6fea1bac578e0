//! The gradebook as files: JSON (read back by `pixelbank merge` and `pixelbank report`; its
//! schema is `docs/gradebook.schema.json`, generated from the types) and CSV for spreadsheets,
//! with a column per problem and the total; and the class summary that closes `grade --batch`'s
//! text output, a few lines on the weakest problems and the mistakes most made.

use std::fmt::Write as _;

use pixelbank_verdict::gradebook::GRADEBOOK_VERSION;
use pixelbank_verdict::{ClassSummary, Gradebook, ProblemOutcome};

use crate::{explain, pretty};

/// How many problems and mistakes the text summary names.
const SUMMARY_ITEMS: usize = 3;

/// How many of a problem's most failed cases the text summary names.
const SUMMARY_CASES: usize = 2;

/// A file that is not a gradebook this pixelbank can read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not shaped like a gradebook.
    #[error("not a pixelbank gradebook")]
    Malformed(#[source] serde_json::Error),
    /// A gradebook of another format version.
    #[error(
        "a gradebook of version {found}; this pixelbank reads version {GRADEBOOK_VERSION}: \
         grade the class again with this pixelbank, or use the one that wrote it"
    )]
    Version {
        /// The version the file has.
        found: u64,
    },
}

/// The gradebook as pretty JSON.
pub fn json(book: &Gradebook) -> String {
    serde_json::to_string_pretty(book).unwrap_or_default() + "\n"
}

/// Reads a gradebook's JSON, checking its version first so that an old gradebook is named as
/// one rather than as a malformed file.
pub fn read(text: &str) -> Result<Gradebook, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(ReadError::Malformed)?;
    if let Some(found) = value.get("schema_version").and_then(|v| v.as_u64())
        && found != u64::from(GRADEBOOK_VERSION)
    {
        return Err(ReadError::Version { found });
    }
    serde_json::from_value(value).map_err(ReadError::Malformed)
}

/// The JSON Schema of [`Gradebook`], as committed in `docs/gradebook.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Gradebook);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The gradebook as CSV: `submission,status,<problem ids...>,total,max_score`.
pub fn csv(book: &Gradebook) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["submission".to_string(), "status".to_string()];
    header.extend(book.problems.iter().map(|p| p.id.clone()));
    header.extend(["total".to_string(), "max_score".to_string()]);
    writer.write_record(&header)?;
    for row in &book.rows {
        let mut record = vec![row.submission.clone(), row.status.as_str().to_string()];
        record.extend(
            book.problems
                .iter()
                .map(|p| row.scores.get(&p.id).map_or(String::new(), u32::to_string)),
        );
        record.extend([row.total.to_string(), row.max_score.to_string()]);
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The class in a few lines: how many met the pass mark, the weakest problems with the cases
/// they failed most, and the mistakes most made.
///
/// ```text
/// class: 6 submissions, 1 met the pass mark (100%), median score 56%
/// weakest problems:
///   add-vectors  2 of 6 solved (33%); 1 compile error; most failed: negatives (3 of 5), two pairs (2 of 5)
///   dot-product  5 of 6 solved (83%); 1 missing
/// top mistakes:
///   1 of 6  add-vectors  abs_b: Adding |b| turns every negative term positive: add b as it is, sign included.
/// ```
pub fn summary_text(book: &Gradebook) -> String {
    let summary = ClassSummary::of(book);
    let n = summary.submissions;
    let mut out = String::new();
    let _ = write!(
        out,
        "class: {}, {} met the pass mark ({}%)",
        explain::count(n, "submission"),
        summary.passed,
        summary.min_score_percent
    );
    if let Some(median) = summary.median_percent {
        let _ = write!(out, ", median score {}", explain::percent(median / 100.0));
    }
    if summary.pending > 0 {
        let _ = write!(out, "; {} not graded yet", summary.pending);
    }
    out.push('\n');

    let weakest = summary.weakest();
    if !weakest.is_empty() {
        let width = weakest
            .iter()
            .take(SUMMARY_ITEMS)
            .map(|p| p.id.len())
            .max()
            .unwrap_or(0);
        out.push_str("weakest problems:\n");
        for p in weakest.iter().take(SUMMARY_ITEMS) {
            let _ = write!(
                out,
                "  {:width$}  {} of {} solved ({})",
                p.id,
                p.solved,
                p.submissions,
                explain::percent(p.pass_rate())
            );
            let others: Vec<String> = p
                .outcomes
                .iter()
                .filter(|(o, _)| !matches!(o, ProblemOutcome::Passed | ProblemOutcome::Failed))
                .map(|(o, n)| format!("{n} {}", explain::outcome(*o)))
                .collect();
            if !others.is_empty() {
                let _ = write!(out, "; {}", others.join(", "));
            }
            let failed: Vec<String> = p
                .most_failed(SUMMARY_CASES)
                .iter()
                .map(|c| {
                    let hidden = if c.hidden { "hidden, " } else { "" };
                    format!("{} ({hidden}{} of {})", c.name, c.failed, c.ran)
                })
                .collect();
            if !failed.is_empty() {
                let _ = write!(out, "; most failed: {}", failed.join(", "));
            }
            out.push('\n');
        }
    }
    if !summary.mistakes.is_empty() {
        let count_width = summary
            .mistakes
            .iter()
            .take(SUMMARY_ITEMS)
            .map(|m| format!("{} of {n}", m.submissions.len()).len())
            .max()
            .unwrap_or(0);
        let problem_width = summary
            .mistakes
            .iter()
            .take(SUMMARY_ITEMS)
            .map(|m| m.problem.len())
            .max()
            .unwrap_or(0);
        out.push_str("top mistakes:\n");
        for m in summary.mistakes.iter().take(SUMMARY_ITEMS) {
            let _ = writeln!(
                out,
                "  {:count_width$}  {:problem_width$}  {}: {}",
                format!("{} of {n}", m.submissions.len()),
                m.problem,
                m.id,
                m.message
            );
        }
    }
    // The bank's words and the case names go to a terminal or a CI log.
    pretty::for_logs(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(pending: &[&str]) -> Gradebook {
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition: None,
            min_score_percent: 100.0,
            problems: Vec::new(),
            rows: Vec::new(),
            pending: pending.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_stopped_batch_s_summary_says_how_many_are_left() {
        assert_eq!(
            summary_text(&book(&["ada", "ben"])),
            "class: 0 submissions, 0 met the pass mark (100%); 2 not graded yet\n"
        );
        assert_eq!(
            summary_text(&book(&[])),
            "class: 0 submissions, 0 met the pass mark (100%)\n"
        );
    }

    #[test]
    fn an_old_gradebook_is_named_by_its_version() {
        let old = json(&book(&[])).replace("\"schema_version\": 2", "\"schema_version\": 1");
        assert!(matches!(read(&old), Err(ReadError::Version { found: 1 })));
        assert!(matches!(read("{"), Err(ReadError::Malformed(_))));
        assert_eq!(read(&json(&book(&["x"]))).ok(), Some(book(&["x"])));
    }
}
