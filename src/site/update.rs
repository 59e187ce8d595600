//! The site made again after an edit to some of its documents (`beacon serve`): the pages of the
//! changed documents are built anew, every other page is shared with the site before, and the
//! whole site is analysed again, since a link elsewhere may point at a heading that is gone.
//!
//! This holds only while the edit leaves every page where it was ([`same_pages`]); any other
//! change needs a full [`super::resolve`].

use super::{Page, Site, Titles, analyse, build_page, document_key, plan_pages};
use crate::diagnostics::Diagnostics;
use crate::i18n::Translations;
use crate::i18n::localize::{LocalDoc, localize_everywhere};
use crate::load::content::Content;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// True when `after` has the same pages at the same places as `before`: the same documents in
/// the same order, and every module with the same risks, leaflets, short name, order and
/// publishing dates. Titles, summaries, `updated` dates, audiences and text may differ.
pub fn same_pages(before: &Content, after: &Content) -> bool {
    let modules = before.modules.len() == after.modules.len()
        && before.modules.iter().zip(&after.modules).all(|(a, b)| {
            let (a_meta, b_meta) = (&a.doc.meta, &b.doc.meta);
            a.slug == b.slug
                && a.doc.file == b.doc.file
                && a_meta.risks == b_meta.risks
                && a_meta.order == b_meta.order
                && a_meta.leaflets == b_meta.leaflets
                && a_meta.go.as_ref().map(|go| &go.name) == b_meta.go.as_ref().map(|go| &go.name)
                && a_meta.schedule == b_meta.schedule
        });
    let pages = before.pages.len() == after.pages.len()
        && before
            .pages
            .iter()
            .zip(&after.pages)
            .all(|(a, b)| a.slug == b.slug && a.doc.meta.order == b.doc.meta.order && a.schedule == b.schedule);
    modules
        && pages
        && before.risks.keys().eq(after.risks.keys())
        && before.static_files == after.static_files
        && before.home.file == after.home.file
}

/// `previous` with `content` in place of its content, where the documents named in `changed`
/// (translation keys: "module:x") are the only ones whose text, title or summary differ. Errors
/// are returned like [`super::resolve`]'s; `previous` must have had none.
pub fn with_changed_documents(
    previous: &Site,
    content: Content,
    translations: &Translations,
    changed: &BTreeSet<String>,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut site = Site {
        site_dir: previous.site_dir.clone(),
        config: previous.config.clone(),
        content,
        strings: previous.strings.clone(),
        titles: previous.titles.clone(),
        build_date: previous.build_date,
        font_stylesheets: previous.font_stylesheets.clone(),
        pages: Vec::new(),
        published: previous.published,
    };
    let plans = plan_pages(&site);
    debug_assert!(plans.iter().map(|p| &p.path).eq(previous.pages.iter().map(|p| &p.path)), "same pages");
    let localized: Vec<((String, String), LocalDoc)> = crate::i18n::documents(&site.content)
        .into_par_iter()
        .filter(|doc| changed.contains(&doc.context))
        .flat_map_iter(|doc| localize_everywhere(&doc, &site.config, translations))
        .collect();
    let rebuilt: Vec<(usize, Page)> = localized
        .par_iter()
        .flat_map_iter(|((lang, key), local)| {
            let site = &site;
            let plans = &plans;
            plans
                .iter()
                .enumerate()
                .filter(move |(_, plan)| &plan.lang == lang && document_key(site, &plan.kind).as_ref() == Some(key))
                .map(move |(number, plan)| (number, build_page(site, Some(local), plan)))
        })
        .collect();
    let mut pages = previous.pages.clone();
    let mut edited = BTreeSet::new();
    for (number, page) in rebuilt {
        edited.insert(plans[number].path.as_str());
        pages[number] = Arc::new(page);
    }
    // Pages with no text of their own (indexes) show these titles, but only their HTML changes:
    // their model is made from settings and interface strings alone.
    for ((lang, key), local) in localized {
        let LocalDoc { title, summary, title_lang, summary_lang, .. } = local;
        site.titles.insert((lang, key), Titles { title, summary, title_lang, summary_lang });
    }
    site.pages = pages;
    // The site before had no errors, and only the edited pages changed.
    let problems = analyse::problems_in(&site, &analyse::Scope::Edited(&edited));
    if problems.has_errors() { Err(problems) } else { Ok((site, problems)) }
}
