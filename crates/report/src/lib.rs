//! Reports: everything pixelbank shows or writes about problems and verdicts, rendered from the
//! plain values the spec and the verdict crate hand over. Renderers never run or compare
//! anything; [`explain`] holds the words they share.

pub mod catalog;
pub mod class;
pub mod doctor;
pub mod explain;
pub mod grade;
pub mod gradebook;
pub mod pretty;
pub mod stress;
pub mod text;
pub mod verify;
