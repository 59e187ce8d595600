//! Translatable segments of a markdown body: each heading, paragraph, list item and table cell,
//! as the markdown its author wrote (so emphasis, links and images keep their familiar syntax and
//! translators never see HTML).
//!
//! Translation replaces each segment's text in place, then turns the result back into a body with
//! the same containers: the translated page then goes through exactly the same steps as the
//! English one (risk variants, HTML, leaflets).

use crate::load::containers::{Body, ContainerKind, Sentinel, Variant, parse_sentinel};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// Comments for translators are written in markdown as `<!-- i18n: ... -->` before a block.
const TRANSLATOR_COMMENT: &str = "i18n:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The source text, with line breaks inside it collapsed to spaces.
    pub text: String,
    /// File line where the segment starts.
    pub line: usize,
    /// Byte range in the general variant's markdown.
    range: Range<usize>,
    pub comment: Option<String>,
    /// Headings keep their source-language anchor in every language, so links to them work.
    pub heading_anchor: Option<String>,
    /// What starts each continuation line of the block in the markdown: `> ` inside a quote,
    /// spaces inside a list item.
    prefix: String,
    /// Headings and table cells: one line, so a line break in a translation becomes a space.
    single_line: bool,
}

/// The segments of a body, in reading order.
pub fn segments(body: &Body) -> Vec<Segment> {
    let source = body.variant(Variant::General);
    let markdown = &source.markdown;
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(markdown, crate::load::containers::markdown_options()).into_offset_iter().collect();
    let mut found = Vec::new();
    let mut comment = None;
    // One frame per open block: `Some(range so far)` for blocks whose inline text is a segment
    // (paragraphs, headings, list items, table cells), `None` for blocks that only hold blocks.
    let mut open: Vec<Option<Option<Range<usize>>>> = Vec::new();
    let mut heading_starts = Vec::new();
    // Open block quotes: each continuation line of a block inside them starts with a `>`.
    let mut quotes = 0usize;
    // Inside a table, a cell's text is one line.
    let mut in_table = false;
    let make = |range: Range<usize>, comment: Option<String>, quotes: usize, single_line: bool| {
        segment(&source, range, comment, quotes, single_line)
    };
    for (event, range) in &events {
        match event {
            Event::Html(html) if parse_sentinel(html).is_none() => {
                let inner = html.trim().strip_prefix("<!--").and_then(|h| h.strip_suffix("-->")).map(str::trim);
                if let Some(text) = inner.and_then(|t| t.strip_prefix(TRANSLATOR_COMMENT)) {
                    comment = Some(text.trim().to_string());
                }
            }
            Event::Start(Tag::Heading { id, .. }) => {
                // Only headings without an explicit {#id} need one added in translation.
                heading_starts.push((range.start, id.is_none()));
                open.push(Some(None));
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => open.push(Some(None)),
            Event::Start(Tag::BlockQuote(_)) => {
                quotes += 1;
                open.push(None);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quotes = quotes.saturating_sub(1);
                open.pop();
            }
            Event::Start(
                Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock,
            ) => {
                in_table |= matches!(event, Event::Start(Tag::Table(_)));
                // A list inside an item ends the item's own text.
                if let Some(Some(text)) = open.last_mut()
                    && let Some(inline) = text.take()
                {
                    found.push(make(inline, comment.take(), quotes, false));
                }
                open.push(None);
            }
            Event::End(TagEnd::Heading(_)) => {
                let (_, needs_anchor) = heading_starts.pop().unwrap_or((0, false));
                if let Some(Some(Some(inline))) = open.pop() {
                    let mut found_segment = make(inline, comment.take(), quotes, true);
                    if needs_anchor {
                        found_segment.heading_anchor = Some(crate::text::slug::anchor(&found_segment.text));
                    }
                    found.push(found_segment);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if let Some(Some(Some(inline))) = open.pop() {
                    found.push(make(inline, comment.take(), quotes, in_table));
                }
            }
            Event::End(
                TagEnd::List(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock,
            ) => {
                in_table &= !matches!(event, Event::End(TagEnd::Table));
                open.pop();
            }
            Event::TaskListMarker(_) | Event::Rule => {}
            // Everything else is inline content of the innermost block.
            _ => {
                if let Some(Some(text)) = open.last_mut() {
                    *text = Some(match text.take() {
                        Some(existing) => existing.start..range.end.max(existing.end),
                        None => range.clone(),
                    });
                }
            }
        }
    }
    found.sort_by_key(|s| s.range.start);
    found
}

fn segment(
    source: &crate::load::containers::VariantSource,
    range: Range<usize>,
    comment: Option<String>,
    quotes: usize,
    single_line: bool,
) -> Segment {
    let raw = &source.markdown[range.clone()];
    let line_start = source.markdown[..range.start].rfind('\n').map_or(0, |i| i + 1);
    // The markers before the block's text on its first line, as they continue on later lines:
    // "> - " continues as ">   ".
    let prefix = source.markdown[line_start..range.start]
        .chars()
        .map(|c| if c == '>' || c.is_whitespace() { c } else { ' ' })
        .collect();
    let lines =
        raw.split('\n').enumerate().map(|(i, line)| if i == 0 { line } else { without_quote_markers(line, quotes) });
    Segment {
        text: join_lines(lines, single_line),
        line: source.file_line(range.start),
        range,
        comment,
        heading_anchor: None,
        prefix,
        single_line,
    }
}

/// A continuation line without its indentation and the `>` markers of `quotes` block quotes.
fn without_quote_markers(line: &str, quotes: usize) -> &str {
    let mut rest = line.trim_start();
    for _ in 0..quotes {
        match rest.strip_prefix('>') {
            Some(after) => rest = after.trim_start(),
            None => break,
        }
    }
    rest
}

/// A hard line break: a line ending in a backslash (not an escaped one) or in two spaces.
fn ends_with_break(line: &str) -> bool {
    let backslashes = line.chars().rev().take_while(|c| *c == '\\').count();
    backslashes % 2 == 1 || (line.ends_with("  ") && !line.trim().is_empty())
}

/// Lines of a block as one text: a soft break becomes a space, a hard break is kept as a
/// backslash and a line break (how translators see it in Poedit). A one-line block (a heading or
/// table cell) has no breaks.
fn join_lines<'a>(lines: impl Iterator<Item = &'a str>, single_line: bool) -> String {
    let mut text = String::new();
    let mut hard_break = false;
    for line in lines {
        let trimmed = line.trim();
        if !text.is_empty() {
            text.push_str(if hard_break && !single_line { "\n" } else { " " });
        }
        hard_break = ends_with_break(line);
        text.push_str(trimmed);
        if hard_break && !trimmed.ends_with('\\') && !single_line {
            text.push('\\');
        }
    }
    // Trimmed in place: this runs on every segment of every page in every language.
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
    text
}

/// How a segment reads in another language.
pub enum Rendition<'a> {
    Translated(std::borrow::Cow<'a, str>),
    /// Kept in the source language, marked with its language so screen readers switch voice.
    Fallback,
}

/// A copy of `body` with every segment replaced as `translate` says (given each segment's
/// number in `all` and the segment); `all` are the body's segments as [`segments`] found them.
pub fn translate_body<'a>(
    path: &Path,
    body: &Body,
    all: &[Segment],
    source_lang: &str,
    mut translate: impl FnMut(usize, &Segment) -> Rendition<'a>,
) -> Body {
    let source = body.variant(Variant::General).markdown;
    // Segments come in reading order and never overlap, so the copy is made in one pass (a
    // replacement made in place moves the rest of the text each time).
    let mut markdown = String::with_capacity(source.len() + source.len() / 2);
    let mut copied = 0;
    for (number, segment) in all.iter().enumerate() {
        debug_assert!(segment.range.start >= copied, "segments are in order and do not overlap");
        markdown.push_str(&source[copied..segment.range.start]);
        let original = &source[segment.range.clone()];
        match translate(number, segment) {
            Rendition::Translated(text) => {
                // Hard breaks stay, each new line starting with the block's own markers.
                let joined = join_lines(text.split('\n'), segment.single_line);
                for (i, line) in joined.split('\n').enumerate() {
                    if i > 0 {
                        markdown.push('\n');
                        markdown.push_str(&segment.prefix);
                    }
                    markdown.push_str(line);
                }
            }
            Rendition::Fallback => {
                markdown.push_str(&format!("<span lang=\"{source_lang}\" data-fallback>{original}</span>"));
            }
        }
        if let Some(anchor) = &segment.heading_anchor {
            markdown.push_str(&format!(" {{#{anchor}}}"));
        }
        copied = segment.range.end;
    }
    markdown.push_str(&source[copied..]);
    // The body's marker lines become `:::` lines again, as the author wrote them; a translated
    // line that starts like one is escaped, since a translation must not open or close a container.
    let mut text = String::with_capacity(markdown.len() + 1);
    for line in crate::text::lines::lines(&markdown) {
        match parse_sentinel(line) {
            Some(Sentinel::Open(ContainerKind::Risk(risks))) => text.push_str(&format!("::: risk {}", risks.join(" "))),
            Some(Sentinel::Open(ContainerKind::Callout)) => text.push_str("::: callout"),
            Some(Sentinel::Open(ContainerKind::Checklist)) => text.push_str("::: checklist"),
            Some(Sentinel::Open(ContainerKind::Form)) => text.push_str("::: form"),
            Some(Sentinel::Close) => text.push_str(":::"),
            None if line.starts_with(":::") => {
                text.push('\\');
                text.push_str(line);
            }
            None => text.push_str(line),
        }
        text.push('\n');
    }
    if text.is_empty() {
        text.push('\n');
    }
    Body::parse(path, &text, body.first_line, true).unwrap_or_else(|_| body.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Body {
        Body::parse(Path::new("m.md"), text, 10, true).unwrap()
    }

    const MODULE: &str = "Intro with *care* and [a link](/risks/flood/).\n\n## Plan\n\n<!-- i18n: Keep the number. -->\nCall 105\nfor power cuts.\n\n::: checklist\n- Torch\n- [ ] Radio\n:::\n\n::: risk flood\n| Code | Meaning |\n|---|---|\n| Alert | Be ready |\n\n```\nno: translation\n```\n:::\n\n- Item with\n  - nested item\n";

    #[test]
    fn finds_blocks_in_reading_order_with_lines_and_comments() {
        let found: Vec<(usize, String, Option<String>)> =
            segments(&body(MODULE)).into_iter().map(|s| (s.line, s.text, s.comment)).collect();
        let expected: Vec<(usize, &str, Option<&str>)> = vec![
            (10, "Intro with *care* and [a link](/risks/flood/).", None),
            (12, "Plan", None),
            (15, "Call 105 for power cuts.", Some("Keep the number.")),
            (19, "Torch", None),
            (20, "Radio", None),
            (24, "Code", None),
            (24, "Meaning", None),
            (26, "Alert", None),
            (26, "Be ready", None),
            (33, "Item with", None),
            (34, "nested item", None),
        ];
        let expected: Vec<(usize, String, Option<String>)> =
            expected.into_iter().map(|(l, t, c)| (l, t.to_string(), c.map(String::from))).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn quotes_and_hard_breaks_are_one_segment_each_and_survive_translation() {
        let module =
            body("> Move valuables upstairs\n> and turn off the gas.\n\nLine one  \nline two\\\nline three.\n");
        let found = segments(&module);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Move valuables upstairs and turn off the gas.", "Line one\\\nline two\\\nline three."]);
        let translated = translate_body(Path::new("m.md"), &module, &found, "en", |_, s| {
            Rendition::Translated(s.text.replace("Move", "Przenieś").replace("Line", "Linia").into())
        });
        assert_eq!(
            translated.text,
            "> Przenieś valuables upstairs and turn off the gas.\n\nLinia one\\\nline two\\\nline three.\n"
        );
        let quoted = body("> Line one\\\n> line two.\n");
        let translated = translate_body(Path::new("m.md"), &quoted, &segments(&quoted), "en", |_, s| {
            Rendition::Translated(s.text.clone().into())
        });
        assert_eq!(translated.text, "> Line one\\\n> line two.\n", "a break inside a quote stays in the quote");
    }

    #[test]
    fn translation_keeps_containers_and_marks_fallbacks() {
        let module = body(MODULE);
        let translated =
            translate_body(Path::new("m.md"), &module, &segments(&module), "en", |_, s| match s.text.as_str() {
                "Torch" => Rendition::Translated("Latarka".into()),
                "Plan" => Rendition::Translated("::: Plan".into()),
                _ => Rendition::Fallback,
            });
        assert_eq!(translated.containers.len(), 2);
        assert!(
            translated
                .text
                .contains("::: checklist\n- Latarka\n- [ ] <span lang=\"en\" data-fallback>Radio</span>\n:::\n"),
            "{}",
            translated.text
        );
        assert!(translated.text.contains("## ::: Plan {#plan}"), "headings keep their anchor: {}", translated.text);
        assert!(translated.text.contains("```\nno: translation\n```"));
        let flood = translated.variant(Variant::Risk("flood"));
        assert!(flood.markdown.contains("<span lang=\"en\" data-fallback>Alert</span>"));
    }
}
