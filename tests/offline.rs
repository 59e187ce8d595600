//! Offline reading: each language's service worker lists every page of the language, the
//! styles, fonts and pictures they load, and its leaflets, each with a hash of the file as
//! written, so that a change refetches the changed file only. Pages register it with a few
//! bytes of inline script, and stay within the page-weight budget.
//! (`.ci/offline-check.mjs` runs the worker itself in headless Chromium.)

mod support;

use beacon::commands::build::{BuildOptions, build};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The list a worker keeps: (files kept from the first visit, leaflets kept once opened).
fn listed(worker: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let start = worker.find("const FILES = ").expect("the worker names its files") + "const FILES = ".len();
    let end = start + worker[start..].find(";\n").unwrap();
    let list: serde_json::Value = serde_json::from_str(&worker[start..end]).unwrap();
    let map = |name: &str| -> BTreeMap<String, String> {
        list[name].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect()
    };
    (map("files"), map("leaflets"))
}

fn build_into(site: &Path, out: &Path, leaflets: bool) {
    let options = BuildOptions {
        out_dir: Some(out.to_path_buf()),
        date: Some(support::date("2026-12-01")),
        no_leaflets: !leaflets,
        cache_dir: Some(site.join("cache")),
        ..BuildOptions::new(site)
    };
    build(&options).unwrap();
}

/// The page each folder `index.html` is: "en/risks/flood/index.html" → "en/risks/flood/".
fn page_address(file: &str) -> String {
    file.strip_suffix("index.html").unwrap_or(file).to_string()
}

fn hash(bytes: &[u8]) -> String {
    beacon::html::offline::file_hash(bytes)
}

#[test]
fn each_language_worker_lists_its_pages_assets_and_leaflets_with_their_hashes() {
    let site = support::copy_fixture("basic");
    let out = site.path().join("public");
    build_into(site.path(), &out, true);
    let files = support::files_under(&out);
    let worker = std::fs::read_to_string(out.join("en/sw.js")).unwrap();
    let (kept, leaflets) = listed(&worker);
    // Every page of the language, with the hash of the page as written; nothing else of it.
    let pages: Vec<&String> =
        files.iter().filter(|f| f.starts_with("en/") && f.ends_with(".html") && !f.starts_with("en/go/")).collect();
    assert!(pages.len() > 5, "{pages:?}");
    for page in &pages {
        let bytes = std::fs::read(out.join(page)).unwrap();
        assert_eq!(kept.get(&page_address(page)), Some(&hash(&bytes)), "{page}");
    }
    // The stylesheet, as pages name it.
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    let css = home.split("href=\"../assets/").nth(1).unwrap().split('"').next().unwrap();
    assert!(kept.contains_key(&format!("assets/{css}")), "{css} in {kept:?}");
    // The pictures its pages show.
    let pictures: Vec<&String> = files.iter().filter(|f| f.starts_with("media/")).collect();
    assert!(!pictures.is_empty());
    for picture in pictures {
        assert_eq!(kept.get(picture.as_str()), Some(&hash(&std::fs::read(out.join(picture)).unwrap())), "{picture}");
    }
    // Leaflets are kept once opened; every one of the language is listed.
    let pdfs: Vec<&String> = files.iter().filter(|f| f.starts_with("en/leaflets/") && f.ends_with(".pdf")).collect();
    assert!(!pdfs.is_empty());
    assert_eq!(leaflets.keys().collect::<Vec<_>>(), pdfs);
    assert!(kept.keys().all(|path| !path.ends_with(".pdf")), "no leaflet is fetched unasked");
    // Nothing outside the site, nothing of another language.
    for path in kept.keys().chain(leaflets.keys()) {
        assert!(!path.starts_with('/') && !path.contains("://") && !path.contains(".."), "{path}");
        let published = path.split('?').next().unwrap();
        let file = if published.ends_with('/') { format!("{published}index.html") } else { published.to_string() };
        assert!(out.join(&file).is_file(), "{path} is a published file");
    }
}

#[test]
fn a_changed_page_changes_its_hash_and_no_other() {
    let site = support::copy_fixture("basic");
    let (before, after) = (site.path().join("before"), site.path().join("after"));
    build_into(site.path(), &before, false);
    let module = site.path().join("content/modules/home-kit.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replace("where you can find it in the dark", "where you can find it without light"))
        .unwrap();
    build_into(site.path(), &after, false);
    let (old, _) = listed(&std::fs::read_to_string(before.join("en/sw.js")).unwrap());
    let (new, _) = listed(&std::fs::read_to_string(after.join("en/sw.js")).unwrap());
    assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>());
    let changed: Vec<&String> = old.keys().filter(|path| old[*path] != new[*path]).collect();
    assert_eq!(changed, ["en/modules/home-kit/", "en/modules/home-kit/flood/", "en/modules/home-kit/storm/"]);
}

#[test]
fn pages_in_a_language_register_its_worker_after_they_load() {
    let site = support::copy_fixture("basic");
    let out = site.path().join("public");
    build_into(site.path(), &out, false);
    let script = "<script>if(\"serviceWorker\"in navigator)addEventListener(\"load\",function(){navigator.serviceWorker.register(";
    for (page, worker) in
        [("en/index.html", "\"sw.js\""), ("en/modules/home-kit/flood/index.html", "\"../../../sw.js\"")]
    {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(&format!("{script}{worker}).catch(function(){{}})}})</script>")), "{page}");
        assert_eq!(html.matches("<script").count(), 1, "{page}: the only script");
    }
    // Outside any language's folder there is no worker to register.
    for page in ["index.html", "404.html"] {
        assert!(!std::fs::read_to_string(out.join(page)).unwrap().contains("<script"), "{page}");
    }
}

fn gzipped_size(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// The budget for a page with its stylesheets, compressed: what the first round trips of a
/// slow connection bring (about 14 KB), so a page shows without waiting for more.
const PAGE_BUDGET: usize = 14 * 1024;

#[test]
fn every_page_of_the_default_site_with_its_styles_fits_the_budget() {
    let site = support::copy_default_site();
    let out: PathBuf = site.path().join("public");
    build_into(site.path(), &out, false);
    let mut over = Vec::new();
    let mut largest = (0, String::new());
    for page in support::files_under(&out).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        let mut total = gzipped_size(html.as_bytes());
        // Its stylesheets (not the web fonts they name, which load as text is shown).
        for piece in html.split("<link rel=\"stylesheet\" href=\"").skip(1) {
            let href = piece.split('"').next().unwrap().split('?').next().unwrap();
            let file = if href.starts_with('/') {
                out.join(href.trim_start_matches('/'))
            } else {
                out.join(&page).parent().unwrap().join(href)
            };
            total += gzipped_size(&std::fs::read(&file).unwrap_or_else(|e| panic!("{page}: {href}: {e}")));
        }
        if total > largest.0 {
            largest = (total, page.clone());
        }
        if total > PAGE_BUDGET {
            over.push(format!("{page}: {total} bytes"));
        }
    }
    assert!(over.is_empty(), "over the budget of {PAGE_BUDGET} bytes compressed:\n{}", over.join("\n"));
    eprintln!("largest page with its styles: {} ({} bytes compressed)", largest.1, largest.0);
}
