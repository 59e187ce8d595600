//! `build`: load → resolve and analyse (what `check` runs too) → leaflets → web pages and other
//! files, written into a staging folder that replaces the old site only when all went well.

use crate::diagnostics::{ContentErrors, Diagnostic, Diagnostics};
use crate::html::{self, Printed, sitemap, web_fonts};
use crate::i18n::{Catalogs, Segments, Translations};
use crate::leaflet::{self, Leaflet, LeafletOptions, LeafletReport};
use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::load::theme::Theme;
use crate::output::{self, OutputFile};
use crate::progress::Progress;
use crate::site::{self, Page, Site};
use crate::text::urls;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
    /// How long the cache keeps a leaflet, campaign pack or share image that a build did not use
    /// (counted from a leaflet's last use, and from when a pack or image was made), so that
    /// switching between sites or dates sharing a cache does not make everything again.
    pub cache_keeps_unused: std::time::Duration,
}

/// A week: long enough for a preview of another date, or a second site sharing the cache.
pub const CACHE_KEEPS_UNUSED: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 60 * 60);

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
            cache_keeps_unused: CACHE_KEEPS_UNUSED,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out_dir.clone().unwrap_or_else(|| self.site_dir.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    /// Every PDF: the leaflets and the booklets made from A5 leaflets.
    pub leaflets: usize,
    /// How many of `leaflets` are booklets.
    pub booklets: usize,
    /// Leaflets rendered in this build (the rest came from the cache).
    pub leaflets_rendered: usize,
    pub files: usize,
    pub out_dir: PathBuf,
    pub warnings: Diagnostics,
    pub seconds: f64,
    /// The next day on which the site changes by itself (a campaign starts or ends, a page is
    /// published or expires).
    pub next_change: Option<crate::load::schedule::Change>,
}

/// A site loaded, resolved and analysed, with the theme it is drawn with.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    /// The theme's templates, compiled.
    pub renderer: html::Renderer,
    /// Advice that does not stop a build (`check` lists it).
    pub warnings: Diagnostics,
}

/// Loads, resolves and analyses a site: `check` stops here, `build` goes on to write it. On
/// failure, every problem found is returned.
pub fn load(site_dir: &Path, date: time::Date, base_url: Option<&str>) -> Result<Loaded, Diagnostics> {
    load_with(site_dir, date, base_url, false).map(|(loaded, _)| loaded)
}

/// What `serve` keeps of a load, to make the site again after an edit without reading it all.
pub struct Reusable {
    /// Every current translation of the PO files, also of text the site no longer has.
    pub translations: Arc<Translations>,
    pub coverage: leaflet::coverage::Coverage,
}

/// [`load`], keeping what makes the site again after an edit ([`Reusable`]).
pub fn load_reusable(site_dir: &Path, date: time::Date) -> Result<(Loaded, Reusable), Diagnostics> {
    let (loaded, reusable) = load_with(site_dir, date, None, true)?;
    Ok((loaded, reusable.expect("kept when asked")))
}

fn load_with(
    site_dir: &Path,
    date: time::Date,
    base_url: Option<&str>,
    keep: bool,
) -> Result<(Loaded, Option<Reusable>), Diagnostics> {
    let mut clock = Stopwatch::new();
    let mut config = SiteConfig::load(site_dir)?;
    if let Some(base_url) = base_url {
        config.base_url = crate::load::config::checked_base_url(base_url).map_err(|(message, help)| {
            Diagnostics::from(
                Diagnostic::error("--base-url", 0, message).help(help.replace("base_url = ", "--base-url ")),
            )
        })?;
    }
    let theme = Theme::load(site_dir, &config.theme).map_err(Diagnostics::from)?;
    // A template that does not compile is reported with the site's other problems.
    let renderer = html::Renderer::new(&theme);
    let content = Content::load(site_dir, &config)?;
    clock.lap("load settings, theme and content");
    // Translations are kept by segment number: number every segment of the site first.
    let mut segments = Segments::of_site(site_dir, &config, &content, &theme.strings);
    let catalogs = if keep {
        Catalogs::load_every_entry(site_dir, &config, &mut segments)?
    } else {
        Catalogs::load(site_dir, &config, &segments)?
    };
    clock.lap("load translations");
    let translation_advice = crate::i18n::check(&config, &segments, &catalogs);
    clock.lap("check translations");
    let translations = Arc::new(Translations::new(segments, catalogs));
    let strings = crate::i18n::localize::strings(&config, &content, &theme.strings, &translations);
    let inputs = site::Inputs {
        site_dir: site_dir.to_path_buf(),
        config,
        content,
        strings,
        translations: Arc::clone(&translations),
        build_date: date,
        font_stylesheets: theme.font_stylesheets(),
    };
    // A build keeps no other reference, so the translations are freed inside `resolve`.
    let kept_translations = keep.then_some(translations);
    let (site, mut problems) = site::resolve(inputs)?;
    clock.lap("resolve and analyse");
    problems.extend(translation_advice);
    // Leaflets are part of every build unless skipped for a preview, so what would stop them is
    // found here, by `check` too.
    let coverage = leaflet::coverage::Coverage::new(&theme.fonts);
    problems.extend(leaflet::coverage::problems(&site, &coverage));
    if theme.share_template.is_some() {
        problems.extend(leaflet::coverage::share_image_problems(&site, &coverage));
    }
    clock.lap("check leaflet fonts");
    let renderer = renderer.map_err(|problem| problems.push(problem)).ok();
    let problems = problems.sorted();
    let Some(renderer) = renderer.filter(|_| !problems.has_errors()) else {
        return Err(problems);
    };
    let reusable = kept_translations.map(|translations| Reusable { translations, coverage });
    Ok((Loaded { site, theme, renderer, warnings: problems }, reusable))
}

/// With `BEACON_TIMINGS` set, prints how long each stage took, in wall and CPU time (for
/// finding slow stages, and stages that keep only one core busy).
struct Stopwatch {
    on: bool,
    last: Instant,
    last_cpu: Option<f64>,
}

impl Stopwatch {
    fn new() -> Self {
        let on = std::env::var_os("BEACON_TIMINGS").is_some();
        Self { on, last: Instant::now(), last_cpu: if on { process_cpu_seconds() } else { None } }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            // Resident memory from /proc (Linux), to see which stage holds it.
            let pages: Option<u64> = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|statm| statm.split_whitespace().nth(1)?.parse().ok());
            let megabytes = pages.map_or(String::new(), |p| format!("{:>6} MB  ", p * 4096 / 1_000_000));
            let cpu = process_cpu_seconds();
            let cpu_used = match (cpu, self.last_cpu) {
                (Some(now), Some(before)) => format!("{:>7.2} s CPU  ", now - before),
                _ => String::new(),
            };
            self.last_cpu = cpu;
            eprintln!("{:>8.3} s  {cpu_used}{megabytes}{stage}", self.last.elapsed().as_secs_f64());
        }
        self.last = Instant::now();
    }

    /// More about the stage just timed: `text`'s lines, indented under it.
    fn detail(&self, text: &str) {
        if self.on {
            for line in text.lines() {
                eprintln!("{:>10}{line}", "");
            }
        }
    }
}

/// Web fonts made early, with the characters of each language they were made for.
type EarlyFonts = Result<(BTreeMap<String, web_fonts::Characters>, Result<Vec<OutputFile>>)>;

/// The web fonts made while the leaflets were laid out, if they were made for exactly the
/// characters the finished pages use; None when they must be made again.
fn made_for_these(
    early: Option<EarlyFonts>,
    characters: &BTreeMap<String, web_fonts::Characters>,
) -> Option<Result<Vec<OutputFile>>> {
    match early {
        Some(Ok((made_for, fonts))) if made_for == *characters => Some(fonts),
        _ => None,
    }
}

/// The characters of each language's pages that load web fonts, with the pages rendered as
/// `check` renders them: with the leaflets, share images and packs a build plans to make.
fn planned_page_characters(
    site: &Site,
    theme: &Theme,
    renderer: &html::Renderer,
    web_fonts: &[web_fonts::Subset<'_>],
) -> Result<BTreeMap<String, web_fonts::Characters>> {
    let planned = html::Planned::of(site, theme);
    let characters = web_fonts::PageCharacters::new(web_fonts);
    renderer.render(site, planned.printed(), &|_| true, &|page| {
        characters.add_page(&page.lang, &page.html);
        Ok(())
    })?;
    Ok(characters.into_map())
}

/// User and system time of this process so far, from /proc (Linux; 100 ticks a second).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split_whitespace().collect();
    let ticks = |n: usize| fields.get(n)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of stat(5), the 12th and 13th after the name.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let out_dir = options.out_dir();
    output::check_target(&options.site_dir, &out_dir)?;
    let date = match options.date {
        Some(date) => date,
        None => build_date_from_environment()?,
    };
    let Loaded { site, theme, renderer, warnings } =
        load(&options.site_dir, date, options.base_url.as_deref()).map_err(ContentErrors)?;
    let mut clock = Stopwatch::new();
    let cache_dir = options.cache_dir.clone().unwrap_or_else(|| leaflet::default_cache_dir(&options.site_dir));
    let web_fonts = web_fonts::plan(&site, &theme.assets);
    let (leaflets, early_fonts) = std::thread::scope(|scope| -> Result<_> {
        // The web fonts are cut to the characters of each language's pages, which are known
        // before the leaflets but for what the pages print about them (a size, a page count).
        // On a first build, when cutting them takes a second or so, they are made from the pages
        // as `check` renders them, while the leaflets are laid out, and kept if the finished
        // pages use exactly the same characters. (Later builds find them in the cache.)
        let early = !options.no_leaflets && !web_fonts.is_empty() && web_fonts::none_cached(&cache_dir);
        let early_fonts = early.then(|| {
            scope.spawn(|| {
                let characters = planned_page_characters(&site, &theme, &renderer, &web_fonts)?;
                let fonts = web_fonts::make(&theme, &web_fonts, &characters, &cache_dir);
                Ok::<_, anyhow::Error>((characters, fonts))
            })
        });
        let leaflets = if options.no_leaflets {
            LeafletReport::default()
        } else {
            let leaflet_options = LeafletOptions { cache_dir: Some(cache_dir.clone()), progress: options.progress };
            leaflet::render_all(&site, &theme, &leaflet_options)?
        };
        // (Should the thread have stopped, the fonts are made again after the pages.)
        let early_fonts = early_fonts
            .map(|thread| thread.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the web fonts were not made early"))));
        Ok((leaflets, early_fonts))
    })?;
    clock.lap("leaflets");
    clock.detail(&leaflets.steps);
    let staging = output::Staging::new(&out_dir)?;
    let characters = web_fonts::PageCharacters::new(&web_fonts);
    let pages = Progress::new("Writing pages", "pages", site.pages().len(), options.progress);
    // The share images are laid out by Typst and the packs hold leaflets: a preview without
    // leaflets has neither.
    let (share_images, packs) = if options.no_leaflets {
        (Vec::new(), Vec::new())
    } else {
        let share_images = leaflet::share::make_all(&site, &theme, &cache_dir)?;
        let packs = html::pack::make_all(&site, &leaflets.leaflets, &share_images, &cache_dir)?;
        (share_images, packs)
    };
    clock.lap("share images and campaign packs");
    let printed = Printed { leaflets: &leaflets.leaflets, share_images: &share_images, packs: &packs };
    // Each page's hash, for the offline readers' lists (see `html::offline`).
    let page_hashes: Mutex<BTreeMap<String, Vec<(String, String)>>> = Mutex::default();
    renderer.render(&site, printed, &|_| true, &|page| {
        pages.tick();
        if page.path.starts_with(&format!("/{}/", page.lang)) {
            let hash = html::offline::file_hash(page.html.as_bytes());
            let mut hashes = page_hashes.lock().unwrap_or_else(|e| e.into_inner());
            hashes.entry(page.lang.clone()).or_default().push((page.path.clone(), hash));
        }
        characters.add_page(&page.lang, &page.html);
        staging.write(&page_file(&page.path), page.html.as_bytes())
    })?;
    pages.finish();
    clock.lap("web pages");
    let characters = characters.into_map();
    let fonts = match made_for_these(early_fonts, &characters) {
        Some(fonts) => fonts?,
        None => web_fonts::make(&theme, &web_fonts, &characters, &cache_dir)?,
    };
    clock.lap("web fonts");
    let mut files = files_besides_lists(&site, &theme, printed, &web_fonts);
    files.extend(fonts);
    files.extend(offline_workers(&site, &theme, &files, &leaflets.leaflets, &web_fonts, page_hashes)?);
    // The short addresses' redirects and the lists of pages are written as they are made: on a
    // large site they are tens of megabytes, which need not all be held at the same time.
    let write = |file: &OutputFile| staging.write_file(file);
    let (lists, copied) = rayon::join(
        || -> Result<usize> {
            let redirects = redirect_pages(&site, &|_| true).map(|file| write(&file).map(|()| 1));
            let redirects: usize = redirects.try_reduce(|| 0, |a, b| Ok(a + b))?;
            let indexes = index_files(&site);
            indexes.par_iter().try_for_each(write)?;
            Ok(redirects + indexes.len())
        },
        || files.par_iter().try_for_each(write),
    );
    let lists = lists?;
    copied?;
    clock.lap("other files");
    staging.commit()?;
    clock.lap("replace the old site");
    if !options.no_leaflets {
        let before = std::time::SystemTime::now().checked_sub(options.cache_keeps_unused);
        prune_cache(before.unwrap_or(std::time::UNIX_EPOCH), &cache_dir, &leaflets, &share_images, &packs);
    }
    let report = BuildReport {
        pages: site.pages().len(),
        leaflets: leaflets.leaflets.len(),
        booklets: leaflets.leaflets.iter().filter(|l| l.booklet).count(),
        leaflets_rendered: leaflets.rendered,
        files: site.pages().len() + files.len() + lists,
        out_dir,
        warnings,
        seconds: started.elapsed().as_secs_f64(),
        next_change: crate::load::schedule::coming_changes(site.content(), date).into_iter().next(),
    };
    // Freeing a large site's pages one by one takes a noticeable moment that nothing waits on:
    // another thread does it, and a command that ends with the build does not wait for it. When
    // no thread can be started, the closure is dropped here, and the site with it.
    let _ = std::thread::Builder::new().name("free the site".into()).spawn(move || drop((site, theme)));
    Ok(report)
}

/// Removes from the cache the leaflets last used, and the share images and campaign packs made,
/// before `before` that this build did not use. Without it the cache grows with every change,
/// and every day: campaign packs are dated (38 MB a day for the default site's live campaigns),
/// and so is each leaflet of a module without an `updated` date.
fn prune_cache(
    before: std::time::SystemTime,
    cache_dir: &Path,
    leaflets: &LeafletReport,
    share_images: &[leaflet::ShareImage],
    packs: &[html::pack::Pack],
) {
    leaflets.prune_cache(before);
    let folders = [
        (leaflet::share::CACHE_FOLDER, "png", file_names(share_images.iter().map(|image| image.file.as_path()))),
        (html::pack::CACHE_FOLDER, "zip", file_names(packs.iter().map(|pack| pack.file.as_path()))),
    ];
    for (folder, extension, used) in folders {
        // By when they were made: a pack is dated, and a share image takes a moment to make.
        output::remove_stale(&cache_dir.join(folder), before, std::fs::Metadata::modified, |name| {
            let key = name.strip_suffix(extension).and_then(|stem| stem.strip_suffix('.'));
            key.is_some_and(crate::text::hash::is_digest) && !used.contains(name)
        });
    }
}

fn file_names<'a>(files: impl Iterator<Item = &'a Path>) -> BTreeSet<String> {
    files.filter_map(|file| Some(file.file_name()?.to_string_lossy().into_owned())).collect()
}

/// The service worker of each language, which keeps its pages for reading offline.
fn offline_workers(
    site: &Site,
    theme: &Theme,
    files: &[OutputFile],
    leaflets: &[leaflet::Leaflet],
    subsets: &[web_fonts::Subset<'_>],
    page_hashes: Mutex<BTreeMap<String, Vec<(String, String)>>>,
) -> Result<Vec<OutputFile>> {
    let pages = page_hashes.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut images: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in site.pages() {
        let shown = page.body.iter().flat_map(|body| body.images.iter().map(|image| image.output.clone()));
        images.entry(page.lang.clone()).or_default().extend(shown);
    }
    let mut fonts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for language in &site.config().languages {
        let lang = language.code();
        let own = fonts.entry(lang.to_string()).or_default();
        own.extend(site.fonts_for(lang));
        own.extend(subsets.iter().filter(|s| s.languages.contains(lang)).map(|s| format!("assets/{}", s.output)));
    }
    html::offline::workers(&html::offline::Published {
        pages: &pages,
        files,
        stylesheets: &html::stylesheet_paths(theme),
        leaflets,
        images: &images,
        fonts: &fonts,
    })
}

/// The file a page is written to, relative to the output folder.
pub(crate) fn page_file(path: &str) -> String {
    urls::output_file(path).to_string_lossy().replace('\\', "/")
}

/// Every file of the built site besides its pages: theme assets, static files, images,
/// leaflets, the short addresses' redirects, the sitemap.
pub(crate) fn other_files(
    site: &Site,
    theme: &Theme,
    printed: Printed<'_>,
    subsets: &[web_fonts::Subset<'_>],
) -> Vec<OutputFile> {
    let mut files = files_besides_lists(site, theme, printed, subsets);
    // The redirects and the lists of pages are made in parallel: each goes through every page.
    let (redirects, indexes) = rayon::join(|| redirect_files(site, &|_| true), || index_files(site));
    files.extend(redirects);
    files.extend(indexes);
    files
}

/// [`other_files`] but the redirects, the sitemap and the feeds: one file for each page or
/// list of pages, which a build writes as it makes them.
fn files_besides_lists(
    site: &Site,
    theme: &Theme,
    printed: Printed<'_>,
    subsets: &[web_fonts::Subset<'_>],
) -> Vec<OutputFile> {
    let mut files = asset_and_static_files(site, theme, subsets);
    files.extend(image_files(site));
    files.extend(leaflet_files(printed.leaflets));
    files.extend(printed.share_images.iter().map(|image| OutputFile {
        path: image.path.trim_start_matches('/').to_string(),
        contents: output::Contents::Copy(image.file.clone()),
    }));
    files.extend(html::posts::files(site));
    files.extend(printed.packs.iter().map(|pack| OutputFile {
        path: pack.path.trim_start_matches('/').to_string(),
        contents: output::Contents::Copy(pack.file.clone()),
    }));
    files
}

/// The theme's assets (but the web fonts' sources and subsets) and the site's static files.
fn asset_and_static_files(site: &Site, theme: &Theme, subsets: &[web_fonts::Subset<'_>]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut unused = web_fonts::unused(site, theme);
    // Subset fonts are made from their sources, which are not published themselves.
    unused.extend(subsets.iter().flat_map(|subset| [subset.source, subset.output.as_str()]));
    for (name, bytes) in theme.assets.iter().filter(|(name, _)| !unused.contains(name.as_str())) {
        files.push(OutputFile::bytes(format!("assets/{name}"), bytes.clone()));
    }
    for path in &site.content().static_files {
        let source = Path::new("static").join(path.trim_start_matches('/'));
        files.push(OutputFile {
            path: path.trim_start_matches('/').to_string(),
            contents: output::Contents::Copy(site_path(site, &source)),
        });
    }
    files
}

/// Every image the pages show, once.
pub(crate) fn image_files(site: &Site) -> Vec<OutputFile> {
    let mut images: Vec<_> =
        site.pages().iter().filter_map(|p| p.body.as_ref()).flat_map(|b| b.images.iter()).collect();
    images.sort_by(|a, b| a.output.cmp(&b.output));
    images.dedup_by(|a, b| a.output == b.output);
    images
        .into_iter()
        .map(|image| OutputFile {
            path: image.output.trim_start_matches('/').to_string(),
            contents: output::Contents::Copy(site_path(site, &image.source)),
        })
        .collect()
}

pub(crate) fn leaflet_files(leaflets: &[Leaflet]) -> Vec<OutputFile> {
    leaflets
        .iter()
        .map(|leaflet| OutputFile {
            path: leaflet.path.trim_start_matches('/').to_string(),
            contents: output::Contents::Cached {
                file: leaflet.file.clone(),
                bytes: leaflet.bytes,
                changed: leaflet.changed,
            },
        })
        .collect()
}

/// The redirect pages of the short addresses of the pages for which `wanted` is true.
pub(crate) fn redirect_files(site: &Site, wanted: &(dyn Fn(&Page) -> bool + Sync)) -> Vec<OutputFile> {
    redirect_pages(site, wanted).collect()
}

/// [`redirect_files`], made in parallel as they are asked for.
fn redirect_pages<'a>(
    site: &'a Site,
    wanted: &'a (dyn Fn(&Page) -> bool + Sync),
) -> impl ParallelIterator<Item = OutputFile> + 'a {
    let pages = site.pages().par_iter().filter(move |page| wanted(page));
    let redirects = pages.filter_map(move |page| html::redirect::for_page(site, page));
    redirects.map(|redirect| OutputFile::bytes(page_file(&redirect.path), redirect.html))
}

/// The files that list pages with their titles and dates: `sitemap.xml`, `robots.txt` and each
/// language's Atom feed.
pub(crate) fn index_files(site: &Site) -> Vec<OutputFile> {
    let feeds = || -> Vec<OutputFile> {
        let feeds = site.config().languages.par_iter().map(|language| {
            let path = html::feed::path(language.code());
            OutputFile::bytes(path.trim_start_matches('/'), html::feed::feed(site, language.code()))
        });
        feeds.collect()
    };
    let (sitemap, feeds) = rayon::join(|| sitemap::sitemap(site), feeds);
    let mut files =
        vec![OutputFile::bytes("sitemap.xml", sitemap), OutputFile::bytes("robots.txt", sitemap::robots(site))];
    files.extend(feeds);
    files
}

fn site_path(site: &Site, relative: &Path) -> PathBuf {
    site.site_dir().join(relative)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn characters(text: &str) -> BTreeMap<String, web_fonts::Characters> {
        let mut urdu = web_fonts::Characters::default();
        urdu.add_text(text);
        BTreeMap::from([("ur".to_string(), urdu)])
    }

    fn early(text: &str) -> Option<EarlyFonts> {
        let font = OutputFile::bytes("assets/fonts/early.woff2".to_string(), b"wOF2".to_vec());
        Some(Ok((characters(text), Ok(vec![font]))))
    }

    #[test]
    fn web_fonts_made_early_are_kept_only_for_the_same_characters() {
        let pages = characters("صفحہ ۱");
        assert!(made_for_these(early("صفحہ ۱"), &pages).is_some_and(|fonts| fonts.unwrap().len() == 1));
        // A page count printed in a word the planned pages lack: the fonts are made again.
        assert!(made_for_these(early("صفحہ"), &pages).is_none());
        assert!(made_for_these(early("صفحہ ۱ ۲"), &pages).is_none(), "not a larger set either: the same fonts");
        assert!(made_for_these(None, &pages).is_none());
        assert!(made_for_these(Some(Err(anyhow::anyhow!("no planned pages"))), &pages).is_none());
    }
}
