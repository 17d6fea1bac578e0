//! The problem format: what one `problems/<id>.toml` file says, read into typed values and
//! validated, with every error located in the file. `problems/README.md` documents the format.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{SourceFile, SpecError};
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
}

impl Limits {
    fn default_time_ms() -> u64 {
        2000
    }
    fn default_memory_mb() -> u64 {
        512
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            time_ms: Self::default_time_ms(),
            memory_mb: Self::default_memory_mb(),
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
        format!(
            "pub fn {}{generics}({}) -> {}",
            self.function,
            params.join(", "),
            self.returns
        )
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
        self.cases.iter().map(|c| c.points).sum()
    }

    /// Parses and validates one problem file, reporting every error found.
    pub fn parse(file: &SourceFile) -> Result<Problem, Vec<SpecError>> {
        let raw: RawProblem = toml::from_str(&file.text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            vec![file.error_at(at, e.message().trim_end().to_string())]
        })?;
        let mut v = Validator {
            file,
            errors: Vec::new(),
        };
        let problem = v.problem(raw);
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
    tolerance: Option<Tolerance>,
    #[serde(default)]
    limits: Option<Limits>,
    hints: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    constraints: Option<Spanned<Constraints>>,
    signature: Spanned<RawSignature>,
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
    name: String,
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
    doc: Option<String>,
    fields: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(default)]
    doc: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Spanned<String>,
    #[serde(default)]
    hidden: bool,
    #[serde(default = "one")]
    points: u32,
    #[serde(default)]
    types: BTreeMap<String, Spanned<String>>,
    inputs: Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(default)]
    expected: Option<Spanned<toml::Value>>,
    #[serde(default)]
    rejects: Option<Spanned<bool>>,
    #[serde(default)]
    tolerance: Option<Tolerance>,
    #[serde(default)]
    hint: Option<String>,
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
    message: String,
}

fn one() -> u32 {
    1
}

// ---- validation ----------------------------------------------------------------------------

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && id.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Minimum number of progressive hints a problem must carry.
pub const MIN_HINTS: usize = 3;

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
        for (field, value) in [
            ("title", &raw.title),
            ("collection", &raw.collection),
            ("statement", &raw.statement),
        ] {
            if value.get_ref().trim().is_empty() {
                self.err(value, format!("`{field}` is empty"));
            }
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
        }
        if let Some(c) = &raw.constraints
            && c.get_ref().forbid.is_empty()
            && c.get_ref().require_calls.is_empty()
        {
            self.err(c, "`constraints` needs `forbid` or `require_calls`");
        }
        let tolerance = raw.tolerance.unwrap_or_default();
        self.tolerance(&raw.signature, &tolerance);
        let limits = raw.limits.unwrap_or_default();
        if limits.time_ms == 0 || limits.memory_mb < 16 {
            self.err(
                &raw.signature,
                "limits need `time_ms` > 0 and `memory_mb` >= 16",
            );
        }
        let signature = self.signature(raw.signature)?;
        let cases = self.cases(raw.cases, &signature, tolerance);
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
            source: self.file.name.clone(),
        })
    }

    fn tolerance<T>(&mut self, at: &Spanned<T>, t: &Tolerance) {
        if !(t.abs >= 0.0 && t.rel >= 0.0) {
            self.err(at, "tolerances must be non-negative numbers");
        }
    }

    fn signature(&mut self, raw: Spanned<RawSignature>) -> Option<Signature> {
        let raw = raw.into_inner();
        let function = raw.function.get_ref().clone();
        if !is_ident(&function) {
            self.err(
                &raw.function,
                format!("`{function}` is not a Rust function name"),
            );
        }
        let struct_names: Vec<String> = raw
            .structs
            .iter()
            .map(|s| s.get_ref().name.get_ref().clone())
            .collect();
        let generic_names: Vec<String> = raw
            .generics
            .iter()
            .map(|g| g.get_ref().name.clone())
            .collect();
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
                name: g.get_ref().name.clone(),
                bound: g.get_ref().bound.clone(),
                types,
            });
        }

        let mut params = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &raw.params {
            let p = p.get_ref();
            let name = p.name.get_ref();
            if !is_ident(name) {
                self.err(&p.name, format!("`{name}` is not a Rust parameter name"));
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
                if let Some(ty) = parse_type(self, &f.ty, TypeRole::Field) {
                    fields.push(FieldDef {
                        name: f.name.get_ref().clone(),
                        ty,
                        doc: f.doc.clone(),
                    });
                }
            }
            structs.push(StructDef {
                name: s.name.get_ref().clone(),
                doc: s.doc.clone(),
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
            if m.get_ref().message.trim().is_empty() {
                self.err(m, "a known mistake needs a `message` explaining it");
            }
            if let Some(output) = output {
                mistakes.push(KnownMistake {
                    output,
                    message: m.get_ref().message.clone(),
                });
            }
        }
        let tolerance = rc.tolerance.unwrap_or(default_tolerance);
        self.tolerance(&rc.name, &tolerance);

        (self.errors.len() == errors_before).then(|| Case {
            name,
            hidden: rc.hidden,
            points: rc.points,
            bindings,
            inputs,
            expected: expected.unwrap_or(Expected::Rejection),
            tolerance,
            hint: rc.hint,
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

/// Where a type appears, which decides what it may be.
#[derive(Clone, Copy)]
enum TypeRole {
    Param,
    Return,
    Field,
}

impl TypeRole {
    fn check(self, ty: &Type) -> Result<(), String> {
        let mut problem = None;
        let top = ty;
        ty.walk(&mut |t| {
            let why = match t {
                Type::Result(_) if !matches!(self, TypeRole::Return) || !std::ptr::eq(t, top) => {
                    Some("`Result` is only allowed as the whole return type")
                }
                Type::Str | Type::Slice(_) if !matches!(self, TypeRole::Param) => {
                    Some("borrowed `&str` and `&[T]` are only allowed in parameters")
                }
                Type::Ref(_) if !matches!(self, TypeRole::Param) => {
                    Some("references are only allowed in parameters")
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
            };
            if problem.is_none() {
                problem = why;
            }
        });
        match problem {
            Some(why) => Err(format!("type `{ty}`: {why}")),
            None => Ok(()),
        }
    }
}
