//! `beacon serve` as an author meets it: the binary started on a free port, pages fetched over
//! HTTP while a module is edited, broken and fixed, and requests that try to leave the site.

mod support;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MODULE: &str = "content/modules/home-kit.md";
const PAGE: &str = "/en/modules/home-kit/";

/// The server, stopped when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["serve", "--port", "0", "--no-leaflets", "--site"])
        .arg(site)
        .env("SOURCE_DATE_EPOCH", "1795305600")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://localhost:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, port }
}

/// Status and body of a request for `target`, sent exactly as written.
fn get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default();
    (status, body)
}

/// Fetches `target` until `ready` holds for its body, for at most ten seconds.
fn wait_for(port: u16, target: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (_, body) = get(port, target);
        if ready(&body) {
            return body;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{target} never showed {what}:\n{body}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn edit(site: &Path, from: &str, to: &str) {
    let path = site.join(MODULE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serve_shows_each_edit_and_the_problems_of_a_broken_one() {
    let site = support::copy_fixture("basic");
    let server = start(site.path());
    let port = server.port;
    let (status, page) = get(port, PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("Keep a kit where you can find it in the dark."));
    assert!(page.contains("/__beacon/reload"), "serve adds the reload script");
    let version: u64 = page
        .split("const v=\"")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();

    // An edit is served, and a page waiting for the next version hears of it.
    let waiting = std::thread::spawn(move || get(port, &format!("/__beacon/reload?since={version}")));
    edit(site.path(), "Keep a kit where you can find it in the dark.", "Keep a kit by the front door.");
    wait_for(port, PAGE, "the edit", |body| body.contains("Keep a kit by the front door."));
    let (status, next) = waiting.join().unwrap();
    assert_eq!(status, 200);
    assert!(next.parse::<u64>().unwrap() > version, "the waiting page hears of version {next}");

    // A broken edit: the problems with file and line on the page, and the last good text below.
    edit(site.path(), "Keep a kit by the front door.", "Keep a kit by the [front door](/modules/no-such-module/).");
    let broken = wait_for(port, PAGE, "the problems", |body| body.contains("Beacon cannot build this edit"));
    assert!(broken.contains(&format!("{MODULE}:9")), "the problem names its file and line:\n{broken}");
    assert!(broken.contains("no-such-module"));
    assert!(broken.contains("Keep a kit by the front door."), "the last good page is still served");
    let (_, other) = get(port, "/en/");
    assert!(other.contains("Beacon cannot build this edit"), "every page shows the problems");

    // Fixed: the problems go.
    edit(site.path(), "[front door](/modules/no-such-module/)", "back door");
    let fixed = wait_for(port, PAGE, "the fix", |body| body.contains("Keep a kit by the back door."));
    assert!(!fixed.contains("Beacon cannot build this edit"));

    // An editor that saves by writing a new file and renaming it over the old one.
    let text = std::fs::read_to_string(site.path().join(MODULE)).unwrap();
    let temporary = site.path().join("content/modules/.home-kit.md.swp");
    std::fs::write(&temporary, text.replace("back door", "side door")).unwrap();
    std::fs::rename(&temporary, site.path().join(MODULE)).unwrap();
    wait_for(port, PAGE, "the renamed save", |body| body.contains("Keep a kit by the side door."));

    // Only the site's own files are served.
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/en/%2E%2E/%2E%2E/site.toml",
        "/..%2fsite.toml",
        "/..%5csite.toml",
        "//etc/passwd",
    ] {
        assert_eq!(get(port, target).0, 403, "{target}");
    }
    for target in ["/site.toml", "/content/modules/home-kit.md", "/.beacon-cache/"] {
        let (status, body) = get(port, target);
        assert_eq!(status, 404, "{target}");
        assert!(body.contains("<h1"), "missing pages get the site's 404 page");
    }
    assert_eq!(get(port, "/files/plan.txt").0, 200);

    // A folder the site is built from, created while serving, is watched from then on.
    std::fs::create_dir(site.path().join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let theme_404 = std::fs::read_to_string(support::repo_root().join("themes/default/templates/404.html")).unwrap();
    let ours = theme_404.replacen("{% block main %}", "{% block main %}<p>Our own missing page.</p>", 1);
    assert_ne!(ours, theme_404);
    std::fs::write(site.path().join("templates/404.html"), ours).unwrap();
    wait_for(port, "/no-such-page/", "the site's own 404 template", |body| body.contains("Our own missing page."));
}

#[test]
fn a_link_in_static_to_a_file_outside_the_site_is_never_served() {
    let site = support::copy_fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for the web").unwrap();
    let server = start(site.path());
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("static/secret.txt")).unwrap();
    let page = wait_for(server.port, "/en/", "the problem", |body| body.contains("Beacon cannot build this edit"));
    assert!(page.contains("static/secret.txt"), "{page}");
    let (status, body) = get(server.port, "/secret.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("not for the web"));
}
