//! Runs of text that must read left to right inside right-to-left text.
//!
//! In an Urdu or Arabic sentence the Unicode bidirectional algorithm reorders a phone number
//! such as "0345 988 1188" into "1188 988 0345" (the spaces between digit groups take the
//! paragraph's direction) and "111.nhs.uk" into "nhs.uk.111". Wrapping such runs as isolated
//! left-to-right text keeps them exactly as they must be dialled or typed.

use std::ops::Range;

/// Byte ranges of phone-number-like digit groups (two or more, separated by single spaces or
/// hyphens) and of web and email addresses.
pub fn ltr_runs(text: &str) -> Vec<Range<usize>> {
    // Every run has a digit, "@", "/" or a dot inside a word: most sentences have none.
    if !may_have_runs(text.as_bytes()) {
        return Vec::new();
    }
    let tokens: Vec<Range<usize>> = tokens(text).collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // A word without a digit, "@", "/" or "." is neither (most words of a sentence that has
        // a run): skip it without looking at its letters.
        if !text.as_bytes()[tokens[i].clone()].iter().any(|b| b.is_ascii_digit() || matches!(b, b'@' | b'/' | b'.')) {
            i += 1;
            continue;
        }
        let core = trim_punctuation(text, tokens[i].clone());
        if is_digit_groups(&text[core.clone()]) {
            // Extend over following digit groups separated by exactly one space.
            let mut end = core.end;
            let mut j = i + 1;
            while j < tokens.len() {
                let next = trim_punctuation(text, tokens[j].clone());
                if &text[end..next.start] != " " || !is_digit_groups(&text[next.clone()]) {
                    break;
                }
                end = next.end;
                j += 1;
            }
            if j > i + 1 || text[core.clone()].contains('-') {
                runs.push(core.start..end);
            }
            i = j;
        } else {
            if is_address(&text[core.clone()]) {
                runs.push(core);
            }
            i += 1;
        }
    }
    runs
}

/// Whether `bytes` has a digit, "@", "/" or a dot followed by a letter or digit. Every byte is
/// looked at, with no early exit, so that the compiler can test many bytes per instruction: this
/// runs on every text of every page, and most have none.
fn may_have_runs(bytes: &[u8]) -> bool {
    let starts_run =
        |b: u8, next: u8| b.is_ascii_digit() | (b == b'@') | (b == b'/') | ((b == b'.') & next.is_ascii_alphanumeric());
    let pairs = bytes.iter().zip(bytes.iter().skip(1));
    let found = pairs.fold(false, |any, (&b, &next)| any | starts_run(b, next));
    found || bytes.last().is_some_and(|&last| starts_run(last, b' '))
}

/// The phone numbers among [`ltr_runs`]: digit groups, which in any direction of text must also
/// stay on one line (half a number at the end of a line gets dialled wrong).
pub fn digit_groups(text: &str) -> Vec<Range<usize>> {
    ltr_runs(text).into_iter().filter(|run| text.as_bytes()[run.start].is_ascii_digit()).collect()
}

/// Whitespace-separated tokens.
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    // A space after the end closes the last token.
    let ends_with_space = std::iter::once((text.len(), ' '));
    text.char_indices().chain(ends_with_space).filter_map(move |(at, c)| {
        if c.is_whitespace() {
            start.take().map(|start| start..at)
        } else {
            start.get_or_insert(at);
            None
        }
    })
}

fn trim_punctuation(text: &str, range: Range<usize>) -> Range<usize> {
    let token = &text[range.clone()];
    let is_edge = |c: char| !c.is_alphanumeric();
    let start = range.start + (token.len() - token.trim_start_matches(is_edge).len());
    let end = range.end - (token.len() - token.trim_end_matches(is_edge).len());
    start..end.max(start)
}

/// "0345" or "0800-111-999".
fn is_digit_groups(token: &str) -> bool {
    !token.is_empty() && token.split('-').all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()))
}

fn is_address(token: &str) -> bool {
    token.contains(['.', '@', '/'])
        && token.chars().all(|c| c.is_ascii_alphanumeric() || ".@/_-:~%?=&#+".contains(c))
        && token.chars().any(|c| c.is_ascii_alphabetic())
}

/// HTML-escaped text with each run wrapped in `<span dir="ltr">`, which isolates it.
pub fn isolate_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for run in ltr_runs(text) {
        out.push_str(&crate::text::escape_html(&text[last..run.start]));
        out.push_str("<span dir=\"ltr\">");
        out.push_str(&crate::text::escape_html(&text[run.clone()]));
        out.push_str("</span>");
        last = run.end;
    }
    out.push_str(&crate::text::escape_html(&text[last..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_test_for_runs_reads_as_every_byte_does() {
        let one_by_one = |bytes: &[u8]| {
            bytes.iter().enumerate().any(|(i, b)| {
                b.is_ascii_digit()
                    || matches!(b, b'@' | b'/')
                    || (*b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric))
            })
        };
        let texts = ["", ".", "a.", ".a", "end.", "a. b", "x@y", "a/b", "9", "نص", "ગુ.", "ગુ.x", "www.gov", "…"];
        let words = "word ".repeat(40);
        for text in texts {
            // Alone, after many words, and before them.
            for placed in [text.to_string(), format!("{words}{text}"), format!("{text}{words}")] {
                assert_eq!(may_have_runs(placed.as_bytes()), one_by_one(placed.as_bytes()), "{placed:?}");
            }
        }
    }

    fn runs(text: &str) -> Vec<&str> {
        ltr_runs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_phone_numbers_and_addresses() {
        assert_eq!(runs("فلڈ لائن 0345 988 1188 پر کال کریں"), vec!["0345 988 1188"]);
        assert_eq!(runs("111 پر کال کریں یا 111.nhs.uk پر جائیں۔"), vec!["111.nhs.uk"]);
        assert_eq!(
            runs("(Emergency.management@leics.gov.uk)، 0116 305 6101."),
            vec!["Emergency.management@leics.gov.uk", "0116 305 6101"]
        );
        assert_eq!(runs("gov.uk/sign-up-for-flood-warnings پر"), vec!["gov.uk/sign-up-for-flood-warnings"]);
        assert_eq!(runs("call 999 or 105"), Vec::<&str>::new(), "single numbers need no isolation");
        assert_eq!(runs("0800-111-999"), vec!["0800-111-999"]);
    }

    #[test]
    fn tokens_are_what_whitespace_separates() {
        for text in ["", " ", "a", " a  b\u{3000}c\t", "0345 988 1188", "\u{a0}x \u{2028}y "] {
            let expected: Vec<&str> = text.split(char::is_whitespace).filter(|t| !t.is_empty()).collect();
            let found: Vec<&str> = tokens(text).map(|range| &text[range]).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn digit_groups_are_the_runs_that_are_numbers() {
        let text = "Call 0800 111 999 or see gov.uk/floods, 0345 988 1188. Then 999.";
        let groups: Vec<&str> = digit_groups(text).into_iter().map(|run| &text[run]).collect();
        assert_eq!(groups, ["0800 111 999", "0345 988 1188"]);
    }

    #[test]
    fn isolates_in_html() {
        assert_eq!(isolate_html("کال 0345 988 1188 <b>"), "کال <span dir=\"ltr\">0345 988 1188</span> &lt;b&gt;");
    }
}
