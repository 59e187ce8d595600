//! `resolve`: from configuration and content to the immutable `Site` — every page of every
//! language with its address, title and rendered text. Later stages only borrow it.

use crate::config::{Language, SiteConfig};
use crate::containers::Variant;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::localize::{LocalDoc, TranslationState, localize};
use crate::markdown::{self, RenderSettings, Rendered};
use crate::theme::Strings;
use crate::translate::{Translations, documents};
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
    /// Language of the title, and of most of the text (the source language when the page falls
    /// back to it).
    pub title_lang: String,
    pub summary_lang: String,
    pub content_lang: String,
    pub translation: TranslationState,
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
    /// Every document in every language: (language, document context) → its text.
    pub localized: BTreeMap<(String, String), LocalDoc>,
    pub build_date: time::Date,
    /// False when building without leaflets (`--no-leaflets`).
    pub leaflets: bool,
    /// Languages for which the theme has web fonts (`static/fonts/<lang>.css`).
    pub font_stylesheets: BTreeSet<String>,
    pub pages: Vec<Page>,
}

impl Site {
    pub fn page_at(&self, path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    pub fn language(&self, code: &str) -> &Language {
        self.config.languages.iter().find(|l| l.code() == code).unwrap_or(self.config.source_language())
    }

    /// The stylesheet with web fonts for a language's script ("/assets/fonts/gu.css"), when the
    /// theme has one: only pages in that language load it.
    pub fn fonts_for(&self, lang: &str) -> Option<String> {
        self.font_stylesheets.contains(lang).then(|| format!("/assets/fonts/{lang}.css"))
    }

    /// Names risks in `lang`, for the renderers' risk headings.
    pub fn risk_labeller<'a>(&'a self, lang: &'a str) -> impl Fn(&[String]) -> String + 'a {
        move |ids| self.risk_label(lang, ids)
    }

    /// How to render the text of one page; the web page and its leaflet share these settings.
    pub fn render_settings<'a>(
        &'a self,
        lang: &'a str,
        page_path: &'a str,
        source_file: &'a Path,
        variant: Variant<'_>,
        risk_label: &'a dyn Fn(&[String]) -> String,
    ) -> RenderSettings<'a> {
        RenderSettings {
            lang,
            page_path,
            source_file,
            site_dir: &self.site_dir,
            static_files: &self.content.static_files,
            risk_headings: variant == Variant::General,
            risk_label,
            important_label: self.strings.get(lang, "important"),
            rtl: self.language(lang).direction == crate::config::Direction::Rtl,
        }
    }

    /// Display name of one or more risks, e.g. "Flooding and Storms".
    pub fn risk_label(&self, lang: &str, ids: &[String]) -> String {
        let names: Vec<String> =
            ids.iter().map(|id| self.strings.get(lang, &format!("risk:{id}")).to_string()).collect();
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
    translations: &Translations,
    build_date: time::Date,
    leaflets: bool,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let localized = config
        .languages
        .par_iter()
        .flat_map_iter(|language| {
            let lang = language.code();
            documents(&content).into_iter().map(|doc| {
                let local = localize(&doc, lang, &config, translations);
                ((lang.to_string(), doc.context), local)
            })
        })
        .collect();
    let mut site = Site {
        site_dir: site_dir.to_path_buf(),
        config,
        content,
        strings,
        localized,
        build_date,
        leaflets,
        font_stylesheets: BTreeSet::new(),
        pages: Vec::new(),
    };
    let plans = plan_pages(&site);
    let pages: Vec<Page> = plans.into_par_iter().map(|plan| render_page(&site, plan)).collect();
    site.pages = pages;
    let source_lang = site.config.source_language().code().to_string();
    let mut problems = Diagnostics::default();
    for page in &site.pages {
        if let Some(body) = &page.body {
            let from_translation = page.lang != source_lang && page.content_lang != source_lang;
            problems.extend(
                body.problems
                    .iter()
                    .cloned()
                    .map(|d| if from_translation { as_translation_warning(d, &page.lang) } else { d }),
            );
        }
    }
    let link_problems = check_links(&site);
    problems.extend(link_problems);
    let problems = problems.sorted();
    if problems.has_errors() { Err(problems) } else { Ok((site, problems)) }
}

/// A problem in translated text must not stop the site from being published: it is reported
/// against the language's PO file, and `beacon check` shows it.
fn as_translation_warning(d: Diagnostic, lang: &str) -> Diagnostic {
    let message = format!("in the {lang} translation of {}:{}: {}", d.file.display(), d.line, d.message);
    Diagnostic::warning(crate::translate::po_path(lang), 0, message)
        .help("correct the translation of that text in the PO file (keep link addresses as they are in English)")
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

/// The translatable document a page shows, by its context name ("module:x", "risk:flood", ...).
pub fn document_context(site: &Site, kind: &PageKind) -> Option<String> {
    match kind {
        PageKind::Home => Some("home".into()),
        PageKind::Module { module, .. } => Some(format!("module:{}", site.content.modules[*module].slug)),
        PageKind::Risk { id } => Some(format!("risk:{id}")),
        PageKind::Plain { page } => Some(format!("page:{}", site.content.pages[*page].slug)),
        _ => None,
    }
}

fn render_page(site: &Site, plan: PagePlan) -> Page {
    let strings = &site.strings;
    let lang = plan.lang.as_str();
    let source_lang = site.config.source_language().code();
    let ui = |key: &str| strings.get(lang, key).to_string();
    let local = document_context(site, &plan.kind).and_then(|c| site.localized.get(&(lang.to_string(), c)));
    let mut page = Page {
        lang: lang.to_string(),
        site_path: plan.site_path.clone(),
        path: plan.path.clone(),
        title: String::new(),
        summary: String::new(),
        title_lang: lang.to_string(),
        summary_lang: lang.to_string(),
        content_lang: lang.to_string(),
        translation: if lang == source_lang { TranslationState::Source } else { TranslationState::Complete },
        source: None,
        body: None,
        updated: None,
        kind: plan.kind.clone(),
    };
    match (&plan.kind, local) {
        (PageKind::LanguageChooser, _) => page.title = site.config.title.clone(),
        (PageKind::NotFound, _) => page.title = ui("not_found_title"),
        (PageKind::ModuleIndex, _) => (page.title, page.summary) = (ui("modules_title"), ui("modules_summary")),
        (PageKind::LeafletIndex, _) => (page.title, page.summary) = (ui("leaflets_title"), ui("leaflets_summary")),
        (PageKind::RiskIndex, _) => (page.title, page.summary) = (ui("risks_title"), ui("risks_summary")),
        (kind, Some(local)) => {
            let file = match kind {
                PageKind::Module { module, .. } => &site.content.modules[*module].doc.file,
                PageKind::Risk { id } => &site.content.risks[id].file,
                PageKind::Plain { page } => &site.content.pages[*page].doc.file,
                _ => &site.content.home.file,
            };
            let variant = match kind {
                PageKind::Module { risk: Some(risk), .. } => Variant::Risk(risk),
                _ => Variant::General,
            };
            let label = site.risk_labeller(lang);
            let settings = site.render_settings(lang, &plan.path, file, variant, &label);
            page.body = Some(markdown::render(&local.body.variant(variant), &settings));
            page.source = Some(file.clone());
            page.title = local.title.clone();
            page.summary = local.summary.clone();
            page.title_lang = local.title_lang.clone();
            page.summary_lang = local.summary_lang.clone();
            page.content_lang = local.content_lang.clone();
            page.translation = local.state;
            if let PageKind::Module { module, .. } = kind {
                page.updated = site.content.modules[*module].doc.meta.updated;
            }
        }
        (_, None) => {}
    }
    page
}

/// Every internal link must reach a page, and every `#fragment` an anchor on it.
fn check_links(site: &Site) -> Vec<Diagnostic> {
    let anchors: BTreeMap<&str, BTreeSet<&str>> = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.body.iter().flat_map(|b| b.headings.iter().map(|h| h.id.as_str())).collect()))
        .collect();
    let source_lang = site.config.source_language().code();
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
            let translated = page.lang != source_lang && page.content_lang != source_lang;
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
