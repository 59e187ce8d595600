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

#[cfg(test)]
mod tests {
    #[test]
    fn parts_are_separated() {
        assert_ne!(super::hex_digest(&[b"ab", b"c"]), super::hex_digest(&[b"a", b"bc"]));
        assert_eq!(super::hex_digest(&[b"x"]).len(), 64);
    }
}
