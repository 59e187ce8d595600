//! Share images: for each published campaign and language, a 1200 × 630 PNG of its title, banner
//! text and address, laid out by Typst with the leaflet fonts so every script is shaped as on
//! paper. Social networks show it beside a link to the campaign's page (`og:image`). Images are
//! kept in the cache like leaflets, by the hash of everything that shapes them.

use super::{ShareImage, engine, markup};
use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use crate::site::{Page, PageKind, Site};
use anyhow::Result;
use rayon::prelude::*;
use std::path::Path;

/// Bumped when Beacon changes how it makes a share image.
const SHARE_VERSION: &str = "beacon-share-1 typst-0.15.1";

/// The folder of the leaflet cache that keeps share images.
pub const CACHE_FOLDER: &str = "share-images";

/// The template's page is 600 × 315 points: two pixels a point make 1200 × 630.
const PIXELS_PER_POINT: f32 = 2.0;

/// The share image of every published campaign's page in every language; none when the theme
/// has no share layout. `cache_dir` keeps them between builds.
pub fn make_all(site: &Site, theme: &Theme, cache_dir: &Path) -> Result<Vec<ShareImage>> {
    let Some((template_file, template)) = &theme.share_template else { return Ok(Vec::new()) };
    let pages = super::pages_with_share_images(site, theme);
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let folder = cache_dir.join(CACHE_FOLDER);
    let fonts_digest = theme.fonts_digest();
    // Fonts are loaded only when an image is not in the cache.
    let engine = std::sync::OnceLock::new();
    // Each on its own thread: Typst lays out and draws an image in a few milliseconds.
    pages
        .par_iter()
        .map(|page| {
            let main = format!("{template}\n{}", call(site, page));
            let key =
                crate::text::hash::hex_digest(&[SHARE_VERSION.as_bytes(), fonts_digest.as_bytes(), main.as_bytes()]);
            let file = crate::output::cached_file(&folder, &format!("{key}.png"), || {
                let engine = engine.get_or_init(|| engine::Engine::new("", template_file, &theme.fonts));
                let document = engine::Document {
                    main,
                    body_len: 0,
                    files: &[],
                    date: site.build_date(),
                    ident: &page.path,
                    page_multiple: 1,
                };
                engine.render_png(&document, PIXELS_PER_POINT).map_err(|problem| {
                    let place = page.source.clone().unwrap_or_default();
                    anyhow::anyhow!(crate::diagnostics::ContentErrors(Diagnostic { file: place, ..problem }.into()))
                })
            })?;
            Ok(ShareImage { page: page.path.clone(), path: super::share_image_path(page), file })
        })
        .collect()
}

/// `share-image(...)` with the page's campaign, in the page's language; text not translated yet
/// keeps its own language and direction.
fn call(site: &Site, page: &Page) -> String {
    let PageKind::Campaign { campaign } = page.kind else { unreachable!("only campaign pages have share images") };
    let slug = &site.content().campaigns[campaign].slug;
    let lang = page.lang.as_str();
    let banner = crate::load::paths::key::campaign_banner(slug);
    let banner_lang = site.strings().language_of(lang, &banner);
    let in_language = |text: &str, text_lang: &str| {
        let text = markup::string(text);
        if text_lang == lang {
            text
        } else {
            format!("text(lang: {}, dir: {}, {text})", markup::string(text_lang), site.direction(text_lang).as_str())
        }
    };
    format!(
        "#share-image(site: {}, title: {}, body: {}, address: {}, lang: {}, dir: {})\n",
        markup::string(&site.config().title),
        in_language(&page.title, &page.title_lang),
        in_language(site.strings().get(lang, &banner), banner_lang),
        markup::string(crate::text::urls::printed(&site.address(&page.path))),
        markup::string(lang),
        site.direction(lang).as_str(),
    )
}
