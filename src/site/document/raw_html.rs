//! Raw HTML in a document, checked against the one allow-list in [`crate::text::html_tags`].
//!
//! What the sanitiser will remove from the page (scripts, event handlers, frames, `javascript:`
//! addresses...) is a warning with its line, so the author knows the page differs from what
//! they wrote. HTML that does not balance is an error: an element left open inside a block, or
//! a comment without `-->`, would swallow the rest of the page (its headings, and the footer
//! that says "call 999"). Elements must close in the block that opened them: the same
//! paragraph, list item, quote or `:::` container.

use super::{Block, BlockKind, Inline};
use crate::diagnostics::Diagnostic;
use crate::text::html_tags::{self, Tag};
use std::path::Path;

/// Every problem with the raw HTML of a document's blocks.
pub fn problems(file: &Path, blocks: &[Block]) -> Vec<Diagnostic> {
    let mut checker = Checker { file, found: Vec::new() };
    checker.blocks(blocks);
    checker.found
}

struct Checker<'a> {
    file: &'a Path,
    found: Vec<Diagnostic>,
}

/// Elements open in the current block, with the line each was opened on.
type Open = Vec<(String, usize)>;

impl Checker<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        let mut open = Open::new();
        for block in blocks {
            match &block.kind {
                BlockKind::Html(html) => self.fragment(html, block.line, &mut open),
                BlockKind::Paragraph(content) | BlockKind::Plain(content) | BlockKind::Heading(_, _, content) => {
                    self.inline_run(content, block.line)
                }
                BlockKind::List { items, .. } => items.iter().for_each(|item| self.blocks(item)),
                BlockKind::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        self.inline_run(cell, block.line);
                    }
                }
                BlockKind::Quote(blocks)
                | BlockKind::Footnote { blocks, .. }
                | BlockKind::Callout(blocks)
                | BlockKind::Checklist(blocks)
                | BlockKind::Form(blocks)
                | BlockKind::Risk { blocks, .. } => self.blocks(blocks),
                BlockKind::Code { .. } | BlockKind::Rule => {}
            }
        }
        self.never_closed(open);
    }

    /// The inline HTML of one paragraph, heading, item or table cell, which must balance there.
    fn inline_run(&mut self, content: &[Inline], line: usize) {
        let mut open = Open::new();
        self.inlines(content, line, &mut open);
        self.never_closed(open);
    }

    fn inlines(&mut self, content: &[Inline], line: usize, open: &mut Open) {
        for inline in content {
            match inline {
                Inline::Html(html) => self.fragment(html, line, open),
                Inline::Emphasis(inner)
                | Inline::Strong(inner)
                | Inline::Strikethrough(inner)
                | Inline::Link { content: inner, .. }
                | Inline::Language { content: inner, .. } => self.inlines(inner, line, open),
                _ => {}
            }
        }
    }

    fn fragment(&mut self, html: &str, first_line: usize, open: &mut Open) {
        for (offset, tag) in html_tags::tags(html).map(|(range, tag)| (range.start, tag)) {
            let line = first_line + html[..offset].matches('\n').count();
            match tag {
                Tag::Comment { closed: true } => {}
                Tag::Comment { closed: false } => self.error(
                    line,
                    "this HTML comment is never closed: everything after it would disappear from the page".into(),
                    "end the comment with --> (a note for translators reads <!-- i18n: your note -->)",
                ),
                Tag::Declaration => self.removed(line, "this <!...> declaration is not allowed: it is removed".into()),
                Tag::Start { name, attributes, self_closing } => {
                    self.start_tag(&name, &attributes, line);
                    if !self_closing && !html_tags::is_void(&name) {
                        open.push((name.into_owned(), line));
                    }
                }
                Tag::End { name } if html_tags::is_void(&name) => {}
                Tag::End { name } => self.end_tag(&name, line, open),
            }
        }
    }

    fn start_tag(&mut self, name: &str, attributes: &[(String, String)], line: usize) {
        if !html_tags::is_allowed_element(name) {
            let what = if html_tags::REMOVED_WITH_CONTENT.contains(&name) {
                format!("the HTML element <{name}> is not allowed: it is removed with everything inside it")
            } else {
                format!("the HTML element <{name}> is not allowed: it is removed (the text inside it stays)")
            };
            self.removed(line, what);
            return;
        }
        for (attribute, value) in attributes {
            if !html_tags::is_allowed_attribute(name, attribute) {
                self.removed(line, format!("the attribute `{attribute}` of <{name}> is not allowed: it is removed"));
            } else if html_tags::URL_ATTRIBUTES.contains(&attribute.as_str())
                && !html_tags::is_allowed_url(&html_tags::decode_attribute(value))
            {
                self.removed(line, format!("the address \"{value}\" of <{name}> is not allowed: it is removed"));
            }
        }
    }

    fn end_tag(&mut self, name: &str, line: usize, open: &mut Open) {
        match open.iter().rposition(|(open_name, _)| open_name == name) {
            Some(index) if index + 1 == open.len() => {
                open.pop();
            }
            Some(index) => {
                let (inner, inner_line) = &open[index + 1];
                self.error(
                    line,
                    format!("</{name}> closes <{name}> while <{inner}> from line {inner_line} is still open"),
                    &format!("close <{inner}> with </{inner}> before </{name}>"),
                );
                open.truncate(index);
            }
            None => self.error(
                line,
                format!("</{name}> has no <{name}> to close in this block"),
                &format!(
                    "open and close an element in the same paragraph, list item or `:::` block; or remove </{name}>"
                ),
            ),
        }
    }

    fn never_closed(&mut self, open: Open) {
        for (name, line) in open {
            self.error(
                line,
                format!("<{name}> is never closed: the rest of the page would end up inside it"),
                &format!("add </{name}> in the same paragraph, list item or `:::` block"),
            );
        }
    }

    fn error(&mut self, line: usize, message: String, help: &str) {
        self.found.push(Diagnostic::error(self.file, line, message).help(help));
    }

    fn removed(&mut self, line: usize, message: String) {
        self.found.push(Diagnostic::warning(self.file, line, message).help(
            "raw HTML may only format text (<details>, <abbr>, <kbd>, <br>...); links may only go to https:, http:, mailto: and tel: addresses or to this site",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::load::containers::Variant;
    use crate::site::document::testing::document;

    fn problems(markdown: &str) -> Vec<String> {
        document(markdown, Variant::General, &[], false)
            .problems
            .iter()
            .map(|d| format!("{}:{} {}", if d.is_error() { "error" } else { "warning" }, d.line, d.message))
            .collect()
    }

    #[test]
    fn balanced_details_across_markdown_is_fine() {
        assert_eq!(
            problems("<details>\n<summary>More</summary>\n\nText **bold**\n\n</details>\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("Press <kbd>Ctrl</kbd> and <abbr title=\"Environment Agency\">EA</abbr>.<br>\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn unclosed_elements_and_comments_are_errors_with_their_line() {
        assert_eq!(
            problems("Intro\n\n<details><summary>More</summary>\n\nText\n"),
            vec!["error:7 <details> is never closed: the rest of the page would end up inside it"]
        );
        assert_eq!(
            problems("Intro\n\n<!-- i18n: note\n\n## Later\n"),
            vec!["error:7 this HTML comment is never closed: everything after it would disappear from the page"]
        );
        assert_eq!(
            problems("A <b>bold\n\nclaim</b>\n")[0],
            "error:5 <b> is never closed: the rest of the page would end up inside it"
        );
    }

    #[test]
    fn a_comment_closed_only_by_a_container_marker_is_unclosed() {
        let found = problems("<!-- note\n\n::: callout\nCall 999.\n:::\n");
        assert!(
            found
                .iter()
                .any(|p| p
                    == "error:5 this HTML comment is never closed: everything after it would disappear from the page"),
            "{found:?}"
        );
    }

    #[test]
    fn scripts_handlers_and_bad_addresses_are_warned_about() {
        assert_eq!(
            problems(
                "<script>alert(1)</script>\n\n<div onclick=\"x()\">Hi</div>\n\n<a href=\"javascript:x()\">y</a> <iframe src=\"https://x\"></iframe>\n"
            ),
            vec![
                "warning:5 the HTML element <script> is not allowed: it is removed with everything inside it",
                "warning:7 the attribute `onclick` of <div> is not allowed: it is removed",
                "warning:9 the address \"javascript:x()\" of <a> is not allowed: it is removed",
                "warning:9 the HTML element <iframe> is not allowed: it is removed (the text inside it stays)",
            ]
        );
        assert_eq!(
            problems("<a href=\"jav&#x61;script&colon;x()\">y</a>\n"),
            vec!["warning:5 the address \"jav&#x61;script&colon;x()\" of <a> is not allowed: it is removed"],
            "character references cannot hide a scheme"
        );
    }
}
