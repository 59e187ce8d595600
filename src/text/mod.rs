//! Text utilities that know nothing of sites: anchors, left-to-right runs, reading age, URL
//! paths, hashing, HTML escaping and date conversion.

pub mod bidi;
pub mod date;
pub mod hash;
pub mod html_tags;
pub mod readability;
pub mod slug;
pub mod urls;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // Copies the runs between the four special bytes whole: they are ASCII, so each is a
    // character of its own and a run always starts and ends at a character boundary.
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}
