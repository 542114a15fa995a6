//! The `mgate` binary: parse arguments, run, map errors to exit codes
//! (2 for bad input, 1 for other failures).

use clap::Parser;
use mgate::app::{self, AppError};
use mgate::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let (code, error) = match error {
                AppError::Input(e) => (2, e),
                AppError::Failure(e) => (1, e),
            };
            let message = error.to_string();
            eprintln!("error: {message}");
            // Many errors already include their cause in their own message; print only causes
            // that add something.
            for cause in error.chain().skip(1) {
                let cause = cause.to_string();
                if !message.contains(&cause) {
                    eprintln!("  caused by: {cause}");
                }
            }
            ExitCode::from(code)
        }
    }
}
