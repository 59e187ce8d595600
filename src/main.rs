use clap::Parser;

// Beacon builds many small trees and strings on every thread at once; mimalloc keeps that fast
// on large sites, where the system allocator slowed every page down as the heap grew.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
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
