//! Both halves of the protocol together: a value of the problem format, encoded by the judge's
//! half, decoded by the child's half into the Rust type the learner's function takes, encoded back
//! by the child and decoded by the judge, is the value it started as, for every supported type
//! and the values that break naive encodings: NaN, ±inf, -0.0, empty axes, nested structs, tuples,
//! options and results.

use ndarray::{Array, ArrayD, IxDyn};
use pixelbank_spec::value::StructLookup;
use pixelbank_spec::{Bindings, NdArray, Outcome, Schema, Type, Value};
use pixelbank_wire::child::{FromWire, ToWire};
use pixelbank_wire::{Answer, Record, host};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

/// The problem's struct, as the learner's file defines it and the generated program encodes it.
#[derive(Debug, Clone, PartialEq)]
struct Stats {
    mean: f64,
    counts: Vec<usize>,
    shape: Option<(i64, bool)>,
}

impl ToWire for Stats {
    fn to_wire(&self) -> Json {
        let mut fields = serde_json::Map::new();
        fields.insert("mean".to_string(), self.mean.to_wire());
        fields.insert("counts".to_string(), self.counts.to_wire());
        fields.insert("shape".to_string(), self.shape.to_wire());
        Json::Object(fields)
    }
}

struct Structs;
impl StructLookup for Structs {
    fn fields(&self, name: &str) -> Option<Vec<(String, Type)>> {
        (name == "Stats").then(|| {
            vec![
                ("mean".into(), ty("f64")),
                ("counts".into(), ty("Vec<usize>")),
                ("shape".into(), ty("Option<(i64, bool)>")),
            ]
        })
    }
}

fn ty(text: &str) -> Type {
    Type::parse(text, &["Stats"], &[]).expect("a type of the grammar")
}

/// `json` after a trip through a record line, as a returned value really travels.
fn through_a_record(json: &Json) -> Json {
    let line = Record {
        case: 0,
        token: 7,
        answer: Answer::Returned(json.clone()),
    }
    .to_line();
    let Ok(Record {
        answer: Answer::Returned(value),
        ..
    }) = Record::from_line(line.trim_end().as_bytes())
    else {
        panic!("the record does not survive its line: {line}");
    };
    value
}

/// Decodes `json` as the judge reads a function's outcome when it returns `returns`.
fn judge_reads(returns: &str, json: &Json) -> Outcome {
    let bindings = Bindings::new();
    let schema = Schema {
        structs: &Structs,
        bindings: &bindings,
    };
    host::decode_outcome(&schema, &ty(returns), &through_a_record(json))
        .expect("the judge reads it back")
}

/// Decodes `json` as the judge reads a value of type `declared`.
fn judge_decodes(declared: &str, json: &Json) -> Value {
    let bindings = Bindings::new();
    let schema = Schema {
        structs: &Structs,
        bindings: &bindings,
    };
    host::decode(&schema, &ty(declared), &through_a_record(json)).expect("the judge reads it back")
}

/// A value of the problem format travels to the child as `T` and back unchanged.
fn round_trip<T: FromWire + ToWire>(declared: &str, value: Value) -> Result<(), TestCaseError> {
    let sent = host::encode(&value);
    let line = host::request(0, 1, 0, 0, std::slice::from_ref(&value)).to_line();
    let request = pixelbank_wire::Request::from_line(&line).expect("a request line");
    let decoded: T =
        pixelbank_wire::child::input(&request.inputs, 0).expect("the child decodes it");
    let back = Outcome::Returned(judge_decodes(declared, &decoded.to_wire()));
    prop_assert_eq!(&request.inputs[0], &sent);
    prop_assert!(
        same(&Outcome::Returned(value.clone()), &back),
        "{value:?} came back as {back:?}"
    );
    Ok(())
}

/// Equality with NaN equal to NaN and -0.0 told from 0.0: bit for bit.
fn same(a: &Outcome, b: &Outcome) -> bool {
    fn values(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Float(x), Value::Float(y)) => {
                x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
            }
            (Value::List(xs), Value::List(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| values(x, y))
            }
            (Value::Array(x), Value::Array(y)) => {
                x.shape == y.shape
                    && x.data.len() == y.data.len()
                    && x.data.iter().zip(&y.data).all(|(p, q)| values(p, q))
            }
            (Value::Struct(xs), Value::Struct(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .zip(ys)
                        .all(|((n, x), (m, y))| n == m && values(x, y))
            }
            (Value::Option(Some(x)), Value::Option(Some(y))) => values(x, y),
            (a, b) => a == b,
        }
    }
    match (a, b) {
        (Outcome::Returned(x), Outcome::Returned(y)) => values(x, y),
        (a, b) => a == b,
    }
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(f64::MIN_POSITIVE / 2.0),
        Just(f64::MAX),
    ]
}

fn floats(max: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(float(), 0..max)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn array(shape: Vec<usize>, data: Vec<Value>) -> Value {
    Value::Array(NdArray { shape, data })
}

/// A shape with up to three axes, empty ones included, and data to fill it.
fn shaped() -> impl Strategy<Value = (Vec<usize>, Vec<f64>)> {
    prop::collection::vec(0usize..4, 0..4).prop_flat_map(|shape| {
        let n = shape.iter().product::<usize>();
        (Just(shape), prop::collection::vec(float(), n..=n))
    })
}

proptest! {
    #[test]
    fn scalars(x in float(), n in any::<i64>(), m in any::<i32>(), u in 0..=i64::MAX, b in any::<u8>(), t in any::<bool>(), s in ".*") {
        round_trip::<f64>("f64", Value::Float(x))?;
        round_trip::<i64>("i64", Value::Int(n))?;
        round_trip::<i32>("i32", Value::Int(m.into()))?;
        round_trip::<usize>("usize", Value::Int(u))?;
        round_trip::<u8>("u8", Value::Int(b.into()))?;
        round_trip::<bool>("bool", Value::Bool(t))?;
        round_trip::<String>("String", Value::Str(s))?;
    }

    #[test]
    fn f32_values_survive_as_f32(x in any::<f32>()) {
        round_trip::<f32>("f32", Value::Float(f64::from(x)))?;
    }

    #[test]
    fn lists_and_nested_lists(xs in floats(8), rows in prop::collection::vec(prop::collection::vec(any::<i64>(), 0..4), 0..4)) {
        round_trip::<Vec<f64>>("Vec<f64>", list(xs.into_iter().map(Value::Float).collect()))?;
        let nested = list(rows.into_iter().map(|r| list(r.into_iter().map(Value::Int).collect())).collect());
        round_trip::<Vec<Vec<i64>>>("Vec<Vec<i64>>", nested)?;
    }

    #[test]
    fn arrays_of_any_shape_empty_axes_included((shape, data) in shaped()) {
        let value = array(shape.clone(), data.iter().copied().map(Value::Float).collect());
        round_trip::<ArrayD<f64>>("ArrayD<f64>", value.clone())?;
        match shape.len() {
            1 => round_trip::<ndarray::Array1<f64>>("Array1<f64>", value)?,
            2 => round_trip::<ndarray::Array2<f64>>("Array2<f64>", value)?,
            3 => round_trip::<ndarray::Array3<f64>>("Array3<f64>", value)?,
            _ => round_trip::<Array<f64, ndarray::Ix0>>("ArrayD<f64>", value)?,
        }
    }

    #[test]
    fn options_and_tuples(x in prop::option::of(float()), pair in (any::<i64>(), any::<bool>()), triple in (float(), 0..=i64::MAX, ".{0,4}")) {
        round_trip::<Option<f64>>("Option<f64>", Value::Option(x.map(|x| Box::new(Value::Float(x)))))?;
        round_trip::<(i64, bool)>("(i64, bool)", list(vec![Value::Int(pair.0), Value::Bool(pair.1)]))?;
        round_trip::<(f64, usize, String)>(
            "(f64, usize, String)",
            list(vec![Value::Float(triple.0), Value::Int(triple.1), Value::Str(triple.2)]),
        )?;
    }

    #[test]
    fn results_come_back_as_values_or_rejections(x in float(), message in ".{0,8}", ok in any::<bool>()) {
        let returned: Result<f64, String> = if ok { Ok(x) } else { Err(message.clone()) };
        let back = judge_reads("Result<f64, String>", &returned.to_wire());
        let expected = if ok { Outcome::Returned(Value::Float(x)) } else { Outcome::Rejected(Some(message)) };
        prop_assert!(same(&expected, &back), "{back:?}");
        let none: Option<Vec<f64>> = None;
        prop_assert_eq!(judge_reads("Option<Vec<f64>>", &none.to_wire()), Outcome::Rejected(None));
    }

    #[test]
    fn structs_field_by_field(mean in float(), counts in prop::collection::vec(0usize..1000, 0..4), shape in prop::option::of((any::<i64>(), any::<bool>()))) {
        let stats = Stats { mean, counts: counts.clone(), shape };
        let back = judge_reads("Stats", &stats.to_wire());
        let expected = Value::Struct(vec![
            ("mean".into(), Value::Float(mean)),
            ("counts".into(), list(counts.into_iter().map(|c| Value::Int(c as i64)).collect())),
            ("shape".into(), Value::Option(shape.map(|(a, b)| Box::new(list(vec![Value::Int(a), Value::Bool(b)]))))),
        ]);
        prop_assert!(same(&Outcome::Returned(expected), &back), "{back:?}");
        let nested: Result<Vec<Stats>, String> = Ok(vec![stats.clone(), stats]);
        prop_assert!(matches!(judge_reads("Result<Vec<Stats>, String>", &nested.to_wire()), Outcome::Returned(Value::List(v)) if v.len() == 2));
    }
}

#[test]
fn what_the_child_cannot_send_is_refused_by_the_judge() {
    let bindings = Bindings::new();
    let schema = Schema {
        structs: &Structs,
        bindings: &bindings,
    };
    for (declared, sent) in [
        ("f64", json!("1.0")),
        ("Vec<f64>", json!({"shape": [1], "data": [1.0]})),
        ("Array2<f64>", json!({"shape": [2, 2], "data": [1.0]})),
        (
            "Stats",
            json!({"mean": 1.0, "counts": [], "shape": null, "extra": 1}),
        ),
        ("Result<f64, String>", json!({"ok": 1.0, "err": "both"})),
        ("(i64, bool)", json!([1])),
    ] {
        assert!(
            host::decode_outcome(&schema, &ty(declared), &sent).is_err(),
            "{declared}: {sent}"
        );
    }
    let empty_axis: ArrayD<f64> = ArrayD::zeros(IxDyn(&[0, 3]));
    let back = judge_reads("ArrayD<f64>", &empty_axis.to_wire());
    assert_eq!(back, Outcome::Returned(array(vec![0, 3], vec![])));
}
