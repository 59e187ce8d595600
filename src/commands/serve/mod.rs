//! `beacon serve`: the site built in memory and served on this computer, made again as its files
//! change ([`session`]), with open pages reloaded ([`http`]). Files change → [`watch`] → the
//! loop here, which gathers a burst of changes into one rebuild, hands leaflets to a thread of
//! their own, and publishes each result to the server.

pub mod files;
pub mod http;
pub mod session;
pub mod watch;

use crate::diagnostics::Diagnostics;
use anyhow::{Context as _, Result};
use session::{LeafletJob, Outcome, Session, SessionOptions};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

pub struct ServeOptions {
    pub site_dir: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub date: time::Date,
    pub leaflets: bool,
    pub cache_dir: Option<PathBuf>,
}

/// Editors write a file in several steps (write, rename, change its times): changes closer
/// together than this are one edit.
const QUIET: Duration = Duration::from_millis(5);

enum Event {
    Changed(Vec<PathBuf>),
    /// The job and what came of it, boxed together: a report is large beside a list of paths.
    LeafletsMade(Box<(LeafletJob, Result<crate::leaflet::LeafletReport>)>),
}

/// Serves the site until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<()> {
    let site_dir = options
        .site_dir
        .canonicalize()
        .with_context(|| format!("cannot find the site folder {}", options.site_dir.display()))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: other computers on the network can see the site and its drafts.",
            options.bind
        );
    }
    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| anyhow::anyhow!("cannot serve on {}:{}: {e}", options.bind, options.port))?;
    let address = server.server_addr().to_ip().context("the server has no address")?;
    let (events, incoming) = channel();
    let changes = events.clone();
    let mut watch = watch::watch(&site_dir, move |paths| {
        let _ = changes.send(Event::Changed(paths));
    })?;
    let started = Instant::now();
    let cache_dir = options.cache_dir.clone().unwrap_or_else(|| crate::leaflet::default_cache_dir(&site_dir));
    let (mut session, outcome) =
        Session::start(SessionOptions { site_dir, date: options.date, leaflets: options.leaflets, cache_dir });
    let shared = Arc::new(http::Shared::default());
    let mut reporter = Reporter::default();
    reporter.report(&shared, &session, outcome, "Built", started);
    std::thread::spawn({
        let shared = Arc::clone(&shared);
        move || http::run(server, shared)
    });
    let host = if address.ip().is_loopback() { "localhost".to_string() } else { address.ip().to_string() };
    eprintln!("Serving the site at http://{host}:{}/ (Ctrl+C stops).", address.port());
    let leaflets = leaflet_worker(events);
    run_loop(&mut session, &shared, &incoming, &leaflets, &mut reporter, &mut watch);
    Ok(())
}

/// Makes leaflets away from the loop, one job at a time; each result goes back as an event.
fn leaflet_worker(events: Sender<Event>) -> Sender<LeafletJob> {
    let (jobs, incoming) = channel::<LeafletJob>();
    std::thread::spawn(move || {
        for job in incoming {
            let made = job.run();
            if events.send(Event::LeafletsMade(Box::new((job, made)))).is_err() {
                break;
            }
        }
    });
    jobs
}

fn run_loop(
    session: &mut Session,
    shared: &http::Shared,
    incoming: &Receiver<Event>,
    leaflets: &Sender<LeafletJob>,
    reporter: &mut Reporter,
    watch: &mut watch::Watch,
) {
    let mut making_leaflets = false;
    loop {
        if !making_leaflets && let Some(job) = session.leaflet_job() {
            making_leaflets = leaflets.send(job).is_ok();
        }
        let Ok(event) = incoming.recv() else { return };
        match event {
            Event::Changed(paths) => {
                let started = Instant::now();
                let mut changed: BTreeSet<PathBuf> = paths.into_iter().collect();
                // Gather the rest of the edit; leaflets that come meanwhile wait their turn.
                let mut made = Vec::new();
                loop {
                    match incoming.recv_timeout(QUIET) {
                        Ok(Event::Changed(paths)) => changed.extend(paths),
                        Ok(other) => made.push(other),
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                watch.watch_new_folders();
                let outcome = session.apply(changed);
                reporter.report(shared, session, outcome, "Rebuilt", started);
                for event in made {
                    if let Event::LeafletsMade(made) = event {
                        making_leaflets = false;
                        let (job, result) = *made;
                        leaflets_made(session, shared, reporter, &job, result);
                    }
                }
            }
            Event::LeafletsMade(made) => {
                making_leaflets = false;
                let (job, result) = *made;
                leaflets_made(session, shared, reporter, &job, result);
            }
        }
    }
}

fn leaflets_made(
    session: &mut Session,
    shared: &http::Shared,
    reporter: &mut Reporter,
    job: &LeafletJob,
    result: Result<crate::leaflet::LeafletReport>,
) {
    let started = Instant::now();
    let count = result.as_ref().map_or(0, |report| report.leaflets.len());
    if let Some(outcome) = session.leaflets_made(job, result) {
        let doing = format!("Made {count} leaflets in {:.1} s; updated", job.started.elapsed().as_secs_f64());
        reporter.report(shared, session, outcome, &doing, started);
    }
}

/// Publishes each outcome and tells the terminal: problems once, however often they recur.
#[derive(Default)]
struct Reporter {
    last_problems: Option<Diagnostics>,
}

impl Reporter {
    /// `doing` starts the line that tells what was done ("Rebuilt").
    fn report(&mut self, shared: &http::Shared, session: &Session, outcome: Outcome, doing: &str, started: Instant) {
        match outcome {
            Outcome::Rebuilt { pages, whole } => {
                shared.publish(Some(Arc::new(session.files().clone())), None);
                let whole = if whole { " (the whole site)" } else { "" };
                eprintln!("{doing} {pages} pages{whole} in {} ms.", started.elapsed().as_millis());
                self.last_problems = None;
            }
            Outcome::Failed(problems) => {
                let errors: Diagnostics = problems.iter().filter(|p| p.is_error()).cloned().collect();
                if self.last_problems.as_ref().is_none_or(|last| !last.iter().eq(errors.iter())) {
                    for problem in errors.iter() {
                        eprintln!("{problem}");
                    }
                    eprintln!("The last good pages are still served; save a fix and they reload.");
                }
                shared.publish(None, Some(Arc::new(errors.clone())));
                self.last_problems = Some(errors);
            }
        }
    }
}
