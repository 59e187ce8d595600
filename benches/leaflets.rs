//! Leaflets per second on the default site: cold (empty cache, every leaflet rendered by Typst)
//! and warm (every leaflet reused from the cache, as in a rebuild where nothing changed).
//!
//! Run with `cargo bench --bench leaflets`. Measured once per run on whatever machine runs it;
//! the numbers are printed, not asserted (timings do not belong in tests).

use beacon::commands::build;
use beacon::leaflet::{self, LeafletOptions};
use std::path::Path;
use std::time::Instant;

const RUNS: usize = 3;

fn main() {
    let site_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let date = build::parse_date("2026-11-22").unwrap();
    let loaded = build::load(site_dir, date, None).unwrap_or_else(|problems| {
        panic!("the default site does not load: {problems:?}");
    });
    let threads = rayon::current_num_threads();
    println!("default site, {threads} threads, best of {RUNS} runs");
    // Typst memoises layout work inside the process, so the first cold run (what `beacon build`
    // sees) is slower than later ones: report both.
    let mut first_cold = None;
    let mut cold = f64::MAX;
    let mut warm = f64::MAX;
    let mut count = 0;
    for _ in 0..RUNS {
        let cache = tempfile::tempdir().unwrap();
        let options = LeafletOptions { cache_dir: Some(cache.path().to_path_buf()), progress: false };
        let started = Instant::now();
        let report = leaflet::render_all(&loaded.site, &loaded.theme, &options).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        first_cold.get_or_insert(seconds);
        cold = cold.min(seconds);
        assert_eq!(report.from_cache, 0);
        count = report.leaflets.len();
        let started = Instant::now();
        let report = leaflet::render_all(&loaded.site, &loaded.theme, &options).unwrap();
        warm = warm.min(started.elapsed().as_secs_f64());
        assert_eq!(report.rendered, 0, "a no-change rebuild renders no leaflet");
    }
    let first = first_cold.unwrap_or(cold);
    println!("cold, first in process: {count} leaflets in {first:.2} s = {:.0} leaflets/s", count as f64 / first);
    println!("cold, best of {RUNS}:      {count} leaflets in {cold:.2} s = {:.0} leaflets/s", count as f64 / cold);
    println!("warm (all cached):      {count} leaflets in {warm:.3} s = {:.0} leaflets/s", count as f64 / warm);
}
