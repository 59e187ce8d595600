//! Web fonts cut down to the characters each language's pages use.
//!
//! A theme's `static/fonts/LANG.css` names its font files (`url("noto-sans-gujarati-400.woff2")`).
//! When the theme ships the font as TrueType under the same name (`noto-sans-gujarati-400.ttf`),
//! Beacon does not copy it: it writes the WOFF2 file the stylesheet names, holding only the
//! glyphs the pages of the languages that load it need, with the OpenType tables browsers shape
//! with (joining forms, conjuncts, mark positions), so that a reader on a weak signal downloads
//! tens of kilobytes, not the whole font. Subsets are kept in the cache folder by a hash of the
//! font and the characters, so an unchanged site makes none.

use crate::load::theme::Theme;
use crate::output::OutputFile;
use crate::site::Site;
use anyhow::Result;
use rayon::prelude::*;
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::{FontRef, TableProvider as _};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One WOFF2 file to make: from which TrueType source, for which languages' pages.
pub struct Subset<'a> {
    /// The file the stylesheets name, inside the theme's `static/` ("fonts/x-400.woff2").
    pub output: String,
    /// The TrueType source inside `static/`, which is not published.
    pub source: &'a str,
    pub font: &'a [u8],
    pub languages: BTreeSet<String>,
}

/// The subsets the site's languages need, from the theme's assets.
pub fn plan<'a>(site: &Site, assets: &'a BTreeMap<String, Vec<u8>>) -> Vec<Subset<'a>> {
    let mut subsets: BTreeMap<String, Subset<'a>> = BTreeMap::new();
    for language in &site.config().languages {
        let Some(css) = assets.get(&format!("fonts/{}.css", language.code())) else { continue };
        for file in font_urls(&String::from_utf8_lossy(css)) {
            let Some(stem) = file.strip_suffix(".woff2") else { continue };
            let source_name = format!("fonts/{stem}.ttf");
            let Some((source, font)) = assets.get_key_value(&source_name) else { continue };
            subsets
                .entry(format!("fonts/{file}"))
                .or_insert_with(|| Subset {
                    output: format!("fonts/{file}"),
                    source: source.as_str(),
                    font: font.as_slice(),
                    languages: BTreeSet::new(),
                })
                .languages
                .insert(language.code().to_string());
        }
    }
    subsets.into_values().collect()
}

/// The characters of each language's pages, for the languages that load web fonts, gathered
/// from pages as they are rendered (in parallel).
pub struct PageCharacters {
    languages: BTreeSet<String>,
    by_language: std::sync::Mutex<BTreeMap<String, Characters>>,
}

impl PageCharacters {
    /// For the languages of `subsets`.
    pub fn new(subsets: &[Subset<'_>]) -> PageCharacters {
        let languages = subsets.iter().flat_map(|subset| subset.languages.iter().cloned()).collect();
        PageCharacters { languages, by_language: Default::default() }
    }

    pub fn add_page(&self, lang: &str, html: &str) {
        if self.languages.contains(lang) {
            let mut used = Characters::default();
            used.add_text(html);
            let mut by_language = self.by_language.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            by_language.entry(lang.to_string()).or_default().add(&used);
        }
    }

    pub fn into_map(self) -> BTreeMap<String, Characters> {
        self.by_language.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The characters outside ASCII that pages use (the fonts serve scripts, never ASCII), kept as
/// one bit per character of the Basic Multilingual Plane so that adding a page is cheap.
#[derive(Clone, PartialEq)]
pub struct Characters {
    bmp: Box<[u64; 1024]>,
    astral: BTreeSet<char>,
}

impl Default for Characters {
    fn default() -> Self {
        Characters { bmp: Box::new([0; 1024]), astral: BTreeSet::new() }
    }
}

/// Where the first byte of `bytes` outside ASCII is.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut skipped = 0;
    for word in words.by_ref() {
        if u64::from_le_bytes(word.try_into().expect("eight bytes")) & HIGH_BITS != 0 {
            break;
        }
        skipped += 8;
    }
    bytes[skipped..].iter().position(|byte| !byte.is_ascii()).map(|at| skipped + at)
}

impl Characters {
    pub fn add_text(&mut self, text: &str) {
        // Every subset keeps ASCII, and a page is mostly ASCII (all of its markup): runs of it
        // are skipped eight bytes at a time rather than decoded character by character.
        let mut rest = text;
        while let Some(start) = first_non_ascii(rest.as_bytes()) {
            // Just after ASCII, so on a character boundary.
            let mut chars = rest[start..].chars();
            let Some(c) = chars.next() else { break };
            match usize::try_from(u32::from(c)) {
                Ok(code) if code < 0x10000 => self.bmp[code / 64] |= 1 << (code % 64),
                _ => {
                    self.astral.insert(c);
                }
            }
            rest = chars.as_str();
        }
    }

    pub fn add(&mut self, other: &Characters) {
        for (word, other) in self.bmp.iter_mut().zip(other.bmp.iter()) {
            *word |= other;
        }
        self.astral.extend(&other.astral);
    }

    /// Every character, with the dotted circle that shaping puts under a mark with no letter.
    pub fn to_set(&self) -> BTreeSet<char> {
        let bmp = (0..0x10000u32).filter(|&code| self.bmp[code as usize / 64] & (1 << (code % 64)) != 0);
        bmp.filter_map(char::from_u32).chain(self.astral.iter().copied()).chain(['\u{25CC}']).collect()
    }
}

/// Each web font cut down to the characters of the pages that load it, in parallel.
pub fn make(
    theme: &Theme,
    subsets: &[Subset<'_>],
    characters: &BTreeMap<String, Characters>,
    cache_dir: &Path,
) -> Result<Vec<OutputFile>> {
    subsets
        .par_iter()
        .map(|subset| {
            let mut used = Characters::default();
            for language in &subset.languages {
                if let Some(chars) = characters.get(language) {
                    used.add(chars);
                }
            }
            let woff2 = cached_subset_woff2(subset.font, &used.to_set(), Some(cache_dir)).map_err(|problem| {
                anyhow::anyhow!("{}: {problem}", theme.origin.join("static").join(subset.source).display())
            })?;
            Ok(OutputFile::bytes(format!("assets/{}", subset.output), woff2))
        })
        .collect()
}

/// The theme's web fonts that no page of this site loads: the stylesheets `fonts/LANG.css` of
/// languages the site does not have, and the font files only those name. An English-only site
/// then publishes no font at all.
pub fn unused<'a>(site: &Site, theme: &'a Theme) -> BTreeSet<&'a str> {
    let is_font_file = |name: &str| [".woff2", ".woff", ".ttf", ".otf"].iter().any(|ext| name.ends_with(ext));
    let (used_css, unused_css): (Vec<_>, Vec<_>) = theme
        .assets
        .iter()
        .filter_map(|(name, bytes)| {
            let lang = name.strip_prefix("fonts/")?.strip_suffix(".css")?;
            Some((name.as_str(), lang, String::from_utf8_lossy(bytes)))
        })
        .partition(|(_, lang, _)| site.config().languages.iter().any(|l| l.code() == *lang));
    let named_by_used = |file: &str| {
        let file_name = file.rsplit('/').next().unwrap_or(file);
        used_css.iter().any(|(_, _, css)| css.contains(file_name))
    };
    let unused_files = theme
        .assets
        .keys()
        .map(String::as_str)
        .filter(|name| name.starts_with("fonts/") && is_font_file(name) && !named_by_used(name));
    unused_css.iter().map(|(name, _, _)| *name).chain(unused_files).collect()
}

/// The file names in a stylesheet's `url(...)`s, without quotes or folders.
fn font_urls(css: &str) -> Vec<String> {
    css.split("url(")
        .skip(1)
        .filter_map(|rest| {
            let inside = rest.split(')').next()?.trim().trim_matches(['"', '\'']);
            Some(inside.rsplit('/').next()?.to_string())
        })
        .collect()
}

/// The font as WOFF2 with only what `chars` need (see [`subset_truetype`]).
pub fn subset_woff2(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let truetype = subset_truetype(font, chars)?;
    ttf2woff2::encode_no_transform(&truetype, ttf2woff2::BrotliQuality::default())
        .map_err(|e| format!("cannot compress the font: {e:?}"))
}

/// The font with only what `chars` need: their glyphs, every glyph the font's shaping rules can
/// turn them into, and the shaping tables themselves.
fn subset_truetype(font: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let parsed = FontRef::new(font).map_err(|e| format!("not a font this can read: {e}"))?;
    // The subsetter keeps TrueType outlines only: a CFF font would lose its letters.
    if parsed.cff().is_ok() || parsed.cff2().is_ok() {
        return Err("a CFF (PostScript-outline) font: ship the TrueType build instead".into());
    }
    let mut unicodes = IntSet::<u32>::empty();
    for c in chars {
        unicodes.insert(*c as u32);
    }
    let drop: IntSet<Tag> = skera::DEFAULT_DROP_TABLES.iter().copied().collect();
    let mut name_ids = IntSet::<NameId>::empty();
    name_ids.insert_range(NameId::from(0)..=NameId::from(6));
    let mut name_languages = IntSet::<u16>::empty();
    name_languages.insert(0x0409);
    let plan = skera::Plan::new(
        &IntSet::<GlyphId>::empty(),
        &unicodes,
        &parsed,
        skera::SubsetFlags::default(),
        &drop,
        &IntSet::all(),
        &IntSet::all(),
        &name_ids,
        &name_languages,
    );
    skera::subset_font(&parsed, &plan).map_err(|e| format!("cannot cut the font down: {e:?}"))
}

/// Where the subsets are kept, inside a build's cache folder.
fn cache_folder(cache_dir: &Path) -> PathBuf {
    cache_dir.join("web-fonts")
}

/// True when the cache folder holds no web font yet (a first build, or after it was emptied).
pub fn none_cached(cache_dir: &Path) -> bool {
    std::fs::read_dir(cache_folder(cache_dir)).map_or(true, |mut entries| entries.next().is_none())
}

/// The subset for these characters, from the cache folder when it was made before.
pub fn cached_subset_woff2(font: &[u8], chars: &BTreeSet<char>, cache_dir: Option<&Path>) -> Result<Vec<u8>, String> {
    let key = {
        let text: String = chars.iter().collect();
        crate::text::hash::hex_digest(&[font, text.as_bytes()])
    };
    let cached = cache_dir.map(|dir| cache_folder(dir).join(format!("{key}.woff2")));
    if let Some(bytes) = cached.as_ref().and_then(|path| std::fs::read(path).ok()) {
        return Ok(bytes);
    }
    let woff2 = subset_woff2(font, chars)?;
    if let Some(path) = cached {
        // Written whole, so a killed build never leaves half a font for the next one to publish;
        // a cache that cannot be written only costs time on the next build.
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .and_then(|()| crate::output::write_whole(&path, &woff2));
    }
    Ok(woff2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyph advances and offsets of `text` shaped with `font`, which two fonts with different
    /// glyph numbers but the same shaping give alike.
    fn shaped(font: &[u8], text: &str) -> Vec<(i32, i32, i32, u32)> {
        let face = rustybuzz::Face::from_slice(font, 0).expect("a font");
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let output = rustybuzz::shape(&face, &[], buffer);
        output
            .glyph_positions()
            .iter()
            .zip(output.glyph_infos())
            .map(|(p, i)| (p.x_advance, p.x_offset, p.y_offset, i.cluster))
            .collect()
    }

    #[test]
    fn every_character_outside_ascii_is_collected_wherever_it_falls() {
        // Non-ASCII at each offset of an eight-byte word, at the ends, in runs, and beyond the
        // Basic Multilingual Plane.
        let mut texts = vec![String::new(), "plain ascii only, longer than a word".to_string(), "é".to_string()];
        for offset in 0..17 {
            let ascii = "a".repeat(offset);
            texts.push(format!("{ascii}ગુ{ascii}x😀{ascii}"));
            texts.push(format!("<p lang=\"ur\">{ascii}اردو</p>{ascii}…"));
        }
        for text in texts {
            let mut characters = Characters::default();
            characters.add_text(&text);
            let expected: BTreeSet<char> = text.chars().filter(|c| !c.is_ascii()).chain(['\u{25CC}']).collect();
            assert_eq!(characters.to_set(), expected, "{text}");
        }
    }

    #[test]
    fn a_cache_folder_holds_no_web_font_until_one_is_made() {
        let cache = tempfile::tempdir().unwrap();
        assert!(none_cached(cache.path()), "no folder yet");
        let font = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/leaflet/fonts/NotoSansGujarati-Regular.ttf"
        ))
        .unwrap();
        let chars: BTreeSet<char> = "કિટ".chars().collect();
        let made = cached_subset_woff2(&font, &chars, Some(cache.path())).unwrap();
        assert!(!none_cached(cache.path()));
        assert_eq!(cached_subset_woff2(&font, &chars, Some(cache.path())).unwrap(), made, "read back from the cache");
    }

    #[test]
    fn a_subset_shapes_its_text_exactly_as_the_whole_font_does() {
        let fonts = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/leaflet/fonts/");
        let cases = [
            ("NotoSansGujarati-Regular.ttf", "ઇમરજન્સી કિટ એવી જગ્યાએ રાખો જ્યાં તમે તેને અંધારામાં શોધી શકો."),
            ("NotoSansDevanagari-Regular.ttf", "आपातकालीन किट ऐसी जगह रखें जहाँ आप उसे अँधेरे में भी ढूँढ सकें।"),
            ("NotoNaskhArabic-Regular.ttf", "احتفظ بحقيبة الطوارئ في مكان يمكنك العثور عليه في الظلام. كيف تجهّز بيتك"),
            ("NotoSansBengali-Regular.ttf", "জরুরি কিট এমন জায়গায় রাখুন যেখানে অন্ধকারেও আপনি খুঁজে পান।"),
            (
                "../../static/fonts/noto-nastaliq-urdu-400.ttf",
                "ایمرجنسی کٹ ایسی جگہ رکھیں جہاں آپ اسے اندھیرے میں ڈھونڈ سکیں۔",
            ),
        ];
        for (file, text) in cases {
            let font = std::fs::read(format!("{fonts}{file}")).unwrap();
            let chars: BTreeSet<char> = text.chars().collect();
            let subset = subset_truetype(&font, &chars).unwrap();
            // Nastaliq keeps nearly half of itself: its joining forms reach most of its glyphs.
            assert!(subset.len() * 2 < font.len(), "{file}: {} of {} bytes", subset.len(), font.len());
            assert_eq!(shaped(&subset, text), shaped(&font, text), "{file}");
            let woff2 = subset_woff2(&font, &chars).unwrap();
            assert!(woff2.starts_with(b"wOF2") && woff2.len() < subset.len(), "{file}");
        }
    }

    #[test]
    fn finds_the_font_files_a_stylesheet_names() {
        let css = "@font-face { src: url(\"noto-a-400.woff2\") format(\"woff2\"); }\n\
                   @font-face { src: url('../fonts/noto-a-700.woff2'); }";
        assert_eq!(font_urls(css), ["noto-a-400.woff2", "noto-a-700.woff2"]);
    }
}
