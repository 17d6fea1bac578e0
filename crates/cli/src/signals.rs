//! SIGINT and SIGTERM: the first asks the judge to stop (it kills every process group it started,
//! and what finished is reported as interrupted); a second one ends pixelbank at once.

use std::sync::atomic::{AtomicI32, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Starts listening, on a thread of its own.
pub fn listen() -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if RECEIVED.swap(signal, Ordering::SeqCst) != 0 {
                std::process::exit(128 + signal);
            }
            pixelbank_judge::interrupt();
        }
    });
    Ok(())
}

/// The signal that interrupted pixelbank, if any.
pub fn received() -> Option<i32> {
    Some(RECEIVED.load(Ordering::SeqCst)).filter(|&s| s != 0)
}
