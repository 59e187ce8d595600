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
    /// From a file in one of Beacon's caches, which Beacon never writes to once it is there:
    /// linked into the site when the file system allows, so that a leaflet is written once,
    /// and copied otherwise. The cache checks that nobody wrote to the file through the site's
    /// link before it hands the file out again (see `leaflet::cache`), and the output that the
    /// file it links or copies still has the size and time of change the cache handed out.
    Cached {
        file: PathBuf,
        bytes: u64,
        changed: std::time::SystemTime,
    },
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

/// Writes one file whole or not at all: under a temporary name beside it, then renamed over it,
/// so that whoever reads it next (a later build using a cache) never finds half a file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = written_temporary(path.parent().unwrap_or(Path::new(".")), bytes)?;
    temporary.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// A temporary file in `folder` holding `bytes`, readable by everyone, for the caller to rename.
pub fn written_temporary(folder: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temporary = tempfile::Builder::new().tempfile_in(folder)?;
    std::io::Write::write_all(&mut temporary, bytes)?;
    // A temporary file is readable by its owner only; this one is published (copied or linked
    // from a cache).
    make_published(temporary.as_file())?;
    Ok(temporary)
}

/// The file `name` in the cache folder `folder`, made by `make` and written whole when it is not
/// there yet. Callers name files by a hash of everything that goes into them, so a file that is
/// there is the one `make` would make.
pub fn cached_file(folder: &Path, name: &str, make: impl FnOnce() -> Result<Vec<u8>>) -> Result<PathBuf> {
    let file = folder.join(name);
    if !file.is_file() {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
        let bytes = make()?;
        write_whole(&file, &bytes).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(file)
}

/// Removes the files in `folder` whose names `stale` picks and whose `last_used` time (their
/// time of change or of access) is before `before`: what a cache holds that builds have stopped
/// using. Temporary files (a build still writing) and everything `stale` does not pick stay.
/// Returns how many files went; a file that cannot be removed is left for the next build.
pub fn remove_stale(
    folder: &Path,
    before: std::time::SystemTime,
    last_used: fn(&std::fs::Metadata) -> std::io::Result<std::time::SystemTime>,
    stale: impl Fn(&str) -> bool,
) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name.starts_with('.') || !stale(&name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_file()
            && last_used(&meta).is_ok_and(|used| used < before)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Owner may write; everyone may read.
#[cfg(unix)]
const PUBLISHED_MODE: u32 = 0o644;

/// Folders of a site that Beacon reads: the output may not be written into them.
const SOURCE_FOLDERS: &[&str] =
    &["content", "static", "translations", "templates", "leaflet", "themes", ".beacon-cache"];

/// Refuses output folders that would destroy sources or someone else's files.
pub fn check_target(site_dir: &Path, out_dir: &Path) -> Result<()> {
    let site =
        site_dir.canonicalize().with_context(|| format!("cannot find the site folder {}", site_dir.display()))?;
    let out = absolute(out_dir)?;
    if site.starts_with(&out) {
        bail!("the output folder {} contains the site itself; choose another --out", out_dir.display());
    }
    if let Ok(inside) = out.strip_prefix(&site)
        && let Some(first) = inside.components().next()
        && SOURCE_FOLDERS.iter().any(|folder| first.as_os_str() == *folder)
    {
        bail!(
            "the output folder {} is inside the site's {} folder, which holds what the site is built from; choose another --out, such as public",
            out_dir.display(),
            first.as_os_str().to_string_lossy()
        );
    }
    if out.exists() && !out.is_dir() {
        bail!("{} is a file, not a folder; choose another --out", out_dir.display());
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
    // An existing path (even "." or "..") resolves as it is.
    if let Ok(resolved) = path.canonicalize() {
        return Ok(resolved);
    }
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
    /// Removed when the staging is dropped without being committed.
    dir: PathBuf,
    /// Held while the build runs, so that other builds know the folder is not a leftover.
    _lock: Lock,
    /// The name shared by this build's folders and lock (".beacon-new-NAME").
    name: String,
    /// Folders already made inside `dir`: a site of 20,000 pages has a few thousand folders,
    /// and asking the file system for each folder of each file costs two calls a file.
    folders: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

const NEW_PREFIX: &str = ".beacon-new-";
const OLD_PREFIX: &str = ".beacon-old-";
const LOCK_PREFIX: &str = ".beacon-lock-";

/// A locked file beside the output folder, removed when the build ends.
struct Lock {
    path: PathBuf,
    file: std::fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Staging> {
        let out = absolute(out_dir)?;
        let parent = out.parent().context("the output folder has no parent")?;
        remove_leftovers(parent);
        // The lock comes first: a folder without a held lock is a killed build's leftover.
        let (file, path) = tempfile::Builder::new()
            .prefix(LOCK_PREFIX)
            .tempfile_in(parent)
            .with_context(|| format!("cannot create a temporary file in {}", parent.display()))?
            .keep()?;
        let lock = Lock { path, file };
        lock.file.lock()?;
        let name = lock.path.file_name().unwrap_or_default().to_string_lossy()[LOCK_PREFIX.len()..].to_string();
        let dir_path = parent.join(format!("{NEW_PREFIX}{name}"));
        std::fs::create_dir(&dir_path).with_context(|| format!("cannot create {}", dir_path.display()))?;
        Ok(Staging { out, dir: dir_path, _lock: lock, name, folders: Default::default() })
    }

    /// Writes one file; `path` is relative to the output folder, with `/` separators. When the
    /// old site has the file with these very bytes, it is linked instead (see
    /// `link_previous_same`).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let target = self.target(path)?;
        if self.link_previous_same(path, bytes, &target) {
            return Ok(());
        }
        let mut file = fresh_file(&target).with_context(|| format!("cannot write {path}"))?;
        std::io::Write::write_all(&mut file, bytes).with_context(|| format!("cannot write {path}"))
    }

    /// Links the old site's file at `path` into the new site when it holds exactly `bytes` and
    /// everyone may read it. Most files of a rebuild are unchanged, and reading one back costs
    /// less than creating a file: on ext4 without a journal, just after a rebuild removed
    /// thousands, far less. An unchanged page also keeps its date, so browsers and caches asking
    /// whether it changed are told it did not. False when the file is not the same: the caller
    /// writes it.
    fn link_previous_same(&self, path: &str, bytes: &[u8], target: &Path) -> bool {
        let previous = self.out.join(path);
        let Ok(meta) = std::fs::symlink_metadata(&previous) else { return false };
        meta.is_file()
            && meta.len() == bytes.len() as u64
            && has_published_mode(&meta)
            && std::fs::read(&previous).is_ok_and(|old| old == bytes)
            && std::fs::hard_link(&previous, target).is_ok()
    }

    pub fn write_file(&self, file: &OutputFile) -> Result<()> {
        match &file.contents {
            Contents::Bytes(bytes) => self.write(&file.path, bytes),
            Contents::Copy(source) => {
                let target = self.target(&file.path)?;
                if self.link_previous_copy(source, &file.path, &target) {
                    return Ok(());
                }
                copy(source, &target, &file.path)
            }
            Contents::Cached { file: source, bytes, changed } => {
                let target = self.target(&file.path)?;
                let linked = is_published(source) && std::fs::hard_link(source, &target).is_ok();
                // Otherwise another file system, or one without links: the previous site's copy,
                // if it is the same, or a new copy.
                if !linked && !self.link_previous_copy(source, &file.path, &target) {
                    copy(source, &target, &file.path)?;
                }
                // The cache checked the file when the build began; someone may have written to
                // it since, through the old site's link to it.
                let published = std::fs::metadata(&target).with_context(|| format!("cannot read {}", file.path))?;
                if published.len() != *bytes || published.modified().ok() != Some(*changed) {
                    bail!(
                        "{}: the leaflet changed in the cache ({}) while the site was being built, perhaps \
                         edited in the old site; build again to make it anew",
                        file.path,
                        source.display()
                    );
                }
                Ok(())
            }
        }
    }

    /// Links the old site's copy of `source` into the new site, when the last build copied it
    /// from the same source and nobody has changed it since: same size, same time of change
    /// (a copy takes its source's), readable by everyone. Leaflets and static files are most of
    /// a site's bytes and rarely change, so a build writes only what did. The old site is
    /// removed once the new one is in place, so the file is never shared with another folder.
    /// False when there is no such copy or the link cannot be made: the caller copies.
    fn link_previous_copy(&self, source: &Path, path: &str, target: &Path) -> bool {
        let previous = self.out.join(path);
        let (Ok(source_meta), Ok(previous_meta)) = (std::fs::metadata(source), std::fs::symlink_metadata(&previous))
        else {
            return false;
        };
        let changed = |meta: &std::fs::Metadata| meta.modified().ok();
        let unchanged = previous_meta.is_file()
            && previous_meta.len() == source_meta.len()
            && changed(&previous_meta).is_some()
            && changed(&previous_meta) == changed(&source_meta)
            && has_published_mode(&previous_meta);
        unchanged && std::fs::hard_link(&previous, target).is_ok()
    }

    fn target(&self, path: &str) -> Result<PathBuf> {
        let target = self.dir.join(path);
        if let Some(folder) = target.parent() {
            let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
            // Two threads may both make a new folder: `create_dir_all` allows that.
            if !folders().contains(folder) {
                std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
                folders().insert(folder.to_path_buf());
            }
        }
        Ok(target)
    }

    /// Marks the folder as Beacon's and puts it in place of the old output.
    pub fn commit(self) -> Result<()> {
        std::fs::write(
            self.dir.join(MARKER),
            "This folder is written by `beacon build`; it is replaced on every build.\n",
        )?;
        let out = self.out.clone();
        let parent = out.parent().context("the output folder has no parent")?.to_path_buf();
        let staged = self.dir.clone();
        if out.exists() {
            let old = parent.join(format!("{OLD_PREFIX}{}", self.name));
            std::fs::rename(&out, &old).with_context(|| format!("cannot move the old {} aside", out.display()))?;
            if let Err(error) = std::fs::rename(&staged, &out) {
                // Put the last good site back before reporting.
                let _ = std::fs::rename(&old, &out);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(error).with_context(|| format!("cannot move the new site into {}", out.display()));
            }
            remove_folder(&old).with_context(|| format!("cannot remove the old site at {}", old.display()))?;
        } else {
            std::fs::rename(&staged, &out).with_context(|| format!("cannot create {}", out.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the folder has become the output and is no longer here.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Copies `source` to `target` (`path` in the site), readable by everyone.
fn copy(source: &Path, target: &Path, path: &str) -> Result<()> {
    let mut from = std::fs::File::open(source).with_context(|| format!("cannot read {}", source.display()))?;
    let mut copy = fresh_file(target).with_context(|| format!("cannot write {path}"))?;
    std::io::copy(&mut from, &mut copy).with_context(|| format!("cannot write {path}"))?;
    // The copy takes its source's time of change, which is how the next build knows it is still
    // the same file (see `link_previous_copy`); a web server reports it as the file's date, so an
    // unchanged leaflet keeps its date from build to build.
    if let Ok(changed) = from.metadata().and_then(|m| m.modified()) {
        copy.set_modified(changed).with_context(|| format!("cannot set the date of {path}"))?;
    }
    Ok(())
}

/// A new, empty file at `target`, readable by everyone whatever the umask (a web server running
/// as another user reads it). Should two of a site's files have the same path, the later one
/// replaces the earlier, as before: the earlier is removed, never written over, because it may
/// be a link to a file in a cache.
fn fresh_file(target: &Path) -> std::io::Result<std::fs::File> {
    loop {
        match std::fs::File::options().write(true).create_new(true).open(target) {
            Ok(file) => {
                make_published(&file)?;
                return Ok(file);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => match std::fs::remove_file(target) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
                _ => continue,
            },
            Err(error) => return Err(error),
        }
    }
}

/// Gives an open file the mode of every file Beacon publishes, so that a web server running as
/// another user can read it. Set on the file once made, where the user's umask cannot narrow it.
fn make_published(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(PUBLISHED_MODE))?;
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Whether a web server running as another user may read `file`, so that the site may link to
/// it rather than copy it.
fn is_published(file: &Path) -> bool {
    std::fs::metadata(file).is_ok_and(|meta| has_published_mode(&meta))
}

/// Whether a file's mode is the one Beacon gives every file it publishes (on unix; elsewhere,
/// files have no such mode).
fn has_published_mode(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.permissions().mode() & 0o777 == PUBLISHED_MODE
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Removes a folder, each of its top-level entries on its own thread: a built site has a folder
/// for each language, and removing thousands of files is most of a rebuild that changed nothing.
fn remove_folder(path: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(path)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(path)
}

/// Removes what killed builds left beside the output folder: their new and old folders, whose
/// lock no running build holds.
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(name) = file_name.strip_prefix(NEW_PREFIX).or_else(|| file_name.strip_prefix(OLD_PREFIX)) else {
            continue;
        };
        let lock_path = parent.join(format!("{LOCK_PREFIX}{name}"));
        let in_use = std::fs::File::open(&lock_path).is_ok_and(|lock| lock.try_lock().is_err());
        if in_use {
            continue;
        }
        let path = entry.path();
        let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        let _ = std::fs::remove_file(lock_path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache's file as the cache hands it out: with its size and time of change.
    fn cached(file: &Path) -> Contents {
        let meta = std::fs::metadata(file).unwrap();
        Contents::Cached { file: file.to_path_buf(), bytes: meta.len(), changed: meta.modified().unwrap() }
    }

    #[test]
    fn a_cached_file_written_to_during_the_build_stops_it() {
        let dir = tempfile::tempdir().unwrap();
        let (out, leaflet) = (dir.path().join("public"), dir.path().join("a.pdf"));
        write_whole(&leaflet, b"%PDF as made").unwrap();
        let contents = cached(&leaflet);
        // Through the old site's link, after the cache checked it.
        let mut file = std::fs::OpenOptions::new().append(true).open(&leaflet).unwrap();
        std::io::Write::write_all(&mut file, b" and edited").unwrap();
        let Err(error) = write_site(&out, &[OutputFile { path: "leaflets/a.pdf".into(), contents }]) else {
            panic!("an edited leaflet would be published")
        };
        assert!(format!("{error:#}").contains("leaflets/a.pdf: the leaflet changed in the cache"), "{error:#}");
        assert!(!out.exists(), "nothing is published");
    }

    #[cfg(unix)]
    #[test]
    fn files_written_whole_are_readable_by_everyone() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leaflet.pdf");
        write_whole(&path, b"%PDF").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
    }

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

    /// An unchanged copied file is carried over from the last build (the same file on disk);
    /// one edited in the output, or whose source changed, is copied again.
    #[cfg(unix)]
    #[test]
    fn unchanged_copies_are_carried_over_and_changed_ones_copied_again() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (leaflet, edited, renewed) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"), dir.path().join("c.pdf"));
        for source in [&leaflet, &edited, &renewed] {
            std::fs::write(source, "%PDF one").unwrap();
        }
        let files = || -> Vec<OutputFile> {
            [&leaflet, &edited, &renewed]
                .iter()
                .map(|source| OutputFile {
                    path: format!("leaflets/{}", source.file_name().unwrap().to_string_lossy()),
                    contents: Contents::Copy(source.to_path_buf()),
                })
                .collect()
        };
        write_site(&out, &files()).unwrap();
        let inode = |name: &str| std::fs::metadata(out.join("leaflets").join(name)).unwrap().ino();
        let changed = |path: &Path| std::fs::metadata(path).unwrap().modified().unwrap();
        assert_eq!(changed(&out.join("leaflets/a.pdf")), changed(&leaflet), "a copy keeps its source's date");
        let before = [inode("a.pdf"), inode("b.pdf"), inode("c.pdf")];

        // Someone edits a published file in place; a source changes (same size, new date).
        std::fs::write(out.join("leaflets/b.pdf"), "%PDF 1!!").unwrap();
        let old_date = changed(&renewed);
        std::fs::write(&renewed, "%PDF two").unwrap();
        let file = std::fs::File::options().write(true).open(&renewed).unwrap();
        file.set_modified(old_date + std::time::Duration::from_secs(5)).unwrap();

        write_site(&out, &files()).unwrap();
        assert_eq!(inode("a.pdf"), before[0], "the unchanged file is carried over");
        assert_ne!(inode("b.pdf"), before[1]);
        assert_ne!(inode("c.pdf"), before[2]);
        let read = |name: &str| std::fs::read_to_string(out.join("leaflets").join(name)).unwrap();
        assert_eq!([read("a.pdf"), read("b.pdf"), read("c.pdf")], ["%PDF one", "%PDF one", "%PDF two"]);
        for name in ["a.pdf", "b.pdf", "c.pdf"] {
            assert_eq!(std::fs::metadata(out.join("leaflets").join(name)).unwrap().nlink(), 1, "{name} is not shared");
        }
    }

    #[cfg(unix)]
    #[test]
    fn cached_files_are_linked_and_copied_only_when_they_cannot_be() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (linked, private) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        for source in [&linked, &private] {
            write_whole(source, b"%PDF cached").unwrap();
        }
        // Only its owner may read it: a web server could not read it through a link either.
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
        let files: Vec<OutputFile> = [&linked, &private]
            .iter()
            .map(|source| OutputFile {
                path: format!("leaflets/{}", source.file_name().unwrap().to_string_lossy()),
                contents: cached(source),
            })
            .collect();
        for _ in 0..2 {
            write_site(&out, &files).unwrap();
            let meta = |path: &Path| std::fs::metadata(path).unwrap();
            assert_eq!(meta(&out.join("leaflets/a.pdf")).ino(), meta(&linked).ino(), "linked, not copied");
            assert_ne!(meta(&out.join("leaflets/b.pdf")).ino(), meta(&private).ino());
            assert_eq!(meta(&out.join("leaflets/b.pdf")).permissions().mode() & 0o777, PUBLISHED_MODE);
            assert_eq!(std::fs::read(out.join("leaflets/b.pdf")).unwrap(), b"%PDF cached");
        }
        assert_eq!(std::fs::metadata(&linked).unwrap().nlink(), 2, "the old site's link is gone");
    }

    #[cfg(unix)]
    #[test]
    fn files_the_old_site_has_with_the_same_bytes_are_carried_over() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = |about: &str| -> Vec<OutputFile> {
            ["same", "edited", "private", "changed"]
                .iter()
                .map(|name| {
                    let text = if *name == "changed" { about } else { "<p>Call 999</p>" };
                    OutputFile::bytes(format!("pages/{name}.html"), text)
                })
                .collect()
        };
        write_site(&out, &files("<p>Call 111</p>")).unwrap();
        let page = |name: &str| out.join(format!("pages/{name}.html"));
        let inode = |name: &str| std::fs::metadata(page(name)).unwrap().ino();
        let before: Vec<u64> = ["same", "edited", "private", "changed"].iter().map(|name| inode(name)).collect();
        // Edited in place to other bytes of the same length; made readable by its owner only.
        std::fs::write(page("edited"), "<p>Call 998</p>").unwrap();
        std::fs::set_permissions(page("private"), std::fs::Permissions::from_mode(0o600)).unwrap();

        write_site(&out, &files("<p>Call 112</p>")).unwrap();
        assert_eq!(inode("same"), before[0], "the unchanged page is carried over");
        for (index, name) in ["edited", "private", "changed"].iter().enumerate() {
            assert_ne!(inode(name), before[index + 1], "{name} is written again");
        }
        let read = |name: &str| std::fs::read_to_string(page(name)).unwrap();
        assert_eq!(
            [read("same"), read("edited"), read("private"), read("changed")],
            ["<p>Call 999</p>", "<p>Call 999</p>", "<p>Call 999</p>", "<p>Call 112</p>"]
        );
        assert_eq!(std::fs::metadata(page("same")).unwrap().nlink(), 1, "the old site is gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_second_file_at_a_linked_leaflets_path_never_writes_into_the_cache() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let (leaflet, other) = (dir.path().join("cached.pdf"), dir.path().join("other.pdf"));
        write_whole(&leaflet, b"%PDF the leaflet").unwrap();
        std::fs::write(&other, b"%PDF a static file").unwrap();
        let at = |contents: Contents| OutputFile { path: "leaflets/x.pdf".into(), contents };
        for (second, expected) in [
            (at(Contents::Bytes(b"%PDF bytes".to_vec())), &b"%PDF bytes"[..]),
            (at(Contents::Copy(other.clone())), &b"%PDF a static file"[..]),
        ] {
            let out = dir.path().join("public");
            write_site(&out, &[at(cached(&leaflet)), second]).unwrap();
            assert_eq!(std::fs::read(&leaflet).unwrap(), b"%PDF the leaflet", "the cache's file is untouched");
            assert_eq!(std::fs::read(out.join("leaflets/x.pdf")).unwrap(), expected, "the later file wins");
            let mode = std::fs::metadata(out.join("leaflets/x.pdf")).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, PUBLISHED_MODE);
        }
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
        for source in ["static/site", "content/x", "translations"] {
            let error = check_target(&site, &site.join(source)).unwrap_err().to_string();
            assert!(error.contains("which holds what the site is built from"), "{error}");
        }
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        let error = check_target(&site, &dir.path().join("notes.txt")).unwrap_err().to_string();
        assert!(error.contains("is a file, not a folder"), "{error}");
    }

    #[test]
    fn leftovers_of_killed_builds_go_but_running_builds_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".beacon-new-dead1")).unwrap();
        std::fs::create_dir(dir.path().join(".beacon-old-dead2")).unwrap();
        std::fs::write(dir.path().join(".beacon-lock-dead2"), "").unwrap();
        let running = Staging::new(&dir.path().join("public")).unwrap();
        running.write("a.txt", b"a").unwrap();
        let other = Staging::new(&dir.path().join("public")).unwrap();
        let mut names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
        names.sort();
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(names.iter().all(|n| !n.ends_with("dead1") && !n.ends_with("dead2")), "{names:?}");
        running.commit().unwrap();
        drop(other);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }
}
