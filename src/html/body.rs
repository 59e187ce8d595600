//! A page's [`Document`] as HTML.
//!
//! The document is turned into pulldown-cmark's event stream and written by its HTML serialiser,
//! which escapes text and addresses the way CommonMark renderers do. Everything the model has
//! already settled is taken as it is: links become addresses relative to the page, containers
//! become Beacon's own markup.

use super::highlight;
use crate::site::document::{Alignment, Block, BlockKind, Document, ImageTarget, Inline, LinkTarget};
use crate::text::{escape_html, urls};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// The body of a page at `page_path` ("/en/modules/x/"); `important_label` is read out before
/// each callout.
pub fn write(doc: &Document, page_path: &str, important_label: &str) -> String {
    let mut writer = Writer { page_path, important_label, events: Vec::new() };
    writer.blocks(&doc.blocks);
    let mut html = String::with_capacity(4096);
    pulldown_cmark::html::push_html(&mut html, writer.events.into_iter());
    html
}

struct Writer<'a> {
    page_path: &'a str,
    important_label: &'a str,
    events: Vec<Event<'a>>,
}

fn owned(text: String) -> CowStr<'static> {
    CowStr::from(text)
}

impl<'a> Writer<'a> {
    fn html(&mut self, html: String) {
        self.events.push(Event::Html(owned(html)));
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &'a Block) {
        match &block.kind {
            BlockKind::Paragraph(content) => {
                self.events.push(Event::Start(Tag::Paragraph));
                self.inlines(content);
                self.events.push(Event::End(TagEnd::Paragraph));
            }
            BlockKind::Plain(content) => self.inlines(content),
            BlockKind::Heading(heading, extras, content) => {
                let level = HeadingLevel::try_from(heading.level as usize).unwrap_or(HeadingLevel::H6);
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::Borrowed(&heading.id)),
                    classes: extras.classes.iter().map(|c| CowStr::Borrowed(c.as_str())).collect(),
                    attrs: extras
                        .attributes
                        .iter()
                        .map(|(k, v)| (CowStr::Borrowed(k.as_str()), v.as_deref().map(CowStr::Borrowed)))
                        .collect(),
                }));
                self.inlines(content);
                self.events.push(Event::End(TagEnd::Heading(level)));
            }
            BlockKind::List { start, items } => {
                self.events.push(Event::Start(Tag::List(*start)));
                for item in items {
                    self.events.push(Event::Start(Tag::Item));
                    self.blocks(item);
                    self.events.push(Event::End(TagEnd::Item));
                }
                self.events.push(Event::End(TagEnd::List(start.is_some())));
            }
            BlockKind::Table { alignments, head, rows } => {
                self.events.push(Event::Start(Tag::Table(alignments.iter().map(alignment).collect())));
                self.events.push(Event::Start(Tag::TableHead));
                self.cells(head);
                self.events.push(Event::End(TagEnd::TableHead));
                for row in rows {
                    self.events.push(Event::Start(Tag::TableRow));
                    self.cells(row);
                    self.events.push(Event::End(TagEnd::TableRow));
                }
                self.events.push(Event::End(TagEnd::Table));
            }
            BlockKind::Quote(blocks) => {
                self.events.push(Event::Start(Tag::BlockQuote(None)));
                self.blocks(blocks);
                self.events.push(Event::End(TagEnd::BlockQuote(None)));
            }
            BlockKind::Code { language, text } => {
                if let Some(html) = highlight::highlight(language.as_deref(), text) {
                    let class = highlight::class_name(language.as_deref().unwrap_or_default());
                    self.html(format!(
                        "{}<code class=\"language-{class}\">{html}</code></pre>\n",
                        highlight::BLOCK_START
                    ));
                    return;
                }
                let info = CowStr::Borrowed(language.as_deref().unwrap_or(""));
                self.events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))));
                self.events.push(Event::Text(CowStr::Borrowed(text)));
                self.events.push(Event::End(TagEnd::CodeBlock));
            }
            BlockKind::Html(html) => self.events.push(Event::Html(CowStr::Borrowed(html))),
            BlockKind::Rule => self.events.push(Event::Rule),
            BlockKind::Footnote { label, blocks } => {
                self.events.push(Event::Start(Tag::FootnoteDefinition(CowStr::Borrowed(label))));
                self.blocks(blocks);
                self.events.push(Event::End(TagEnd::FootnoteDefinition));
            }
            BlockKind::Callout(blocks) => {
                self.html(format!(
                    "<div class=\"callout\"><span class=\"callout-icon\" aria-hidden=\"true\">!</span><div class=\"callout-body\"><span class=\"visually-hidden\">{}: </span>\n",
                    escape_html(self.important_label)
                ));
                self.blocks(blocks);
                self.html("</div></div>\n".into());
            }
            BlockKind::Checklist(blocks) => {
                self.html("<div class=\"checklist\">\n".into());
                self.blocks(blocks);
                self.html("</div>\n".into());
            }
            // The theme's stylesheet draws the lines and boxes to write in.
            BlockKind::Form(blocks) => {
                self.html("<div class=\"form\">\n".into());
                self.blocks(blocks);
                self.html("</div>\n".into());
            }
            BlockKind::Risk { heading, blocks, .. } => {
                self.html(match heading {
                    None => "<div class=\"risk-block\">\n".to_string(),
                    Some(h) => format!(
                        "<div class=\"risk-block\"><h{level} id=\"{id}\" class=\"risk-heading\">{text}</h{level}>\n",
                        level = h.level,
                        id = escape_html(&h.id),
                        text = escape_html(&h.text)
                    ),
                });
                self.blocks(blocks);
                self.html("</div>\n".into());
            }
        }
    }

    fn cells(&mut self, cells: &'a [Vec<Inline>]) {
        for cell in cells {
            self.events.push(Event::Start(Tag::TableCell));
            self.inlines(cell);
            self.events.push(Event::End(TagEnd::TableCell));
        }
    }

    fn inlines(&mut self, inlines: &'a [Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text(text) => self.events.push(Event::Text(CowStr::Borrowed(text))),
            Inline::Number(number) => {
                // A phone number stays on one line, as on the leaflets: a number broken after
                // "0345" reads as two numbers on a narrow phone screen.
                let html = format!("<span class=\"nowrap\">{}</span>", escape_html(number));
                self.events.push(Event::InlineHtml(owned(html)));
            }
            Inline::LeftToRight(text) => {
                // dir="ltr" isolates the run from the right-to-left text around it; a phone
                // number in it stays on one line.
                let whole = crate::text::bidi::digit_groups(text).first() == Some(&(0..text.len()));
                let class = if whole { " class=\"nowrap\"" } else { "" };
                let html = format!("<span dir=\"ltr\"{class}>{}</span>", escape_html(text));
                self.events.push(Event::InlineHtml(owned(html)));
            }
            Inline::Code(text) => self.events.push(Event::Code(CowStr::Borrowed(text))),
            Inline::Emphasis(content) => self.wrap(Tag::Emphasis, TagEnd::Emphasis, content),
            Inline::Strong(content) => self.wrap(Tag::Strong, TagEnd::Strong, content),
            Inline::Strikethrough(content) => self.wrap(Tag::Strikethrough, TagEnd::Strikethrough, content),
            Inline::Link { target, title, content } => {
                let tag = Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: owned(self.href(target)),
                    title: CowStr::Borrowed(title),
                    id: CowStr::Borrowed(""),
                };
                self.wrap(tag, TagEnd::Link, content);
            }
            Inline::Image { target, alt, title } => {
                let src = match target {
                    ImageTarget::External(url) => url.clone(),
                    ImageTarget::File { output, .. } => urls::relative(self.page_path, output),
                    // Reported as a problem; in a translation published anyway, the words the
                    // picture stood for are better than a broken picture.
                    ImageTarget::Missing(_) => {
                        self.events.push(Event::Text(CowStr::Borrowed(alt)));
                        return;
                    }
                };
                self.events.push(Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url: owned(src),
                    title: CowStr::Borrowed(title),
                    id: CowStr::Borrowed(""),
                }));
                if !alt.is_empty() {
                    self.events.push(Event::Text(CowStr::Borrowed(alt)));
                }
                self.events.push(Event::End(TagEnd::Image));
            }
            Inline::Language { lang, dir, content } => {
                let dir = dir.map_or(String::new(), |dir| format!(" dir=\"{}\"", dir.as_str()));
                let open = format!("<span lang=\"{}\"{dir} data-fallback>", escape_html(lang));
                self.events.push(Event::InlineHtml(owned(open)));
                self.inlines(content);
                self.events.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
            }
            Inline::TaskMarker { done } => {
                let (class, label) = if *done { ("task-box task-box--done", "done") } else { ("task-box", "to do") };
                let html = format!("<span class=\"{class}\" role=\"img\" aria-label=\"{label}\"></span>");
                self.events.push(Event::InlineHtml(owned(html)));
            }
            Inline::FootnoteReference(label) => self.events.push(Event::FootnoteReference(CowStr::Borrowed(label))),
            Inline::SoftBreak => self.events.push(Event::SoftBreak),
            Inline::HardBreak => self.events.push(Event::HardBreak),
            Inline::Html(html) => self.events.push(Event::InlineHtml(CowStr::Borrowed(html))),
        }
    }

    fn wrap(&mut self, start: Tag<'a>, end: TagEnd, content: &'a [Inline]) {
        self.events.push(Event::Start(start));
        self.inlines(content);
        self.events.push(Event::End(end));
    }

    /// Where a link goes, relative to the page so the site works from any folder.
    fn href(&self, target: &LinkTarget) -> String {
        match target {
            LinkTarget::External(url) | LinkTarget::Unresolved(url) => url.clone(),
            LinkTarget::Page { path, fragment } => {
                let mut href = urls::relative(self.page_path, path);
                if let Some(fragment) = fragment {
                    href.push('#');
                    href.push_str(fragment);
                }
                href
            }
            LinkTarget::SamePage(fragment) => format!("#{fragment}"),
            LinkTarget::File(path) => urls::relative(self.page_path, path),
        }
    }
}

fn alignment(alignment: &Alignment) -> pulldown_cmark::Alignment {
    match alignment {
        Alignment::None => pulldown_cmark::Alignment::None,
        Alignment::Left => pulldown_cmark::Alignment::Left,
        Alignment::Center => pulldown_cmark::Alignment::Center,
        Alignment::Right => pulldown_cmark::Alignment::Right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::containers::Variant;
    use crate::site::document::testing::document;

    fn render(markdown: &str, variant: Variant<'_>, statics: &[&str], rtl: bool) -> String {
        write(&document(markdown, variant, statics, rtl), "/en/modules/m/", "Important")
    }

    #[test]
    fn general_page_puts_risk_blocks_under_risk_headings() {
        let md = "Intro.\n\n## Plan\n\nText.\n\n::: risk flood\n## If your home could flood\nSandbags.\n:::\n";
        assert_eq!(
            render(md, Variant::General, &[], false),
            "<p>Intro.</p>\n<h2 id=\"plan\">Plan</h2>\n<p>Text.</p>\n\
             <div class=\"risk-block\"><h2 id=\"risk-flood\" class=\"risk-heading\">Risk flood</h2>\n\
             <h3 id=\"if-your-home-could-flood\">If your home could flood</h3>\n<p>Sandbags.</p>\n</div>\n"
        );
    }

    #[test]
    fn variant_page_keeps_block_headings_and_drops_other_risks() {
        let md = "Intro.\n\n::: risk flood\n## Flood\nSandbags.\n:::\n\n::: risk storm\n## Storm\nTie down.\n:::\n";
        assert_eq!(
            render(md, Variant::Risk("storm"), &[], false),
            "<p>Intro.</p>\n<div class=\"risk-block\">\n<h2 id=\"storm\">Storm</h2>\n<p>Tie down.</p>\n</div>\n"
        );
    }

    #[test]
    fn forms_keep_their_lists_and_empty_cells_for_the_stylesheet_to_draw() {
        let md = "::: form\n- Name\n- Phone number\n\n| Person | Who checks on them |\n|---|---|\n| | |\n:::\n";
        let html = render(md, Variant::General, &[], false);
        assert!(
            html.starts_with("<div class=\"form\">\n<ul>\n<li>Name</li>\n<li>Phone number</li>\n</ul>\n<table>"),
            "{html}"
        );
        assert!(html.contains("<tr><td></td><td></td></tr>") && html.ends_with("</table>\n</div>\n"), "{html}");
    }

    #[test]
    fn phone_numbers_stay_on_one_line() {
        assert_eq!(
            render("Call Floodline on 0345 988 1188 or 999.\n", Variant::General, &[], false),
            "<p>Call Floodline on <span class=\"nowrap\">0345 988 1188</span> or 999.</p>\n"
        );
        assert_eq!(
            render("Floodline کو 0345 988 1188 پر کال کریں۔\n", Variant::General, &[], true),
            "<p>Floodline کو <span dir=\"ltr\" class=\"nowrap\">0345 988 1188</span> پر کال کریں۔</p>\n"
        );
    }

    #[test]
    fn callouts_and_checklists() {
        let md = "::: callout\nCall 999.\n:::\n\n::: checklist\n- Torch\n- [ ] Radio\n:::\n";
        assert_eq!(
            render(md, Variant::General, &[], false),
            "<div class=\"callout\"><span class=\"callout-icon\" aria-hidden=\"true\">!</span><div class=\"callout-body\"><span class=\"visually-hidden\">Important: </span>\n\
             <p>Call 999.</p>\n</div></div>\n<div class=\"checklist\">\n<ul>\n<li>Torch</li>\n\
             <li><span class=\"task-box\" role=\"img\" aria-label=\"to do\"></span>Radio</li>\n</ul>\n</div>\n"
        );
    }

    #[test]
    fn container_directly_after_a_list_item_ends_the_list() {
        let html = render("- one\n::: callout\nCall 999.\n:::\n", Variant::General, &[], false);
        assert!(html.starts_with("<ul>\n<li>one</li>\n</ul>\n<div class=\"callout\">"), "{html}");
    }

    #[test]
    fn site_links_become_relative() {
        let md = "See [floods](/risks/flood/#warnings), [kit](#kit), [map](/files/map.pdf) and [GOV.UK](https://www.gov.uk).\n";
        let html = render(md, Variant::General, &["/files/map.pdf"], false);
        assert!(html.contains("href=\"../../risks/flood/#warnings\""), "{html}");
        assert!(html.contains("href=\"#kit\""));
        assert!(html.contains("href=\"../../../files/map.pdf\""));
        assert!(html.contains("href=\"https://www.gov.uk\""));
    }

    #[test]
    fn tables_code_and_untranslated_runs() {
        let md = "| A | B |\n|:--|--:|\n| 1 | 2 |\n\n```toml\nx = \"<1>\"\n```\n\nZ <span lang=\"en\" data-fallback>*Radio*</span>.\n";
        assert_eq!(
            render(md, Variant::General, &[], false),
            "<table><thead><tr><th style=\"text-align: left\">A</th><th style=\"text-align: right\">B</th></tr></thead><tbody>\n\
             <tr><td style=\"text-align: left\">1</td><td style=\"text-align: right\">2</td></tr>\n</tbody></table>\n\
             <pre><code class=\"language-toml\">x = \"&lt;1&gt;\"\n</code></pre>\n\
             <p>Z <span lang=\"en\" data-fallback><em>Radio</em></span>.</p>\n"
        );
    }

    #[test]
    fn phone_numbers_in_right_to_left_text_are_isolated() {
        assert_eq!(
            render("کال 0345 988 1188 <b>\n", Variant::General, &[], true),
            "<p>کال <span dir=\"ltr\" class=\"nowrap\">0345 988 1188</span> <b></p>\n"
        );
    }

    #[test]
    fn code_fences_keep_their_colons() {
        assert_eq!(
            render("```\n::: callout\n```\n", Variant::General, &[], false),
            "<pre><code>::: callout\n</code></pre>\n"
        );
    }
}
