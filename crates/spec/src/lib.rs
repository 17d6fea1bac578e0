//! The problem specification: the TOML format of a problem (statement, signature, hints, typed
//! cases), its validation with located errors, and the bank of problems, the official one embedded
//! in the binary. Everything downstream (the judge, reports, the CLI) starts from a [`Problem`].

pub mod bank;
pub mod catalog;
pub mod error;
pub mod generator;
pub mod order;
pub mod problem;
pub mod stub;
pub mod ty;
pub mod value;

pub use bank::{Bank, Origin};
pub use catalog::{Entry, catalog};
pub use error::{BankError, SourceFile, SpecError};
pub use generator::Generator;
pub use order::{ORDER_FILE, StudyOrder};
pub use problem::{
    Case, Constraints, Difficulty, Expected, FieldDef, Forbidden, Generic, KnownMistake, Limits,
    Param, Problem, Signature, StructDef, Tolerance,
};
pub use stub::stub;
pub use ty::{Scalar, Type};
pub use value::{Bindings, NdArray, Outcome, Schema, Value};
