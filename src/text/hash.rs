//! Content hashes, for cache keys and cache-busting asset URLs.

use sha2::{Digest, Sha256};

/// SHA-256 over several byte strings, each length-prefixed so ("ab", "c") differs from ("a", "bc").
pub fn hex_digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

/// Whether `text` is a whole [`hex_digest`]: 64 hex digits. Caches name their files by one, and
/// remove only files so named, never anyone else's in a folder they share.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_are_separated() {
        assert_ne!(super::hex_digest(&[b"ab", b"c"]), super::hex_digest(&[b"a", b"bc"]));
        assert_eq!(super::hex_digest(&[b"x"]).len(), 64);
        assert!(super::is_digest(&super::hex_digest(&[b"x"])));
        assert!(!super::is_digest("abc") && !super::is_digest(&"g".repeat(64)));
    }
}
