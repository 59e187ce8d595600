//! Rendered leaflets kept on disk by the hash of everything that shapes them (text, layout,
//! fonts, format, date), so an unchanged leaflet is never rendered twice. A build reads only a
//! leaflet's page count and size from the cache; the PDF itself is copied into the output by the
//! file system, never held in memory.

use std::path::{Path, PathBuf};

pub struct Cache {
    dir: PathBuf,
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
            return Ok(Self { dir, _temporary: None });
        }
        let temporary = tempfile::Builder::new().prefix("beacon-leaflets-").tempdir()?;
        Ok(Self { dir: temporary.path().to_path_buf(), _temporary: Some(temporary) })
    }

    fn paths(&self, key: &str) -> (PathBuf, PathBuf) {
        (self.dir.join(format!("{key}.pdf")), self.dir.join(format!("{key}.pages")))
    }

    /// This exact leaflet, if it was rendered before.
    pub fn get(&self, key: &str) -> Option<Cached> {
        let (pdf, pages) = self.paths(key);
        let pages: usize = std::fs::read_to_string(pages).ok()?.trim().parse().ok()?;
        let bytes = std::fs::metadata(&pdf).ok()?.len();
        Some(Cached { file: pdf, bytes, pages })
    }

    pub fn put(&self, key: &str, pdf: &[u8], pages: usize) -> std::io::Result<Cached> {
        let (pdf_path, pages_path) = self.paths(key);
        // The PDF is written whole first; the page count is written last and is what `get`
        // looks for first.
        crate::output::write_whole(&pdf_path, pdf)?;
        std::fs::write(pages_path, pages.to_string())?;
        Ok(Cached { file: pdf_path, bytes: pdf.len() as u64, pages })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
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
}
