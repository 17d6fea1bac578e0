//! The child's half of the protocol, linked into every judged program: decoding a case's inputs
//! into the Rust types the learner's function takes, encoding what it returns, and the loop that
//! reads requests and answers each with a record. The learner's function runs under
//! `catch_unwind`, with a panic hook that keeps the message and location instead of printing them.
//! A timed request is answered with the duration of the call alone, measured here by a [`Clock`]
//! the generated code wraps around the call.
//!
//! The judge opens [`REQUEST_FD`] and [`RECORD_FD`] for the program; nothing else is read or
//! written here, and stdout and stderr are left to the learner's code.
#![allow(unsafe_code)]

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::FromRawFd;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

use ndarray::{Array, ArrayD, Dimension, IxDyn};
use serde_json::{Value as Json, json};

use crate::{
    Answer, MAX_MESSAGE_BYTES, RECORD_FD, REQUEST_FD, Record, Request, float_from_json,
    float_to_json,
};

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

impl FromWire for f64 {
    fn from_wire(v: &Json) -> Result<Self, String> {
        float_from_json(v).ok_or_else(|| format!("not a float: {v}"))
    }
}
impl ToWire for f64 {
    fn to_wire(&self) -> Json {
        float_to_json(*self)
    }
}
impl FromWire for f32 {
    fn from_wire(v: &Json) -> Result<Self, String> {
        f64::from_wire(v).map(|x| x as f32)
    }
}
impl ToWire for f32 {
    fn to_wire(&self) -> Json {
        float_to_json(f64::from(*self))
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
                // Beyond i64 the judge reads a number it cannot take: a wrong answer, not a crash.
                match i64::try_from(*self) {
                    Ok(n) => json!(n),
                    Err(_) => json!(u64::try_from(*self).unwrap_or(u64::MAX)),
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

/// The instances of the wire functions that judged programs use most: the signatures of the
/// official bank and their neighbours. The runtime is built at an optimisation level at which
/// rustc shares generic instances (see the judge's `runtime`), so that these, compiled here once,
/// are what a judged program links instead of compiling its own on every edit; this function
/// only names them (a function pointer makes rustc compile an instance) and is never called.
#[doc(hidden)]
pub fn prebuilt() -> Vec<*const ()> {
    use ndarray::{Array1, Array2, Array3, Array4};
    macro_rules! instances {
        ($($t:ty),* $(,)?) => {
            vec![$(
                input::<$t> as fn(&[Json], usize) -> Result<$t, String> as *const (),
                <$t as ToWire>::to_wire as fn(&$t) -> Json as *const (),
                <Result<$t, String> as ToWire>::to_wire as fn(&Result<$t, String>) -> Json
                    as *const (),
                std::ptr::drop_in_place::<Result<$t, String>> as unsafe fn(*mut Result<$t, String>)
                    as *const (),
            )*]
        };
    }
    instances!(
        f64,
        f32,
        i64,
        i32,
        usize,
        u8,
        bool,
        String,
        Vec<f64>,
        Vec<f32>,
        Vec<i64>,
        Vec<i32>,
        Vec<usize>,
        Vec<u8>,
        Vec<bool>,
        Vec<String>,
        Vec<Vec<f64>>,
        Vec<Vec<usize>>,
        Vec<Option<i64>>,
        Option<i64>,
        Option<f64>,
        Option<usize>,
        (f64, f64),
        (usize, usize),
        Vec<(usize, f64)>,
        Array1<f64>,
        Array2<f64>,
        Array3<f64>,
        Array4<f64>,
        ArrayD<f64>,
        Array1<f32>,
        Array2<f32>,
        ArrayD<f32>,
        Array1<i64>,
        Array2<i64>,
        ArrayD<i64>,
        Array1<usize>,
        Array2<usize>,
        Array1<bool>,
        Array2<bool>,
        Array2<u8>,
        ArrayD<u8>,
    )
}

/// A decoded case, ready to call the learner's function: the generated code calls it through the
/// [`Clock`], then encodes what it returned.
pub type Prepared = Box<dyn FnOnce(&mut Clock) -> Json>;

/// Measures the learner's call, and nothing around it (decoding, encoding, dropping).
#[derive(Debug, Default)]
pub struct Clock {
    elapsed: Option<std::time::Duration>,
}

impl Clock {
    /// Calls `f`, keeping how long it took.
    pub fn time<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let start = std::time::Instant::now();
        let out = f();
        self.elapsed = Some(start.elapsed());
        out
    }
}

/// Decodes a case for `(problem, instantiation)`; generated for each program.
pub type Prepare = fn(usize, usize, &[Json]) -> Result<Prepared, String>;

static PANIC: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Cuts `text` to at most `max` bytes, at a character boundary.
fn cut(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Answers requests until the judge closes the request pipe. Run by hand, without the judge's
/// descriptors, it reads nothing and ends.
pub fn serve(prepare: Prepare) {
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
            *slot = Some((cut(message, MAX_MESSAGE_BYTES), location));
        }
    }));
    // Every case runs on one thread with a large stack: a stack overflow there is reported by
    // Rust's runtime as such without reading `/proc` (which the sandbox hides), unlike one on
    // the main thread; and one thread for all cases spares each case a thread's start and the
    // wake-up of another CPU.
    let served = std::thread::Builder::new()
        .name("cases".into())
        .stack_size(STACK)
        .spawn(move || answer_requests(prepare));
    match served {
        Ok(thread) => {
            let _ = thread.join();
        }
        Err(_) => answer_requests(prepare),
    }
}

/// The stack the cases run on: more than a learner's recursion needs, and a guard page below it.
const STACK: usize = 64 << 20;

fn answer_requests(prepare: Prepare) {
    // SAFETY: the judge opens these two descriptors for this process before it starts, and
    // nothing else in the program owns them. Run without them, reading or writing fails with
    // EBADF and the loop ends.
    let (requests, mut records) =
        unsafe { (File::from_raw_fd(REQUEST_FD), File::from_raw_fd(RECORD_FD)) };
    for line in BufReader::new(requests).lines() {
        let Ok(line) = line else { break };
        let record = match Request::from_line(&line) {
            Err(reason) => Record {
                case: usize::MAX,
                token: 0,
                answer: Answer::Refused(reason),
            },
            Ok(request) => Record {
                case: request.case,
                token: request.token,
                answer: run(prepare, &request),
            },
        };
        // What the case printed belongs to it: out before its record.
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        if records.write_all(record.to_line().as_bytes()).is_err() {
            break;
        }
    }
}

fn run(prepare: Prepare, request: &Request) -> Answer {
    let call = match prepare(request.problem, request.instantiation, &request.inputs) {
        Ok(call) => call,
        Err(reason) => return Answer::Refused(reason),
    };
    let mut clock = Clock::default();
    match panic::catch_unwind(AssertUnwindSafe(|| call(&mut clock))) {
        Ok(value) if request.timed => {
            // Dropped here, after the clock stopped: the value is not what is measured.
            drop(value);
            let nanos = clock.elapsed.map_or(0, |d| d.as_nanos());
            Answer::Timed {
                nanos: u64::try_from(nanos).unwrap_or(u64::MAX),
            }
        }
        Ok(value) => Answer::Returned(value),
        Err(_) => {
            let (message, location) = PANIC
                .lock()
                .ok()
                .and_then(|mut slot| slot.take())
                .unwrap_or_else(|| ("panicked".to_string(), String::new()));
            Answer::Panicked { message, location }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_decode_into_the_declared_rust_types() {
        let inputs = [json!([1.0, "NaN"]), json!({"shape": [2, 0], "data": []})];
        let v: Vec<f64> = input(&inputs, 0).expect("a list of floats");
        assert!(v[1].is_nan());
        let a: ndarray::Array2<i64> = input(&inputs, 1).expect("a 2-d array");
        assert_eq!(a.shape(), &[2, 0]);
        assert!(input::<ndarray::Array3<i64>>(&inputs, 1).is_err());
        assert!(input::<u8>(&[json!(300)], 0).is_err());
        assert!(input::<f64>(&inputs, 5).is_err());
    }
}
