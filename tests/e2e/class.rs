//! The instructor's view of a class, end to end: a class generated here (correct, wrong,
//! known-mistake, crashing and missing submissions, one whose only mistake a hidden case knows,
//! and one named like markup) is graded on the fixture bank by `grade --batch --html`; its page
//! is loaded in headless Chromium, and the numbers the rendered DOM shows (pass rates, failed
//! cases, mistake counts, scores) must be the gradebook's; the page logs nothing to its console;
//! and nothing of a hidden case but its name (no input, no expected value, no mistake it
//! recognises) is anywhere in the page or the gradebook. `pixelbank report` renders the same page
//! from the gradebook alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pixelbank_spec::{Bank, Expected, Value};
use pixelbank_verdict::{Gradebook, ProblemOutcome, Row, Verdict};
use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use crate::browser::{Chromium, file_url};
use crate::support::{Output, Test, repo_root};

/// The fixture bank: add-vectors (5 cases, 2 hidden) and dot-product (3 cases, 1 hidden).
fn bank_dir() -> PathBuf {
    repo_root().join("tests/fixtures/grade-bank")
}

/// A wrong solution of the fixture bank, as code: `wrong("add_vectors", "abs_b")`.
fn wrong(module: &str, name: &str) -> String {
    let path = repo_root()
        .join("tests/fixtures/grade-wrong")
        .join(module)
        .join(format!("{name}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

const ADD_RIGHT: &str = "pub fn add_vectors(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}
";
/// Subtracts: wrong on every case but the empty one, and no known mistake.
const ADD_SUBTRACTS: &str = "pub fn add_vectors(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}
";
/// Returns `a`: the mistake only the hidden case \"large values\" recognises.
const ADD_RETURNS_A: &str = "pub fn add_vectors(a: &[f64], _b: &[f64]) -> Vec<f64> {
    a.to_vec()
}
";
/// Indexes past the end: panics on every case but the empty one.
const ADD_CRASHES: &str = "pub fn add_vectors(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().enumerate().map(|(i, x)| x + b[i + 1]).collect()
}
";
const DOT_RIGHT: &str = "pub fn dot_product(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
";
/// Indexes past the end: panics on every case.
const DOT_CRASHES: &str = "pub fn dot_product(a: &[f64], b: &[f64]) -> f64 {
    b[a.len()] * a[0]
}
";

/// A name a careless page would turn into markup.
const MARKUP_NAME: &str = "<i>zoe & \"co\"";

/// The generated class: per submission its add_vectors.rs and dot_product.rs (`None`: no file),
/// and the total it must score out of 8.
fn class() -> Vec<(&'static str, String, Option<String>, u32)> {
    let abs_b = wrong("add_vectors", "abs_b");
    let adds_pairs = wrong("dot_product", "adds_pairs");
    let s = |text: &str| text.to_string();
    vec![
        ("ada", s(ADD_RIGHT), Some(s(DOT_RIGHT)), 8),
        ("ben", s(ADD_RIGHT), Some(s(DOT_RIGHT)), 8),
        ("cleo", abs_b.clone(), Some(s(DOT_RIGHT)), 7),
        ("dan", abs_b, Some(adds_pairs.clone()), 4),
        ("eve", s(ADD_RIGHT), Some(adds_pairs), 5),
        ("finn", s(ADD_CRASHES), Some(s(DOT_CRASHES)), 1),
        ("gus", s(ADD_SUBTRACTS), Some(s(DOT_RIGHT)), 4),
        ("hal", s(ADD_RETURNS_A), Some(s(DOT_RIGHT)), 4),
        (MARKUP_NAME, s(ADD_RIGHT), None, 5),
    ]
}

/// The graded class: where it lies, and the batch's run.
struct GradedClass {
    dir: PathBuf,
    run: Output,
}

impl GradedClass {
    fn out_dir(&self) -> PathBuf {
        self.dir.join("grades")
    }

    fn page(&self) -> PathBuf {
        self.out_dir().join("class.html")
    }

    fn html(&self) -> String {
        read(&self.page())
    }

    fn gradebook(&self) -> Gradebook {
        let text = read(&self.out_dir().join("gradebook.json"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not a gradebook ({e}):\n{text}"))
    }
}

#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The class generated into a fresh `target/tmp/class-e2e` (left for a failure to be looked
/// into) and graded once, with its page, for every test here.
static GRADED: LazyLock<GradedClass> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("class-e2e");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("an old class removed");
    }
    for (name, add, dot, _) in class() {
        let src = dir.join("submissions").join(name).join("src");
        std::fs::create_dir_all(&src).expect("a submission folder");
        std::fs::write(src.join("add_vectors.rs"), add).expect("add_vectors.rs");
        if let Some(dot) = dot {
            std::fs::write(src.join("dot_product.rs"), dot).expect("dot_product.rs");
        }
    }
    let graded = GradedClass {
        run: Test::new()
            .arg("--problems")
            .arg(bank_dir())
            .env("GITHUB_ACTIONS", "false")
            .arg("grade")
            .arg("--batch")
            .arg(dir.join("submissions"))
            .args(["-j", "2", "--out-dir"])
            .arg(dir.join("grades"))
            .arg("--html")
            .arg(dir.join("grades/class.html"))
            .run(),
        dir,
    };
    graded
        .run
        .code(1)
        .stderr_contains("graded 9 submissions: 2 passed");
    // The class is what it was generated to be, or the checks below would check the wrong thing.
    let totals: BTreeMap<String, u32> = graded
        .gradebook()
        .rows
        .iter()
        .map(|r| (r.submission.clone(), r.total))
        .collect();
    let expected: BTreeMap<String, u32> = class()
        .into_iter()
        .map(|(name, _, _, total)| (name.to_string(), total))
        .collect();
    assert_eq!(totals, expected);
    graded
});

// ---- reading the rendered DOM ---------------------------------------------------------------

#[track_caller]
fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

fn all<'a>(root: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    root.select(&selector(css)).collect()
}

#[track_caller]
fn one<'a>(root: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    let found = all(root, css);
    assert_eq!(found.len(), 1, "expected one `{css}` in {}", root.html());
    found[0]
}

/// An element's text, its whitespace collapsed.
fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[track_caller]
fn count(element: ElementRef<'_>) -> usize {
    let shown = text(element);
    shown
        .parse()
        .unwrap_or_else(|_| panic!("`{shown}` is not a count"))
}

#[track_caller]
fn attr<'a>(element: ElementRef<'a>, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("no `{name}` on {}", element.html()))
}

/// A share as the page is meant to show it, computed here on its own: `33%`.
fn shown_percent(numerator: usize, denominator: usize) -> String {
    format!("{:.0}%", numerator as f64 * 100.0 / denominator as f64)
}

/// The page as Chromium rendered it, with the console checked empty.
#[track_caller]
fn rendered(url: &str) -> Html {
    let loaded = Chromium::find().load(url);
    assert!(
        loaded.console.is_empty(),
        "the page wrote to its console (an error, a blocked load or a stray log): {:#?}",
        loaded.console
    );
    Html::parse_document(&loaded.dom)
}

/// The result of a row for `problem`.
fn result<'r>(row: &'r Row, problem: &str) -> &'r pixelbank_verdict::ProblemResult {
    row.results
        .get(problem)
        .unwrap_or_else(|| panic!("no result of {problem} for {}", row.submission))
}

// ---- the page in a browser ------------------------------------------------------------------

#[test]
fn without_chromium_the_browser_tests_fail_saying_how_to_install_it() {
    let missing = Chromium::at(PathBuf::from("/no/such/chromium"))
        .expect_err("no browser at a path that does not exist");
    assert!(
        missing.contains("/no/such/chromium") && missing.contains("apt-get install -y chromium"),
        "{missing}"
    );
}

#[test]
fn the_page_shows_the_gradebook_s_numbers_in_a_real_browser() {
    let graded = &*GRADED;
    let book = graded.gradebook();
    let dom = rendered(&file_url(&graded.page()));
    let root = dom.root_element();
    let n = book.rows.len();

    // The script ran, without a word on the console.
    assert_eq!(
        attr(one(root, "table#submissions"), "data-sortable"),
        "ready"
    );

    let lede = one(root, "#class-summary");
    assert_eq!(text(one(lede, ".submission-count")), "9 submissions");
    let passed = book
        .rows
        .iter()
        .filter(|r| r.status.as_str() == "pass")
        .count();
    assert_eq!(count(one(lede, ".passed-count")), passed);

    // The score distribution: a bar per tenth of the points, every point alone.
    let mut bins = [0usize; 11];
    for row in &book.rows {
        let bin = if row.total == row.max_score {
            10
        } else {
            (row.total * 10 / row.max_score) as usize
        };
        bins[bin] += 1;
    }
    let shown: Vec<usize> = all(root, "svg.histogram g.bin")
        .iter()
        .map(|g| count(one(*g, "text.count")))
        .collect();
    assert_eq!(shown, bins);

    // Per problem: how many solved it, the pass rate, and each listed case's failures.
    let problems = all(root, "table.problems tbody tr");
    assert_eq!(problems.len(), book.problems.len());
    for (tr, column) in problems.iter().zip(&book.problems) {
        assert_eq!(attr(*tr, "data-problem"), column.id);
        let solved = book
            .rows
            .iter()
            .filter(|r| result(r, &column.id).status == ProblemOutcome::Passed)
            .count();
        assert_eq!(count(one(*tr, ".solved-count")), solved, "{}", column.id);
        assert_eq!(count(one(*tr, ".graded-count")), n);
        assert_eq!(text(one(*tr, ".pass-rate")), shown_percent(solved, n));
        let listed = all(*tr, "ol.failed-cases li");
        assert!(!listed.is_empty(), "{} lists no failed case", column.id);
        let mut previous = usize::MAX;
        for li in listed {
            let case = attr(li, "data-case");
            let verdicts: Vec<Verdict> = book
                .rows
                .iter()
                .filter_map(|r| result(r, &column.id).cases.iter().find(|c| c.name == case))
                .map(|c| c.verdict)
                .collect();
            let failed = verdicts.iter().filter(|v| **v != Verdict::Passed).count();
            assert_eq!(count(one(li, ".failed-count")), failed, "{case}");
            assert_eq!(count(one(li, ".ran-count")), verdicts.len(), "{case}");
            assert!(failed <= previous, "the most failed come first");
            previous = failed;
            let hidden = column.cases.iter().any(|c| c.name == case && c.hidden);
            assert_eq!(all(li, ".tag").len(), usize::from(hidden), "{case}");
        }
    }
    let add = one(root, "tr[data-problem=\"add-vectors\"]");
    assert_eq!(text(one(add, ".pass-rate")), "44%", "ada, ben, eve and zoe");
    assert_eq!(
        text(all(add, "ol.failed-cases li")[0]),
        "negatives: failed by 5 of 9",
        "cleo, dan, finn, gus and hal"
    );

    // The mistakes, the most made first, each with the bank's explanation.
    let mut made: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for row in &book.rows {
        for (problem, r) in &row.results {
            for mistake in r.cases.iter().filter_map(|c| c.mistake.clone()) {
                made.entry((problem.clone(), mistake))
                    .or_default()
                    .insert(row.submission.clone());
            }
        }
    }
    let listed = all(root, "ol.mistakes li.mistake");
    let shown: BTreeMap<(String, String), usize> = listed
        .iter()
        .map(|li| {
            let key = (
                attr(*li, "data-problem").to_string(),
                attr(*li, "data-mistake").to_string(),
            );
            (key, count(one(*li, ".made-count")))
        })
        .collect();
    let counted: BTreeMap<(String, String), usize> =
        made.iter().map(|(k, who)| (k.clone(), who.len())).collect();
    assert_eq!(shown, counted);
    let order: Vec<usize> = listed
        .iter()
        .map(|li| count(one(*li, ".made-count")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] >= w[1]), "{order:?}");
    assert_eq!(
        counted,
        BTreeMap::from([
            (("add-vectors".into(), "abs_b".into()), 2),
            (("dot-product".into(), "adds_pairs".into()), 2),
        ]),
        "cleo and dan add |b|; dan and eve add the pairs"
    );
    for li in &listed {
        let (problem, id) = (attr(*li, "data-problem"), attr(*li, "data-mistake"));
        let column = book
            .problems
            .iter()
            .find(|c| c.id == problem)
            .expect("a column");
        let message = &column
            .mistakes
            .iter()
            .find(|m| m.id == id)
            .expect("a catalogued mistake")
            .message;
        assert_eq!(&text(one(*li, ".explanation")), message);
    }

    // The submissions: every row's scores and total, its name as text, a link to its report.
    let rows = all(root, "table#submissions tbody tr");
    assert_eq!(rows.len(), n);
    for (tr, row) in rows.iter().zip(&book.rows) {
        assert_eq!(attr(*tr, "data-submission"), row.submission);
        let name = one(*tr, "th a");
        assert_eq!(text(name), row.submission, "the name is text, not markup");
        let report = graded.out_dir().join(percent_decode(attr(name, "href")));
        assert!(report.is_file(), "{} links to nothing", row.submission);
        for column in &book.problems {
            let cell = one(*tr, &format!("td[data-problem=\"{}\"]", column.id));
            assert_eq!(
                attr(cell, "data-value"),
                row.scores[&column.id].to_string(),
                "{} on {}",
                row.submission,
                column.id
            );
        }
        assert_eq!(
            text(one(*tr, "td.total")),
            format!("{}/{}", row.total, row.max_score)
        );
    }
    assert!(
        all(root, "table#submissions i").is_empty(),
        "no <i> from a name"
    );
}

/// A link's path, decoded.
fn percent_decode(href: &str) -> String {
    percent_encoding::percent_decode_str(href)
        .decode_utf8()
        .expect("a UTF-8 link")
        .into_owned()
}

#[test]
fn the_submissions_table_sorts_in_the_browser() {
    let graded = &*GRADED;
    let url = file_url(&graded.page());
    let order = |fragment: &str| -> Vec<String> {
        let dom = rendered(&format!("{url}{fragment}"));
        all(dom.root_element(), "table#submissions tbody tr")
            .iter()
            .map(|tr| attr(*tr, "data-submission").to_string())
            .collect()
    };
    let by_name = order("");
    let mut sorted = by_name.clone();
    sorted.sort();
    assert_eq!(by_name, sorted, "without sorting: name order");

    // Highest total first; equal totals keep the name order.
    let mut expected: Vec<(u32, String)> = class()
        .into_iter()
        .map(|(name, _, _, total)| (total, name.to_string()))
        .collect();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = expected.into_iter().map(|(_, name)| name).collect();
    assert_eq!(order("#sort=-total"), expected);
    let dot_first: Vec<String> = order("#sort=problem.dot-product")
        .into_iter()
        .take(4)
        .collect();
    assert_eq!(
        dot_first,
        [MARKUP_NAME, "dan", "eve", "finn"],
        "the four 0s on dot-product, by name"
    );
}

// ---- what the page must not hold --------------------------------------------------------------

/// Every float in `value`.
fn floats(value: &Value, out: &mut Vec<f64>) {
    match value {
        Value::Float(x) => out.push(*x),
        Value::Int(i) => out.push(*i as f64),
        Value::List(items) => items.iter().for_each(|v| floats(v, out)),
        Value::Array(array) => array.data.iter().for_each(|v| floats(v, out)),
        Value::Struct(fields) => fields.iter().for_each(|(_, v)| floats(v, out)),
        Value::Option(Some(v)) => floats(v, out),
        Value::Option(None) | Value::Bool(_) | Value::Str(_) => {}
    }
}

/// A case's inputs and expected value.
fn values(case: &pixelbank_spec::Case) -> Vec<&Value> {
    let mut all: Vec<&Value> = case.inputs.iter().collect();
    if let Expected::Value(v) = &case.expected {
        all.push(v);
    }
    all
}

/// What would show that a hidden case leaked: each of its inputs and expected values as written,
/// every number of them that no visible case has (however a renderer writes it), and the id and
/// explanation of every mistake it recognises. Checks first that each hidden case has such a
/// number, without which a leak could go unseen.
fn hidden_traces(bank: &Bank) -> Vec<String> {
    let mut traces = Vec::new();
    for problem in bank.problems() {
        let mut visible = Vec::new();
        for case in problem.visible_cases() {
            values(case).iter().for_each(|v| floats(v, &mut visible));
        }
        for case in problem.cases.iter().filter(|c| c.hidden) {
            let mut numbers = Vec::new();
            for value in values(case) {
                traces.push(value.to_string());
                floats(value, &mut numbers);
            }
            let distinctive: Vec<f64> = numbers
                .into_iter()
                .filter(|x| !visible.contains(x))
                .collect();
            assert!(
                !distinctive.is_empty(),
                "the hidden case `{}` of {} has no number of its own, so a leak of it could not \
                 be told from the visible cases: give it one (tests/fixtures/grade-bank/README.md)",
                case.name,
                problem.id
            );
            for x in distinctive {
                traces.extend([format!("{x}"), format!("{x:?}"), format!("{x:e}")]);
            }
            for (i, mistake) in case.mistakes.iter().enumerate() {
                traces.extend([case.mistake_id(i), mistake.message.clone()]);
            }
        }
    }
    traces.sort();
    traces.dedup();
    traces
}

#[test]
fn no_hidden_input_expected_value_or_mistake_is_in_the_page_or_the_gradebook() {
    let graded = &*GRADED;
    let bank = Bank::load_dir(&bank_dir()).expect("the fixture bank loads");
    let traces = hidden_traces(&bank);
    assert!(
        traces.iter().any(|t| t == "271828.75") && traces.iter().any(|t| t == "large values#1"),
        "{traces:#?}"
    );
    let page = graded.html();
    let book = read(&graded.out_dir().join("gradebook.json"));
    for trace in &traces {
        assert!(
            !page.contains(trace.as_str()),
            "`{trace}` of a hidden case is in the page"
        );
        assert!(
            !book.contains(trace.as_str()),
            "`{trace}` of a hidden case is in the gradebook"
        );
    }
    // Nor by its verdict: hal returned `a`, which "large values" recognises; the page says the
    // case failed, and nothing of why.
    let hal = graded
        .gradebook()
        .rows
        .into_iter()
        .find(|r| r.submission == "hal")
        .expect("hal's row");
    let large = result(&hal, "add-vectors")
        .cases
        .iter()
        .find(|c| c.name == "large values")
        .expect("the hidden case, by name");
    assert_eq!(
        (large.verdict, large.mistake.as_deref()),
        (Verdict::WrongAnswer, None)
    );
    // Hidden cases are named on the page, as failed cases.
    assert!(page.contains("large values"));
}

#[test]
fn the_page_is_one_file_that_loads_nothing() {
    let page = GRADED.html();
    for outside in [
        "http://", "https://", "<link", " src=", "url(", "@import", "//fonts",
    ] {
        assert!(
            !page.contains(outside),
            "the page refers outside itself: `{outside}`"
        );
    }
    // Only its own style and script may run (the policy lists their hashes, and no source).
    let policy = Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]+)">"#)
        .expect("a valid pattern");
    let policy = policy
        .captures(&page)
        .map(|c| c[1].to_string())
        .expect("a Content-Security-Policy");
    assert!(
        policy.starts_with("default-src 'none'; style-src 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("; script-src 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    // It reads on a phone and on paper.
    assert!(page.contains("name=\"viewport\""));
    assert!(page.contains("@media (max-width:") && page.contains("@media print"));
}

// ---- pixelbank report -------------------------------------------------------------------------

/// `pixelbank report ...`.
fn report() -> Test {
    Test::new().arg("report")
}

#[test]
fn report_renders_the_batch_s_page_from_the_gradebook_alone() {
    let graded = &*GRADED;
    let gradebook = graded.out_dir().join("gradebook.json");
    // Written where the batch wrote its own, it is the same page, byte for byte.
    let again = graded.out_dir().join("again.html");
    let run = report().arg(&gradebook).arg("--html").arg(&again).run();
    run.success()
        .stdout_contains("class: 9 submissions, 2 met the pass mark (100%)")
        .stdout_contains("top mistakes:\n")
        .stderr_contains("class page in");
    assert_eq!(read(&again), graded.html());
    // The batch's text summary is the same.
    assert_eq!(run.stdout, graded.run.stdout);

    // Written elsewhere, its links still reach the reports.
    let elsewhere = graded.dir.join("published/class.html");
    report()
        .arg(&gradebook)
        .arg("--html")
        .arg(&elsewhere)
        .run()
        .success();
    let page = Html::parse_document(&read(&elsewhere));
    let links = all(page.root_element(), "table#submissions th a");
    assert_eq!(links.len(), class().len());
    for link in links {
        let href = attr(link, "href");
        assert!(href.starts_with("../grades/reports/"), "{href}");
        let target = elsewhere
            .parent()
            .expect("a folder")
            .join(percent_decode(href));
        assert!(target.is_file(), "{href} leads nowhere");
    }
}

#[test]
fn report_needs_a_gradebook_of_its_own_version() {
    let graded = &*GRADED;
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    report()
        .arg(dir.path().join("no-such.json"))
        .run()
        .code(2)
        .stderr_contains("no-such.json");
    let old = dir.path().join("old.json");
    let text = read(&graded.out_dir().join("gradebook.json"));
    std::fs::write(
        &old,
        text.replacen("\"schema_version\": 2", "\"schema_version\": 1", 1),
    )
    .expect("an old gradebook");
    report()
        .arg(&old)
        .arg("--html")
        .arg(dir.path().join("class.html"))
        .run()
        .code(2)
        .stderr_contains("a gradebook of version 1");
    assert!(!dir.path().join("class.html").exists());
}

// ---- the screenshot in docs/ ------------------------------------------------------------------

/// The screenshot the grading guide shows.
const SCREENSHOT: &str = "docs/class-report.png";

#[test]
fn the_grading_guide_shows_a_screenshot_of_the_generated_class_s_page() {
    let graded = &*GRADED;
    let shot = graded.dir.join("class-report.png");
    Chromium::find().screenshot(&file_url(&graded.page()), 1100, 1800, &shot);
    let committed = repo_root().join(SCREENSHOT);
    if std::env::var_os("UPDATE_SCREENSHOT").is_some_and(|v| v == "1") {
        std::fs::copy(&shot, &committed).expect("the screenshot copied into docs/");
    }
    let bytes = std::fs::read(&committed).unwrap_or_else(|e| {
        panic!(
            "no {SCREENSHOT} ({e}): make it with UPDATE_SCREENSHOT=1 cargo test -p pixelbank \
             --test e2e the_grading_guide_shows"
        )
    });
    assert!(bytes.starts_with(b"\x89PNG"), "{SCREENSHOT} is not a PNG");
    let guide = read(&repo_root().join("docs/grading.md"));
    assert!(
        guide.contains("](class-report.png)"),
        "docs/grading.md should show {SCREENSHOT}"
    );
}
