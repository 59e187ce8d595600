//! The glossary: agreed translations of key terms (`translations/glossary.toml`). A finished
//! translation of a text that uses an English term, but none of the term's agreed forms in its
//! language, is reported by `check` as a warning with its PO line, so that one thing keeps one
//! name everywhere ("rest centre", "grab bag", "heatstroke").
//!
//! ```toml
//! [[term]]
//! en = "grab bag"
//! forms.pl = ["torb ewakuacyjn"]
//! forms.ar = ["حقيبة جاهزة للطوارئ"]
//! ```
//!
//! Each language lists one or more forms. A form is one or more fragments separated by spaces;
//! a translation uses the form when it contains every fragment. Fragments can be stems, so that
//! one form covers the cases of languages that inflect ("torb ewakuacyjn" covers "torba
//! ewakuacyjna" and "torbę ewakuacyjną").

use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the glossary is kept, relative to the site folder.
pub fn path() -> PathBuf {
    Path::new(super::FOLDER).join("glossary.toml")
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    #[serde(default, rename = "term")]
    terms: Vec<Term>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Term {
    /// The English term, matched as whole words in any letter case.
    en: String,
    /// Language code → the agreed forms.
    #[serde(default)]
    forms: BTreeMap<String, Vec<String>>,
}

impl Glossary {
    /// The site's glossary; none is an empty glossary.
    pub fn load(site_dir: &Path) -> Result<Glossary, Diagnostic> {
        let path = path();
        match crate::load::text_file::read_if_exists(site_dir, &path)? {
            Some(text) => crate::load::frontmatter::parse_toml(&path, &text, 1),
            None => Ok(Glossary::default()),
        }
    }

    /// The English terms that `english` uses and `translation` does not render with an agreed
    /// form of `lang`, with those forms.
    pub fn missed<'a>(&'a self, lang: &str, english: &str, translation: &str) -> Vec<(&'a str, &'a [String])> {
        // This runs on every finished entry of every PO file: lower-case the texts only once a
        // term of this language is in sight, and each at most once.
        let mut english_lower: Option<String> = None;
        let mut translation_lower: Option<String> = None;
        self.terms
            .iter()
            .filter_map(|term| {
                let forms = term.forms.get(lang)?;
                let english = english_lower.get_or_insert_with(|| english.to_lowercase());
                if !contains_words(english, &term.en.to_lowercase()) {
                    return None;
                }
                let translation = translation_lower.get_or_insert_with(|| translation.to_lowercase());
                let rendered = forms
                    .iter()
                    .any(|form| form.split_whitespace().all(|fragment| translation.contains(&fragment.to_lowercase())));
                (!rendered).then_some((term.en.as_str(), forms.as_slice()))
            })
            .collect()
    }
}

/// Whether `words` comes in `text` with no letter or digit right before or after it.
fn contains_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(toml: &str) -> Glossary {
        toml::from_str(toml).unwrap()
    }

    #[test]
    fn a_translation_without_an_agreed_form_is_found() {
        let g = glossary(
            "[[term]]\nen = \"grab bag\"\nforms.pl = [\"torb ewakuacyjn\"]\nforms.ar = [\"حقيبة جاهزة\", \"حقيبة الطوارئ\"]\n",
        );
        assert!(g.missed("pl", "Pack a grab bag.", "Spakuj torbę ewakuacyjną.").is_empty(), "an inflected form");
        assert_eq!(g.missed("pl", "Pack a Grab Bag.", "Spakuj torbę awaryjną.")[0].0, "grab bag");
        assert!(g.missed("ar", "Pack a grab bag.", "جهّز حقيبة الطوارئ.").is_empty(), "the second form");
        assert!(g.missed("pl", "Grab bags are heavy.", "x").is_empty(), "only whole words");
        assert!(g.missed("pl", "Pack a bag.", "Spakuj torbę.").is_empty(), "the term is not in the English");
        assert!(g.missed("gu", "Pack a grab bag.", "x").is_empty(), "no forms for this language");
    }

    #[test]
    fn a_broken_glossary_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("translations")).unwrap();
        std::fs::write(
            dir.path().join("translations/glossary.toml"),
            "[[term]]\nen = \"a\"\nforms.pl = \"not a list\"\n",
        )
        .unwrap();
        let error = Glossary::load(dir.path()).unwrap_err();
        assert_eq!(error.line, 3, "{error}");
        assert!(Glossary::load(tempfile::tempdir().unwrap().path()).unwrap().terms.is_empty());
    }
}
