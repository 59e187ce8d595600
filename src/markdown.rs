//! Markdown to HTML for one variant of one page.
//!
//! The event stream from pulldown-cmark is rewritten on its way to the HTML writer: container
//! sentinels become callouts, checklists and risk blocks; headings get unique anchors (and move
//! one level down inside risk blocks on a module's general page, under a heading naming the
//! risk); site links become relative URLs. Links, images and prose are recorded for checking.

use crate::containers::{ContainerKind, Sentinel, VariantSource, parse_sentinel};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::outline::{Opened, Outline, first_heading_level};
use crate::slug::{AnchorSet, anchor};
use crate::urls;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

/// Everything the renderer needs to know about the page it renders.
pub struct RenderSettings<'a> {
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
    /// Hidden label read out before a callout's text.
    pub important_label: &'a str,
    /// The page reads right to left: numbers and addresses are isolated as left-to-right runs.
    pub rtl: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// File line, for messages.
    #[serde(skip)]
    pub line: usize,
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to a page of this site, to be checked once every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Output path of the target page, e.g. "/en/risks/flood/".
    pub target: String,
    pub fragment: Option<String>,
    /// What the author wrote.
    pub written: String,
    pub line: usize,
}

/// An image to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Source file, relative to the site folder.
    pub source: PathBuf,
    /// Output path, e.g. "/media/modules/x/photo.jpg".
    pub output: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    pub images: Vec<Image>,
    /// Text of each paragraph and list item, for the reading-age estimate.
    pub prose: Vec<Prose>,
    pub problems: Diagnostics,
}

/// The text of one paragraph or list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub line: usize,
    pub text: String,
}

struct Renderer<'s, 'a> {
    settings: &'s RenderSettings<'a>,
    source: &'s VariantSource,
    out: Rendered,
    anchors: AnchorSet,
    outline: Outline,
    text: String,
    /// Inside an image (alt text) or code block, where text is written as it is.
    verbatim: usize,
}

pub fn render(source: &VariantSource, settings: &RenderSettings<'_>) -> Rendered {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&source.markdown, parser_options()).into_offset_iter().collect();
    let mut renderer = Renderer {
        settings,
        source,
        out: Rendered::default(),
        anchors: AnchorSet::default(),
        outline: Outline::default(),
        text: String::new(),
        verbatim: 0,
    };
    let mut html_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut index = 0;
    while index < events.len() {
        index = renderer.rewrite(&events, index, &mut html_events);
    }
    pulldown_cmark::html::push_html(&mut renderer.out.html, html_events.into_iter());
    renderer.out
}

impl<'a> Renderer<'_, '_> {
    /// On right-to-left pages, text with phone numbers or addresses becomes HTML that isolates them.
    fn isolated(&self, text: &str) -> Option<Event<'a>> {
        if !self.settings.rtl || self.verbatim > 0 || crate::bidi::ltr_runs(text).is_empty() {
            return None;
        }
        Some(Event::InlineHtml(crate::bidi::isolate_html(text).into()))
    }

    fn line(&self, offset: usize) -> usize {
        self.source.file_line(offset)
    }

    fn problem(&mut self, offset: usize, message: String, help: &str) {
        let d = Diagnostic::error(self.settings.source_file, self.line(offset), message).help(help);
        self.out.problems.push(d);
    }

    /// Rewrites the event at `index` (and any events it consumes) into `out`; returns the next index.
    fn rewrite(
        &mut self,
        events: &[(Event<'a>, std::ops::Range<usize>)],
        index: usize,
        out: &mut Vec<Event<'a>>,
    ) -> usize {
        let (event, range) = &events[index];
        match event {
            Event::Html(html) => {
                if let Some(sentinel) = parse_sentinel(html) {
                    self.container(sentinel, events, index, out);
                } else {
                    out.push(event.clone());
                }
            }
            Event::Start(Tag::Heading { .. }) => return self.heading(events, index, out),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, range.start);
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if matches!(events.get(index + 1), Some((Event::End(TagEnd::Image), _))) {
                    self.problem(
                        range.start,
                        format!("the image \"{dest_url}\" has no alt text"),
                        "describe the image for people who cannot see it: ![What the picture shows](file.jpg)",
                    );
                }
                let dest_url = self.image(dest_url, range.start);
                self.verbatim += 1;
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::TaskListMarker(done) => {
                let (class, label) = if *done { ("task-box task-box--done", "done") } else { ("task-box", "to do") };
                out.push(Event::InlineHtml(
                    format!("<span class=\"{class}\" role=\"img\" aria-label=\"{label}\"></span>").into(),
                ));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.verbatim += 1;
                out.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                self.verbatim = self.verbatim.saturating_sub(1);
                out.push(event.clone());
            }
            Event::Text(text) => {
                self.text.push_str(text);
                out.push(self.isolated(text).unwrap_or_else(|| event.clone()));
            }
            Event::Code(text) => {
                self.text.push_str(text);
                out.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                out.push(event.clone());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.flush_prose(Some(range.start));
                out.push(event.clone());
            }
            Event::End(TagEnd::TableCell) => {
                self.flush_prose(None);
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
        index + 1
    }

    /// Ends the current block of text: kept as prose when it started at `offset`, dropped for
    /// table cells (which are not sentences).
    fn flush_prose(&mut self, offset: Option<usize>) {
        let text = std::mem::take(&mut self.text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let (Some(offset), false) = (offset, text.is_empty()) {
            let line = self.line(offset);
            self.out.prose.push(Prose { line, text });
        }
    }

    fn container(
        &mut self,
        sentinel: Sentinel,
        events: &[(Event<'a>, std::ops::Range<usize>)],
        index: usize,
        out: &mut Vec<Event<'a>>,
    ) {
        let html = match sentinel {
            Sentinel::Open(kind) => {
                let inner = first_heading_level(events, index);
                match self.outline.open(&kind, self.settings.risk_headings, inner) {
                    Opened::Callout => format!(
                        "<div class=\"callout\"><span class=\"callout-icon\" aria-hidden=\"true\">!</span><div class=\"callout-body\"><span class=\"visually-hidden\">{}: </span>",
                        escape(self.settings.important_label)
                    ),
                    Opened::Checklist => "<div class=\"checklist\">".to_string(),
                    Opened::Risk { heading: None } => "<div class=\"risk-block\">".to_string(),
                    Opened::Risk { heading: Some(level) } => {
                        let ContainerKind::Risk(risks) = &kind else {
                            unreachable!("only risk blocks have risk headings")
                        };
                        let text = (self.settings.risk_label)(risks);
                        let id = self.anchors.claim(&anchor(&text));
                        let line = self.line(events[index].1.start);
                        self.out.headings.push(Heading { line, level, id: id.clone(), text: text.clone() });
                        format!(
                            "<div class=\"risk-block\"><h{level} id=\"{id}\" class=\"risk-heading\">{}</h{level}>",
                            escape(&text)
                        )
                    }
                }
            }
            Sentinel::Close => match self.outline.close() {
                Some(Opened::Callout) => "</div></div>".to_string(),
                Some(_) => "</div>".to_string(),
                None => String::new(),
            },
        };
        out.push(Event::Html(format!("{html}\n").into()));
    }

    fn heading(
        &mut self,
        events: &[(Event<'a>, std::ops::Range<usize>)],
        index: usize,
        out: &mut Vec<Event<'a>>,
    ) -> usize {
        let Event::Start(Tag::Heading { level, id, classes, attrs }) = &events[index].0 else {
            unreachable!("heading() is only called on a heading start");
        };
        let end = events[index..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| index + p);
        let mut text = String::new();
        let mut inner = Vec::new();
        for (event, range) in &events[index + 1..end] {
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
            }
            // Links inside headings are rewritten like any other link.
            match event {
                Event::Text(t) => inner.push(self.isolated(t).unwrap_or_else(|| event.clone())),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = self.link(dest_url, range.start);
                    inner.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                other => inner.push(other.clone()),
            }
        }
        let new_level = self.outline.heading(*level as u8);
        let wanted = id.as_deref().map_or_else(|| anchor(&text), str::to_string);
        let id = self.anchors.claim(&wanted);
        let line = self.line(events[index].1.start);
        self.out.headings.push(Heading { line, level: new_level, id: id.clone(), text: text.trim().to_string() });
        let heading_level = HeadingLevel::try_from(new_level as usize).unwrap_or(HeadingLevel::H6);
        out.push(Event::Start(Tag::Heading {
            level: heading_level,
            id: Some(CowStr::from(id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
        out.extend(inner);
        out.push(Event::End(TagEnd::Heading(heading_level)));
        end + 1
    }

    /// Rewrites a link destination; records internal links for checking.
    fn link(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if urls::is_external(dest) || dest.is_empty() {
            return dest.clone();
        }
        let (path, fragment) = urls::split_fragment(dest);
        let line = self.line(offset);
        if path.is_empty() {
            self.out.links.push(InternalLink {
                target: self.settings.page_path.to_string(),
                fragment: fragment.map(str::to_string),
                written: dest.to_string(),
                line,
            });
            return dest.clone();
        }
        if !path.starts_with('/') {
            self.problem(
                offset,
                format!("the link \"{dest}\" is relative"),
                "link to pages of this site by their site path, e.g. /modules/prepare-your-home/ or /risks/flood/",
            );
            return dest.clone();
        }
        if self.settings.static_files.contains(path) {
            return urls::relative(self.settings.page_path, path).into();
        }
        let mut site_path = path.to_string();
        if !site_path.ends_with('/') {
            site_path.push('/');
        }
        let target = urls::localized(self.settings.lang, &site_path);
        self.out.links.push(InternalLink {
            target: target.clone(),
            fragment: fragment.map(str::to_string),
            written: dest.to_string(),
            line,
        });
        let mut href = urls::relative(self.settings.page_path, &target);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href.into()
    }

    /// Resolves an image: "/x.png" from the site's static folder, "x.png" beside the markdown file.
    fn image(&mut self, dest: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if urls::is_external(dest) {
            return dest.clone();
        }
        if dest.starts_with('/') {
            if !self.settings.static_files.contains(dest.as_ref()) {
                self.problem(
                    offset,
                    format!("the image \"{dest}\" is not in the static/ folder"),
                    "put the file at static{dest} or correct the path",
                );
            }
            return urls::relative(self.settings.page_path, dest).into();
        }
        let folder = self.settings.source_file.parent().unwrap_or(Path::new(""));
        let source = folder.join(dest.as_ref());
        let inside_site = !dest.split('/').any(|part| part == "..");
        if !inside_site || !self.settings.site_dir.join(&source).is_file() {
            self.problem(
                offset,
                format!("the image \"{dest}\" does not exist"),
                &format!("put the image at {} or correct the file name", source.display()),
            );
            return dest.clone();
        }
        let under_content = folder.strip_prefix("content").unwrap_or(folder);
        let output = format!("/media/{}/{dest}", under_content.to_string_lossy().replace('\\', "/"));
        let href = urls::relative(self.settings.page_path, &output);
        self.out.images.push(Image { source, output });
        href.into()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::containers::{Body, Variant};

    fn render_variant(markdown: &str, variant: Variant<'_>, statics: &[&str]) -> Rendered {
        let body = Body::parse(Path::new("content/modules/m.md"), markdown, 5, true).unwrap();
        let source = body.variant(variant);
        let static_files = statics.iter().map(|s| s.to_string()).collect();
        let label = |risks: &[String]| risks.iter().map(|r| format!("Risk {r}")).collect::<Vec<_>>().join(" and ");
        let settings = RenderSettings {
            lang: "en",
            page_path: "/en/modules/m/",
            source_file: Path::new("content/modules/m.md"),
            site_dir: Path::new("/nonexistent"),
            static_files: &static_files,
            risk_headings: matches!(variant, Variant::General),
            risk_label: &label,
            important_label: "Important",
            rtl: false,
        };
        render(&source, &settings)
    }

    #[test]
    fn general_page_puts_risk_blocks_under_risk_headings() {
        let md = "Intro.\n\n## Plan\n\nText.\n\n::: risk flood\n## If your home could flood\nSandbags.\n:::\n";
        let r = render_variant(md, Variant::General, &[]);
        assert_eq!(
            r.html,
            "<p>Intro.</p>\n<h2 id=\"plan\">Plan</h2>\n<p>Text.</p>\n\
             <div class=\"risk-block\"><h2 id=\"risk-flood\" class=\"risk-heading\">Risk flood</h2>\n\
             <h3 id=\"if-your-home-could-flood\">If your home could flood</h3>\n<p>Sandbags.</p>\n</div>\n"
        );
        let levels: Vec<_> = r.headings.iter().map(|h| (h.level, h.id.as_str())).collect();
        assert_eq!(levels, vec![(2, "plan"), (2, "risk-flood"), (3, "if-your-home-could-flood")]);
    }

    #[test]
    fn risk_block_without_heading_nests_in_the_current_section() {
        let md = "## Plan\n\n::: risk flood storm\nSandbags.\n:::\n";
        let r = render_variant(md, Variant::General, &[]);
        assert!(
            r.html
                .contains("<h3 id=\"risk-flood-and-risk-storm\" class=\"risk-heading\">Risk flood and Risk storm</h3>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn consecutive_risk_blocks_are_siblings() {
        let md = "## Plan\n\n::: risk flood\n## Flood\n### Before\n:::\n\n::: risk storm\nTie down.\n:::\n";
        let r = render_variant(md, Variant::General, &[]);
        let levels: Vec<_> = r.headings.iter().map(|h| (h.level, h.id.as_str())).collect();
        assert_eq!(levels, vec![(2, "plan"), (2, "risk-flood"), (3, "flood"), (4, "before"), (2, "risk-storm")]);
    }

    #[test]
    fn variant_page_keeps_block_headings_and_drops_other_risks() {
        let md = "Intro.\n\n::: risk flood\n## Flood\nSandbags.\n:::\n\n::: risk storm\n## Storm\nTie down.\n:::\n";
        let r = render_variant(md, Variant::Risk("storm"), &[]);
        assert_eq!(
            r.html,
            "<p>Intro.</p>\n<div class=\"risk-block\">\n<h2 id=\"storm\">Storm</h2>\n<p>Tie down.</p>\n</div>\n"
        );
    }

    #[test]
    fn callouts_and_checklists() {
        let md = "::: callout\nCall 999.\n:::\n\n::: checklist\n- Torch\n- Radio\n:::\n";
        let r = render_variant(md, Variant::General, &[]);
        assert_eq!(
            r.html,
            "<div class=\"callout\"><span class=\"callout-icon\" aria-hidden=\"true\">!</span><div class=\"callout-body\"><span class=\"visually-hidden\">Important: </span>\n\
             <p>Call 999.</p>\n</div></div>\n<div class=\"checklist\">\n<ul>\n<li>Torch</li>\n<li>Radio</li>\n</ul>\n</div>\n"
        );
        let prose: Vec<_> = r.prose.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(prose, vec![(6, "Call 999."), (10, "Torch"), (11, "Radio")]);
    }

    #[test]
    fn container_directly_after_a_list_item_ends_the_list() {
        let md = "- one\n::: callout\nCall 999.\n:::\n";
        let r = render_variant(md, Variant::General, &[]);
        assert!(r.html.starts_with("<ul>\n<li>one</li>\n</ul>\n<div class=\"callout\">"), "{}", r.html);
    }

    #[test]
    fn site_links_become_relative_and_are_recorded() {
        let md = "See [floods](/risks/flood/#warnings), [kit](#kit), [map](/files/map.pdf) and [GOV.UK](https://www.gov.uk).\n";
        let r = render_variant(md, Variant::General, &["/files/map.pdf"]);
        assert!(r.html.contains("href=\"../../risks/flood/#warnings\""), "{}", r.html);
        assert!(r.html.contains("href=\"#kit\""));
        assert!(r.html.contains("href=\"../../../files/map.pdf\""));
        assert!(r.html.contains("href=\"https://www.gov.uk\""));
        let targets: Vec<_> = r.links.iter().map(|l| (l.target.as_str(), l.fragment.as_deref(), l.line)).collect();
        assert_eq!(targets, vec![("/en/risks/flood/", Some("warnings"), 5), ("/en/modules/m/", Some("kit"), 5)]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn relative_links_missing_images_and_missing_alt_are_errors() {
        let md = "Intro\n\n[other](other.md)\n\n![](/missing.png)\n";
        let r = render_variant(md, Variant::General, &[]);
        let messages: Vec<_> = r.problems.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(
            messages,
            vec![
                (7, "the link \"other.md\" is relative".to_string()),
                (9, "the image \"/missing.png\" has no alt text".to_string()),
                (9, "the image \"/missing.png\" is not in the static/ folder".to_string()),
            ]
        );
    }

    #[test]
    fn duplicate_headings_get_unique_anchors_and_explicit_ids_are_kept() {
        let r = render_variant("## Before\n## Before\n## During {#now}\n", Variant::General, &[]);
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["before", "before-2", "now"]);
    }

    #[test]
    fn code_fences_keep_their_colons() {
        let r = render_variant("```\n::: callout\n```\n", Variant::General, &[]);
        assert_eq!(r.html, "<pre><code>::: callout\n</code></pre>\n");
    }
}
