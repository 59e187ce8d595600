//! HTML pages from the resolved site, through the theme's Jinja templates (rendered by
//! minijinja). Each template gets a small typed context ([`context`]) built for its page; links
//! in it are already relative to the page. The page's text comes from its document, written by
//! [`body`].

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
use anyhow::Result;
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

/// The leaflets, share images and packs a build would make, listed without making them (no
/// file, no size, one page each): `check`, and a build's early web fonts, render the pages with
/// these, so that the templates' lists of them are rendered as in a build.
pub struct Planned {
    leaflets: Vec<Leaflet>,
    share_images: Vec<ShareImage>,
    packs: Vec<pack::Pack>,
}

impl Planned {
    pub fn of(site: &Site, theme: &Theme) -> Planned {
        let leaflets = crate::leaflet::planned(site);
        let share_images = crate::leaflet::planned_share_images(site, theme);
        let packs = pack::planned(site, &leaflets, &share_images);
        Planned { leaflets, share_images, packs }
    }

    pub fn printed(&self) -> Printed<'_> {
        Printed { leaflets: &self.leaflets, share_images: &self.share_images, packs: &self.packs }
    }
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

/// The theme's templates, compiled, ready to render pages of any site drawn with it. They are
/// compiled when the site is loaded, so `check` finds a template's mistakes as `build` would;
/// `serve` keeps them and renders only the pages an edit touched.
pub struct Renderer {
    templates: minijinja::Environment<'static>,
    /// Template name → its file, for template errors.
    files: BTreeMap<String, std::path::PathBuf>,
    css: String,
    code_css: Option<String>,
    /// Template name → the interface strings it names.
    ui_names: BTreeMap<String, std::collections::BTreeSet<String>>,
}

impl Renderer {
    pub fn new(theme: &Theme) -> Result<Renderer, Diagnostic> {
        let mut templates = minijinja::Environment::new();
        // A template's text is kept to its last byte: Jinja would drop a final newline.
        let syntax = minijinja::syntax::SyntaxConfig::builder().keep_trailing_newline(true).build();
        templates.set_syntax(syntax.expect("the default delimiters are valid"));
        // A name the context lacks stops the build when it is printed or looped over (a missing
        // phone number must not print as nothing); `{% if name %}` may still ask for it.
        templates.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        templates.set_formatter(write_escaped);
        templates.add_filter("isolate", isolate_filter);
        for (name, text) in &theme.templates {
            templates
                .add_template_owned(name.clone(), text.clone())
                .map_err(|e| template_error(&theme.template_files, &e))?;
        }
        Ok(Renderer {
            templates,
            files: theme.template_files.clone(),
            css: stylesheet_path(theme),
            code_css: theme.assets.contains_key(CODE_STYLES).then(|| asset_path(theme, CODE_STYLES)),
            ui_names: context::ui_names(&theme.templates),
        })
    }

    /// Renders, in parallel, every page for which `wanted` is true, handing each to `write` as
    /// soon as it is made, so the whole site's HTML is never held in memory at once.
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
            let html = self
                .templates
                .get_template(template)
                .and_then(|t| t.render(minijinja::value::Serde(&context)))
                .map_err(|e| crate::diagnostics::ContentErrors::from(template_error(&self.files, &e)))?;
            let html = if site.config().build.minify { compact::compact(&html) } else { html };
            write(HtmlPage { path: page.path.clone(), lang: page.lang.clone(), html })
        })
    }
}

/// Writes a value into a page, escaped for HTML unless it is marked safe. The same escaping as
/// the page text's: minijinja's own also escapes "/" and "'", which makes every URL longer and
/// unreadable for nothing.
fn write_escaped(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if !value.is_safe() && matches!(state.auto_escape(), minijinja::AutoEscape::Html) => {
            Ok(crate::text::write_escaped_html(out, text)?)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `{{ text | isolate(dir=dir) }}`: escapes the text and, on right-to-left pages, keeps phone
/// numbers and web addresses reading left to right.
fn isolate_filter(text: &str, options: minijinja::value::Kwargs) -> Result<minijinja::Value, minijinja::Error> {
    let rtl = options.get::<Option<&str>>("dir")? == Some("rtl");
    options.assert_all_used()?;
    let html = if rtl { crate::text::bidi::isolate_html(text) } else { crate::text::escape_html(text) };
    Ok(minijinja::Value::from_safe_string(html))
}

/// A template problem, with the template's file and line when minijinja knows them.
fn template_error(files: &BTreeMap<String, std::path::PathBuf>, error: &minijinja::Error) -> Diagnostic {
    // The kind and detail, without minijinja's own "(in name:line)": the file and line lead.
    let mut message = format!("template error: {}", error.kind());
    if let Some(detail) = error.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let file = error.name().and_then(|name| files.get(name)).map_or_else(|| "templates".into(), Clone::clone);
    let help = match error.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "the template prints a name its page does not have: check the spelling against the default theme's templates"
        }
        _ => "fix the template (a site's own templates/ folder overrides the theme's)",
    };
    Diagnostic::error(file, error.line().unwrap_or(0), message).help(help)
}
