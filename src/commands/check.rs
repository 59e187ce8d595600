//! `beacon check`: everything that stops a build, plus advice that does not — the same analysis
//! `build` runs, stopped before anything is written.

use crate::commands::build;
use crate::diagnostics::Diagnostics;
use std::path::Path;

/// All problems in the site at `site_dir`, errors first within each file.
pub fn check(site_dir: &Path, date: time::Date) -> Diagnostics {
    match build::load(site_dir, date, None) {
        Err(problems) => problems.sorted(),
        Ok(loaded) => loaded.warnings,
    }
}
