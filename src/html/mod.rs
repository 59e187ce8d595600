//! HTML pages from the resolved site, through the theme's Tera templates. Each template gets a
//! small typed context ([`context`]) built for its page; links in it are already relative to the
//! page. The page's text comes from its document, written by [`body`].

pub mod body;
pub(crate) mod compact;
mod context;
pub mod feed;
pub mod highlight;
pub mod offline;
pub mod pack;
pub mod posts;
pub mod redirect;
pub mod sanitise;
pub mod sitemap;
pub mod web_fonts;

use crate::diagnostics::Diagnostic;
use crate::leaflet::{Leaflet, ShareImage};
use crate::load::theme::Theme;
use crate::site::{Page, Site};
use anyhow::{Context as _, Result};
use context::{Chrome, LeafletsByPage, PageContexts, template_name};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What the printing stages made for the web pages to link: leaflets, share images and the
/// live campaigns' packs.
#[derive(Clone, Copy, Default)]
pub struct Printed<'a> {
    pub leaflets: &'a [Leaflet],
    pub share_images: &'a [ShareImage],
    pub packs: &'a [pack::Pack],
}

/// A rendered page, ready to be written.
pub struct HtmlPage {
    pub path: String,
    pub lang: String,
    pub html: String,
}

/// The theme's styles for highlighted code, loaded only by pages with code.
const CODE_STYLES: &str = "code.css";

pub fn stylesheet_path(theme: &Theme) -> String {
    asset_path(theme, "beacon.css")
}

/// Every stylesheet a page may load besides its language's fonts, as pages name them.
pub fn stylesheet_paths(theme: &Theme) -> Vec<String> {
    let mut paths = vec![stylesheet_path(theme)];
    paths.extend(theme.assets.contains_key(CODE_STYLES).then(|| asset_path(theme, CODE_STYLES)));
    paths
}

/// A theme asset's address; the content hash in the query makes browsers fetch a changed file
/// at once.
fn asset_path(theme: &Theme, name: &str) -> String {
    let bytes = theme.assets.get(name).map(Vec::as_slice).unwrap_or_default();
    let hash = crate::text::hash::hex_digest(&[bytes]);
    format!("/assets/{name}?v={}", &hash[..10])
}

/// Renders every page in parallel and hands each to `write` as soon as it is made, so the whole
/// site's HTML is never held in memory at once.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    printed: Printed<'_>,
    write: &(dyn Fn(HtmlPage) -> Result<()> + Sync),
) -> Result<()> {
    Renderer::new(theme)?.render(site, printed, &|_| true, write)
}

thread_local! {
    /// Each rendering thread's page buffer, kept from page to page: rendered into a fresh buffer,
    /// a page grows it from empty, copying itself at every doubling, and the result then needs a
    /// second, slower UTF-8 check.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The theme's templates, ready to render pages of any site drawn with it: `serve` keeps one
/// and renders only the pages an edit touched.
pub struct Renderer {
    tera: tera::Tera,
    /// Where the theme comes from, for template errors.
    origin: std::path::PathBuf,
    css: String,
    code_css: Option<String>,
    /// Template name → the interface strings it names.
    ui_names: BTreeMap<String, std::collections::BTreeSet<String>>,
}

impl Renderer {
    pub fn new(theme: &Theme) -> Result<Renderer> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        // Tera's default also escapes "/", which makes every URL unreadable and longer for nothing.
        tera.set_escape_fn(crate::text::escape_html);
        tera.register_filter("isolate", isolate_filter);
        tera.add_raw_templates(theme.templates.iter().map(|(name, text)| (name.as_str(), text.as_str())))
            .map_err(|e| anyhow::anyhow!(template_error(&theme.origin, &e)))?;
        Ok(Renderer {
            tera,
            origin: theme.origin.clone(),
            css: stylesheet_path(theme),
            code_css: theme.assets.contains_key(CODE_STYLES).then(|| asset_path(theme, CODE_STYLES)),
            ui_names: context::ui_names(&theme.templates),
        })
    }

    /// Renders, in parallel, every page for which `wanted` is true, handing each to `write` as
    /// soon as it is made.
    pub fn render(
        &self,
        site: &Site,
        printed: Printed<'_>,
        wanted: &(dyn Fn(&Page) -> bool + Sync),
        write: &(dyn Fn(HtmlPage) -> Result<()> + Sync),
    ) -> Result<()> {
        let leaflets = printed.leaflets;
        let mut by_page: LeafletsByPage<'_> = BTreeMap::new();
        for leaflet in leaflets {
            by_page.entry(leaflet.page.as_str()).or_default().push(leaflet);
        }
        let chrome: BTreeMap<&str, Chrome<'_>> = site
            .config()
            .languages
            .iter()
            .map(|l| (l.code(), Chrome::new(site, l.code(), &self.ui_names, !leaflets.is_empty())))
            .collect();
        let share_images =
            printed.share_images.iter().map(|image| (image.page.as_str(), image.path.as_str())).collect();
        let packs = printed.packs.iter().map(|pack| (pack.page.as_str(), pack)).collect();
        let contexts = PageContexts {
            site,
            css: &self.css,
            code_css: self.code_css.as_deref(),
            leaflets: &by_page,
            share_images: &share_images,
            packs: &packs,
        };
        site.pages().par_iter().filter(|page| wanted(page)).try_for_each(|page| {
            let template = template_name(&page.kind);
            let context = contexts.context(page, &chrome[page.lang.as_str()], template);
            let context = tera::Context::from_serialize(&context).context("building the template context")?;
            let html = PAGE_BUFFER.with_borrow_mut(|buffer| -> Result<String> {
                buffer.clear();
                self.tera
                    .render_to(template, &context, &mut *buffer)
                    .map_err(|e| anyhow::anyhow!(template_error(&self.origin, &e)))?;
                let html = simdutf8::basic::from_utf8(buffer)
                    .map_err(|_| anyhow::anyhow!("template {template} wrote text that is not UTF-8"))?;
                Ok(if site.config().build.minify { compact::compact(html) } else { html.to_string() })
            })?;
            write(HtmlPage { path: page.path.clone(), lang: page.lang.clone(), html })
        })
    }
}

/// `{{ text | isolate(dir=dir) | safe }}`: escapes the text and, on right-to-left pages, keeps
/// phone numbers and web addresses reading left to right.
fn isolate_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("isolate needs text"))?;
    let rtl = args.get("dir").and_then(tera::Value::as_str) == Some("rtl");
    let html = if rtl { crate::text::bidi::isolate_html(text) } else { crate::text::escape_html(text) };
    Ok(tera::Value::String(html))
}

fn template_error(origin: &std::path::Path, error: &tera::Error) -> Diagnostic {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    Diagnostic::error(origin, 0, format!("template error: {chain}"))
        .help("fix the template (a site's own templates/ folder overrides the theme's)")
}
