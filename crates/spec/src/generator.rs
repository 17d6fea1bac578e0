//! A problem's input generator, `[generator]` in its file: the named dimensions inputs share and
//! the sizes they are drawn from, how each parameter's values are distributed, and the variants
//! that make the edge cases and the invalid inputs the statement defines. `pixelbank stress` draws
//! inputs from it, `pixelbank bench` one large input at the `bench` sizes; this module reads and
//! validates what the file says (the judge draws the values). `problems/README.md` documents it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::RangeInclusive;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{SourceFile, SpecError};
use crate::problem::{Signature, Tolerance};
use crate::ty::{Scalar, Type};

/// Where something is written: `problems/bce-loss.toml:120:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user sees it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How stress and bench make inputs for a problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    /// The named dimensions and the sizes stress draws them from.
    pub dims: Vec<Dim>,
    /// The size of each dimension for the bench input; `None` when the problem has no bench.
    pub bench: Option<BTreeMap<String, usize>>,
    /// How close the learner's floats must be to the reference's; `None` for the problem's.
    pub tolerance: Option<Tolerance>,
    /// Every parameter's input, in the signature's order.
    pub inputs: Vec<Input>,
    /// The variants, drawn instead of the base with their probabilities.
    pub variants: Vec<Variant>,
    /// Where `[generator]` is written.
    pub at: Location,
}

/// A named dimension that inputs share (`N in 1..=8`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dim {
    /// Its name, as shapes use it.
    pub name: String,
    /// The sizes it takes, inclusive.
    pub range: RangeInclusive<usize>,
}

/// Something else than the base inputs, drawn with probability `p`: an edge case, or an input the
/// function must reject.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// What the variant makes, for authors and reports ("the lengths differ").
    pub why: String,
    /// How often it is drawn.
    pub p: f64,
    /// Whether the reference must reject its inputs (`Some(true)`), must accept them
    /// (`Some(false)`), or may do either (`None`).
    pub rejects: Option<bool>,
    /// The dimensions, with the variant's sizes where it changes them.
    pub dims: Vec<Dim>,
    /// Every parameter's input, with the variant's changes.
    pub inputs: Vec<Input>,
    /// Parameters whose shape takes its own size for a dimension, different from the one the
    /// other inputs share: `(parameter, dimension)`.
    pub mismatch: Vec<(String, String)>,
    /// Where the variant is written.
    pub at: Location,
}

/// How one parameter's value is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The parameter's name.
    pub param: String,
    /// How.
    pub source: Source,
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The size of a dimension (an integer parameter such as `n` or `seq_len`).
    Dim(String),
    /// Values drawn from a distribution, in a shape.
    Drawn(Drawn),
}

/// Values drawn element by element.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// The length of each axis, outermost first (empty for a scalar).
    pub shape: Vec<Expr>,
    /// For an `ArrayD`: how many of the axes of `shape` it has, drawn from this range.
    pub rank: Option<RangeInclusive<usize>>,
    /// The distribution of the values.
    pub values: Distribution,
    /// Values that replace a drawn element with probability `special_p` (extremes, exact zeros).
    pub special: Vec<Special>,
    /// How often an element is one of `special`.
    pub special_p: f64,
    /// Values placed where a boolean input (a mask) is false, positions the function ignores.
    pub unmasked: Option<Unmasked>,
}

/// Values for the positions a mask leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmasked {
    /// The boolean input of the same shape.
    pub by: String,
    /// The values placed there.
    pub values: Vec<Special>,
    /// How often a position the mask leaves out holds one of them.
    pub p: f64,
}

/// A special value: a float, or an integer expression over the dimensions (`V` for the first id
/// out of the vocabulary).
#[derive(Debug, Clone, PartialEq)]
pub enum Special {
    /// A float (NaN and the infinities included).
    Float(f64),
    /// An integer, possibly from the dimensions.
    Int(Expr),
}

/// How values are distributed.
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// Uniform in `[lo, hi]`: floats for a float type, integers for an integer type.
    Uniform {
        /// The lower bound.
        lo: Bound,
        /// The upper bound.
        hi: Bound,
    },
    /// Normal, with a mean and a standard deviation each chosen per input from the alternatives.
    Normal {
        /// The means to choose from.
        mean: Vec<f64>,
        /// The standard deviations to choose from.
        std: Vec<f64>,
    },
    /// Uniform in the open interval (0, 1).
    Probabilities,
    /// 0 or 1, as floats.
    Labels,
    /// Uniform in [0, 1].
    SoftLabels,
    /// Along the last axis: one 1, the rest 0.
    OneHot,
    /// Along the last axis: non-negative and summing to 1 (a softmax of normal values whose
    /// spread is chosen per input from `std`).
    Distribution {
        /// The spreads of the logits to choose from.
        std: Vec<f64>,
    },
    /// Integers in `[0, below)`: token ids below a vocabulary size.
    Tokens {
        /// The exclusive upper bound.
        below: Expr,
    },
    /// Booleans, `true` with probability `p`.
    Bool {
        /// The probability of `true`.
        p: f64,
        /// Whether at least one element is `true`.
        at_least_one: bool,
    },
    /// A shape whose number of elements is that of another input (for reshaping it).
    Factors {
        /// The input whose elements are counted.
        of: String,
        /// How many lengths the shape has.
        count: RangeInclusive<usize>,
    },
    /// The element type's own default: normal floats, integers 0 to 9, fair booleans.
    Any,
}

impl Distribution {
    /// The distribution's name as written in a file.
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Uniform { .. } => "uniform",
            Distribution::Normal { .. } => "normal",
            Distribution::Probabilities => "probabilities",
            Distribution::Labels => "labels",
            Distribution::SoftLabels => "soft-labels",
            Distribution::OneHot => "one-hot",
            Distribution::Distribution { .. } => "distribution",
            Distribution::Tokens { .. } => "tokens",
            Distribution::Bool { .. } => "bool",
            Distribution::Factors { .. } => "factors",
            Distribution::Any => "any",
        }
    }

    /// Whether the distribution works on whole rows (the last axis) rather than on elements.
    pub fn by_rows(&self) -> bool {
        matches!(
            self,
            Distribution::OneHot | Distribution::Distribution { .. }
        )
    }
}

/// A bound of a uniform distribution: a float, or an integer expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// A float bound.
    Float(f64),
    /// An integer bound, possibly from the dimensions.
    Int(Expr),
}

impl Bound {
    /// The bound as a float, given the sizes of the dimensions.
    pub fn value(&self, dims: &BTreeMap<String, usize>) -> f64 {
        match self {
            Bound::Float(x) => *x,
            Bound::Int(e) => e.eval(dims) as f64,
        }
    }
}

/// An integer expression over the dimensions: a sum of terms, each a constant or a constant times
/// a dimension (`4*H`, `V+2`, `N`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// `(coefficient, dimension)`; a term without a dimension is a constant.
    pub terms: Vec<(i64, Option<String>)>,
}

impl Expr {
    /// The constant `n`.
    pub fn constant(n: i64) -> Expr {
        Expr {
            terms: vec![(n, None)],
        }
    }

    /// Its value for these sizes (a dimension not given counts as 0).
    pub fn eval(&self, dims: &BTreeMap<String, usize>) -> i64 {
        self.terms
            .iter()
            .map(|(k, dim)| match dim {
                Some(d) => k.saturating_mul(i64::try_from(*dims.get(d).unwrap_or(&0)).unwrap_or(0)),
                None => *k,
            })
            .fold(0i64, i64::saturating_add)
    }

    /// The dimensions it mentions.
    pub fn dims(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter_map(|(_, d)| d.as_deref())
    }

    /// Parses `4*H`, `V+2`, `2*N-1`, `3`.
    pub fn parse(text: &str) -> Result<Expr, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err("an empty size".into());
        }
        let mut terms = Vec::new();
        let mut rest = compact.as_str();
        let mut sign = 1i64;
        if let Some(r) = rest.strip_prefix('-') {
            sign = -1;
            rest = r;
        }
        loop {
            let end = rest.find(['+', '-']).unwrap_or(rest.len());
            let term = &rest[..end];
            let (k, dim) = match term.split_once('*') {
                Some((k, d)) => (
                    k.parse::<i64>()
                        .map_err(|_| format!("`{k}` is not an integer"))?,
                    Some(d),
                ),
                None if term.chars().all(|c| c.is_ascii_digit()) && !term.is_empty() => (
                    term.parse::<i64>()
                        .map_err(|_| format!("`{term}` is too large"))?,
                    None,
                ),
                None => (1, Some(term)),
            };
            if let Some(d) = dim
                && !is_dim_name(d)
            {
                return Err(format!(
                    "`{d}` is not a dimension's name (a letter, then letters, digits or `_`)"
                ));
            }
            terms.push((sign * k, dim.map(str::to_string)));
            if end == rest.len() {
                break;
            }
            sign = if rest.as_bytes()[end] == b'-' { -1 } else { 1 };
            rest = &rest[end + 1..];
            if rest.is_empty() {
                return Err(format!("`{text}` ends with an operator"));
            }
        }
        Ok(Expr { terms })
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, dim)) in self.terms.iter().enumerate() {
            let (sign, k) = if *k < 0 { ("-", -k) } else { ("+", *k) };
            if i > 0 || sign == "-" {
                f.write_str(sign)?;
            }
            match dim {
                Some(d) if k == 1 => write!(f, "{d}")?,
                Some(d) => write!(f, "{k}*{d}")?,
                None => write!(f, "{k}")?,
            }
        }
        Ok(())
    }
}

fn is_dim_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The element type and the number of axes of a parameter, as the generator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Nested lists (`&[f64]`, `Vec<Vec<i64>>`) of this depth; 0 for a scalar.
    Lists {
        /// How many levels of lists.
        depth: usize,
        /// The scalar at the leaves.
        elem: Elem,
    },
    /// An ndarray array.
    Array {
        /// The fixed number of axes, or `None` for `ArrayD`.
        ndim: Option<usize>,
        /// The element.
        elem: Elem,
    },
}

/// The element of a generated value: a scalar, or a generic parameter bound per input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// A scalar.
    Scalar(Scalar),
    /// A generic parameter.
    Generic(String),
}

impl Layout {
    /// How a parameter of type `ty` is generated, or why it cannot be.
    pub fn of(ty: &Type) -> Result<Layout, String> {
        let elem = |t: &Type| match t {
            Type::Scalar(Scalar::String) | Type::Str => {
                Err("the generator does not make strings".to_string())
            }
            Type::Scalar(s) => Ok(Elem::Scalar(*s)),
            Type::Generic(g) => Ok(Elem::Generic(g.clone())),
            other => Err(format!("the generator cannot make a `{other}`")),
        };
        match ty.unref() {
            Type::Array { elem: e, ndim } => Ok(Layout::Array {
                ndim: *ndim,
                elem: elem(e)?,
            }),
            t @ (Type::Slice(_) | Type::Vec(_)) => {
                let mut depth = 0;
                let mut inner = t;
                while let Type::Slice(e) | Type::Vec(e) = inner {
                    depth += 1;
                    inner = e;
                }
                Ok(Layout::Lists {
                    depth,
                    elem: elem(inner)?,
                })
            }
            other => Ok(Layout::Lists {
                depth: 0,
                elem: elem(other)?,
            }),
        }
    }

    /// The element.
    pub fn elem(&self) -> &Elem {
        match self {
            Layout::Lists { elem, .. } | Layout::Array { elem, .. } => elem,
        }
    }
}

impl Generator {
    /// The bench's sizes, as `N = 1024, D = 512`.
    pub fn bench_sizes(&self) -> Option<Vec<(String, usize)>> {
        self.bench.as_ref().map(|b| {
            self.dims
                .iter()
                .filter_map(|d| b.get(&d.name).map(|n| (d.name.clone(), *n)))
                .collect()
        })
    }
}

/// The most elements one generated input may hold at the largest sizes stress draws.
pub const MAX_STRESS_ELEMENTS: u128 = 1 << 16;

/// The most elements one bench input may hold.
pub const MAX_BENCH_ELEMENTS: u128 = 1 << 23;

// ---- the file as written -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGenerator {
    #[serde(default)]
    dims: BTreeMap<String, Spanned<RawInt>>,
    #[serde(default)]
    bench: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    #[serde(default)]
    tolerance: Option<Spanned<Tolerance>>,
    inputs: Spanned<BTreeMap<String, Spanned<RawInput>>>,
    #[serde(default)]
    variants: Vec<Spanned<RawVariant>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    why: Spanned<String>,
    p: Spanned<f64>,
    #[serde(default)]
    rejects: Option<Spanned<bool>>,
    #[serde(default)]
    dims: BTreeMap<String, Spanned<RawInt>>,
    #[serde(default)]
    inputs: BTreeMap<String, Spanned<RawInput>>,
    #[serde(default)]
    mismatch: BTreeMap<String, Spanned<String>>,
}

/// An integer, or text (a range `1..=8`, an expression `4*H`).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum RawInt {
    Int(i64),
    Text(String),
}

/// A number, or text (an expression over the dimensions).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

/// One float, or alternatives.
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum RawFloats {
    One(f64),
    Int(i64),
    Many(Vec<RawNumber>),
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct RawInput {
    #[serde(default)]
    dim: Option<Spanned<String>>,
    #[serde(default)]
    shape: Option<Spanned<Vec<Spanned<RawInt>>>>,
    #[serde(default)]
    rank: Option<Spanned<RawInt>>,
    #[serde(default)]
    values: Option<Spanned<String>>,
    #[serde(default)]
    range: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    #[serde(default)]
    mean: Option<Spanned<RawFloats>>,
    #[serde(default)]
    std: Option<Spanned<RawFloats>>,
    #[serde(default)]
    below: Option<Spanned<RawInt>>,
    #[serde(default)]
    p: Option<Spanned<f64>>,
    #[serde(default)]
    at_least_one: Option<Spanned<bool>>,
    #[serde(default)]
    of: Option<Spanned<String>>,
    #[serde(default)]
    count: Option<Spanned<RawInt>>,
    #[serde(default)]
    special: Option<Spanned<Vec<Spanned<RawNumber>>>>,
    #[serde(default)]
    special_p: Option<Spanned<f64>>,
    #[serde(default)]
    unmasked: Option<Spanned<RawUnmasked>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawUnmasked {
    by: Spanned<String>,
    values: Spanned<Vec<Spanned<RawNumber>>>,
    #[serde(default)]
    p: Option<Spanned<f64>>,
}

impl RawInput {
    /// `self` with `over`'s keys in place of its own; a new `values` (or `dim`) replaces the whole
    /// distribution, its parameters included.
    fn overridden_by(&self, over: &RawInput) -> RawInput {
        let mut merged = if over.values.is_some() || over.dim.is_some() {
            RawInput {
                shape: self.shape.clone(),
                rank: self.rank.clone(),
                ..RawInput::default()
            }
        } else {
            self.clone()
        };
        macro_rules! take {
            ($($field:ident),*) => {$(
                if over.$field.is_some() {
                    merged.$field = over.$field.clone();
                }
            )*};
        }
        take!(
            dim,
            shape,
            rank,
            values,
            range,
            mean,
            std,
            below,
            p,
            at_least_one,
            of,
            count,
            special,
            special_p,
            unmasked
        );
        merged
    }
}

// ---- validation ----------------------------------------------------------------------------

/// Reads and validates `[generator]`, pushing its errors to `errors`.
pub(crate) fn validate(
    file: &SourceFile,
    raw: &Spanned<RawGenerator>,
    sig: &Signature,
    errors: &mut Vec<SpecError>,
) -> Option<Generator> {
    let before = errors.len();
    let mut v = Check { file, errors };
    let at = v.location(raw.span().start);
    let raw_gen = raw.get_ref();
    let dims = v.dims(&raw_gen.dims, None);
    let dim_names: BTreeSet<String> = dims.iter().map(|d| d.name.clone()).collect();
    let bench = raw_gen.bench.as_ref().and_then(|b| v.bench(b, &dims));
    if let Some(t) = &raw_gen.tolerance {
        let Tolerance { abs, rel } = *t.get_ref();
        if !(abs >= 0.0 && rel >= 0.0) {
            v.err(
                t,
                format!(
                    "generator: tolerances must be non-negative numbers, not abs = {abs}, rel = {rel}"
                ),
            );
        }
    }
    let layouts: Vec<(String, Result<Layout, String>)> = sig
        .params
        .iter()
        .map(|p| (p.name.clone(), Layout::of(&p.ty)))
        .collect();
    let raw_inputs = raw_gen.inputs.get_ref();
    // The inputs are checked whatever else is wrong (every error of a file is reported); the
    // variants' inputs only when the base's are sound, since they repeat the base's errors.
    let before_inputs = errors_len(&v);
    for name in raw_inputs.keys() {
        if !sig.params.iter().any(|p| &p.name == name) {
            v.err(
                &raw_inputs[name],
                format!(
                    "generator: `{name}` is not a parameter of `{}` (parameters: {})",
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
    for (name, layout) in &layouts {
        if !raw_inputs.contains_key(name) {
            v.err(
                &raw_gen.inputs,
                format!("generator: no input for the parameter `{name}`: say how it is made"),
            );
        } else if let Err(why) = layout {
            v.err(
                &raw_inputs[name],
                format!("generator: input `{name}`: {why}"),
            );
        }
    }
    let mut inputs = Vec::new();
    for (name, layout) in &layouts {
        let (Some(raw_input), Ok(layout)) = (raw_inputs.get(name), layout) else {
            continue;
        };
        if let Some(input) = v.input(
            name,
            raw_input.get_ref(),
            raw_input,
            layout,
            &dim_names,
            &layouts,
        ) {
            inputs.push(input);
        }
    }
    let base_ok = errors_len(&v) == before_inputs;
    let mut variants = Vec::new();
    let mut total_p = 0.0;
    for rv in &raw_gen.variants {
        let r = rv.get_ref();
        if r.why.get_ref().trim().is_empty() {
            v.err(&r.why, "generator: a variant needs a `why`: what it makes");
        }
        if r.why.get_ref().chars().any(char::is_control) {
            v.err(
                &r.why,
                "generator: a variant's `why` holds a control character; remove it",
            );
        }
        let p = *r.p.get_ref();
        if !(p > 0.0 && p <= 1.0) {
            v.err(
                &r.p,
                format!("generator: a variant's `p` is a probability above 0, at most 1, not {p}"),
            );
        } else {
            total_p += p;
        }
        if let Some(rejects) = &r.rejects
            && *rejects.get_ref()
            && !sig.can_reject()
        {
            v.err(
                rejects,
                format!(
                    "generator: `rejects = true` needs a function returning `Result` or `Option`, not `{}`",
                    sig.returns
                ),
            );
        }
        let vdims = v.dims(&r.dims, Some(&dims));
        for name in r.inputs.keys() {
            if !sig.params.iter().any(|p| &p.name == name) {
                v.err(
                    &r.inputs[name],
                    format!(
                        "generator: variant `{}`: `{name}` is not a parameter of `{}`",
                        r.why.get_ref(),
                        sig.function
                    ),
                );
            }
        }
        if !base_ok {
            continue;
        }
        let mut vinputs = Vec::new();
        for (name, layout) in &layouts {
            let (Some(base), Ok(layout)) = (raw_inputs.get(name), layout) else {
                continue;
            };
            let (merged, span_at) = match r.inputs.get(name) {
                Some(over) => (base.get_ref().overridden_by(over.get_ref()), over.span()),
                None => (base.get_ref().clone(), base.span()),
            };
            let spanned = Spanned::new(span_at, ());
            if let Some(input) = v.input(name, &merged, &spanned, layout, &dim_names, &layouts) {
                vinputs.push(input);
            }
        }
        let mut mismatch = Vec::new();
        for (param, dim) in &r.mismatch {
            let shape = vinputs.iter().find(|i| &i.param == param);
            match shape {
                None => v.err(
                    dim,
                    format!(
                        "generator: variant `{}`: `{param}` is not a parameter of `{}`",
                        r.why.get_ref(),
                        sig.function
                    ),
                ),
                Some(Input {
                    source: Source::Drawn(d),
                    ..
                }) if d.shape.iter().any(|e| e.dims().any(|x| x == dim.get_ref())) => {
                    mismatch.push((param.clone(), dim.get_ref().clone()));
                }
                Some(_) => v.err(
                    dim,
                    format!(
                        "generator: variant `{}`: the shape of `{param}` does not use the dimension `{}`",
                        r.why.get_ref(),
                        dim.get_ref()
                    ),
                ),
            }
        }
        variants.push(Variant {
            why: r.why.get_ref().clone(),
            p,
            rejects: r.rejects.as_ref().map(|r| *r.get_ref()),
            dims: vdims,
            inputs: vinputs,
            mismatch,
            at: v.location(rv.span().start),
        });
    }
    if total_p > 1.0 + 1e-12
        && let Some(first) = raw_gen.variants.first()
    {
        v.err(
            first,
            format!(
                "generator: the variants' probabilities add up to {total_p}, more than 1 (the rest is the base)"
            ),
        );
    }
    if errors_len(&v) == before {
        v.sizes(&inputs, &dims, bench.as_ref(), raw);
    }
    (errors_len(&v) == before).then_some(Generator {
        dims,
        bench,
        tolerance: raw_gen.tolerance.as_ref().map(|t| *t.get_ref()),
        inputs,
        variants,
        at,
    })
}

fn errors_len(v: &Check<'_, '_>) -> usize {
    v.errors.len()
}

struct Check<'f, 'e> {
    file: &'f SourceFile,
    errors: &'e mut Vec<SpecError>,
}

impl Check<'_, '_> {
    fn err<T>(&mut self, span: &Spanned<T>, message: impl Into<String>) {
        self.errors
            .push(self.file.error_at(span.span().start, message));
    }

    fn location(&self, at: usize) -> Location {
        let e = self.file.error_at(at, "");
        Location {
            file: e.file,
            line: e.line,
            column: e.column,
        }
    }

    fn range(&mut self, raw: &Spanned<RawInt>, what: &str) -> Option<RangeInclusive<usize>> {
        let parsed = match raw.get_ref() {
            RawInt::Int(n) => usize::try_from(*n).ok().map(|n| n..=n),
            RawInt::Text(t) => {
                let t = t.replace(' ', "");
                match t.split_once("..=") {
                    Some((a, b)) => match (a.parse::<usize>(), b.parse::<usize>()) {
                        (Ok(a), Ok(b)) if a <= b => Some(a..=b),
                        _ => None,
                    },
                    None => t.parse::<usize>().ok().map(|n| n..=n),
                }
            }
        };
        if parsed.is_none() {
            self.err(
                raw,
                format!(
                    "generator: {what} is a size or an inclusive range of sizes (`3`, `1..=8`), not {}",
                    match raw.get_ref() {
                        RawInt::Int(n) => n.to_string(),
                        RawInt::Text(t) => format!("{t:?}"),
                    }
                ),
            );
        }
        parsed
    }

    fn dims(&mut self, raw: &BTreeMap<String, Spanned<RawInt>>, base: Option<&[Dim]>) -> Vec<Dim> {
        let mut dims: Vec<Dim> = base.map(<[Dim]>::to_vec).unwrap_or_default();
        for (name, value) in raw {
            if !is_dim_name(name) {
                self.err(
                    value,
                    format!(
                        "generator: `{name}` is not a dimension's name (a letter, then letters, digits or `_`)"
                    ),
                );
                continue;
            }
            let Some(range) = self.range(value, &format!("dimension `{name}`")) else {
                continue;
            };
            match dims.iter_mut().find(|d| &d.name == name) {
                Some(d) if base.is_some() => d.range = range,
                Some(_) => {}
                None if base.is_some() => self.err(
                    value,
                    format!("generator: a variant cannot add the dimension `{name}`: declare it in `dims`"),
                ),
                None => dims.push(Dim {
                    name: name.clone(),
                    range,
                }),
            }
        }
        dims
    }

    fn bench(
        &mut self,
        raw: &Spanned<BTreeMap<String, Spanned<i64>>>,
        dims: &[Dim],
    ) -> Option<BTreeMap<String, usize>> {
        let mut out = BTreeMap::new();
        for (name, n) in raw.get_ref() {
            if !dims.iter().any(|d| &d.name == name) {
                self.err(
                    n,
                    format!("generator: `bench` sizes `{name}`, which is not a dimension"),
                );
            } else if let Ok(size) = usize::try_from(*n.get_ref()) {
                out.insert(name.clone(), size);
            } else {
                self.err(n, "generator: a bench size is a non-negative integer");
            }
        }
        for d in dims {
            if !raw.get_ref().contains_key(&d.name) {
                self.err(
                    raw,
                    format!(
                        "generator: `bench` gives no size for the dimension `{}`",
                        d.name
                    ),
                );
            }
        }
        Some(out)
    }

    fn expr(&mut self, raw: &Spanned<RawInt>, dims: &BTreeSet<String>, what: &str) -> Option<Expr> {
        let parsed = match raw.get_ref() {
            RawInt::Int(n) => Ok(Expr::constant(*n)),
            RawInt::Text(t) => Expr::parse(t),
        };
        match parsed {
            Ok(e) => {
                for d in e.dims() {
                    if !dims.contains(d) {
                        self.err(
                            raw,
                            format!(
                                "generator: {what}: `{d}` is not a dimension (declare it in `dims`)"
                            ),
                        );
                        return None;
                    }
                }
                Some(e)
            }
            Err(why) => {
                self.err(raw, format!("generator: {what}: {why}"));
                None
            }
        }
    }

    fn number(
        &mut self,
        raw: &Spanned<RawNumber>,
        elem: &Elem,
        dims: &BTreeSet<String>,
        what: &str,
    ) -> Option<Special> {
        match (elem, raw.get_ref()) {
            (Elem::Scalar(s), RawNumber::Float(x)) if s.is_float() => Some(Special::Float(*x)),
            (Elem::Scalar(s), RawNumber::Int(n)) if s.is_float() => Some(Special::Float(*n as f64)),
            (Elem::Scalar(s), RawNumber::Int(n)) if s.is_integer() => {
                let (lo, hi) = s.integer_range().unwrap_or((0, 0));
                if i128::from(*n) < lo || i128::from(*n) > hi {
                    self.err(
                        raw,
                        format!("generator: {what}: {n} does not fit in {}", s.rust_name()),
                    );
                    return None;
                }
                Some(Special::Int(Expr::constant(*n)))
            }
            (Elem::Scalar(s), RawNumber::Text(t)) if s.is_integer() => {
                let spanned = Spanned::new(raw.span(), RawInt::Text(t.clone()));
                self.expr(&spanned, dims, what).map(Special::Int)
            }
            (elem, _) => {
                let name = match elem {
                    Elem::Scalar(s) => s.rust_name().to_string(),
                    Elem::Generic(g) => g.clone(),
                };
                self.err(
                    raw,
                    format!(
                        "generator: {what}: {} is not a value of `{name}`",
                        shown(raw.get_ref())
                    ),
                );
                None
            }
        }
    }

    fn floats(&mut self, raw: &Spanned<RawFloats>, what: &str, min: f64) -> Option<Vec<f64>> {
        let values: Vec<Option<f64>> = match raw.get_ref() {
            RawFloats::One(x) => vec![Some(*x)],
            RawFloats::Int(n) => vec![Some(*n as f64)],
            RawFloats::Many(items) => items
                .iter()
                .map(|i| match i {
                    RawNumber::Float(x) => Some(*x),
                    RawNumber::Int(n) => Some(*n as f64),
                    RawNumber::Text(_) => None,
                })
                .collect(),
        };
        if values.is_empty()
            || values
                .iter()
                .any(|x| !x.is_some_and(|x| x.is_finite() && x >= min))
        {
            self.err(
                raw,
                format!(
                    "generator: {what} is a finite number{}, or a list of them to choose from",
                    if min > f64::MIN {
                        format!(" ≥ {min}")
                    } else {
                        String::new()
                    }
                ),
            );
            return None;
        }
        Some(values.into_iter().flatten().collect())
    }

    fn probability(&mut self, raw: &Spanned<f64>, what: &str) -> Option<f64> {
        let p = *raw.get_ref();
        if (0.0..=1.0).contains(&p) {
            Some(p)
        } else {
            self.err(
                raw,
                format!("generator: {what} is a probability from 0 to 1, not {p}"),
            );
            None
        }
    }

    /// Validates one parameter's input as written (or as a variant leaves it).
    #[allow(clippy::too_many_lines)]
    fn input(
        &mut self,
        name: &str,
        raw: &RawInput,
        at: &Spanned<impl Sized>,
        layout: &Layout,
        dims: &BTreeSet<String>,
        layouts: &[(String, Result<Layout, String>)],
    ) -> Option<Input> {
        let before = self.errors.len();
        let what = format!("input `{name}`");
        if let Some(dim) = &raw.dim {
            let integer = matches!(layout, Layout::Lists { depth: 0, elem: Elem::Scalar(s) } if s.is_integer());
            if !integer {
                self.err(dim, format!("generator: {what}: `dim` gives an integer parameter a dimension's size; `{name}` is not an integer"));
            } else if !dims.contains(dim.get_ref()) {
                self.err(
                    dim,
                    format!(
                        "generator: {what}: `{}` is not a dimension (declare it in `dims`)",
                        dim.get_ref()
                    ),
                );
            }
            for (key, given) in [
                ("shape", raw.shape.is_some()),
                ("values", raw.values.is_some()),
                ("special", raw.special.is_some()),
            ] {
                if given {
                    self.err(
                        dim,
                        format!("generator: {what}: `dim` and `{key}` do not go together"),
                    );
                }
            }
            return (self.errors.len() == before).then(|| Input {
                param: name.to_string(),
                source: Source::Dim(dim.get_ref().clone()),
            });
        }
        let Some(values) = &raw.values else {
            self.err(
                at,
                format!("generator: {what}: missing `values = ...` (or `dim = ...` for a size)"),
            );
            return None;
        };
        let elem = layout.elem().clone();
        // The shape.
        let axes = match layout {
            Layout::Lists { depth, .. } => Some(*depth),
            Layout::Array { ndim, .. } => *ndim,
        };
        let factors = values.get_ref() == "factors";
        let shape: Vec<Expr> = match &raw.shape {
            Some(s) => s
                .get_ref()
                .iter()
                .filter_map(|e| self.expr(e, dims, &format!("{what}, shape")))
                .collect(),
            None => Vec::new(),
        };
        if factors {
            if let Some(s) = &raw.shape {
                self.err(s, format!("generator: {what}: a `factors` shape takes its length from `count`, not `shape`"));
            }
        } else {
            let given = raw.shape.as_ref().map_or(0, |s| s.get_ref().len());
            match axes {
                Some(n) if n != given => {
                    let span = raw.shape.as_ref().map_or(at.span(), Spanned::span);
                    self.errors.push(self.file.error_at(
                        span.start,
                        format!(
                            "generator: {what}: the parameter is {}, so its `shape` needs {n} {}, not {given}",
                            param_type(layouts, name),
                            if n == 1 { "length" } else { "lengths" }
                        ),
                    ));
                }
                _ => {}
            }
        }
        let rank = match (&raw.rank, axes) {
            (Some(r), None) => self.range(r, &format!("{what}'s `rank`")).and_then(|range| {
                if *range.end() > shape.len() {
                    self.err(r, format!("generator: {what}: `rank` goes up to {}, but `shape` has {} lengths", range.end(), shape.len()));
                    None
                } else {
                    Some(range)
                }
            }),
            (Some(r), Some(_)) => {
                self.err(r, format!("generator: {what}: `rank` is for an `ArrayD`, whose number of axes varies"));
                None
            }
            (None, _) => None,
        };
        // The distribution and its keys.
        let name_of = values.get_ref().as_str();
        let allowed: &[&str] = match name_of {
            "uniform" => &["range"],
            "normal" => &["mean", "std"],
            "distribution" => &["std"],
            "tokens" => &["below"],
            "bool" => &["p", "at_least_one"],
            "factors" => &["of", "count"],
            "probabilities" | "labels" | "soft-labels" | "one-hot" | "any" => &[],
            other => {
                self.err(
                    values,
                    format!(
                        "generator: {what}: unknown distribution `{other}` (known: uniform, normal, probabilities, labels, soft-labels, one-hot, distribution, tokens, bool, factors, any)"
                    ),
                );
                return None;
            }
        };
        let keys: [(&str, Option<usize>); 8] = [
            ("range", raw.range.as_ref().map(|s| s.span().start)),
            ("mean", raw.mean.as_ref().map(|s| s.span().start)),
            ("std", raw.std.as_ref().map(|s| s.span().start)),
            ("below", raw.below.as_ref().map(|s| s.span().start)),
            ("p", raw.p.as_ref().map(|s| s.span().start)),
            (
                "at_least_one",
                raw.at_least_one.as_ref().map(|s| s.span().start),
            ),
            ("of", raw.of.as_ref().map(|s| s.span().start)),
            ("count", raw.count.as_ref().map(|s| s.span().start)),
        ];
        for (key, span) in keys {
            if let Some(start) = span
                && !allowed.contains(&key)
            {
                self.errors.push(self.file.error_at(
                    start,
                    format!(
                        "generator: {what}: `{key}` does not apply to `values = \"{name_of}\"`"
                    ),
                ));
            }
        }
        let fits = match (&elem, name_of) {
            (Elem::Generic(_), "any") => true,
            (Elem::Generic(g), _) => {
                self.err(values, format!("generator: {what}: its elements are the generic `{g}`, which only `values = \"any\"` can make"));
                return None;
            }
            (Elem::Scalar(s), "uniform" | "any") => {
                s.is_float() || s.is_integer() || name_of == "any"
            }
            (
                Elem::Scalar(s),
                "normal" | "probabilities" | "labels" | "soft-labels" | "one-hot" | "distribution",
            ) => s.is_float(),
            (Elem::Scalar(s), "tokens" | "factors") => s.is_integer(),
            (Elem::Scalar(s), "bool") => *s == Scalar::Bool,
            _ => false,
        };
        if !fits {
            let elem_name = match &elem {
                Elem::Scalar(s) => s.rust_name(),
                Elem::Generic(_) => "T",
            };
            self.err(
                values,
                format!("generator: {what}: `{name_of}` does not make values of `{elem_name}`"),
            );
            return None;
        }
        let float = matches!(elem, Elem::Scalar(s) if s.is_float());
        let distribution = match name_of {
            "uniform" => {
                let Some(range) = &raw.range else {
                    self.err(
                        values,
                        format!("generator: {what}: `uniform` needs `range = [low, high]`"),
                    );
                    return None;
                };
                if range.get_ref().len() != 2 {
                    self.err(
                        range,
                        format!("generator: {what}: `range` is `[low, high]`"),
                    );
                    return None;
                }
                let bound = |v: &mut Self, r: &Spanned<RawNumber>| -> Option<Bound> {
                    if float {
                        match r.get_ref() {
                            RawNumber::Float(x) if x.is_finite() => Some(Bound::Float(*x)),
                            RawNumber::Int(n) => Some(Bound::Float(*n as f64)),
                            _ => {
                                v.err(r, format!("generator: {what}: a float range's bounds are finite numbers"));
                                None
                            }
                        }
                    } else {
                        match v.number(r, &elem, dims, &format!("{what}, range"))? {
                            Special::Int(e) => Some(Bound::Int(e)),
                            Special::Float(_) => None,
                        }
                    }
                };
                let lo = bound(self, &range.get_ref()[0]);
                let hi = bound(self, &range.get_ref()[1]);
                let (lo, hi) = (lo?, hi?);
                if let (Bound::Float(a), Bound::Float(b)) = (&lo, &hi)
                    && a > b
                {
                    self.err(
                        range,
                        format!(
                            "generator: {what}: `range` goes from low to high, not from {a} to {b}"
                        ),
                    );
                    return None;
                }
                Distribution::Uniform { lo, hi }
            }
            "normal" => Distribution::Normal {
                mean: match &raw.mean {
                    Some(m) => self.floats(m, &format!("{what}'s `mean`"), f64::MIN)?,
                    None => vec![0.0],
                },
                std: match &raw.std {
                    Some(s) => self.floats(s, &format!("{what}'s `std`"), 0.0)?,
                    None => vec![1.0],
                },
            },
            "distribution" => Distribution::Distribution {
                std: match &raw.std {
                    Some(s) => self.floats(s, &format!("{what}'s `std`"), 0.0)?,
                    None => vec![1.0],
                },
            },
            "probabilities" => Distribution::Probabilities,
            "labels" => Distribution::Labels,
            "soft-labels" => Distribution::SoftLabels,
            "one-hot" => Distribution::OneHot,
            "any" => Distribution::Any,
            "tokens" => {
                let Some(below) = &raw.below else {
                    self.err(
                        values,
                        format!(
                            "generator: {what}: `tokens` needs `below = \"V\"`, the vocabulary size"
                        ),
                    );
                    return None;
                };
                Distribution::Tokens {
                    below: self.expr(below, dims, &format!("{what}, below"))?,
                }
            }
            "bool" => Distribution::Bool {
                p: match &raw.p {
                    Some(p) => self.probability(p, &format!("{what}'s `p`"))?,
                    None => 0.5,
                },
                at_least_one: raw.at_least_one.as_ref().is_some_and(|a| *a.get_ref()),
            },
            "factors" => {
                let Some(of) = &raw.of else {
                    self.err(values, format!("generator: {what}: `factors` needs `of = \"<input>\"`, whose elements it counts"));
                    return None;
                };
                let counted = layouts.iter().find(|(n, _)| n == of.get_ref());
                let depth_one = matches!(layout, Layout::Lists { depth: 1, .. });
                if !depth_one {
                    self.err(
                        values,
                        format!(
                            "generator: {what}: `factors` makes a list of lengths (`&[usize]`)"
                        ),
                    );
                }
                match counted {
                    Some((_, Ok(Layout::Array { .. } | Layout::Lists { depth: 1.., .. }))) if of.get_ref() != name => {}
                    _ => self.err(of, format!("generator: {what}: `of` names another input that is an array or a list, not `{}`", of.get_ref())),
                }
                Distribution::Factors {
                    of: of.get_ref().clone(),
                    count: match &raw.count {
                        Some(c) => self.range(c, &format!("{what}'s `count`"))?,
                        None => 1..=3,
                    },
                }
            }
            _ => return None,
        };
        if distribution.by_rows() && shape.is_empty() && rank.is_none() {
            self.err(
                values,
                format!("generator: {what}: `{name_of}` makes rows, so it needs at least one axis"),
            );
        }
        let special: Vec<Special> = match &raw.special {
            Some(list) => list
                .get_ref()
                .iter()
                .filter_map(|s| self.number(s, &elem, dims, &format!("{what}, special")))
                .collect(),
            None => Vec::new(),
        };
        let special_p = match (&raw.special_p, raw.special.is_some()) {
            (Some(p), true) => self
                .probability(p, &format!("{what}'s `special_p`"))
                .unwrap_or(0.0),
            (Some(p), false) => {
                self.err(
                    p,
                    format!("generator: {what}: `special_p` without `special`"),
                );
                0.0
            }
            (None, true) => 0.1,
            (None, false) => 0.0,
        };
        let unmasked = match &raw.unmasked {
            None => None,
            Some(u) => {
                let u = u.get_ref();
                let mask = layouts.iter().find(|(n, _)| n == u.by.get_ref());
                let is_mask =
                    matches!(mask, Some((_, Ok(l))) if *l.elem() == Elem::Scalar(Scalar::Bool));
                if !is_mask || u.by.get_ref() == name {
                    self.err(&u.by, format!("generator: {what}: `unmasked.by` names a boolean input of the same shape, not `{}`", u.by.get_ref()));
                }
                let values: Vec<Special> = u
                    .values
                    .get_ref()
                    .iter()
                    .filter_map(|s| self.number(s, &elem, dims, &format!("{what}, unmasked")))
                    .collect();
                let p = match &u.p {
                    Some(p) => self
                        .probability(p, &format!("{what}'s `unmasked.p`"))
                        .unwrap_or(0.0),
                    None => 0.5,
                };
                Some(Unmasked {
                    by: u.by.get_ref().clone(),
                    values,
                    p,
                })
            }
        };
        (self.errors.len() == before).then(|| Input {
            param: name.to_string(),
            source: Source::Drawn(Drawn {
                shape,
                rank,
                values: distribution,
                special,
                special_p,
                unmasked,
            }),
        })
    }

    /// Checks that no input is too large to draw, at the largest stress sizes and at the bench's.
    fn sizes(
        &mut self,
        inputs: &[Input],
        dims: &[Dim],
        bench: Option<&BTreeMap<String, usize>>,
        at: &Spanned<RawGenerator>,
    ) {
        let largest: BTreeMap<String, usize> = dims
            .iter()
            .map(|d| (d.name.clone(), *d.range.end()))
            .collect();
        for (sizes, limit, what) in [
            (
                Some(&largest),
                MAX_STRESS_ELEMENTS,
                "at the largest sizes of `dims`",
            ),
            (bench, MAX_BENCH_ELEMENTS, "at the `bench` sizes"),
        ] {
            let Some(sizes) = sizes else { continue };
            for input in inputs {
                let Source::Drawn(d) = &input.source else {
                    continue;
                };
                let count = d.shape.iter().try_fold(1u128, |n, e| {
                    u128::try_from(e.eval(sizes).max(0))
                        .ok()
                        .and_then(|k| n.checked_mul(k))
                });
                if count.is_none_or(|c| c > limit) {
                    self.err(
                        at,
                        format!(
                            "generator: input `{}` would hold more than {limit} elements {what}; make the sizes smaller",
                            input.param
                        ),
                    );
                }
            }
        }
    }
}

fn param_type(layouts: &[(String, Result<Layout, String>)], name: &str) -> String {
    match layouts.iter().find(|(n, _)| n == name) {
        Some((_, Ok(Layout::Array { ndim: Some(n), .. }))) => format!("a {n}-d array"),
        Some((_, Ok(Layout::Lists { depth: 0, .. }))) => "a scalar".to_string(),
        Some((_, Ok(Layout::Lists { depth: 1, .. }))) => "a list".to_string(),
        Some((_, Ok(Layout::Lists { depth, .. }))) => format!("a list of lists, {depth} deep"),
        _ => name.to_string(),
    }
}

fn shown(n: &RawNumber) -> String {
    match n {
        RawNumber::Int(i) => i.to_string(),
        RawNumber::Float(x) => format!("{x:?}"),
        RawNumber::Text(t) => format!("{t:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_parse_and_evaluate() {
        let dims: BTreeMap<String, usize> = [("H".to_string(), 3), ("V".to_string(), 10)].into();
        for (text, value, shown) in [
            ("4*H", 12, "4*H"),
            ("V+2", 12, "V+2"),
            ("2*H-1", 5, "2*H-1"),
            ("7", 7, "7"),
            ("V - H", 7, "V-H"),
        ] {
            let e = Expr::parse(text).expect("an expression");
            assert_eq!(e.eval(&dims), value, "{text}");
            assert_eq!(e.to_string(), shown);
        }
        assert!(Expr::parse("4*").is_err());
        assert!(Expr::parse("V+").is_err());
        assert!(Expr::parse("").is_err());
        assert!(Expr::parse("2x").is_err());
    }
}
