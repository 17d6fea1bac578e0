//! `pixelbank`: the command line. It parses arguments, calls one function of the libraries and maps
//! the result to an exit code: 0 when everything judged passed, 1 when a case failed or a file did
//! not compile, 2 for usage, problem-file and internal errors.

mod class_report;
mod cli;
mod commands;
mod grading;
mod signals;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    if let Err(e) = signals::listen() {
        eprintln!("warning: Ctrl-C will not stop judging cleanly: {e}");
    }
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!(
                "{} {err:#}",
                colored::Colorize::bold(colored::Colorize::red("error:"))
            );
            ExitCode::from(2)
        }
    }
}
