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
    let mut text = match String::from_utf8(bytes) {
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
    if let Some((offset, c)) = text.char_indices().find(|(_, c)| is_forbidden_control(*c)) {
        let line = line_of(&text.as_bytes()[..offset]);
        return Err(Diagnostic::error(
            file,
            line,
            format!("this line has an invisible control character (U+{:04X})", c as u32),
        )
        .help("delete it: retype the line, or paste it as plain text (such characters come from copying out of other programs)"));
    }
    Ok(text)
}

/// The 1-based line that starts after `before`.
fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|b| **b == b'\n').count() + 1
}

/// Control characters other than tab and line breaks: browsers show them as boxes or nothing,
/// PDF/UA refuses them, and they are never meant.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn control_characters_name_their_line_but_tabs_and_line_breaks_are_fine() {
        assert_eq!(decoded(b"a\tb\r\nc\n").unwrap(), "a\tb\r\nc\n");
        for c in ["\u{0}", "\u{7f}", "\u{1b}", "\u{85}"] {
            let error = decoded(format!("one\ntwo {c}\n").as_bytes()).unwrap_err();
            assert!(error.starts_with("error: f.md:2: this line has an invisible control character (U+00"), "{error}");
        }
    }
}
