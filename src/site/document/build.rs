//! Markdown — one variant of one page, in one language — to a [`Document`].
//!
//! The markdown parser's event stream is read once, by recursive descent: container sentinels
//! become callouts, checklists and risk blocks; headings get their final level (one lower inside
//! a risk block on a module's general page, under a heading naming the risk) and a unique anchor;
//! links and images are resolved and recorded for checking; right-to-left text has its
//! left-to-right runs marked; a segment not translated yet becomes a [`Inline::Language`] run.

use super::{
    Alignment, Block, BlockKind, Direction, Document, Heading, HeadingExtras, ImageFile, ImageTarget, Inline,
    InternalLink, LinkTarget, Prose,
};
use crate::diagnostics::Diagnostic;
use crate::load::containers::{ContainerKind, Sentinel, VariantSource, markdown_options, parse_sentinel};
use crate::load::site_files::{self, SiteFile};
use crate::site::outline::{Opened, Outline, first_heading_level};
use crate::text::slug::{AnchorSet, anchor};
use crate::text::{bidi, html_tags, urls};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// What the builder needs to know about the page whose text it builds.
pub struct Settings<'a> {
    pub lang: &'a str,
    /// Output directory path of the page, e.g. "/en/modules/x/flood/".
    pub page_path: &'a str,
    /// The markdown file, relative to the site folder.
    pub source_file: &'a Path,
    /// The site folder, to find images.
    pub site_dir: &'a Path,
    /// Files under the site's `static/` folder, as root paths ("/images/map.png").
    pub static_files: &'a BTreeSet<String>,
    /// Put each risk block under a heading naming its risks (a module's general page).
    pub risk_headings: bool,
    /// The heading text for a risk block naming these risk ids.
    pub risk_label: &'a dyn Fn(&[String]) -> String,
    /// The page reads right to left: numbers and addresses are marked as left-to-right runs.
    pub rtl: bool,
    /// Whether a language reads right to left, for text not translated yet.
    pub language_rtl: &'a dyn Fn(&str) -> bool,
    /// Keep the text of paragraphs and items for the reading-age estimate (source pages only).
    pub prose: bool,
}

/// Lists, quotes, containers and inline markup nested deeper than this are flattened (and
/// reported as an error): nobody writes advice 30 levels deep, the recursion must not exhaust
/// the stack, and the leaflet's Typst markup, which nests a few levels of its own for each of
/// these, must stay within the 256 levels Typst's parser reads.
pub const MAX_DEPTH: usize = 30;

/// The opening of a run kept in the source language, as [`crate::i18n::segments`] writes it.
const LANGUAGE_OPEN: &str = "<span lang=\"";
const LANGUAGE_MARK: &str = "\" data-fallback>";
const LANGUAGE_CLOSE: &str = "</span>";

type Events<'m> = [(Event<'m>, Range<usize>)];

pub fn build(source: &VariantSource, settings: &Settings<'_>) -> Document {
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(&source.markdown, markdown_options()).into_offset_iter().collect();
    let mut builder = Builder {
        settings,
        source,
        events: &events,
        next: 0,
        doc: Document { file: settings.source_file.to_path_buf(), ..Document::default() },
        anchors: AnchorSet::default(),
        outline: Outline::default(),
        prose: String::new(),
        in_heading: false,
        depth: 0,
        too_deep_reported: false,
    };
    let mut blocks = Vec::new();
    while builder.next < events.len() {
        blocks.extend(builder.blocks());
        // A stray end (there is none in well-formed input) must not stop the document.
        builder.next += 1;
    }
    builder.doc.problems.extend(super::raw_html::problems(settings.source_file, &blocks));
    shrink_blocks(&mut blocks);
    builder.doc.blocks = blocks;
    builder.doc.prose.iter_mut().for_each(|prose| prose.text.shrink_to_fit());
    builder.doc
}

/// Gives back the room that growing texts and lists left unused. A large site keeps every
/// page's document until its HTML and leaflets are written, and about a third of each was
/// spare capacity.
fn shrink_blocks(blocks: &mut Vec<Block>) {
    blocks.shrink_to_fit();
    for block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph(content) | BlockKind::Plain(content) | BlockKind::Heading(_, _, content) => {
                shrink_inlines(content)
            }
            BlockKind::List { items, .. } => {
                items.shrink_to_fit();
                items.iter_mut().for_each(shrink_blocks);
            }
            BlockKind::Table { head, rows, .. } => {
                head.iter_mut().for_each(shrink_inlines);
                rows.iter_mut().flatten().for_each(shrink_inlines);
            }
            BlockKind::Quote(blocks)
            | BlockKind::Callout(blocks)
            | BlockKind::Checklist(blocks)
            | BlockKind::Form(blocks)
            | BlockKind::Footnote { blocks, .. }
            | BlockKind::Risk { blocks, .. } => shrink_blocks(blocks),
            BlockKind::Code { .. } | BlockKind::Html(_) | BlockKind::Rule => {}
        }
    }
}

fn shrink_inlines(inlines: &mut Vec<Inline>) {
    inlines.shrink_to_fit();
    for inline in inlines {
        match inline {
            Inline::Text(text)
            | Inline::Number(text)
            | Inline::LeftToRight(text)
            | Inline::Code(text)
            | Inline::Html(text) => text.shrink_to_fit(),
            Inline::Emphasis(content)
            | Inline::Strong(content)
            | Inline::Strikethrough(content)
            | Inline::Link { content, .. }
            | Inline::Language { content, .. } => shrink_inlines(content),
            Inline::Image { .. }
            | Inline::TaskMarker { .. }
            | Inline::FootnoteReference(_)
            | Inline::SoftBreak
            | Inline::HardBreak => {}
        }
    }
}

struct Builder<'s, 'a, 'm> {
    settings: &'s Settings<'a>,
    source: &'s VariantSource,
    events: &'s Events<'m>,
    /// Index of the next event to read.
    next: usize,
    doc: Document,
    anchors: AnchorSet,
    outline: Outline,
    /// Text of the current paragraph or list item, for the reading-age estimate.
    prose: String,
    in_heading: bool,
    depth: usize,
    too_deep_reported: bool,
}

impl<'s, 'm> Builder<'s, '_, 'm> {
    fn line(&self, offset: usize) -> usize {
        self.source.file_line(offset)
    }

    fn peek(&self) -> Option<&'s (Event<'m>, Range<usize>)> {
        self.events.get(self.next)
    }

    fn problem(&mut self, offset: usize, message: String, help: &str) {
        let d = Diagnostic::error(self.settings.source_file, self.line(offset), message).help(help);
        self.doc.problems.push(d);
    }

    fn warning(&mut self, offset: usize, message: String, help: &str) {
        let d = Diagnostic::warning(self.settings.source_file, self.line(offset), message).help(help);
        self.doc.problems.push(d);
    }

    /// Blocks up to the end of the enclosing element (whose end event is not consumed), the
    /// closing marker of the enclosing container (consumed), or the end of the document.
    fn blocks(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        // Elements and containers flattened for being nested too deeply: their ends are skipped.
        let mut flattened = 0usize;
        let mut flattened_containers = 0usize;
        while let Some((event, range)) = self.peek() {
            let line = self.line(range.start);
            let start = range.start;
            let kind = match event {
                Event::End(_) if flattened > 0 => {
                    flattened -= 1;
                    self.next += 1;
                    continue;
                }
                Event::End(_) => return blocks,
                Event::Start(tag) if is_nesting(tag) && self.depth >= MAX_DEPTH => {
                    self.report_too_deep(start);
                    flattened += 1;
                    self.next += 1;
                    continue;
                }
                Event::Start(Tag::HtmlBlock) | Event::Html(_) => {
                    let (html, sentinel) = self.html_block();
                    match parse_sentinel(&html) {
                        Some(Sentinel::Open(_)) if self.depth >= MAX_DEPTH => {
                            self.report_too_deep(start);
                            flattened_containers += 1;
                            continue;
                        }
                        Some(Sentinel::Open(kind)) => self.container(kind, sentinel, start),
                        Some(Sentinel::Close) if flattened_containers > 0 => {
                            flattened_containers -= 1;
                            continue;
                        }
                        Some(Sentinel::Close) => return blocks,
                        None => {
                            self.doc.raw_html = true;
                            BlockKind::Html(html)
                        }
                    }
                }
                Event::Start(Tag::Paragraph) => {
                    self.next += 1;
                    let content = self.inlines(false);
                    self.end_block(true);
                    BlockKind::Paragraph(content)
                }
                Event::Start(Tag::Heading { .. }) => self.heading(),
                Event::Start(Tag::List(first)) => {
                    let first = *first;
                    self.next += 1;
                    BlockKind::List { start: first, items: self.list_items() }
                }
                Event::Start(Tag::Table(alignments)) => {
                    let alignments = alignments.iter().map(alignment).collect();
                    self.next += 1;
                    self.table(alignments)
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    self.next += 1;
                    let inner = self.nested_blocks();
                    self.end_block(false);
                    BlockKind::Quote(inner)
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let label = label.to_string();
                    self.next += 1;
                    let inner = self.nested_blocks();
                    self.end_block(false);
                    BlockKind::Footnote { label, blocks: inner }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let language = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split(' ').next().filter(|l| !l.is_empty()).map(str::to_string)
                        }
                        CodeBlockKind::Indented => None,
                    };
                    self.next += 1;
                    BlockKind::Code { language, text: self.code_text() }
                }
                Event::Rule => {
                    self.next += 1;
                    BlockKind::Rule
                }
                Event::Start(tag) if !is_inline(tag) => {
                    // Block kinds Beacon does not enable; keep what is inside them.
                    self.next += 1;
                    flattened += 1;
                    continue;
                }
                // Inline content directly in a block: the text of a tight list item.
                _ => BlockKind::Plain(self.inlines(false)),
            };
            blocks.push(Block { line, kind });
        }
        blocks
    }

    fn report_too_deep(&mut self, offset: usize) {
        if !std::mem::replace(&mut self.too_deep_reported, true) {
            self.problem(
                offset,
                format!("lists, quotes or blocks are nested more than {MAX_DEPTH} levels deep"),
                "nest lists and quotes only a few levels deep; readers cannot follow more",
            );
        }
    }

    /// Blocks one level deeper, such as a quote's or a list item's.
    fn nested_blocks(&mut self) -> Vec<Block> {
        self.depth += 1;
        let blocks = self.blocks();
        self.depth -= 1;
        blocks
    }

    /// Consumes an element's end event; ends the current prose block when it was a paragraph or
    /// list item (`keep_prose`), or drops it.
    fn end_block(&mut self, keep_prose: bool) {
        let offset = self.peek().map(|(_, range)| range.start);
        self.next += 1;
        if keep_prose {
            self.flush_prose(offset);
        }
    }

    /// Adds text to the current paragraph's prose (headings are not prose).
    fn note_prose(&mut self, text: &str) {
        if self.settings.prose && !self.in_heading {
            self.prose.push_str(text);
        }
    }

    /// Ends the current block of text: kept as prose when it started at `offset`, dropped
    /// otherwise (table cells are not sentences).
    fn flush_prose(&mut self, offset: Option<usize>) {
        let text = std::mem::take(&mut self.prose);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let (Some(offset), false) = (offset, text.is_empty()) {
            let line = self.line(offset);
            self.doc.prose.push(Prose { line, text });
        }
    }

    /// The text of an HTML block (consumed), from its start or from a lone HTML event, and the
    /// index of its last HTML event.
    fn html_block(&mut self) -> (String, usize) {
        let mut html = String::new();
        let mut last = self.next;
        if matches!(self.peek(), Some((Event::Start(Tag::HtmlBlock), _))) {
            self.next += 1;
            while let Some((event, _)) = self.peek() {
                self.next += 1;
                match event {
                    Event::End(TagEnd::HtmlBlock) => break,
                    Event::Html(text) | Event::Text(text) => {
                        html.push_str(text);
                        last = self.next - 1;
                    }
                    _ => {}
                }
            }
        } else if let Some((Event::Html(text), _)) = self.peek() {
            html.push_str(text);
            self.next += 1;
        }
        (html, last)
    }

    /// A container whose opening sentinel is the event at `sentinel`.
    fn container(&mut self, kind: ContainerKind, sentinel: usize, offset: usize) -> BlockKind {
        let inner = first_heading_level(self.events, sentinel);
        let opened = self.outline.open(&kind, self.settings.risk_headings, inner);
        let heading = match (opened, &kind) {
            (Opened::Risk { heading: Some(level) }, ContainerKind::Risk(risks)) => {
                let text = (self.settings.risk_label)(risks);
                let id = self.anchors.claim(&anchor(&text));
                let heading = Heading { line: self.line(offset), level, id, text };
                self.doc.headings.push(heading.clone());
                Some(heading)
            }
            _ => None,
        };
        self.depth += 1;
        let blocks = self.blocks();
        self.depth -= 1;
        self.outline.close();
        match kind {
            ContainerKind::Callout => BlockKind::Callout(blocks),
            ContainerKind::Checklist => BlockKind::Checklist(blocks),
            ContainerKind::Form => BlockKind::Form(blocks),
            ContainerKind::Risk(risks) => BlockKind::Risk { risks, heading, blocks },
        }
    }

    fn heading(&mut self) -> BlockKind {
        let Some((Event::Start(Tag::Heading { level, id, classes, attrs }), range)) = self.peek() else {
            unreachable!("heading() is only called on a heading start");
        };
        let authored = *level as u8;
        let written_id = id.as_ref().map(|id| id.to_string());
        let line = self.line(range.start);
        let offset = range.start;
        let mut attributes = Vec::new();
        for (name, value) in attrs {
            // `## Text {onclick=...}` would otherwise reach the page as written.
            if html_tags::is_allowed_attribute("h2", &name.to_ascii_lowercase()) {
                attributes.push((name.to_string(), value.as_ref().map(|v| v.to_string())));
            } else {
                self.warning(
                    offset,
                    format!("the heading attribute `{name}` is not allowed: it is removed"),
                    "headings may have an {#id}, {.class} or lang=..., nothing else",
                );
            }
        }
        let extras = HeadingExtras { classes: classes.iter().map(|c| c.to_string()).collect(), attributes };
        self.next += 1;
        self.in_heading = true;
        let content = self.inlines(false);
        self.in_heading = false;
        self.next += 1;
        let mut text = String::new();
        plain_text(&content, &mut text);
        if text.trim().is_empty() {
            // Screen reader users jump between headings: an empty one is a stop with nothing in it.
            self.problem(
                offset,
                "this heading has no text".into(),
                "write the heading's words after the #, or remove the line",
            );
        }
        let level = self.outline.heading(authored);
        let id = self.anchors.claim(&written_id.unwrap_or_else(|| anchor(&text)));
        let heading = Heading { line, level, id, text: text.trim().to_string() };
        self.doc.headings.push(heading.clone());
        BlockKind::Heading(heading, extras, content)
    }

    fn list_items(&mut self) -> Vec<Vec<Block>> {
        let mut items = Vec::new();
        while let Some((event, _)) = self.peek() {
            match event {
                Event::Start(Tag::Item) => {
                    self.next += 1;
                    let item = self.nested_blocks();
                    self.end_block(true);
                    items.push(item);
                }
                Event::End(TagEnd::List(_)) => {
                    self.next += 1;
                    break;
                }
                _ => self.next += 1,
            }
        }
        items
    }

    fn table(&mut self, alignments: Vec<Alignment>) -> BlockKind {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.peek() {
            match event {
                Event::Start(Tag::TableHead) => {
                    self.next += 1;
                    head = self.table_cells();
                }
                Event::Start(Tag::TableRow) => {
                    self.next += 1;
                    rows.push(self.table_cells());
                }
                Event::End(TagEnd::Table) => {
                    self.next += 1;
                    break;
                }
                _ => self.next += 1,
            }
        }
        BlockKind::Table { alignments, head, rows }
    }

    /// The cells of a table head or row, up to and including its end.
    fn table_cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.peek() {
            match event {
                Event::Start(Tag::TableCell) => {
                    self.next += 1;
                    cells.push(self.inlines(false));
                    self.end_block(false);
                    self.flush_prose(None);
                }
                Event::End(_) => {
                    self.next += 1;
                    break;
                }
                _ => self.next += 1,
            }
        }
        cells
    }

    fn code_text(&mut self) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.peek() {
            self.next += 1;
            match event {
                Event::Text(t) => text.push_str(t),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }

    /// Inline content up to the end of the enclosing element (not consumed), up to the next
    /// block, or — inside a run in another language — up to the end of that run (consumed).
    fn inlines(&mut self, in_language: bool) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        let mut flattened = 0usize;
        while let Some((event, range)) = self.peek() {
            let offset = range.start;
            match event {
                Event::End(_) if flattened > 0 => {
                    flattened -= 1;
                    self.next += 1;
                }
                Event::End(_) => break,
                Event::Start(tag) if is_inline(tag) && self.depth >= MAX_DEPTH => {
                    self.report_too_deep(offset);
                    flattened += 1;
                    self.next += 1;
                }
                Event::Start(tag) if !is_inline(tag) => break,
                Event::Rule | Event::Html(_) => break,
                Event::Text(text) => {
                    self.note_prose(text);
                    push_text(&mut out, text);
                    self.next += 1;
                }
                Event::Code(text) => {
                    self.note_prose(text);
                    out.push(Inline::Code(text.to_string()));
                    self.next += 1;
                }
                Event::InlineMath(text) | Event::DisplayMath(text) => {
                    push_text(&mut out, text);
                    self.next += 1;
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.note_prose(" ");
                    out.push(if matches!(event, Event::SoftBreak) { Inline::SoftBreak } else { Inline::HardBreak });
                    self.next += 1;
                }
                Event::TaskListMarker(done) => {
                    out.push(Inline::TaskMarker { done: *done });
                    self.next += 1;
                }
                Event::FootnoteReference(label) => {
                    out.push(Inline::FootnoteReference(label.to_string()));
                    self.next += 1;
                }
                Event::InlineHtml(html) => {
                    self.next += 1;
                    if in_language && html.as_ref() == LANGUAGE_CLOSE {
                        break;
                    }
                    match language_run(html) {
                        Some(lang) => {
                            let content = self.inlines(true);
                            let run_rtl = (self.settings.language_rtl)(&lang);
                            let dir = (run_rtl != self.settings.rtl).then_some(if run_rtl {
                                Direction::Rtl
                            } else {
                                Direction::Ltr
                            });
                            out.push(Inline::Language { lang, dir, content });
                        }
                        None => {
                            self.doc.raw_html = true;
                            out.push(Inline::Html(html.to_string()))
                        }
                    }
                }
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let (dest, title) = (dest_url.to_string(), title.to_string());
                    self.next += 1;
                    out.push(self.image(&dest, title, offset));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, .. }) => {
                    let (link_type, dest, title) = (*link_type, dest_url.to_string(), title.to_string());
                    self.next += 1;
                    let target = self.link(link_type, &dest, offset);
                    let content = self.inlines(false);
                    self.next += 1;
                    match target {
                        Some(target) => out.push(Inline::Link { target, title, content }),
                        None => out.extend(content),
                    }
                }
                Event::Start(tag) => {
                    let tag = tag.clone();
                    self.next += 1;
                    self.depth += 1;
                    let content = self.inlines(false);
                    self.depth -= 1;
                    self.next += 1;
                    match tag {
                        Tag::Emphasis => out.push(Inline::Emphasis(content)),
                        Tag::Strong => out.push(Inline::Strong(content)),
                        Tag::Strikethrough => out.push(Inline::Strikethrough(content)),
                        // Inline kinds Beacon does not enable keep their text.
                        _ => out.extend(content),
                    }
                }
            }
        }
        if self.settings.rtl { mark_left_to_right(out) } else { mark_numbers(out) }
    }

    /// An image, its alt text read up to its end (consumed).
    fn image(&mut self, dest: &str, title: String, offset: usize) -> Inline {
        if matches!(self.peek(), Some((Event::End(TagEnd::Image), _))) {
            self.problem(
                offset,
                format!("the image \"{dest}\" has no alt text"),
                "describe the image for people who cannot see it: ![What the picture shows](file.jpg)",
            );
        }
        let mut alt = String::new();
        let mut depth = 0usize;
        while let Some((event, _)) = self.peek() {
            self.next += 1;
            match event {
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => {
                    alt.push_str(t);
                    self.note_prose(t);
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        Inline::Image { target: self.image_target(dest, offset), alt, title }
    }

    /// Resolves a link; records links to pages of this site for checking. None for an address
    /// that could run script or smuggle a page in (`javascript:`, `data:`): the text stays, the
    /// link goes.
    fn link(&mut self, link_type: LinkType, dest: &str, offset: usize) -> Option<LinkTarget> {
        if link_type == LinkType::Email {
            return Some(LinkTarget::External(format!("mailto:{dest}")));
        }
        if !html_tags::is_allowed_url(dest) {
            self.warning(
                offset,
                format!("the link address \"{dest}\" is not allowed: the link is removed (its text stays)"),
                "links may go to https:, http:, mailto: and tel: addresses, or to pages and files of this site",
            );
            return None;
        }
        Some(self.resolve_link(dest, offset))
    }

    fn resolve_link(&mut self, dest: &str, offset: usize) -> LinkTarget {
        if urls::is_external(dest) {
            return LinkTarget::External(dest.to_string());
        }
        if dest.is_empty() {
            return LinkTarget::Unresolved(String::new());
        }
        let (path, fragment) = urls::split_fragment(dest);
        let line = self.line(offset);
        let record = |target: String| InternalLink {
            target,
            fragment: fragment.map(str::to_string),
            written: dest.to_string(),
            line,
        };
        if path.is_empty() {
            self.doc.links.push(record(self.settings.page_path.to_string()));
            return LinkTarget::SamePage(fragment.unwrap_or_default().to_string());
        }
        if !path.starts_with('/') {
            self.problem(
                offset,
                format!("the link \"{dest}\" is relative"),
                "link to pages of this site by their site path, e.g. /modules/prepare-your-home/ or /risks/flood/",
            );
            return LinkTarget::Unresolved(dest.to_string());
        }
        if self.settings.static_files.contains(path) {
            return LinkTarget::File(path.to_string());
        }
        let mut site_path = path.to_string();
        if !site_path.ends_with('/') {
            site_path.push('/');
        }
        let target = urls::localized(self.settings.lang, &site_path);
        self.doc.links.push(record(target.clone()));
        LinkTarget::Page { path: target, fragment: fragment.map(str::to_string) }
    }

    /// Resolves an image: "/x.png" from the site's static folder, "x.png" beside the markdown file.
    fn image_target(&mut self, dest: &str, offset: usize) -> ImageTarget {
        if urls::is_external(dest) {
            if !matches!(html_tags::url_scheme(dest).as_deref(), Some("https" | "http")) {
                self.warning(
                    offset,
                    format!("the image address \"{dest}\" is not allowed: the image is left out"),
                    "show images from this site (a file beside the page or in static/) or from an https: address",
                );
                return ImageTarget::Missing(String::new());
            }
            return ImageTarget::External(dest.to_string());
        }
        if dest.starts_with('/') {
            if !self.settings.static_files.contains(dest) {
                self.problem(
                    offset,
                    format!("the image \"{dest}\" is not in the static/ folder"),
                    &format!("put the file at static{dest} or correct the path"),
                );
                return ImageTarget::Missing(dest.to_string());
            }
            let source = Path::new("static").join(dest.trim_start_matches('/'));
            return ImageTarget::File { source, output: dest.to_string() };
        }
        let folder = self.settings.source_file.parent().unwrap_or(Path::new(""));
        let source = folder.join(dest);
        let beside_page = !dest.split('/').any(|part| part == "..");
        let located = if beside_page { site_files::locate(self.settings.site_dir, &source) } else { SiteFile::Missing };
        match located {
            SiteFile::Inside => {}
            SiteFile::Missing => {
                self.problem(
                    offset,
                    format!("the image \"{dest}\" does not exist"),
                    &format!("put the image at {} or correct the file name", source.display()),
                );
                return ImageTarget::Missing(dest.to_string());
            }
            SiteFile::Outside(real) => {
                self.problem(
                    offset,
                    format!("the image \"{dest}\" is a link to {}, outside the site folder", real.display()),
                    "copy the image into the site folder: Beacon publishes only files that belong to the site",
                );
                return ImageTarget::Missing(dest.to_string());
            }
        }
        let under_content = folder.strip_prefix("content").unwrap_or(folder);
        let output = format!("/media/{}/{dest}", under_content.to_string_lossy().replace('\\', "/"));
        self.doc.images.push(ImageFile { source: source.clone(), output: output.clone() });
        ImageTarget::File { source, output }
    }
}

/// Lists, items, quotes and footnotes: the blocks that nest.
fn is_nesting(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_))
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn alignment(alignment: &pulldown_cmark::Alignment) -> Alignment {
    match alignment {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}

/// The language of a run kept in the source language, from its opening tag.
fn language_run(html: &str) -> Option<String> {
    let lang = html.strip_prefix(LANGUAGE_OPEN)?.strip_suffix(LANGUAGE_MARK)?;
    let is_tag = !lang.is_empty() && lang.len() <= 35 && lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    is_tag.then(|| lang.to_string())
}

/// Appends text, joining it to the text before (the parser splits text at escapes and entities).
fn push_text(out: &mut Vec<Inline>, text: &str) {
    match out.last_mut() {
        Some(Inline::Text(previous)) => previous.push_str(text),
        _ => out.push(Inline::Text(text.to_string())),
    }
}

/// Plain text as inlines, with phone numbers and addresses as left-to-right runs when the text
/// reads right to left, and phone numbers marked when it does not: for text that does not come
/// from markdown, such as contact details.
pub fn text_runs(text: &str, rtl: bool) -> Vec<Inline> {
    let plain = vec![Inline::Text(text.to_string())];
    if rtl { mark_left_to_right(plain) } else { mark_numbers(plain) }
}

/// Splits text so that phone numbers and addresses become left-to-right runs.
fn mark_left_to_right(inlines: Vec<Inline>) -> Vec<Inline> {
    split_text(inlines, bidi::ltr_runs, Inline::LeftToRight)
}

/// Splits left-to-right text so that phone numbers become [`Inline::Number`]s.
fn mark_numbers(inlines: Vec<Inline>) -> Vec<Inline> {
    split_text(inlines, bidi::digit_groups, Inline::Number)
}

/// Splits each text inline at the runs `find` finds in it, and makes each run a `run` inline.
fn split_text(
    inlines: Vec<Inline>,
    find: fn(&str) -> Vec<std::ops::Range<usize>>,
    run: fn(String) -> Inline,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut last = 0;
        for found in find(&text) {
            if found.start > last {
                out.push(Inline::Text(text[last..found.start].to_string()));
            }
            out.push(run(text[found.clone()].to_string()));
            last = found.end;
        }
        if last == 0 {
            out.push(Inline::Text(text));
        } else if last < text.len() {
            out.push(Inline::Text(text[last..].to_string()));
        }
    }
    out
}

/// The words of some inlines, without markup (a heading's text, for its anchor).
pub fn plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Number(t) | Inline::LeftToRight(t) | Inline::Code(t) => out.push_str(t),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => plain_text(c, out),
            Inline::Link { content, .. } | Inline::Language { content, .. } => plain_text(content, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::containers::Variant;
    use crate::site::document::testing::document as build_variant;

    fn levels(doc: &Document) -> Vec<(u8, &str)> {
        doc.headings.iter().map(|h| (h.level, h.id.as_str())).collect()
    }

    #[test]
    fn general_page_puts_risk_blocks_under_risk_headings() {
        let md = "Intro.\n\n## Plan\n\nText.\n\n::: risk flood\n## If your home could flood\nSandbags.\n:::\n";
        let doc = build_variant(md, Variant::General, &[], false);
        assert_eq!(levels(&doc), vec![(2, "plan"), (2, "risk-flood"), (3, "if-your-home-could-flood")]);
        let BlockKind::Risk { risks, heading: Some(heading), blocks } = &doc.blocks[3].kind else {
            panic!("{:?}", doc.blocks[3]);
        };
        assert_eq!(
            (risks.as_slice(), heading.text.as_str(), doc.blocks[3].line),
            (&["flood".to_string()][..], "Risk flood", 11)
        );
        assert!(matches!(&blocks[0].kind, BlockKind::Heading(h, _, _) if h.level == 3));
    }

    #[test]
    fn risk_block_without_heading_nests_in_the_current_section() {
        let doc = build_variant("## Plan\n\n::: risk flood storm\nSandbags.\n:::\n", Variant::General, &[], false);
        assert_eq!(levels(&doc), vec![(2, "plan"), (3, "risk-flood-and-risk-storm")]);
    }

    #[test]
    fn consecutive_risk_blocks_are_siblings() {
        let md = "## Plan\n\n::: risk flood\n## Flood\n### Before\n:::\n\n::: risk storm\nTie down.\n:::\n";
        let doc = build_variant(md, Variant::General, &[], false);
        assert_eq!(levels(&doc), vec![(2, "plan"), (2, "risk-flood"), (3, "flood"), (4, "before"), (2, "risk-storm")]);
    }

    #[test]
    fn prose_of_paragraphs_and_items_with_their_lines() {
        let md =
            "::: callout\nCall 999.\n:::\n\n::: checklist\n- Torch\n- Radio\n:::\n\n| a | b |\n|---|---|\n| c | d |\n";
        let doc = build_variant(md, Variant::General, &[], false);
        let prose: Vec<_> = doc.prose.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(prose, vec![(6, "Call 999."), (10, "Torch"), (11, "Radio")]);
    }

    #[test]
    fn links_are_resolved_and_recorded() {
        let md = "See [floods](/risks/flood/#warnings), [kit](#kit), [map](/files/map.pdf), [GOV.UK](https://www.gov.uk), <a@b.org> and [other](other.md).\n";
        let doc = build_variant(md, Variant::General, &["/files/map.pdf"], false);
        let BlockKind::Paragraph(content) = &doc.blocks[0].kind else { panic!() };
        let targets: Vec<_> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { target, .. } => Some(target.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            targets,
            vec![
                LinkTarget::Page { path: "/en/risks/flood/".into(), fragment: Some("warnings".into()) },
                LinkTarget::SamePage("kit".into()),
                LinkTarget::File("/files/map.pdf".into()),
                LinkTarget::External("https://www.gov.uk".into()),
                LinkTarget::External("mailto:a@b.org".into()),
                LinkTarget::Unresolved("other.md".into()),
            ]
        );
        let recorded: Vec<_> = doc.links.iter().map(|l| (l.target.as_str(), l.fragment.as_deref(), l.line)).collect();
        assert_eq!(recorded, vec![("/en/risks/flood/", Some("warnings"), 5), ("/en/modules/m/", Some("kit"), 5)]);
        let problems: Vec<_> = doc.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(problems, vec!["the link \"other.md\" is relative"]);
    }

    #[test]
    fn missing_images_and_alt_text_are_errors() {
        let doc = build_variant("Intro\n\n![](/missing.png)\n", Variant::General, &[], false);
        let messages: Vec<_> = doc.problems.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(
            messages,
            vec![
                (7, "the image \"/missing.png\" has no alt text".to_string()),
                (7, "the image \"/missing.png\" is not in the static/ folder".to_string()),
            ]
        );
    }

    #[test]
    fn duplicate_headings_get_unique_anchors_and_explicit_ids_are_kept() {
        let doc = build_variant("## Before\n## Before\n## During {#now}\n", Variant::General, &[], false);
        let ids: Vec<_> = doc.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["before", "before-2", "now"]);
    }

    #[test]
    fn right_to_left_text_marks_numbers_once_even_when_the_parser_splits_text() {
        let doc = build_variant("کال کریں 0116 305 6101 &amp; 111.nhs.uk\n", Variant::General, &[], true);
        let BlockKind::Paragraph(content) = &doc.blocks[0].kind else { panic!() };
        assert_eq!(
            content,
            &vec![
                Inline::Text("کال کریں ".into()),
                Inline::LeftToRight("0116 305 6101".into()),
                Inline::Text(" & ".into()),
                Inline::LeftToRight("111.nhs.uk".into()),
            ]
        );
    }

    /// Phone numbers are found once, here: the web page and the leaflet only read them.
    #[test]
    fn left_to_right_text_marks_phone_numbers_once_even_when_the_parser_splits_text() {
        let doc = build_variant(
            "Call Floodline on 0345 988 1188 &amp; **0800-807-060** or 999, see www.gov.uk.\n",
            Variant::General,
            &[],
            false,
        );
        let BlockKind::Paragraph(content) = &doc.blocks[0].kind else { panic!() };
        assert_eq!(
            content,
            &vec![
                Inline::Text("Call Floodline on ".into()),
                Inline::Number("0345 988 1188".into()),
                Inline::Text(" & ".into()),
                Inline::Strong(vec![Inline::Number("0800-807-060".into())]),
                Inline::Text(" or 999, see www.gov.uk.".into()),
            ]
        );
        let mut text = String::new();
        plain_text(content, &mut text);
        assert_eq!(text, "Call Floodline on 0345 988 1188 & 0800-807-060 or 999, see www.gov.uk.");
    }

    #[test]
    fn untranslated_runs_carry_their_language() {
        let doc = build_variant(
            "Tekst <span lang=\"en\" data-fallback>*Radio*</span> koniec.\n",
            Variant::General,
            &[],
            false,
        );
        let BlockKind::Paragraph(content) = &doc.blocks[0].kind else { panic!() };
        let radio = vec![Inline::Emphasis(vec![Inline::Text("Radio".into())])];
        assert_eq!(content[1], Inline::Language { lang: "en".into(), dir: None, content: radio.clone() });
        assert_eq!(content[2], Inline::Text(" koniec.".into()));
        // On a right-to-left page the English run keeps its own direction.
        let doc = build_variant("نص <span lang=\"en\" data-fallback>*Radio*</span>.\n", Variant::General, &[], true);
        let BlockKind::Paragraph(content) = &doc.blocks[0].kind else { panic!() };
        assert_eq!(content[1], Inline::Language { lang: "en".into(), dir: Some(Direction::Ltr), content: radio });
    }

    #[test]
    fn deep_nesting_is_flattened_and_reported_without_exhausting_the_stack() {
        let md = format!("{}x\n", "> ".repeat(5_000));
        let doc = build_variant(&md, Variant::General, &[], false);
        assert_eq!(doc.problems.len(), 1, "{:?}", doc.problems);
        assert!(doc.problems[0].message.contains("nested more than 30 levels"));
    }
}
