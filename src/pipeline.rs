//! `build`: config → content → resolved site → HTML and feeds → output folder. `check` and the
//! tests use the same loading steps.

use crate::config::SiteConfig;
use crate::content::Content;
use crate::diagnostics::{ContentErrors, Diagnostic, Diagnostics};
use crate::leaflet::{self, Leaflet, LeafletOptions};
use crate::output::{self, OutputFile};
use crate::site::{self, Site};
use crate::theme::Theme;
use crate::translate::Translations;
use crate::{render, sitemap, urls};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site_dir: PathBuf,
    /// Defaults to `public/` inside the site folder.
    pub out_dir: Option<PathBuf>,
    /// The date the site is built for; defaults to `SOURCE_DATE_EPOCH` or today.
    pub date: Option<time::Date>,
    /// Replaces `base_url` from site.toml (e.g. for a staging server).
    pub base_url: Option<String>,
    /// Skip leaflets, for a quick preview.
    pub no_leaflets: bool,
    /// Where rendered leaflets are kept; defaults to `.beacon-cache/leaflets` in the site folder.
    pub cache_dir: Option<PathBuf>,
    /// Show progress on the terminal.
    pub progress: bool,
}

impl BuildOptions {
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        Self {
            site_dir: site_dir.into(),
            out_dir: None,
            date: None,
            base_url: None,
            no_leaflets: false,
            cache_dir: None,
            progress: false,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out_dir.clone().unwrap_or_else(|| self.site_dir.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub leaflets: usize,
    /// Leaflets rendered in this build (the rest came from the cache).
    pub leaflets_rendered: usize,
    pub files: usize,
    pub out_dir: PathBuf,
    pub warnings: Diagnostics,
    pub seconds: f64,
}

/// A site loaded and resolved, with the theme it is drawn with.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub warnings: Diagnostics,
}

/// Loads and resolves a site. On failure, every problem found is returned.
pub fn load(site_dir: &Path, date: time::Date, base_url: Option<&str>, leaflets: bool) -> Result<Loaded, Diagnostics> {
    let mut config = SiteConfig::load(site_dir)?;
    if let Some(base_url) = base_url {
        config.base_url = base_url.trim_end_matches('/').to_string();
    }
    let theme = Theme::load(site_dir, &config.theme).map_err(one)?;
    let content = Content::load(site_dir, &config)?;
    let translations = Translations::load(site_dir, &config)?;
    let strings = crate::localize::strings(&config, &theme.strings, &translations);
    let (mut site, warnings) = site::resolve(site_dir, config, content, strings, &translations, date, leaflets)?;
    site.font_stylesheets = theme
        .assets
        .keys()
        .filter_map(|name| name.strip_prefix("fonts/")?.strip_suffix(".css").map(str::to_string))
        .collect();
    Ok(Loaded { site, theme, warnings })
}

fn one(diagnostic: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(diagnostic);
    all
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let out_dir = options.out_dir();
    output::check_target(&options.site_dir, &out_dir)?;
    let date = match options.date {
        Some(date) => date,
        None => build_date_from_environment()?,
    };
    let Loaded { site, theme, warnings } =
        load(&options.site_dir, date, options.base_url.as_deref(), !options.no_leaflets).map_err(ContentErrors)?;
    let leaflet_options = LeafletOptions {
        cache_dir: Some(options.cache_dir.clone().unwrap_or_else(|| leaflet::default_cache_dir(&options.site_dir))),
        progress: options.progress,
    };
    let leaflets = leaflet::render_all(&site, &theme, &leaflet_options)?;
    let files = output_files(&site, &theme, &leaflets.leaflets)?;
    output::write_site(&out_dir, &files)?;
    Ok(BuildReport {
        pages: site.pages.len(),
        leaflets: leaflets.leaflets.len(),
        leaflets_rendered: leaflets.rendered,
        files: files.len(),
        out_dir,
        warnings,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Every file of the built site, in a fixed order.
pub fn output_files(site: &Site, theme: &Theme, leaflets: &[Leaflet]) -> Result<Vec<OutputFile>> {
    let mut files: Vec<OutputFile> = render::render_all(site, theme, leaflets)?
        .into_iter()
        .map(|page| OutputFile::bytes(urls::output_file(&page.path).to_string_lossy().replace('\\', "/"), page.html))
        .collect();
    for (name, bytes) in &theme.assets {
        files.push(OutputFile::bytes(format!("assets/{name}"), bytes.clone()));
    }
    for path in &site.content.static_files {
        let source = Path::new("static").join(path.trim_start_matches('/'));
        files.push(OutputFile {
            path: path.trim_start_matches('/').to_string(),
            contents: output::Contents::Copy(site_path(site, &source)),
        });
    }
    let mut images: Vec<_> = site.pages.iter().filter_map(|p| p.body.as_ref()).flat_map(|b| b.images.iter()).collect();
    images.sort_by(|a, b| a.output.cmp(&b.output));
    images.dedup_by(|a, b| a.output == b.output);
    for image in images {
        files.push(OutputFile {
            path: image.output.trim_start_matches('/').to_string(),
            contents: output::Contents::Copy(site_path(site, &image.source)),
        });
    }
    for leaflet in leaflets {
        files.push(OutputFile::bytes(leaflet.path.trim_start_matches('/'), leaflet.pdf.clone()));
    }
    files.push(OutputFile::bytes("sitemap.xml", sitemap::sitemap(site)));
    files.push(OutputFile::bytes("robots.txt", sitemap::robots(site)));
    Ok(files)
}

fn site_path(site: &Site, relative: &Path) -> PathBuf {
    site.site_dir.join(relative)
}

/// `SOURCE_DATE_EPOCH` (for reproducible builds) or else today's date in UTC.
pub fn build_date_from_environment() -> Result<time::Date> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().context("SOURCE_DATE_EPOCH must be a number of seconds")?;
            Ok(time::OffsetDateTime::from_unix_timestamp(seconds).context("SOURCE_DATE_EPOCH is out of range")?.date())
        }
        Err(_) => Ok(time::OffsetDateTime::now_utc().date()),
    }
}

/// Parses a `--date` argument.
pub fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).map_err(|_| format!("\"{text}\" is not a date like 2026-11-22"))
}
