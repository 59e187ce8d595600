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
mod marks;
pub mod markup;
#[cfg(feature = "pdf")]
mod qr;
#[cfg(feature = "pdf")]
mod render;
#[cfg(feature = "pdf")]
pub mod share;

use crate::load::config::LeafletFormat;
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
    /// Where the PDF is (in the leaflet cache), to be copied into the output.
    pub file: PathBuf,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    pub pages: usize,
}

impl Leaflet {
    /// Key of the interface string that names this edition.
    pub fn label_key(&self) -> &'static str {
        if self.booklet { "leaflet_a5_booklet" } else { self.format.label_key() }
    }
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
pub fn share_image_path(page: &crate::site::Page) -> String {
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
