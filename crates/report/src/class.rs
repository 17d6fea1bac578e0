//! The instructor's page of a class: one self-contained HTML file rendered from a gradebook, with
//! the score distribution, each problem's pass rate and most failed cases, the known mistakes
//! ranked by how many submissions made them (with the bank's explanation), and a sortable table
//! of submissions linking to their reports.
//!
//! Self-contained means nothing is fetched: the style and the script are inline, the charts are
//! inline SVG, the fonts the reader's own. A Content-Security-Policy allows only that style and
//! that script (by their hashes) and no network at all, so even a name that slipped through
//! escaping could neither run a script nor load a thing. Every value is interpolated by maud,
//! which escapes it. Hidden cases appear by name and verdict only, as in the gradebook.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use base64::Engine as _;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use pixelbank_verdict::class::{SCORE_BINS, percent};
use pixelbank_verdict::{ClassSummary, Gradebook, MistakeSummary, ProblemOutcome, ProblemSummary};
use sha2::{Digest, Sha256};

use crate::{explain, pretty};

/// The page's style sheet.
const STYLE: &str = include_str!("class/page.css");

/// The page's script: it makes the submissions table sortable, and nothing else.
const SCRIPT: &str = include_str!("class/page.js");

/// How many of a problem's most failed cases the page lists.
const FAILED_CASES: usize = 3;

/// What a path segment of a link keeps as it is: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The page of `book`. `reports` maps a submission's name to its report, relative to where the
/// page will be written; a submission without one is listed without a link.
pub fn html(book: &Gradebook, reports: &BTreeMap<String, PathBuf>) -> String {
    let summary = ClassSummary::of(book);
    let policy = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let title = format!(
        "Class report: {}",
        explain::count(summary.submissions, "submission")
    );
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(policy);
                meta name="generator" content=(tool());
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Class report" }
                    p.lede id="class-summary" { (lede(&summary, book)) }
                }
                main {
                    (scores(&summary))
                    (problems(&summary))
                    (mistakes(&summary))
                    (submissions(book, reports))
                }
                footer {
                    p {
                        "Hidden cases are shown by name and verdict only. Made by " (tool())
                        " from a gradebook of version " (book.schema_version) "."
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string() + "\n"
}

/// `pixelbank 0.1.0`.
fn tool() -> String {
    format!("pixelbank {}", env!("CARGO_PKG_VERSION"))
}

/// A CSP source that allows exactly `text` as an inline style or script.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A relative path as a link: each segment percent-encoded, so that no name can end the
/// attribute, start a scheme (`javascript:`) or a query.
fn href(path: &Path) -> String {
    path.components()
        .map(|c| match c {
            Component::ParentDir => "..".to_string(),
            Component::CurDir => ".".to_string(),
            other => utf8_percent_encode(&other.as_os_str().to_string_lossy(), SEGMENT).to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A learner-controlled name, as displayed: control characters and bidirectional overrides
/// made visible, so that a name cannot pass itself off as another.
fn shown(name: &str) -> String {
    pretty::clean(name)
}

/// A coordinate or a length in an SVG: one decimal is finer than a pixel.
fn coord(x: f64) -> String {
    format!("{x:.1}")
}

/// A share from 0 to 1, as the page shows it: `38%`.
fn share(numerator: usize, denominator: usize) -> String {
    if denominator == 0 {
        explain::percent(1.0)
    } else {
        explain::percent(numerator as f64 / denominator as f64)
    }
}

fn lede(summary: &ClassSummary, book: &Gradebook) -> Markup {
    html! {
        span.submission-count { (explain::count(summary.submissions, "submission")) }
        " graded on " (explain::count(summary.problems.len(), "problem"))
        @if let Some(p) = book.partition { " (partition " (p) ")" }
        " · " span.passed-count { (summary.passed) } " met the pass mark of "
        (summary.min_score_percent) "%"
        @if let Some(median) = summary.median_percent {
            " · median score " (explain::percent(median / 100.0))
        }
        @if summary.pending > 0 {
            " · " span.pending-count { (summary.pending) } " not graded yet (the batch was stopped)"
        }
    }
}

/// The label of a score bin: `30–39%`, `100%`.
fn bin_label(k: usize) -> String {
    if k == SCORE_BINS - 1 {
        "100%".to_string()
    } else {
        format!("{}–{}%", 10 * k, 10 * k + 9)
    }
}

fn scores(summary: &ClassSummary) -> Markup {
    const WIDTH: f64 = 440.0;
    const TOP: f64 = 18.0;
    const PLOT: f64 = 140.0;
    const SLOT: f64 = WIDTH / SCORE_BINS as f64;
    let highest = summary
        .distribution
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let description = summary
        .distribution
        .iter()
        .enumerate()
        .map(|(k, n)| format!("{}: {n}", bin_label(k)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        section id="scores" {
            h2 { "Scores" }
            p {
                "How many submissions scored in each tenth of the points. Green bars are at or \
                 above the pass mark of " (summary.min_score_percent) "%."
            }
            svg.chart.histogram viewBox=(format!("0 0 {WIDTH} {}", TOP + PLOT + 34.0))
                role="img" aria-labelledby="scores-title" {
                title id="scores-title" { "Score distribution: " (description) }
                line.axis x1="0" x2=(coord(WIDTH)) y1=(coord(TOP + PLOT)) y2=(coord(TOP + PLOT)) {}
                @for (k, n) in summary.distribution.iter().enumerate() {
                    @let height = PLOT * *n as f64 / highest as f64;
                    @let x = SLOT * k as f64;
                    @let passing = (10 * k) as f64 >= summary.min_score_percent;
                    g.bin data-bin=(k) data-count=(n) {
                        rect.bar.pass[passing] x=(coord(x + 4.0)) y=(coord(TOP + PLOT - height))
                            width=(coord(SLOT - 8.0)) height=(coord(height)) {}
                        text.count x=(coord(x + SLOT / 2.0)) y=(coord(TOP + PLOT - height - 4.0))
                            text-anchor="middle" { (n) }
                        text.label x=(coord(x + SLOT / 2.0)) y=(coord(TOP + PLOT + 14.0))
                            text-anchor="middle" { (bin_label(k).trim_end_matches('%')) }
                    }
                }
                text.label x=(coord(WIDTH / 2.0)) y=(coord(TOP + PLOT + 30.0))
                    text-anchor="middle" { "score, % of the points" }
            }
        }
    }
}

/// A horizontal bar of `fraction` (0 to 1) of its track.
fn meter(fraction: f64, label: &str) -> Markup {
    let fraction = fraction.clamp(0.0, 1.0);
    html! {
        svg.meter viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label=(label) {
            rect.track x="0" y="0" width="100" height="8" {}
            rect.bar x="0" y="0" width=(coord(100.0 * fraction)) height="8" {}
        }
    }
}

fn problems(summary: &ClassSummary) -> Markup {
    html! {
        section id="problems" {
            h2 { "Problems" }
            p { "The share of the class that solved each problem, and the cases failed most often \
                 by the submissions that ran them." }
            table.problems {
                thead {
                    tr {
                        th scope="col" { "problem" }
                        th scope="col" { "solved" }
                        th scope="col" { "pass rate" }
                        th scope="col" { "how the others ended" }
                        th scope="col" { "most failed cases" }
                    }
                }
                tbody {
                    @for p in &summary.problems { (problem_row(p)) }
                }
            }
        }
    }
}

fn problem_row(p: &ProblemSummary) -> Markup {
    let rate = share(p.solved, p.submissions);
    let others: Vec<String> = p
        .outcomes
        .iter()
        .filter(|(o, _)| *o != ProblemOutcome::Passed)
        .map(|(o, n)| format!("{n} {}", explain::outcome(*o)))
        .collect();
    let failed = p.most_failed(FAILED_CASES);
    html! {
        tr data-problem=(p.id) {
            th scope="row" {
                code { (p.id) } br;
                span.title { (p.title) }
            }
            td.solved data-label="solved" {
                span.solved-count { (p.solved) } " of " span.graded-count { (p.submissions) }
            }
            td.rate data-label="pass rate" {
                (meter(p.pass_rate(), &format!("pass rate {rate}")))
                span.pass-rate { (rate) }
            }
            td.others data-label="the others" {
                @if others.is_empty() { "–" } @else { (others.join(", ")) }
            }
            td data-label="most failed" {
                @if failed.is_empty() {
                    "none failed"
                } @else {
                    ol.failed-cases {
                        @for c in &failed {
                            li data-case=(c.name) {
                                span.case-name { (c.name) }
                                @if c.hidden { " " span.tag { "hidden" } }
                                ": failed by " span.failed-count { (c.failed) } " of "
                                span.ran-count { (c.ran) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn mistakes(summary: &ClassSummary) -> Markup {
    html! {
        section id="mistakes" {
            h2 { "Mistakes" }
            @if summary.mistakes.is_empty() {
                p { "No submission made a known mistake of a visible case." }
            } @else {
                p { "The known mistakes of visible cases that submissions made, the most made \
                     first, each with the explanation a learner gets." }
                ol.mistakes {
                    @for m in &summary.mistakes { (mistake(m, summary.submissions)) }
                }
            }
        }
    }
}

fn mistake(m: &MistakeSummary, class: usize) -> Markup {
    let made = m.submissions.len();
    let names: Vec<String> = m.submissions.iter().map(|s| shown(s)).collect();
    html! {
        li.mistake data-problem=(m.problem) data-mistake=(m.id) {
            p.mistake-head {
                span.made-count { (made) } " of " (explain::count(class, "submission"))
                " (" (share(made, class)) ") · " code { (m.problem) } " · " code.mistake-id { (m.id) }
            }
            (meter(made as f64 / class.max(1) as f64, &format!("{} of the class", share(made, class))))
            p.explanation { (m.message) }
            p.who { "Made by " (names.join(", ")) }
        }
    }
}

fn submissions(book: &Gradebook, reports: &BTreeMap<String, PathBuf>) -> Markup {
    html! {
        section id="submissions-section" {
            h2 { "Submissions" }
            p.no-print { "Sort by a column by clicking its heading. Each name links to its report." }
            div.scroll {
                table.sortable id="submissions" {
                    thead {
                        tr {
                            th scope="col" data-key="submission" data-type="text" { "submission" }
                            th scope="col" data-key="status" data-type="text" { "status" }
                            @for c in &book.problems {
                                th.num scope="col" data-key=(format!("problem.{}", c.id))
                                    data-type="number" {
                                    (c.id) br; span.max { "/" (c.max_score) }
                                }
                            }
                            th.num scope="col" data-key="total" data-type="number" { "total" }
                            th.num scope="col" data-key="percent" data-type="number" { "%" }
                        }
                    }
                    tbody {
                        @for row in &book.rows {
                            tr data-submission=(shown(&row.submission)) {
                                th scope="row" data-value=(shown(&row.submission)) {
                                    @match reports.get(&row.submission) {
                                        Some(path) => a href=(href(path)) { (shown(&row.submission)) },
                                        None => (shown(&row.submission)),
                                    }
                                }
                                td.status.(row.status.as_str()) data-value=(row.status.as_str()) {
                                    (row.status.as_str())
                                }
                                @for c in &book.problems {
                                    @let score = row.scores.get(&c.id).copied().unwrap_or(0);
                                    @let outcome = row.results.get(&c.id).map(|r| r.status);
                                    td.num.score.(outcome.map_or("none", ProblemOutcome::as_str))
                                        data-problem=(c.id) data-value=(score) {
                                        (score)
                                        @if let Some(o) = outcome.filter(|o| !matches!(o, ProblemOutcome::Passed | ProblemOutcome::Failed)) {
                                            " " span.outcome { (explain::outcome(o)) }
                                        }
                                    }
                                }
                                td.num.total data-value=(row.total) { (row.total) "/" (row.max_score) }
                                td.num.percent data-value=(coord(percent(row))) {
                                    (explain::percent(percent(row) / 100.0))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use pixelbank_verdict::gradebook::GRADEBOOK_VERSION;
    use pixelbank_verdict::{Row, Status};

    use super::*;

    fn book(rows: Vec<Row>) -> Gradebook {
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition: None,
            min_score_percent: 100.0,
            problems: Vec::new(),
            rows,
            pending: Vec::new(),
        }
    }

    #[test]
    fn a_submission_s_name_is_text_wherever_it_appears() {
        let name = "<img src=x onerror=alert(1)>\u{202e}\"'&";
        let row = Row {
            submission: name.to_string(),
            status: Status::Pass,
            scores: BTreeMap::new(),
            total: 0,
            max_score: 0,
            results: BTreeMap::new(),
        };
        let reports = BTreeMap::from([(
            name.to_string(),
            PathBuf::from(format!("reports/{name}.txt")),
        )]);
        let page = html(&book(vec![row]), &reports);
        assert!(!page.contains("<img"), "{page}");
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{page}"
        );
        assert!(
            !page.contains('\u{202e}'),
            "a bidirectional override is shown, not obeyed"
        );
        assert!(page.contains("href=\"reports/%3Cimg%20src%3Dx"), "{page}");
    }

    #[test]
    fn a_link_cannot_leave_its_attribute_or_become_a_script() {
        // A folder's name holds anything but `/`.
        let path = Path::new("../reports/\"><script>alert(1)<\\script> javascript:x?#.txt");
        assert_eq!(
            href(path),
            "../reports/%22%3E%3Cscript%3Ealert%281%29%3C%5Cscript%3E%20javascript%3Ax%3F%23.txt"
        );
    }

    #[test]
    fn the_policy_hashes_are_those_of_the_inline_style_and_script() {
        // The SHA-256 of the empty string, as CSP writes it.
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        let page = html(&book(vec![]), &BTreeMap::new());
        assert!(page.contains(&csp_hash(STYLE)) && page.contains(&csp_hash(SCRIPT)));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
    }
}
