//! The lines of a text, as `str::lines` gives them, found by `memchr`: the standard library looks
//! for each line break a word at a time, and Beacon splits every PO file and every page's
//! markdown into lines, several times.

/// An iterator over the lines of a text, exactly like [`str::lines`]: lines end at `\n` or
/// `\r\n` (a lone `\r` is kept), and a final line break does not start an empty line.
pub struct Lines<'a> {
    rest: &'a str,
}

pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: text }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(at) => {
                // `\n` is ASCII, so `at` and `at + 1` are character boundaries.
                let line = &self.rest[..at];
                self.rest = &self.rest[at + 1..];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(std::mem::take(&mut self.rest)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_lines_as_the_standard_library() {
        let pieces = ["", "a", "\n", "\r", "\r\n", "ઘર", " ", "\n\n", "b\r"];
        // Every text of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}"))).collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }
}
