//! Files the site publishes must belong to the site. A symbolic link (or a `../` path from a
//! translator) could otherwise publish any file of the build machine, such as /etc/passwd, as
//! an image. Every image and static file is resolved after following links and must end up
//! inside the site folder.

use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum SiteFile {
    /// An ordinary file inside the site folder.
    Inside,
    Missing,
    /// It exists, but is really a file elsewhere: where.
    Outside(PathBuf),
}

/// The site folder, resolved once for checking many files.
pub struct SiteRoot<'a> {
    dir: &'a Path,
    real: Option<PathBuf>,
}

impl<'a> SiteRoot<'a> {
    pub fn new(dir: &'a Path) -> SiteRoot<'a> {
        SiteRoot { dir, real: dir.canonicalize().ok() }
    }

    /// Where `relative` (a path inside the site folder) leads.
    pub fn locate(&self, relative: &Path) -> SiteFile {
        let Ok(real) = self.dir.join(relative).canonicalize() else {
            return SiteFile::Missing;
        };
        if !real.is_file() {
            return SiteFile::Missing;
        }
        match &self.real {
            Some(root) if real.starts_with(root) => SiteFile::Inside,
            _ => SiteFile::Outside(real),
        }
    }
}

/// Where `relative` (a path inside `site_dir`) leads, for a single file.
pub fn locate(site_dir: &Path, relative: &Path) -> SiteFile {
    SiteRoot::new(site_dir).locate(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_must_stay_inside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("a.png"), "x").unwrap();
        std::os::unix::fs::symlink(site.path().join("a.png"), site.path().join("b.png")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path().join("c.png")).unwrap();
        assert_eq!(locate(site.path(), Path::new("a.png")), SiteFile::Inside);
        assert_eq!(locate(site.path(), Path::new("b.png")), SiteFile::Inside);
        assert!(matches!(locate(site.path(), Path::new("c.png")), SiteFile::Outside(_)));
        assert!(matches!(locate(site.path(), Path::new("../x/secret.txt")), SiteFile::Missing));
        assert_eq!(locate(site.path(), Path::new("nothing.png")), SiteFile::Missing);
    }
}
