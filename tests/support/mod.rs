//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a fixture site into a fresh temporary folder, so a test can change it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path(), &["expected", "public"]);
    dir
}

pub fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(from).unwrap();
        if relative.components().next().is_some_and(|c| skip.iter().any(|s| c.as_os_str() == *s)) {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `<main>` element of an HTML page, as written.
pub fn main_element(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html.find("</main>").expect("the page closes <main>") + "</main>".len();
    &html[start..end]
}

/// Every file under `dir`, as sorted relative paths.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}

pub fn date(text: &str) -> time::Date {
    beacon::commands::build::parse_date(text).unwrap()
}

/// Words whose box in `pdftotext -bbox` output reaches past the left or right edge of their page.
pub fn words_off_the_paper(bbox: &str) -> Vec<String> {
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut width = 0.0;
    let mut off = Vec::new();
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = attribute(line, "width");
        } else if line.starts_with("<word ") {
            let (left, right) = (attribute(line, "xMin"), attribute(line, "xMax"));
            if left < 0.0 || right > width {
                off.push(line.to_string());
            }
        }
    }
    off
}
