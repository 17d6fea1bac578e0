//! Live progress while the judge works, drawn from its events: on a terminal, a spinner on stderr
//! ("compiling src/bce_loss.rs", "running case 3 of 12") and a progress bar while the runtime is
//! built; on a pipe, nothing but plain notes for the one long wait (the runtime's build). Each
//! case's line goes to stdout as it finishes, above the spinner.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pixelbank_verdict::Event;

use crate::output::{self, Closed};

/// Shows what the judge is doing.
pub struct Live {
    bar: ProgressBar,
    terminal: bool,
    cwd: PathBuf,
}

impl Live {
    /// A spinner when stderr is a terminal, plain notes otherwise.
    pub fn new() -> Live {
        let terminal = std::io::stderr().is_terminal();
        let bar = if terminal {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        } else {
            ProgressBar::hidden()
        };
        Live {
            bar,
            terminal,
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }

    /// Updates the display for `event`.
    pub fn event(&self, event: Event<'_>) {
        match event {
            Event::PreparingRuntime => {
                let words = "building the runtime judged programs link (ndarray and serde_json), \
                             once for this toolchain: this takes a minute; later runs take a moment";
                if self.terminal {
                    self.bar.set_message(words);
                } else {
                    output::note(words);
                }
            }
            Event::RuntimeProgress {
                built,
                total,
                package,
            } => {
                if self.terminal {
                    if self.bar.length().is_none() {
                        self.bar.set_style(bar_style());
                    }
                    self.bar.set_length(total as u64);
                    self.bar.set_position(built as u64);
                    self.bar
                        .set_message(format!("building the runtime: {package}"));
                }
            }
            Event::RuntimeReady { duration } => {
                let words = format!("runtime ready in {:.0} s", duration.as_secs_f64());
                if self.terminal {
                    self.bar.set_style(spinner_style());
                    self.bar.unset_length();
                    self.bar.suspend(|| output::note(&words));
                } else {
                    output::note(&words);
                }
            }
            Event::Compiling { file, .. } => {
                self.bar
                    .set_message(format!("compiling {}", self.shown(file)));
            }
            Event::Compiled { ok: true, .. } => self.bar.set_message("running the cases"),
            Event::Compiled { .. } => self.bar.set_message(""),
            Event::CaseFinished { index, of, .. } if index + 1 < of => {
                self.bar
                    .set_message(format!("running case {} of {of}", index + 2));
            }
            Event::CaseFinished { .. } => self.bar.set_message(""),
        }
    }

    /// Prints `text` to stdout above the spinner.
    pub fn print(&self, text: &str) -> Result<(), Closed> {
        if text.is_empty() {
            return Ok(());
        }
        self.bar.suspend(|| output::print(text))
    }

    /// Removes the spinner.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// `file` relative to the current directory when it is inside it.
    fn shown(&self, file: &Path) -> String {
        let cwd = self.cwd.canonicalize().unwrap_or_else(|_| self.cwd.clone());
        let relative = file.strip_prefix(&cwd).unwrap_or(file);
        pixelbank_report::pretty::clean(&relative.display().to_string())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {elapsed:.dim}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}
