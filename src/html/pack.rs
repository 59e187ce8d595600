//! Campaign packs: for each live campaign and language, one zip with the campaign's leaflets in
//! every format (the general leaflet of each module it features, and the module's leaflets for
//! the risks the campaign features), its share image and its suggested posts. A community group
//! downloads one file and has everything to print and share. Written with the `zip` crate; the
//! files are stored as they are (PDFs and PNGs are compressed already), dated with the build date
//! so the same site gives the same bytes. A pack is kept in the cache by the hash of what goes
//! into it (the cached leaflets and image are named by their own hashes), so an unchanged pack is
//! neither read nor written again.

use crate::leaflet::{Leaflet, ShareImage};
use crate::load::campaign::CampaignState;
use crate::load::paths;
use crate::site::{Page, PageKind, Site};
use anyhow::{Context as _, Result};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A campaign page's pack.
pub struct Pack {
    /// Output path of the campaign page.
    pub page: String,
    /// Output path of the zip: "/en/campaigns/winter-ready-2026/winter-ready-2026-en.zip".
    pub path: String,
    /// Where the zip is, in the cache.
    pub file: PathBuf,
    pub size: u64,
    /// How many leaflets (PDFs) it holds.
    pub leaflets: usize,
}

/// Bumped when Beacon changes what goes into a pack or how.
const PACK_VERSION: &str = "beacon-pack-1";

/// The folder of the leaflet cache that keeps campaign packs.
pub const CACHE_FOLDER: &str = "packs";

/// The pack of every live campaign's page in every language, kept in `cache_dir`.
pub fn make_all(site: &Site, leaflets: &[Leaflet], share_images: &[ShareImage], cache_dir: &Path) -> Result<Vec<Pack>> {
    use rayon::prelude::*;
    let folder = cache_dir.join(CACHE_FOLDER);
    // Each on its own thread: a pack reads its leaflets and writes a zip, a few milliseconds each.
    let pages: Vec<&Page> = live_campaign_pages(site).collect();
    pages.par_iter().map(|page| make(site, page, leaflets, share_images, &folder)).collect()
}

/// The packs a build makes, without making them: no file, no size. `check` renders the
/// campaign pages with these, as a build does.
pub fn planned(site: &Site, leaflets: &[Leaflet], share_images: &[ShareImage]) -> Vec<Pack> {
    live_campaign_pages(site)
        .map(|page| {
            let contents = Contents::of(site, page, leaflets, share_images);
            Pack {
                page: page.path.clone(),
                path: contents.path,
                file: PathBuf::new(),
                size: 0,
                leaflets: contents.leaflets,
            }
        })
        .collect()
}

/// The pages of the campaigns running on the build date.
fn live_campaign_pages(site: &Site) -> impl Iterator<Item = &Page> {
    site.pages().iter().map(|page| &**page).filter(|page| match page.kind {
        PageKind::Campaign { campaign } => {
            site.content().campaigns[campaign].state(site.build_date()) == CampaignState::Live
        }
        _ => false,
    })
}

/// What goes into a campaign page's pack, and where the pack is published.
struct Contents {
    /// Name in the zip, and the file it comes from.
    members: Vec<(String, PathBuf)>,
    /// How many of the members are leaflets.
    leaflets: usize,
    path: String,
}

impl Contents {
    fn of(site: &Site, page: &Page, leaflets: &[Leaflet], share_images: &[ShareImage]) -> Contents {
        let PageKind::Campaign { campaign } = page.kind else { unreachable!("only campaign pages have packs") };
        let campaign = &site.content().campaigns[campaign];
        let meta = &campaign.doc.meta;
        // The module pages it features, in this language: each module's general page, and its
        // page for each risk the campaign features.
        let mut featured = Vec::new();
        for slug in &meta.modules {
            let Some(module) = site.content().modules.iter().find(|m| &m.slug == slug) else { continue };
            featured.push(paths::localized(&page.lang, &paths::module(slug, None)));
            for risk in meta.risks.iter().filter(|risk| module.doc.meta.risks.contains(risk)) {
                featured.push(paths::localized(&page.lang, &paths::module(slug, Some(risk))));
            }
        }
        let mut members: Vec<(String, PathBuf)> = leaflets
            .iter()
            .filter(|l| featured.contains(&l.page))
            .map(|l| (format!("leaflets/{}", l.path.rsplit('/').next().unwrap_or(&l.path)), l.file.clone()))
            .collect();
        let count = members.len();
        if let Some(image) = share_images.iter().find(|image| image.page == page.path) {
            members.push(("share.png".into(), image.file.clone()));
        }
        Contents { members, leaflets: count, path: path(page, &campaign.slug) }
    }
}

fn make(site: &Site, page: &Page, leaflets: &[Leaflet], share_images: &[ShareImage], folder: &Path) -> Result<Pack> {
    let Contents { members, leaflets, path } = Contents::of(site, page, leaflets, share_images);
    let posts = super::posts::posts(site, page).unwrap_or_default();
    let date = site.build_date().to_string();
    let mut parts: Vec<&[u8]> = vec![PACK_VERSION.as_bytes(), date.as_bytes(), posts.as_bytes()];
    let names: Vec<String> = members.iter().map(|(name, file)| format!("{name}\n{}", file.display())).collect();
    parts.extend(names.iter().map(|n| n.as_bytes()));
    let key = crate::text::hash::hex_digest(&parts);
    let file =
        crate::output::cached_file(folder, &format!("{key}.zip"), || write_zip(site.build_date(), &members, &posts))?;
    let size = std::fs::metadata(&file).with_context(|| format!("cannot read {}", file.display()))?.len();
    Ok(Pack { page: page.path.clone(), path, file, size, leaflets })
}

/// The zip of `members` (name in the zip, file) and the posts, every file dated `date`.
fn write_zip(date: time::Date, members: &[(String, PathBuf)], posts: &str) -> Result<Vec<u8>> {
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(date.year()).unwrap_or(1980),
        u8::from(date.month()),
        date.day(),
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, file) in members {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        zip.start_file(name.as_str(), options)?;
        zip.write_all(&bytes)?;
    }
    if !posts.is_empty() {
        zip.start_file("posts.txt", options)?;
        zip.write_all(posts.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// "/en/campaigns/winter-ready-2026/winter-ready-2026-en.zip": the file's name says what it is
/// once it is downloaded.
fn path(page: &Page, slug: &str) -> String {
    format!("{}{slug}-{}.zip", page.path, page.lang)
}
