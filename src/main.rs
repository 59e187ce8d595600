use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = beacon::commands::cli::Cli::parse();
    match beacon::commands::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Content errors already list every problem, each with its own "error:" label;
            // other errors print their cause chain.
            match error.downcast_ref::<beacon::diagnostics::ContentErrors>() {
                Some(problems) => eprintln!("{problems}"),
                None => eprintln!("error: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}
