//! Watches what a site is built from (with `notify`: inotify on Linux) and reports the files
//! that changed. Editors that save by writing a temporary file and renaming it over the old one
//! are seen through the rename; their temporary and backup files are ignored.

use anyhow::{Context as _, Result};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Folders of a site whose files the site is built from.
const WATCHED_FOLDERS: &[&str] = &["content", "translations", "templates", "static", "themes", "leaflet"];

/// Keeps watching while it lives.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    site_dir: PathBuf,
    /// The watched folders being watched (those that exist).
    watching: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching the watched folders created since watching began (a new `templates/`).
    pub fn watch_new_folders(&mut self) {
        for folder in WATCHED_FOLDERS {
            if self.watching.contains(folder) {
                continue;
            }
            let path = self.site_dir.join(folder);
            if path.is_dir() && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                self.watching.insert(folder);
            }
        }
    }
}

/// Calls `changed` with the files that changed, as they change. The site folder itself is
/// watched without its subfolders (for site.toml, and for a watched folder created later), and
/// each watched folder with all of its own: never the output or the caches.
pub fn watch(site_dir: &Path, changed: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watch> {
    let site_dir = site_dir.canonicalize().with_context(|| format!("cannot find {}", site_dir.display()))?;
    let root = site_dir.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let paths: Vec<PathBuf> = event.paths.into_iter().filter(|path| is_source(&root, path)).collect();
        if !paths.is_empty() {
            changed(paths);
        }
    })
    .context("cannot watch the site's files")?;
    watcher.watch(&site_dir, RecursiveMode::NonRecursive).context("cannot watch the site folder")?;
    let mut watching = BTreeSet::new();
    for folder in WATCHED_FOLDERS {
        let path = site_dir.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
            watching.insert(*folder);
        }
    }
    Ok(Watch { watcher, site_dir, watching })
}

/// Every file the site may be built from now, relative to the site folder.
pub fn source_files(site_dir: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    for folder in WATCHED_FOLDERS {
        for entry in walkdir::WalkDir::new(site_dir.join(folder)).into_iter().flatten() {
            if entry.file_type().is_file() && is_source(site_dir, entry.path()) {
                found.extend(entry.path().strip_prefix(site_dir).ok().map(Path::to_path_buf));
            }
        }
    }
    found.insert(PathBuf::from(crate::load::config::FILE_NAME));
    found
}

/// True for a file the site may be built from: site.toml, or a file in a watched folder that is
/// not hidden, nor an editor's temporary or backup file.
pub fn is_source(site_dir: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(site_dir) else { return false };
    let mut parts = relative.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else { return false };
    if first == crate::load::config::FILE_NAME {
        return relative.components().count() == 1;
    }
    if !WATCHED_FOLDERS.contains(&first.as_ref()) {
        return false;
    }
    let name = relative.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak", ".kate-swp"].iter().any(|ext| name.ends_with(ext))
        // Vim writes this file to test whether it can create files in a folder.
        || name == "4913";
    let hidden_folder = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !temporary && !hidden_folder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_editor_files() {
        let site = Path::new("/site");
        for source in ["site.toml", "content/modules/x.md", "translations/pl.po", "templates/base.html", "static/a.pdf"]
        {
            assert!(is_source(site, &site.join(source)), "{source}");
        }
        for other in [
            "public/index.html",
            ".beacon-cache/leaflets/x.pdf",
            "target/release/beacon",
            "content/modules/.x.md.swp",
            "content/modules/x.md~",
            "content/modules/4913",
            "content/modules/#x.md#",
            "content/.git/HEAD",
            "notes.txt",
            "/elsewhere/site.toml",
        ] {
            assert!(!is_source(site, &site.join(other)), "{other}");
        }
    }
}
