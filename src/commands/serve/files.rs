//! The site `serve` holds in memory, and how a request's address finds a file of it. Only files
//! the build would publish are in the map, so no address reaches anything else; addresses that
//! try (`..`, encoded or not, backslashes, NUL) are refused before they are looked up.

use crate::output::{Contents, OutputFile};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// One published file.
#[derive(Clone)]
pub enum Served {
    Bytes(Arc<[u8]>),
    /// A file the build would copy (a static file, an image, a leaflet in the cache).
    File(PathBuf),
}

impl Served {
    pub fn read(&self) -> std::io::Result<Arc<[u8]>> {
        match self {
            Served::Bytes(bytes) => Ok(Arc::clone(bytes)),
            Served::File(path) => std::fs::read(path).map(Arc::from),
        }
    }
}

impl From<OutputFile> for (String, Served) {
    fn from(file: OutputFile) -> Self {
        let served = match file.contents {
            Contents::Bytes(bytes) => Served::Bytes(bytes.into()),
            Contents::Copy(path) | Contents::Cached { file: path, .. } => Served::File(path),
        };
        (file.path, served)
    }
}

/// Every published file by its path in the output folder ("en/modules/x/index.html").
pub type SiteFiles = BTreeMap<String, Served>;

/// Where a request's path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The file at this path of the output folder.
    File(String),
    /// A folder asked for without its final slash: send the browser to this address.
    Redirect(String),
    NotFound,
    /// An address that tries to leave the site.
    Refused,
}

/// Finds the file a request's target (path and query, as sent) names.
pub fn look_up(files: &SiteFiles, target: &str) -> Lookup {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Lookup::Refused;
    };
    let Some(relative) = decoded.strip_prefix('/') else { return Lookup::Refused };
    let unsafe_part = |part: &str| part == ".." || part == "." || part.contains(['\\', '\0', ':']);
    if relative.starts_with('/') || relative.split('/').any(unsafe_part) {
        return Lookup::Refused;
    }
    if relative.is_empty() || relative.ends_with('/') {
        let index = format!("{relative}index.html");
        return if files.contains_key(&index) { Lookup::File(index) } else { Lookup::NotFound };
    }
    if files.contains_key(relative) {
        return Lookup::File(relative.to_string());
    }
    if files.contains_key(&format!("{relative}/index.html")) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::NotFound
}

/// The media type of a published file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SiteFiles {
        ["index.html", "en/index.html", "en/modules/x/index.html", "assets/beacon.css", "404.html"]
            .into_iter()
            .map(|p| (p.to_string(), Served::Bytes(Arc::from(&b""[..]))))
            .collect()
    }

    #[test]
    fn addresses_find_pages_folders_and_files() {
        let files = files();
        assert_eq!(look_up(&files, "/"), Lookup::File("index.html".into()));
        assert_eq!(look_up(&files, "/en/modules/x/?a=1#top"), Lookup::File("en/modules/x/index.html".into()));
        assert_eq!(look_up(&files, "/en/modules/x"), Lookup::Redirect("/en/modules/x/".into()));
        assert_eq!(look_up(&files, "/assets/beacon.css?v=123"), Lookup::File("assets/beacon.css".into()));
        assert_eq!(look_up(&files, "/en/modules/%78/"), Lookup::File("en/modules/x/index.html".into()));
        assert_eq!(look_up(&files, "/en/nothing/"), Lookup::NotFound);
        assert_eq!(look_up(&files, "/en/modules/"), Lookup::NotFound);
    }

    #[test]
    fn addresses_that_leave_the_site_are_refused() {
        let files = files();
        for target in [
            "/../site.toml",
            "/en/../../etc/passwd",
            "/%2e%2e/site.toml",
            "/%2E%2E%2Fsite.toml",
            "/en/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%5c..%5csite.toml",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/en/%00/index.html",
            "/%ff",
            "etc/passwd",
            "/./index.html",
        ] {
            assert_eq!(look_up(&files, target), Lookup::Refused, "{target}");
        }
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("en/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/fonts/gu-400.woff2"), "font/woff2");
        assert_eq!(content_type("en/leaflets/x-a4.PDF"), "application/pdf");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("en/feed.atom"), "application/atom+xml");
        assert_eq!(content_type("assets/beacon.css"), "text/css; charset=utf-8");
    }
}
