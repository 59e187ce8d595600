//! The analysis `check` and `build` share: every problem in the resolved site, with its file
//! and line. Errors stop a build; warnings are advice that `check --strict` enforces.
//!
//! Problems found while building each page's document (links, images, alt text) are gathered
//! here, links between pages are checked once every page is known, and the source-language text
//! gets advice: skipped heading levels, reading age, risks listed without advice.

use super::{Page, PageKind, Publication, Site, as_translation_warning};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::containers::ContainerKind;
use crate::site::document::InternalLink;
use crate::text::readability;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// The most text a module printed as a leaflet may have: about 16 pages of A4. Longer text is
/// not a leaflet anyone hands out, and laying it out would take minutes and gigabytes.
const MAX_PRINTED_CHARS: usize = 50_000;

/// Every problem in the site, sorted by file and line.
pub fn problems(site: &Site) -> Diagnostics {
    problems_in(site, &Scope::Everything)
}

/// The pages an analysis looks at.
pub enum Scope<'a> {
    Everything,
    /// After an edit that made only these pages (by output path) again, in a site that was free
    /// of errors before it: their own problems, and links from any page to them. Every error
    /// the whole analysis would find is found (nothing else changed); warnings only for them.
    Edited(&'a BTreeSet<&'a str>),
}

impl Scope<'_> {
    fn covers(&self, page: &Page) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Edited(paths) => paths.contains(page.path.as_str()),
        }
    }
}

/// The problems of the pages in `scope`, sorted by file and line.
pub fn problems_in(site: &Site, scope: &Scope<'_>) -> Diagnostics {
    let source_lang = site.config.source_language().code().to_string();
    let mut problems = Diagnostics::default();
    // Each source file is built once per variant and language; report each problem once.
    let mut seen = BTreeSet::new();
    for page in site.pages.iter().filter(|page| scope.covers(page)) {
        if let Some(body) = &page.body {
            let from_translation = page.lang != source_lang && page.content_lang != source_lang;
            for d in &body.problems {
                let d = if from_translation { as_translation_warning(d.clone(), &page.lang) } else { d.clone() };
                if seen.insert((d.file.clone(), d.line, d.message.clone())) {
                    problems.push(d);
                }
            }
        }
    }
    problems.extend(check_links(site, scope));
    problems.extend(advice(site, scope));
    // Short addresses come from names an edit of the text does not change.
    if let Scope::Everything = scope {
        problems.extend(super::short_addresses::problems(site));
    }
    problems.sorted()
}

/// The anchors of a page's headings.
fn anchors(page: &Page) -> Vec<&str> {
    page.body.iter().flat_map(|b| b.headings.iter().map(|h| h.id.as_str())).collect()
}

/// Every internal link must reach a page, and every `#fragment` an anchor on it.
fn check_links(site: &Site, scope: &Scope<'_>) -> Vec<Diagnostic> {
    let by_path: HashMap<&str, &Page> = site.pages.iter().map(|p| (p.path.as_str(), &**p)).collect();
    let source_lang = site.config.source_language().code();
    let mut problems = Vec::new();
    // Each source file is rendered once per variant and language; report each broken link once.
    let mut seen = BTreeSet::new();
    for page in &site.pages {
        let (Some(body), Some(file)) = (&page.body, &page.source) else {
            continue;
        };
        let page_in_scope = scope.covers(page);
        for link in &body.links {
            let target = by_path.get(link.target.as_str());
            if !page_in_scope && !target.is_some_and(|target| scope.covers(target)) {
                continue;
            }
            let translated = page.lang != source_lang && page.content_lang != source_lang;
            let problem = link_problem(page, file, link, target.copied(), translated);
            let problem = problem.map(|p| if translated { as_translation_warning(p, &page.lang) } else { p });
            if let Some(problem) = problem
                && seen.insert((problem.file.clone(), problem.line, problem.message.clone()))
            {
                problems.push(problem);
            }
        }
    }
    problems
}

/// What is wrong with one link of `page` (from `file`) to `target`, if anything. A link to a
/// withdrawn page is reported in the source text only: translations keep its links.
fn link_problem(
    page: &Page,
    file: &Path,
    link: &InternalLink,
    target: Option<&Page>,
    translated: bool,
) -> Option<Diagnostic> {
    let Some(target) = target else {
        return Some(
            Diagnostic::error(
                file,
                link.line,
                format!("the link \"{}\" goes to a page that does not exist", link.written),
            )
            .help("check the address: pages are /modules/SLUG/, /modules/SLUG/RISK/, /risks/RISK/ and /PAGE/"),
        );
    };
    if let Some(day) = published_later(page, target) {
        let message = format!("the link \"{}\" goes to a page that is not published until {day}", link.written);
        return Some(Diagnostic::error(file, link.line, message).help(format!(
            "the link would lead nowhere until then: remove it, or publish this page on {day} too \
             (`publish = {day}` in its front matter)"
        )));
    }
    if let Some(day) = expired_since(page, target).filter(|_| !translated) {
        let message =
            format!("the link \"{}\" goes to a page that is no longer current (it expired on {day})", link.written);
        return Some(Diagnostic::warning(file, link.line, message).help("link to current advice instead"));
    }
    let fragment = link.fragment.as_deref().filter(|fragment| !fragment.is_empty())?;
    if anchors(target).contains(&fragment) {
        return None;
    }
    let mut ids = anchors(target);
    ids.sort_unstable();
    ids.dedup();
    let ids: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
    Some(
        Diagnostic::error(
            file,
            link.line,
            format!("the link \"{}\" goes to a heading that does not exist", link.written),
        )
        .help(format!("headings on that page are: {}", ids.join(", "))),
    )
}

/// The day `target` is published, when that is later than `page` is: on the days between, a
/// link from one to the other would lead nowhere.
fn published_later(page: &Page, target: &Page) -> Option<time::Date> {
    let Publication::Upcoming(day) = target.publication else { return None };
    match page.publication {
        Publication::Upcoming(from) if from >= day => None,
        _ => Some(day),
    }
}

/// The day `target` expired, when `page` is still current and sends readers to it.
fn expired_since(page: &Page, target: &Page) -> Option<time::Date> {
    match (page.publication, target.publication) {
        (Publication::Current, Publication::Expired(day)) => Some(day),
        _ => None,
    }
}

/// Advice on the source-language text: each source file once, through its fullest page.
fn advice(site: &Site, scope: &Scope<'_>) -> Vec<Diagnostic> {
    let source_lang = site.config.source_language().code();
    let mut found = Vec::new();
    let fullest = site.pages.iter().filter(|p| {
        p.lang == source_lang
            && scope.covers(p)
            && matches!(
                p.kind,
                PageKind::Home
                    | PageKind::Risk { .. }
                    | PageKind::Plain { .. }
                    | PageKind::Module { risk: None, .. }
                    | PageKind::Campaign { .. }
            )
    });
    // Reading age reads every word of every source text: in parallel, in the pages' order.
    let fullest: Vec<&Arc<Page>> = fullest.collect();
    found.par_extend(fullest.par_iter().flat_map_iter(|page| reading_age(page, site.config.check.reading_age)));
    // Printed pages must keep heading levels consecutive: a tagged PDF (PDF/UA) cannot be made
    // otherwise, so there it is an error. Each variant has its own outline; report a line once.
    let mut seen = BTreeSet::new();
    let outlined = site.pages.iter().filter(|p| p.lang == source_lang && p.body.is_some() && scope.covers(p));
    for page in outlined {
        let printed = match page.kind {
            PageKind::Module { module, .. } => !site.leaflet_formats(module).is_empty(),
            _ => false,
        };
        for problem in heading_levels(page, printed) {
            if seen.insert((problem.file.clone(), problem.line)) {
                found.push(problem);
            }
        }
    }
    let edited_modules: BTreeSet<usize> = site
        .pages
        .iter()
        .filter(|p| scope.covers(p))
        .filter_map(|p| match p.kind {
            PageKind::Module { module, .. } => Some(module),
            _ => None,
        })
        .collect();
    for (index, module) in site.content.modules.iter().enumerate().filter(|(i, _)| edited_modules.contains(i)) {
        let length = module.doc.body.text.chars().count();
        if length > MAX_PRINTED_CHARS && !site.leaflet_formats(index).is_empty() {
            found.push(
                Diagnostic::error(&module.doc.file, module.doc.body.first_line, format!("this module is too long to print as a leaflet ({length} characters; a leaflet holds at most {MAX_PRINTED_CHARS})"))
                    .help("split it into shorter modules, or add `leaflets = []` to its front matter to publish it on the web only"),
            );
        }
        for risk in &module.doc.meta.risks {
            let has_block = module
                .doc
                .body
                .containers
                .iter()
                .any(|c| matches!(&c.kind, ContainerKind::Risk(r) if r.contains(risk)));
            if !has_block {
                found.push(
                    Diagnostic::warning(&module.doc.file, 0, format!("the module lists \"{risk}\" but has no `::: risk {risk}` block"))
                        .help("add advice for that risk in a risk block, or remove it from `risks`: its page would repeat the general text"),
                );
            }
        }
    }
    found
}

/// The page title is the only level-1 heading; body headings start at level 2 and go down one
/// level at a time, so screen-reader users can move through the page by its outline. `printed`
/// pages (those with leaflets) must follow this rule.
fn heading_levels(page: &Page, printed: bool) -> Vec<Diagnostic> {
    let (Some(body), Some(file)) = (&page.body, &page.source) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut previous = 1;
    for heading in &body.headings {
        if heading.level == 1 || heading.level > previous + 1 {
            let expected = if heading.level == 1 { "##".to_string() } else { "#".repeat(previous as usize + 1) };
            let message =
                format!("the heading \"{}\" skips a level (h{} after h{previous})", heading.text, heading.level);
            let problem = if printed {
                Diagnostic::error(file, heading.line, message)
            } else {
                Diagnostic::warning(file, heading.line, message)
            };
            let why = if printed { "; leaflets (tagged PDF) need every level in turn" } else { "" };
            found.push(
                problem.help(format!("make it a {expected} heading; the page title is the only level-1 heading{why}")),
            );
        }
        previous = heading.level;
    }
    found
}

/// Tells a writer where to start: the longest sentence and the long words used most.
fn reading_age_help(result: &readability::Readability, longest_sentence_line: Option<usize>) -> String {
    let mut help = "use shorter sentences and everyday words".to_string();
    if let Some(line) = longest_sentence_line {
        help.push_str(&format!("; the longest sentence is on line {line}"));
    }
    if !result.long_words.is_empty() {
        let words: Vec<String> = result
            .long_words
            .iter()
            .map(|(word, uses)| if *uses > 1 { format!("\"{word}\" ({uses} times)") } else { format!("\"{word}\"") })
            .collect();
        help.push_str(&format!("; the long words that add most are {}", words.join(", ")));
    }
    help
}

/// Below this many words a reading-age formula says more about chance than about the text.
const MIN_WORDS_FOR_READING_AGE: usize = 100;

fn reading_age(page: &Page, target: u32) -> Option<Diagnostic> {
    let (body, file) = (page.body.as_ref()?, page.source.as_ref()?);
    let result = readability::assess(body.prose.iter().map(|p| p.text.as_str()))?;
    if result.words < MIN_WORDS_FOR_READING_AGE || result.reading_age <= f64::from(target) + 0.5 {
        return None;
    }
    let age =
        if result.reading_age > 18.0 { "over 18".to_string() } else { format!("about {:.0}", result.reading_age) };
    let hardest = result.hardest_block.map(|i| &body.prose[i]);
    Some(
        Diagnostic::warning(
            file,
            0,
            format!("reading age is {age} (target {target}), over {} sentences", result.sentences),
        )
        .help(reading_age_help(&result, hardest.map(|prose| prose.line))),
    )
}
