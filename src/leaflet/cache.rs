//! Rendered leaflets kept on disk by the hash of everything that shapes them (text, layout,
//! fonts, format, date), so an unchanged leaflet is never rendered twice. A build reads only a
//! leaflet's page count and size from the cache; the PDF itself is copied into the output by the
//! file system, never held in memory.
//!
//! Each leaflet is one file, `KEY.PAGES.pdf`: the page count is in its name, so the folder is
//! listed once when the build starts rather than a second file read for each leaflet, and a cold
//! build creates one file per leaflet, not two. (On a file system without a journal, creating
//! files soon after many were deleted is slow: ext4 then skips each recently freed inode.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Cache {
    dir: PathBuf,
    /// The page count of each leaflet in the folder, by key: listed when the cache is opened, and
    /// added to as leaflets are kept.
    pages: Mutex<HashMap<String, usize>>,
    /// Set when the build keeps no cache: a folder that lives as long as the build.
    _temporary: Option<tempfile::TempDir>,
}

/// A leaflet in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub file: PathBuf,
    pub bytes: u64,
    pub pages: usize,
}

impl Cache {
    /// The cache in `dir`, or a temporary folder when there is none (or it cannot be created:
    /// a missing cache only costs time).
    pub fn new(dir: Option<PathBuf>) -> std::io::Result<Self> {
        if let Some(dir) = dir
            && std::fs::create_dir_all(&dir).is_ok()
        {
            let pages = Mutex::new(listed(&dir));
            return Ok(Self { dir, pages, _temporary: None });
        }
        let temporary = tempfile::Builder::new().prefix("beacon-leaflets-").tempdir()?;
        Ok(Self { dir: temporary.path().to_path_buf(), pages: Mutex::default(), _temporary: Some(temporary) })
    }

    fn path(&self, key: &str, pages: usize) -> PathBuf {
        self.dir.join(file_name(key, pages))
    }

    fn known_pages(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// This exact leaflet, if it was rendered before.
    pub fn get(&self, key: &str) -> Option<Cached> {
        let pages = *self.known_pages().get(key)?;
        let file = self.path(key, pages);
        // Gone since the folder was listed (removed by hand): rendered again.
        let bytes = std::fs::metadata(&file).ok().filter(|meta| meta.is_file())?.len();
        Some(Cached { file, bytes, pages })
    }

    /// Keeps a leaflet. The PDF is written whole under a temporary name and then renamed, so a
    /// build that is stopped halfway never leaves a partial leaflet under a key.
    pub fn put(&self, key: &str, pdf: &[u8], pages: usize) -> std::io::Result<Cached> {
        let file = self.path(key, pages);
        crate::output::write_whole(&file, pdf)?;
        self.known_pages().insert(key.to_string(), pages);
        Ok(Cached { file, bytes: pdf.len() as u64, pages })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn file_name(key: &str, pages: usize) -> String {
    format!("{key}.{pages}.pdf")
}

/// The leaflets in `dir` by key, with their page counts, from the file names. Other files (the
/// temporary file of a leaflet being written, someone else's) are left out, and the leaflets of
/// an older Beacon, which kept `KEY.pdf` beside `KEY.pages`, are removed: no build reads them.
fn listed(dir: &Path) -> HashMap<String, usize> {
    let Ok(entries) = std::fs::read_dir(dir) else { return HashMap::new() };
    let is_key = |key: &str| !key.is_empty() && key.bytes().all(|b| b.is_ascii_hexdigit());
    let mut leaflets = HashMap::new();
    for name in entries.filter_map(|entry| entry.ok()?.file_name().into_string().ok()) {
        // Only a full SHA-256 key: never a file of someone else's that a `--cache-dir` shares.
        if let Some(key) = name.strip_suffix(".pages").filter(|key| key.len() == 64 && is_key(key)) {
            // The page count goes last, so the PDF goes first: a build stopped in between
            // leaves a count without its PDF, never the other way round.
            let _ = std::fs::remove_file(dir.join(format!("{key}.pdf")));
            let _ = std::fs::remove_file(dir.join(&name));
            continue;
        }
        let Some((key, pages)) = name.strip_suffix(".pdf").and_then(|stem| stem.split_once('.')) else { continue };
        if let Ok(pages @ 1..) = pages.parse::<usize>()
            && is_key(key)
        {
            leaflets.insert(key.to_string(), pages);
        }
    }
    leaflets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_returns_leaflets() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().join("leaflets"))).unwrap();
        assert_eq!(cache.get("abc"), None);
        let stored = cache.put("abc", b"%PDF", 2).unwrap();
        assert_eq!(cache.get("abc"), Some(stored.clone()));
        assert_eq!((std::fs::read(&stored.file).unwrap(), stored.bytes, stored.pages), (b"%PDF".to_vec(), 4, 2));
        let temporary = Cache::new(None).unwrap();
        temporary.put("abc", b"%PDF", 2).unwrap();
        let folder = temporary.dir().to_path_buf();
        assert!(folder.is_dir());
        drop(temporary);
        assert!(!folder.exists(), "a build without a cache leaves nothing behind");
    }

    #[test]
    fn a_later_build_finds_the_leaflets_of_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let stored = Cache::new(Some(dir.path().to_path_buf())).unwrap().put("abc1", b"%PDF-1.7", 3).unwrap();
        // Not leaflets: a half-written one, someone's files.
        let others = [
            ".tmpXyZ",
            "abc3.x.pdf",
            "abc4.0.pdf",
            "notes.1.pdf",
            "a.b.2.pdf",
            "abc5.pdf",
            "abc5.pages",
            "notes.pages",
        ];
        for other in others {
            std::fs::write(dir.path().join(other), "x").unwrap();
        }
        // An older Beacon's leaflet: its PDF and page count, which no build reads any more.
        let old_key = "0123456789abcdef".repeat(4);
        for old in [format!("{old_key}.pdf"), format!("{old_key}.pages")] {
            std::fs::write(dir.path().join(old), "3").unwrap();
        }
        let cache = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        assert_eq!(cache.get("abc1"), Some(stored.clone()));
        for key in [old_key.as_str(), "abc3", "abc4", "abc5", "notes", "a"] {
            assert_eq!(cache.get(key), None, "{key}");
        }
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        let mut expected: Vec<String> = others.iter().map(|name| name.to_string()).collect();
        expected.push("abc1.3.pdf".to_string());
        expected.sort();
        assert_eq!(left, expected, "the old leaflet is removed, everything else stays");
        std::fs::remove_file(&stored.file).unwrap();
        assert_eq!(cache.get("abc1"), None, "a leaflet removed by hand is rendered again");
    }
}
