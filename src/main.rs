use clap::Parser;

// Beacon builds many small trees and strings on every thread at once; mimalloc keeps that fast
// on large sites, where the system allocator slowed every page down as the heap grew.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

// mimalloc's C interface (linked in through the `mimalloc` crate).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in the `mi_option_e` enum of the mimalloc that `libmimalloc-sys`
/// 0.1.49 builds (c_src/mimalloc/v3/include/mimalloc.h, and v2 alike); Cargo.lock pins it.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Freed memory goes back to the system after 2 ms instead of mimalloc's default of a second: a
/// build frees the parsed PO files and each page's markdown in large batches while the next
/// stage is already allocating, and the shorter delay keeps the peak of a 20,000-page build
/// about 80 MB lower at no measurable cost in time. A `MIMALLOC_PURGE_DELAY` set by the user
/// wins.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option, before any other thread exists.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 2) }
    }
    no_transparent_huge_pages();
}

/// mimalloc asks Linux for transparent huge pages, and Linux then clears 2 MiB at a time when a
/// page is first touched, again after every purge. A build touches its memory briefly and in
/// bursts: that clearing took a third of a 20,000-page build's time and a sixth of the leaflets'.
/// Turning huge pages off for this process (children inherit it; the system is untouched) made
/// the 20,000-page build about a third faster and a cold build of the default site's leaflets
/// about a tenth. `MIMALLOC_ALLOW_THP=1` keeps them on.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: sets one flag of this process; arguments as prctl(2) documents them.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

fn main() -> ExitCode {
    tune_allocator();
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
