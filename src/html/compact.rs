//! `[build] minify`: takes out of a page the whitespace no browser shows — the line breaks and
//! indentation between block-level tags (`</li>` and `<li>`, `<meta>` and `<link>`) — and
//! leaves every other byte as it is.
//!
//! A general HTML minifier (minify-html) also dropped attribute quotes and optional syntax,
//! but parsing every page again cost a quarter of a large site's build for about 2% of its
//! compressed size. This pass reads each page once, removes only text that is nothing but
//! whitespace and touches a tag whose surrounding whitespace is never rendered, and keeps
//! `<pre>`, `<textarea>`, `<script>` and `<style>` content untouched, so it cannot change what a
//! page says or how it lays out.

/// Elements laid out as blocks (or not shown at all, like `<meta>`): whitespace-only text next
/// to their tags is collapsed away by every browser. Inline elements (`<a>`, `<span>`, `<img>`)
/// are not here, since the space between two of them is shown.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is kept exactly, whitespace and all.
const RAW_TEXT_ELEMENTS: &[&str] = &["pre", "textarea", "script", "style"];

/// One piece of a page, as the compacting pass sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// A start or end tag, or the doctype, and whether whitespace beside it is never shown.
    Tag { block: bool },
    /// Text, a comment, or the content of a raw-text element, and whether it is only whitespace.
    Text { blank: bool },
}

/// The page without the whitespace-only text beside block-level tags.
pub fn compact(html: &str) -> String {
    let pieces = split(html);
    let mut out = String::with_capacity(html.len());
    for (i, (range, piece)) in pieces.iter().enumerate() {
        let beside_block = |neighbour: Option<&(std::ops::Range<usize>, Piece)>| {
            matches!(neighbour, Some((_, Piece::Tag { block: true })))
        };
        let removable = *piece == Piece::Text { blank: true }
            && (beside_block(i.checked_sub(1).and_then(|p| pieces.get(p))) || beside_block(pieces.get(i + 1)));
        if !removable {
            out.push_str(&html[range.clone()]);
        }
    }
    out
}

/// Splits a page into tags and what lies between them, in order, covering every byte.
fn split(html: &str) -> Vec<(std::ops::Range<usize>, Piece)> {
    let bytes = html.as_bytes();
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        if html[at..].starts_with("<!--") {
            at = html[at + 4..].find("-->").map_or(bytes.len(), |end| at + 4 + end + 3);
            pieces.push((start..at, Piece::Text { blank: false }));
            continue;
        }
        if let Some(name) = tag_name(&bytes[at..]) {
            at = tag_end(bytes, at);
            let name = name.to_ascii_lowercase();
            let closing = bytes[start + 1] == b'/';
            let block = name == "!doctype" || BLOCK_ELEMENTS.contains(&name.as_str());
            pieces.push((start..at, Piece::Tag { block }));
            if !closing && RAW_TEXT_ELEMENTS.contains(&name.as_str()) {
                // Everything up to the matching end tag is kept as it is.
                let end = find_end_tag(html, at, &name).unwrap_or(bytes.len());
                if end > at {
                    pieces.push((at..end, Piece::Text { blank: false }));
                }
                at = end;
            }
            continue;
        }
        // Text runs to the next "<" that is not its first byte (a lone "<" is text). Bytes, not
        // characters: "<" is never part of a longer UTF-8 sequence.
        at = bytes[at + 1..].iter().position(|b| *b == b'<').map_or(bytes.len(), |next| at + 1 + next);
        let blank = html[start..at].bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'));
        pieces.push((start..at, Piece::Text { blank }));
    }
    pieces
}

/// The name of the tag that starts `bytes` ("p", "/p" gives "p", "!DOCTYPE"), if it is one.
fn tag_name(bytes: &[u8]) -> Option<&str> {
    let rest = bytes.strip_prefix(b"<")?;
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let (first, _) = rest.split_first()?;
    if !(first.is_ascii_alphabetic() || *first == b'!') {
        return None;
    }
    let length = 1 + rest[1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
    std::str::from_utf8(&rest[..length]).ok()
}

/// The offset just after the `>` that ends the tag starting at `start`; a `>` inside a quoted
/// attribute value does not end it.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (offset, byte) in bytes[start..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(*byte),
            (Some(q), b) if q == *b => quote = None,
            (None, b'>') => return start + offset + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Where `</name` starts after `from`, in any letter case.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = html[at..].find("</") {
        let candidate = at + offset;
        let after = &bytes[candidate + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(candidate);
        }
        at = candidate + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_between_block_tags_goes() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n</head>\n<body>\n<ul>\n  <li>One</li>\n  <li>Two</li>\n</ul>\n</body>\n</html>\n";
        assert_eq!(
            compact(page),
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title></head><body><ul><li>One</li><li>Two</li></ul></body></html>"
        );
    }

    #[test]
    fn spaces_that_a_reader_sees_stay() {
        for page in [
            "<p><a href=\"a\">One</a>\n<a href=\"b\">Two</a></p>",
            "<p>Call <strong>999</strong> <em>now</em>.</p>",
            "<p>A   b\n c</p>",
            "<p>1 < 2 and 3 > 2</p>",
        ] {
            assert_eq!(compact(page), page);
        }
    }

    #[test]
    fn preformatted_text_and_scripts_are_kept_exactly() {
        let page = "<div>\n<pre>\n  <b>x</b>\n\n  y\n</pre>\n<textarea>\n a\n</textarea>\n<script>\nif (a<b) {}\n</script>\n</div>";
        assert_eq!(
            compact(page),
            "<div><pre>\n  <b>x</b>\n\n  y\n</pre><textarea>\n a\n</textarea>\n<script>\nif (a<b) {}\n</script></div>"
        );
        assert_eq!(compact("<PRE>\n a\n</Pre>\n<p>"), "<PRE>\n a\n</Pre><p>");
    }

    #[test]
    fn text_in_any_script_is_kept() {
        let page = "<p>ગુજરાતી</p>\n<p>اردو <b>١٢٣</b> 😀</p>\n<p>ł<ó</p>";
        assert_eq!(compact(page), "<p>ગુજરાતી</p><p>اردو <b>١٢٣</b> 😀</p><p>ł<ó</p>");
    }

    #[test]
    fn it_only_ever_removes_whitespace() {
        // Every cut of a page full of tags, text, comments and raw text, as fuzzing would try.
        let page =
            "<!DOCTYPE html>\n<ul>\n <li>ક <a href='x>'>y</a></li>\n</ul>\n<pre>\n z</pre> <!-- c -->\n<p>a < b</p>";
        for (start, _) in page.char_indices() {
            for (end, _) in page.char_indices().filter(|(end, _)| *end >= start) {
                let piece = &page[start..end];
                let compacted = compact(piece);
                let without_space = |text: &str| text.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>();
                assert_eq!(without_space(&compacted), without_space(piece), "{piece:?}");
            }
        }
    }

    #[test]
    fn quoted_angle_brackets_and_comments_do_not_confuse_it() {
        assert_eq!(compact("<p title=\"a > b\">\n<span>x</span>\n</p>"), "<p title=\"a > b\"><span>x</span></p>");
        assert_eq!(compact("<div>\n<!-- <p> -->\n</div>"), "<div><!-- <p> --></div>");
        assert_eq!(compact("<p>x</p>\n<!-- unclosed"), "<p>x</p><!-- unclosed");
    }
}
