//! Errors in problem files, located by file, line and column, and errors of the bank as a whole.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong in one problem file, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The file, as the user should see it (`problems/bce-loss.toml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// The source line the error points at, for display under the message.
    pub source_line: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if !self.source_line.trim().is_empty() {
            let gutter = self.line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | {:>col$}",
                "",
                self.line,
                self.source_line,
                "",
                "^",
                col = self.column
            )?;
        }
        Ok(())
    }
}

/// A problem file's text with its display name, which turns byte spans into located errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file, as the user should see it.
    pub name: String,
    /// Its full text.
    pub text: String,
}

impl SourceFile {
    /// An error at byte offset `at` (clamped to the text, and back to the start of a character).
    pub fn error_at(&self, at: usize, message: impl Into<String>) -> SpecError {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..at].chars().count() + 1;
        // Control characters (a binary file, a stray NUL) would garble the terminal; each is
        // replaced by one character so that the caret still lines up.
        let source_line = self.text[line_start..]
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        SpecError {
            file: self.name.clone(),
            line,
            column,
            message: message.into(),
            source_line,
        }
    }

    /// An error about the file as a whole (a required key is missing): located at its start,
    /// without quoting a line that is not to blame.
    pub fn error_in_file(&self, message: impl Into<String>) -> SpecError {
        SpecError {
            source_line: String::new(),
            ..self.error_at(0, message)
        }
    }
}

/// Everything that can go wrong loading a bank or finding a problem in it.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    /// A file or directory could not be read.
    #[error("cannot read {path}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The directory holds no problem files.
    #[error("{path} holds no problem files (*.toml)")]
    Empty {
        /// The directory.
        path: PathBuf,
    },
    /// One or more problem files are invalid; every error found is listed.
    #[error("{}", render_all(.0))]
    Invalid(Vec<SpecError>),
    /// No problem has the requested id.
    #[error("no problem with id `{id}`{}", suggest(.suggestions))]
    UnknownProblem {
        /// The id asked for.
        id: String,
        /// The closest ids in the bank, best first.
        suggestions: Vec<String>,
    },
}

fn render_all(errors: &[SpecError]) -> String {
    let mut out = String::new();
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&e.to_string());
    }
    let files = {
        let mut files: Vec<_> = errors.iter().map(|e| &e.file).collect();
        files.dedup();
        files.len()
    };
    out.push_str(&format!(
        "\n\n{} error{} in {} problem file{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" }
    ));
    out
}

fn suggest(suggestions: &[String]) -> String {
    match suggestions {
        [] => "; `pixelbank list` shows every problem".to_string(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let file = SourceFile {
            name: "p.toml".into(),
            text: "a = 1\nbé = \"x\"\n".into(),
        };
        let e = file.error_at(12, "bad");
        assert_eq!((e.line, e.column), (2, 6));
        assert!(e.to_string().starts_with("p.toml:2:6: bad"));
        let inside_e_acute = file.error_at(8, "bad");
        assert_eq!((inside_e_acute.line, inside_e_acute.column), (2, 2));
    }
}
