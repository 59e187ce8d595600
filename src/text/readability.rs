//! Reading-age estimate for English text, to hold pages to GOV.UK's target of reading age 9.
//!
//! Uses the Flesch–Kincaid grade level (sentence length and syllables per word) plus 5 to turn a
//! US school grade into an age. It is a rough guide: it cannot tell a familiar long word
//! ("emergency") from an obscure short one, so it only ever produces warnings.

// Long words are counted in a map with a fast hash: its order is never seen (they are sorted).
use foldhash::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub reading_age: f64,
    /// The block with the longest sentence, by index into the input.
    pub hardest_block: Option<usize>,
    /// The long words (three syllables or more) that add the most syllables, most first, so
    /// a writer knows which words to replace: `(word, times used)`.
    pub long_words: Vec<(String, usize)>,
}

/// Words of this many syllables or more are the ones a plain-English rewrite replaces.
const LONG_WORD_SYLLABLES: usize = 3;

/// How many long words a result names.
const LONG_WORDS_NAMED: usize = 5;

/// Estimates the reading age of prose blocks (paragraphs and list items, each ending a sentence).
pub fn assess<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Option<Readability> {
    let (mut words, mut sentences, mut syllables) = (0usize, 0usize, 0usize);
    let mut hardest: Option<(usize, usize)> = None;
    // Keyed by lower case, so "Emergency" and "emergency" count together; the first spelling
    // seen is the one named, so "Leicestershire" keeps its capital.
    let mut long_words: HashMap<String, (&str, usize, usize)> = HashMap::default();
    // One list of words, emptied for each sentence: every word of every source page passes here.
    let mut sentence_words: Vec<&str> = Vec::new();
    for (index, block) in blocks.into_iter().enumerate() {
        for sentence in split_sentences(block) {
            sentence_words.clear();
            sentence_words.extend(sentence.split_whitespace().filter_map(word_core));
            if sentence_words.is_empty() {
                continue;
            }
            sentences += 1;
            words += sentence_words.len();
            for word in &sentence_words {
                let count = count_syllables(word);
                syllables += count;
                if count >= LONG_WORD_SYLLABLES {
                    let entry = long_words.entry(word.to_lowercase()).or_insert((word, count, 0));
                    entry.2 += 1;
                }
            }
            if hardest.is_none_or(|(_, longest)| sentence_words.len() > longest) {
                hardest = Some((index, sentence_words.len()));
            }
        }
    }
    if words == 0 {
        return None;
    }
    let grade = 0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59;
    let mut long_words: Vec<(String, (&str, usize, usize))> = long_words.into_iter().collect();
    // Most syllables added first; ties alphabetically, so the advice is the same on every run.
    long_words.sort_by(|a, b| (b.1.1 * b.1.2).cmp(&(a.1.1 * a.1.2)).then_with(|| a.0.cmp(&b.0)));
    Some(Readability {
        words,
        sentences,
        reading_age: (grade + 5.0).max(5.0),
        hardest_block: hardest.map(|h| h.0),
        long_words: long_words
            .into_iter()
            .take(LONG_WORDS_NAMED)
            .map(|(_, (spelling, _, uses))| (spelling.to_string(), uses))
            .collect(),
    })
}

fn split_sentences(block: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let bytes = block.as_bytes();
    let mut ends = Vec::new();
    // The marks that end a sentence are ASCII, and no byte of another character is ASCII: the
    // bytes are read without decoding characters.
    for (i, b) in bytes.iter().enumerate() {
        let next_is_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if matches!(b, b'.' | b'!' | b'?' | b';' | b':') && next_is_space {
            ends.push(i + 1);
        }
    }
    ends.push(block.len());
    ends.into_iter().map(move |end| {
        let sentence = &block[start.min(end)..end];
        start = end;
        sentence
    })
}

/// The letters of a word, or None for numbers, symbols and addresses. Numbers and symbols are
/// read easily; an email or web address is copied or typed, not read syllable by syllable, and
/// counting "emergency.management@leics.gov.uk" as one eleven-syllable word would call every
/// page that gives a contact hard to read.
fn word_core(token: &str) -> Option<&str> {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    let is_address = core.contains('@') || core.contains('/') || core.contains('.');
    (!is_address && core.chars().any(char::is_alphabetic)).then_some(core)
}

/// Syllables in an English word, by counting vowel groups with the usual corrections.
pub fn count_syllables(word: &str) -> usize {
    // Nearly every English word is ASCII, whose lower case needs no Unicode table.
    if word.is_ascii() {
        syllables_in_lower_case(word.bytes().map(|b| char::from(b.to_ascii_lowercase())))
    } else {
        syllables_in_lower_case(word.chars().flat_map(char::to_lowercase))
    }
}

/// [`count_syllables`] of a word given as its lower-case characters.
fn syllables_in_lower_case(word: impl Iterator<Item = char>) -> usize {
    // One pass over the lower-cased word, keeping only what the corrections look at (the last
    // three letters and the last two characters): this runs on every word of every page.
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let (mut count, mut letters, mut previous_vowel) = (0, 0, false);
    let mut last_letters = [' '; 3];
    let mut last_characters = [' '; 2];
    for c in word {
        last_characters = [last_characters[1], c];
        if !c.is_alphabetic() {
            continue;
        }
        letters += 1;
        last_letters = [last_letters[1], last_letters[2], c];
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    if letters <= 3 {
        return 1;
    }
    let [third_last, second_last, last] = last_letters;
    // A final silent "e" ("home"), but not "-le" after a consonant ("bottle").
    let consonant_le = second_last == 'l' && !is_vowel(third_last);
    if last == 'e' && !consonant_le && count > 1 {
        count -= 1;
    }
    // "-ed" is usually silent ("stayed"), except after t or d ("needed").
    if last_characters == ['e', 'd'] && !matches!(third_last, 't' | 'd') && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vowel-group counting misses some words ("radio" counts 2); close enough for a warning.
    #[test]
    fn syllables() {
        for (word, n) in [
            ("home", 1),
            ("water", 2),
            ("bottle", 2),
            ("emergency", 4),
            ("stayed", 1),
            ("needed", 2),
            ("flood", 1),
            ("torches", 2),
            ("Stayed", 1),
            ("NEEDED", 2),
            ("bottle,", 2),
            ("stayed.", 1),
            ("it's", 1),
        ] {
            assert_eq!(count_syllables(word), n, "{word}");
        }
    }

    /// The ASCII path counts every word of the default site as the Unicode path does.
    #[test]
    fn ascii_words_count_as_unicode_words_do() {
        let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        let mut words = 0;
        for entry in walkdir::WalkDir::new(content).into_iter().filter_map(Result::ok) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            for word in text.split_whitespace().filter(|w| w.is_ascii()) {
                words += 1;
                let unicode = syllables_in_lower_case(word.chars().flat_map(char::to_lowercase));
                assert_eq!(count_syllables(word), unicode, "{word}");
            }
        }
        assert!(words > 10_000, "only {words} words");
    }

    #[test]
    fn plain_text_scores_lower_than_dense_text() {
        let plain = assess(["Keep a torch at home. Check it works.", "Buy spare batteries."]).unwrap();
        let dense = assess(["Organisations should consider establishing comprehensive arrangements facilitating interoperability between responding agencies during prolonged infrastructure disruption."]).unwrap();
        assert!(plain.reading_age < 9.0, "{plain:?}");
        assert!(dense.reading_age > 16.0, "{dense:?}");
        assert_eq!(plain.sentences, 3);
        assert_eq!(plain.words, 11);
    }

    #[test]
    fn numbers_are_not_words_and_empty_text_has_no_score() {
        assert_eq!(assess(["Call 0345 988 1188."]).unwrap().words, 1);
        assert_eq!(assess(["123"]), None);
    }

    #[test]
    fn addresses_are_not_words() {
        let r = assess(["Email emergency.management@leics.gov.uk or see www.llrprepared.org.uk today."]).unwrap();
        assert_eq!(r.words, 4, "{r:?}");
        assert!(r.long_words.is_empty(), "{r:?}");
        // A full stop that ends a sentence is not an address.
        assert_eq!(assess(["Stay in. Tune in."]).unwrap().words, 4);
    }

    #[test]
    fn names_the_long_words_that_add_most() {
        let r = assess([
            "Accessibility matters. Our accessibility statement covers accessibility.",
            "An emergency is rare. Organisations help.",
        ])
        .unwrap();
        let named: Vec<(&str, usize)> = r.long_words.iter().map(|(w, n)| (w.as_str(), *n)).collect();
        assert_eq!(named[0], ("Accessibility", 3), "{named:?}");
        assert!(named.contains(&("emergency", 1)) && named.contains(&("Organisations", 1)), "{named:?}");
        assert!(!named.iter().any(|(w, _)| *w == "rare" || *w == "help"), "{named:?}");
    }

    #[test]
    fn finds_the_block_with_the_longest_sentence() {
        let r = assess(["Short one.", "This sentence is quite a lot longer than the first.", "Tiny."]).unwrap();
        assert_eq!(r.hardest_block, Some(1));
    }
}
