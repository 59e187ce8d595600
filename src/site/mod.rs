//! `resolve`: from configuration, content and translations to the immutable `Site` — every page
//! of every language with its address, title and [`document::Document`]. `Site` is complete when
//! `resolve` returns; its fields are private, so later stages can only read it.

pub mod analyse;
pub mod document;
pub mod outline;
mod short_addresses;
pub mod update;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::localize::{LocalDoc, TranslationState, localize_everywhere};
use crate::i18n::{Translations, documents};
use crate::load::campaign::{Campaign, CampaignState};
use crate::load::config::{Direction, Language, LeafletFormat, SiteConfig};
use crate::load::containers::Variant;
use crate::load::content::Content;
use crate::load::paths::{self, key};
pub use crate::load::schedule::Publication;
use crate::load::theme::Strings;
use document::Document;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// A live or ended campaign; indexes `Content::campaigns`.
    Campaign {
        campaign: usize,
    },
    /// Live and past campaigns.
    CampaignIndex,
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
    pub body: Option<Document>,
    pub updated: Option<time::Date>,
    /// Language of the title, and of most of the text (the source language when the page falls
    /// back to it).
    pub title_lang: String,
    pub summary_lang: String,
    pub content_lang: String,
    pub translation: TranslationState,
    /// Whether the page is published on the build date, or kept as no longer current. Pages
    /// not yet published are analysed but never in [`Site::pages`].
    pub publication: Publication,
}

impl Page {
    /// True when lists, the feed, the sitemap and the leaflets include the page: it is
    /// published and has not expired.
    pub fn is_current(&self) -> bool {
        self.publication == Publication::Current
    }

    /// The directory links on this page are relative to.
    pub fn link_base(&self) -> &str {
        if self.path.ends_with('/') { &self.path } else { "/" }
    }
}

pub struct Site {
    site_dir: PathBuf,
    config: SiteConfig,
    content: Content,
    strings: Strings,
    /// Every document's title and summary in every language: (language, document key) → them.
    titles: BTreeMap<(String, String), Titles>,
    build_date: time::Date,
    font_stylesheets: BTreeSet<String>,
    /// Shared, so that a site made again after an edit (`serve`) keeps the pages it did not
    /// change without copying them. The published pages come first; the pages of documents
    /// that are not published yet follow them.
    pages: Vec<Arc<Page>>,
    /// How many of `pages` are published.
    published: usize,
}

/// How booklet editions are named in leaflet file names.
const BOOKLET_FORMAT_NAME: &str = "a5-booklet";

/// Where a module page's short address is published and how it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortAddress {
    /// Output path of the page that redirects to the module page: "/en/go/flood-home/".
    pub path: String,
    /// What a leaflet prints: "www.llrprepared.org.uk/en/go/flood-home".
    pub printed: String,
    /// What the leaflet's QR code holds: "https://www.llrprepared.org.uk/en/go/flood-home/".
    pub url: String,
}

/// A document's title and summary in one language, for lists and links to its pages.
#[derive(Clone, PartialEq)]
pub struct Titles {
    pub title: String,
    pub summary: String,
    /// Language of the title and summary: the source language when they are not translated.
    pub title_lang: String,
    pub summary_lang: String,
}

/// Everything `resolve` needs.
pub struct Inputs {
    /// The folder the site is read from.
    pub site_dir: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub strings: Strings,
    /// Shared, so that `serve` can keep them to make the site again after an edit; a build
    /// holds the only reference, and they are freed once every text is translated.
    pub translations: Arc<Translations>,
    pub build_date: time::Date,
    /// Languages for which the theme has web fonts (`static/fonts/<lang>.css`).
    pub font_stylesheets: BTreeSet<String>,
}

impl Site {
    /// The folder the site was read from.
    pub fn site_dir(&self) -> &Path {
        &self.site_dir
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    pub fn content(&self) -> &Content {
        &self.content
    }

    /// Interface strings, risk names and the site description in every language.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// The public address of an output path: "https://www.example.org/en/risks/flood/".
    pub fn address(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url)
    }

    /// A module page's short address: the redirect page's output path ("/en/go/flood-home/"),
    /// the text a leaflet prints for a person to type, and the address its QR code holds.
    pub fn short_address(&self, page: &Page) -> Option<ShortAddress> {
        let PageKind::Module { module, risk } = &page.kind else { return None };
        let path = paths::localized(&page.lang, &paths::short(&self.short_name(*module, risk.as_deref())));
        let url = self.address(&path);
        let printed = crate::text::urls::printed(&url).to_string();
        Some(ShortAddress { path, printed, url })
    }

    /// The name in the short address of a module's page: see [`paths::short_name`].
    pub fn short_name(&self, module: usize, risk: Option<&str>) -> String {
        let module = &self.content.modules[module];
        let module_name = module.doc.meta.go.as_ref().map_or(module.slug.as_str(), |go| go.name.as_str());
        let risk_name = risk.map(|id| self.config.risk(id).map_or(id, |r| r.short_name()));
        paths::short_name(module_name, risk_name)
    }

    /// The date the site is built for.
    pub fn build_date(&self) -> time::Date {
        self.build_date
    }

    /// The campaigns published on the build date (live or ended), with their index in
    /// `Content::campaigns`.
    pub fn published_campaigns(&self) -> impl Iterator<Item = (usize, &Campaign)> {
        self.content.campaigns.iter().enumerate().filter(|(_, c)| c.is_published(self.build_date))
    }

    /// The campaigns live on the build date that feature a page of this kind: every live
    /// campaign on the home page, those that name the module or risk on its pages. A withdrawn
    /// module's pages feature none.
    pub fn live_campaigns_for(&self, kind: &PageKind) -> Vec<&Campaign> {
        let features = |campaign: &Campaign| match kind {
            PageKind::Home => true,
            PageKind::Module { module, .. } => {
                self.module_publication(*module) == Publication::Current
                    && campaign.doc.meta.modules.contains(&self.content.modules[*module].slug)
            }
            PageKind::Risk { id } => campaign.doc.meta.risks.contains(id),
            _ => false,
        };
        self.content
            .campaigns
            .iter()
            .filter(|c| c.state(self.build_date) == CampaignState::Live && features(c))
            .collect()
    }

    /// Every published page of every language, in a fixed order.
    pub fn pages(&self) -> &[Arc<Page>] {
        &self.pages[..self.published]
    }

    /// The published pages, then the pages of documents not published yet on the build date:
    /// everything an analysis looks at, so that a page cannot break the build on the day it
    /// is published.
    pub fn pages_to_check(&self) -> &[Arc<Page>] {
        &self.pages
    }

    /// Whether a module's pages are published, or kept as no longer current, on the build date.
    pub fn module_publication(&self, module: usize) -> Publication {
        self.content.modules[module].doc.meta.schedule.on(self.build_date)
    }

    /// The indexes of the modules that lists show: those current on the build date.
    pub fn listed_modules(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.content.modules.len()).filter(|m| self.module_publication(*m) == Publication::Current)
    }

    /// A document's title and summary in a language, by its translation key ("module:x").
    pub fn titles(&self, lang: &str, document: &str) -> Option<&Titles> {
        self.titles.get(&(lang.to_string(), document.to_string()))
    }

    /// The formats a module's pages are printed in.
    pub fn leaflet_formats(&self, module: usize) -> &[LeafletFormat] {
        self.content.modules[module].doc.meta.leaflets.as_deref().unwrap_or(&self.config.leaflets.formats)
    }

    /// The output path of a page's leaflet in one format; None for pages that are not modules.
    pub fn leaflet_path(&self, page: &Page, format: LeafletFormat) -> Option<String> {
        self.printed_path(page, format.as_str())
    }

    /// The output path of an A5 leaflet's booklet edition: "/en/leaflets/x-flood-a5-booklet.pdf".
    pub fn booklet_path(&self, page: &Page) -> Option<String> {
        self.printed_path(page, BOOKLET_FORMAT_NAME)
    }

    /// The output path of a module page's PDF in the edition named `edition` ("a4", ...).
    fn printed_path(&self, page: &Page, edition: &str) -> Option<String> {
        let PageKind::Module { module, risk } = &page.kind else { return None };
        let slug = &self.content.modules[*module].slug;
        Some(paths::leaflet(&page.lang, slug, risk.as_deref(), edition))
    }

    /// True when the language reads right to left.
    pub fn is_rtl(&self, lang: &str) -> bool {
        self.direction(lang) == Direction::Rtl
    }

    pub fn direction(&self, lang: &str) -> Direction {
        self.language(lang).direction
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

    /// "22 November 2026", with the month name from the language's strings.
    pub fn format_date(&self, lang: &str, date: time::Date) -> String {
        let month = self.strings.get(lang, &format!("month_{}", u8::from(date.month()))).to_string();
        format!("{} {month} {}", date.day(), date.year())
    }

    /// Display name of one or more risks, e.g. "Flooding and Storms".
    pub fn risk_label(&self, lang: &str, ids: &[String]) -> String {
        let names: Vec<String> =
            ids.iter().map(|id| self.strings.get(lang, &key::risk_string(id)).to_string()).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.strings.get(lang, "and")),
        }
    }
}

/// Builds every page and analyses the site (see [`analyse`]). Errors stop the build; warnings
/// are returned beside the site.
pub fn resolve(inputs: Inputs) -> Result<(Site, Diagnostics), Diagnostics> {
    let Inputs { site_dir, config, content, strings, translations, build_date, font_stylesheets } = inputs;
    let localized: BTreeMap<(String, String), LocalDoc> = documents(&content)
        .into_par_iter()
        .flat_map_iter(|doc| localize_everywhere(&doc, &config, &translations))
        .collect();
    let mut site = Site {
        site_dir,
        config,
        content,
        strings,
        titles: BTreeMap::new(),
        build_date,
        font_stylesheets,
        pages: Vec::new(),
        published: 0,
    };
    // Translations are only needed to localize: free them before the pages are built.
    drop(translations);
    let plans = plan_pages(&site);
    site.published = plans.iter().take_while(|plan| is_published(plan.publication)).count();
    let mut plans_of: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (number, plan) in plans.iter().enumerate() {
        if let Some(key) = document_key(&site, &plan.kind) {
            plans_of.entry((plan.lang.clone(), key)).or_default().push(number);
        }
    }
    // Each localized text becomes its pages' documents and is then dropped, keeping only its
    // titles: a large site never holds every text both as markdown and as documents.
    let built: Vec<BuiltText> = localized
        .into_par_iter()
        .map(|(key, local)| {
            let numbers = plans_of.get(&key).map(Vec::as_slice).unwrap_or_default();
            let pages = numbers.iter().map(|n| (*n, build_page(&site, Some(&local), &plans[*n]))).collect();
            let LocalDoc { title, summary, title_lang, summary_lang, .. } = local;
            BuiltText { pages, key, titles: Titles { title, summary, title_lang, summary_lang } }
        })
        .collect();
    let mut pages: Vec<Option<Page>> = (0..plans.len()).map(|_| None).collect();
    let mut titles = BTreeMap::new();
    for text in built {
        for (number, page) in text.pages {
            pages[number] = Some(page);
        }
        titles.insert(text.key, text.titles);
    }
    // Pages with no text of their own (indexes, the language chooser, 404).
    site.pages = pages
        .into_par_iter()
        .zip(plans.par_iter())
        .map(|(page, plan)| Arc::new(page.unwrap_or_else(|| build_page(&site, None, plan))))
        .collect();
    site.titles = titles;
    let problems = analyse::problems(&site);
    if problems.has_errors() { Err(problems) } else { Ok((site, problems)) }
}

/// A problem in translated text must not stop the site from being published: it is reported
/// against the language's PO file, and `beacon check` shows it.
pub fn as_translation_warning(d: Diagnostic, lang: &str) -> Diagnostic {
    let message = format!("in the {lang} translation of {}:{}: {}", d.file.display(), d.line, d.message);
    Diagnostic::warning(crate::i18n::po_path(lang), 0, message)
        .help("correct the translation of that text in the PO file (keep link addresses as they are in English)")
}

/// What one localized text became: its pages (by plan number), and the titles kept of it.
struct BuiltText {
    pages: Vec<(usize, Page)>,
    /// (language, document key).
    key: (String, String),
    titles: Titles,
}

/// A page before its markdown is rendered.
struct PagePlan {
    kind: PageKind,
    lang: String,
    site_path: String,
    path: String,
    publication: Publication,
}

fn is_published(publication: Publication) -> bool {
    !matches!(publication, Publication::Upcoming(_))
}

/// Every page, the published ones first (see [`Site::pages`]).
fn plan_pages(site: &Site) -> Vec<PagePlan> {
    let source_lang = site.config.source_language().code().to_string();
    let mut plans = vec![
        PagePlan {
            kind: PageKind::LanguageChooser,
            lang: source_lang.clone(),
            site_path: paths::LANGUAGE_CHOOSER.into(),
            path: paths::LANGUAGE_CHOOSER.into(),
            publication: Publication::Current,
        },
        PagePlan {
            kind: PageKind::NotFound,
            lang: source_lang,
            site_path: paths::NOT_FOUND.into(),
            path: paths::NOT_FOUND.into(),
            publication: Publication::Current,
        },
    ];
    // Pages of documents not published yet: planned, so that they are analysed, but kept
    // apart from every published page (no page, so no link and no sitemap entry either).
    let mut upcoming = Vec::new();
    for language in &site.config.languages {
        let lang = language.code();
        let mut add_when = |publication: Publication, kind: PageKind, site_path: String| {
            let plan = PagePlan {
                kind,
                lang: lang.to_string(),
                path: paths::localized(lang, &site_path),
                site_path,
                publication,
            };
            if is_published(publication) { plans.push(plan) } else { upcoming.push(plan) }
        };
        add_when(Publication::Current, PageKind::Home, paths::HOME.into());
        add_when(Publication::Current, PageKind::ModuleIndex, paths::MODULES.into());
        for (index, module) in site.content.modules.iter().enumerate() {
            let publication = site.module_publication(index);
            add_when(publication, PageKind::Module { module: index, risk: None }, paths::module(&module.slug, None));
            for risk in &module.doc.meta.risks {
                add_when(
                    publication,
                    PageKind::Module { module: index, risk: Some(risk.clone()) },
                    paths::module(&module.slug, Some(risk)),
                );
            }
        }
        add_when(Publication::Current, PageKind::RiskIndex, paths::RISKS.into());
        for risk in &site.config.risks {
            add_when(Publication::Current, PageKind::Risk { id: risk.id().to_string() }, paths::risk(risk.id()));
        }
        for (index, page) in site.content.pages.iter().enumerate() {
            let publication = page.schedule.on(site.build_date);
            add_when(publication, PageKind::Plain { page: index }, paths::plain(&page.slug));
        }
        if site.listed_modules().any(|m| !site.leaflet_formats(m).is_empty()) {
            add_when(Publication::Current, PageKind::LeafletIndex, paths::LEAFLETS.into());
        }
        if site.published_campaigns().next().is_some() {
            add_when(Publication::Current, PageKind::CampaignIndex, paths::CAMPAIGNS.into());
        }
        for (index, campaign) in site.content.campaigns.iter().enumerate() {
            let publication = match campaign.state(site.build_date) {
                CampaignState::Upcoming => Publication::Upcoming(campaign.doc.meta.start),
                CampaignState::Live | CampaignState::Ended => Publication::Current,
            };
            add_when(publication, PageKind::Campaign { campaign: index }, paths::campaign(&campaign.slug));
        }
    }
    plans.extend(upcoming);
    plans
}

/// True when a page of this kind shows one of the documents `keys` names.
pub fn shows_any(site: &Site, kind: &PageKind, keys: &BTreeSet<String>) -> bool {
    document_key(site, kind).is_some_and(|key| keys.contains(&key))
}

/// The translation key of the document a page shows ("module:x", "risk:flood", ...).
pub fn document_key(site: &Site, kind: &PageKind) -> Option<String> {
    match kind {
        PageKind::Home => Some(key::HOME.into()),
        PageKind::Module { module, .. } => Some(key::module(&site.content.modules[*module].slug)),
        PageKind::Risk { id } => Some(key::risk(id)),
        PageKind::Plain { page } => Some(key::page(&site.content.pages[*page].slug)),
        PageKind::Campaign { campaign } => Some(key::campaign(&site.content.campaigns[*campaign].slug)),
        _ => None,
    }
}

fn build_page(site: &Site, local: Option<&LocalDoc>, plan: &PagePlan) -> Page {
    let strings = &site.strings;
    let lang = plan.lang.as_str();
    let source_lang = site.config.source_language().code();
    let ui = |key: &str| strings.get(lang, key).to_string();
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
        publication: plan.publication,
    };
    match (&plan.kind, local) {
        (PageKind::LanguageChooser, _) => page.title = site.config.title.clone(),
        (PageKind::NotFound, _) => page.title = ui("not_found_title"),
        (PageKind::ModuleIndex, _) => (page.title, page.summary) = (ui("modules_title"), ui("modules_summary")),
        (PageKind::LeafletIndex, _) => (page.title, page.summary) = (ui("leaflets_title"), ui("leaflets_summary")),
        (PageKind::RiskIndex, _) => (page.title, page.summary) = (ui("risks_title"), ui("risks_summary")),
        (PageKind::CampaignIndex, _) => (page.title, page.summary) = (ui("campaigns_title"), ui("campaigns_summary")),
        (kind, Some(local)) => {
            let file = match kind {
                PageKind::Module { module, .. } => &site.content.modules[*module].doc.file,
                PageKind::Risk { id } => &site.content.risks[id].file,
                PageKind::Plain { page } => &site.content.pages[*page].doc.file,
                PageKind::Campaign { campaign } => &site.content.campaigns[*campaign].doc.file,
                _ => &site.content.home.file,
            };
            let variant = match kind {
                PageKind::Module { risk: Some(risk), .. } => Variant::Risk(risk),
                _ => Variant::General,
            };
            let label = site.risk_labeller(lang);
            let settings = document::Settings {
                lang,
                page_path: &plan.path,
                source_file: file,
                site_dir: &site.site_dir,
                static_files: &site.content.static_files,
                risk_headings: variant == Variant::General,
                risk_label: &label,
                rtl: site.is_rtl(lang),
                language_rtl: &|lang| site.is_rtl(lang),
                prose: lang == source_lang,
            };
            page.body = Some(document::build(&local.body.variant(variant), &settings));
            page.source = Some(file.clone());
            page.title = local.title.clone();
            page.summary = local.summary.clone();
            page.title_lang = local.title_lang.clone();
            page.summary_lang = local.summary_lang.clone();
            page.content_lang = local.content_lang.clone();
            page.translation = local.state;
            match kind {
                PageKind::Module { module, .. } => page.updated = site.content.modules[*module].doc.meta.updated,
                PageKind::Campaign { campaign } => page.updated = site.content.campaigns[*campaign].doc.meta.updated,
                _ => {}
            }
        }
        (_, None) => {}
    }
    page
}
