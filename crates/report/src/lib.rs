//! Reports: everything pixelbank shows or writes about problems and verdicts, rendered from the
//! plain values the spec and the judge hand over. Renderers never run or compare anything.

pub mod catalog;
pub mod grade;
pub mod gradebook;
pub mod pretty;
pub mod text;
pub mod verify;
