//! The judge's half of the protocol: the problem format's values ([`Value`]) to the wire form for
//! a request, and what a record says back decoded under the declared return type. Everything a
//! record holds came from the judged program, so decoding is driven by the type, never by the
//! data: a shape is checked against the data it claims before anything is built from it.

use pixelbank_spec::value::{ValueError, describe};
use pixelbank_spec::{NdArray, Outcome, Scalar, Schema, Type, Value};
use serde_json::{Value as Json, json};

use crate::{Request, float_from_json, float_to_json};

/// Encodes a value for the judged program.
pub fn encode(value: &Value) -> Json {
    match value {
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::Float(x) => float_to_json(*x),
        Value::Str(s) => json!(s),
        Value::List(items) => items.iter().map(encode).collect(),
        Value::Array(a) => json!({
            "shape": a.shape,
            "data": a.data.iter().map(encode).collect::<Vec<_>>(),
        }),
        Value::Struct(fields) => fields
            .iter()
            .map(|(k, v)| (k.clone(), encode(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Value::Option(None) => Json::Null,
        Value::Option(Some(v)) => encode(v),
    }
}

/// The request for one case; `token` is the judge's secret for it.
pub fn request(
    case: usize,
    token: u64,
    problem: usize,
    instantiation: usize,
    inputs: &[Value],
) -> Request {
    Request {
        case,
        token,
        problem,
        instantiation,
        inputs: inputs.iter().map(encode).collect(),
        timed: false,
    }
}

/// Decodes what the program sent back for a value of type `ty`.
pub fn decode(schema: &Schema<'_>, ty: &Type, v: &Json) -> Result<Value, ValueError> {
    let ty = schema.resolve(ty)?;
    let mismatch = || ValueError::new(format!("expected {}, found {}", describe(&ty), kind(v)));
    match ty.as_ref() {
        Type::Ref(inner) => decode(schema, inner, v),
        Type::Scalar(s) if s.is_float() => {
            float_from_json(v).map(Value::Float).ok_or_else(mismatch)
        }
        Type::Scalar(s) if s.is_integer() => v
            .as_i64()
            .filter(|&n| {
                s.integer_range()
                    .is_some_and(|(lo, hi)| (lo..=hi).contains(&i128::from(n)))
            })
            .map(Value::Int)
            .ok_or_else(mismatch),
        Type::Scalar(Scalar::Bool) => v.as_bool().map(Value::Bool).ok_or_else(mismatch),
        Type::Scalar(_) | Type::Str => v
            .as_str()
            .map(|s| Value::Str(s.to_string()))
            .ok_or_else(mismatch),
        Type::Slice(elem) | Type::Vec(elem) => v
            .as_array()
            .ok_or_else(mismatch)?
            .iter()
            .enumerate()
            .map(|(i, item)| decode(schema, elem, item).map_err(|e| e.within(format!("[{i}]"))))
            .collect::<Result<_, _>>()
            .map(Value::List),
        Type::Tuple(types) => {
            let items = v.as_array().filter(|i| i.len() == types.len());
            let items = items.ok_or_else(mismatch)?;
            types
                .iter()
                .zip(items)
                .enumerate()
                .map(|(i, (t, item))| {
                    decode(schema, t, item).map_err(|e| e.within(format!(".{i}")))
                })
                .collect::<Result<_, _>>()
                .map(Value::List)
        }
        Type::Array { elem, ndim } => {
            let (Some(shape), Some(data), 2) = (
                v.get("shape").and_then(Json::as_array),
                v.get("data").and_then(Json::as_array),
                v.as_object().map_or(0, serde_json::Map::len),
            ) else {
                return Err(mismatch());
            };
            let shape: Vec<usize> = shape
                .iter()
                .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
                .collect::<Option<_>>()
                .ok_or_else(mismatch)?;
            if ndim.is_some_and(|n| n != shape.len()) {
                return Err(ValueError::new(format!(
                    "expected {}, found an array of shape {shape:?}",
                    describe(&ty)
                )));
            }
            // The claimed shape must describe exactly the data sent: checked, never trusted.
            let count = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
            if count != Some(data.len()) {
                return Err(ValueError::new(format!(
                    "an array of shape {shape:?} cannot hold the {} elements sent",
                    data.len()
                )));
            }
            let data = data
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    decode(schema, elem, item).map_err(|e| e.within(format!("(element {i})")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(NdArray { shape, data }))
        }
        Type::Option(inner) => match v {
            Json::Null => Ok(Value::Option(None)),
            v => Ok(Value::Option(Some(Box::new(decode(schema, inner, v)?)))),
        },
        Type::Struct(name) => {
            let fields = schema
                .structs
                .fields(name)
                .ok_or_else(|| ValueError::new(format!("struct `{name}` is not declared")))?;
            let object = v
                .as_object()
                .filter(|o| o.len() == fields.len())
                .ok_or_else(mismatch)?;
            fields
                .iter()
                .map(|(field, fty)| {
                    let raw = object.get(field).ok_or_else(mismatch)?;
                    let value =
                        decode(schema, fty, raw).map_err(|e| e.within(format!(".{field}")))?;
                    Ok((field.clone(), value))
                })
                .collect::<Result<_, _>>()
                .map(Value::Struct)
        }
        Type::Result(inner) => decode(schema, inner, v),
        Type::Generic(_) => Err(mismatch()),
    }
}

/// Decodes the outcome a program reports for a function returning `returns`: `{"ok": value}` or
/// `{"err": message}` for `Result`, a value or `null` for `Option`, a value otherwise.
pub fn decode_outcome(
    schema: &Schema<'_>,
    returns: &Type,
    v: &Json,
) -> Result<Outcome, ValueError> {
    match returns {
        Type::Result(inner) => {
            let object = v.as_object().filter(|o| o.len() == 1);
            match object.and_then(|o| o.iter().next()) {
                Some((k, ok)) if k == "ok" => Ok(Outcome::Returned(decode(schema, inner, ok)?)),
                Some((k, Json::String(message))) if k == "err" => {
                    Ok(Outcome::Rejected(Some(message.clone())))
                }
                _ => Err(ValueError::new(format!(
                    "expected `Ok(..)` or `Err(..)`, found {}",
                    kind(v)
                ))),
            }
        }
        Type::Option(inner) => match v {
            Json::Null => Ok(Outcome::Rejected(None)),
            v => Ok(Outcome::Returned(decode(schema, inner, v)?)),
        },
        other => Ok(Outcome::Returned(decode(schema, other, v)?)),
    }
}

/// What a wire value is, for an error message: never the value itself, which may be huge.
fn kind(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("the boolean {b}"),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) if s.chars().count() <= 16 => format!("the string {s:?}"),
        Json::String(_) => "a long string".into(),
        Json::Array(items) => format!("a list of {} items", items.len()),
        Json::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use pixelbank_spec::Bindings;
    use pixelbank_spec::value::StructLookup;

    use super::*;

    struct NoStructs;
    impl StructLookup for NoStructs {
        fn fields(&self, _: &str) -> Option<Vec<(String, Type)>> {
            None
        }
    }

    fn decoded(ty: &str, v: Json) -> Result<Value, ValueError> {
        let ty = Type::parse(ty, &[], &[]).expect("a type");
        let bindings = Bindings::new();
        let schema = Schema {
            structs: &NoStructs,
            bindings: &bindings,
        };
        decode(&schema, &ty, &v)
    }

    #[test]
    fn a_shape_that_does_not_describe_its_data_is_refused_without_building_it() {
        let huge = json!({"shape": [u64::MAX, u64::MAX, 2], "data": []});
        assert!(decoded("ArrayD<f64>", huge).is_err());
        let lying = json!({"shape": [1000000, 1000000], "data": [1.0]});
        assert!(decoded("ArrayD<f64>", lying).is_err());
        let wrong_ndim = json!({"shape": [1], "data": [1.0]});
        assert!(decoded("Array2<f64>", wrong_ndim).is_err());
        let empty = json!({"shape": [0, 4], "data": []});
        assert!(decoded("Array2<f64>", empty).is_ok());
    }

    #[test]
    fn integers_out_of_the_declared_range_are_refused() {
        assert!(decoded("u8", json!(255)).is_ok());
        assert!(decoded("u8", json!(256)).is_err());
        assert!(decoded("usize", json!(-1)).is_err());
        assert!(decoded("i64", json!(u64::MAX)).is_err());
    }
}
