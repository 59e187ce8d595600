//! Reading the text files people edit (site.toml, markdown, PO files) the same way everywhere:
//! UTF-8 with an optional byte order mark, and no invisible control characters. A file that
//! breaks either rule is an error with the line to look at, never a file quietly skipped.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Reads `file` (relative to `site_dir`).
pub fn read(site_dir: &Path, file: &Path) -> Result<String, Diagnostic> {
    match read_if_exists(site_dir, file)? {
        Some(text) => Ok(text),
        None => {
            Err(Diagnostic::error(file, 0, "the file does not exist").help("check the file name, or create the file"))
        }
    }
}

/// Reads `file` (relative to `site_dir`), or None if there is no such file.
pub fn read_if_exists(site_dir: &Path, file: &Path) -> Result<Option<String>, Diagnostic> {
    let bytes = match std::fs::read(site_dir.join(file)) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Diagnostic::error(file, 0, format!("cannot read the file: {error}"))
                .help("check that it is a file you are allowed to read, not a folder"));
        }
    };
    decode(file, bytes).map(Some)
}

/// Checks and decodes the bytes of a text file; a leading byte order mark is dropped.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let mut text = match crate::text::utf8::string_from(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let line = line_of(&error.as_bytes()[..valid]);
            return Err(Diagnostic::error(file, line, "this line is not UTF-8 text")
                .help("save the file as UTF-8 (in most editors: Save As, then choose the encoding \"UTF-8\")"));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let marks = Marks::find(text.as_bytes());
    if let Some(offset) = marks.first_control {
        let c = text[offset..].chars().next().expect("the offset starts a character");
        let line = line_of(&text.as_bytes()[..offset]);
        return Err(Diagnostic::error(
            file,
            line,
            format!("this line has an invisible control character (U+{:04X})", c as u32),
        )
        .help("delete it: retype the line, or paste it as plain text (such characters come from copying out of other programs)"));
    }
    if marks.direction
        && let Some(offset) = too_deep_direction_change(&text)
    {
        return Err(Diagnostic::error(
            file,
            line_of(&text.as_bytes()[..offset]),
            format!("this line nests more than {MAX_DIRECTION_LEVEL} levels of invisible text-direction marks"),
        )
        .help("delete the direction marks (U+202A to U+202E, U+2066 to U+2069): retype the line, or paste it as plain text"));
    }
    Ok(text)
}

/// The deepest embedding level the Unicode bidirectional algorithm allows is 125; text deeper
/// than that is shown differently by each program, and crashed the PDF writer's bidi code. Beacon
/// stops a little earlier, because a leaflet wraps text in its own direction runs.
const MAX_DIRECTION_LEVEL: u8 = 120;

/// The offset of the first direction mark (embedding, override or isolate) that takes a
/// paragraph deeper than [`MAX_DIRECTION_LEVEL`], in a left-to-right or a right-to-left
/// paragraph. Levels are counted as the Unicode algorithm does: a right-to-left mark opens the
/// next odd level, a left-to-right one the next even level. A blank line ends a paragraph.
fn too_deep_direction_change(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut levels: [Vec<u8>; 2] = [vec![0], vec![1]];
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            levels = [vec![0], vec![1]];
        }
        for (at, c) in line.char_indices() {
            for stack in &mut levels {
                let level = *stack.last().expect("the paragraph level is never popped");
                match c {
                    '\u{202b}' | '\u{202e}' | '\u{2067}' => stack.push((level + 1) | 1),
                    '\u{202a}' | '\u{202d}' | '\u{2066}' | '\u{2068}' => stack.push((level + 2) & !1),
                    '\u{202c}' | '\u{2069}' if stack.len() > 1 => {
                        stack.pop();
                    }
                    _ => continue,
                }
                if *stack.last().expect("just pushed") > MAX_DIRECTION_LEVEL {
                    return Some(offset + at);
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The 1-based line that starts after `before`.
fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}

/// What one pass over a file's UTF-8 bytes finds. Every file Beacon reads goes through this,
/// the PO files of a large site included, so it looks at bytes rather than decoding characters.
#[derive(Debug, PartialEq)]
struct Marks {
    /// The offset of the first control character other than tab and line breaks (U+0000–U+001F,
    /// U+007F–U+009F): browsers show them as boxes or nothing, PDF/UA refuses them, and they are
    /// never meant.
    first_control: Option<usize>,
    /// Whether there is any direction embedding, override or isolate (U+202A–U+202E,
    /// U+2066–U+2069).
    direction: bool,
}

/// Bytes read at a time by [`Marks::find`]; a block with none of the bytes it looks for is
/// passed over in one step.
const BLOCK: usize = 64;

impl Marks {
    fn find(bytes: &[u8]) -> Marks {
        let mut direction = false;
        for (number, block) in bytes.chunks(BLOCK).enumerate() {
            // Most blocks have no byte that may start a control character or a direction mark:
            // this test has no early exit, so the compiler checks many bytes per instruction.
            let may_start = block.iter().fold(false, |any, &b| {
                any | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
                    | (b == 0x7F)
                    | (b == 0xC2)
                    | (b == 0xE2)
            });
            if may_start {
                let start = number * BLOCK;
                let found = Marks::find_in(bytes, start..start + block.len());
                direction |= found.direction;
                if found.first_control.is_some() {
                    return Marks { first_control: found.first_control, direction };
                }
            }
        }
        Marks { first_control: None, direction }
    }

    /// [`Marks::find`] one byte at a time, on the bytes of `range` (a character may go on after
    /// its end).
    fn find_in(bytes: &[u8], range: std::ops::Range<usize>) -> Marks {
        let mut direction = false;
        for at in range {
            let byte = bytes[at];
            let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
            match byte {
                b'\t' | b'\n' | b'\r' => {}
                0..0x20 | 0x7F => return Marks { first_control: Some(at), direction },
                // U+0080–U+009F are C2 80 to C2 9F.
                0xC2 if (0x80..0xA0).contains(&next(1)) => return Marks { first_control: Some(at), direction },
                // U+202A–U+202E are E2 80 AA to E2 80 AE; U+2066–U+2069 are E2 81 A6 to E2 81 A9.
                0xE2 => {
                    direction |= matches!((next(1), next(2)), (0x80, 0xAA..=0xAE) | (0x81, 0xA6..=0xA9));
                }
                _ => {}
            }
        }
        Marks { first_control: None, direction }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading by blocks finds what reading every byte finds, wherever the mark is: at a
    /// block's first or last byte, or split across two blocks.
    #[test]
    fn blocks_find_the_marks_every_byte_finds() {
        let text = "Call 0116 305 6101, ગુજરાતી – اردو – text\n".repeat(6);
        let marks = ["\u{7}", "\u{7f}", "\u{85}", "\u{202b}", "\u{2067}", "\u{2013}", "\u{feff}"];
        for mark in marks {
            for at in (0..=text.len()).filter(|at| text.is_char_boundary(*at)) {
                let marked = format!("{}{mark}{}", &text[..at], &text[at..]);
                let bytes = marked.as_bytes();
                let (blocks, every_byte) = (Marks::find(bytes), Marks::find_in(bytes, 0..bytes.len()));
                assert_eq!(
                    (blocks.first_control, blocks.direction),
                    (every_byte.first_control, every_byte.direction),
                    "{mark:?} at {at}"
                );
            }
        }
    }

    fn decoded(bytes: &[u8]) -> Result<String, String> {
        decode(Path::new("f.md"), bytes.to_vec()).map_err(|d| d.to_string())
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(decoded("\u{feff}+++\nx".as_bytes()).unwrap(), "+++\nx");
    }

    #[test]
    fn latin1_names_its_line() {
        let error = decoded(b"one\ntwo\ncaf\xe9\n").unwrap_err();
        assert!(
            error.starts_with("error: f.md:3: this line is not UTF-8 text\n  help: save the file as UTF-8"),
            "{error}"
        );
    }

    #[test]
    fn direction_marks_nested_too_deep_name_their_line() {
        let isolates = |n: usize| "\u{2067}".repeat(n);
        // Each right-to-left isolate in a right-to-left paragraph (level 1) opens the next odd
        // level: 59 reach level 119, 60 reach 121.
        assert!(decoded(format!("a\n{}x\n", isolates(59)).as_bytes()).is_ok());
        let error = decoded(format!("a\n{}x\n", isolates(60)).as_bytes()).unwrap_err();
        assert!(error.starts_with("error: f.md:2: this line nests more than 120 levels"), "{error}");
        // Closed marks free their level; a blank line starts a new paragraph.
        let closed = "\u{2067}x\u{2069}".repeat(500);
        assert!(decoded(closed.as_bytes()).is_ok());
        assert!(decoded(format!("{}\n\n{}", isolates(50), isolates(50)).as_bytes()).is_ok());
        // Alternating directions climb one level each.
        let alternating = "\u{202a}\u{202b}".repeat(61);
        assert!(decoded(alternating.as_bytes()).is_err());
        assert!(decoded("\u{202a}\u{202b}".repeat(59).as_bytes()).is_ok());
    }

    #[test]
    fn control_characters_name_their_line_but_tabs_and_line_breaks_are_fine() {
        assert_eq!(decoded(b"a\tb\r\nc\n").unwrap(), "a\tb\r\nc\n");
        for c in ["\u{0}", "\u{7f}", "\u{1b}", "\u{85}"] {
            let error = decoded(format!("one\ntwo {c}\n").as_bytes()).unwrap_err();
            assert!(error.starts_with("error: f.md:2: this line has an invisible control character (U+00"), "{error}");
        }
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_it_names() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            let direction = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            let expected = Marks { first_control: control.then_some(1), direction };
            assert_eq!(Marks::find(text.as_bytes()), expected, "U+{:04X}", c as u32);
        }
    }
}
