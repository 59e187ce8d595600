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
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
