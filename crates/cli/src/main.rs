//! `pixelbank`: the command line. It parses arguments, calls one function of the libraries and maps
//! the result to an exit code: 0 when everything judged passed, 1 when a case failed or a file did
//! not compile, 2 for usage, problem-file and internal errors, 141 (128 + SIGPIPE) when stdout was
//! closed before pixelbank was done.

mod class_report;
mod cli;
mod commands;
mod grading;
mod output;
mod progress;
mod signals;
mod stress;
mod watch;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // `--help` and `--version` go to stdout, which may be a closed pipe too.
            return match e.print() {
                Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => {
                    ExitCode::from(output::CLOSED_CODE)
                }
                _ => ExitCode::from(e.exit_code().clamp(0, 255) as u8),
            };
        }
    };
    if let Err(e) = signals::listen() {
        output::warn(&format!("Ctrl-C will not stop judging cleanly: {e}"));
    }
    let result = commands::run(args);
    if output::closed() {
        return ExitCode::from(output::CLOSED_CODE);
    }
    match result {
        Ok(code) => code,
        Err(err) if err.downcast_ref::<output::Closed>().is_some() => {
            ExitCode::from(output::CLOSED_CODE)
        }
        Err(err) => {
            let _ = writeln!(
                std::io::stderr(),
                "{} {err:#}",
                colored::Colorize::bold(colored::Colorize::red("error:"))
            );
            ExitCode::from(commands::ERROR)
        }
    }
}
