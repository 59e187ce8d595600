//! Helpers shared by the integration tests.
#![allow(dead_code)]

use beacon::i18n::po::Catalog;
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

/// A copy of the default site (without its output and caches) in a fresh temporary folder.
pub fn copy_default_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "translations", "static", "themes", "leaflet"] {
        let from = repo_root().join(folder);
        if from.is_dir() {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
            copy_dir(&from, &dir.path().join(folder), &[]);
        }
    }
    std::fs::copy(repo_root().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// Every file under `out` that mentions `text`, as sorted relative paths.
pub fn files_mentioning(out: &Path, text: &str) -> Vec<String> {
    files_under(out)
        .into_iter()
        .filter(|file| std::fs::read(out.join(file)).is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(text)))
        .collect()
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

/// Resolves `..` in a path built from a relative link.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How many pages a PDF has, from `pdfinfo`.
pub fn pdf_pages(pdf: &Path) -> usize {
    let info = std::process::Command::new("pdfinfo").arg(pdf).output().unwrap_or_else(|e| {
        panic!("cannot run pdfinfo ({e}): install poppler-utils with `bash .ci/install-test-tools`")
    });
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// What the QR code on a PDF's first page holds, as a phone reads it: zbar on a 150 dpi render.
/// The render is written under `scratch` as `name`.png.
pub fn first_page_qr_code(pdf: &Path, scratch: &Path, name: &str) -> String {
    let prefix = scratch.join(name);
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm {}", pdf.display());
    let output = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        // pdftoppm adds ".png" to the prefix (`with_extension` would replace a dot in the name).
        .arg(scratch.join(format!("{name}.png")))
        .output()
        .unwrap_or_else(|e| panic!("cannot run zbarimg ({e}): install zbar-tools with `bash .ci/install-test-tools`"));
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Sets the translation of `msgid` in the language's PO file, which `translate update` made.
pub fn translate(site: &Path, lang: &str, msgid: &str, msgstr: &str) {
    let path = site.join(format!("translations/{lang}.po"));
    let mut catalog = Catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    catalog.entries.iter_mut().find(|e| e.msgid == msgid).unwrap().msgstr = msgstr.to_string();
    std::fs::write(&path, catalog.write()).unwrap();
}
