//! Checks of a finished translation against its English text that protect the people reading
//! it, like the quality checks of Weblate: a phone or emergency number that is missing or
//! different is an error (this is safety information); HTML the English lacks is refused; links,
//! web addresses and bold text that differ are warnings.

use crate::text::html_tags::{self, Tag};
use std::collections::HashMap;

/// What is wrong with one translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A number of three or more digits (999, 111, 0345 988 1188) is not in the translation as
    /// it is in the English, or the translation has one the English lacks.
    Number { english: Vec<String>, translated: Vec<String> },
    /// The translation adds this HTML element (or comment) that the English does not have.
    AddedHtml(String),
    /// A link target or web address of the English is not in the translation, or the reverse.
    Address { english: Vec<String>, translated: Vec<String> },
    /// The English and the translation have different numbers of `**` (bold) markers.
    Bold,
}

impl Finding {
    /// Numbers and HTML stop the build; the rest is advice.
    pub fn is_error(&self) -> bool {
        matches!(self, Finding::Number { .. })
    }

    pub fn message(&self) -> String {
        match self {
            Finding::Number { english, translated } => format!(
                "the numbers in this translation ({}) are not the numbers in the English ({})",
                list(translated),
                list(english)
            ),
            Finding::AddedHtml(element) => format!(
                "this translation adds HTML (<{element}>) that the source text does not have: the source text is shown until it is corrected"
            ),
            Finding::Address { english, translated } => format!(
                "the links and web addresses in this translation ({}) are not those of the English ({})",
                list(translated),
                list(english)
            ),
            Finding::Bold => "this translation has a different number of `**` (bold) markers than the English".into(),
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            Finding::Number { .. } => {
                "phone and emergency numbers must be exactly those of the English: copy them from the msgid (digits of your script are fine)"
            }
            Finding::AddedHtml(_) => "keep the HTML tags of the msgid as they are and translate only the words",
            Finding::Address { .. } => {
                "keep every link address in (...) and every web address exactly as in the msgid; translate only the words"
            }
            Finding::Bold => "keep each `**...**` of the msgid around the words that translate it",
        }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".to_string() } else { items.join(", ") }
}

/// Everything wrong with `translation` as a translation of `english`.
pub fn check(english: &str, translation: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let (english_numbers, translated_numbers) = (sorted(numbers(english)), sorted(numbers(translation)));
    if english_numbers != translated_numbers {
        found.push(Finding::Number { english: english_numbers, translated: translated_numbers });
    }
    if let Some(element) = added_html(english, translation) {
        found.push(Finding::AddedHtml(element));
    }
    let (english_addresses, translated_addresses) = (sorted(addresses(english)), sorted(addresses(translation)));
    if english_addresses != translated_addresses {
        found.push(Finding::Address { english: english_addresses, translated: translated_addresses });
    }
    if bold_markers(english) != bold_markers(translation) {
        found.push(Finding::Bold);
    }
    found
}

/// How many `**` a text has, counted left to right without overlap (`***` has one). Most texts
/// have no `*`, which a byte search rules out at once.
fn bold_markers(text: &str) -> usize {
    if memchr::memchr(b'*', text.as_bytes()).is_none() {
        return 0;
    }
    memchr::memmem::find_iter(text.as_bytes(), b"**").count()
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

/// The zero of each block of ten decimal digits that languages of the UK's communities use, in
/// order, so that a lookup is a binary search (this runs on every character of every PO file).
const ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
    0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
];

/// The digit of `c` in any script's decimal digits (Arabic-Indic, Devanagari, Gujarati...).
fn digit(c: char) -> Option<char> {
    let code = c as u32;
    if code < 0x80 {
        return c.is_ascii_digit().then_some(c);
    }
    // Latin, Greek, Cyrillic, Hebrew and most Arabic letters come before the first digits.
    if code < 0x660 {
        return None;
    }
    // The Indic scripts (Devanagari to Sinhala) each have a block of 128 code points with the
    // digits at the same offset: no search for the letters of Gujarati or Gurmukhi.
    if (0x900..0xE00).contains(&code) {
        let offset = code % 0x80;
        return (0x66..0x70).contains(&offset).then(|| char::from(b'0' + (offset - 0x66) as u8));
    }
    let zero = ZEROS[ZEROS.partition_point(|zero| *zero <= code).checked_sub(1)?];
    (code - zero < 10).then(|| char::from(b'0' + (code - zero) as u8))
}

/// Whether the character starting at `at` may be a digit ([`digit_may_start`], with the bytes
/// past the text's end read as zeros).
fn may_be_digit(bytes: &[u8], at: usize) -> bool {
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    digit_may_start(bytes[at], byte(at + 1), byte(at + 2))
}

/// Whether a digit may start at a byte `x` that `y` and `z` follow: ASCII digits, and the first
/// two or three bytes of every other script's digits ([`ZEROS`]), tested with plain comparisons
/// that run on many bytes at once. It is true for every digit (a test tries each one) and false
/// for nearly every Arabic, Urdu and Gujarati letter, although they share lead bytes with their
/// script's digits.
#[inline(always)]
fn digit_may_start(x: u8, y: u8, z: u8) -> bool {
    let within = |b: u8, first: u8, count: u8| b.wrapping_sub(first) < count;
    let ascii = within(x, b'0', 10);
    // Arabic-Indic, Extended Arabic-Indic (Urdu) and NKo digits: two bytes each.
    let two_bytes =
        (x == 0xD9) & within(y, 0xA0, 10) | (x == 0xDB) & within(y, 0xB0, 10) | (x == 0xDF) & within(y, 0x80, 10);
    // Devanagari to Sinhala, Thai and Lao: E0, an odd second byte from A5 to BB, a third byte
    // from 90 to AF. Tibetan: E0 BC.
    let indic = (x == 0xE0) & ((y & 1 == 1) & within(y, 0xA5, 0x17) | (y == 0xBC)) & within(z, 0x90, 0x20);
    // Myanmar, Khmer and Mongolian; fullwidth digits.
    let other = (x == 0xE1)
        & ((y == 0x81) & within(z, 0x80, 10) | (y == 0x9F) & within(z, 0xA0, 10) | (y == 0xA0) & within(z, 0x90, 10))
        | (x == 0xEF) & (y == 0xBC) & within(z, 0x90, 10);
    ascii | two_bytes | indic | other
}

/// Where the next character that may be a digit starts, from `at` on (a character's start). A
/// block in which no digit can start is passed over whole.
fn next_possible_digit(bytes: &[u8], mut at: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    while at < bytes.len() {
        // Each block is read with the two bytes after it, for a digit that starts at its end.
        // The text's end is padded with zeros, which start no digit: most texts are shorter
        // than a block.
        let mut padded = [0u8; BLOCK + 2];
        let window: &[u8; BLOCK + 2] = match bytes.get(at..at + BLOCK + 2) {
            Some(window) => window.try_into().expect("the window's length"),
            None => {
                let rest = &bytes[at..];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        // No early exit: the tests run on many bytes per instruction. The first, cheaper one
        // passes over the blocks with neither an ASCII digit nor a lead byte (most English).
        let maybe = window[..BLOCK].iter().fold(false, |any, &b| any | (b.wrapping_sub(b'0') < 10) | (b >= 0xC0))
            && (0..BLOCK).fold(false, |any, i| any | digit_may_start(window[i], window[i + 1], window[i + 2]));
        let end = (at + BLOCK).min(bytes.len());
        if !maybe {
            // The block may end inside a character: go on from the next character's start.
            at = end + bytes[end..].iter().take_while(|b| (0x80..0xC0).contains(*b)).count();
            continue;
        }
        // Character by character through the block; the last may end past it.
        while at < end {
            if may_be_digit(bytes, at) {
                return Some(at);
            }
            at += utf8_len(bytes[at]);
        }
    }
    None
}

/// How many bytes the UTF-8 character that starts with `lead` has.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Numbers of three or more digits, in ASCII digits, with the spaces and hyphens that group a
/// phone number's digits ("0345 988 1188") taken out.
fn numbers(text: &str) -> Vec<String> {
    numbers_read(text, Read::SkippingLetters)
}

/// How [`numbers_read`] goes through a text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Outside a number, straight to the next byte that may start a digit.
    SkippingLetters,
    /// One character at a time (to test that skipping finds the same numbers).
    #[cfg(test)]
    EveryCharacter,
}

fn numbers_read(text: &str, read: Read) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if read == Read::SkippingLetters && current.is_empty() {
            // Outside a number, only a digit changes anything: skip to the next byte that may
            // start one (this runs on every text of every PO file). Such a byte is never inside
            // a character, so `at` stays at the start of one.
            match next_possible_digit(bytes, at) {
                Some(found) => at = found,
                None => break,
            }
        }
        let c = text[at..].chars().next().expect("`at` is at the start of a character");
        at += c.len_utf8();
        if let Some(d) = digit(c) {
            current.push(d);
            continue;
        }
        // One separator between two digits groups them into one number.
        let groups = matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '-' | '\u{2011}' | '\u{2013}');
        if groups && !current.is_empty() && text[at..].chars().next().is_some_and(|next| digit(next).is_some()) {
            continue;
        }
        if current.len() >= 3 {
            found.push(std::mem::take(&mut current));
        }
        current.clear();
    }
    if current.len() >= 3 {
        found.push(current);
    }
    found
}

/// Markdown link targets (`](...)`) and web addresses written out in the text.
fn addresses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = find(rest, "](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        found.push(rest[..end].trim().to_string());
        rest = &rest[end..];
    }
    // Most texts have no web address: skip splitting them into words.
    if find(text, "http").is_none() && find(text, "www.").is_none() {
        return found;
    }
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '"')) {
        let word = word.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if word.starts_with("https://") || word.starts_with("http://") || word.starts_with("www.") {
            found.push(word.to_string());
        }
    }
    found
}

/// Where `needle` first starts in `text`: a byte search for its first byte, then a comparison.
/// The texts are short, so a substring searcher would cost more to set up than it saves.
fn find(text: &str, needle: &str) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else { return Some(0) };
    memchr::memchr_iter(first, text).find(|&at| text[at..].starts_with(needle))
}

/// The first HTML element (or comment) in `translation` that `source` does not have as often.
/// A translator may move the source's tags, never add new ones: the sanitiser would remove a
/// script, but an added `<details>` or `</div>` could still change what the page shows.
fn added_html(source: &str, translation: &str) -> Option<String> {
    if !translation.contains('<') {
        return None;
    }
    fn names(text: &str) -> impl Iterator<Item = String> + '_ {
        html_tags::tags(text).map(|(_, tag)| match tag {
            Tag::Start { name, .. } => name.into_owned(),
            Tag::End { name } => format!("/{name}"),
            Tag::Comment { .. } => "!--".to_string(),
            Tag::Declaration => "!".to_string(),
        })
    }
    let mut available: HashMap<String, usize> = HashMap::new();
    for name in names(source) {
        *available.entry(name).or_default() += 1;
    }
    // The first tag, in reading order, that the source text has run out of.
    names(translation).find(|name| match available.get_mut(name) {
        Some(left) if *left > 0 => {
            *left -= 1;
            false
        }
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_markers_are_counted_as_str_matches_counts_them() {
        for text in ["", "no stars", "*one*", "**bold**", "***", "****", "a ** b *** c", "**x** and **y**", "ગુ **ક**"]
        {
            assert_eq!(bold_markers(text), text.matches("**").count(), "{text:?}");
        }
    }

    /// Every text of the default site's PO files (translators' Polish, Gujarati, Punjabi, Urdu
    /// and Arabic, with their own digits) gives the same numbers either way.
    #[test]
    fn skipping_letters_finds_the_same_numbers() {
        let mut texts =
            vec!["", "999", "a 0345 988 1188.", "٠٣٤٥ ٩٨٨ ١١٨٨", "૯૯૯ અને 111-222", "x\u{a0}123\u{a0}456 é9999"];
        let files: Vec<String> = ["pl", "gu", "pa", "ur", "ar"]
            .iter()
            .map(|lang| {
                std::fs::read_to_string(format!("{}/translations/{lang}.po", env!("CARGO_MANIFEST_DIR"))).unwrap()
            })
            .collect();
        texts.extend(files.iter().flat_map(|file| file.lines()));
        // Every script's digits, after letters of that script and of others.
        let indic_zeros = (0x900..0xE00).step_by(0x80).map(|block| block + 0x66);
        let every_script: Vec<String> = ZEROS
            .iter()
            .copied()
            .chain(indic_zeros)
            .map(|zero| {
                let digits: String = [1, 2, 3].iter().map(|d| char::from_u32(zero + d).unwrap()).collect();
                let letter = char::from_u32(zero - 7).unwrap();
                format!("{letter}{digits} ع{digits}-{digits} é{digits}")
            })
            .collect();
        texts.extend(every_script.iter().map(String::as_str));
        // Numbers and letters that share a digit's lead byte, at every place around the blocks
        // that skipping reads.
        let straddling: Vec<String> =
            (0..70).map(|offset| format!("{}٩٨٨ ف ૯૯૯ ક ১২৩ 123", "a".repeat(offset))).collect();
        texts.extend(straddling.iter().map(String::as_str));
        let with_numbers = texts.iter().filter(|text| !numbers(text).is_empty()).count();
        assert!(with_numbers > 100, "only {with_numbers} texts with numbers");
        for text in texts {
            assert_eq!(numbers(text), numbers_read(text, Read::EveryCharacter), "{text:?}");
        }
    }

    #[test]
    fn phone_and_emergency_numbers_must_be_kept() {
        let english = "If life is at risk, call 999. Floodline: 0345 988 1188 (24 hours).";
        assert!(
            check(english, "W razie zagrożenia życia dzwoń pod 999. Floodline: 0345 988 1188 (całą dobę).").is_empty()
        );
        assert!(
            check(english, "Floodline: 0345-988-1188. Zagrożenie życia: 999.").is_empty(),
            "order and grouping may change"
        );
        // Arabic-Indic and Gujarati digits are the same numbers.
        assert!(check(english, "اتصل بالرقم ٩٩٩. Floodline: ٠٣٤٥ ٩٨٨ ١١٨٨").is_empty());
        assert!(check(english, "જીવ જોખમમાં હોય તો ૯૯૯ પર ફોન કરો. Floodline: ૦૩૪૫ ૯૮૮ ૧૧૮૮").is_empty());
        let wrong = check(english, "Dzwoń pod 999. Floodline: 0345 988 1189.");
        assert_eq!(
            wrong,
            vec![Finding::Number {
                english: vec!["03459881188".into(), "999".into()],
                translated: vec!["03459881189".into(), "999".into()]
            }]
        );
        assert!(wrong[0].is_error());
        assert!(matches!(
            check(english, "Dzwoń pod numer alarmowy. Floodline: 0345 988 1188.")[..],
            [Finding::Number { .. }]
        ));
        assert!(
            matches!(check("Call 999.", "Zadzwoń pod 999 lub 112.")[..], [Finding::Number { .. }]),
            "an added number"
        );
    }

    #[test]
    fn every_decimal_digit_of_every_script_and_nothing_else_is_a_digit() {
        // Each block of ten decimal digits (Unicode category Nd) that Beacon reads as numbers.
        let blocks = [0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66];
        for zero in blocks {
            for value in 0..10u8 {
                let c = char::from_u32(zero + u32::from(value)).unwrap();
                assert_eq!(digit(c), Some(char::from(b'0' + value)), "U+{:04X}", c as u32);
            }
        }
        // Next to the digits: ':' after '9', Arabic percent sign, Devanagari abbreviation sign.
        for c in ['a', '/', ':', '\u{65F}', '\u{66A}', '\u{970}', '\u{FF1A}', '😀'] {
            assert_eq!(digit(c), None, "U+{:04X}", c as u32);
        }
        // The shortcuts for Latin, Arabic and Indic letters agree with the list of blocks for
        // every character there is.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let code = c as u32;
            let expected = ZEROS.iter().find(|zero| (**zero..**zero + 10).contains(&code));
            let expected = expected.map(|zero| char::from(b'0' + (code - zero) as u8));
            assert_eq!(digit(c), expected, "U+{code:04X}");
        }
    }

    /// Skipping never passes over a digit: every digit of every script, after letters of the
    /// scripts whose lead bytes the digits share, at every place in and around a block.
    #[test]
    fn no_digit_is_skipped() {
        let digits = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| digit(*c).is_some() && !c.is_ascii());
        let digits: Vec<char> = digits.collect();
        assert_eq!(digits.len(), (ZEROS.len() - 1) * 10);
        for filler in ["a", "ف", "ક", "क", "ـ", "\u{e3f}"] {
            for c in digits.iter().copied().chain(['0', '9']) {
                for before in 0..40 {
                    let text = format!("{}{c}{}", filler.repeat(before), filler.repeat(20));
                    let at = filler.len() * before;
                    assert_eq!(next_possible_digit(text.as_bytes(), 0), Some(at), "U+{:04X} after {text:?}", c as u32);
                }
            }
        }
    }

    #[test]
    fn links_addresses_and_bold_that_differ_are_advice() {
        let english = "Sign up at [the Priority Services Register](https://www.ukpowernetworks.co.uk/psr) or www.gov.uk. **Do not** drive.";
        assert!(
            check(
                english,
                "Zapisz się do [rejestru](https://www.ukpowernetworks.co.uk/psr) lub www.gov.uk. **Nie** jedź."
            )
            .is_empty()
        );
        let found = check(english, "Zapisz się do [rejestru](https://example.org) lub www.gov.uk. Nie jedź.");
        assert!(matches!(found[..], [Finding::Address { .. }, Finding::Bold]), "{found:?}");
        assert!(found.iter().all(|f| !f.is_error()));
    }

    #[test]
    fn find_finds_what_str_find_finds() {
        for text in ["", "]", "](", "a]]( b", "no link", "ગુ](x) ]", "http", "xhttp://", "ww www.x", "hhttp"] {
            for needle in ["](", "http", "www.", ""] {
                assert_eq!(find(text, needle), text.find(needle), "{needle:?} in {text:?}");
            }
        }
    }

    #[test]
    fn html_the_english_lacks_is_found() {
        assert_eq!(check("Press <kbd>Ctrl</kbd>.", "Naciśnij <kbd>Ctrl</kbd>."), vec![]);
        assert_eq!(check("Press Ctrl.", "Naciśnij <b>Ctrl</b>."), vec![Finding::AddedHtml("b".into())]);
    }
}
