//! HTML pages from the resolved site, through the theme's Tera templates. Each template gets a
//! small typed context built for its page; links in it are already relative to the page.

use crate::config::{Direction, LanguageStatus, Partnership};
use crate::content::Audience;
use crate::diagnostics::Diagnostic;
use crate::leaflet::Leaflet;
use crate::localize::TranslationState;
use crate::markdown::Heading;
use crate::site::{Page, PageKind, Site};
use crate::theme::Theme;
use crate::urls;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A rendered page, ready to be written.
pub struct HtmlPage {
    pub path: String,
    pub html: String,
}

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
    body: Option<&'a str>,
    /// Second-level headings, for the contents list.
    contents: Vec<&'a Heading>,
    /// Set when the title or text is in another language than the page (not yet translated).
    title_lang: Option<&'a str>,
    content_lang: Option<&'a str>,
    /// Why some or all of the text is in the source language, in the reader's language.
    translation_notice: Option<String>,
    /// A draft translation's notice, in the reader's language and in the source language.
    draft_notice: Option<DraftNotice>,
    summary_lang: Option<&'a str>,
}

#[derive(Serialize)]
struct DraftNotice {
    text: String,
    source_text: String,
}

/// Another language's version of a page, for `<link rel="alternate" hreflang>`.
#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct Context<'a> {
    lang: &'a str,
    dir: Direction,
    ui: &'a BTreeMap<String, String>,
    site: SiteInfo<'a>,
    page: PageInfo<'a>,
    /// Hrefs of the home page, the stylesheet and the icon.
    home_href: String,
    css_href: String,
    nav: Vec<Link>,
    footer_links: Vec<Link>,
    breadcrumbs: Vec<Link>,
    /// On a module: the general page and one page per risk.
    variants: Vec<Link>,
    /// On a risk page: the modules that cover it. On the home page and risk index: the risks.
    cards: Vec<Card>,
    /// Modules grouped by audience (home page, module index).
    audiences: Vec<AudienceGroup>,
    languages: Vec<LanguageLink>,
    /// Absolute addresses of this page in every language.
    alternates: Vec<Alternate>,
    /// The source language, for text marked as such.
    source_lang: &'a str,
    /// Web fonts for this page's script, when the theme has them.
    font_css_href: Option<String>,
    /// On a module page: its leaflets.
    leaflets: Vec<LeafletLink>,
    /// On the leaflets page: every leaflet, grouped by risk.
    leaflet_groups: Vec<LeafletGroup>,
}

/// Leaflets by the output path of the page they print.
type LeafletsByPage<'a> = BTreeMap<&'a str, Vec<&'a Leaflet>>;

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

pub fn stylesheet_path(theme: &Theme) -> String {
    // The content hash in the query makes browsers fetch a changed stylesheet at once.
    let css = theme.assets.get("beacon.css").map(Vec::as_slice).unwrap_or_default();
    let hash = crate::hash::hex_digest(&[css]);
    format!("/assets/beacon.css?v={}", &hash[..10])
}

pub fn render_all(site: &Site, theme: &Theme, leaflets: &[Leaflet]) -> Result<Vec<HtmlPage>> {
    let mut by_page: LeafletsByPage<'_> = BTreeMap::new();
    for leaflet in leaflets {
        by_page.entry(leaflet.page.as_str()).or_default().push(leaflet);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's default also escapes "/", which makes every URL unreadable and longer for nothing.
    tera.set_escape_fn(crate::markdown::escape);
    tera.register_filter("isolate", isolate_filter);
    tera.add_raw_templates(theme.templates.iter().map(|(name, text)| (name.as_str(), text.as_str())))
        .map_err(|e| anyhow::anyhow!(template_error(theme, &e)))?;
    let css = stylesheet_path(theme);
    site.pages
        .par_iter()
        .map(|page| {
            let context = context(site, page, &css, &by_page);
            let template = template_name(&page.kind);
            let context = tera::Context::from_serialize(&context).context("building the template context")?;
            let html = tera.render(template, &context).map_err(|e| anyhow::anyhow!(template_error(theme, &e)))?;
            let html = if site.config.build.minify { minify(&html) } else { html };
            Ok(HtmlPage { path: page.path.clone(), html })
        })
        .collect()
}

/// `{{ text | isolate(dir=dir) | safe }}`: escapes the text and, on right-to-left pages, keeps
/// phone numbers and web addresses reading left to right.
fn isolate_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("isolate needs text"))?;
    let rtl = args.get("dir").and_then(tera::Value::as_str) == Some("rtl");
    let html = if rtl { crate::bidi::isolate_html(text) } else { crate::markdown::escape(text) };
    Ok(tera::Value::String(html))
}

fn template_error(theme: &Theme, error: &tera::Error) -> Diagnostic {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::error(&theme.origin, 0, format!("template error: {chain}"))
        .help("fix the template (a site's own templates/ folder overrides the theme's)")
}

fn template_name(kind: &PageKind) -> &'static str {
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
    }
}

fn kind_name(kind: &PageKind) -> &'static str {
    template_name(kind).trim_end_matches(".html")
}

fn minify(html: &str) -> String {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap_or_else(|_| html.to_string())
}

fn context<'a>(site: &'a Site, page: &'a Page, css: &str, leaflets: &LeafletsByPage<'_>) -> Context<'a> {
    let lang = page.lang.as_str();
    let ui = site.strings.all(lang);
    let t = |key: &str| site.strings.get(lang, key).to_string();
    let hrefs = Hrefs {
        base: page.link_base(),
        absolute_root: (page.kind == PageKind::NotFound).then(|| base_path(&site.config.base_url)),
    };
    let localized = |site_path: &str| urls::localized(lang, site_path);
    let link = |title: String, site_path: &str| Link {
        title,
        href: hrefs.to(&localized(site_path)),
        current: page.site_path == site_path && page.kind != PageKind::LanguageChooser,
    };
    let home = Link { title: t("home"), href: hrefs.to(&localized("/")), current: false };
    // A document's title and summary in this page's language, and their language when that differs.
    let local = |context: String| {
        let doc = &site.localized[&(lang.to_string(), context)];
        let other = (doc.title_lang != lang).then(|| doc.title_lang.clone());
        (doc.title.clone(), doc.summary.clone(), other)
    };

    let mut nav = vec![link(t("risks_title"), "/risks/"), link(t("modules_title"), "/modules/")];
    if !leaflets.is_empty() {
        nav.push(link(t("leaflets_title"), "/leaflets/"));
    }
    let leaflet_links = |page_path: &str| -> Vec<LeafletLink> {
        leaflets
            .get(page_path)
            .into_iter()
            .flatten()
            .map(|leaflet| LeafletLink {
                label: t(leaflet.format.label_key()),
                href: hrefs.to(&leaflet.path),
                details: leaflet_details(site, lang, leaflet),
            })
            .collect()
    };
    let footer_links = site
        .content
        .pages
        .iter()
        .map(|p| link(local(format!("page:{}", p.slug)).0, &format!("/{}/", p.slug)))
        .collect();

    let module_card = |index: usize, risk: Option<&str>| {
        let module = &site.content.modules[index];
        let path = match risk {
            Some(risk) => format!("/modules/{}/{risk}/", module.slug),
            None => format!("/modules/{}/", module.slug),
        };
        let (title, summary, lang) = local(format!("module:{}", module.slug));
        Card { title, href: hrefs.to(&localized(&path)), summary, lang }
    };
    let risk_cards = || {
        site.config
            .risks
            .iter()
            .map(|risk| {
                let (_, summary, summary_lang) = local(format!("risk:{}", risk.id()));
                Card {
                    title: site.risk_label(lang, std::slice::from_ref(&risk.id.get_ref().clone())),
                    href: hrefs.to(&localized(&format!("/risks/{}/", risk.id()))),
                    summary,
                    lang: summary_lang,
                }
            })
            .collect::<Vec<_>>()
    };
    let audiences = || {
        Audience::ALL
            .iter()
            .map(|audience| AudienceGroup {
                title: t(audience.key()),
                modules: site
                    .content
                    .modules
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.doc.meta.audience == *audience)
                    .map(|(i, _)| module_card(i, None))
                    .collect(),
            })
            .filter(|group| !group.modules.is_empty())
            .collect::<Vec<_>>()
    };

    let mut breadcrumbs = Vec::new();
    let mut variants = Vec::new();
    let mut cards = Vec::new();
    let mut groups = Vec::new();
    let mut caption = None;
    let mut page_leaflets = Vec::new();
    let mut leaflet_groups = Vec::new();
    match &page.kind {
        PageKind::Home => {
            cards = risk_cards();
            groups = audiences();
        }
        PageKind::ModuleIndex => {
            breadcrumbs.push(home);
            groups = audiences();
        }
        PageKind::RiskIndex => {
            breadcrumbs.push(home);
            cards = risk_cards();
        }
        PageKind::Risk { id } => {
            breadcrumbs = vec![home, link(t("risks_title"), "/risks/")];
            cards = site
                .content
                .modules
                .iter()
                .enumerate()
                .filter(|(_, m)| m.doc.meta.risks.iter().any(|r| r == id))
                .map(|(i, _)| module_card(i, Some(id)))
                .collect();
        }
        PageKind::Module { module, risk } => {
            let m = &site.content.modules[*module];
            breadcrumbs = vec![home, link(t("modules_title"), "/modules/")];
            if risk.is_some() {
                breadcrumbs.push(link(local(format!("module:{}", m.slug)).0, &format!("/modules/{}/", m.slug)));
                caption = risk.as_ref().map(|r| site.risk_label(lang, std::slice::from_ref(r)));
            }
            page_leaflets = leaflet_links(&page.path);
            if !m.doc.meta.risks.is_empty() {
                variants.push(link(t("all_risks"), &format!("/modules/{}/", m.slug)));
                for r in &m.doc.meta.risks {
                    variants.push(link(
                        site.risk_label(lang, std::slice::from_ref(r)),
                        &format!("/modules/{}/{r}/", m.slug),
                    ));
                }
            }
        }
        PageKind::LeafletIndex => {
            breadcrumbs.push(home);
            let item = |module: usize, risk: Option<&str>| {
                let m = &site.content.modules[module];
                let site_path = match risk {
                    Some(risk) => format!("/modules/{}/{risk}/", m.slug),
                    None => format!("/modules/{}/", m.slug),
                };
                let links = leaflet_links(&localized(&site_path));
                let title = local(format!("module:{}", m.slug)).0;
                LeafletItem { title, page_href: hrefs.to(&localized(&site_path)), links }
            };
            let general = (0..site.content.modules.len()).map(|m| item(m, None));
            leaflet_groups.push(LeafletGroup { title: t("all_risks"), items: general.collect() });
            for risk in &site.config.risks {
                let items = (0..site.content.modules.len())
                    .filter(|m| site.content.modules[*m].doc.meta.risks.iter().any(|r| r == risk.id()))
                    .map(|m| item(m, Some(risk.id())));
                let title = site.risk_label(lang, std::slice::from_ref(&risk.id().to_string()));
                leaflet_groups.push(LeafletGroup { title, items: items.collect() });
            }
            for group in &mut leaflet_groups {
                group.items.retain(|item| !item.links.is_empty());
            }
            leaflet_groups.retain(|group| !group.items.is_empty());
        }
        PageKind::Plain { .. } | PageKind::NotFound => breadcrumbs.push(home),
        PageKind::LanguageChooser => {}
    }

    // The 404 page exists once: its language links go to each language's home page.
    let same_page = if page.kind == PageKind::NotFound { "/" } else { page.site_path.as_str() };
    let languages = site
        .config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: l.code().to_string(),
            native_name: l.native_name().to_string(),
            dir: l.direction,
            href: hrefs.to(&urls::localized(l.code(), same_page)),
            current: l.code() == lang && page.kind != PageKind::LanguageChooser,
        })
        .collect();

    let contents = page.body.iter().flat_map(|b| b.headings.iter().filter(|h| h.level == 2)).collect();
    let source_lang = site.config.source_language().code();
    let translation_notice = match page.translation {
        TranslationState::Fallback => Some(t("not_translated")),
        TranslationState::Partial => Some(t("partly_translated")),
        TranslationState::Source | TranslationState::Complete => None,
    };
    let draft_notice = (site.language(lang).status == LanguageStatus::Draft).then(|| DraftNotice {
        text: t("draft_notice"),
        source_text: site.strings.get(source_lang, "draft_notice").to_string(),
    });
    // Pages that exist in every language list each other; the source language is the default.
    let alternates =
        if matches!(page.kind, PageKind::NotFound | PageKind::LanguageChooser) || site.config.languages.len() < 2 {
            Vec::new()
        } else {
            let mut all: Vec<Alternate> = site
                .config
                .languages
                .iter()
                .map(|l| Alternate {
                    hreflang: l.code().to_string(),
                    href: format!("{}{}", site.config.base_url, urls::localized(l.code(), &page.site_path)),
                })
                .collect();
            all.push(Alternate {
                hreflang: "x-default".into(),
                href: format!("{}{}", site.config.base_url, urls::localized(source_lang, &page.site_path)),
            });
            all
        };
    let font_css_href = site.fonts_for(lang).map(|path| hrefs.to(&path));
    Context {
        lang,
        dir: site.language(lang).direction,
        ui,
        site: SiteInfo {
            title: &site.config.title,
            description: site.strings.get(lang, "site_description"),
            partnership: &site.config.partnership,
        },
        page: PageInfo {
            kind: kind_name(&page.kind),
            title: &page.title,
            caption,
            summary: &page.summary,
            canonical: format!("{}{}", site.config.base_url, page.path),
            updated: page.updated.map(|d| format_date(site, lang, d)),
            body: page.body.as_ref().map(|b| b.html.as_str()),
            contents,
            title_lang: (page.title_lang != lang).then_some(page.title_lang.as_str()),
            summary_lang: (page.summary_lang != lang).then_some(page.summary_lang.as_str()),
            content_lang: (page.content_lang != lang).then_some(page.content_lang.as_str()),
            translation_notice,
            draft_notice,
        },
        home_href: hrefs.to(&localized("/")),
        css_href: hrefs.to(css),
        nav,
        footer_links,
        breadcrumbs,
        variants,
        cards,
        audiences: groups,
        languages,
        alternates,
        source_lang,
        font_css_href,
        leaflets: page_leaflets,
        leaflet_groups,
    }
}

/// "PDF, 182 KB, 2 pages", in the page's language.
fn leaflet_details(site: &Site, lang: &str, leaflet: &Leaflet) -> String {
    let pages = if leaflet.pages == 1 {
        site.strings.get(lang, "leaflet_one_page").to_string()
    } else {
        site.strings.get(lang, "leaflet_pages").replace("{n}", &leaflet.pages.to_string())
    };
    format!("PDF, {}, {pages}", crate::leaflet::human_size(leaflet.pdf.len()))
}

/// "22 November 2026", with the month name from the page language's strings.
pub fn format_date(site: &Site, lang: &str, date: time::Date) -> String {
    let month = site.strings.get(lang, &format!("month_{}", u8::from(date.month()))).to_string();
    format!("{} {month} {}", date.day(), date.year())
}

/// The path part of the base URL, without a trailing slash ("" for a site at the domain root).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].trim_end_matches('/').to_string())
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
    fn minify_keeps_the_document_valid() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>T</title></head>\n<body>\n  <p>A   b</p>\n</body>\n</html>\n";
        let out = minify(html);
        assert!(out.starts_with("<!doctype html><html lang=en><head>"), "{out}");
        assert!(out.contains("<p>A b</p>"), "{out}");
    }
}
