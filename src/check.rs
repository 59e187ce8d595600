//! `beacon check`: everything that stops a build, plus advice that does not — skipped heading
//! levels, hard-to-read pages, modules that list a risk they say nothing about.

use crate::containers::ContainerKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline;
use crate::readability;
use crate::site::{Page, PageKind, Site};
use crate::translate;
use std::path::Path;

/// All problems in the site at `site_dir`, errors first within each file.
pub fn check(site_dir: &Path, date: time::Date) -> Diagnostics {
    match pipeline::load(site_dir, date, None, false) {
        Err(problems) => problems.sorted(),
        Ok(loaded) => {
            let mut all = loaded.warnings;
            all.extend(lint(&loaded.site));
            let site = &loaded.site;
            let template = translate::template(site_dir, &site.config, &site.content, &loaded.theme.strings);
            all.extend(translate::check(site_dir, &site.config, &template));
            all.sorted()
        }
    }
}

/// Advice on the source-language text: each source file once, through its fullest page.
pub fn lint(site: &Site) -> Vec<Diagnostic> {
    let source_lang = site.config.source_language().code();
    let mut found = Vec::new();
    let fullest = site.pages.iter().filter(|p| {
        p.lang == source_lang
            && matches!(
                p.kind,
                PageKind::Home | PageKind::Risk { .. } | PageKind::Plain { .. } | PageKind::Module { risk: None, .. }
            )
    });
    for page in fullest {
        found.extend(heading_levels(page));
        found.extend(reading_age(page, site.config.check.reading_age));
    }
    for module in &site.content.modules {
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
/// level at a time, so screen-reader users can move through the page by its outline.
fn heading_levels(page: &Page) -> Vec<Diagnostic> {
    let (Some(body), Some(file)) = (&page.body, &page.source) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut previous = 1;
    for heading in &body.headings {
        if heading.level == 1 || heading.level > previous + 1 {
            let expected = if heading.level == 1 { "##".to_string() } else { "#".repeat(previous as usize + 1) };
            found.push(
                Diagnostic::warning(
                    file,
                    heading.line,
                    format!("the heading \"{}\" skips a level (h{} after h{previous})", heading.text, heading.level),
                )
                .help(format!("make it a {expected} heading; the page title is the only level-1 heading")),
            );
        }
        previous = heading.level;
    }
    found
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
        .help(match hardest {
            Some(prose) => {
                format!("use shorter sentences and everyday words; the longest sentence is on line {}", prose.line)
            }
            None => "use shorter sentences and everyday words".to_string(),
        }),
    )
}
