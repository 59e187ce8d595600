//! A page's text given to Typst in pieces, each a file of its own named by its contents.
//!
//! Typst reuses the layout of a paragraph only where it comes from the same place in the same
//! file, in the same settings. Given this way, the text that a module's risk editions share is
//! laid out once in each format and language rather than once per edition.

use super::engine::TEMPLATE_PATH;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock, PoisonError, RwLock};
use typst::syntax::{FileId, Source};

/// How many piece files all builds in this process may name. Typst numbers every file it is
/// given in a table for the whole process that holds 65,535, and stops the program when it is
/// full; past this many, pages are given to Typst whole, which is slower and prints the same.
const LIMIT: usize = 40_000;

/// The piece files every build in this process has named (see [`LIMIT`]).
static NAMED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The pieces of a build's pages, by path: each one's text, and its source once Typst has asked
/// for it (a build whose leaflets all come from the cache parses none).
#[derive(Default)]
pub struct Pieces {
    sources: RwLock<HashMap<String, (String, OnceLock<Source>)>>,
}

impl Pieces {
    /// The Typst markup that includes each of `pieces` (pieces of a page's text, each ending at
    /// a blank line) from its file; or None once the process has named too many files.
    pub fn share(&self, pieces: &[&str]) -> Option<String> {
        self.share_within(pieces, LIMIT)
    }

    fn share_within(&self, pieces: &[&str], limit: usize) -> Option<String> {
        let mut sources = self.sources.write().unwrap_or_else(PoisonError::into_inner);
        let mut markup = String::new();
        for piece in pieces {
            // The piece's own scope has the layout's functions (`callout`, `checklist`, ...).
            let text = format!("#import \"{TEMPLATE_PATH}\": *\n{piece}");
            let path = format!("/piece/{}.typ", crate::text::hash::hex_digest(&[text.as_bytes()]));
            if !sources.contains_key(&path) {
                let mut named = NAMED.lock().unwrap_or_else(PoisonError::into_inner);
                if !named.contains(&path) && named.len() >= limit {
                    return None;
                }
                named.insert(path.clone());
                sources.insert(path.clone(), (text, OnceLock::new()));
            }
            markup.push_str(&format!("#include \"{path}\"\n\n"));
        }
        Some(markup)
    }

    /// The piece with file id `id`, if it is one of this build's.
    pub fn source(&self, id: FileId) -> Option<Source> {
        let sources = self.sources.read().unwrap_or_else(PoisonError::into_inner);
        let (text, source) = sources.get(id.vpath().get_with_slash())?;
        Some(source.get_or_init(|| Source::new(id, text.clone())).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::testing::{engine, page_text, render_with};
    use super::*;

    #[test]
    fn pieces_of_text_are_shared_by_file_and_read_as_the_text() {
        let engine = engine();
        let pieces = ["A first paragraph of #lorem(150)\n\n", "= A heading\n\n", "A last #strong[paragraph].\n\n"];
        let all = engine.pieces.share(&pieces).unwrap();
        let last = engine.pieces.share(&pieces[2..]).unwrap();
        assert_eq!(all.matches("#include \"/piece/").count(), 3, "{all}");
        assert!(all.ends_with(&last), "the same piece is the same file: {all} / {last}");
        let from_files = render_with(&engine, "", &all).unwrap();
        let from_text = render_with(&engine, "", &pieces.concat()).unwrap();
        assert_eq!(from_files.pages, from_text.pages);
        for page in 1..=from_text.pages {
            assert_eq!(page_text(&from_files.pdf, page), page_text(&from_text.pdf, page), "page {page}");
        }
    }

    #[test]
    fn past_the_limit_of_files_pieces_stay_in_the_main_source() {
        let engine = engine();
        let piece = ["A piece that no other test names.\n\n"];
        let named = NAMED.lock().unwrap().len();
        assert_eq!(engine.pieces.share_within(&piece, named), None);
        assert!(engine.pieces.share_within(&piece, named + 1).is_some());
    }
}
