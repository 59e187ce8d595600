//! Progress of a long build stage: a bar with the count and the time left while the output is a
//! terminal (drawn by `indicatif`); when it is not, one plain line when a stage of a second or
//! more ends (a CI log gets a summary, not hundreds of redrawn lines).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::Instant;

pub struct Progress {
    bar: ProgressBar,
    /// What is counted, for the summary line ("leaflets").
    things: &'static str,
    /// Print a summary line at the end: progress was wanted but there is no terminal to draw on.
    summary: bool,
    started: Instant,
}

impl Progress {
    /// `wanted` is false in library use and tests, which print nothing.
    pub fn new(doing: &'static str, things: &'static str, total: usize, wanted: bool) -> Progress {
        let terminal = wanted && std::io::stderr().is_terminal();
        let target = if terminal { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target).with_message(doing);
        if let Ok(style) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}, about {eta} left") {
            bar.set_style(style.progress_chars("█░ "));
        }
        Progress { bar, things, summary: wanted && !terminal, started: Instant::now() }
    }

    /// Counts one more done; returns how many are done.
    pub fn tick(&self) -> usize {
        self.bar.inc(1);
        self.bar.position() as usize
    }

    /// Clears the bar, or prints the summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        // A stage that took under a second needs no line of its own beside the build's summary.
        if self.summary && self.started.elapsed().as_secs_f64() >= 1.0 {
            eprintln!("{} {} in {:.1} s.", self.bar.position(), self.things, self.started.elapsed().as_secs_f64());
        }
    }
}
