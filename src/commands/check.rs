//! `beacon check`: everything that stops a build, plus advice that does not — the same analysis
//! `build` runs, stopped before anything is written.

use crate::commands::build;
use crate::diagnostics::Diagnostics;
use crate::html::Planned;
use std::path::Path;

/// All problems in the site at `site_dir`, errors first within each file.
pub fn check(site_dir: &Path, date: time::Date) -> Diagnostics {
    let loaded = match build::load(site_dir, date, None) {
        Err(problems) => return problems.sorted(),
        Ok(loaded) => loaded,
    };
    let mut problems = loaded.warnings;
    // Every page is rendered too, and thrown away: a template that fails on some page (a name it
    // prints that the page lacks) stops the build. The leaflets, share images and packs a build
    // would make are listed without being made, so their lists are rendered as in a build.
    let planned = Planned::of(&loaded.site, &loaded.theme);
    if let Err(error) = loaded.renderer.render(&loaded.site, planned.printed(), &|_| true, &|_| Ok(())) {
        problems.extend(Diagnostics::behind(&error));
    }
    problems.sorted()
}
