//! The runtime every generated harness is built with (embedded in the judge and written into the
//! harness package as `src/runtime.rs`). It decodes a case's inputs from the wire form, calls the
//! learner's function under `catch_unwind` with a panic hook that records the message and location,
//! and writes the outcome to the result file the judge named: never to stdout, which belongs to the
//! learner.
//!
//! Wire form: JSON, non-finite floats as the strings "NaN", "inf", "-inf"; an ndarray array as
//! `{"shape": [..], "data": [..]}` in row-major order; `Result` as `{"ok": v}` / `{"err": msg}`;
//! `Option` as `null` or the value.

#![allow(dead_code)]

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::time::Instant;

use ndarray::{Array, ArrayD, Dimension, IxDyn};
use serde_json::{json, Value as Json};

/// Decodes a value from the wire form.
pub trait FromWire: Sized {
    /// Decodes `v`, or says why it cannot.
    fn from_wire(v: &Json) -> Result<Self, String>;
}

/// Encodes a value to the wire form.
pub trait ToWire {
    /// Encodes `self`.
    fn to_wire(&self) -> Json;
}

fn float_from_wire(v: &Json) -> Result<f64, String> {
    match v {
        Json::Number(n) => n.as_f64().ok_or_else(|| format!("not a float: {v}")),
        Json::String(s) if s == "NaN" => Ok(f64::NAN),
        Json::String(s) if s == "inf" => Ok(f64::INFINITY),
        Json::String(s) if s == "-inf" => Ok(f64::NEG_INFINITY),
        _ => Err(format!("not a float: {v}")),
    }
}

fn float_to_wire(x: f64) -> Json {
    if x.is_nan() {
        json!("NaN")
    } else if x.is_infinite() {
        json!(if x > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(x)
    }
}

impl FromWire for f64 {
    fn from_wire(v: &Json) -> Result<Self, String> {
        float_from_wire(v)
    }
}
impl ToWire for f64 {
    fn to_wire(&self) -> Json {
        float_to_wire(*self)
    }
}
impl FromWire for f32 {
    fn from_wire(v: &Json) -> Result<Self, String> {
        float_from_wire(v).map(|x| x as f32)
    }
}
impl ToWire for f32 {
    fn to_wire(&self) -> Json {
        float_to_wire(f64::from(*self))
    }
}

macro_rules! integer_wire {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire(v: &Json) -> Result<Self, String> {
                v.as_i64()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| format!("not a {}: {v}", stringify!($t)))
            }
        }
        impl ToWire for $t {
            fn to_wire(&self) -> Json {
                match i64::try_from(*self) {
                    Ok(n) => json!(n),
                    // Larger than any i64: the judge reports it as a mismatch, not a crash.
                    Err(_) => json!(self.to_string()),
                }
            }
        }
    )*};
}
integer_wire!(i64, i32, usize, u8);

impl FromWire for bool {
    fn from_wire(v: &Json) -> Result<Self, String> {
        v.as_bool().ok_or_else(|| format!("not a bool: {v}"))
    }
}
impl ToWire for bool {
    fn to_wire(&self) -> Json {
        json!(self)
    }
}
impl FromWire for String {
    fn from_wire(v: &Json) -> Result<Self, String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("not a string: {v}"))
    }
}
impl ToWire for String {
    fn to_wire(&self) -> Json {
        json!(self)
    }
}
impl ToWire for &str {
    fn to_wire(&self) -> Json {
        json!(self)
    }
}

impl<T: FromWire> FromWire for Vec<T> {
    fn from_wire(v: &Json) -> Result<Self, String> {
        v.as_array()
            .ok_or_else(|| format!("not a list: {v}"))?
            .iter()
            .map(T::from_wire)
            .collect()
    }
}
impl<T: ToWire> ToWire for Vec<T> {
    fn to_wire(&self) -> Json {
        self.iter().map(ToWire::to_wire).collect()
    }
}

impl<T: FromWire> FromWire for Option<T> {
    fn from_wire(v: &Json) -> Result<Self, String> {
        match v {
            Json::Null => Ok(None),
            v => T::from_wire(v).map(Some),
        }
    }
}
impl<T: ToWire> ToWire for Option<T> {
    fn to_wire(&self) -> Json {
        match self {
            None => Json::Null,
            Some(v) => v.to_wire(),
        }
    }
}

impl<T: ToWire, E: std::fmt::Display> ToWire for Result<T, E> {
    fn to_wire(&self) -> Json {
        match self {
            Ok(v) => json!({ "ok": v.to_wire() }),
            Err(e) => json!({ "err": e.to_string() }),
        }
    }
}

impl<A: FromWire, B: FromWire> FromWire for (A, B) {
    fn from_wire(v: &Json) -> Result<Self, String> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((A::from_wire(a)?, B::from_wire(b)?)),
            _ => Err(format!("not a pair: {v}")),
        }
    }
}
impl<A: ToWire, B: ToWire> ToWire for (A, B) {
    fn to_wire(&self) -> Json {
        json!([self.0.to_wire(), self.1.to_wire()])
    }
}
impl<A: FromWire, B: FromWire, C: FromWire> FromWire for (A, B, C) {
    fn from_wire(v: &Json) -> Result<Self, String> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b, c]) => Ok((A::from_wire(a)?, B::from_wire(b)?, C::from_wire(c)?)),
            _ => Err(format!("not a triple: {v}")),
        }
    }
}
impl<A: ToWire, B: ToWire, C: ToWire> ToWire for (A, B, C) {
    fn to_wire(&self) -> Json {
        json!([self.0.to_wire(), self.1.to_wire(), self.2.to_wire()])
    }
}

impl<T: FromWire, D: Dimension> FromWire for Array<T, D> {
    fn from_wire(v: &Json) -> Result<Self, String> {
        let shape: Vec<usize> = Vec::from_wire(v.get("shape").unwrap_or(&Json::Null))?;
        let data: Vec<T> = Vec::from_wire(v.get("data").unwrap_or(&Json::Null))?;
        ArrayD::from_shape_vec(IxDyn(&shape), data)
            .map_err(|e| e.to_string())?
            .into_dimensionality::<D>()
            .map_err(|e| e.to_string())
    }
}
impl<T: ToWire, D: Dimension> ToWire for Array<T, D> {
    fn to_wire(&self) -> Json {
        json!({
            "shape": self.shape(),
            "data": self.iter().map(ToWire::to_wire).collect::<Vec<_>>(),
        })
    }
}

/// Decodes input `index` of a case.
pub fn input<T: FromWire>(inputs: &[Json], index: usize) -> Result<T, String> {
    let raw = inputs
        .get(index)
        .ok_or_else(|| format!("input {index} is missing"))?;
    T::from_wire(raw).map_err(|e| format!("input {index}: {e}"))
}

/// A decoded case, ready to call the learner's function.
pub type Prepared = Box<dyn FnOnce() -> Json>;

static PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

fn write_result(path: &str, result: &Json) {
    // If this fails there is no channel left to report on; the judge sees a missing result.
    let _ = std::fs::write(path, result.to_string());
}

/// Runs one case: `argv[1]` is the input file (`{"instantiation": k, "inputs": [...]}`),
/// `argv[2]` the result file. `prepare` decodes the inputs for instantiation `k`.
pub fn main(prepare: fn(usize, &[Json]) -> Result<Prepared, String>) {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input_path), Some(result_path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: harness INPUT RESULT (run by pixelbank, not by hand)");
        std::process::exit(2);
    };
    let result_path = result_path.clone();
    let prepared = std::fs::read_to_string(input_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Json>(&text).map_err(|e| e.to_string()))
        .and_then(|case| {
            let k = case["instantiation"].as_u64().unwrap_or(0) as usize;
            let inputs = case["inputs"].as_array().cloned().unwrap_or_default();
            prepare(k, &inputs)
        });
    let call = match prepared {
        Ok(call) => call,
        Err(e) => {
            write_result(&result_path, &json!({ "status": "harness-error", "message": e }));
            return;
        }
    };
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload_as_str()
            .unwrap_or("panicked with a non-string payload")
            .to_string();
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some((message, location));
        }
    }));
    let start = Instant::now();
    let outcome = panic::catch_unwind(AssertUnwindSafe(call));
    let nanos = start.elapsed().as_nanos() as u64;
    let result = match outcome {
        Ok(value) => json!({ "status": "returned", "value": value, "nanos": nanos }),
        Err(_) => {
            let (message, location) = PANIC
                .lock()
                .ok()
                .and_then(|mut slot| slot.take())
                .unwrap_or_else(|| ("panicked".to_string(), String::new()));
            json!({ "status": "panicked", "message": message, "location": location, "nanos": nanos })
        }
    };
    write_result(&result_path, &result);
}
