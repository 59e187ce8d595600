//! Markdown to Typst markup for a leaflet.
//!
//! Works from the same variant source and outline rules as the web page, so a leaflet says
//! exactly what its page says. Every piece of text is escaped, so nothing an author writes can
//! run as Typst code. Links print their address after the text, because paper cannot be clicked.

use crate::containers::{ContainerKind, Sentinel, VariantSource, parse_sentinel};
use crate::markdown::RenderSettings;
use crate::outline::{Opened, Outline, first_heading_level};
use crate::urls;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

pub struct MarkupSettings<'a> {
    /// The same settings the web page is rendered with.
    pub page: RenderSettings<'a>,
    /// Site address without a trailing slash, to print full links.
    pub base_url: &'a str,
}

/// An image the leaflet shows, served to Typst under `virtual_path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafletImage {
    pub virtual_path: String,
    /// Relative to the site folder.
    pub source: PathBuf,
}

#[derive(Debug, Default)]
pub struct Markup {
    pub text: String,
    pub images: Vec<LeafletImage>,
}

/// What to write when an open element ends.
enum Frame {
    Close(&'static str),
    /// A link: the closing bracket, then the address to print after it.
    Link(Option<String>),
    Image {
        alt: String,
        path: Option<String>,
    },
    Code(String),
}

pub fn to_typst(source: &VariantSource, settings: &MarkupSettings<'_>) -> Markup {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&source.markdown, crate::markdown::parser_options()).into_offset_iter().collect();
    let mut out = Markup::default();
    let mut outline = Outline::default();
    let mut frames: Vec<Frame> = Vec::new();
    let mut checklist_pending = false;
    let mut fallback_spans = 0usize;
    for (index, (event, _)) in events.iter().enumerate() {
        // Inside an image or code block, text is collected rather than written.
        if let Some(Frame::Image { alt, .. } | Frame::Code(alt)) = frames.last_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    alt.push_str(t);
                    continue;
                }
                Event::SoftBreak | Event::HardBreak => {
                    alt.push(' ');
                    continue;
                }
                Event::End(TagEnd::Image | TagEnd::CodeBlock) => {}
                _ => continue,
            }
        }
        let text = &mut out.text;
        match event {
            Event::Html(html) => match parse_sentinel(html) {
                Some(Sentinel::Open(kind)) => {
                    let inner = first_heading_level(&events, index);
                    match outline.open(&kind, settings.page.risk_headings, inner) {
                        Opened::Callout => {
                            text.push_str(&format!("#callout({})[", string(settings.page.important_label)));
                        }
                        Opened::Checklist => {
                            checklist_pending = true;
                            text.push_str("#block[");
                        }
                        Opened::Risk { heading } => {
                            if let (Some(level), ContainerKind::Risk(risks)) = (heading, &kind) {
                                let label = (settings.page.risk_label)(risks);
                                text.push_str(&format!("#heading(level: {level})[{}]\n", escape(&label)));
                            }
                            text.push_str("#risk-block[");
                        }
                    }
                }
                Some(Sentinel::Close) if outline.close().is_some() => text.push_str("]\n\n"),
                Some(Sentinel::Close) => {}
                None => {}
            },
            // Text not translated yet stays in the source language, marked so that the PDF's
            // structure gives it its own language.
            Event::InlineHtml(html) if html.starts_with("<span lang=\"") && html.contains("data-fallback") => {
                let lang = html["<span lang=\"".len()..].split('"').next().unwrap_or_default();
                text.push_str(&format!("#text(lang: {})[", string(lang)));
                fallback_spans += 1;
            }
            Event::InlineHtml(html) if html.as_ref() == "</span>" && fallback_spans > 0 => {
                text.push(']');
                fallback_spans -= 1;
            }
            Event::InlineHtml(_) => {}
            Event::Start(tag) => {
                frames.push(open(tag, text, &mut outline, &mut checklist_pending, settings, &mut out.images))
            }
            Event::End(_) => match frames.pop() {
                Some(Frame::Close(close)) => text.push_str(close),
                Some(Frame::Link(address)) => {
                    text.push(']');
                    if let Some(address) = address {
                        text.push_str(&format!(" ({})", escape(&address)));
                    }
                }
                Some(Frame::Image { alt, path: Some(path) }) => {
                    text.push_str(&format!("#image({}, alt: {}, width: 100%)", string(&path), string(alt.trim())));
                }
                Some(Frame::Image { alt, path: None }) => text.push_str(&format!("[{}]", escape(alt.trim()))),
                Some(Frame::Code(code)) => text.push_str(&format!("#raw(block: true, {})\n\n", string(&code))),
                None => {}
            },
            Event::Text(t) => {
                let runs = if settings.page.rtl { crate::bidi::ltr_runs(t) } else { Vec::new() };
                if runs.is_empty() {
                    let escaped = escape_text(t, current_line(text));
                    text.push_str(&escaped);
                } else {
                    // Phone numbers and addresses in right-to-left text: left-to-right boxes.
                    let mut last = 0;
                    for run in runs {
                        text.push_str(&escape(&t[last..run.start]));
                        text.push_str(&format!("#box(text(dir: ltr)[{}])", escape(&t[run.clone()])));
                        last = run.end;
                    }
                    text.push_str(&escape(&t[last..]));
                }
            }
            Event::Code(code) => text.push_str(&format!("#raw({})", string(code))),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push_str("\\\n"),
            Event::Rule => text.push_str("#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => text.push_str(&format!("#task({done}) ")),
            Event::FootnoteReference(label) => text.push_str(&format!("#super[{}]", escape(label))),
            Event::InlineMath(math) | Event::DisplayMath(math) => text.push_str(&escape(math)),
        }
    }
    out
}

/// Writes the opening of `tag` and returns how to close it.
fn open(
    tag: &Tag<'_>,
    text: &mut String,
    outline: &mut Outline,
    checklist_pending: &mut bool,
    settings: &MarkupSettings<'_>,
    images: &mut Vec<LeafletImage>,
) -> Frame {
    match tag {
        Tag::Paragraph => Frame::Close("\n\n"),
        Tag::Heading { level, .. } => {
            let level = outline.heading(*level as u8);
            text.push_str(&format!("#heading(level: {level})["));
            Frame::Close("]\n\n")
        }
        Tag::BlockQuote(_) => {
            text.push_str("#quote(block: true)[");
            Frame::Close("]\n\n")
        }
        Tag::CodeBlock(_) => Frame::Code(String::new()),
        Tag::List(start) => {
            if std::mem::take(checklist_pending) {
                text.push_str("#checklist(");
            } else {
                match start {
                    Some(first) => text.push_str(&format!("#enum(start: {first}, ")),
                    None => text.push_str("#list("),
                }
            }
            Frame::Close(")\n\n")
        }
        Tag::Item => {
            text.push('[');
            Frame::Close("], ")
        }
        Tag::FootnoteDefinition(label) => {
            text.push_str(&format!("#block[#super[{}] ", escape(label)));
            Frame::Close("]\n\n")
        }
        Tag::Table(alignments) => {
            text.push_str(&format!("#table(columns: {}, ", alignments.len().max(1)));
            Frame::Close(")\n\n")
        }
        Tag::TableHead => {
            text.push_str("table.header(");
            Frame::Close("), ")
        }
        Tag::TableRow => Frame::Close(""),
        Tag::TableCell => {
            text.push('[');
            Frame::Close("], ")
        }
        Tag::Emphasis => {
            text.push_str("#emph[");
            Frame::Close("]")
        }
        Tag::Strong => {
            text.push_str("#strong[");
            Frame::Close("]")
        }
        Tag::Strikethrough => {
            text.push_str("#strike[");
            Frame::Close("]")
        }
        Tag::Link { dest_url, .. } => match printed_address(dest_url, settings) {
            Some((href, shown)) => {
                text.push_str(&format!("#link({})[", string(&href)));
                Frame::Link(shown)
            }
            None => {
                text.push('[');
                Frame::Link(None)
            }
        },
        Tag::Image { dest_url, .. } => {
            let path = leaflet_image(dest_url, settings, images);
            Frame::Image { alt: String::new(), path }
        }
        _ => Frame::Close(""),
    }
}

/// The link target and the address printed after the link text; None for in-page links.
fn printed_address(dest: &str, settings: &MarkupSettings<'_>) -> Option<(String, Option<String>)> {
    if let Some(address) = dest.strip_prefix("mailto:").or_else(|| dest.strip_prefix("tel:")) {
        return Some((dest.to_string(), Some(address.to_string())));
    }
    if urls::is_external(dest) {
        return Some((dest.to_string(), Some(short_url(dest))));
    }
    let (path, _) = urls::split_fragment(dest);
    if !path.starts_with('/') {
        return None;
    }
    let full = if settings.page.static_files.contains(path) {
        format!("{}{path}", settings.base_url)
    } else {
        let mut site_path = path.to_string();
        if !site_path.ends_with('/') {
            site_path.push('/');
        }
        format!("{}{}", settings.base_url, urls::localized(settings.page.lang, &site_path))
    };
    let shown = short_url(&full);
    Some((full, Some(shown)))
}

/// An address as people type it: no scheme, no "www.", no trailing slash.
pub fn short_url(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    without_scheme.strip_prefix("www.").unwrap_or(without_scheme).trim_end_matches('/').to_string()
}

fn leaflet_image(dest: &str, settings: &MarkupSettings<'_>, images: &mut Vec<LeafletImage>) -> Option<String> {
    if urls::is_external(dest) {
        return None;
    }
    let source = if dest.starts_with('/') {
        Path::new("static").join(dest.trim_start_matches('/'))
    } else {
        settings.page.source_file.parent().unwrap_or(Path::new("")).join(dest)
    };
    let extension = source.extension().and_then(|e| e.to_str()).unwrap_or("png").to_ascii_lowercase();
    let virtual_path = format!("/images/{}.{extension}", images.len());
    images.push(LeafletImage { virtual_path: virtual_path.clone(), source });
    Some(virtual_path)
}

/// A Typst string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes text for Typst markup: every character with a meaning in markup gets a backslash.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '/' | '=' | '-' | '+' | '"' | '\''
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What is already written on the current line of markup (a content block starts a line too).
fn current_line(markup: &str) -> &str {
    markup.rsplit(['\n', '[']).next().unwrap_or("")
}

/// Like [`escape`], and stops "1. " at the start of a line from becoming a numbered list, even
/// when the markdown parser hands over the digits and the dot as separate pieces of text.
fn escape_text(text: &str, line_so_far: &str) -> String {
    let escaped = escape(text);
    if !line_so_far.chars().all(|c| c.is_ascii_digit()) {
        return escaped;
    }
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let number_before_dot = digits > 0 || !line_so_far.is_empty();
    if number_before_dot && escaped[digits..].starts_with('.') {
        format!("{}\\u{{2e}}{}", &escaped[..digits], &escaped[digits + 1..])
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::containers::{Body, Variant};
    use std::collections::BTreeSet;

    fn convert(markdown: &str, variant: Variant<'_>) -> Markup {
        let body = Body::parse(Path::new("content/modules/m.md"), markdown, 1, true).unwrap();
        let statics = BTreeSet::from(["/files/plan.pdf".to_string()]);
        let label = |risks: &[String]| risks.join(" and ");
        let page = RenderSettings {
            lang: "en",
            page_path: "/en/modules/m/",
            source_file: Path::new("content/modules/m.md"),
            site_dir: Path::new("/nonexistent"),
            static_files: &statics,
            risk_headings: matches!(variant, Variant::General),
            risk_label: &label,
            important_label: "Important",
            rtl: false,
        };
        let settings = MarkupSettings { page, base_url: "https://www.example.org" };
        to_typst(&body.variant(variant), &settings)
    }

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(
            escape("#set *a* _b_ $x$ <l> @r [c] ~ // = - + \"q\" 'a' \\"),
            "\\#set \\*a\\* \\_b\\_ \\$x\\$ \\<l\\> \\@r \\[c\\] \\~ \\/\\/ \\= \\- \\+ \\\"q\\\" \\'a\\' \\\\"
        );
        assert_eq!(string("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
    }

    #[test]
    fn paragraphs_headings_and_inline_markup() {
        let m = convert("Call *now*, **please**.\n\n## Before #1\n\n2. is not a list here\n", Variant::General);
        assert_eq!(
            m.text,
            "Call #emph[now], #strong[please].\n\n#heading(level: 2)[Before \\#1]\n\n#enum(start: 2, [is not a list here], )\n\n"
        );
        let m = convert("2026\\. The year.\n", Variant::General);
        assert_eq!(m.text, "2026\\u{2e} The year.\n\n");
        let m = convert("In 2026. Then 3. More.\n", Variant::General);
        assert_eq!(m.text, "In 2026. Then 3. More.\n\n", "numbers inside a line are left alone");
    }

    #[test]
    fn containers_become_template_functions() {
        let md = "Intro.\n\n::: checklist\n- Torch\n- Radio\n:::\n\n::: risk flood\n## If it floods\n::: callout\nCall 999.\n:::\n:::\n";
        let general = convert(md, Variant::General);
        assert_eq!(
            general.text,
            "Intro.\n\n#block[#checklist([Torch], [Radio], )\n\n]\n\n\
             #heading(level: 2)[flood]\n#risk-block[#heading(level: 3)[If it floods]\n\n#callout(\"Important\")[Call 999.\n\n]\n\n]\n\n"
        );
        let flood = convert(md, Variant::Risk("flood"));
        assert!(flood.text.contains("#risk-block[#heading(level: 2)[If it floods]"), "{}", flood.text);
    }

    #[test]
    fn links_print_their_address() {
        let m = convert(
            "See [flooding](/risks/flood/#warnings), [GOV.UK](https://www.gov.uk/sign-up-for-flood-warnings), [the plan](/files/plan.pdf), [email us](mailto:a@b.org) and [above](#top).\n",
            Variant::General,
        );
        assert_eq!(
            m.text,
            "See #link(\"https://www.example.org/en/risks/flood/\")[flooding] (example.org\\/en\\/risks\\/flood), \
             #link(\"https://www.gov.uk/sign-up-for-flood-warnings\")[GOV.UK] (gov.uk\\/sign\\-up\\-for\\-flood\\-warnings), \
             #link(\"https://www.example.org/files/plan.pdf\")[the plan] (example.org\\/files\\/plan.pdf), \
             #link(\"mailto:a@b.org\")[email us] (a\\@b.org) and [above].\n\n"
        );
    }

    #[test]
    fn images_tables_code_and_tasks() {
        let m = convert(
            "![A map](map.png)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```\n\n- [x] Done\n",
            Variant::General,
        );
        assert_eq!(
            m.text,
            "#image(\"/images/0.png\", alt: \"A map\", width: 100%)\n\n\
             #table(columns: 2, table.header([A], [B], ), [1], [2], )\n\n\
             #raw(block: true, \"x = 1\\n\")\n\n#list([#task(true) Done], )\n\n"
        );
        assert_eq!(
            m.images,
            vec![LeafletImage { virtual_path: "/images/0.png".into(), source: "content/modules/map.png".into() }]
        );
    }

    #[test]
    fn short_urls() {
        assert_eq!(short_url("https://www.llrprepared.org.uk/en/modules/x/"), "llrprepared.org.uk/en/modules/x");
        assert_eq!(short_url("http://example.org"), "example.org");
    }
}
