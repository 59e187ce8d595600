//! Printable leaflets: every module page (general and each risk) in every language and format.
//! [`markup`] writes a page's document as Typst markup; with the `pdf` feature (on by default),
//! [`render_all`] lays them out with Typst in parallel and keeps them in a cache, and
//! [`coverage`] checks the leaflet fonts have every character.

#[cfg(feature = "pdf")]
mod booklet;
#[cfg(feature = "pdf")]
mod cache;
#[cfg(feature = "pdf")]
pub mod coverage;
#[cfg(feature = "pdf")]
mod engine;
#[cfg(feature = "pdf")]
mod footers;
#[cfg(feature = "pdf")]
mod marks;
pub mod markup;
#[cfg(feature = "pdf")]
mod pieces;
#[cfg(feature = "pdf")]
mod qr;
#[cfg(feature = "pdf")]
mod render;
#[cfg(feature = "pdf")]
pub mod share;
#[cfg(feature = "pdf")]
mod tally;

use crate::load::config::LeafletFormat;
use crate::load::theme::Theme;
use crate::site::{Page, PageKind, Site};
use std::path::{Path, PathBuf};

#[cfg(feature = "pdf")]
pub use render::{LeafletOptions, LeafletReport, render_all, render_some};

/// A rendered leaflet.
#[derive(Debug, Clone)]
pub struct Leaflet {
    /// Output path of the web page it prints.
    pub page: String,
    pub lang: String,
    pub format: LeafletFormat,
    /// The print-shop edition of an A5 leaflet: its pages imposed two to a side of A4, to fold
    /// into a booklet. False for the leaflet itself.
    pub booklet: bool,
    /// Output path of the PDF, e.g. "/en/leaflets/prepare-your-home-flood-a4.pdf".
    pub path: String,
    /// Where the PDF is (in the leaflet cache), to be linked or copied into the output.
    pub file: PathBuf,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    pub pages: usize,
    /// When the cache's file was written (see `cache::Cached`).
    pub changed: std::time::SystemTime,
}

impl Leaflet {
    /// Key of the interface string that names this edition.
    pub fn label_key(&self) -> &'static str {
        if self.booklet { "leaflet_a5_booklet" } else { self.format.label_key() }
    }
}

/// The module pages a build prints (those current, for which `wanted` is true), each with its
/// leaflet formats.
pub fn printed_pages<'a>(
    site: &'a Site,
    wanted: &(dyn Fn(&Page) -> bool + Sync),
) -> Vec<(&'a Page, &'a [LeafletFormat])> {
    site.pages()
        .iter()
        .filter_map(|page| match page.kind {
            PageKind::Module { module, .. } if page.is_current() && wanted(page) => {
                Some((&**page, site.leaflet_formats(module)))
            }
            _ => None,
        })
        .collect()
}

/// True when a leaflet in `format` also has a print-shop booklet edition (A5).
pub fn has_booklet(format: LeafletFormat) -> bool {
    format == LeafletFormat::A5
}

/// The leaflets and booklets a build makes, in the order it lists them, without making them:
/// no file, no size, one page each. `check` renders the web pages with these, so that it renders
/// the templates' leaflet lists as a build does.
pub fn planned(site: &Site) -> Vec<Leaflet> {
    let mut leaflets = Vec::new();
    for (page, formats) in printed_pages(site, &|_| true) {
        for &format in formats {
            let edition = |booklet: bool, path: Option<String>| Leaflet {
                page: page.path.clone(),
                lang: page.lang.clone(),
                format,
                booklet,
                path: path.expect("module pages have leaflets"),
                file: PathBuf::new(),
                bytes: 0,
                pages: 1,
                changed: std::time::UNIX_EPOCH,
            };
            leaflets.push(edition(false, site.leaflet_path(page, format)));
            if has_booklet(format) {
                leaflets.push(edition(true, site.booklet_path(page)));
            }
        }
    }
    leaflets
}

/// The campaign pages that get a share image: all of them, when the theme has a layout for it.
pub fn pages_with_share_images<'a>(site: &'a Site, theme: &Theme) -> Vec<&'a Page> {
    if theme.share_template.is_none() {
        return Vec::new();
    }
    site.pages().iter().map(|page| &**page).filter(|page| matches!(page.kind, PageKind::Campaign { .. })).collect()
}

/// The share images a build makes, without making them (see [`planned`]).
pub fn planned_share_images(site: &Site, theme: &Theme) -> Vec<ShareImage> {
    pages_with_share_images(site, theme)
        .into_iter()
        .map(|page| ShareImage { page: page.path.clone(), path: share_image_path(page), file: PathBuf::new() })
        .collect()
}

/// A campaign page's share image (see `share`).
#[derive(Debug, Clone)]
pub struct ShareImage {
    /// Output path of the page it shows.
    pub page: String,
    /// Output path of the image: "/en/campaigns/winter-ready-2026/share.png".
    pub path: String,
    /// Where the image is, in the cache.
    pub file: PathBuf,
}

/// The output path of a campaign page's share image.
pub fn share_image_path(page: &Page) -> String {
    format!("{}share.png", page.path)
}

/// "182 KB" or "1.4 MB", as GOV.UK describes attachments.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

/// Default cache folder of a site.
pub fn default_cache_dir(site_dir: &Path) -> PathBuf {
    site_dir.join(".beacon-cache").join("leaflets")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        assert_eq!(super::human_size(10), "1 KB");
        assert_eq!(super::human_size(186_000), "182 KB");
        assert_eq!(super::human_size(1_468_006), "1.4 MB");
    }
}
