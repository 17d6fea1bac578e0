//! The wire protocol between pixelbank's judge and the program it judges, in one place for both
//! sides. The judge writes one [`Request`] per case, as a line of JSON, on the child's
//! [`REQUEST_FD`]; the child answers each with one [`Record`] line on [`RECORD_FD`], a pipe the
//! judge owns (stdout and stderr belong to the learner's code). Values travel as JSON, with
//! non-finite floats as the strings `"NaN"`, `"inf"` and `"-inf"`; an ndarray array as
//! `{"shape": [..], "data": [..]}` in row-major order; `Result` as `{"ok": v}` / `{"err": msg}`;
//! `Option` as `null` or the value; a tuple as a list; a struct as an object.
//!
//! This file and `child.rs` are also compiled into the runtime every judged program links, so
//! they use nothing but `std`, `serde_json` and `ndarray`. The judge's half, which reads the
//! problem format's values, is `host.rs`.

#[cfg(feature = "child")]
pub mod child;
#[cfg(feature = "host")]
pub mod host;

pub use serde_json;
use serde_json::{Value as Json, json};

/// The protocol's version: the judge and the runtime it prebuilt must agree on it.
pub const PROTOCOL_VERSION: u32 = 2;

/// The file descriptor on which the child reads requests.
pub const REQUEST_FD: i32 = 3;

/// The file descriptor on which the child writes records.
pub const RECORD_FD: i32 = 4;

/// The longest record line the judge reads; a longer one is that case's failure.
pub const MAX_RECORD_BYTES: usize = 32 << 20;

/// How much of a panic message the child sends.
pub const MAX_MESSAGE_BYTES: usize = 4096;

/// One case to run: which problem of the program (a batch program holds several), which generic
/// instantiation of the function, and the inputs in the wire form.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The case's index, echoed in its record.
    pub case: usize,
    /// A number the judge chose for this request, echoed in its record: code that writes to the
    /// record pipe itself cannot know it, so its records are told from the runtime's.
    pub token: u64,
    /// The problem's index among those the program was built for.
    pub problem: usize,
    /// The index of the generic instantiation to call.
    pub instantiation: usize,
    /// One value per parameter.
    pub inputs: Vec<Json>,
    /// Time the call instead of returning its value: the record says how long the function
    /// took ([`Answer::Timed`]), measured around the call alone (decoding the inputs and
    /// encoding the output are not counted).
    pub timed: bool,
}

impl Request {
    /// The request as one line of JSON, newline included.
    pub fn to_line(&self) -> String {
        let mut request = json!({
            "case": self.case,
            "token": self.token,
            "problem": self.problem,
            "instantiation": self.instantiation,
            "inputs": self.inputs,
        });
        if self.timed {
            request["timed"] = json!(true);
        }
        let mut line = request.to_string();
        line.push('\n');
        line
    }

    /// Reads a request line.
    pub fn from_line(line: &str) -> Result<Request, String> {
        let v: Json = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let index = |key: &str| {
            v.get(key)
                .and_then(Json::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| format!("the request has no `{key}`"))
        };
        Ok(Request {
            case: index("case")?,
            token: v
                .get("token")
                .and_then(Json::as_u64)
                .ok_or("the request has no `token`")?,
            problem: index("problem")?,
            instantiation: index("instantiation")?,
            inputs: v
                .get("inputs")
                .and_then(Json::as_array)
                .cloned()
                .ok_or("the request has no `inputs`")?,
            timed: v.get("timed").and_then(Json::as_bool).unwrap_or(false),
        })
    }
}

/// What the child says about one case: which case and request it answers, and how the call went.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The case's index.
    pub case: usize,
    /// The request's token.
    pub token: u64,
    /// How the call went.
    pub answer: Answer,
}

/// How a call of the learner's function went.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The function returned this value (wire form).
    Returned(Json),
    /// The function panicked.
    Panicked {
        /// The panic message, cut to [`MAX_MESSAGE_BYTES`].
        message: String,
        /// `file:line:column`, or empty.
        location: String,
    },
    /// The runtime could not decode the inputs: the program does not fit the judge that sent them.
    Refused(String),
    /// The function returned after this many nanoseconds (a timed request: the value itself is
    /// not sent).
    Timed {
        /// The duration of the call, in nanoseconds.
        nanos: u64,
    },
}

impl Record {
    /// The record as one line of JSON, newline included.
    pub fn to_line(&self) -> String {
        let (key, value) = match &self.answer {
            Answer::Returned(value) => ("returned", value.clone()),
            Answer::Panicked { message, location } => (
                "panicked",
                json!({ "message": message, "location": location }),
            ),
            Answer::Refused(reason) => ("refused", json!(reason)),
            Answer::Timed { nanos } => ("timed", json!(nanos)),
        };
        let mut line = json!({ "case": self.case, "token": self.token, key: value }).to_string();
        line.push('\n');
        line
    }

    /// Reads a record line. Everything in it came from the judged program: nothing is assumed.
    pub fn from_line(line: &[u8]) -> Result<Record, RecordError> {
        if line.len() > MAX_RECORD_BYTES {
            return Err(RecordError::TooLarge {
                limit: MAX_RECORD_BYTES,
            });
        }
        let v: Json = serde_json::from_slice(line).map_err(|_| RecordError::Malformed)?;
        let obj = v.as_object().ok_or(RecordError::Malformed)?;
        let number = |key: &str| {
            obj.get(key)
                .and_then(Json::as_u64)
                .ok_or(RecordError::Malformed)
        };
        let case = usize::try_from(number("case")?).map_err(|_| RecordError::Malformed)?;
        let token = number("token")?;
        if obj.len() != 3 {
            return Err(RecordError::Malformed);
        }
        let text = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_string);
        let answer = if let Some(value) = obj.get("returned") {
            Answer::Returned(value.clone())
        } else if let Some(p) = obj.get("panicked") {
            Answer::Panicked {
                message: text(p.get("message")).ok_or(RecordError::Malformed)?,
                location: text(p.get("location")).ok_or(RecordError::Malformed)?,
            }
        } else if let Some(reason) = obj.get("refused") {
            Answer::Refused(reason.as_str().ok_or(RecordError::Malformed)?.to_string())
        } else if let Some(nanos) = obj.get("timed") {
            Answer::Timed {
                nanos: nanos.as_u64().ok_or(RecordError::Malformed)?,
            }
        } else {
            return Err(RecordError::Malformed);
        };
        Ok(Record {
            case,
            token,
            answer,
        })
    }
}

/// Why a record line from the child could not be believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Longer than [`MAX_RECORD_BYTES`].
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Not a record of this protocol.
    Malformed,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::TooLarge { limit } => {
                write!(f, "the result is larger than the {} MiB limit", limit >> 20)
            }
            RecordError::Malformed => f.write_str("the result is not a record of the protocol"),
        }
    }
}

impl std::error::Error for RecordError {}

/// A float in the wire form: a JSON number, or `"NaN"`, `"inf"`, `"-inf"`.
pub fn float_to_json(x: f64) -> Json {
    if x.is_nan() {
        json!("NaN")
    } else if x.is_infinite() {
        json!(if x > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(x)
    }
}

/// Reads a float in the wire form.
pub fn float_from_json(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) if s == "NaN" => Some(f64::NAN),
        Json::String(s) if s == "inf" => Some(f64::INFINITY),
        Json::String(s) if s == "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_a_line() {
        let answers = [
            Answer::Returned(json!({"ok": [1.5, "NaN"]})),
            Answer::Panicked {
                message: "index out of bounds\n\"quoted\"".into(),
                location: "src/x.rs:1:2".into(),
            },
            Answer::Refused("input 0: not a float".into()),
            Answer::Timed { nanos: 1_234_567 },
        ];
        for (case, answer) in answers.into_iter().enumerate() {
            let record = Record {
                case,
                token: u64::MAX - case as u64,
                answer,
            };
            let line = record.to_line();
            assert_eq!(line.matches('\n').count(), 1, "one line: {line:?}");
            assert_eq!(Record::from_line(line.trim_end().as_bytes()), Ok(record));
        }
    }

    #[test]
    fn anything_else_is_malformed() {
        for line in [
            "",
            "null",
            "[]",
            "{\"case\": -1, \"token\": 1, \"returned\": 1}",
            "{\"case\": 1, \"token\": 1}",
            "{\"case\": 1, \"returned\": 1}",
            "{\"case\": 1, \"token\": 1, \"returned\": 1, \"extra\": 2}",
            "{\"case\": 1, \"token\": 1, \"panicked\": {\"message\": 3, \"location\": \"\"}}",
            "{\"case\": 1, \"token\": 1, \"status\": \"returned\"}",
            "{\"case\": 1, \"token\": 1, \"timed\": -5}",
            &"[".repeat(10_000),
        ] {
            assert_eq!(
                Record::from_line(line.as_bytes()),
                Err(RecordError::Malformed),
                "{line:.40}"
            );
        }
    }

    #[test]
    fn requests_round_trip_through_a_line() {
        let request = Request {
            case: 2,
            token: 99,
            problem: 1,
            instantiation: 0,
            inputs: vec![json!([1.0, "inf"]), json!({"shape": [0, 2], "data": []})],
            timed: false,
        };
        assert_eq!(Request::from_line(&request.to_line()), Ok(request.clone()));
        let timed = Request {
            timed: true,
            ..request
        };
        assert_eq!(Request::from_line(&timed.to_line()), Ok(timed));
    }
}
