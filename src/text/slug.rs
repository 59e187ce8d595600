//! Slugs: the lower-case, hyphenated names used in URLs, file names and heading anchors.

/// True for a non-empty run of lower-case ASCII letters, digits and single inner hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A readable name of at most `room` characters from a slug: its last words, which usually name
/// the subject ("prepare-your-home" → "home"), without a leading filler word ("after-an-emergency"
/// → "emergency"). None when even the last word does not fit.
pub fn last_words(slug: &str, room: usize) -> Option<String> {
    const FILLER: &[&str] = &["a", "an", "and", "the", "your", "our", "of", "to", "for", "in", "on", "up", "with"];
    let mut words: Vec<&str> = Vec::new();
    for word in slug.rsplit('-') {
        let length = words.iter().map(|w| w.len() + 1).sum::<usize>() + word.len();
        if length > room {
            break;
        }
        words.insert(0, word);
    }
    while words.len() > 1 && FILLER.contains(&words[0]) {
        words.remove(0);
    }
    (!words.is_empty()).then(|| words.join("-"))
}

/// Makes an anchor id from heading text: letters and digits of any script are kept (lower-cased),
/// everything else becomes a single hyphen. Returns "section" for text with no letters at all.
pub fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() { "section".to_string() } else { trimmed.to_string() }
}

/// Vowel signs and viramas in Indic scripts are marks, not letters; an anchor must keep them or
/// Gujarati and Gurmukhi words fall apart.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x064B..=0x065F | 0x0670) && !c.is_alphanumeric()
}

/// Hands out anchors that are unique within one page ("contents", "contents-2", ...).
#[derive(Debug, Default)]
pub struct AnchorSet {
    taken: std::collections::HashSet<String>,
    /// The last suffix handed out for each wanted anchor, so that a page with thousands of
    /// headings of the same text does not try every earlier suffix again (quadratic).
    last_suffix: std::collections::HashMap<String, usize>,
}

impl AnchorSet {
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut n = self.last_suffix.get(wanted).copied().unwrap_or(1);
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = format!("{wanted}-{n}");
        }
        self.last_suffix.insert(wanted.to_string(), n);
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_words_that_fit_name_the_subject() {
        assert_eq!(last_words("prepare-your-home", 4).as_deref(), Some("home"));
        assert_eq!(last_words("prepare-your-home", 9).as_deref(), Some("home"));
        assert_eq!(last_words("after-an-emergency", 17).as_deref(), Some("emergency"));
        assert_eq!(last_words("community-resilience-group", 8).as_deref(), Some("group"));
        assert_eq!(last_words("household-emergency-plan", 14).as_deref(), Some("emergency-plan"));
        assert_eq!(last_words("coordinating-donations", 5), None);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("severe-cold"));
        assert!(is_slug("a1"));
        assert!(!is_slug("Severe cold"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug(""));
    }

    #[test]
    fn anchors_from_headings() {
        assert_eq!(anchor("If your home could flood"), "if-your-home-could-flood");
        assert_eq!(anchor("Call 105 — free!"), "call-105-free");
        assert_eq!(anchor("???"), "section");
        assert_eq!(anchor("Przygotuj się"), "przygotuj-się");
        // Gujarati: the vowel sign (U+0AC7) and virama (U+0ACD) stay in the anchor.
        assert_eq!(anchor("તૈયારી કરો"), "તૈયારી-કરો");
    }

    #[test]
    fn anchor_set_makes_duplicates_unique() {
        let mut set = AnchorSet::default();
        assert_eq!(set.claim("before"), "before");
        assert_eq!(set.claim("before"), "before-2");
        assert_eq!(set.claim("before"), "before-3");
        assert_eq!(set.claim("after-2"), "after-2");
        assert_eq!(set.claim("after"), "after");
        assert_eq!(set.claim("after"), "after-3");
    }
}
