//! End-to-end tests: the real `pixelbank` binary driven over fixture submissions and workspaces.
//! Fixture submissions live in `tests/fixtures/submissions/<problem-id>/`, snapshots of the reports
//! a learner reads in `tests/e2e/snapshots/`; the class page is loaded in headless Chromium
//! (`browser.rs`).

mod browser;
mod catalog;
mod class;
mod exit_codes;
mod grade;
mod hostile;
mod judge;
mod learner;
mod run;
mod stress;
mod stress_bank;
mod support;
mod verify;
mod workspace;
