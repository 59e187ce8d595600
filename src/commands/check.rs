//! `beacon check`: everything that stops a build, plus advice that does not — the same analysis
//! `build` runs, stopped before anything is written.

use crate::commands::build;
use crate::diagnostics::Diagnostics;
use crate::html::Printed;
use std::path::Path;

/// All problems in the site at `site_dir`, errors first within each file.
pub fn check(site_dir: &Path, date: time::Date) -> Diagnostics {
    let loaded = match build::load(site_dir, date, None) {
        Err(problems) => return problems.sorted(),
        Ok(loaded) => loaded,
    };
    let mut problems = loaded.warnings;
    // Every page is rendered too, as `build --no-leaflets` would, and thrown away: a template
    // that fails on some page (a name it prints that the page lacks) stops the build.
    if let Err(error) = loaded.renderer.render(&loaded.site, Printed::default(), &|_| true, &|_| Ok(())) {
        problems.extend(Diagnostics::behind(&error));
    }
    problems.sorted()
}
