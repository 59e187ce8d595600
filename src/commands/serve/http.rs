//! Answers the browser: the served files, a long-polled address that tells open pages to reload,
//! and the problems of a broken edit on top of every page until it is fixed. Only `serve` adds
//! the reload script and the problems to pages; a build never writes them.

use super::files::{self, Lookup, SiteFiles};
use crate::diagnostics::Diagnostics;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The address open pages wait on for the next version of the site.
pub const RELOAD_PATH: &str = "/__beacon/reload";

/// How long a page's wait for a change is held open before it asks again.
const LONGEST_WAIT: Duration = Duration::from_secs(25);

/// What the server shows: the last good files, and the problems of the last edit if it failed.
#[derive(Clone, Default)]
pub struct Snapshot {
    /// Bumped with every rebuild, good or not.
    pub version: u64,
    pub files: Arc<SiteFiles>,
    pub problems: Option<Arc<Diagnostics>>,
}

/// The snapshot the server reads, and a signal for pages waiting on the next one.
#[derive(Default)]
pub struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

impl Shared {
    pub fn current(&self) -> Snapshot {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Serves `files` (None: the ones served now) with `problems`, and wakes waiting pages.
    pub fn publish(&self, files: Option<Arc<SiteFiles>>, problems: Option<Arc<Diagnostics>>) {
        let mut snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        snapshot.version += 1;
        if let Some(files) = files {
            snapshot.files = files;
        }
        snapshot.problems = problems;
        self.changed.notify_all();
    }

    /// Waits until the version is no longer `since`, or for a while; returns the version then.
    fn wait_for_change(&self, since: u64) -> u64 {
        let snapshot = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snapshot, _) = self
            .changed
            .wait_timeout_while(snapshot, LONGEST_WAIT, |s| s.version == since)
            .unwrap_or_else(|e| e.into_inner());
        snapshot.version
    }
}

/// A response before it is sent.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects.
    pub location: Option<String>,
}

impl Answer {
    fn text(status: u16, text: &str) -> Answer {
        Answer { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec(), location: None }
    }
}

/// The answer to a request for `target` (path and query, as sent).
pub fn answer(shared: &Shared, method: &str, target: &str) -> Answer {
    if method != "GET" && method != "HEAD" {
        return Answer::text(405, "beacon serve answers only GET and HEAD requests.");
    }
    if let Some(query) = target.strip_prefix(RELOAD_PATH) {
        let since = query.strip_prefix("?since=").and_then(|v| v.parse().ok()).unwrap_or(0);
        return Answer::text(200, &shared.wait_for_change(since).to_string());
    }
    let snapshot = shared.current();
    let (status, path) = match files::look_up(&snapshot.files, target) {
        Lookup::File(path) => (200, path),
        Lookup::Redirect(location) => {
            return Answer { location: Some(location), ..Answer::text(301, "Moved to the folder's address.") };
        }
        Lookup::Refused => return Answer::text(403, "beacon serve only serves the files of the site."),
        Lookup::NotFound => (404, crate::load::paths::NOT_FOUND.trim_start_matches('/').to_string()),
    };
    let Some(served) = snapshot.files.get(&path) else {
        // No site yet (the first load failed), or a site without a 404 page.
        let page = problems_page(&snapshot);
        return Answer { status: if snapshot.problems.is_some() { 200 } else { 404 }, ..page };
    };
    let bytes = match served.read() {
        Ok(bytes) => bytes,
        Err(error) => return Answer::text(500, &format!("cannot read {path}: {error}")),
    };
    let content_type = files::content_type(&path);
    let body = if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        with_serve_parts(&html, &snapshot).into_bytes()
    } else {
        bytes.to_vec()
    };
    Answer { status, content_type, body, location: None }
}

/// A page with the reload script, and the problems (if any) first in its body.
fn with_serve_parts(html: &str, snapshot: &Snapshot) -> String {
    let mut html = html.to_string();
    if let Some(problems) = &snapshot.problems {
        let at = html.find("<body").and_then(|start| Some(start + html[start..].find('>')? + 1)).unwrap_or(0);
        html.insert_str(at, &problems_html(problems));
    }
    let script = reload_script(snapshot.version);
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    html
}

/// Asks the server for the next version and reloads the page when it comes; a server that
/// stopped, or answers with anything else, is asked again a second later. Pages work the same without it.
fn reload_script(version: u64) -> String {
    format!(
        "<script>(()=>{{const v=\"{version}\";const poll=()=>fetch(\"{RELOAD_PATH}?since=\"+v,{{cache:\"no-store\"}})\
.then(r=>r.ok?r.text():Promise.reject()).then(t=>{{if(t!==v)location.reload();else poll()}},()=>setTimeout(poll,1000));poll()}})();</script>"
    )
}

/// The problems as a notice in the site's own style, in English like Beacon's messages.
fn problems_html(problems: &Diagnostics) -> String {
    let escape = crate::text::escape_html;
    let mut html = String::from(
        "<section class=\"notice notice--draft\" role=\"alert\" lang=\"en\" dir=\"ltr\" \
aria-labelledby=\"beacon-serve-problems\"><h2 id=\"beacon-serve-problems\">Beacon cannot build this edit</h2>\
<p>The pages below are the last ones that built. Fix these problems and save: the page reloads.</p><ul>",
    );
    for problem in problems.iter().filter(|p| p.is_error()) {
        html.push_str("<li>");
        if !problem.file.as_os_str().is_empty() {
            let place = match problem.line {
                0 => problem.file.display().to_string(),
                line => format!("{}:{line}", problem.file.display()),
            };
            html.push_str(&format!("<strong>{}</strong>: ", escape(&place)));
        }
        html.push_str(&escape(&problem.message));
        if let Some(help) = &problem.help {
            html.push_str(&format!("<br>Fix: {}", escape(help)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></section>");
    html
}

/// A whole page for when there is no good site to show the problems on.
fn problems_page(snapshot: &Snapshot) -> Answer {
    let problems = snapshot.problems.as_deref().map(problems_html).unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
content=\"width=device-width, initial-scale=1\"><title>Beacon: the site does not build</title></head>\
<body><main><h1>The site has not built yet</h1><p>Beacon shows it as soon as a save fixes these \
problems.</p>{problems}</main>{}</body></html>",
        reload_script(snapshot.version)
    );
    Answer { status: 404, content_type: "text/html; charset=utf-8", body: html.into_bytes(), location: None }
}

/// Answers requests on `server` until it is stopped, one thread per request (a page's wait for
/// the next version holds its thread).
pub fn run(server: tiny_http::Server, shared: Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let answer = answer(&shared, request.method().as_str(), request.url());
            let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
            let mut header = |name: &str, value: &str| {
                if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                    response.add_header(header);
                }
            };
            header("Content-Type", answer.content_type);
            // Every answer may change with the next save.
            header("Cache-Control", "no-store");
            if let Some(location) = &answer.location {
                header("Location", location);
            }
            // The browser may have gone; nothing to do about it.
            let _ = request.respond(response);
        });
    }
}
