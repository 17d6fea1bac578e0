//! Where pixelbank's words go. Stdout is written through [`print`], which flushes (so that a
//! case's line shows when it is judged) and notices a closed pipe (`pixelbank list | head -1`,
//! quitting `less`): the judging under way is stopped and pixelbank ends quietly with the code a
//! process killed by SIGPIPE has, 141, as shells expect; never a panic. Warnings go to stderr
//! through [`warn`], which never fails either.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use colored::Colorize;

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Set while the terminal is in raw mode (`watch`'s keys), where a line feed must carry its own
/// carriage return.
static RAW: AtomicBool = AtomicBool::new(false);

/// Says whether the terminal is in raw mode now.
pub fn set_raw(raw: bool) {
    RAW.store(raw, Ordering::SeqCst);
}

/// `text` as the terminal needs it now.
fn terminal_text(text: &str) -> std::borrow::Cow<'_, str> {
    if RAW.load(Ordering::SeqCst) {
        text.replace('\n', "\r\n").into()
    } else {
        text.into()
    }
}

/// The exit code after stdout was closed: 128 + SIGPIPE.
pub const CLOSED_CODE: u8 = 128 + 13;

/// Stdout was closed by its reader.
#[derive(Debug)]
pub struct Closed;

impl std::fmt::Display for Closed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for Closed {}

/// Writes `text` to stdout and flushes it. A closed stdout stops the judge and is remembered.
pub fn print(text: &str) -> Result<(), Closed> {
    if CLOSED.load(Ordering::SeqCst) {
        return Err(Closed);
    }
    let text = terminal_text(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::SeqCst);
            pixelbank_judge::interrupt();
            Err(Closed)
        }
        // Any other failure to write (a full disk) has nothing better to do than go on.
        Err(_) => Ok(()),
    }
}

/// Whether stdout was found closed.
pub fn closed() -> bool {
    CLOSED.load(Ordering::SeqCst)
}

/// Prints `warning: <text>` on stderr.
pub fn warn(text: &str) {
    let line = format!("{} {text}\n", "warning:".yellow().bold());
    let _ = std::io::stderr().write_all(terminal_text(&line).as_bytes());
}

/// Prints `note: <text>` on stderr.
pub fn note(text: &str) {
    let line = format!("{} {text}\n", "note:".bold());
    let _ = std::io::stderr().write_all(terminal_text(&line).as_bytes());
}

/// `print!` through [`print`], returning its error with `?`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::print(&format!($($arg)*))?
    };
}

/// `println!` through [`print`], returning its error with `?`.
macro_rules! outln {
    () => {
        $crate::output::print("\n")?
    };
    ($($arg:tt)*) => {
        $crate::output::print(&(format!($($arg)*) + "\n"))?
    };
}

pub(crate) use {out, outln};
