//! Rendered leaflets kept on disk by the hash of everything that shapes them (text, layout,
//! fonts, format, date), so an unchanged leaflet is never rendered twice.

use std::path::PathBuf;

pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    pub fn new(dir: Option<PathBuf>) -> Self {
        if let Some(dir) = &dir {
            // A cache that cannot be created only costs time: leaflets are rendered instead.
            let _ = std::fs::create_dir_all(dir);
        }
        Self { dir }
    }

    fn paths(&self, key: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.dir.as_ref()?;
        Some((dir.join(format!("{key}.pdf")), dir.join(format!("{key}.pages"))))
    }

    /// The PDF and its page count, if this exact leaflet was rendered before.
    pub fn get(&self, key: &str) -> Option<(Vec<u8>, usize)> {
        let (pdf, pages) = self.paths(key)?;
        let pages: usize = std::fs::read_to_string(pages).ok()?.trim().parse().ok()?;
        Some((std::fs::read(pdf).ok()?, pages))
    }

    pub fn put(&self, key: &str, pdf: &[u8], pages: usize) {
        let Some((pdf_path, pages_path)) = self.paths(key) else { return };
        // Write the PDF under a temporary name first, so a reader never sees half a file; the
        // page count is written last and is what `get` looks for first.
        let temporary = pdf_path.with_extension(format!("pdf.{}.tmp", std::process::id()));
        if std::fs::write(&temporary, pdf).is_ok() && std::fs::rename(&temporary, &pdf_path).is_ok() {
            let _ = std::fs::write(pages_path, pages.to_string());
        } else {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_returns_leaflets() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().join("leaflets")));
        assert_eq!(cache.get("abc"), None);
        cache.put("abc", b"%PDF", 2);
        assert_eq!(cache.get("abc"), Some((b"%PDF".to_vec(), 2)));
        let off = Cache::new(None);
        off.put("abc", b"%PDF", 2);
        assert_eq!(off.get("abc"), None);
    }
}
