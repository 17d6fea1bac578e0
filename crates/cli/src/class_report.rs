//! `pixelbank report GRADEBOOK [--html FILE]` and `grade --batch --html FILE`: the class summary
//! in a few lines, and the instructor's page of the class, written atomically with links to the
//! submissions' reports made relative to where the page lies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use pixelbank_report::{class, gradebook};
use pixelbank_verdict::Gradebook;

use crate::commands::PASSED;
use crate::grading::write_atomically;

/// The extensions of the reports `grade --batch` writes, in the order a link prefers them.
const REPORT_EXTENSIONS: [&str; 3] = ["txt", "json", "xml"];

/// Reads a gradebook, prints its class summary, and writes its page when asked.
pub fn report(path: &Path, html: Option<&Path>, report_dirs: &[PathBuf]) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let book = gradebook::read(&text).with_context(|| format!("cannot read {}", path.display()))?;
    crate::output::print(&gradebook::summary_text(&book))?;
    if let Some(html) = html {
        let dirs: Vec<PathBuf> = if report_dirs.is_empty() {
            let beside = path.parent().unwrap_or_else(|| Path::new("."));
            vec![beside.join("reports")]
        } else {
            report_dirs.to_vec()
        };
        let reports = book
            .rows
            .iter()
            .filter_map(|row| {
                find_report(&dirs, &row.submission).map(|p| (row.submission.clone(), p))
            })
            .collect();
        write_page(&book, html, &reports)?;
    }
    Ok(ExitCode::from(PASSED))
}

/// The first `<dir>/<submission>.<ext>` that exists.
fn find_report(dirs: &[PathBuf], submission: &str) -> Option<PathBuf> {
    dirs.iter()
        .flat_map(|dir| {
            REPORT_EXTENSIONS
                .iter()
                .map(move |ext| dir.join(format!("{submission}.{ext}")))
        })
        .find(|p| p.is_file())
}

/// Writes the page of `book` to `html`; `reports` maps submissions to their report files.
pub fn write_page(
    book: &Gradebook,
    html: &Path,
    reports: &BTreeMap<String, PathBuf>,
) -> Result<()> {
    let page_dir = std::path::absolute(html)
        .with_context(|| format!("cannot resolve {}", html.display()))?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let links = reports
        .iter()
        .filter_map(|(name, report)| {
            let report = std::path::absolute(report).ok()?;
            pathdiff::diff_paths(report, &page_dir).map(|relative| (name.clone(), relative))
        })
        .collect();
    write_atomically(html, &class::html(book, &links))?;
    eprintln!("class page in {}", html.display());
    Ok(())
}
