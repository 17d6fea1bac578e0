//! The problem format: what one `problems/<id>.toml` file says, read into typed values and
//! validated, with every error located in the file. `problems/README.md` documents the format.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{SourceFile, SpecError};
use crate::generator::{Generator, RawGenerator};
use crate::ty::{Scalar, Type};
use crate::value::{Bindings, Schema, StructLookup, Value};

/// How hard a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// A warm-up.
    Easy,
    /// Needs some care.
    Medium,
    /// Many conventions to get right.
    Hard,
}

impl Difficulty {
    /// The lower-case name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How close a float must be to the expected one: within `abs` OR within `rel` × |expected|.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// Absolute tolerance.
    #[serde(default = "Tolerance::default_abs")]
    pub abs: f64,
    /// Relative tolerance.
    #[serde(default = "Tolerance::default_rel")]
    pub rel: f64,
}

impl Tolerance {
    fn default_abs() -> f64 {
        1e-6
    }
    fn default_rel() -> f64 {
        1e-6
    }
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            abs: Self::default_abs(),
            rel: Self::default_rel(),
        }
    }
}

/// Resource limits for each case of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Wall-clock time per case, in milliseconds.
    #[serde(default = "Limits::default_time_ms")]
    pub time_ms: u64,
    /// Address-space limit of the judged process, in MiB.
    #[serde(default = "Limits::default_memory_mb")]
    pub memory_mb: u64,
    /// Wall-clock time the compiler may take on the learner's file, in milliseconds.
    #[serde(default = "Limits::default_compile_ms")]
    pub compile_ms: u64,
}

impl Limits {
    fn default_time_ms() -> u64 {
        2000
    }
    fn default_memory_mb() -> u64 {
        512
    }
    fn default_compile_ms() -> u64 {
        20_000
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time_ms: Self::default_time_ms(),
            memory_mb: Self::default_memory_mb(),
            compile_ms: Self::default_compile_ms(),
        }
    }
}

/// A generic type parameter of the function and the scalars cases may bind it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generic {
    /// Its name (`T`).
    pub name: String,
    /// Its trait bounds as Rust source (`Copy + Into<f64>`), if any.
    pub bound: Option<String>,
    /// The scalars a case may choose for it.
    pub types: Vec<Scalar>,
}

/// One parameter of the function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// A struct the function returns, which the learner's file defines as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructDef {
    /// Its name.
    pub name: String,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Its fields, in order.
    pub fields: Vec<FieldDef>,
}

/// A field of a [`StructDef`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its doc comment.
    pub doc: Option<String>,
}

/// The Rust function a learner implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The function's name.
    pub function: String,
    /// Its generic parameters.
    pub generics: Vec<Generic>,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Its return type.
    pub returns: Type,
    /// The structs it uses, defined in the learner's file.
    pub structs: Vec<StructDef>,
}

impl Signature {
    /// The function's declaration as Rust source, without a body: `pub fn f(x: &[f64]) -> f64`.
    pub fn rust_declaration(&self) -> String {
        let generics = if self.generics.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = self
                .generics
                .iter()
                .map(|g| match &g.bound {
                    Some(b) => format!("{}: {b}", g.name),
                    None => g.name.clone(),
                })
                .collect();
            format!("<{}>", list.join(", "))
        };
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.ty))
            .collect();
        let one_line = format!(
            "pub fn {}{generics}({}) -> {}",
            self.function,
            params.join(", "),
            self.returns
        );
        // Wrapped one parameter per line past 100 columns, as rustfmt would.
        if one_line.len() <= 100 {
            return one_line;
        }
        let mut wrapped = format!("pub fn {}{generics}(\n", self.function);
        for p in &params {
            wrapped.push_str(&format!("    {p},\n"));
        }
        wrapped.push_str(&format!(") -> {}", self.returns));
        wrapped
    }

    /// The struct definitions as Rust source, with public fields and derives.
    pub fn rust_structs(&self) -> String {
        let mut out = String::new();
        for s in &self.structs {
            if let Some(doc) = &s.doc {
                for line in doc.lines() {
                    out.push_str(&format!("/// {line}\n").replace("///  ", "/// "));
                }
            }
            out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
            out.push_str(&format!("pub struct {} {{\n", s.name));
            for f in &s.fields {
                if let Some(doc) = &f.doc {
                    out.push_str(&format!("    /// {doc}\n"));
                }
                out.push_str(&format!("    pub {}: {},\n", f.name, f.ty));
            }
            out.push_str("}\n");
        }
        out
    }

    /// Whether the function can reject its input (returns `Result` or `Option`).
    pub fn can_reject(&self) -> bool {
        matches!(self.returns, Type::Result(_) | Type::Option(_))
    }

    /// The type of a returned (not rejected) value: the `Ok` or `Some` payload.
    pub fn returned_type(&self) -> &Type {
        match &self.returns {
            Type::Result(t) | Type::Option(t) => t,
            t => t,
        }
    }
}

impl StructLookup for Signature {
    fn fields(&self, name: &str) -> Option<Vec<(String, Type)>> {
        self.structs.iter().find(|s| s.name == name).map(|s| {
            s.fields
                .iter()
                .map(|f| (f.name.clone(), f.ty.clone()))
                .collect()
        })
    }
}

/// What a case expects of the function.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// This value (the `Ok` / `Some` payload when the function can reject).
    Value(Value),
    /// A rejection: `Err(_)` or `None`.
    Rejection,
}

/// The output a typical wrong solution gives on a case, and what that mistake is.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownMistake {
    /// The wrong output.
    pub output: Expected,
    /// What the mistake is, addressed to the learner.
    pub message: String,
    /// The wrong solutions that make it (`solutions/wrong/<module>/<name>.rs`), by name: what
    /// `verify` runs to prove the output and the message belong to this mistake. Its first name
    /// is the mistake's stable id.
    pub wrong: Vec<String>,
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// A short name, unique within the problem.
    pub name: String,
    /// Hidden cases are graded but their inputs and expected values are never shown.
    pub hidden: bool,
    /// Points awarded when the case passes.
    pub points: u32,
    /// The scalars bound to the function's generic parameters for this case.
    pub bindings: Bindings,
    /// One value per parameter, in the signature's order.
    pub inputs: Vec<Value>,
    /// What the function should give.
    pub expected: Expected,
    /// How close floats must be.
    pub tolerance: Tolerance,
    /// Shown to the learner when this case fails.
    pub hint: Option<String>,
    /// Outputs of typical wrong solutions.
    pub mistakes: Vec<KnownMistake>,
}

impl Case {
    /// The stable id of this case's `index`-th known mistake (from 0): the first wrong solution
    /// it names, else `<case>#<n>` (from 1). Reports and gradebooks name a mistake by it.
    pub fn mistake_id(&self, index: usize) -> String {
        self.mistakes
            .get(index)
            .and_then(|m| m.wrong.first().cloned())
            .unwrap_or_else(|| format!("{}#{}", self.name, index + 1))
    }
}

/// Syntax a solution may be forbidden to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Forbidden {
    /// `for` loops.
    For,
    /// `while` loops.
    While,
    /// `loop` loops.
    Loop,
    /// `unsafe` blocks and functions.
    Unsafe,
}

impl Forbidden {
    /// The keyword as written in Rust.
    pub fn keyword(self) -> &'static str {
        match self {
            Forbidden::For => "for",
            Forbidden::While => "while",
            Forbidden::Loop => "loop",
            Forbidden::Unsafe => "unsafe",
        }
    }
}

/// Rules about how the learner's source is written, checked on the file itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Syntax the solution must not use.
    #[serde(default)]
    pub forbid: Vec<Forbidden>,
    /// Method or function names the solution must call at least once (`map`, `fold`).
    #[serde(default)]
    pub require_calls: Vec<String>,
    /// Why the rule exists, shown when it is broken.
    pub explanation: String,
}

/// One problem, parsed and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Kebab-case id, equal to the file name without `.toml`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// PixelBank's collection it belongs to.
    pub collection: String,
    /// Markdown statement.
    pub statement: String,
    /// The function to implement.
    pub signature: Signature,
    /// Default float tolerance of its cases.
    pub tolerance: Tolerance,
    /// Limits of each case.
    pub limits: Limits,
    /// Progressive hints, from a nudge to nearly the answer.
    pub hints: Vec<String>,
    /// Rules on the learner's source, if any.
    pub constraints: Option<Constraints>,
    /// The cases, visible and hidden.
    pub cases: Vec<Case>,
    /// How stress and bench make inputs, if the problem has a generator.
    pub generator: Option<Generator>,
    /// The file it was read from, as shown to users.
    pub source: String,
}

impl Problem {
    /// The Rust module (and file stem) for this problem: the id with `-` as `_`.
    pub fn module_name(&self) -> String {
        self.id.replace('-', "_")
    }

    /// The cases a learner may see.
    pub fn visible_cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.iter().filter(|c| !c.hidden)
    }

    /// The sum of every case's points.
    pub fn max_points(&self) -> u32 {
        self.cases
            .iter()
            .fold(0, |sum: u32, c| sum.saturating_add(c.points))
    }

    /// Parses and validates one problem file, reporting every error found.
    pub fn parse(file: &SourceFile) -> Result<Problem, Vec<SpecError>> {
        if file.text.len() > MAX_FILE_BYTES {
            return Err(vec![file.error_in_file(too_large(file.text.len() as u64))]);
        }
        if let Some(at) = too_deep(&file.text) {
            return Err(vec![file.error_at(
                at,
                format!(
                    "values nest more than {MAX_NESTING} levels deep here; a problem file's \
                     arrays, tables and dotted keys nest at most {MAX_NESTING} levels"
                ),
            )]);
        }
        // Syntax first, so that a syntax error is always quoted where it is, even at the start.
        file.text.parse::<toml::Table>().map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            vec![file.error_at(at, e.message().trim_end())]
        })?;
        let raw: RawProblem = toml::from_str(&file.text).map_err(|e| {
            let message = e.message().trim_end();
            // toml reports a key missing at the top level with the empty span 0..0: no line is
            // to blame, so point at the file rather than quote its first line.
            vec![match e.span() {
                Some(span) if !span.is_empty() || span.start > 0 => {
                    file.error_at(span.start, message)
                }
                _ => file.error_in_file(message),
            }]
        })?;
        let mut v = Validator {
            file,
            errors: Vec::new(),
        };
        let problem = v.problem(raw);
        // In the order of the file, as an author reads it; errors at one place keep their order.
        v.errors.sort_by_key(|e| (e.line, e.column));
        match problem {
            Some(p) if v.errors.is_empty() => Ok(p),
            _ => Err(v.errors),
        }
    }
}

// ---- the file as written -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProblem {
    id: Spanned<String>,
    title: Spanned<String>,
    difficulty: Difficulty,
    collection: Spanned<String>,
    statement: Spanned<String>,
    #[serde(default)]
    tolerance: Option<Spanned<Tolerance>>,
    #[serde(default)]
    limits: Option<Spanned<Limits>>,
    hints: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    constraints: Option<Spanned<Constraints>>,
    signature: Spanned<RawSignature>,
    #[serde(default)]
    generator: Option<Spanned<RawGenerator>>,
    cases: Spanned<Vec<Spanned<RawCase>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignature {
    function: Spanned<String>,
    #[serde(default)]
    generics: Vec<Spanned<RawGeneric>>,
    params: Vec<Spanned<RawParam>>,
    returns: Spanned<String>,
    #[serde(default)]
    structs: Vec<Spanned<RawStruct>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeneric {
    name: Spanned<String>,
    #[serde(default)]
    bound: Option<String>,
    types: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStruct {
    name: Spanned<String>,
    #[serde(default)]
    doc: Option<Spanned<String>>,
    fields: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(default)]
    doc: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Spanned<String>,
    #[serde(default)]
    hidden: bool,
    #[serde(default)]
    points: Option<Spanned<u32>>,
    #[serde(default)]
    types: BTreeMap<String, Spanned<String>>,
    inputs: Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(default)]
    expected: Option<Spanned<toml::Value>>,
    #[serde(default)]
    rejects: Option<Spanned<bool>>,
    #[serde(default)]
    tolerance: Option<Spanned<Tolerance>>,
    #[serde(default)]
    hint: Option<Spanned<String>>,
    #[serde(default)]
    mistakes: Vec<Spanned<RawMistake>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMistake {
    #[serde(default)]
    output: Option<Spanned<toml::Value>>,
    #[serde(default)]
    rejects: Option<Spanned<bool>>,
    message: Spanned<String>,
    #[serde(default)]
    wrong: Option<Spanned<OneOrMany>>,
}

/// A string, or a list of them: `wrong = "sum_not_mean"` or `wrong = ["a", "b"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Where the `id` value of a problem file starts, for errors about the id found after parsing
/// (a duplicate across files); `None` when the file has no readable `id`.
pub(crate) fn id_offset(text: &str) -> Option<usize> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: Spanned<String>,
    }
    toml::from_str::<IdOnly>(text)
        .ok()
        .map(|doc| doc.id.span().start)
}

// ---- bounds --------------------------------------------------------------------------------

/// The largest problem file pixelbank reads (the official bank's largest is 64 KB): a bigger one
/// is refused before it is read, so that a stray data file cannot make `list` take seconds and
/// gigabytes.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// How deep a problem file's values may nest (arrays, inline tables, dotted keys): far more than
/// any type allows ([`crate::ty::MAX_TYPE_DEPTH`] levels, plus a few of tables), and few enough
/// that parsing never exhausts the stack.
pub const MAX_NESTING: usize = 64;

/// The error for a file of `bytes` bytes, over [`MAX_FILE_BYTES`].
pub(crate) fn too_large(bytes: u64) -> String {
    format!(
        "the file is {:.1} MB; a problem file is at most {} MiB",
        bytes as f64 / 1e6,
        MAX_FILE_BYTES >> 20
    )
}

/// Where `text` first nests deeper than [`MAX_NESTING`], counting brackets and braces outside
/// strings and comments, and the dots of dotted keys; `None` when it never does.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut dots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple && bytes[i..].starts_with(&[quote; 3]) {
                        // A closing run may hold up to two more quotes, which belong to the string.
                        while bytes[i..].starts_with(&[quote; 4]) {
                            i += 1;
                        }
                        i += 3;
                        break;
                    }
                    if !triple && (bytes[i] == quote || bytes[i] == b'\n') {
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                dots = 0;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                dots = 0;
            }
            b'=' | b',' | b'\n' => dots = 0,
            // A dot between digits is a float's; any other separates the parts of a dotted key.
            b'.' if !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                dots += 1
            }
            _ => {}
        }
        if depth + dots > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

// ---- validation ----------------------------------------------------------------------------

pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && id.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Type names of the grammar that take parameters, which a struct or generic must not reuse.
const BUILT_IN_TYPES: [&str; 11] = [
    "str", "Vec", "Option", "Result", "ArrayD", "Array1", "Array2", "Array3", "Array4", "Array5",
    "Array6",
];

/// Lower-case words joined by `_`: a Rust module or file stem.
fn is_snake(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// Rust's keywords in the 2024 edition, strict and reserved: `pub fn fn()` does not compile, and
/// a raw identifier (`r#fn`) would be a trap to hand a learner.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Why `name` cannot name a Rust `what` (function, parameter, field, ...), if it cannot.
fn not_a_rust_name(name: &str, what: &str) -> Option<String> {
    if !is_ident(name) {
        Some(format!("`{}` is not a Rust {what} name", shown(name)))
    } else if KEYWORDS.contains(&name) {
        Some(format!(
            "`{name}` is a Rust keyword and cannot name a {what}; choose another name"
        ))
    } else {
        None
    }
}

/// The first character of `text` that would act on a terminal rather than be shown: a control
/// character (line feeds and tabs too unless `multi_line`), or a bidirectional override.
fn terminal_control(text: &str, multi_line: bool) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && !(multi_line && (c == '\n' || c == '\t')))
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// `text` with its control characters escaped, for quoting it in an error message.
fn shown(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if terminal_control(&c.to_string(), false).is_some() {
                c.escape_unicode().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Minimum number of progressive hints a problem must carry.
pub const MIN_HINTS: usize = 3;

/// The most points one case may be worth.
pub const MAX_POINTS: u32 = 100;

/// The longest time limit a problem may set, in milliseconds (one minute per case).
pub const MAX_TIME_MS: u64 = 60_000;

/// The shortest and longest compile limits a problem may set, in milliseconds.
pub const COMPILE_MS_RANGE: std::ops::RangeInclusive<u64> = 1_000..=300_000;

/// The smallest and largest memory limits a problem may set, in MiB.
pub const MEMORY_MB_RANGE: std::ops::RangeInclusive<u64> = 16..=65_536;

struct Validator<'f> {
    file: &'f SourceFile,
    errors: Vec<SpecError>,
}

impl Validator<'_> {
    fn err<T>(&mut self, span: &Spanned<T>, message: impl Into<String>) {
        self.errors
            .push(self.file.error_at(span.span().start, message));
    }

    fn problem(&mut self, raw: RawProblem) -> Option<Problem> {
        let id = raw.id.get_ref().clone();
        if !is_kebab(&id) {
            self.err(
                &raw.id,
                format!("id `{id}` is not kebab-case (lower-case words joined by `-`)"),
            );
        }
        let stem = std::path::Path::new(&self.file.name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if stem != id {
            self.err(
                &raw.id,
                format!("id `{id}` must match the file name (`{stem}.toml`)"),
            );
        }
        for (field, value, multi_line) in [
            ("title", &raw.title, false),
            ("collection", &raw.collection, false),
            ("statement", &raw.statement, true),
        ] {
            if value.get_ref().trim().is_empty() {
                self.err(value, format!("`{field}` is empty"));
            }
            self.printable(value, field, multi_line);
        }
        let hints = raw.hints.get_ref();
        if hints.len() < MIN_HINTS {
            self.err(
                &raw.hints,
                format!(
                    "a problem needs at least {MIN_HINTS} progressive hints, this one has {}",
                    hints.len()
                ),
            );
        }
        for hint in hints {
            if hint.get_ref().trim().is_empty() {
                self.err(hint, "a hint is empty");
            }
            self.printable(hint, "a hint", true);
        }
        if let Some(c) = &raw.constraints
            && c.get_ref().forbid.is_empty()
            && c.get_ref().require_calls.is_empty()
        {
            self.err(c, "`constraints` needs `forbid` or `require_calls`");
        }
        let tolerance = match &raw.tolerance {
            Some(t) => {
                self.tolerance(t);
                *t.get_ref()
            }
            None => Tolerance::default(),
        };
        let limits = match &raw.limits {
            Some(l) => {
                let Limits {
                    time_ms,
                    memory_mb,
                    compile_ms,
                } = *l.get_ref();
                if !COMPILE_MS_RANGE.contains(&compile_ms) {
                    self.err(
                        l,
                        format!(
                            "`compile_ms` is {compile_ms}; it must be between {} and {}",
                            COMPILE_MS_RANGE.start(),
                            COMPILE_MS_RANGE.end()
                        ),
                    );
                }
                if !(1..=MAX_TIME_MS).contains(&time_ms) {
                    self.err(
                        l,
                        format!("`time_ms` is {time_ms}; it must be between 1 and {MAX_TIME_MS}"),
                    );
                }
                if !MEMORY_MB_RANGE.contains(&memory_mb) {
                    self.err(
                        l,
                        format!(
                            "`memory_mb` is {memory_mb}; it must be between {} and {}",
                            MEMORY_MB_RANGE.start(),
                            MEMORY_MB_RANGE.end()
                        ),
                    );
                }
                *l.get_ref()
            }
            None => Limits::default(),
        };
        let signature = self.signature(raw.signature)?;
        let cases = self.cases(raw.cases, &signature, tolerance);
        let generator = raw
            .generator
            .as_ref()
            .and_then(|g| crate::generator::validate(self.file, g, &signature, &mut self.errors));
        Some(Problem {
            id,
            title: raw.title.into_inner(),
            difficulty: raw.difficulty,
            collection: raw.collection.into_inner(),
            statement: raw.statement.into_inner(),
            signature,
            tolerance,
            limits,
            hints: raw
                .hints
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            constraints: raw.constraints.map(Spanned::into_inner),
            cases,
            generator,
            source: self.file.name.clone(),
        })
    }

    /// Reports text that would act on a learner's terminal (clear it, move the cursor, forge a
    /// line of a report) instead of being shown.
    fn printable(&mut self, text: &Spanned<String>, what: &str, multi_line: bool) {
        if let Some(c) = terminal_control(text.get_ref(), multi_line) {
            let allowed = if multi_line {
                " (line feeds and tabs are fine)"
            } else {
                ""
            };
            self.err(
                text,
                format!(
                    "{what} holds the control character {}, which a terminal would act on; \
                     remove it{allowed}",
                    c.escape_unicode()
                ),
            );
        }
    }

    fn tolerance(&mut self, t: &Spanned<Tolerance>) {
        let Tolerance { abs, rel } = *t.get_ref();
        // Written this way round so that NaN fails too.
        if !(abs >= 0.0 && rel >= 0.0) {
            self.err(
                t,
                format!("tolerances must be non-negative numbers, not abs = {abs}, rel = {rel}"),
            );
        }
    }

    fn signature(&mut self, raw: Spanned<RawSignature>) -> Option<Signature> {
        let raw = raw.into_inner();
        let function = raw.function.get_ref().clone();
        if let Some(why) = not_a_rust_name(&function, "function") {
            self.err(&raw.function, why);
        }
        let struct_names: Vec<String> = raw
            .structs
            .iter()
            .map(|s| s.get_ref().name.get_ref().clone())
            .collect();
        let generic_names: Vec<String> = raw
            .generics
            .iter()
            .map(|g| g.get_ref().name.get_ref().clone())
            .collect();
        self.declared_names(&raw);
        let structs_ref: Vec<&str> = struct_names.iter().map(String::as_str).collect();
        let generics_ref: Vec<&str> = generic_names.iter().map(String::as_str).collect();
        let mut ok = true;
        let mut parse_type =
            |v: &mut Self, text: &Spanned<String>, role: TypeRole| match Type::parse(
                text.get_ref(),
                &structs_ref,
                &generics_ref,
            ) {
                Ok(ty) => match role.check(&ty) {
                    Ok(()) => Some(ty),
                    Err(why) => {
                        v.err(text, why);
                        ok = false;
                        None
                    }
                },
                Err(e) => {
                    v.err(text, e.to_string());
                    ok = false;
                    None
                }
            };

        let mut generics = Vec::new();
        for g in &raw.generics {
            let mut types = Vec::new();
            for t in &g.get_ref().types {
                match Scalar::from_rust_name(t.get_ref()) {
                    Some(s) => types.push(s),
                    None => self.err(t, format!("`{}` is not a scalar type", t.get_ref())),
                }
            }
            if types.is_empty() {
                self.err(g, "a generic needs at least one type in `types`");
            }
            generics.push(Generic {
                name: g.get_ref().name.get_ref().clone(),
                bound: g.get_ref().bound.clone(),
                types,
            });
        }

        let mut params = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &raw.params {
            let p = p.get_ref();
            let name = p.name.get_ref();
            if let Some(why) = not_a_rust_name(name, "parameter") {
                self.err(&p.name, why);
            }
            if !seen.insert(name.clone()) {
                self.err(&p.name, format!("parameter `{name}` is declared twice"));
            }
            if let Some(ty) = parse_type(self, &p.ty, TypeRole::Param) {
                params.push(Param {
                    name: name.clone(),
                    ty,
                });
            }
        }
        let returns = parse_type(self, &raw.returns, TypeRole::Return);

        let mut structs = Vec::new();
        for s in &raw.structs {
            let s = s.get_ref();
            let mut fields = Vec::new();
            for f in &s.fields {
                let f = f.get_ref();
                // A field's doc is one comment line of the stub: a line feed would end it and
                // put the rest in the learner's file as code.
                if let Some(doc) = &f.doc {
                    self.printable(doc, "a field's doc", false);
                }
                if let Some(ty) = parse_type(self, &f.ty, TypeRole::Field) {
                    fields.push(FieldDef {
                        name: f.name.get_ref().clone(),
                        ty,
                        doc: f.doc.as_ref().map(|d| d.get_ref().clone()),
                    });
                }
            }
            if let Some(doc) = &s.doc {
                self.printable(doc, "a struct's doc", true);
            }
            structs.push(StructDef {
                name: s.name.get_ref().clone(),
                doc: s.doc.as_ref().map(|d| d.get_ref().clone()),
                fields,
            });
        }
        let returns = returns?;
        ok.then_some(Signature {
            function,
            generics,
            params,
            returns,
            structs,
        })
    }

    /// Checks that the generics, structs and struct fields the signature declares have names the
    /// generated Rust can use: identifiers, unique, and not shadowing a type of the grammar.
    fn declared_names(&mut self, raw: &RawSignature) {
        let mut type_names = BTreeSet::new();
        let generics = raw.generics.iter().map(|g| (&g.get_ref().name, "generic"));
        let structs = raw.structs.iter().map(|s| (&s.get_ref().name, "struct"));
        for (name, what) in generics.chain(structs) {
            let text = name.get_ref();
            if let Some(why) = not_a_rust_name(text, what) {
                self.err(name, why);
            } else if Type::parse(text, &[], &[]).is_ok() || BUILT_IN_TYPES.contains(&text.as_str())
            {
                self.err(
                    name,
                    format!("{what} `{text}` has the name of a built-in type; choose another"),
                );
            } else if !type_names.insert(text.clone()) {
                self.err(name, format!("the type name `{text}` is declared twice"));
            }
        }
        for s in &raw.structs {
            let mut field_names = BTreeSet::new();
            for f in &s.get_ref().fields {
                let name = &f.get_ref().name;
                let text = name.get_ref();
                if let Some(why) = not_a_rust_name(text, "field") {
                    self.err(name, why);
                } else if !field_names.insert(text.clone()) {
                    self.err(
                        name,
                        format!(
                            "struct `{}` declares field `{text}` twice",
                            s.get_ref().name.get_ref()
                        ),
                    );
                }
            }
        }
    }

    fn cases(
        &mut self,
        raw: Spanned<Vec<Spanned<RawCase>>>,
        sig: &Signature,
        default_tolerance: Tolerance,
    ) -> Vec<Case> {
        if raw.get_ref().is_empty() {
            self.err(&raw, "a problem needs at least one case");
        }
        let mut names = BTreeSet::new();
        let mut cases = Vec::new();
        for rc in raw.into_inner() {
            let at = rc.span().start;
            let rc = rc.into_inner();
            let name = rc.name.get_ref().clone();
            if name.trim().is_empty() {
                self.err(&rc.name, "a case needs a name: `name` is empty");
            }
            self.printable(&rc.name, "a case's name", false);
            if !names.insert(name.clone()) {
                self.err(&rc.name, format!("case name `{name}` is used twice"));
            }
            if let Some(case) = self.case(rc, sig, default_tolerance, at) {
                cases.push(case);
            }
        }
        cases
    }

    fn case(
        &mut self,
        rc: RawCase,
        sig: &Signature,
        default_tolerance: Tolerance,
        at: usize,
    ) -> Option<Case> {
        let name = rc.name.get_ref().clone();
        let errors_before = self.errors.len();
        if let Some(hint) = &rc.hint {
            self.printable(hint, "a case's hint", true);
        }

        let mut bindings = Bindings::new();
        for g in &sig.generics {
            match rc.types.get(&g.name) {
                Some(t) => match Scalar::from_rust_name(t.get_ref()) {
                    Some(s) if g.types.contains(&s) => {
                        bindings.insert(g.name.clone(), s);
                    }
                    _ => self.err(
                        t,
                        format!(
                            "case `{name}`: `{}` is not allowed for `{}` (allowed: {})",
                            t.get_ref(),
                            g.name,
                            g.types.iter().map(|s| s.rust_name()).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                },
                None => self.errors.push(self.file.error_at(
                    at,
                    format!(
                        "case `{name}` must choose a type for generic `{0}`: `types = {{ {0} = \"{1}\" }}`",
                        g.name,
                        g.types.first().map_or("f64", |s| s.rust_name())
                    ),
                )),
            }
        }
        for (key, t) in &rc.types {
            if !sig.generics.iter().any(|g| &g.name == key) {
                self.err(
                    t,
                    format!("case `{name}`: the function has no generic `{key}`"),
                );
            }
        }

        let schema = Schema {
            structs: sig,
            bindings: &bindings,
        };
        let inputs_map = rc.inputs.get_ref();
        let mut inputs = Vec::new();
        for p in &sig.params {
            match inputs_map.get(&p.name) {
                // The missing binding is reported above; decoding would only repeat it.
                Some(_) if !binds_every_generic(&p.ty, &bindings) => {}
                Some(raw) => match schema.from_toml(&p.ty, raw.get_ref()) {
                    Ok(v) => inputs.push(v),
                    Err(e) => self.err(
                        raw,
                        format!(
                            "case `{name}`: input `{}` does not fit `{}`: {e}",
                            p.name, p.ty
                        ),
                    ),
                },
                None => self.err(
                    &rc.inputs,
                    format!(
                        "case `{name}`: missing input `{}` (type `{}`)",
                        p.name, p.ty
                    ),
                ),
            }
        }
        for (key, raw) in inputs_map {
            if !sig.params.iter().any(|p| &p.name == key) {
                self.err(
                    raw,
                    format!(
                        "case `{name}`: `{key}` is not a parameter of `{}` (parameters: {})",
                        sig.function,
                        sig.params
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }

        let expected = self.expectation(
            &schema,
            sig,
            rc.expected.as_ref(),
            rc.rejects.as_ref(),
            &format!("case `{name}`"),
            at,
            "expected",
        );
        let mut mistakes = Vec::new();
        for m in &rc.mistakes {
            let output = self.expectation(
                &schema,
                sig,
                m.get_ref().output.as_ref(),
                m.get_ref().rejects.as_ref(),
                &format!("case `{name}`, known mistake"),
                m.span().start,
                "output",
            );
            if m.get_ref().message.get_ref().trim().is_empty() {
                self.err(m, "a known mistake needs a `message` explaining it");
            }
            self.printable(&m.get_ref().message, "a known mistake's message", true);
            let wrong = m
                .get_ref()
                .wrong
                .as_ref()
                .map(|w| {
                    let names = match w.get_ref() {
                        OneOrMany::One(s) => vec![s.clone()],
                        OneOrMany::Many(v) => v.clone(),
                    };
                    if names.is_empty() {
                        self.err(w, "`wrong` names at least one wrong solution");
                    }
                    for name in &names {
                        if !is_snake(name) {
                            self.err(
                                w,
                                format!(
                                    "`{name}` is not a wrong solution's name: snake_case, the file \
                                     stem of solutions/wrong/<module>/<name>.rs"
                                ),
                            );
                        }
                    }
                    names
                })
                .unwrap_or_default();
            if let Some(output) = output {
                mistakes.push(KnownMistake {
                    output,
                    message: m.get_ref().message.get_ref().clone(),
                    wrong,
                });
            }
        }
        let tolerance = match &rc.tolerance {
            Some(t) => {
                self.tolerance(t);
                *t.get_ref()
            }
            None => default_tolerance,
        };
        let points = match &rc.points {
            Some(p) if *p.get_ref() > MAX_POINTS => {
                self.err(
                    p,
                    format!(
                        "case `{name}`: {} points is too many; a case is worth at most {MAX_POINTS}",
                        p.get_ref()
                    ),
                );
                MAX_POINTS
            }
            Some(p) => *p.get_ref(),
            None => 1,
        };

        (self.errors.len() == errors_before).then(|| Case {
            name,
            hidden: rc.hidden,
            points,
            bindings,
            inputs,
            expected: expected.unwrap_or(Expected::Rejection),
            tolerance,
            hint: rc.hint.map(Spanned::into_inner),
            mistakes,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn expectation(
        &mut self,
        schema: &Schema<'_>,
        sig: &Signature,
        value: Option<&Spanned<toml::Value>>,
        rejects: Option<&Spanned<bool>>,
        what: &str,
        at: usize,
        key: &str,
    ) -> Option<Expected> {
        match (value, rejects.map(|r| (r, *r.get_ref()))) {
            // The case's missing binding is already reported; decoding would only repeat it.
            (Some(_), None | Some((_, false)))
                if !binds_every_generic(sig.returned_type(), schema.bindings) =>
            {
                None
            }
            (Some(v), None | Some((_, false))) => {
                match schema.from_toml(sig.returned_type(), v.get_ref()) {
                    Ok(value) => Some(Expected::Value(value)),
                    Err(e) => {
                        self.err(
                            v,
                            format!(
                                "{what}: `{key}` does not fit the return type `{}`: {e}",
                                sig.returns
                            ),
                        );
                        None
                    }
                }
            }
            (None, Some((r, true))) => {
                if sig.can_reject() {
                    Some(Expected::Rejection)
                } else {
                    self.err(
                        r,
                        format!(
                            "{what}: `rejects = true` needs a function returning `Result` or \
                             `Option`, not `{}`",
                            sig.returns
                        ),
                    );
                    None
                }
            }
            (Some(v), Some((_, true))) => {
                self.err(
                    v,
                    format!("{what}: give `{key}` or `rejects = true`, not both"),
                );
                None
            }
            (None, _) => {
                self.errors.push(self.file.error_at(
                    at,
                    format!("{what}: missing `{key} = ...` (or `rejects = true`)"),
                ));
                None
            }
        }
    }
}

/// Whether every generic parameter `ty` mentions has a scalar in `bindings`.
fn binds_every_generic(ty: &Type, bindings: &Bindings) -> bool {
    !ty.mentions(|t| matches!(t, Type::Generic(name) if !bindings.contains_key(name)))
}

/// Where a type appears, which decides what it may be.
#[derive(Clone, Copy)]
enum TypeRole {
    Param,
    Return,
    Field,
}

impl TypeRole {
    /// Checks that `ty` may appear in this role: what the generated harness can build (inputs) or
    /// read back (outputs), and what a case can write.
    fn check(self, ty: &Type) -> Result<(), String> {
        // The one place a borrow may appear is the top of a parameter (`&T`, `&str`, `&[T]`),
        // and the one place a `Result` may appear is the top of the return type.
        let body = match (self, ty) {
            (TypeRole::Param, Type::Ref(inner)) => match inner.as_ref() {
                Type::Str => None,
                Type::Slice(elem) => Some(elem.as_ref()),
                other => Some(other),
            },
            (TypeRole::Return, Type::Result(ok)) => Some(ok.as_ref()),
            _ => Some(ty),
        };
        let mut problem = None;
        body.into_iter().for_each(|body| {
            body.walk(&mut |t| {
                if problem.is_none() {
                    problem = self.forbids(t);
                }
            })
        });
        match problem {
            Some(why) => Err(format!("type `{ty}`: {why}")),
            None => Ok(()),
        }
    }

    /// Why `t`, found below the top of a type in this role, is not allowed there.
    fn forbids(self, t: &Type) -> Option<&'static str> {
        let param = matches!(self, TypeRole::Param);
        match t {
            Type::Result(_) => Some("`Result` is only allowed as the whole return type"),
            Type::Ref(_) if param => Some(
                "a reference is only allowed as the outermost part of a parameter type \
                 (`&T`, `&str`, `&[T]`)",
            ),
            Type::Ref(inner) if matches!(inner.as_ref(), Type::Str | Type::Slice(_)) => Some(
                "borrowed `&str` and `&[T]` are only allowed in parameters; use `String` or \
                 `Vec<T>`",
            ),
            Type::Ref(_) => Some("references are only allowed in parameters"),
            Type::Str | Type::Slice(_) if param => Some(
                "`str` and `[T]` are unsized: write the whole parameter type as `&str` or `&[T]`",
            ),
            Type::Str | Type::Slice(_) => {
                Some("`str` and `[T]` are unsized; use `String` or `Vec<T>`")
            }
            Type::Struct(_) if param => Some(
                "a declared struct can only be returned (or be a field of one); the judge \
                 cannot build one as an input",
            ),
            Type::Generic(_) if matches!(self, TypeRole::Field) => {
                Some("a struct field cannot use the function's generic parameters")
            }
            Type::Tuple(items) if items.len() > 3 => {
                Some("tuples have two or three items; declare a struct for more")
            }
            Type::Option(inner) if matches!(inner.unref(), Type::Option(_)) => {
                Some("`Option<Option<T>>` cannot be written in a case")
            }
            Type::Array { elem, .. }
                if !matches!(elem.as_ref(), Type::Scalar(_) | Type::Generic(_)) =>
            {
                Some("array elements must be scalars or a generic parameter")
            }
            _ => None,
        }
    }
}
