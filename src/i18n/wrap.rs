//! PO strings split over lines the way GNU gettext's tools (msgmerge, msgcat, msginit) write them,
//! so that a string Beacon writes looks as it would after any of those tools.
//!
//! gettext splits a string after each `\n`, then fills lines of at most 79 columns, breaking at
//! the line-break opportunities of libunistring (Unicode line breaking, with a break allowed after
//! a full stop or comma before a letter: "111.|nhs.uk"). Beacon follows the same steps with the
//! opportunities that matter in prose: after spaces, after punctuation before a letter, and
//! between wide (CJK) characters. Strings read from a file keep their own lines while their text
//! is unchanged (see `po::Layout`), so an approximation here never rewrites a translator's file.

use unicode_width::UnicodeWidthChar;

/// The widest line gettext writes, quotes and keyword included.
pub const PAGE_WIDTH: usize = 79;

/// The quoted lines of one string, the first to follow `prefix` and `keyword` on its line. An
/// entry flagged `no-wrap` is split only after its `\n`s.
pub fn lines(prefix: &str, keyword: &str, value: &str, no_wrap: bool) -> Vec<String> {
    let limit = if no_wrap { usize::MAX } else { PAGE_WIDTH - 2 - prefix.chars().count() };
    let portions = portions(value);
    let first_column = keyword.chars().count() + 1;
    if portions.len() == 1 && first_column <= limit {
        let pieces = pieces(&portions[0]);
        if fill(&pieces, first_column, limit).len() == 1 {
            return vec![quoted(&portions[0].concat())];
        }
    }
    let mut lines = vec!["\"\"".to_string()];
    for portion in &portions {
        let pieces = pieces(portion);
        lines.extend(fill(&pieces, 0, limit).into_iter().map(|line| quoted(&line)));
    }
    lines
}

fn quoted(escaped: &str) -> String {
    format!("\"{escaped}\"")
}

/// The string cut after each `\n` (a final one makes no empty portion), each portion as its
/// escaped characters: a `\n` or `\"` is one unit that never breaks.
fn portions(value: &str) -> Vec<Vec<String>> {
    let mut portions = vec![Vec::new()];
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let unit = match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            '\n' => "\\n".to_string(),
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            c => c.to_string(),
        };
        let current = portions.last_mut().expect("there is always a portion");
        current.push(unit);
        if c == '\n' && chars.peek().is_some() {
            portions.push(Vec::new());
        }
    }
    portions
}

/// A portion cut where a line may break; each piece keeps its trailing spaces.
fn pieces(units: &[String]) -> Vec<(String, usize)> {
    let mut pieces: Vec<(String, usize)> = Vec::new();
    let mut current = String::new();
    let mut width = 0;
    for (index, unit) in units.iter().enumerate() {
        if index > 0 && break_before(units, index) && !current.is_empty() {
            pieces.push((std::mem::take(&mut current), width));
            width = 0;
        }
        current.push_str(unit);
        width += unit_width(unit);
    }
    if !current.is_empty() || pieces.is_empty() {
        pieces.push((current, width));
    }
    pieces
}

fn unit_width(unit: &str) -> usize {
    if unit.starts_with('\\') && unit.len() == 2 {
        return 2;
    }
    unit.chars().map(|c| c.width().unwrap_or(0)).sum()
}

fn first_char(unit: &str) -> char {
    unit.chars().next().unwrap_or(' ')
}

/// Whether a line may break before `units[index]`.
fn break_before(units: &[String], index: usize) -> bool {
    let unit = units[index].as_str();
    let before = units[index - 1].as_str();
    let (c, previous) = (first_char(unit), first_char(before));
    // Never inside an escape, nor before the `\n` that ends a portion.
    if unit == "\\n" || c == ' ' {
        return false;
    }
    if previous == ' ' {
        // Not between a quotation mark and an opening bracket: "\"word\" (gloss)".
        let quoted = units[..index].iter().rev().find(|u| u.as_str() != " ").is_some_and(|u| is_quotation(u));
        return !(quoted && is_opening(c));
    }
    let wide = |u: &str| u.chars().next().is_some_and(|c| c.width() == Some(2) && c.is_alphanumeric());
    if wide(unit) || wide(before) {
        return !is_closing(c) && !is_opening(previous);
    }
    // Between a closing and an opening bracket: "[a link]|(https://...)".
    if matches!(previous, ')' | ']') && matches!(c, '(' | '[') {
        return true;
    }
    // After punctuation, before a letter: "www.|gov.|uk/|check-|long-|term".
    is_alphabetic_class(c) && matches!(previous, '.' | ',' | ':' | ';' | '/' | '-' | '!' | '?' | '|' | '}')
}

/// Letters and the symbols Unicode line breaking treats as letters ("/#anchor", "?q=x").
fn is_alphabetic_class(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '#' | '&' | '*' | '@' | '=' | '~' | '^' | '_' | '`' | '<' | '>')
}

fn is_quotation(unit: &str) -> bool {
    unit == "\\\"" || matches!(first_char(unit), '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '、' | '。' | '，' | '）' | '」' | '』' | '！' | '？' | '：' | '；')
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '（' | '「' | '『')
}

/// Greedy filling from `column`: a piece that does not fit starts the next line; a piece wider
/// than a line stands alone on it, as gettext leaves it.
fn fill(pieces: &[(String, usize)], column: usize, limit: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut column = column;
    for (index, (text, width)) in pieces.iter().enumerate() {
        if index > 0 && column + width > limit {
            lines.push(String::new());
            column = 0;
        }
        lines.last_mut().expect("there is always a line").push_str(text);
        column += width;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(prefix: &str, keyword: &str, value: &str) -> String {
        let lines = lines(prefix, keyword, value, false);
        let mut out = format!("{prefix}{keyword} {}\n", lines[0]);
        for line in &lines[1..] {
            out.push_str(&format!("{prefix}{line}\n"));
        }
        out
    }

    #[test]
    fn a_string_that_fits_stays_on_its_keyword_line_up_to_79_columns() {
        let fits = "a".repeat(71);
        assert_eq!(written("", "msgid", &fits), format!("msgid \"{fits}\"\n"));
        assert_eq!(written("", "msgid", &fits).trim_end().len(), 79);
        let longer = format!("{} {}", "a".repeat(40), "b".repeat(31));
        // Too long for the keyword line, so on a line of its own (as msgcat writes it).
        assert_eq!(written("", "msgid", &longer), format!("msgid \"\"\n\"{longer}\"\n"));
    }

    #[test]
    fn lines_break_after_spaces_and_after_punctuation_before_a_letter() {
        let text = format!("{}go to www.gov.uk/check-long-term-flood-risk now", "x ".repeat(30));
        for line in lines("", "msgstr", &text, false) {
            assert!(line.chars().count() <= PAGE_WIDTH, "{line}");
        }
        assert_eq!(written("", "msgstr", "Help 111.nhs.uk"), "msgstr \"Help 111.nhs.uk\"\n");
        let text = format!("Help {} 111.nhs.uk", "x".repeat(65));
        assert_eq!(written("", "msgid", &text), format!("msgid \"\"\n\"Help {} 111.\"\n\"nhs.uk\"\n", "x".repeat(65)));
    }

    #[test]
    fn a_new_line_ends_a_line_and_escapes_never_break() {
        assert_eq!(written("", "msgid", "a\nb"), "msgid \"\"\n\"a\\n\"\n\"b\"\n");
        assert_eq!(written("", "msgid", "\n"), "msgid \"\\n\"\n");
        assert_eq!(written("#~ ", "msgstr", "quote \"this\""), "#~ msgstr \"quote \\\"this\\\"\"\n");
        assert_eq!(written("", "msgid", ""), "msgid \"\"\n");
    }

    #[test]
    fn a_no_wrap_entry_breaks_only_after_new_lines() {
        let text = format!("{} {}\n{}", "a".repeat(60), "b".repeat(60), "c".repeat(90));
        let expected = vec![
            "\"\"".to_string(),
            format!("\"{} {}\\n\"", "a".repeat(60), "b".repeat(60)),
            format!("\"{}\"", "c".repeat(90)),
        ];
        assert_eq!(lines("", "msgid", &text, true), expected);
    }

    #[test]
    fn a_word_longer_than_a_line_is_left_whole() {
        let word = "J".repeat(100);
        assert_eq!(written("", "msgid", &word), format!("msgid \"{word}\"\n"));
    }
}
