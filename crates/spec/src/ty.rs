//! The Rust types a problem may declare for its parameters and its return value: a small grammar
//! parsed from the text an author writes (`&[f64]`, `Result<Array2<f64>, String>`) and printed back
//! as Rust source for stubs, signatures and harnesses.

use std::fmt;

/// A scalar Rust type: what a value at the leaves of a case is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// `f64`
    F64,
    /// `f32`
    F32,
    /// `i64`
    I64,
    /// `i32`
    I32,
    /// `usize`
    Usize,
    /// `u8`
    U8,
    /// `bool`
    Bool,
    /// `String` (or `&str` behind a reference)
    String,
}

impl Scalar {
    /// All scalars, in the order they are documented.
    pub const ALL: [Scalar; 8] = [
        Scalar::F64,
        Scalar::F32,
        Scalar::I64,
        Scalar::I32,
        Scalar::Usize,
        Scalar::U8,
        Scalar::Bool,
        Scalar::String,
    ];

    /// The Rust spelling of this scalar.
    pub fn rust_name(self) -> &'static str {
        match self {
            Scalar::F64 => "f64",
            Scalar::F32 => "f32",
            Scalar::I64 => "i64",
            Scalar::I32 => "i32",
            Scalar::Usize => "usize",
            Scalar::U8 => "u8",
            Scalar::Bool => "bool",
            Scalar::String => "String",
        }
    }

    /// Parses a scalar from its Rust spelling.
    pub fn from_rust_name(name: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|s| s.rust_name() == name)
    }

    /// Whether values of this scalar are compared with a float tolerance.
    pub fn is_float(self) -> bool {
        matches!(self, Scalar::F64 | Scalar::F32)
    }

    /// Whether this scalar is an integer type.
    pub fn is_integer(self) -> bool {
        matches!(self, Scalar::I64 | Scalar::I32 | Scalar::Usize | Scalar::U8)
    }

    /// The inclusive range an integer scalar can hold, as i128 so every bound fits.
    pub fn integer_range(self) -> Option<(i128, i128)> {
        match self {
            Scalar::I64 => Some((i64::MIN.into(), i64::MAX.into())),
            Scalar::I32 => Some((i32::MIN.into(), i32::MAX.into())),
            // Values travel as i64, so usize is bounded by i64::MAX on every platform.
            Scalar::Usize => Some((0, i64::MAX.into())),
            Scalar::U8 => Some((0, u8::MAX.into())),
            _ => None,
        }
    }
}

/// A Rust type in a problem's signature.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A scalar such as `f64` or `String`.
    Scalar(Scalar),
    /// `str`; only meaningful behind a reference (`&str`).
    Str,
    /// A shared reference `&T`, for borrowed inputs.
    Ref(Box<Type>),
    /// An unsized slice `[T]`; only meaningful behind a reference (`&[T]`).
    Slice(Box<Type>),
    /// `Vec<T>`.
    Vec(Box<Type>),
    /// An ndarray array: `ArrayD<T>` (`ndim: None`) or `Array1<T>` ... `Array6<T>`.
    Array {
        /// The element type: a scalar or a generic parameter.
        elem: Box<Type>,
        /// The fixed number of axes, or `None` for a dynamic-dimensional `ArrayD`.
        ndim: Option<usize>,
    },
    /// `Option<T>`.
    Option(Box<Type>),
    /// `Result<T, String>`; only allowed as a return type.
    Result(Box<Type>),
    /// A tuple `(A, B, ...)` of two or more types.
    Tuple(Vec<Type>),
    /// A struct the problem declares in its signature.
    Struct(String),
    /// A generic type parameter the problem declares (`T`).
    Generic(String),
}

/// Why a type string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot parse type `{text}`: {reason}")]
pub struct TypeParseError {
    /// The text that was parsed.
    pub text: String,
    /// What was wrong with it.
    pub reason: String,
}

impl Type {
    /// Parses a type as written in a problem file. `structs` and `generics` are the names the
    /// problem declares, so that `ArrayProperties` and `T` resolve to what they are.
    pub fn parse(text: &str, structs: &[&str], generics: &[&str]) -> Result<Type, TypeParseError> {
        let tokens = tokenize(text).map_err(|reason| TypeParseError {
            text: text.to_string(),
            reason,
        })?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            depth: 0,
            structs,
            generics,
        };
        let ty = parser.ty().and_then(|ty| match parser.peek() {
            None => Ok(ty),
            Some(tok) => Err(format!("unexpected `{tok}` after the type")),
        });
        ty.map_err(|reason| TypeParseError {
            text: text.to_string(),
            reason,
        })
    }

    /// The type with any outer reference removed: the shape of the value that travels.
    pub fn unref(&self) -> &Type {
        match self {
            Type::Ref(inner) => inner.unref(),
            other => other,
        }
    }

    /// This type with each generic parameter replaced by the scalar bound to it.
    pub fn bind(&self, bindings: &std::collections::BTreeMap<String, Scalar>) -> Type {
        let bind = |t: &Type| Box::new(t.bind(bindings));
        match self {
            Type::Generic(name) => bindings
                .get(name)
                .map_or_else(|| self.clone(), |s| Type::Scalar(*s)),
            Type::Ref(t) => Type::Ref(bind(t)),
            Type::Slice(t) => Type::Slice(bind(t)),
            Type::Vec(t) => Type::Vec(bind(t)),
            Type::Option(t) => Type::Option(bind(t)),
            Type::Result(t) => Type::Result(bind(t)),
            Type::Array { elem, ndim } => Type::Array {
                elem: bind(elem),
                ndim: *ndim,
            },
            Type::Tuple(items) => Type::Tuple(items.iter().map(|t| t.bind(bindings)).collect()),
            Type::Scalar(_) | Type::Str | Type::Struct(_) => self.clone(),
        }
    }

    /// Calls `visit` on this type and every type nested in it.
    pub fn walk(&self, visit: &mut dyn FnMut(&Type)) {
        visit(self);
        match self {
            Type::Ref(t) | Type::Slice(t) | Type::Vec(t) | Type::Option(t) | Type::Result(t) => {
                t.walk(visit)
            }
            Type::Array { elem, .. } => elem.walk(visit),
            Type::Tuple(items) => items.iter().for_each(|t| t.walk(visit)),
            Type::Scalar(_) | Type::Str | Type::Struct(_) | Type::Generic(_) => {}
        }
    }

    /// Whether this type, or any type nested in it, satisfies `pred`.
    pub fn mentions(&self, pred: impl Fn(&Type) -> bool) -> bool {
        let mut found = false;
        self.walk(&mut |t| found |= pred(t));
        found
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(s) => f.write_str(s.rust_name()),
            Type::Str => f.write_str("str"),
            Type::Ref(t) => write!(f, "&{t}"),
            Type::Slice(t) => write!(f, "[{t}]"),
            Type::Vec(t) => write!(f, "Vec<{t}>"),
            Type::Array { elem, ndim: None } => write!(f, "ArrayD<{elem}>"),
            Type::Array {
                elem,
                ndim: Some(n),
            } => write!(f, "Array{n}<{elem}>"),
            Type::Option(t) => write!(f, "Option<{t}>"),
            Type::Result(t) => write!(f, "Result<{t}, String>"),
            Type::Tuple(items) => {
                f.write_str("(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str(")")
            }
            Type::Struct(name) | Type::Generic(name) => f.write_str(name),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' {
                    word.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(word);
        } else if "&[]<>(),".contains(c) {
            tokens.push(c.to_string());
            chars.next();
        } else {
            return Err(format!("unexpected character `{c}`"));
        }
    }
    Ok(tokens)
}

/// How deeply types may nest (`Vec<Vec<f64>>` is 2). Far beyond any real signature, and low
/// enough that the recursive parser and everything that walks a type stay off the end of the stack.
pub const MAX_TYPE_DEPTH: usize = 16;

struct Parser<'a> {
    tokens: Vec<String>,
    pos: usize,
    /// How many types enclose the one being parsed.
    depth: usize,
    structs: &'a [&'a str],
    generics: &'a [&'a str],
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn next(&mut self) -> Result<String, String> {
        let tok = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| "the type ends too early".to_string())?;
        self.pos += 1;
        Ok(tok)
    }

    fn expect(&mut self, want: &str) -> Result<(), String> {
        match self.next()? {
            tok if tok == want => Ok(()),
            tok => Err(format!("expected `{want}`, found `{tok}`")),
        }
    }

    fn angle(&mut self) -> Result<Type, String> {
        self.expect("<")?;
        let inner = self.ty()?;
        self.expect(">")?;
        Ok(inner)
    }

    fn ty(&mut self) -> Result<Type, String> {
        if self.depth >= MAX_TYPE_DEPTH {
            return Err(format!("types nest more than {MAX_TYPE_DEPTH} levels deep"));
        }
        self.depth += 1;
        let ty = self.ty_at_this_depth();
        self.depth -= 1;
        ty
    }

    fn ty_at_this_depth(&mut self) -> Result<Type, String> {
        let tok = self.next()?;
        match tok.as_str() {
            "&" => Ok(Type::Ref(Box::new(self.ty()?))),
            "[" => {
                let inner = self.ty()?;
                self.expect("]")?;
                Ok(Type::Slice(Box::new(inner)))
            }
            "(" => {
                let mut items = vec![self.ty()?];
                while self.peek() == Some(",") {
                    self.next()?;
                    items.push(self.ty()?);
                }
                self.expect(")")?;
                if items.len() < 2 {
                    return Err("a tuple needs at least two types".into());
                }
                Ok(Type::Tuple(items))
            }
            "str" => Ok(Type::Str),
            "Vec" => Ok(Type::Vec(Box::new(self.angle()?))),
            "Option" => Ok(Type::Option(Box::new(self.angle()?))),
            "ArrayD" => Ok(Type::Array {
                elem: Box::new(self.angle()?),
                ndim: None,
            }),
            "Result" => {
                self.expect("<")?;
                let ok = self.ty()?;
                self.expect(",")?;
                self.expect("String")?;
                self.expect(">")?;
                Ok(Type::Result(Box::new(ok)))
            }
            name => {
                if let Some(n) = name.strip_prefix("Array")
                    && let Ok(n @ 1..=6) = n.parse::<usize>()
                {
                    return Ok(Type::Array {
                        elem: Box::new(self.angle()?),
                        ndim: Some(n),
                    });
                }
                if let Some(s) = Scalar::from_rust_name(name) {
                    Ok(Type::Scalar(s))
                } else if self.structs.contains(&name) {
                    Ok(Type::Struct(name.to_string()))
                } else if self.generics.contains(&name) {
                    Ok(Type::Generic(name.to_string()))
                } else {
                    Err(format!(
                        "unknown type `{name}` (known: f64, f32, i64, i32, usize, u8, bool, \
                         String, &str, &[T], Vec<T>, ArrayD<T>, Array1<T>..Array6<T>, Option<T>, \
                         Result<T, String>, tuples, and the problem's own structs and generics)"
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Type {
        Type::parse(text, &["Stats"], &["T"]).expect("type parses")
    }

    #[test]
    fn round_trips_through_display() {
        for text in [
            "&[f64]",
            "Vec<Vec<i64>>",
            "&ArrayD<T>",
            "Result<Array2<f64>, String>",
            "Option<(f64, usize)>",
            "&str",
            "Stats",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_unknown_names_and_trailing_tokens() {
        assert!(Type::parse("HashMap<f64>", &[], &[]).is_err());
        assert!(Type::parse("f64 f64", &[], &[]).is_err());
        assert!(Type::parse("Result<f64, i64>", &[], &[]).is_err());
        assert!(Type::parse("Array7<f64>", &[], &[]).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}f64{}", "Vec<".repeat(100_000), ">".repeat(100_000));
        let err = Type::parse(&deep, &[], &[]).expect_err("too deep");
        assert!(err.reason.contains("nest more than"), "{err}");
        let fine = format!(
            "{}f64{}",
            "Vec<".repeat(MAX_TYPE_DEPTH - 1),
            ">".repeat(MAX_TYPE_DEPTH - 1)
        );
        assert!(Type::parse(&fine, &[], &[]).is_ok());
    }
}
