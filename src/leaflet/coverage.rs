//! Characters no leaflet font can print. Typst's PDF/UA export refuses a document with a
//! character that has no glyph, which would stop the whole build with no line number; this
//! check finds such characters in every module page first, so `check` and `build` report them
//! with their file and line before anything is rendered.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::document::{Block, BlockKind, Inline};
use crate::site::{Page, PageKind, Publication, Site, as_translation_warning};
use rayon::prelude::*;
use std::collections::BTreeSet;
use typst::foundations::Bytes;
use typst::text::Font;

/// The characters the theme's leaflet fonts can show, as sorted ranges of code points (one
/// lookup is a binary search, whatever the number of fonts).
pub struct Coverage {
    ranges: Vec<std::ops::RangeInclusive<u32>>,
    /// The answer for every character of the Basic Multilingual Plane, one bit each (8 KB), as
    /// nearly all text is made of them and every character of every leaflet is looked up.
    bmp: Box<[u64; BMP_WORDS]>,
}

const BMP_WORDS: usize = 0x10000 / 64;

impl Coverage {
    pub fn new(font_files: &[Vec<u8>]) -> Coverage {
        let mut points: Vec<u32> = font_files
            .iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes.clone())))
            .flat_map(|font| font.info().coverage.iter().collect::<Vec<_>>())
            .collect();
        points.sort_unstable();
        points.dedup();
        let mut ranges: Vec<std::ops::RangeInclusive<u32>> = Vec::new();
        for point in points {
            match ranges.last_mut() {
                Some(last) if *last.end() + 1 == point => *last = *last.start()..=point,
                _ => ranges.push(point..=point),
            }
        }
        let mut coverage = Coverage { ranges, bmp: Box::new([0; BMP_WORDS]) };
        for c in (0..0x10000).filter_map(char::from_u32) {
            if coverage.look_up(c) {
                coverage.bmp[c as usize / 64] |= 1 << (c as usize % 64);
            }
        }
        coverage
    }

    pub fn covers(&self, c: char) -> bool {
        match self.bmp.get(c as usize / 64) {
            Some(word) => word & (1 << (c as usize % 64)) != 0,
            None => self.look_up(c),
        }
    }

    /// Whether every ASCII character is printed (or, like a line break, needs no glyph).
    fn covers_ascii(&self) -> bool {
        self.bmp[0] == u64::MAX && self.bmp[1] == u64::MAX
    }

    fn look_up(&self, c: char) -> bool {
        let c32 = c as u32;
        let found = self.ranges.binary_search_by(|range| {
            if *range.end() < c32 {
                std::cmp::Ordering::Less
            } else if *range.start() > c32 {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        });
        found.is_ok() || is_invisible(c)
    }
}

/// Spaces, controls and formatting characters (joiners, direction marks, soft hyphens) are
/// laid out without a glyph of their own.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF)
}

/// Every character of every module page that the leaflet fonts cannot print, once per file,
/// line and character. Errors in translated text are reported against the PO file.
pub fn problems(site: &Site, coverage: &Coverage) -> Diagnostics {
    problems_in(site, coverage, &|_| true)
}

/// [`problems`] of the pages for which `wanted` is true (`serve`: the pages an edit made again).
pub fn problems_in(site: &Site, coverage: &Coverage, wanted: &(dyn Fn(&Page) -> bool + Sync)) -> Diagnostics {
    let source_lang = site.config().source_language().code();
    // Pages not published yet are checked too: they must print on the day they appear.
    let printed = site.pages_to_check().iter().map(|p| &**p).filter(|p| {
        matches!(p.kind, PageKind::Module { .. }) && !matches!(p.publication, Publication::Expired(_)) && wanted(p)
    });
    let printed: Vec<&Page> = printed.filter(|p| !site.leaflet_formats(module_index(p)).is_empty()).collect();
    let missing: Vec<(&Page, Vec<(usize, char)>)> = printed
        .par_iter()
        .filter_map(|page| {
            let doc = page.body.as_ref()?;
            let mut missing = Vec::new();
            for (line, text) in [(2, page.title.as_str()), (3, page.summary.as_str())] {
                uncovered_text(text, line, coverage, &mut missing);
            }
            uncovered_blocks(&doc.blocks, coverage, &mut missing);
            (!missing.is_empty()).then_some((*page, missing))
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut found = Diagnostics::default();
    for (page, missing) in missing {
        let Some(doc) = &page.body else { continue };
        let translated = page.lang != source_lang && page.content_lang != source_lang;
        for (line, c) in missing {
            if !seen.insert((page.lang.clone(), doc.file.clone(), line, c)) {
                continue;
            }
            let problem = Diagnostic::error(
                &doc.file,
                line,
                format!("\"{c}\" (U+{:04X}) cannot be printed in leaflets: no leaflet font has it", c as u32),
            )
            .help("write it in words, or put a font that has it in the site's leaflet/fonts/ folder");
            found.push(if translated { as_translation_error(problem, &page.lang) } else { problem });
        }
    }
    found
}

/// Every character of a published campaign's title and banner, in every language, that the
/// leaflet fonts cannot draw in its share image (a PNG has no way to refuse one: it would show a
/// box where the reader expects a letter).
pub fn share_image_problems(site: &Site, coverage: &Coverage) -> Diagnostics {
    let source_lang = site.config().source_language().code();
    let mut seen = BTreeSet::new();
    let mut found = Diagnostics::default();
    for page in site.pages().iter().filter(|p| matches!(p.kind, PageKind::Campaign { .. })) {
        let PageKind::Campaign { campaign } = page.kind else { continue };
        let campaign = &site.content().campaigns[campaign];
        let key = crate::load::paths::key::campaign_banner(&campaign.slug);
        let banner_line = campaign.doc.setting_line("banner").unwrap_or(0);
        let texts = [
            (2, page.title.as_str(), page.title_lang.as_str()),
            (banner_line, site.strings().get(&page.lang, &key), site.strings().language_of(&page.lang, &key)),
        ];
        for (line, text, text_lang) in texts {
            let mut missing = Vec::new();
            uncovered_text(text, line, coverage, &mut missing);
            for (line, c) in missing {
                if !seen.insert((page.lang.clone(), line, c)) {
                    continue;
                }
                let problem = Diagnostic::error(
                    &campaign.doc.file,
                    line,
                    format!(
                        "\"{c}\" (U+{:04X}) cannot be drawn in the campaign's share image: no leaflet font has it",
                        c as u32
                    ),
                )
                .help("write it in words, or put a font that has it in the site's leaflet/fonts/ folder");
                let translated = page.lang != source_lang && text_lang != source_lang;
                found.push(if translated { as_translation_error(problem, &page.lang) } else { problem });
            }
        }
    }
    found
}

/// Like a translation warning, but an error: the leaflet cannot be made at all.
fn as_translation_error(problem: Diagnostic, lang: &str) -> Diagnostic {
    Diagnostic { severity: crate::diagnostics::Severity::Error, ..as_translation_warning(problem, lang) }
}

fn module_index(page: &Page) -> usize {
    match page.kind {
        PageKind::Module { module, .. } => module,
        _ => unreachable!("only module pages are printed"),
    }
}

fn uncovered_blocks(blocks: &[Block], coverage: &Coverage, out: &mut Vec<(usize, char)>) {
    for block in blocks {
        let line = block.line;
        match &block.kind {
            BlockKind::Paragraph(content) | BlockKind::Plain(content) | BlockKind::Heading(_, _, content) => {
                uncovered_inlines(content, line, coverage, out)
            }
            BlockKind::List { items, .. } => items.iter().for_each(|item| uncovered_blocks(item, coverage, out)),
            BlockKind::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    uncovered_inlines(cell, line, coverage, out);
                }
            }
            BlockKind::Quote(blocks)
            | BlockKind::Footnote { blocks, .. }
            | BlockKind::Callout(blocks)
            | BlockKind::Checklist(blocks)
            | BlockKind::Form(blocks) => uncovered_blocks(blocks, coverage, out),
            BlockKind::Risk { heading, blocks, .. } => {
                if let Some(heading) = heading {
                    uncovered_text(&heading.text, line, coverage, out);
                }
                uncovered_blocks(blocks, coverage, out);
            }
            BlockKind::Code { text, .. } => uncovered_text(text, line, coverage, out),
            BlockKind::Html(_) | BlockKind::Rule => {}
        }
    }
}

fn uncovered_inlines(inlines: &[Inline], line: usize, coverage: &Coverage, out: &mut Vec<(usize, char)>) {
    for inline in inlines {
        match inline {
            Inline::Text(text)
            | Inline::Number(text)
            | Inline::LeftToRight(text)
            | Inline::Code(text)
            | Inline::Image { alt: text, .. } => uncovered_text(text, line, coverage, out),
            Inline::Emphasis(content) | Inline::Strong(content) | Inline::Strikethrough(content) => {
                uncovered_inlines(content, line, coverage, out)
            }
            Inline::Link { content, .. } | Inline::Language { content, .. } => {
                uncovered_inlines(content, line, coverage, out)
            }
            _ => {}
        }
    }
}

fn uncovered_text(text: &str, line: usize, coverage: &Coverage, out: &mut Vec<(usize, char)>) {
    // Text that is all ASCII (most English, every address) needs no look-up when the fonts have
    // every ASCII character; `is_ascii` tests many bytes at a time.
    if coverage.covers_ascii() && text.is_ascii() {
        return;
    }
    out.extend(text.chars().filter(|c| !coverage.covers(*c)).map(|c| (line, c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_table_gives_the_same_answers_as_the_fonts() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/leaflet/fonts");
        let fonts: Vec<Vec<u8>> = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .filter(|entry| entry.path().extension().is_some_and(|e| e == "ttf"))
            .map(|entry| std::fs::read(entry.path()).unwrap())
            .collect();
        let coverage = Coverage::new(&fonts);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(coverage.covers(c), coverage.look_up(c), "U+{:04X}", c as u32);
        }
        assert!(coverage.covers('a') && coverage.covers('ક') && coverage.covers('ب') && coverage.covers('ਪ'));
        // Symbols and emoji people use in advice, in black and white.
        assert!(['→', '✓', '✗', '⚠', '✅', '❌', '☎', '📞', '😀', '┌', '█'].iter().all(|c| coverage.covers(*c)));
        assert!(!coverage.covers('\u{E000}') && !coverage.covers('𓀀'));
        assert!(coverage.covers_ascii() && (0..128u8).all(|b| coverage.covers(char::from(b))));
    }

    #[test]
    fn ascii_text_is_looked_up_when_the_fonts_lack_ascii() {
        let none = Coverage::new(&[]);
        assert!(!none.covers_ascii());
        let mut out = Vec::new();
        uncovered_text("ab\n", 3, &none, &mut out);
        assert_eq!(out, [(3, 'a'), (3, 'b')], "a line break needs no glyph");
    }
}
