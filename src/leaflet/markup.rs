//! A page's [`Document`] as Typst markup for its leaflet.
//!
//! Reads the same document the web page is written from, so a leaflet says exactly what its page
//! says. Every piece of text is escaped, so nothing an author or translator writes can run as
//! Typst code. Links print their address after the text, because paper cannot be clicked.

use crate::site::document::{Block, BlockKind, Document, ImageTarget, Inline, LinkTarget};
use crate::text::urls;
use std::path::PathBuf;

pub struct MarkupSettings<'a> {
    /// Site address without a trailing slash, to print full links.
    pub base_url: &'a str,
    /// Label read before a callout's text ("Important").
    pub important_label: &'a str,
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
    /// Where `text` divides into paragraph-separated pieces, each one or more of the document's
    /// top-level blocks: a leaflet may lay each out from a file of its own (see `render.rs`).
    pub pieces: Vec<std::ops::Range<usize>>,
    pub images: Vec<LeafletImage>,
}

pub fn to_typst(doc: &Document, settings: &MarkupSettings<'_>) -> Markup {
    let mut writer = Writer::new(settings);
    let mut start = 0;
    for block in &doc.blocks {
        writer.block(block);
        // A piece ends only after a blank line, where a paragraph ends in any case.
        if writer.out.text.ends_with("\n\n") {
            let end = writer.out.text.len();
            writer.out.pieces.push(start..end);
            start = end;
        }
    }
    if start < writer.out.text.len() {
        let end = writer.out.text.len();
        writer.out.pieces.push(start..end);
    }
    writer.out
}

/// Plain text (a phone number, an address) as Typst content, with left-to-right runs kept in
/// order on right-to-left leaflets exactly as in body text.
pub fn content(text: &str, rtl: bool) -> String {
    let settings = MarkupSettings { base_url: "", important_label: "" };
    let mut writer = Writer::new(&settings);
    writer.push("[");
    writer.inlines(&crate::site::document::text_runs(text, rtl));
    writer.push("]");
    writer.out.text
}

/// A web address to type from paper, as Typst content: left to right in every language, and in
/// one box, so it never breaks at a hyphen, where a reader could not tell whether the hyphen is
/// part of the address. The layout shrinks it where a column is too narrow.
pub fn address(printed: &str) -> String {
    format!("[#box(text(dir: ltr)[{}])]", escape(printed))
}

struct Writer<'s, 'a> {
    settings: &'s MarkupSettings<'a>,
    out: Markup,
    /// The next list is a checklist's: it gets tick boxes.
    checklist_pending: bool,
    /// Inside a form: lists are labels with lines to write on, empty table cells are boxes.
    in_form: bool,
}

impl<'s, 'a> Writer<'s, 'a> {
    fn new(settings: &'s MarkupSettings<'a>) -> Self {
        Writer { settings, out: Markup::default(), checklist_pending: false, in_form: false }
    }

    fn push(&mut self, text: &str) {
        self.out.text.push_str(text);
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Paragraph(content) => {
                self.inlines(content);
                self.push("\n\n");
            }
            BlockKind::Plain(content) => self.inlines(content),
            BlockKind::Heading(heading, _, content) => {
                self.push(&format!("#heading(level: {})[", heading.level));
                self.inlines(content);
                self.push("]\n\n");
            }
            BlockKind::List { start, items } => {
                if std::mem::take(&mut self.checklist_pending) {
                    self.push("#checklist(");
                } else if self.in_form {
                    self.push("#write-in(");
                } else {
                    match start {
                        Some(first) => self.push(&format!("#enum(start: {first}, ")),
                        None => self.push("#list("),
                    }
                }
                for item in items {
                    self.push("[");
                    self.blocks(item);
                    self.push("], ");
                }
                self.push(")\n\n");
            }
            BlockKind::Table { alignments, head, rows } => {
                // A form's table spans the column, so that its boxes are wide enough to write in.
                let columns = alignments.len().max(1);
                let columns = if self.in_form { format!("(1fr,) * {columns}") } else { columns.to_string() };
                self.push(&format!("#table(columns: {columns}, table.header("));
                self.cells(head);
                self.push("), ");
                for row in rows {
                    self.cells(row);
                }
                self.push(")\n\n");
            }
            BlockKind::Quote(blocks) => {
                self.push("#quote(block: true)[");
                self.blocks(blocks);
                self.push("]\n\n");
            }
            BlockKind::Code { text, .. } => {
                // Line by line, each line as pieces of raw text with places to break between
                // them, so that a long line wraps inside the column instead of running off the
                // paper (a `raw` block breaks only at spaces).
                let lines: Vec<String> = text
                    .trim_end_matches('\n')
                    .split('\n')
                    .map(|line| if line.is_empty() { "#raw(\" \")".to_string() } else { breakable_raw(line) })
                    .collect();
                self.push(&format!("#block(width: 100%)[{}]\n\n", lines.join(" \\\n")));
            }
            // Raw HTML is for web pages only.
            BlockKind::Html(_) => {}
            BlockKind::Rule => self.push("#line(length: 100%)\n\n"),
            BlockKind::Footnote { label, blocks } => {
                self.push(&format!("#block[#super[{}] ", escape(label)));
                self.blocks(blocks);
                self.push("]\n\n");
            }
            BlockKind::Callout(blocks) => {
                self.push(&format!("#callout({})[", string(self.settings.important_label)));
                self.blocks(blocks);
                self.push("]\n\n");
            }
            BlockKind::Checklist(blocks) => {
                self.checklist_pending = true;
                self.push("#block[");
                self.blocks(blocks);
                self.checklist_pending = false;
                self.push("]\n\n");
            }
            BlockKind::Form(blocks) => {
                let outer = std::mem::replace(&mut self.in_form, true);
                self.push("#block[");
                self.blocks(blocks);
                self.push("]\n\n");
                self.in_form = outer;
            }
            BlockKind::Risk { heading, blocks, .. } => {
                if let Some(heading) = heading {
                    self.push(&format!("#heading(level: {})[{}]\n", heading.level, escape(&heading.text)));
                }
                self.push("#risk-block[");
                self.blocks(blocks);
                self.push("]\n\n");
            }
        }
    }

    fn cells(&mut self, cells: &[Vec<Inline>]) {
        for cell in cells {
            if self.in_form && cell.is_empty() {
                self.push("write-in-box, ");
                continue;
            }
            self.push("[");
            self.inlines(cell);
            self.push("], ");
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.text(text),
            // A phone number stays on one line: a box that Typst does not break.
            Inline::Number(number) => self.push(&format!("#box[{}]", escape(number))),
            // A phone number or address in right-to-left text: a left-to-right box.
            Inline::LeftToRight(text) => self.push(&format!("#box(text(dir: ltr)[{}])", escape(text))),
            Inline::Code(code) => self.push(&breakable_raw(code)),
            Inline::Emphasis(content) => self.wrap("#emph[", content),
            Inline::Strong(content) => self.wrap("#strong[", content),
            Inline::Strikethrough(content) => self.wrap("#strike[", content),
            Inline::Link { target, content, .. } => match printed_address(target, self.settings.base_url) {
                Some((href, shown)) => {
                    self.push(&format!("#link({})[", string(&href)));
                    self.inlines(content);
                    self.push("] (");
                    self.text(&shown);
                    self.push(")");
                }
                None => self.wrap("[", content),
            },
            Inline::Image { target: ImageTarget::File { source, .. }, alt, .. } => {
                let extension = source.extension().and_then(|e| e.to_str()).unwrap_or("png").to_ascii_lowercase();
                let virtual_path = format!("/images/{}.{extension}", self.out.images.len());
                self.push(&format!("#image({}, alt: {}, width: 100%)", string(&virtual_path), string(alt.trim())));
                self.out.images.push(LeafletImage { virtual_path, source: source.clone() });
            }
            // Paper cannot show an image from elsewhere: its description stands in for it.
            Inline::Image { alt, .. } => self.push(&format!("[{}]", escape(alt.trim()))),
            // Text not translated yet: the PDF's structure gives it its own language, and
            // its own direction where that differs from the page's.
            Inline::Language { lang, dir, content } => {
                let dir = dir.map_or(String::new(), |dir| format!(", dir: {}", dir.as_str()));
                self.push(&format!("#text(lang: {}{dir})[", string(lang)));
                self.inlines(content);
                self.push("]");
            }
            Inline::TaskMarker { done } => self.push(&format!("#task({done}) ")),
            Inline::FootnoteReference(label) => self.push(&format!("#super[{}]", escape(label))),
            Inline::SoftBreak => self.push(" "),
            Inline::HardBreak => self.push("\\\n"),
            Inline::Html(_) => {}
        }
    }

    fn text(&mut self, text: &str) {
        for (index, part) in unbreakable_parts(text).enumerate() {
            if index > 0 {
                self.push(BREAK_OPPORTUNITY);
            }
            if !part.is_empty() {
                let escaped = escape_text(part, current_line(&self.out.text));
                self.push(&escaped);
            }
        }
    }

    /// `open`, the content, and a closing bracket.
    fn wrap(&mut self, open: &str, content: &[Inline]) {
        self.push(open);
        self.inlines(content);
        self.push("]");
    }
}

/// The address a link goes to and the address printed after its text; None for links within
/// the page and links that could not be resolved.
fn printed_address(target: &LinkTarget, base_url: &str) -> Option<(String, String)> {
    match target {
        LinkTarget::External(url) => {
            let shown = match url.strip_prefix("mailto:").or_else(|| url.strip_prefix("tel:")) {
                Some(address) => address.to_string(),
                None => urls::printed(url).to_string(),
            };
            Some((url.clone(), shown))
        }
        LinkTarget::Page { path, .. } | LinkTarget::File(path) => {
            let full = format!("{base_url}{path}");
            let shown = urls::printed(&full).to_string();
            Some((full, shown))
        }
        LinkTarget::SamePage(_) | LinkTarget::Unresolved(_) => None,
    }
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

/// Characters with a meaning in Typst markup.
const MARKUP_CHARACTERS: &[char] =
    &['\\', '#', '*', '_', '`', '$', '<', '>', '@', '[', ']', '~', '/', '=', '-', '+', '"', '\''];

/// Typst ends a line at each of these, not only at a line feed.
const LINE_BREAKS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];

/// Escapes text for Typst markup: every character with a meaning in markup gets a backslash.
/// So does the dot of a number that starts a line ("2. Food"; a content block starts a line
/// too), which Typst reads as a numbered list item, and the first of three dots.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The line so far is only spaces; or spaces, then digits.
    let mut blank_line = true;
    let mut number_starts_line = false;
    for (at, c) in text.char_indices() {
        // "..." is Typst's shorthand for an ellipsis character.
        let ellipsis = text[at..].starts_with("...");
        if (c == '.' && (number_starts_line || ellipsis)) || MARKUP_CHARACTERS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
        (blank_line, number_starts_line) = match c {
            c if LINE_BREAKS.contains(&c) => (true, false),
            ' ' | '\t' if blank_line => (true, false),
            d if d.is_ascii_digit() && (blank_line || number_starts_line) => (false, true),
            _ => (false, false),
        };
    }
    out
}

/// What is already written on the current line of markup (a content block starts a line too).
fn current_line(markup: &str) -> &str {
    markup.rsplit(|c| LINE_BREAKS.contains(&c) || c == '[').next().unwrap_or("")
}

/// Like [`escape`], and stops "1. " at the start of a line from becoming a numbered list, even
/// when the markdown parser hands over the digits and the dot as separate pieces of text.
/// Text right after an inline function (`#emph[...]`, `#raw("...")`) that starts with `(` or
/// `.name` would be read by Typst as more arguments or a field of that function's result, so
/// that character is escaped too.
/// Code as raw text in pieces with places to break between them, so that a long run without
/// spaces wraps inside the column.
fn breakable_raw(code: &str) -> String {
    let parts: Vec<String> = unbreakable_parts(code).map(|part| format!("#raw({})", string(part))).collect();
    parts.join(BREAK_OPPORTUNITY)
}

/// A place where Typst may break a line without printing anything: an empty box, which Typst's
/// line breaker allows a break before and after, and which has no text. (A zero-width space
/// would reach the PDF's text, inside the word a reader copies; spacing such as `#h(0pt)` would
/// not do, as Typst drops spacing of no width before it breaks lines.)
const BREAK_OPPORTUNITY: &str = "#box()";

/// The longest run of letters, digits and symbols that is printed without a place to break the
/// line: longer than any word of running text, much shorter than the narrowest column.
const LONGEST_UNBREAKABLE: usize = 20;

/// `text` in pieces between which a line may break, so that a web address, file name or code
/// without spaces wraps inside the column instead of running off the paper. Only runs of more
/// than [`LONGEST_UNBREAKABLE`] ASCII characters are cut (after a "/" or "-", or else every
/// [`LONGEST_UNBREAKABLE`] characters): words of running text never are, and a letter of any
/// other script is never parted from its neighbours, which could change how it is shaped.
fn unbreakable_parts(text: &str) -> impl Iterator<Item = &str> {
    let mut cuts = Vec::new();
    let mut run = 0;
    for (at, c) in text.char_indices() {
        if !c.is_ascii_graphic() {
            run = 0;
            continue;
        }
        if run >= LONGEST_UNBREAKABLE {
            cuts.push(at);
            run = 0;
        }
        // Typst's line breaker may break after a slash or hyphen already: a run starts again.
        run = if matches!(c, '/' | '-') { 0 } else { run + 1 };
    }
    let mut from = 0;
    cuts.into_iter().chain([text.len()]).map(move |to| {
        let part = &text[from..to];
        from = to;
        part
    })
}

fn escape_text(text: &str, line_so_far: &str) -> String {
    let escaped = escape(text);
    let number_so_far = !line_so_far.is_empty() && line_so_far.chars().all(|c| c.is_ascii_digit());
    let after_function = line_so_far.ends_with([']', ')']);
    let field = escaped.strip_prefix('.').is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic() || c == '_'));
    let continues =
        (number_so_far && escaped.starts_with('.')) || (after_function && (escaped.starts_with('(') || field));
    if continues { format!("\\{escaped}") } else { escaped }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::containers::Variant;
    use crate::site::document::testing::document;

    fn convert(markdown: &str, variant: Variant<'_>) -> Markup {
        let doc = document(markdown, variant, &["/files/plan.pdf", "/images/map.png"], false);
        to_typst(&doc, &MarkupSettings { base_url: "https://www.example.org", important_label: "Important" })
    }

    #[test]
    fn pieces_divide_the_text_at_blank_lines() {
        let m = convert(
            "Intro *text*.\n\n::: callout\n\nCall 999.\n\n:::\n\n## Heading\n\n- one\n- two\n\nLast line.\n",
            Variant::General,
        );
        let pieces: Vec<&str> = m.pieces.iter().map(|range| &m.text[range.clone()]).collect();
        assert_eq!(pieces.concat(), m.text, "the pieces are the whole text, in order");
        assert!(pieces.len() >= 4, "{pieces:?}");
        assert!(pieces.iter().all(|piece| piece.ends_with("\n\n")), "{pieces:?}");
    }

    #[test]
    fn long_runs_without_spaces_get_places_to_break() {
        fn parts(text: &str) -> Vec<&str> {
            unbreakable_parts(text).collect()
        }
        assert_eq!(parts("Ordinary words of advice."), vec!["Ordinary words of advice."]);
        assert_eq!(parts("www.gov.uk/sign-up-for-flood-warnings"), vec!["www.gov.uk/sign-up-for-flood-warnings"]);
        assert_eq!(parts("example.org/averyveryveryverylongpage"), vec!["example.org/averyveryveryverylon", "gpage"]);
        assert_eq!(parts(&"a".repeat(45)), vec!["a".repeat(20), "a".repeat(20), "a".repeat(5)]);
        // Other scripts are never cut, however long the word.
        let urdu = "ا".repeat(30);
        assert_eq!(parts(&urdu), vec![urdu.as_str()]);
        let m = convert("Use `averyveryveryveryverylongname` here.\n", Variant::General);
        assert_eq!(m.text, "Use #raw(\"averyveryveryveryver\")#box()#raw(\"ylongname\") here.\n\n");
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
    fn a_number_starting_a_line_stays_text() {
        for text in ["2. Food", "  10. Water", "Keep:\n3. Torch", "2026. The year", "a\r1. b", "a\u{2028}4. b"] {
            let tree = typst_syntax::parse(&escape(text));
            assert!(tree.children().all(|node| node.kind() != typst_syntax::SyntaxKind::EnumItem), "{text:?}");
            assert!(tree.errors_and_warnings().0.is_empty(), "{text:?}");
        }
        assert_eq!(escape("In 2026. Then 3. More."), "In 2026. Then 3. More.", "numbers inside a line are left alone");
        assert_eq!(escape("Wait..."), "Wait\\...", "three dots stay three dots");
    }

    #[test]
    fn text_after_an_inline_function_stays_text() {
        let m = convert("Dial `0116 305 6101`(24 hours) or *now*.today\n", Variant::General);
        assert_eq!(m.text, "Dial #raw(\"0116 305 6101\")\\(24 hours) or #emph[now]\\.today\n\n");
        assert!(typst_syntax::parse(&m.text).errors_and_warnings().0.is_empty());
        let m = convert("## 1. Prepare\n", Variant::General);
        assert_eq!(m.text, "#heading(level: 2)[1\\. Prepare]\n\n");
    }

    #[test]
    fn the_deepest_nesting_beacon_accepts_is_valid_typst() {
        let depth = crate::site::document::MAX_DEPTH;
        let list: String = (0..depth).map(|level| format!("{}- item\n", "  ".repeat(level))).collect();
        let numbered: String = (0..depth).map(|level| format!("{}1. item\n", "   ".repeat(level))).collect();
        let quotes = format!("{}x\n", "> ".repeat(depth));
        let mixed = format!("{}x\n", "> - ".repeat(depth / 2));
        let emphasis = format!("{}x{}\n", "*a _b ".repeat(depth / 2), "_*".repeat(depth / 2));
        let callouts = format!("{}x\n{}", "::: callout\n".repeat(depth), ":::\n".repeat(depth));
        for markdown in [list, numbered, quotes, mixed, emphasis, callouts] {
            let doc = document(&markdown, Variant::General, &[], true);
            if doc.problems.iter().any(|p| p.is_error()) {
                continue; // deeper than Beacon accepts: the build stops
            }
            let m =
                to_typst(&doc, &MarkupSettings { base_url: "https://www.example.org", important_label: "Important" });
            let errors = typst_syntax::parse(&m.text).errors_and_warnings().0;
            assert!(errors.is_empty(), "{:?} in the markup of\n{markdown}", errors.first().map(|e| &e.message));
        }
    }

    #[test]
    fn forms_print_lines_and_boxes_to_write_in() {
        let md = "::: form\n- Name\n- Phone number\n\n| Person | Who checks on them |\n|---|---|\n| | |\n:::\n\n- Not a form\n";
        let m = convert(md, Variant::General);
        assert_eq!(
            m.text,
            "#block[#write-in([Name], [Phone number], )\n\n#table(columns: (1fr,) * 2, table.header([Person], [Who checks on them], ), \
             write-in-box, write-in-box, )\n\n]\n\n#list([Not a form], )\n\n"
        );
        assert!(typst_syntax::parse(&m.text).errors_and_warnings().0.is_empty());
    }

    #[test]
    fn paragraphs_headings_and_inline_markup() {
        let m = convert("Call *now*, **please**.\n\n## Before #1\n\n2. is not a list here\n", Variant::General);
        assert_eq!(
            m.text,
            "Call #emph[now], #strong[please].\n\n#heading(level: 2)[Before \\#1]\n\n#enum(start: 2, [is not a list here], )\n\n"
        );
        let m = convert("2026\\. The year.\n", Variant::General);
        assert_eq!(m.text, "2026\\. The year.\n\n");
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
             #heading(level: 2)[Risk flood]\n#risk-block[#heading(level: 3)[If it floods]\n\n#callout(\"Important\")[Call 999.\n\n]\n\n]\n\n"
        );
        let flood = convert(md, Variant::Risk("flood"));
        assert!(flood.text.contains("#risk-block[#heading(level: 2)[If it floods]"), "{}", flood.text);
    }

    #[test]
    fn phone_numbers_are_kept_on_one_line() {
        let m = convert("Call 0800 111 999 or 0345 988 1188. Then 999.\n", Variant::General);
        assert_eq!(m.text, "Call #box[0800 111 999] or #box[0345 988 1188]. Then 999.\n\n");
        // A number that starts a paragraph is boxed too.
        let m = convert("0116 305 6101\n", Variant::General);
        assert_eq!(m.text, "#box[0116 305 6101]\n\n");
    }

    #[test]
    fn links_print_their_address_as_it_works() {
        let m = convert(
            "See [flooding](/risks/flood/#warnings), [GOV.UK](https://www.gov.uk/sign-up-for-flood-warnings), [the plan](/files/plan.pdf), [email us](mailto:a@b.org) and [above](#top).\n",
            Variant::General,
        );
        assert_eq!(
            m.text,
            "See #link(\"https://www.example.org/en/risks/flood/\")[flooding] (www.example.org\\/en\\/risks\\/flood), \
             #link(\"https://www.gov.uk/sign-up-for-flood-warnings\")[GOV.UK] (www.gov.uk\\/sign\\-up\\-for\\-flood\\-warnings), \
             #link(\"https://www.example.org/files/plan.pdf\")[the plan] (www.example.org\\/files\\/plan.pdf), \
             #link(\"mailto:a@b.org\")[email us] (a\\@b.org) and [above].\n\n"
        );
    }

    #[test]
    fn images_tables_code_and_tasks() {
        let m = convert(
            "![A map](/images/map.png) ![gone](gone.png)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```\n\n- [x] Done\n",
            Variant::General,
        );
        assert_eq!(
            m.text,
            "#image(\"/images/0.png\", alt: \"A map\", width: 100%) [gone]\n\n\
             #table(columns: 2, table.header([A], [B], ), [1], [2], )\n\n\
             #block(width: 100%)[#raw(\"x = 1\")]\n\n#list([#task(true) Done], )\n\n"
        );
        assert_eq!(
            m.images,
            vec![LeafletImage { virtual_path: "/images/0.png".into(), source: "static/images/map.png".into() }]
        );
    }
}
