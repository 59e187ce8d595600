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

/// Where `relative` (a path inside `site_dir`) leads.
pub fn locate(site_dir: &Path, relative: &Path) -> SiteFile {
    let Ok(real) = site_dir.join(relative).canonicalize() else {
        return SiteFile::Missing;
    };
    if !real.is_file() {
        return SiteFile::Missing;
    }
    match site_dir.canonicalize() {
        Ok(root) if real.starts_with(&root) => SiteFile::Inside,
        _ => SiteFile::Outside(real),
    }
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
