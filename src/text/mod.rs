//! Text utilities that know nothing of sites: anchors, left-to-right runs, reading age, URL
//! paths, hashing, HTML escaping, UTF-8 checks and date conversion.

pub mod bidi;
pub mod date;
pub mod hash;
pub mod html_tags;
pub mod lines;
pub mod readability;
pub mod slug;
pub mod urls;
pub mod utf8;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = write_escaped_html(&mut out, text);
    out
}

/// Writes `text` escaped for HTML element content and attribute values, without a copy of its
/// own: templates write every value of a page this way.
pub fn write_escaped_html(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    // Most texts have nothing to escape; this test has no early exit, so it runs many bytes per
    // instruction.
    let special = text.bytes().fold(false, |any, b| any | matches!(b, b'&' | b'<' | b'>' | b'"'));
    if !special {
        return out.write_str(text);
    }
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
        out.write_str(&text[copied..at])?;
        out.write_str(entity)?;
        copied = at + 1;
    }
    out.write_str(&text[copied..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_replaces_the_four_special_characters_only() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("Call 999 – ગુજરાતી ’quoted’"), "Call 999 – ગુજરાતી ’quoted’");
        assert_eq!(escape_html("<a href=\"x\">&</a>'"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'");
        assert_eq!(escape_html("&amp;"), "&amp;amp;", "text is escaped as written, entities too");
        assert_eq!(escape_html("اردو>"), "اردو&gt;");
    }
}
