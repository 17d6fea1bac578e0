//! Typed values: the inputs and outputs of cases. A value is read from a problem file under the
//! type the signature declares and printed the way a Rust learner would write it; the wire crate
//! carries it to and from the judged child.

use std::collections::BTreeMap;
use std::fmt;

use crate::ty::{Scalar, Type};

/// Concrete scalars chosen for a problem's generic parameters in one case (`T = i64`).
pub type Bindings = BTreeMap<String, Scalar>;

/// A value of some [`Type`]. Integers of every width are held as `i64`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A `bool`.
    Bool(bool),
    /// Any integer scalar.
    Int(i64),
    /// An `f64` or `f32`, possibly NaN or infinite.
    Float(f64),
    /// A `String` or `&str`.
    Str(String),
    /// A slice, a `Vec` or a tuple.
    List(Vec<Value>),
    /// An ndarray array.
    Array(NdArray),
    /// A declared struct, fields in declaration order.
    Struct(Vec<(String, Value)>),
    /// An `Option`.
    Option(Option<Box<Value>>),
}

/// An n-dimensional array in row-major (C) order.
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray {
    /// The length of each axis; empty for a 0-d array.
    pub shape: Vec<usize>,
    /// The elements, row-major; `shape.iter().product()` of them.
    pub data: Vec<Value>,
}

impl NdArray {
    /// The multi-index of the element at flat position `flat`.
    pub fn index_of(&self, mut flat: usize) -> Vec<usize> {
        let mut index = vec![0; self.shape.len()];
        for (axis, &len) in self.shape.iter().enumerate().rev() {
            if len > 0 {
                index[axis] = flat % len;
                flat /= len;
            }
        }
        index
    }
}

/// What a function gave back for a case: a value, or a rejection of its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The function returned this value (the `Ok` or `Some` payload when the return type is
    /// `Result` or `Option`).
    Returned(Value),
    /// The function returned `Err(message)` or `None`.
    Rejected(Option<String>),
}

/// Where inside a value a decoding error happened, with what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// A path such as `[2]`, `.shape[0]`; empty at the top.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl ValueError {
    /// An error at the top of the value.
    pub fn new(message: impl Into<String>) -> Self {
        ValueError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The same error, one step deeper: `segment` (`[2]`, `.mean`) goes in front of its path.
    pub fn within(mut self, segment: impl fmt::Display) -> Self {
        self.path = format!("{segment}{}", self.path);
        self
    }
}

/// Looks up struct declarations by name while decoding.
pub trait StructLookup {
    /// The field names and types of the struct called `name`.
    fn fields(&self, name: &str) -> Option<Vec<(String, Type)>>;
}

/// What decoding needs besides the type: the problem's structs and the case's generic bindings.
pub struct Schema<'a> {
    /// The problem's struct declarations.
    pub structs: &'a dyn StructLookup,
    /// The case's generic bindings.
    pub bindings: &'a Bindings,
}

fn toml_kind(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

impl Schema<'_> {
    /// Resolves generics to their bound scalar.
    pub fn resolve<'t>(&self, ty: &'t Type) -> Result<std::borrow::Cow<'t, Type>, ValueError> {
        match ty {
            Type::Generic(name) => self
                .bindings
                .get(name)
                .map(|s| std::borrow::Cow::Owned(Type::Scalar(*s)))
                .ok_or_else(|| {
                    ValueError::new(format!(
                        "generic `{name}` has no type in this case (add `types = {{ {name} = \"f64\" }}`)"
                    ))
                }),
            other => Ok(std::borrow::Cow::Borrowed(other)),
        }
    }

    /// Reads a value of type `ty` from a problem file.
    pub fn from_toml(&self, ty: &Type, v: &toml::Value) -> Result<Value, ValueError> {
        let ty = self.resolve(ty)?;
        match (ty.as_ref(), v) {
            (Type::Ref(inner), _) => self.from_toml(inner, v),
            (Type::Scalar(s), _) => scalar_from_toml(*s, v),
            (Type::Str, _) => scalar_from_toml(Scalar::String, v),
            (Type::Slice(elem) | Type::Vec(elem), toml::Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    self.from_toml(elem, item)
                        .map_err(|e| e.within(format!("[{i}]")))
                })
                .collect::<Result<_, _>>()
                .map(Value::List),
            (Type::Tuple(types), toml::Value::Array(items)) => {
                if items.len() != types.len() {
                    return Err(ValueError::new(format!(
                        "expected a tuple of {} items, found {}",
                        types.len(),
                        items.len()
                    )));
                }
                types
                    .iter()
                    .zip(items)
                    .enumerate()
                    .map(|(i, (t, item))| {
                        self.from_toml(t, item)
                            .map_err(|e| e.within(format!(".{i}")))
                    })
                    .collect::<Result<_, _>>()
                    .map(Value::List)
            }
            (Type::Array { elem, ndim }, _) => self.array_from_toml(elem, *ndim, v),
            (Type::Option(inner), _) => match v {
                toml::Value::String(s) if s == "None" => Ok(Value::Option(None)),
                toml::Value::Table(t) if t.len() == 1 && t.contains_key("some") => {
                    let payload = self.from_toml(inner, &t["some"])?;
                    Ok(Value::Option(Some(Box::new(payload))))
                }
                _ => Ok(Value::Option(Some(Box::new(self.from_toml(inner, v)?)))),
            },
            (Type::Struct(name), toml::Value::Table(table)) => {
                let fields = self
                    .structs
                    .fields(name)
                    .ok_or_else(|| ValueError::new(format!("struct `{name}` is not declared")))?;
                if let Some(extra) = table.keys().find(|k| !fields.iter().any(|(f, _)| f == *k)) {
                    return Err(ValueError::new(format!("`{name}` has no field `{extra}`")));
                }
                fields
                    .iter()
                    .map(|(field, fty)| {
                        let raw = table.get(field).ok_or_else(|| {
                            ValueError::new(format!("missing field `{field}` of `{name}`"))
                        })?;
                        let value = self
                            .from_toml(fty, raw)
                            .map_err(|e| e.within(format!(".{field}")))?;
                        Ok((field.clone(), value))
                    })
                    .collect::<Result<_, _>>()
                    .map(Value::Struct)
            }
            (Type::Result(_), _) => Err(ValueError::new(
                "a `Result` is written as `expected = <ok value>` or `rejects = true`",
            )),
            (ty, v) => Err(ValueError::new(format!(
                "expected {}, found {}",
                describe(ty),
                toml_kind(v)
            ))),
        }
    }

    fn array_from_toml(
        &self,
        elem: &Type,
        ndim: Option<usize>,
        v: &toml::Value,
    ) -> Result<Value, ValueError> {
        let elem = self.resolve(elem)?.into_owned();
        let (shape, leaves) = match v {
            toml::Value::Table(t) if t.contains_key("shape") => {
                if let Some(extra) = t.keys().find(|k| *k != "shape" && *k != "data") {
                    return Err(ValueError::new(format!(
                        "an array table has only `shape` and `data`, not `{extra}`"
                    )));
                }
                let shape: Vec<usize> = match &t["shape"] {
                    toml::Value::Array(dims) => dims
                        .iter()
                        .map(|d| match d {
                            toml::Value::Integer(n) => usize::try_from(*n).map_err(|_| {
                                ValueError::new("`shape` holds non-negative integers")
                            }),
                            _ => Err(ValueError::new("`shape` holds non-negative integers")),
                        })
                        .collect::<Result<_, _>>()?,
                    _ => return Err(ValueError::new("`shape` is an array of integers")),
                };
                let data = match t.get("data") {
                    Some(toml::Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                    _ => return Err(ValueError::new("an array table needs `data = [...]`")),
                };
                let want = element_count(&shape).ok_or_else(|| {
                    ValueError::new(format!(
                        "shape {shape:?} is too large: no array can hold that many elements"
                    ))
                })?;
                if data.len() != want {
                    return Err(ValueError::new(format!(
                        "shape {shape:?} holds {want} elements, `data` has {}",
                        data.len()
                    )));
                }
                (shape, data)
            }
            _ => {
                let mut shape = Vec::new();
                infer_shape(v, 0, &mut shape)?;
                let mut leaves = Vec::new();
                collect_leaves(v, &mut leaves);
                (shape, leaves)
            }
        };
        if let Some(n) = ndim
            && shape.len() != n
        {
            return Err(ValueError::new(format!(
                "expected a {n}-d array, found shape {shape:?} (an empty axis hides the axes \
                 after it: write `{{ shape = [..], data = [] }}`)"
            )));
        }
        let data = leaves
            .into_iter()
            .enumerate()
            .map(|(i, leaf)| {
                self.from_toml(&elem, leaf)
                    .map_err(|e| e.within(format!("(element {i})")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Value::Array(NdArray { shape, data }))
    }
}

/// The number of elements of an array of this shape, or `None` when ndarray could not allocate
/// it: like ndarray, the product of the non-zero axis lengths must fit in `isize`.
fn element_count(shape: &[usize]) -> Option<usize> {
    let nonzero = shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| isize::try_from(n).is_ok())?;
    Some(if shape.contains(&0) { 0 } else { nonzero })
}

/// Records the shape of a nested TOML array, checking that it is rectangular.
fn infer_shape(v: &toml::Value, depth: usize, shape: &mut Vec<usize>) -> Result<(), ValueError> {
    let toml::Value::Array(items) = v else {
        if depth < shape.len() {
            return Err(ValueError::new("the array is ragged: rows differ in depth"));
        }
        return Ok(());
    };
    match shape.get(depth) {
        None => shape.push(items.len()),
        Some(&len) if len != items.len() => {
            return Err(ValueError::new(format!(
                "the array is ragged: axis {depth} has lengths {len} and {}",
                items.len()
            )));
        }
        Some(_) => {}
    }
    for item in items {
        infer_shape(item, depth + 1, shape)?;
        if !matches!(item, toml::Value::Array(_)) && shape.len() > depth + 1 {
            return Err(ValueError::new("the array is ragged: rows differ in depth"));
        }
    }
    Ok(())
}

fn collect_leaves<'v>(v: &'v toml::Value, out: &mut Vec<&'v toml::Value>) {
    match v {
        toml::Value::Array(items) => items.iter().for_each(|i| collect_leaves(i, out)),
        leaf => out.push(leaf),
    }
}

fn scalar_from_toml(s: Scalar, v: &toml::Value) -> Result<Value, ValueError> {
    match (s, v) {
        // A finite f64 beyond f32's range would reach the function as an infinity.
        (Scalar::F32, toml::Value::Float(x)) if x.is_finite() && (*x as f32).is_infinite() => {
            Err(ValueError::new(format!(
                "{x:e} does not fit in f32 (largest: {:e})",
                f32::MAX
            )))
        }
        (Scalar::F64 | Scalar::F32, toml::Value::Float(x)) => Ok(Value::Float(*x)),
        (Scalar::F64 | Scalar::F32, toml::Value::Integer(n)) => Ok(Value::Float(*n as f64)),
        (Scalar::Bool, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
        (Scalar::String, toml::Value::String(text)) => Ok(Value::Str(text.clone())),
        (s, toml::Value::Integer(n)) if s.is_integer() => {
            let (lo, hi) = s.integer_range().unwrap_or((0, 0));
            if i128::from(*n) < lo || i128::from(*n) > hi {
                Err(ValueError::new(format!(
                    "{n} does not fit in {}",
                    s.rust_name()
                )))
            } else {
                Ok(Value::Int(*n))
            }
        }
        (s, v) => Err(ValueError::new(format!(
            "expected {}, found {}",
            describe(&Type::Scalar(s)),
            toml_kind(v)
        ))),
    }
}

/// A short phrase naming what a value of `ty` looks like.
pub fn describe(ty: &Type) -> String {
    match ty {
        Type::Scalar(s) if s.is_float() => format!("a float ({})", s.rust_name()),
        Type::Scalar(s) if s.is_integer() => format!("an integer ({})", s.rust_name()),
        Type::Scalar(Scalar::Bool) => "a boolean".into(),
        Type::Scalar(_) | Type::Str => "a string".into(),
        Type::Ref(t) => describe(t),
        Type::Slice(t) | Type::Vec(t) => format!("a list of {}", plural(t)),
        Type::Array { ndim: Some(n), .. } => format!("a {n}-d array"),
        Type::Array { ndim: None, .. } => "an array".into(),
        Type::Option(t) => format!("{} or \"None\"", describe(t)),
        Type::Result(t) => describe(t),
        Type::Tuple(items) => format!("a tuple of {} items", items.len()),
        Type::Struct(name) => format!("a `{name}` table"),
        Type::Generic(name) => format!("a `{name}`"),
    }
}

fn plural(ty: &Type) -> String {
    match ty.unref() {
        Type::Scalar(s) if s.is_float() => "floats".into(),
        Type::Scalar(s) if s.is_integer() => "integers".into(),
        Type::Scalar(Scalar::Bool) => "booleans".into(),
        Type::Scalar(_) | Type::Str => "strings".into(),
        other => format!("`{other}`"),
    }
}

// ---- printing ------------------------------------------------------------------------------

/// Prints a float the way Rust's `{:?}` does: shortest round-trip form, `NaN`, `inf`.
pub fn format_float(x: f64) -> String {
    format!("{x:?}")
}

impl Value {
    /// The value as a problem file writes it, on one line: `[0.5, nan]`, `{ mean = 1.0 }`,
    /// `{ shape = [0, 2], data = [] }`; reading it back under its type gives the same value.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        write_toml(&mut out, self);
        out
    }
}

fn write_toml(out: &mut String, v: &Value) {
    match v {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Float(x) if x.is_nan() => out.push_str("nan"),
        Value::Float(x) if x.is_infinite() => out.push_str(if *x > 0.0 { "inf" } else { "-inf" }),
        Value::Float(x) => out.push_str(&format_float(*x)),
        Value::Str(text) => out.push_str(&toml::Value::String(text.clone()).to_string()),
        Value::List(items) => write_list(out, items.iter(), write_toml),
        Value::Array(a) => {
            // Nested brackets lose the axes after an empty one, and a 0-d array has none.
            let outer = a.shape.len().saturating_sub(1);
            if a.shape.is_empty() || a.shape[..outer].contains(&0) {
                let shape: Vec<String> = a.shape.iter().map(usize::to_string).collect();
                out.push_str(&format!("{{ shape = [{}], data = ", shape.join(", ")));
                write_list(out, a.data.iter(), write_toml);
                out.push_str(" }");
            } else {
                write_axis(out, a, 0, 0);
            }
        }
        Value::Struct(fields) => {
            out.push_str("{ ");
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                out.push_str(" = ");
                write_toml(out, value);
            }
            out.push_str(" }");
        }
        Value::Option(None) => out.push_str("\"None\""),
        // Always the table: a payload that is itself the string "None" stays a payload.
        Value::Option(Some(payload)) => {
            out.push_str("{ some = ");
            write_toml(out, payload);
            out.push_str(" }");
        }
    }
}

fn write_list<'v>(
    out: &mut String,
    items: impl Iterator<Item = &'v Value>,
    each: fn(&mut String, &Value),
) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
    out.push(']');
}

/// Writes the elements of `a` from `axis` on, starting at flat offset `at`, as nested brackets.
fn write_axis(out: &mut String, a: &NdArray, axis: usize, at: usize) {
    if axis == a.shape.len() {
        if let Some(v) = a.data.get(at) {
            write_toml(out, v);
        }
        return;
    }
    let stride: usize = a.shape[axis + 1..].iter().product();
    out.push('[');
    for i in 0..a.shape[axis] {
        if i > 0 {
            out.push_str(", ");
        }
        write_axis(out, a, axis + 1, at + i * stride);
    }
    out.push(']');
}

impl fmt::Display for Value {
    /// Prints on one line, as Rust source would write the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Float(x) => f.write_str(&format_float(*x)),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Array(a) => {
                write_nested(f, a, 0, 0)?;
                // `[]` is the same text for shapes [0], [0, 4] and [0, 0, 2]: say which, as
                // NumPy does, when an empty axis hides those within it.
                let outer = a.shape.len().saturating_sub(1);
                if a.shape[..outer].contains(&0) {
                    let dims: Vec<String> = a.shape.iter().map(usize::to_string).collect();
                    write!(f, " (shape [{}])", dims.join(", "))?;
                }
                Ok(())
            }
            Value::Struct(fields) => {
                f.write_str("{ ")?;
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str(" }")
            }
            Value::Option(None) => f.write_str("None"),
            Value::Option(Some(v)) => write!(f, "Some({v})"),
        }
    }
}

/// Writes `a` as nested brackets starting at `axis` and flat offset `at`; returns the next offset.
fn write_nested(
    f: &mut fmt::Formatter<'_>,
    a: &NdArray,
    axis: usize,
    at: usize,
) -> Result<usize, fmt::Error> {
    if axis == a.shape.len() {
        match a.data.get(at) {
            Some(v) => write!(f, "{v}")?,
            None => f.write_str("?")?,
        }
        return Ok(at + 1);
    }
    f.write_str("[")?;
    let stride: usize = a.shape[axis + 1..].iter().product();
    let mut next = at;
    for i in 0..a.shape[axis] {
        if i > 0 {
            f.write_str(", ")?;
        }
        next = write_nested(f, a, axis + 1, at + i * stride)?;
    }
    f.write_str("]")?;
    Ok(next.max(at + a.shape[axis] * stride))
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Returned(v) => write!(f, "{v}"),
            Outcome::Rejected(Some(msg)) => write!(f, "Err({msg:?})"),
            Outcome::Rejected(None) => f.write_str("rejected (Err / None)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoStructs;
    impl StructLookup for NoStructs {
        fn fields(&self, _: &str) -> Option<Vec<(String, Type)>> {
            None
        }
    }

    fn decode(ty: &str, toml_text: &str) -> Result<Value, ValueError> {
        let ty = Type::parse(ty, &[], &[]).expect("type");
        let doc: toml::Table = toml::from_str(&format!("v = {toml_text}")).expect("toml");
        let bindings = Bindings::new();
        Schema {
            structs: &NoStructs,
            bindings: &bindings,
        }
        .from_toml(&ty, &doc["v"])
    }

    #[test]
    fn arrays_take_their_shape_from_nesting_or_a_table() {
        let Value::Array(a) = decode("&ArrayD<f64>", "[[1, 2, 3], [4, 5, 6]]").expect("ok") else {
            panic!("not an array")
        };
        assert_eq!(a.shape, vec![2, 3]);
        assert_eq!(a.index_of(4), vec![1, 1]);
        let Value::Array(a) = decode("ArrayD<i64>", "{ shape = [3, 0], data = [] }").expect("ok")
        else {
            panic!("not an array")
        };
        assert_eq!(a.shape, vec![3, 0]);
        let Value::Array(a) = decode("ArrayD<bool>", "true").expect("ok") else {
            panic!("not an array")
        };
        assert_eq!(a.shape, Vec::<usize>::new());
        assert!(decode("Array2<f64>", "[[1.0], [2.0, 3.0]]").is_err());
        assert!(decode("Array2<f64>", "[1.0, 2.0]").is_err());
    }

    #[test]
    fn values_written_as_toml_read_back_the_same() {
        for (ty, text) in [
            ("f64", "0.1"),
            ("f64", "-1e-16"),
            ("f64", "nan"),
            ("f64", "-inf"),
            ("f64", "1e300"),
            ("i64", "-9223372036854775808"),
            ("&[f64]", "[1.0, 0.30000000000000004, inf]"),
            ("Vec<Vec<i64>>", "[[1, 2], [], [3]]"),
            ("&Array2<f64>", "[[1.0, 2.0], [3.0, 4.0]]"),
            ("ArrayD<f64>", "{ shape = [2, 0, 5], data = [] }"),
            ("ArrayD<f64>", "{ shape = [0, 3], data = [] }"),
            ("Array2<bool>", "{ shape = [3, 0], data = [] }"),
            ("ArrayD<i64>", "7"),
            ("Option<String>", "{ some = \"None\" }"),
            ("Option<f64>", "\"None\""),
            ("(f64, Vec<usize>)", "[0.5, [2, 3]]"),
            ("&str", "\"a \\\"quoted\\\" line\\n\""),
        ] {
            let value = decode(ty, text).unwrap_or_else(|e| panic!("{ty} {text}: {e}"));
            let written = value.to_toml();
            let back = decode(ty, &written).unwrap_or_else(|e| panic!("{ty} {written}: {e}"));
            match (&value, &back) {
                (Value::Float(a), Value::Float(b)) if a.is_nan() => {
                    assert!(b.is_nan(), "{written}")
                }
                _ => assert_eq!(back, value, "{ty}: {text} written as {written}"),
            }
        }
    }

    #[test]
    fn an_empty_axis_that_hides_others_is_printed_with_the_shape() {
        let shown = |shape: &str| {
            decode("ArrayD<f64>", &format!("{{ shape = {shape}, data = [] }}"))
                .expect("an empty array")
                .to_string()
        };
        assert_eq!(shown("[0]"), "[]");
        assert_eq!(shown("[3, 0]"), "[[], [], []]");
        assert_eq!(shown("[0, 4]"), "[] (shape [0, 4])");
        assert_eq!(shown("[2, 0, 5]"), "[[], []] (shape [2, 0, 5])");
    }

    #[test]
    fn errors_say_where_inside_the_value() {
        let err = decode("&[f64]", "[1.0, \"x\"]").expect_err("a string is not a float");
        assert_eq!(
            err.to_string(),
            "at [1]: expected a float (f64), found a string"
        );
        assert!(decode("u8", "300").is_err());
        assert!(decode("f32", "1e300").is_err());
        assert!(decode("f32", "inf").is_ok());
    }

    #[test]
    fn an_impossible_shape_is_an_error_not_an_overflow() {
        let huge = "{ shape = [4294967296, 4294967296, 4294967296], data = [] }";
        let err = decode("ArrayD<f64>", huge).expect_err("too large");
        assert!(err.message.contains("too large"), "{err}");
        let empty = "{ shape = [0, 4294967296], data = [] }";
        assert!(decode("ArrayD<f64>", empty).is_ok());
        assert!(decode("ArrayD<f64>", "{ shape = [-1], data = [] }").is_err());
    }
}
