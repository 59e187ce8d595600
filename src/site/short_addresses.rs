//! The rules for short addresses ("/en/go/flood-home"), which leaflets print for people to type
//! from paper: each must be short enough to type without a mistake, and lead to one page only.

use super::Site;
use crate::diagnostics::Diagnostic;
use crate::load::paths::{self, MAX_SHORT_PATH};
use crate::text::slug::last_words;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// Every module page's short address, checked in the language with the longest code (the
/// address is longest there) and against every other module page. For a site at the root of
/// its domain, as most are, the length counted is everything typed after the domain.
pub(super) fn problems(site: &Site) -> Vec<Diagnostic> {
    let source_lang = site.config.source_language().code();
    let longest_lang = site.config.languages.iter().map(|l| l.code()).max_by_key(|code| code.len()).unwrap_or("en");
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (index, module) in site.content.modules.iter().enumerate() {
        let file = &module.doc.file;
        let line = module.doc.meta.go.as_ref().map_or(1, |go| go.line);
        let mut too_long: Vec<String> = Vec::new();
        let variants = std::iter::once(None).chain(module.doc.meta.risks.iter().map(|r| Some(r.as_str())));
        for risk in variants {
            let name = site.short_name(index, risk);
            // Counted after the site's address, so that a site served from a folder, or built
            // for a staging server with --base-url, keeps the same names.
            let typed = paths::localized(longest_lang, &paths::short(&name));
            let typed = typed.trim_end_matches('/');
            if typed.len() > MAX_SHORT_PATH {
                too_long.push(typed.to_string());
            }
            let page = match risk {
                Some(risk) => format!("{}, its page for \"{risk}\"", file.display()),
                None => file.display().to_string(),
            };
            match claimed.entry(name) {
                Entry::Vacant(entry) => {
                    entry.insert(page);
                }
                Entry::Occupied(entry) => problems.push(
                    Diagnostic::error(
                        file,
                        line,
                        format!(
                            "the short address \"{}\" of {page} is already taken by {}",
                            paths::localized(source_lang, &paths::short(entry.key())).trim_end_matches('/'),
                            entry.get()
                        ),
                    )
                        .help("give one of the two modules another name for short addresses with go = \"...\" in its front matter"),
                ),
            }
        }
        if let Some(longest) = too_long.iter().max_by_key(|t| t.len()) {
            let module_name = site.short_name(index, None);
            let room = (MAX_SHORT_PATH + module_name.len()).saturating_sub(longest.len());
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    format!(
                        "the short address \"{longest}\" is {} characters; leaflets print it for people to type, so it may have at most {MAX_SHORT_PATH} after the site's address",
                        longest.len()
                    ),
                )
                .help(shorter_name_help(&module.slug, room)),
            );
        }
    }
    problems
}

/// How to make a module's short addresses fit, when its name may have at most `room` characters.
fn shorter_name_help(slug: &str, room: usize) -> String {
    match last_words(slug, room) {
        Some(name) => format!(
            "add a shorter name for the module's short addresses to its front matter, such as go = \"{name}\", or give its risks shorter ones with go = \"...\" under [[risks]] in site.toml"
        ),
        None => "give the module's risks shorter names for short addresses with go = \"...\" under [[risks]] in site.toml, and the module one with go = \"...\" in its front matter".to_string(),
    }
}
