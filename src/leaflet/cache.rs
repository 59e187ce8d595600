//! Rendered leaflets kept on disk by the hash of everything that shapes them (text, layout,
//! fonts, format, date), so an unchanged leaflet is never rendered twice. A build reads only a
//! leaflet's page count and size from the cache; the PDF itself is linked or copied into the
//! output by the file system, never held in memory.
//!
//! Each leaflet is one file, `KEY.PAGES.STAMP.pdf`: the page count is in its name, so the folder
//! is listed once when the build starts rather than a second file read for each leaflet. The
//! site links to these files where the file system allows (see `output::Contents::Cached`), so a
//! cold build writes each leaflet once: on a file system without a journal, creating files soon
//! after many were deleted is slow, as ext4 then skips each recently freed inode. The stamp, from
//! the file's size and time of change when it was kept, shows whether anyone has written to it
//! since, through the site's link: such a leaflet is rendered again, never published as it is.

use crate::text::hash::is_digest;
use std::collections::{HashMap, HashSet};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Cache {
    dir: PathBuf,
    /// The page count and stamp of each leaflet in the folder, by key: listed when the cache is
    /// opened, and added to as leaflets are kept.
    entries: Mutex<HashMap<String, Entry>>,
    /// The keys of the leaflets this build took from the cache or kept in it.
    used: Mutex<HashSet<String>>,
    /// Set when the build keeps no cache: a folder that lives as long as the build.
    _temporary: Option<tempfile::TempDir>,
    /// A shared lock on the folder's lock file, held while the cache is open, so that a build
    /// that prunes the folder never removes what another build sharing it is using.
    lock: Option<std::fs::File>,
}

/// The lock file in a cache folder (see `Cache::lock`).
const LOCK_FILE: &str = ".beacon-lock";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    pages: usize,
    stamp: String,
}

/// A leaflet in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub file: PathBuf,
    pub bytes: u64,
    pub pages: usize,
    /// When the file was written: with its size, what the output checks to know that the file
    /// it links or copies is still this leaflet.
    pub changed: std::time::SystemTime,
}

impl Cache {
    /// The cache in `dir`, or a temporary folder when there is none (or it cannot be created:
    /// a missing cache only costs time).
    pub fn new(dir: Option<PathBuf>) -> std::io::Result<Self> {
        if let Some(dir) = dir
            && std::fs::create_dir_all(&dir).is_ok()
        {
            // Without a lock (a file system that has none), the cache still works; it is only
            // never pruned.
            let lock = std::fs::File::create(dir.join(LOCK_FILE)).ok().filter(|file| file.lock_shared().is_ok());
            let entries = Mutex::new(listed(&dir));
            return Ok(Self { dir, entries, used: Mutex::default(), _temporary: None, lock });
        }
        let temporary = tempfile::Builder::new().prefix("beacon-leaflets-").tempdir()?;
        Ok(Self {
            dir: temporary.path().to_path_buf(),
            entries: Mutex::default(),
            used: Mutex::default(),
            _temporary: Some(temporary),
            lock: None,
        })
    }

    fn path(&self, key: &str, entry: &Entry) -> PathBuf {
        self.dir.join(format!("{key}.{}.{}.pdf", entry.pages, entry.stamp))
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// This exact leaflet, if it was rendered before and nobody has written to it since.
    pub fn get(&self, key: &str) -> Option<Cached> {
        let entry = self.entries().get(key)?.clone();
        let file = self.path(key, &entry);
        // Gone since the folder was listed (removed by hand): rendered again.
        let meta = std::fs::metadata(&file).ok().filter(|meta| meta.is_file())?;
        if stamp(&meta).as_ref() != Some(&entry.stamp) {
            // Written to since it was kept, most likely edited in place in a built site that
            // links to it. Only the cache's name goes; the site keeps its file until replaced.
            let _ = std::fs::remove_file(&file);
            return None;
        }
        self.mark_used(key);
        // Used now: pruning goes by the time a leaflet was last used, which is kept as its time
        // of access (its time of change is in the stamp and stays).
        let now = std::fs::FileTimes::new().set_accessed(std::time::SystemTime::now());
        let _ = std::fs::File::open(&file).and_then(|opened| opened.set_times(now));
        let changed = meta.modified().ok()?;
        Some(Cached { file, bytes: meta.len(), pages: entry.pages, changed })
    }

    fn mark_used(&self, key: &str) {
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_string());
    }

    /// Removes the leaflets this build did not use and no build has used since `before`: a
    /// leaflet whose text, layout or date changed is never used again, and a leaflet of a module
    /// without an `updated` date prints the day it was built, so each day's build makes it anew.
    /// Only Beacon's own leaflets go (full SHA-256 keys), never other files in a shared folder,
    /// and nothing while another build has the folder open. Returns how many went.
    pub fn prune(&self, before: std::time::SystemTime) -> usize {
        // The shared lock becomes an exclusive one only if no other build holds the folder.
        let Some(lock) = &self.lock else { return 0 };
        if lock.try_lock().is_err() {
            return 0;
        }
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        crate::output::remove_stale(
            &self.dir,
            before,
            std::fs::Metadata::accessed,
            |name| matches!(leaflet_name(name), Some((key, _)) if is_digest(key) && !used.contains(key)),
        )
    }

    /// Keeps a leaflet. The PDF is written whole under a temporary name and then renamed, so a
    /// build that is stopped halfway never leaves a partial leaflet under a key.
    pub fn put(&self, key: &str, pdf: &[u8], pages: usize) -> std::io::Result<Cached> {
        let temporary = crate::output::written_temporary(&self.dir, pdf)?;
        let meta = temporary.as_file().metadata()?;
        let stamp = stamp(&meta).ok_or_else(|| std::io::Error::other("the file system gives no time of change"))?;
        let entry = Entry { pages, stamp };
        let file = self.path(key, &entry);
        temporary.persist(&file).map_err(|e| e.error)?;
        self.entries().insert(key.to_string(), entry);
        self.mark_used(key);
        let changed = meta.modified()?;
        Ok(Cached { file, bytes: pdf.len() as u64, pages, changed })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// What changes whenever a file is written: its size and time of change, hashed to 16 hex
/// digits. None when the file system keeps no time of change.
fn stamp(meta: &Metadata) -> Option<String> {
    let changed = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let digest = crate::text::hash::hex_digest(&[
        &meta.len().to_le_bytes(),
        &changed.as_secs().to_le_bytes(),
        &changed.subsec_nanos().to_le_bytes(),
    ]);
    Some(digest[..STAMP_DIGITS].to_string())
}

const STAMP_DIGITS: usize = 16;

/// The key and entry of a leaflet's file name, `KEY.PAGES.STAMP.pdf`; None for any other name.
fn leaflet_name(name: &str) -> Option<(&str, Entry)> {
    let (key, rest) = name.strip_suffix(".pdf")?.split_once('.')?;
    let (pages, stamp) = rest.split_once('.')?;
    let pages = pages.parse::<usize>().ok().filter(|pages| *pages > 0)?;
    (is_hex(key) && stamp.len() == STAMP_DIGITS && is_hex(stamp))
        .then(|| (key, Entry { pages, stamp: stamp.to_string() }))
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The leaflets in `dir` by key, from the file names. Other files (the temporary file of a
/// leaflet being written, someone else's) are left out, and the leaflets of an older Beacon
/// (`KEY.pdf` beside `KEY.pages`, or `KEY.PAGES.pdf`) are removed: no build reads them.
fn listed(dir: &Path) -> HashMap<String, Entry> {
    let Ok(entries) = std::fs::read_dir(dir) else { return HashMap::new() };
    let mut leaflets = HashMap::new();
    for name in entries.filter_map(|entry| entry.ok()?.file_name().into_string().ok()) {
        if let Some((key, entry)) = leaflet_name(&name) {
            leaflets.insert(key.to_string(), entry);
            continue;
        }
        let Some(stem) = name.strip_suffix(".pdf").or_else(|| name.strip_suffix(".pages")) else { continue };
        let old_style = match stem.split_once('.') {
            None => is_digest(stem),
            Some((key, pages)) => is_digest(key) && !pages.contains('.'),
        };
        if old_style {
            let _ = std::fs::remove_file(dir.join(&name));
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
        let stored_name = stored.file.file_name().unwrap().to_string_lossy().to_string();
        assert!(stored_name.starts_with("abc1.3.") && stored_name.len() == "abc1.3..pdf".len() + 16, "{stored_name}");
        // Not leaflets: a half-written one, someone's files.
        let others = [
            ".tmpXyZ",
            "abc3.x.0123456789abcdef.pdf",
            "abc4.0.0123456789abcdef.pdf",
            "abc6.1.0123.pdf",
            "abc7.1.0123456789abcdef.pages",
            "notes.1.pdf",
            "a.b.2.pdf",
            "abc5.pdf",
            "abc5.pages",
            "notes.pages",
        ];
        for other in others {
            std::fs::write(dir.path().join(other), "x").unwrap();
        }
        // The leaflets of older Beacons, which no build reads any more: a PDF and its page
        // count, and one file with the count in its name.
        let old_key = "0123456789abcdef".repeat(4);
        for old in [format!("{old_key}.pdf"), format!("{old_key}.pages"), format!("{old_key}.2.pdf")] {
            std::fs::write(dir.path().join(old), "3").unwrap();
        }
        let cache = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        assert_eq!(cache.get("abc1"), Some(stored.clone()));
        for key in [old_key.as_str(), "abc3", "abc4", "abc5", "abc6", "abc7", "notes", "a"] {
            assert_eq!(cache.get(key), None, "{key}");
        }
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        let mut expected: Vec<String> = others.iter().map(|name| name.to_string()).collect();
        expected.extend([stored_name, LOCK_FILE.to_string()]);
        expected.sort();
        assert_eq!(left, expected, "the old leaflets are removed, everything else stays");
        std::fs::remove_file(&stored.file).unwrap();
        assert_eq!(cache.get("abc1"), None, "a leaflet removed by hand is rendered again");
    }

    #[test]
    fn a_leaflet_written_to_after_it_was_kept_is_not_handed_out() {
        use std::io::{Seek as _, SeekFrom, Write as _};
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        let appended = cache.put("aa", b"%PDF-1.7 first", 1).unwrap();
        let rewritten = cache.put("bb", b"%PDF-1.7 second", 1).unwrap();
        let untouched = cache.put("cc", b"%PDF-1.7 third", 1).unwrap();
        // As through a built site's link to the file: an update appended, bytes rewritten in
        // place at the same size (a second later, as an editor would save).
        std::fs::OpenOptions::new().append(true).open(&appended.file).unwrap().write_all(b" more").unwrap();
        let mut file = std::fs::OpenOptions::new().write(true).open(&rewritten.file).unwrap();
        file.seek(SeekFrom::Start(9)).unwrap();
        file.write_all(b"SECOND").unwrap();
        let kept = std::fs::metadata(&rewritten.file).unwrap().modified().unwrap();
        file.set_modified(kept + std::time::Duration::from_secs(1)).unwrap();
        drop(file);
        let later = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        for cache in [&cache, &later] {
            assert_eq!(cache.get("cc"), Some(untouched.clone()));
        }
        assert_eq!(later.get("aa"), None, "an appended leaflet is rendered again");
        assert_eq!(cache.get("bb"), None, "a rewritten leaflet is rendered again");
        assert!(!appended.file.exists() && !rewritten.file.exists(), "the changed files leave the cache");
        let again = later.put("aa", b"%PDF-1.7 first", 1).unwrap();
        assert_eq!(later.get("aa"), Some(again));
    }

    #[test]
    fn pruning_removes_old_leaflets_the_build_did_not_use() {
        let dir = tempfile::tempdir().unwrap();
        let key = |n: u8| format!("{n:02x}").repeat(32);
        let earlier = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        let [used, unused, short] = [key(1), key(2), "abc".to_string()].map(|k| earlier.put(&k, b"%PDF", 1).unwrap());
        std::fs::write(dir.path().join("notes.1.0123456789abcdef.pdf"), "someone's").unwrap();
        let build = Cache::new(Some(dir.path().to_path_buf())).unwrap();
        assert!(build.get(&key(1)).is_some());
        let made = build.put(&key(3), b"%PDF", 2).unwrap();
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        assert_eq!(build.prune(an_hour_ago), 0, "what was used within the grace stays");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
        assert_eq!(build.prune(later), 0, "nothing goes while another build has the folder open");
        drop(earlier);
        assert_eq!(build.prune(later), 1);
        assert!(!unused.file.exists(), "an unused leaflet goes");
        for kept in [&used.file, &made.file, &short.file, &dir.path().join("notes.1.0123456789abcdef.pdf")] {
            assert!(kept.exists(), "{}", kept.display());
        }
        assert_eq!(Cache::new(None).unwrap().prune(later), 0);
    }
}
