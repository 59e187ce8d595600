//! Template contexts. What every page of a language shares — the site's details, the interface
//! strings, navigation, the draft notice — is built once per language as [`Chrome`]; each page
//! adds a [`PageInfo`] and the few things its kind shows ([`KindContext`]). Each template gets
//! only the interface strings it names (`ui.NAME`), found when the theme is loaded.

use super::{body, highlight, sanitise};
use crate::leaflet::Leaflet;
use crate::load::campaign::{Campaign, CampaignState};
use crate::load::config::{Direction, LanguageStatus, Partnership};
use crate::load::content::Audience;
use crate::load::paths::{self, key};
use crate::site::document::Heading;
use crate::site::{Page, PageKind, Publication, Site};
use crate::text::urls;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Leaflets by the output path of the page they print.
pub type LeafletsByPage<'a> = BTreeMap<&'a str, Vec<&'a Leaflet>>;

/// Interface strings by name, as a template sees them.
type Ui<'a> = BTreeMap<&'a str, &'a str>;

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Card {
    title: String,
    href: String,
    summary: String,
    /// Set when the card's text is not translated yet.
    lang: Option<String>,
    /// Set when that language reads in the other direction from the page's.
    dir: Option<&'static str>,
}

/// A live campaign's banner on a page it features.
#[derive(Serialize)]
struct Banner {
    title: String,
    title_lang: Option<String>,
    title_dir: Option<&'static str>,
    text: String,
    text_lang: Option<String>,
    text_dir: Option<&'static str>,
    action: String,
    action_lang: Option<String>,
    action_dir: Option<&'static str>,
    href: String,
}

/// A campaign in the list of campaigns.
#[derive(Serialize)]
struct CampaignCard {
    #[serde(flatten)]
    card: Card,
    /// "1 November 2026 to 31 March 2027".
    dates: String,
}

#[derive(Serialize)]
struct AudienceGroup {
    title: String,
    modules: Vec<Card>,
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    native_name: String,
    /// The language's own direction, so its name lays out correctly on any page.
    dir: Direction,
    href: String,
    current: bool,
}

/// A leaflet download, described GOV.UK-style: "PDF, 182 KB, 2 pages".
#[derive(Serialize)]
struct LeafletLink {
    label: String,
    href: String,
    details: String,
}

/// One page's leaflets on the leaflets page.
#[derive(Serialize)]
struct LeafletItem {
    title: String,
    page_href: String,
    links: Vec<LeafletLink>,
}

#[derive(Serialize)]
struct LeafletGroup {
    title: String,
    items: Vec<LeafletItem>,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    partnership: &'a Partnership,
}

#[derive(Serialize)]
struct DraftNotice<'a> {
    text: &'a str,
    /// The language of `text` when the notice is not translated yet, and its direction when that
    /// differs from the page's: the notice is then in the source language only.
    text_lang: Option<&'a str>,
    text_dir: Option<&'static str>,
    /// The notice in the source language too, for whoever reads this page with an English
    /// reader's help; None when `text` already is.
    source_text: Option<&'a str>,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    /// Template-friendly kind: "home", "module", "risk", ...
    kind: &'static str,
    title: &'a str,
    /// Shown above the title: the risk on a module's risk page.
    caption: Option<String>,
    summary: &'a str,
    canonical: String,
    /// Updated date, written out in the page's language.
    updated: Option<String>,
    body: Option<String>,
    /// Second-level headings, for the contents list.
    contents: Vec<&'a Heading>,
    /// Set when the title or text is in another language than the page (not yet translated).
    title_lang: Option<&'a str>,
    content_lang: Option<&'a str>,
    summary_lang: Option<&'a str>,
    /// Set when that language reads in the other direction from the page's (English on an Urdu
    /// page), so that its full stops and brackets stay at the right end.
    title_dir: Option<&'static str>,
    content_dir: Option<&'static str>,
    summary_dir: Option<&'static str>,
    /// Why some or all of the text is in the source language, in the reader's language.
    translation_notice: Option<&'a str>,
    /// Set when that notice is not translated yet: its language, and its direction where that
    /// differs from the page's.
    translation_notice_lang: Option<&'a str>,
    translation_notice_dir: Option<&'static str>,
    /// A draft translation's notice, in the reader's language and in the source language.
    draft_notice: Option<&'a DraftNotice<'a>>,
    /// The absolute address of the page's share image, for social networks.
    share_image: Option<String>,
    /// Set on a page that is no longer current (its `expires` date has come).
    expired: Option<ExpiredNotice>,
}

/// The notice at the top of a page that is no longer current, which sends readers on to the
/// current advice. Search engines are asked not to list the page.
#[derive(Serialize)]
struct ExpiredNotice {
    /// "This page is out of date. It was withdrawn on 1 April 2027 ...".
    text: String,
    /// Set when the notice is not translated yet: its language, and its direction where that
    /// differs from the page's.
    text_lang: Option<String>,
    text_dir: Option<&'static str>,
    /// The list of current advice.
    current_href: String,
}

/// Another language's version of a page, for `<link rel="alternate" hreflang>`.
#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// What only some kinds of page show.
#[derive(Serialize)]
#[serde(untagged)]
enum KindContext {
    /// The home page: the risks, and modules by audience.
    Home {
        cards: Vec<Card>,
        audiences: Vec<AudienceGroup>,
    },
    ModuleIndex {
        audiences: Vec<AudienceGroup>,
        /// Modules that are no longer current, kept at their addresses.
        withdrawn: Vec<Card>,
    },
    /// The risk index (every risk) and a risk page (the modules that cover it).
    Cards {
        cards: Vec<Card>,
    },
    /// A module page: its general page and one page per risk, and its leaflets.
    Module {
        variants: Vec<Link>,
        leaflets: Vec<LeafletLink>,
        /// The short address its leaflets print, to type or share.
        short_address: Option<Link>,
    },
    LeafletIndex {
        leaflet_groups: Vec<LeafletGroup>,
    },
    /// A campaign's page: when it runs, and what it features.
    Campaign {
        dates: String,
        /// Its pack, while it runs and leaflets are made.
        pack: Option<LeafletLink>,
        /// Set once the campaign is over.
        ended: Option<String>,
        modules: Vec<Card>,
        risks: Vec<Card>,
    },
    /// Live and past campaigns.
    CampaignIndex {
        live: Vec<CampaignCard>,
        past: Vec<CampaignCard>,
    },
    Other {},
}

/// The context of one page.
#[derive(Serialize)]
pub struct Context<'a> {
    lang: &'a str,
    dir: Direction,
    /// The source language, for text marked as such.
    source_lang: &'a str,
    /// The interface strings the template names ([`Ui`]).
    ui: minijinja::Value,
    /// The direction of each interface string shown in a language that reads the other way
    /// from the page's (English while a right-to-left language lacks it); absent otherwise.
    ui_dir: minijinja::Value,
    /// [`SiteInfo`].
    site: minijinja::Value,
    page: PageInfo<'a>,
    home_href: String,
    /// This language's Atom feed.
    feed_href: String,
    /// The service worker that keeps this language's pages for reading offline; None on the
    /// pages outside a language's folder (the language chooser, the 404 page).
    offline_worker_href: Option<String>,
    css_href: String,
    /// The code styles, on pages with a code block.
    code_css_href: Option<String>,
    /// Web fonts for this page's script, when the theme has them.
    font_css_href: Option<String>,
    nav: Vec<Link>,
    footer_links: Vec<Link>,
    breadcrumbs: Vec<Link>,
    languages: Vec<LanguageLink>,
    /// Absolute addresses of this page in every language.
    alternates: Vec<Alternate>,
    /// Banners of the live campaigns that feature this page.
    banners: Vec<Banner>,
    #[serde(flatten)]
    kind: KindContext,
}

/// What every page of one language shares. The parts that are the same on every page are made
/// into template values once: a value is shared, not copied, by each page's context.
pub struct Chrome<'a> {
    lang: &'a str,
    dir: Direction,
    /// [`SiteInfo`].
    site: minijinja::Value,
    /// Template name → the interface strings it names ([`Ui`]).
    ui: BTreeMap<&'a str, minijinja::Value>,
    /// See [`Context::ui_dir`].
    ui_dir: minijinja::Value,
    /// Main navigation: title and output path.
    nav: Vec<(&'a str, String)>,
    /// Plain pages in the footer: title and output path.
    footer: Vec<(String, String)>,
    font_css: Option<String>,
    draft_notice: Option<DraftNotice<'a>>,
}

impl<'a> Chrome<'a> {
    /// `ui_names` gives, for each template, the interface strings it names.
    pub fn new(
        site: &'a Site,
        lang: &'a str,
        ui_names: &'a BTreeMap<String, BTreeSet<String>>,
        has_leaflets: bool,
    ) -> Self {
        let strings = site.strings();
        let t = |name: &'a str| strings.get(lang, name);
        let ui = ui_names
            .iter()
            .map(|(template, names)| {
                let picked: Ui<'_> = names.iter().map(|name| (name.as_str(), strings.get(lang, name))).collect();
                (template.as_str(), template_value(&picked))
            })
            .collect();
        let ui_dir: BTreeMap<&str, &str> = ui_names
            .values()
            .flatten()
            .filter_map(|name| {
                let dir = other_direction(site, lang, strings.language_of(lang, name))?;
                Some((name.as_str(), dir))
            })
            .collect();
        let mut nav = vec![(t("risks_title"), paths::RISKS), (t("modules_title"), paths::MODULES)];
        if has_leaflets {
            nav.push((t("leaflets_title"), paths::LEAFLETS));
        }
        if site.published_campaigns().next().is_some() {
            nav.push((t("campaigns_title"), paths::CAMPAIGNS));
        }
        let footer = site
            .content()
            .pages
            .iter()
            .filter(|p| p.schedule.on(site.build_date()) == Publication::Current)
            .map(|p| (localized_title(site, lang, &key::page(&p.slug)), paths::localized(lang, &paths::plain(&p.slug))))
            .collect();
        let source_lang = site.config().source_language().code();
        Chrome {
            lang,
            dir: site.language(lang).direction,
            site: template_value(&SiteInfo {
                title: &site.config().title,
                description: strings.get(lang, "site_description"),
                partnership: &site.config().partnership,
            }),
            ui,
            ui_dir: template_value(&ui_dir),
            nav: nav.into_iter().map(|(title, path)| (title, paths::localized(lang, path))).collect(),
            footer,
            font_css: site.fonts_for(lang),
            draft_notice: (site.language(lang).status == LanguageStatus::Draft).then(|| {
                let text_lang = strings.language_of(lang, "draft_notice");
                let translated = text_lang == lang;
                DraftNotice {
                    text: t("draft_notice"),
                    text_lang: (!translated).then_some(text_lang),
                    text_dir: other_direction(site, lang, text_lang),
                    source_text: (translated && lang != source_lang).then(|| strings.get(source_lang, "draft_notice")),
                }
            }),
        }
    }
}

/// `value` as a template value.
fn template_value(value: &impl Serialize) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

/// A document's title in a language.
fn localized_title(site: &Site, lang: &str, document: &str) -> String {
    site.titles(lang, document).map(|d| d.title.clone()).unwrap_or_default()
}

/// Template-local hrefs: relative to the page, or absolute from the site root for the 404 page,
/// which servers show at any address.
struct Hrefs<'a> {
    base: &'a str,
    absolute_root: Option<String>,
}

impl Hrefs<'_> {
    fn to(&self, path: &str) -> String {
        match &self.absolute_root {
            Some(root) => format!("{root}{path}"),
            None => urls::relative(self.base, path),
        }
    }
}

/// Builds one page's context.
pub struct PageContexts<'a> {
    pub site: &'a Site,
    pub css: &'a str,
    /// The code styles, when the theme has them; only pages with code load them.
    pub code_css: Option<&'a str>,
    pub leaflets: &'a LeafletsByPage<'a>,
    /// Page output path → its share image's output path.
    pub share_images: &'a BTreeMap<&'a str, &'a str>,
    /// Page output path → its campaign pack.
    pub packs: &'a BTreeMap<&'a str, &'a super::pack::Pack>,
}

impl<'a> PageContexts<'a> {
    pub fn context(&self, page: &'a Page, chrome: &'a Chrome<'a>, template: &str) -> Context<'a> {
        let site = self.site;
        let lang = chrome.lang;
        let t = |name: &str| site.strings().get(lang, name).to_string();
        let hrefs = Hrefs {
            base: page.link_base(),
            absolute_root: (page.kind == PageKind::NotFound).then(|| base_path(&site.config().base_url)),
        };
        let link = |title: String, path: &str| Link {
            title,
            href: hrefs.to(path),
            current: page.path == path && page.kind != PageKind::LanguageChooser,
        };
        let site_link = |title: String, site_path: &str| link(title, &paths::localized(lang, site_path));
        let home = site_link(t("home"), paths::HOME);
        let home = Link { current: false, ..home };
        let mut breadcrumbs = Vec::new();
        let mut caption = None;
        let kind = match &page.kind {
            PageKind::Home => {
                KindContext::Home { cards: self.risk_cards(lang, &hrefs), audiences: self.audiences(lang, &hrefs) }
            }
            PageKind::ModuleIndex => {
                breadcrumbs.push(home);
                let withdrawn = (0..site.content().modules.len())
                    .filter(|m| matches!(site.module_publication(*m), Publication::Expired(_)))
                    .map(|m| self.module_card(lang, &hrefs, m, None));
                KindContext::ModuleIndex { audiences: self.audiences(lang, &hrefs), withdrawn: withdrawn.collect() }
            }
            PageKind::RiskIndex => {
                breadcrumbs.push(home);
                KindContext::Cards { cards: self.risk_cards(lang, &hrefs) }
            }
            PageKind::Risk { id } => {
                breadcrumbs = vec![home, site_link(t("risks_title"), paths::RISKS)];
                let modules = &site.content().modules;
                let covering = site.listed_modules().filter(|m| modules[*m].doc.meta.risks.contains(id));
                KindContext::Cards { cards: covering.map(|m| self.module_card(lang, &hrefs, m, Some(id))).collect() }
            }
            PageKind::Module { module, risk } => {
                let m = &site.content().modules[*module];
                let general = paths::module(&m.slug, None);
                breadcrumbs = vec![home, site_link(t("modules_title"), paths::MODULES)];
                if let Some(risk) = risk {
                    breadcrumbs.push(site_link(localized_title(site, lang, &key::module(&m.slug)), &general));
                    caption = Some(site.risk_label(lang, std::slice::from_ref(risk)));
                }
                let mut variants = Vec::new();
                if !m.doc.meta.risks.is_empty() {
                    variants.push(site_link(t("all_risks"), &general));
                    for r in &m.doc.meta.risks {
                        let label = site.risk_label(lang, std::slice::from_ref(r));
                        variants.push(site_link(label, &paths::module(&m.slug, Some(r))));
                    }
                }
                let short_address = site.short_address(page).map(|short| Link {
                    title: short.printed,
                    href: hrefs.to(&short.path),
                    current: false,
                });
                KindContext::Module { variants, leaflets: self.leaflet_links(lang, &hrefs, &page.path), short_address }
            }
            PageKind::LeafletIndex => {
                breadcrumbs.push(home);
                KindContext::LeafletIndex { leaflet_groups: self.leaflet_groups(lang, &hrefs) }
            }
            PageKind::Campaign { campaign } => {
                breadcrumbs = vec![home, site_link(t("campaigns_title"), paths::CAMPAIGNS)];
                let campaign = &site.content().campaigns[*campaign];
                let meta = &campaign.doc.meta;
                // A featured module that is not published yet, or no longer current, is left out.
                let module_cards = meta.modules.iter().filter_map(|slug| {
                    let index = site.content().modules.iter().position(|m| &m.slug == slug)?;
                    let current = site.module_publication(index) == Publication::Current;
                    current.then(|| self.module_card(lang, &hrefs, index, None))
                });
                let all_risks = self.risk_cards(lang, &hrefs);
                let risk_ids: Vec<&str> = site.config().risks.iter().map(|r| r.id()).collect();
                let risks = all_risks.into_iter().zip(risk_ids).filter(|(_, id)| meta.risks.iter().any(|r| r == id));
                let ended = (campaign.state(site.build_date()) == CampaignState::Ended)
                    .then(|| t("campaign_ended").replace("{date}", &site.format_date(lang, meta.end)));
                let pack = self.packs.get(page.path.as_str()).map(|pack| LeafletLink {
                    label: t("pack_link"),
                    href: hrefs.to(&pack.path),
                    details: t("pack_details")
                        .replace("{size}", &crate::leaflet::human_size(pack.size))
                        .replace("{n}", &pack.leaflets.to_string()),
                });
                KindContext::Campaign {
                    dates: self.campaign_dates(lang, campaign),
                    pack,
                    ended,
                    modules: module_cards.collect(),
                    risks: risks.map(|(card, _)| card).collect(),
                }
            }
            PageKind::CampaignIndex => {
                breadcrumbs.push(home);
                let (mut live, mut past) = (Vec::new(), Vec::new());
                for (_, campaign) in site.published_campaigns() {
                    let (title, summary, title_lang) = self.local(lang, &key::campaign(&campaign.slug));
                    let href = hrefs.to(&paths::localized(lang, &paths::campaign(&campaign.slug)));
                    let dir = title_lang.as_deref().and_then(|other| other_direction(site, lang, other));
                    let card = Card { title, href, summary, lang: title_lang, dir };
                    let entry = CampaignCard { card, dates: self.campaign_dates(lang, campaign) };
                    match campaign.state(site.build_date()) {
                        CampaignState::Live => live.push(entry),
                        _ => past.push(entry),
                    }
                }
                // The most recent past campaign first.
                past.reverse();
                KindContext::CampaignIndex { live, past }
            }
            PageKind::Plain { .. } | PageKind::NotFound => {
                breadcrumbs.push(home);
                KindContext::Other {}
            }
            PageKind::LanguageChooser => KindContext::Other {},
        };
        // The 404 page exists once: its language links go to each language's home page.
        let same_page = if page.kind == PageKind::NotFound { paths::HOME } else { page.site_path.as_str() };
        let languages = site
            .config()
            .languages
            .iter()
            .map(|l| LanguageLink {
                code: l.code().to_string(),
                native_name: l.native_name().to_string(),
                dir: l.direction,
                href: hrefs.to(&paths::localized(l.code(), same_page)),
                current: l.code() == lang && page.kind != PageKind::LanguageChooser,
            })
            .collect();
        let notice_key = page.translation.notice_key();
        let translation_notice = notice_key.map(|key| site.strings().get(lang, key));
        let body_html = page.body.as_ref().map(|doc| {
            let html = body::write(doc, &page.path, site.strings().get(lang, "important"));
            if doc.raw_html { sanitise::sanitise(&html) } else { html }
        });
        // Only a page with highlighted code loads the code styles.
        let code_css_href = self
            .code_css
            .filter(|_| body_html.as_deref().is_some_and(|html| html.contains(highlight::BLOCK_START)))
            .map(|path| hrefs.to(path));
        let notice_lang = notice_key.map(|key| site.strings().language_of(lang, key)).filter(|l| *l != lang);
        let translation_notice_dir = notice_lang.and_then(|text_lang| other_direction(site, lang, text_lang));
        Context {
            lang,
            dir: chrome.dir,
            source_lang: site.config().source_language().code(),
            ui: chrome.ui.get(template).cloned().unwrap_or_else(|| template_value(&Ui::new())),
            ui_dir: chrome.ui_dir.clone(),
            site: chrome.site.clone(),
            page: PageInfo {
                kind: kind_name(&page.kind),
                title: &page.title,
                caption,
                summary: &page.summary,
                canonical: site.address(&page.path),
                updated: page.updated.map(|d| site.format_date(lang, d)),
                body: body_html,
                contents: page.body.iter().flat_map(|doc| doc.contents()).collect(),
                title_lang: (page.title_lang != lang).then_some(page.title_lang.as_str()),
                summary_lang: (page.summary_lang != lang).then_some(page.summary_lang.as_str()),
                content_lang: (page.content_lang != lang).then_some(page.content_lang.as_str()),
                title_dir: other_direction(site, lang, &page.title_lang),
                summary_dir: other_direction(site, lang, &page.summary_lang),
                content_dir: other_direction(site, lang, &page.content_lang),
                translation_notice,
                translation_notice_lang: notice_lang,
                translation_notice_dir,
                draft_notice: chrome.draft_notice.as_ref(),
                share_image: self.share_images.get(page.path.as_str()).map(|path| site.address(path)),
                expired: expired_notice(site, page, &hrefs),
            },
            home_href: hrefs.to(&paths::localized(lang, paths::HOME)),
            feed_href: hrefs.to(&super::feed::path(lang)),
            offline_worker_href: page
                .path
                .starts_with(&format!("/{lang}/"))
                .then(|| hrefs.to(&super::offline::worker_path(lang))),
            css_href: hrefs.to(self.css),
            code_css_href,
            font_css_href: chrome.font_css.as_ref().map(|path| hrefs.to(path)),
            nav: chrome.nav.iter().map(|(title, path)| link(title.to_string(), path)).collect(),
            footer_links: chrome.footer.iter().map(|(title, path)| link(title.clone(), path)).collect(),
            breadcrumbs,
            languages,
            alternates: alternates(site, page),
            banners: self.banners(page, lang, &hrefs),
            kind,
        }
    }

    /// A document's title and summary in `lang`, and their language when that differs.
    fn local(&self, lang: &str, document: &str) -> (String, String, Option<String>) {
        let doc = self.site.titles(lang, document).expect("every document exists in every language");
        let other = (doc.title_lang != lang).then(|| doc.title_lang.clone());
        (doc.title.clone(), doc.summary.clone(), other)
    }

    /// The banners of the live campaigns that feature `page`.
    fn banners(&self, page: &Page, lang: &str, hrefs: &Hrefs<'_>) -> Vec<Banner> {
        let site = self.site;
        let strings = site.strings();
        let other = |text_lang: &str| -> (Option<String>, Option<&'static str>) {
            if text_lang == lang {
                (None, None)
            } else {
                (Some(text_lang.to_string()), other_direction(site, lang, text_lang))
            }
        };
        site.live_campaigns_for(&page.kind)
            .into_iter()
            .map(|campaign| {
                let (title, _, title_lang) = self.local(lang, &key::campaign(&campaign.slug));
                let title_dir = title_lang.as_deref().and_then(|other| other_direction(site, lang, other));
                let (banner, action) = (key::campaign_banner(&campaign.slug), key::campaign_action(&campaign.slug));
                let (text_lang, text_dir) = other(strings.language_of(lang, &banner));
                let (action_lang, action_dir) = other(strings.language_of(lang, &action));
                Banner {
                    title,
                    title_lang,
                    title_dir,
                    text: strings.get(lang, &banner).to_string(),
                    text_lang,
                    text_dir,
                    action: strings.get(lang, &action).to_string(),
                    action_lang,
                    action_dir,
                    href: hrefs.to(&paths::localized(lang, &paths::campaign(&campaign.slug))),
                }
            })
            .collect()
    }

    /// "1 November 2026 to 31 March 2027", in the page's language.
    fn campaign_dates(&self, lang: &str, campaign: &Campaign) -> String {
        let meta = &campaign.doc.meta;
        self.site
            .strings()
            .get(lang, "campaign_dates")
            .replace("{start}", &self.site.format_date(lang, meta.start))
            .replace("{end}", &self.site.format_date(lang, meta.end))
    }

    fn module_card(&self, lang: &str, hrefs: &Hrefs<'_>, index: usize, risk: Option<&str>) -> Card {
        let module = &self.site.content().modules[index];
        let (title, summary, title_lang) = self.local(lang, &key::module(&module.slug));
        let href = hrefs.to(&paths::localized(lang, &paths::module(&module.slug, risk)));
        let dir = title_lang.as_deref().and_then(|other| other_direction(self.site, lang, other));
        Card { title, href, summary, lang: title_lang, dir }
    }

    fn risk_cards(&self, lang: &str, hrefs: &Hrefs<'_>) -> Vec<Card> {
        let site = self.site;
        site.config()
            .risks
            .iter()
            .map(|risk| {
                let (_, summary, summary_lang) = self.local(lang, &key::risk(risk.id()));
                let dir = summary_lang.as_deref().and_then(|other| other_direction(site, lang, other));
                Card {
                    title: site.risk_label(lang, &[risk.id().to_string()]),
                    href: hrefs.to(&paths::localized(lang, &paths::risk(risk.id()))),
                    summary,
                    lang: summary_lang,
                    dir,
                }
            })
            .collect()
    }

    fn audiences(&self, lang: &str, hrefs: &Hrefs<'_>) -> Vec<AudienceGroup> {
        let modules = &self.site.content().modules;
        Audience::ALL
            .iter()
            .map(|audience| AudienceGroup {
                title: self.site.strings().get(lang, audience.key()).to_string(),
                modules: self
                    .site
                    .listed_modules()
                    .filter(|i| modules[*i].doc.meta.audience == *audience)
                    .map(|i| self.module_card(lang, hrefs, i, None))
                    .collect(),
            })
            .filter(|group| !group.modules.is_empty())
            .collect()
    }

    fn leaflet_links(&self, lang: &str, hrefs: &Hrefs<'_>, page_path: &str) -> Vec<LeafletLink> {
        self.leaflets
            .get(page_path)
            .into_iter()
            .flatten()
            .map(|leaflet| LeafletLink {
                label: self.site.strings().get(lang, leaflet.label_key()).to_string(),
                href: hrefs.to(&leaflet.path),
                details: leaflet_details(self.site, lang, leaflet),
            })
            .collect()
    }

    /// Every leaflet of a language: the general pages, then each risk's pages.
    fn leaflet_groups(&self, lang: &str, hrefs: &Hrefs<'_>) -> Vec<LeafletGroup> {
        let site = self.site;
        let modules = &site.content().modules;
        let item = |module: usize, risk: Option<&str>| {
            let m = &modules[module];
            let path = paths::localized(lang, &paths::module(&m.slug, risk));
            let links = self.leaflet_links(lang, hrefs, &path);
            LeafletItem { title: localized_title(site, lang, &key::module(&m.slug)), page_href: hrefs.to(&path), links }
        };
        let mut groups = vec![LeafletGroup {
            title: site.strings().get(lang, "all_risks").to_string(),
            items: site.listed_modules().map(|m| item(m, None)).collect(),
        }];
        for risk in &site.config().risks {
            let items = site
                .listed_modules()
                .filter(|m| modules[*m].doc.meta.risks.iter().any(|r| r == risk.id()))
                .map(|m| item(m, Some(risk.id())));
            let title = site.risk_label(lang, &[risk.id().to_string()]);
            groups.push(LeafletGroup { title, items: items.collect() });
        }
        for group in &mut groups {
            group.items.retain(|item| !item.links.is_empty());
        }
        groups.retain(|group| !group.items.is_empty());
        groups
    }
}

/// The notice of a page that is no longer current.
fn expired_notice(site: &Site, page: &Page, hrefs: &Hrefs<'_>) -> Option<ExpiredNotice> {
    let Publication::Expired(day) = page.publication else { return None };
    let lang = page.lang.as_str();
    let text_lang = Some(site.strings().language_of(lang, "expired_notice")).filter(|text_lang| *text_lang != lang);
    Some(ExpiredNotice {
        text: site.strings().get(lang, "expired_notice").replace("{date}", &site.format_date(lang, day)),
        text_lang: text_lang.map(str::to_string),
        text_dir: text_lang.and_then(|text_lang| other_direction(site, lang, text_lang)),
        current_href: hrefs.to(&paths::localized(lang, paths::MODULES)),
    })
}

/// The `dir` for text in `text_lang` on a page in `page_lang`, when the two read in different
/// directions.
fn other_direction(site: &Site, page_lang: &str, text_lang: &str) -> Option<&'static str> {
    let dir = site.direction(text_lang);
    (dir != site.direction(page_lang)).then_some(dir.as_str())
}

/// Pages that exist in every language list each other; the source language is the default.
fn alternates(site: &Site, page: &Page) -> Vec<Alternate> {
    let languages = &site.config().languages;
    if matches!(page.kind, PageKind::NotFound | PageKind::LanguageChooser) || languages.len() < 2 {
        return Vec::new();
    }
    let address = |lang: &str| site.address(&paths::localized(lang, &page.site_path));
    let mut all: Vec<Alternate> =
        languages.iter().map(|l| Alternate { hreflang: l.code().to_string(), href: address(l.code()) }).collect();
    let source_lang = site.config().source_language().code();
    all.push(Alternate { hreflang: "x-default".into(), href: address(source_lang) });
    all
}

/// The template that draws a kind of page.
pub fn template_name(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::LanguageChooser => "languages.html",
        PageKind::NotFound => "404.html",
        PageKind::Home => "home.html",
        PageKind::ModuleIndex => "modules.html",
        PageKind::Module { .. } => "module.html",
        PageKind::RiskIndex => "risks.html",
        PageKind::Risk { .. } => "risk.html",
        PageKind::Plain { .. } => "page.html",
        PageKind::LeafletIndex => "leaflets.html",
        PageKind::Campaign { .. } => "campaign.html",
        PageKind::CampaignIndex => "campaigns.html",
    }
}

fn kind_name(kind: &PageKind) -> &'static str {
    template_name(kind).trim_end_matches(".html")
}

/// "PDF, 182 KB, 2 pages", in the page's language.
fn leaflet_details(site: &Site, lang: &str, leaflet: &Leaflet) -> String {
    let pages = if leaflet.pages == 1 {
        site.strings().get(lang, "leaflet_one_page").to_string()
    } else {
        site.strings().get(lang, "leaflet_pages").replace("{n}", &leaflet.pages.to_string())
    };
    format!("PDF, {}, {pages}", crate::leaflet::human_size(leaflet.bytes))
}

/// The path part of the base URL, without a trailing slash ("" for a site at the domain root).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].trim_end_matches('/').to_string())
}

/// The interface strings each template names as `ui.NAME`, counting the templates it extends,
/// includes and imports (macros that take `ui` read it there).
pub fn ui_names(templates: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let direct: BTreeMap<&str, (BTreeSet<String>, Vec<String>)> = templates
        .iter()
        .map(|(name, text)| (name.as_str(), (names_after(text, "ui."), referenced_templates(text))))
        .collect();
    templates
        .keys()
        .map(|name| {
            let mut names = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let mut queue = vec![name.as_str()];
            while let Some(template) = queue.pop() {
                if !seen.insert(template) {
                    continue;
                }
                if let Some((own, uses)) = direct.get(template) {
                    names.extend(own.iter().cloned());
                    queue.extend(uses.iter().map(String::as_str));
                }
            }
            (name.clone(), names)
        })
        .collect()
}

/// Identifiers written right after `prefix` ("ui." → "skip_link").
fn names_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter(|(at, _)| !text[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            rest[..rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())].to_string()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Templates named in `extends`, `include` and `import` tags.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in ["extends", "include", "import"] {
        for (at, _) in text.match_indices(&format!("{{% {tag} \"")) {
            let rest = &text[at + tag.len() + 5..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.org"), "");
        assert_eq!(base_path("https://example.org/prepared"), "/prepared");
    }

    #[test]
    fn each_template_gets_the_strings_it_and_its_parents_name() {
        let templates = BTreeMap::from([
            ("base.html".to_string(), "{{ ui.skip_link }}{% block main %}{% endblock %}".to_string()),
            ("macros.html".to_string(), "{% macro c(ui) %}{{ ui.contents }}{% endmacro %}".to_string()),
            (
                "page.html".to_string(),
                "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{{ ui.updated }} {{ menu.x }}".to_string(),
            ),
        ]);
        let names = ui_names(&templates);
        let page: Vec<&str> = names["page.html"].iter().map(String::as_str).collect();
        assert_eq!(page, vec!["contents", "skip_link", "updated"]);
        assert_eq!(names["base.html"].len(), 1);
    }
}
