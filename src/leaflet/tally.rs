//! How a build's leaflets were made: how often each step ran (the first layout, each kind of
//! second layout, the page footers, the PDF export, the booklets), how many second layouts were
//! kept, and the time each step took summed over the threads. `BEACON_TIMINGS=1 beacon build`
//! prints it, to show where a cold build's time goes.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// A step in making a leaflet (see `Engine::render`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    FirstLayout,
    BlankPages,
    ContactFirst,
    Tight,
    Notes,
    Footers,
    Export,
    /// An A5 leaflet imposed as a booklet (see `booklet::impose`).
    Booklet,
}

impl Step {
    const ALL: [Step; 8] = [
        Step::FirstLayout,
        Step::BlankPages,
        Step::ContactFirst,
        Step::Tight,
        Step::Notes,
        Step::Footers,
        Step::Export,
        Step::Booklet,
    ];

    fn name(self) -> &'static str {
        match self {
            Step::FirstLayout => "first layout",
            Step::BlankPages => "blank pages",
            Step::ContactFirst => "contact first",
            Step::Tight => "tight",
            Step::Notes => "notes box",
            Step::Footers => "page footers",
            Step::Export => "PDF export",
            Step::Booklet => "booklets",
        }
    }

    /// Whether the step is a second layout, which is kept or thrown away.
    fn may_be_dropped(self) -> bool {
        matches!(self, Step::ContactFirst | Step::Tight | Step::Notes)
    }
}

#[derive(Default)]
pub struct Tally {
    runs: [AtomicUsize; Step::ALL.len()],
    kept: [AtomicUsize; Step::ALL.len()],
    micros: [AtomicU64; Step::ALL.len()],
}

impl Tally {
    /// Runs `work` as one `step`, counting it and its time.
    pub fn time<T>(&self, step: Step, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = work();
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.runs[step as usize].fetch_add(1, Relaxed);
        self.micros[step as usize].fetch_add(micros, Relaxed);
        out
    }

    /// Records that the second layout of `step` was kept.
    pub fn kept(&self, step: Step) {
        self.kept[step as usize].fetch_add(1, Relaxed);
    }

    /// One line per step that ran: how often, how many were kept, and its time.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for step in Step::ALL {
            let runs = self.runs[step as usize].load(Relaxed);
            if runs == 0 {
                continue;
            }
            let seconds = self.micros[step as usize].load(Relaxed) as f64 / 1e6;
            let kept = if step.may_be_dropped() {
                format!("{:>5} kept", self.kept[step as usize].load(Relaxed))
            } else {
                " ".repeat(10)
            };
            out.push_str(&format!(
                "{:>14}  {runs:>5}  {kept}  {seconds:>7.2} s  {:>6.1} ms each\n",
                step.name(),
                seconds * 1000.0 / runs as f64
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_runs_kept_layouts_and_time() {
        let tally = Tally::default();
        assert_eq!(tally.time(Step::Tight, || 7), 7);
        tally.time(Step::Tight, || ());
        tally.kept(Step::Tight);
        tally.time(Step::Export, || ());
        let summary = tally.summary();
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines.len(), 2, "{summary}");
        assert!(lines[0].trim_start().starts_with("tight      2      1 kept"), "{summary}");
        assert!(lines[1].trim_start().starts_with("PDF export      1"), "{summary}");
        assert!(!lines[1].contains("kept"), "{summary}");
    }
}
