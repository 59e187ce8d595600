//! Offline reading: one service worker per language (`/<lang>/sw.js`, whose scope is that
//! language's pages), with the list of what it keeps and a hash of each file, so that a changed
//! file is fetched again and nothing else is.
//!
//! It keeps, from the first visit on, every page of the language, the site's stylesheets, the
//! language's web fonts and the pictures its pages show. Leaflets are listed too, but kept only
//! once a reader opens one: the default site's leaflets come to 12 MB (English) to 27 MB (Urdu)
//! a language, too much to fetch unasked on a phone with a weak signal.
//!
//! A browser fetches the worker again after each visit to see whether it changed, so it is kept
//! small: short hashes, and none of the source's comments.
//!
//! Pages register the worker with a few bytes of inline script after they have loaded; with
//! JavaScript off nothing changes. `serve` publishes no worker, so that a preview is never a
//! saved copy.

use crate::leaflet::Leaflet;
use crate::output::{Contents, OutputFile};
use crate::text::urls;
use anyhow::{Context as _, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The worker, with the list of files in place of this string (quotes included).
const WORKER: &str = include_str!("offline-worker.js");
const FILES_PLACEHOLDER: &str = "\"__BEACON_OFFLINE_FILES__\"";

/// The output path of a language's worker: "/en/sw.js".
pub fn worker_path(lang: &str) -> String {
    urls::localized(lang, "/sw.js")
}

/// What one language's worker keeps: paths relative to the site's root (so that a site
/// published under a folder works), each with a hash of the file.
#[derive(Serialize, Default)]
struct Listed {
    lang: String,
    /// Kept from the first visit.
    files: BTreeMap<String, String>,
    /// Kept once opened.
    leaflets: BTreeMap<String, String>,
}

/// Hex digits of a hash the lists keep: enough to tell a file's versions apart.
const HASH_DIGITS: usize = 10;

/// A short hash of a file's bytes.
pub fn file_hash(bytes: &[u8]) -> String {
    crate::text::hash::hex_digest(&[bytes])[..HASH_DIGITS].to_string()
}

/// Everything a build publishes, as the workers need to know it.
pub struct Published<'a> {
    /// Every page's output path with the hash of its HTML, by language.
    pub pages: &'a BTreeMap<String, Vec<(String, String)>>,
    /// The files besides the pages (relative paths, as written).
    pub files: &'a [OutputFile],
    /// The stylesheets every page may load, as pages name them (with their `?v=` query).
    pub stylesheets: &'a [String],
    pub leaflets: &'a [Leaflet],
    /// Output paths of the pictures each language's pages show.
    pub images: &'a BTreeMap<String, Vec<String>>,
    /// The web-font files each language's font stylesheet names ("assets/fonts/x-400.woff2").
    pub fonts: &'a BTreeMap<String, Vec<String>>,
}

/// One worker for each language that has pages.
pub fn workers<'a>(published: &Published<'a>) -> Result<Vec<OutputFile>> {
    let by_path: BTreeMap<&str, &OutputFile> = published.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let hash_of = |path: &str| -> Result<Option<String>> {
        let Some(file) = by_path.get(path.trim_start_matches('/')) else { return Ok(None) };
        Ok(Some(match &file.contents {
            Contents::Bytes(bytes) => file_hash(bytes),
            Contents::Copy(source) | Contents::Cached { file: source, .. } => {
                file_hash(&std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?)
            }
        }))
    };
    // Fonts and pictures are shared between languages: each file is read and hashed once.
    let shared: BTreeSet<&str> =
        published.fonts.values().chain(published.images.values()).flatten().map(String::as_str).collect();
    let mut shared_hashes = BTreeMap::new();
    for path in shared {
        if let Some(hash) = hash_of(path)? {
            shared_hashes.insert(path, hash);
        }
    }
    let mut workers = Vec::new();
    for (lang, pages) in published.pages {
        let mut listed = Listed { lang: lang.clone(), ..Listed::default() };
        let mut list = |path: &str, hash: String| {
            listed.files.insert(path.trim_start_matches('/').to_string(), hash);
        };
        for (path, hash) in pages {
            list(path, hash.clone());
        }
        for stylesheet in published.stylesheets {
            let (path, version) = stylesheet.split_once("?v=").unwrap_or((stylesheet, ""));
            if version.is_empty() {
                if let Some(hash) = hash_of(path)? {
                    list(stylesheet, hash);
                }
            } else {
                list(stylesheet, version.to_string());
            }
        }
        let own = |map: &'a BTreeMap<String, Vec<String>>| map.get(lang).into_iter().flatten();
        for path in own(published.fonts).chain(own(published.images)) {
            if let Some(hash) = shared_hashes.get(path.as_str()) {
                list(path, hash.clone());
            }
        }
        for leaflet in published.leaflets.iter().filter(|l| &l.lang == lang) {
            // The leaflet's cache file is named by a hash of everything that made it.
            let hash = leaflet.file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            listed
                .leaflets
                .insert(leaflet.path.trim_start_matches('/').to_string(), hash[..hash.len().min(HASH_DIGITS)].into());
        }
        let json = serde_json::to_string(&listed).context("cannot list the files to keep offline")?;
        let worker = without_comments(WORKER).replace(FILES_PLACEHOLDER, &json);
        workers.push(OutputFile::bytes(worker_path(lang).trim_start_matches('/'), worker));
    }
    Ok(workers)
}

/// The worker's source without its comment lines.
fn without_comments(source: &str) -> String {
    let mut kept: String = "// Beacon: offline reading of this language's pages.\n".into();
    for line in source.lines().filter(|line| !line.trim_start().starts_with("//")) {
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}
