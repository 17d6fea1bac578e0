//! Reference solutions: one self-contained module per problem, named after its id, with exactly the
//! signature a learner implements. Each file compiles on its own, as a learner's file would, so the
//! judge can judge it like any submission (`pixelbank run bce-loss --solution solutions/src/bce_loss.rs`).

pub mod bce_loss;
