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

use crate::text::html_tags::{self, Tag};

/// Whether `name` is laid out as a block (or not shown at all, like `<meta>`): whitespace-only
/// text next to its tags is collapsed away by every browser. Inline elements (`<a>`, `<span>`,
/// `<img>`) are not blocks, since the space between two of them is shown. A `match` and not a
/// list: it is asked for every tag of every page, and compares only names of the same length.
fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "link"
            | "main"
            | "menu"
            | "meta"
            | "nav"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
    )
}

/// The page without the whitespace-only text beside block-level tags. Tags are found by the
/// same scanner that checks an author's raw HTML; text inside `<pre>` and inside elements
/// whose content is not markup (`<script>`, `<textarea>`...) is never touched.
pub fn compact(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut gap_start = 0;
    let mut after_block = false;
    // How many elements whose whitespace counts are open around the current text.
    let mut preformatted = 0usize;
    for (range, tag) in html_tags::tags_without_attributes(html) {
        let block = is_block(&tag);
        keep_unless_blank(&mut out, &html[gap_start..range.start], preformatted == 0 && (after_block || block));
        out.push_str(&html[range.clone()]);
        match &tag {
            Tag::Start { name, self_closing: false, .. } if keeps_whitespace(name) => preformatted += 1,
            Tag::End { name } if keeps_whitespace(name) => preformatted = preformatted.saturating_sub(1),
            _ => {}
        }
        (gap_start, after_block) = (range.end, block);
    }
    keep_unless_blank(&mut out, &html[gap_start..], preformatted == 0 && after_block);
    out
}

/// Writes the text between two tags, unless it is only whitespace and may go.
fn keep_unless_blank(out: &mut String, text: &str, may_go: bool) {
    let blank = text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'));
    if !(may_go && blank) {
        out.push_str(text);
    }
}

fn is_block(tag: &Tag) -> bool {
    match tag {
        Tag::Start { name, .. } | Tag::End { name } => is_block_element(name),
        Tag::Declaration => true,
        Tag::Comment { .. } => false,
    }
}

fn keeps_whitespace(name: &str) -> bool {
    name == "pre" || html_tags::is_raw_text(name)
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
