//! `resolve`: from configuration and content to the immutable `Site` — every page of every
//! language with its address, title and rendered text. Later stages only borrow it.

use crate::config::{Language, SiteConfig};
use crate::containers::Variant;
use crate::content::{Content, Module};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, RenderSettings, Rendered};
use crate::theme::Strings;
use crate::urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// The root page, where a reader picks a language.
    LanguageChooser,
    NotFound,
    Home,
    ModuleIndex,
    /// `module` indexes `Content::modules`; `risk` is None for the general page.
    Module {
        module: usize,
        risk: Option<String>,
    },
    RiskIndex,
    Risk {
        id: String,
    },
    /// Indexes `Content::pages`.
    Plain {
        page: usize,
    },
    /// Every leaflet in one language.
    LeafletIndex,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub lang: String,
    /// Path without the language, e.g. "/modules/prepare-your-home/flood/".
    pub site_path: String,
    /// Output path, e.g. "/en/modules/prepare-your-home/flood/", "/" or "/404.html".
    pub path: String,
    pub title: String,
    pub summary: String,
    /// The markdown file the text comes from, relative to the site folder.
    pub source: Option<PathBuf>,
    pub body: Option<Rendered>,
    pub updated: Option<time::Date>,
}

impl Page {
    /// The directory links on this page are relative to.
    pub fn link_base(&self) -> &str {
        if self.path.ends_with('/') { &self.path } else { "/" }
    }
}

pub struct Site {
    /// The folder the site was read from.
    pub site_dir: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub strings: Strings,
    pub build_date: time::Date,
    /// False when building without leaflets (`--no-leaflets`).
    pub leaflets: bool,
    pub pages: Vec<Page>,
}

impl Site {
    pub fn page_at(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    pub fn language(&self, code: &str) -> &Language {
        self.config.languages.iter().find(|l| l.code() == code).unwrap_or(self.config.source_language())
    }

    /// Display name of one or more risks, e.g. "Flooding and Storms".
    pub fn risk_label(&self, lang: &str, ids: &[String]) -> String {
        let names: Vec<&str> =
            ids.iter().map(|id| self.config.risk(id).map_or(id.as_str(), |r| r.name.as_str())).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.strings.get(lang, "and")),
        }
    }
}

/// Builds every page and checks the links between them. Errors stop the build; warnings are
/// returned beside the site.
pub fn resolve(
    site_dir: &Path,
    config: SiteConfig,
    content: Content,
    strings: Strings,
    build_date: time::Date,
    leaflets: bool,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut site =
        Site { site_dir: site_dir.to_path_buf(), config, content, strings, build_date, leaflets, pages: Vec::new() };
    let plans = plan_pages(&site);
    let pages: Vec<Page> = plans.into_par_iter().map(|plan| render_page(&site, site_dir, plan)).collect();
    site.pages = pages;
    let mut problems = Diagnostics::default();
    for page in &site.pages {
        if let Some(body) = &page.body {
            problems.extend(body.problems.iter().cloned());
        }
    }
    problems.extend(check_links(&site));
    let problems = problems.sorted();
    if problems.has_errors() { Err(problems) } else { Ok((site, problems)) }
}

/// A page before its markdown is rendered.
struct PagePlan {
    kind: PageKind,
    lang: String,
    site_path: String,
    path: String,
}

fn plan_pages(site: &Site) -> Vec<PagePlan> {
    let source_lang = site.config.source_language().code().to_string();
    let mut plans = vec![
        PagePlan {
            kind: PageKind::LanguageChooser,
            lang: source_lang.clone(),
            site_path: "/".into(),
            path: "/".into(),
        },
        PagePlan {
            kind: PageKind::NotFound,
            lang: source_lang,
            site_path: "/404.html".into(),
            path: "/404.html".into(),
        },
    ];
    for language in &site.config.languages {
        let lang = language.code();
        let mut add = |kind: PageKind, site_path: String| {
            plans.push(PagePlan { kind, lang: lang.to_string(), path: urls::localized(lang, &site_path), site_path });
        };
        add(PageKind::Home, "/".into());
        add(PageKind::ModuleIndex, "/modules/".into());
        for (index, module) in site.content.modules.iter().enumerate() {
            add(PageKind::Module { module: index, risk: None }, format!("/modules/{}/", module.slug));
            for risk in &module.doc.meta.risks {
                add(
                    PageKind::Module { module: index, risk: Some(risk.clone()) },
                    format!("/modules/{}/{risk}/", module.slug),
                );
            }
        }
        add(PageKind::RiskIndex, "/risks/".into());
        for risk in &site.config.risks {
            add(PageKind::Risk { id: risk.id().to_string() }, format!("/risks/{}/", risk.id()));
        }
        for (index, page) in site.content.pages.iter().enumerate() {
            add(PageKind::Plain { page: index }, format!("/{}/", page.slug));
        }
        if (0..site.content.modules.len()).any(|m| !crate::leaflet::formats_for(site, m).is_empty()) {
            add(PageKind::LeafletIndex, "/leaflets/".into());
        }
    }
    plans
}

fn render_page(site: &Site, site_dir: &Path, plan: PagePlan) -> Page {
    let strings = &site.strings;
    let lang = plan.lang.as_str();
    let render_doc = |file: &Path, body: &crate::containers::Body, variant: Variant<'_>| {
        let label = |ids: &[String]| site.risk_label(lang, ids);
        let settings = RenderSettings {
            lang,
            page_path: &plan.path,
            source_file: file,
            site_dir,
            static_files: &site.content.static_files,
            risk_headings: variant == Variant::General,
            risk_label: &label,
            important_label: strings.get(lang, "important"),
        };
        markdown::render(&body.variant(variant), &settings)
    };
    let from_doc = |file: &Path, body: &crate::containers::Body, title: &str, summary: &str| {
        (
            title.to_string(),
            summary.to_string(),
            Some(file.to_path_buf()),
            Some(render_doc(file, body, Variant::General)),
        )
    };
    let (title, summary, source, body) = match &plan.kind {
        PageKind::LanguageChooser | PageKind::Home => {
            let home = &site.content.home;
            let mut parts = from_doc(&home.file, &home.body, &home.meta.title, &home.meta.summary);
            if plan.kind == PageKind::LanguageChooser {
                parts.0 = site.config.title.clone();
                parts.3 = None;
            }
            parts
        }
        PageKind::NotFound => (strings.get(lang, "not_found_title").to_string(), String::new(), None, None),
        PageKind::ModuleIndex => (
            strings.get(lang, "modules_title").to_string(),
            strings.get(lang, "modules_summary").to_string(),
            None,
            None,
        ),
        PageKind::LeafletIndex => (
            strings.get(lang, "leaflets_title").to_string(),
            strings.get(lang, "leaflets_summary").to_string(),
            None,
            None,
        ),
        PageKind::RiskIndex => {
            (strings.get(lang, "risks_title").to_string(), strings.get(lang, "risks_summary").to_string(), None, None)
        }
        PageKind::Module { module, risk } => {
            let Module { doc, .. } = &site.content.modules[*module];
            let variant = risk.as_deref().map_or(Variant::General, Variant::Risk);
            let body = render_doc(&doc.file, &doc.body, variant);
            (doc.meta.title.clone(), doc.meta.summary.clone(), Some(doc.file.clone()), Some(body))
        }
        PageKind::Risk { id } => {
            let doc = &site.content.risks[id];
            from_doc(&doc.file, &doc.body, &doc.meta.title, &doc.meta.summary)
        }
        PageKind::Plain { page } => {
            let doc = &site.content.pages[*page].doc;
            from_doc(&doc.file, &doc.body, &doc.meta.title, &doc.meta.summary)
        }
    };
    let updated = match &plan.kind {
        PageKind::Module { module, .. } => site.content.modules[*module].doc.meta.updated,
        _ => None,
    };
    Page {
        kind: plan.kind,
        lang: plan.lang,
        site_path: plan.site_path,
        path: plan.path,
        title,
        summary,
        source,
        body,
        updated,
    }
}

/// Every internal link must reach a page, and every `#fragment` an anchor on it.
fn check_links(site: &Site) -> Vec<Diagnostic> {
    let anchors: BTreeMap<&str, BTreeSet<&str>> = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.body.iter().flat_map(|b| b.headings.iter().map(|h| h.id.as_str())).collect()))
        .collect();
    let mut problems = Vec::new();
    // Each source file is rendered once per variant and language; report each broken link once.
    let mut seen = BTreeSet::new();
    for page in &site.pages {
        let (Some(body), Some(file)) = (&page.body, &page.source) else {
            continue;
        };
        for link in &body.links {
            let problem = match (anchors.get(link.target.as_str()), &link.fragment) {
                (None, _) => Some(
                    Diagnostic::error(
                        file,
                        link.line,
                        format!("the link \"{}\" goes to a page that does not exist", link.written),
                    )
                    .help("check the address: pages are /modules/SLUG/, /modules/SLUG/RISK/, /risks/RISK/ and /PAGE/"),
                ),
                (Some(ids), Some(fragment)) if !fragment.is_empty() && !ids.contains(fragment.as_str()) => Some(
                    Diagnostic::error(
                        file,
                        link.line,
                        format!("the link \"{}\" goes to a heading that does not exist", link.written),
                    )
                    .help(format!(
                        "headings on that page are: {}",
                        ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ")
                    )),
                ),
                _ => None,
            };
            if let Some(problem) = problem
                && seen.insert((problem.file.clone(), problem.line, problem.message.clone()))
            {
                problems.push(problem);
            }
        }
    }
    problems
}
