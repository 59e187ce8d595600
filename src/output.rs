//! Writes the built site. Everything goes into a temporary folder beside the output folder,
//! which replaces the old output only once every file is written: a failed build leaves the last
//! good site untouched.

use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// Marks a folder as Beacon's output, so Beacon never replaces a folder it did not make.
pub const MARKER: &str = ".beacon-output";

pub enum Contents {
    Bytes(Vec<u8>),
    /// Copied from this file.
    Copy(PathBuf),
}

pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub contents: Contents,
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), contents: Contents::Bytes(bytes.into()) }
    }
}

/// Refuses output folders that would destroy sources or someone else's files.
pub fn check_target(site_dir: &Path, out_dir: &Path) -> Result<()> {
    let site =
        site_dir.canonicalize().with_context(|| format!("cannot find the site folder {}", site_dir.display()))?;
    let out = absolute(out_dir)?;
    if site.starts_with(&out) {
        bail!("the output folder {} contains the site itself; choose another --out", out_dir.display());
    }
    if out.is_dir() && !out.join(MARKER).exists() && std::fs::read_dir(&out)?.next().is_some() {
        bail!(
            "{} already exists and was not made by Beacon; choose another --out, or empty or delete the folder",
            out_dir.display()
        );
    }
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    // The folder may not exist yet: resolve its parent, which must.
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = path.file_name().context("the output folder needs a name")?;
    Ok(parent.canonicalize()?.join(name))
}

/// Writes `files` into a fresh folder, then puts it in place of `out_dir`.
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(out_dir)?;
    for file in files {
        staging.write_file(file)?;
    }
    staging.commit()
}

/// A new site being written beside the output folder. Files can be written from many threads
/// as they are made, so a build never holds every page in memory; `commit` puts the folder in
/// place of the old site. Dropped without `commit` (a failed build), it is deleted.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Staging> {
        let out = absolute(out_dir)?;
        let parent = out.parent().context("the output folder has no parent")?;
        let dir = tempfile::Builder::new()
            .prefix(".beacon-new-")
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
        Ok(Staging { out, dir })
    }

    /// Writes one file; `path` is relative to the output folder, with `/` separators.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.target(path)?;
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {path}"))
    }

    pub fn write_file(&self, file: &OutputFile) -> Result<()> {
        match &file.contents {
            Contents::Bytes(bytes) => self.write(&file.path, bytes),
            Contents::Copy(source) => {
                let target = self.target(&file.path)?;
                std::fs::copy(source, &target).map(|_| ()).with_context(|| format!("cannot write {}", file.path))
            }
        }
    }

    fn target(&self, path: &str) -> Result<PathBuf> {
        let target = self.dir.path().join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
        }
        Ok(target)
    }

    /// Marks the folder as Beacon's and puts it in place of the old output.
    pub fn commit(self) -> Result<()> {
        std::fs::write(
            self.dir.path().join(MARKER),
            "This folder is written by `beacon build`; it is replaced on every build.\n",
        )?;
        let out = self.out;
        let parent = out.parent().context("the output folder has no parent")?.to_path_buf();
        let staged = self.dir.keep();
        if out.exists() {
            let old = tempfile::Builder::new().prefix(".beacon-old-").tempdir_in(&parent)?.keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(&out, &old).with_context(|| format!("cannot move the old {} aside", out.display()))?;
            if let Err(error) = std::fs::rename(&staged, &out) {
                // Put the last good site back before reporting.
                let _ = std::fs::rename(&old, &out);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(error).with_context(|| format!("cannot move the new site into {}", out.display()));
            }
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the old site at {}", old.display()))?;
        } else {
            std::fs::rename(&staged, &out).with_context(|| format!("cannot create {}", out.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_previous_output_and_marks_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutputFile::bytes("a/index.html", "one")]).unwrap();
        write_site(&out, &[OutputFile::bytes("b.txt", "two")]).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_folders_it_did_not_make_and_the_site_itself() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("mine")).unwrap();
        std::fs::write(site.join("mine/notes.txt"), "keep me").unwrap();
        let error = check_target(&site, &site.join("mine")).unwrap_err().to_string();
        assert!(error.contains("was not made by Beacon"), "{error}");
        let error = check_target(&site, dir.path()).unwrap_err().to_string();
        assert!(error.contains("contains the site itself"), "{error}");
        assert!(check_target(&site, &site.join("public")).is_ok());
    }
}
