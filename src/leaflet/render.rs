//! Lays out every module page's leaflet with Typst, in parallel, and reuses a leaflet from the
//! cache when nothing that shapes it changed.

use super::tally::Step;
use super::{Leaflet, booklet, cache, engine, markup, qr};
use crate::diagnostics::{ContentErrors, Diagnostic, Diagnostics};
use crate::load::config::LeafletFormat;
use crate::load::theme::Theme;
use crate::progress::Progress;
use crate::site::{Page, PageKind, Site};
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bumped when Beacon changes how it turns a page into a leaflet, so old cache entries are not
/// reused. It also stands for the QR code, which is made from the address in the document.
const LEAFLET_VERSION: &str = "beacon-leaflet-17 typst-0.15.1 qrcode-0.14";

/// The same for booklets, which are made from their A5 leaflet.
const BOOKLET_VERSION: &str = "beacon-booklet-2 lopdf-0.47";

/// How many leaflets are made between two trims of Typst's memo cache, and how many trims an
/// unused entry survives: the layout, fonts and shared pieces stay, one leaflet's text goes.
const EVICT_EVERY: usize = 16;
const EVICT_AGE: usize = 2;

/// Stack for each thread that lays out leaflets.
const LAYOUT_STACK_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
pub struct LeafletReport {
    pub leaflets: Vec<Leaflet>,
    pub rendered: usize,
    pub from_cache: usize,
    /// How often each step of making a leaflet ran, and its time (see `tally`); empty when none
    /// was made.
    pub steps: String,
    /// Keeps a build's temporary leaflet folder until the leaflets are copied out of it.
    cache: Option<cache::Cache>,
}

impl LeafletReport {
    /// Removes the cached leaflets this build did not use and no build has used since `before`
    /// (see `cache::Cache::prune`). Returns how many went.
    pub fn prune_cache(&self, before: std::time::SystemTime) -> usize {
        self.cache.as_ref().map_or(0, |cache| cache.prune(before))
    }
}

pub struct LeafletOptions {
    /// Where rendered leaflets are kept between builds; None renders every leaflet.
    pub cache_dir: Option<PathBuf>,
    /// Show a running count on the terminal.
    pub progress: bool,
}

pub fn render_all(site: &Site, theme: &Theme, options: &LeafletOptions) -> Result<LeafletReport> {
    render_some(site, theme, options, &|_| true)
}

/// The leaflets of the module pages for which `wanted` is true (`serve` makes those of an edited
/// module only).
pub fn render_some(
    site: &Site,
    theme: &Theme,
    options: &LeafletOptions,
    wanted: &(dyn Fn(&Page) -> bool + Sync),
) -> Result<LeafletReport> {
    let printed = super::printed_pages(site, wanted);
    let pages: Vec<&Page> = printed.iter().map(|(page, _)| *page).collect();
    let jobs: Vec<(usize, LeafletFormat)> = printed
        .iter()
        .enumerate()
        .flat_map(|(index, (_, formats))| formats.iter().map(move |format| (index, *format)))
        .collect();
    if jobs.is_empty() {
        return Ok(LeafletReport::default());
    }
    let (template_file, template) = &theme.leaflet_template;
    let engine = engine::Engine::new(template, template_file, &theme.fonts);
    if engine.font_count() == 0 {
        anyhow::bail!(
            "the theme has no leaflet fonts; put .ttf or .otf files in {}",
            template_file.with_file_name("fonts").display()
        );
    }
    let fonts_digest = theme.fonts_digest();
    let cache = cache::Cache::new(options.cache_dir.clone()).context("cannot create a folder for the leaflets")?;
    let makers = Makers { site, engine: &engine, cache: &cache, template, fonts_digest };
    let progress = Progress::new("Making leaflets", "leaflets", jobs.len(), options.progress);
    // Typst's layout recurses deeply on long pages; rayon's default 2 MiB stacks are not enough.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(LAYOUT_STACK_BYTES)
        .build()
        .context("cannot start threads to make leaflets")?;
    // A page's text is the same in every format: it is turned into markup once, before any
    // leaflet is made.
    let bodies: Vec<Result<Body, Diagnostic>> =
        pool.install(|| pages.par_iter().map(|page| page_body(site, &engine, page)).collect());
    // Each thread of the pool takes the next leaflet until none is left. Not `par_iter`: the PDF
    // writer waits for its parallel parts with `rayon::yield_now`, which runs whatever job the
    // pool has queued, and with `par_iter` that is another whole leaflet. One thread then had
    // dozens of half-made leaflets on its stack at once, each holding its layout in memory
    // (2.5 GB for the default site). Here the queue holds only the small parallel parts of the
    // leaflets being made.
    let next_job = AtomicUsize::new(0);
    let per_thread: Vec<Vec<(usize, PageResult)>> = pool.broadcast(|_| {
        let mut done = Vec::new();
        loop {
            let index = next_job.fetch_add(1, Ordering::Relaxed);
            let Some(&(page_index, format)) = jobs.get(index) else { break done };
            let page = pages[page_index];
            let made = match &bodies[page_index] {
                Ok(body) => render_one(&makers, page, body, format),
                Err(problem) => Err(problem.clone()),
            };
            done.push((index, made));
            if progress.tick().is_multiple_of(EVICT_EVERY) {
                // Typst memoises layout work in a process-wide cache that never shrinks on its
                // own; drop what recent leaflets have not used, so memory stays flat.
                typst::comemo::evict(EVICT_AGE);
            }
        }
    });
    let mut results: Vec<_> = per_thread.into_iter().flatten().collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    progress.finish();
    let mut report = LeafletReport::default();
    let mut problems = Diagnostics::default();
    for (_, result) in results {
        match result {
            Ok(made) => {
                for (leaflet, cached) in made {
                    if cached {
                        report.from_cache += 1
                    } else {
                        report.rendered += 1
                    }
                    report.leaflets.push(leaflet);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        return Err(ContentErrors(problems.sorted())).context("making the leaflets");
    }
    report.cache = Some(cache);
    report.steps = engine.tally.summary();
    Ok(report)
}

/// What every leaflet of a build shares.
struct Makers<'a> {
    site: &'a Site,
    engine: &'a engine::Engine,
    cache: &'a cache::Cache,
    template: &'a str,
    fonts_digest: &'a str,
}

/// What [`render_one`] makes of one page in one format.
type PageResult = Result<Vec<(Leaflet, bool)>, Diagnostic>;

/// One page's leaflet in one format, and for A5 its booklet; each with whether it came from the
/// cache.
fn render_one(makers: &Makers<'_>, page: &Page, body: &Body, format: LeafletFormat) -> PageResult {
    let (leaflet, key, cached) = render_leaflet(makers, page, body, format)?;
    let mut made = vec![(leaflet, cached)];
    if super::has_booklet(format) {
        made.push(render_booklet(makers, page, &made[0].0, &key)?);
    }
    Ok(made)
}

/// A leaflet, its cache key, and whether it came from the cache.
fn render_leaflet(
    makers: &Makers<'_>,
    page: &Page,
    body: &Body,
    format: LeafletFormat,
) -> Result<(Leaflet, String, bool), Diagnostic> {
    let Makers { site, engine, cache, template, fonts_digest } = *makers;
    let path = site.leaflet_path(page, format).expect("only module pages have leaflets");
    let main = document_source(site, page, body, format);
    // The text itself rather than the files its pieces are in, so that the key stays the same
    // when a build lays the text out from the main source alone (see `pieces.rs`).
    let head = &main[..main.len() - body.markup.len()];
    let date = page.updated.unwrap_or(site.build_date());
    let mut parts: Vec<&[u8]> = vec![
        LEAFLET_VERSION.as_bytes(),
        template.as_bytes(),
        fonts_digest.as_bytes(),
        head.as_bytes(),
        body.text.as_bytes(),
        path.as_bytes(),
    ];
    let date_text = date.to_string();
    parts.push(date_text.as_bytes());
    for (name, bytes) in &body.images {
        parts.push(name.as_bytes());
        parts.push(bytes);
    }
    let key = crate::text::hash::hex_digest(&parts);
    let (cached, from_cache) = cached_or_rendered(engine, cache, page, &key, || {
        // The QR code is made only now, when a leaflet of the page is rendered, and once for all
        // its formats: the address it holds is in `main`, so the cache key already covers it.
        let qr_code = body.qr_code.get_or_init(|| qr_code(site, page)).clone()?;
        let mut files = body.images.clone();
        files.push((QR_PATH.to_string(), qr_code.into_bytes()));
        // A leaflet with a booklet edition is printed as one: four pages to each folded sheet.
        let page_multiple = if super::has_booklet(format) { 4 } else { 1 };
        // The page's text ends the main source (see `document_source`).
        let body_len = body.markup.len();
        Ok(Job { main, body_len, files, date, ident: path.clone(), page_multiple })
    })?;
    Ok((made(page, format, false, path, cached), key, from_cache))
}

/// The booklet of an A5 leaflet, made from the leaflet's PDF, and whether it came from the cache.
fn render_booklet(makers: &Makers<'_>, page: &Page, a5: &Leaflet, a5_key: &str) -> Result<(Leaflet, bool), Diagnostic> {
    let Makers { site, engine, cache, .. } = *makers;
    let lang = page.lang.as_str();
    let title = format!("{} – {}", page.title, site.strings().get(lang, "leaflet_a5_booklet"));
    let rtl = site.is_rtl(lang);
    let path = site.booklet_path(page).expect("only module pages have leaflets");
    let key = crate::text::hash::hex_digest(&[
        BOOKLET_VERSION.as_bytes(),
        a5_key.as_bytes(),
        title.as_bytes(),
        lang.as_bytes(),
        &[u8::from(rtl)],
    ]);
    let (cached, from_cache) = cached_or_made(cache, &key, || {
        let unreadable = |problem: String| {
            Diagnostic::error(&a5.file, 0, format!("cannot make the booklet of this A5 leaflet: {problem}"))
                .help("check that the leaflet cache folder can be read; removing it makes every leaflet again")
        };
        let pdf = std::fs::read(&a5.file).map_err(|e| unreadable(e.to_string()))?;
        let date = page.updated.unwrap_or(site.build_date());
        let about = booklet::About { title: &title, lang, date, ident: &path };
        let (pdf, pages) =
            engine.tally.time(Step::Booklet, || booklet::impose(&pdf, rtl, &about)).map_err(unreadable)?;
        Ok(engine::Rendered { pdf, pages })
    })?;
    Ok((made(page, LeafletFormat::A5, true, path, cached), from_cache))
}

/// What Typst needs to make one PDF; [`engine::Document`] borrows from it.
struct Job {
    main: String,
    body_len: usize,
    files: LeafletFiles,
    date: time::Date,
    ident: String,
    page_multiple: usize,
}

/// The PDF with cache key `key`: from the cache, or laid out by Typst from the job `prepare`
/// gives (only called on a miss) and kept there. True when it came from the cache.
fn cached_or_rendered(
    engine: &engine::Engine,
    cache: &cache::Cache,
    page: &Page,
    key: &str,
    prepare: impl FnOnce() -> Result<Job, Diagnostic>,
) -> Result<(cache::Cached, bool), Diagnostic> {
    cached_or_made(cache, key, || {
        let job = prepare()?;
        let document = engine::Document {
            main: job.main,
            body_len: job.body_len,
            files: &job.files,
            date: job.date,
            ident: &job.ident,
            page_multiple: job.page_multiple,
        };
        engine.render(&document).map_err(|d| match &page.source {
            // Errors that do not point into the layout belong to the page.
            Some(source) if d.file.as_os_str().is_empty() => Diagnostic { file: source.clone(), ..d },
            _ => d,
        })
    })
}

/// The PDF with cache key `key`: from the cache, or made by `make` (only called on a miss) and
/// kept there. True when it came from the cache.
fn cached_or_made(
    cache: &cache::Cache,
    key: &str,
    make: impl FnOnce() -> Result<engine::Rendered, Diagnostic>,
) -> Result<(cache::Cached, bool), Diagnostic> {
    if let Some(cached) = cache.get(key) {
        return Ok((cached, true));
    }
    let rendered = make()?;
    let cached = cache.put(key, &rendered.pdf, rendered.pages).map_err(|e| {
        Diagnostic::error(cache.dir(), 0, format!("cannot keep a leaflet: {e}"))
            .help("check that the disk has room and the folder can be written")
    })?;
    Ok((cached, false))
}

/// A page's leaflet (or booklet) as the build reports it, from its PDF in the cache.
fn made(page: &Page, format: LeafletFormat, booklet: bool, path: String, cached: cache::Cached) -> Leaflet {
    Leaflet {
        page: page.path.clone(),
        lang: page.lang.clone(),
        format,
        booklet,
        path,
        file: cached.file,
        bytes: cached.bytes,
        pages: cached.pages,
        changed: cached.changed,
    }
}

/// Files a leaflet uses besides its main source, by virtual path.
type LeafletFiles = Vec<(String, Vec<u8>)>;

/// Where the QR code is served to Typst.
const QR_PATH: &str = "/qr.svg";

/// The fields of the box for important numbers that fills a nearly empty last page.
const NOTES_FIELDS: [&str; 5] = [
    "leaflet_notes_gp",
    "leaflet_notes_family",
    "leaflet_notes_neighbour",
    "leaflet_notes_insurance",
    "leaflet_notes_suppliers",
];

/// A page's text as Typst markup, the same in every format, and the images it shows.
struct Body {
    /// What the leaflet's main source ends with: the text, or the files that hold its pieces.
    markup: String,
    /// The text itself, which names the leaflet in the cache however `markup` gives it.
    text: String,
    images: LeafletFiles,
    /// The QR code of the page's short address, as SVG, made for the first of its leaflets that
    /// is not in the cache.
    qr_code: std::sync::OnceLock<Result<String, Diagnostic>>,
}

/// The QR code of the page's short address, as SVG.
fn qr_code(site: &Site, page: &Page) -> Result<String, Diagnostic> {
    let url = site.short_address(page).expect("module pages have short addresses").url;
    qr::svg(&url).ok_or_else(|| {
        let file = page.source.clone().unwrap_or_default();
        Diagnostic::error(file, 0, format!("the page's address is too long for a QR code ({} characters)", url.len()))
            .help("use a shorter base_url in site.toml, or a shorter file name for the module")
    })
}

fn page_body(site: &Site, engine: &engine::Engine, page: &Page) -> Result<Body, Diagnostic> {
    let lang = page.lang.as_str();
    let doc = page.body.as_ref().expect("module pages have text");
    let important = site.strings().get(lang, "important");
    let settings = markup::MarkupSettings { base_url: &site.config().base_url, important_label: important };
    let body = markup::to_typst(doc, &settings);
    let mut images = Vec::new();
    for image in &body.images {
        let bytes = std::fs::read(site.site_dir().join(&image.source))
            .map_err(|e| Diagnostic::error(&image.source, 0, format!("cannot read the image for a leaflet: {e}")))?;
        images.push((image.virtual_path.clone(), bytes));
    }
    let pieces: Vec<&str> = body.pieces.iter().map(|range| &body.text[range.clone()]).collect();
    let shared = engine.pieces.share(&pieces);
    // Text shown in the source language until it is translated keeps that language and its
    // direction (see `document_source`).
    let in_language = |text: &str| {
        if page.content_lang == lang {
            text.to_string()
        } else {
            format!("#[\n#set text({})\n\n{}\n]\n", language_of(site, &page.content_lang), text)
        }
    };
    let text = in_language(&body.text);
    let markup = shared.map_or_else(|| text.clone(), |shared| in_language(&shared));
    Ok(Body { markup, text, images, qr_code: std::sync::OnceLock::new() })
}

/// Typst's text settings for text in `text_lang`: its language and direction.
fn language_of(site: &Site, text_lang: &str) -> String {
    format!("lang: {}, dir: {}", markup::string(text_lang), site.direction(text_lang).as_str())
}

/// The Typst document for one leaflet.
fn document_source(site: &Site, page: &Page, body: &Body, format: LeafletFormat) -> String {
    let PageKind::Module { risk, .. } = &page.kind else { unreachable!("only module pages have leaflets") };
    let lang = page.lang.as_str();
    let t = |key: &str| site.strings().get(lang, key).to_string();
    let url = site.address(&page.path);
    let short = site.short_address(page).expect("module pages have short addresses");
    let s = |text: &str| markup::string(text);
    let optional = |text: Option<&str>| text.map_or("none".to_string(), markup::string);
    let partnership = &site.config().partnership;
    let rtl = site.is_rtl(lang);
    // Text shown in the source language until it is translated keeps that language and its
    // direction, so that an English sentence on an Urdu leaflet ends with its full stop instead
    // of starting with it.
    let language_of = |text_lang: &str| language_of(site, text_lang);
    // Markup `content` in `text_lang`, marked as such when that is not the leaflet's language.
    let in_language = |text_lang: &str, content: String| {
        if text_lang == lang { content } else { format!("text({}, {content})", language_of(text_lang)) }
    };
    let summary = in_language(&page.summary_lang, s(&page.summary));
    let direction = site.direction(lang).as_str();
    // Contact details are content, not strings, so that a phone number or address keeps reading
    // left to right on a right-to-left leaflet, exactly as in the body text.
    let contact = |text: Option<&str>| text.map_or("none".to_string(), |t| markup::content(t, rtl));
    // The numbers to call, in the leaflet's language or else in English.
    let emergency_lang = site.strings().language_of(lang, "emergency");
    let emergency = in_language(emergency_lang, markup::content(&t("emergency"), site.is_rtl(emergency_lang)));
    let risk_name = risk.as_ref().map(|r| site.risk_label(lang, std::slice::from_ref(r)));
    let updated = page.updated.map(|d| site.format_date(lang, d));
    // The notice box above the title: a draft translation's warning, and, as on the web page,
    // that some or all of the text is still in English; each in the language it is written in.
    let draft = (site.language(lang).status == crate::load::config::LanguageStatus::Draft).then_some("draft_notice");
    let notices: Vec<String> = [draft, page.translation.notice_key()]
        .into_iter()
        .flatten()
        .map(|key| format!("text({})", in_language(site.strings().language_of(lang, key), s(&t(key)))))
        .collect();
    let notice = if notices.is_empty() { "none".to_string() } else { notices.join(" + [ ] + ") };
    format!(
        "#import \"{template}\": *\n\
         #show: leaflet.with(\n  format: {format},\n  lang: {lang},\n  dir: {direction},\n  title: {title},\n  risk: {risk},\n  summary: {summary},\n  \
         site: {site_name},\n  emergency: {emergency},\n  partnership: (name: {p_name}, address: {p_address}, email: {p_email}, phone: {p_phone}, {p_lang}),\n  \
         url: {url},\n  short-url: {short},\n  qr-url: {qr_url},\n  {no_blank_pages},\n  {not_tight},\n  {no_notes},\n  {contact_last},\n  {no_footers},\n  qr: {qr},\n  updated: {updated},\n  draft: {draft},\n  \
         labels: (page: {l_page}, of: {l_of}, scan: {l_scan}, qr-alt: {l_qr}, updated: {l_updated}, notes-heading: {l_notes}, notes-fields: ({l_fields})),\n)\n\n{body}",
        template = engine::TEMPLATE_PATH,
        format = s(format.as_str()),
        lang = s(lang),
        title = s(&page.title),
        risk = optional(risk_name.as_deref()),
        summary = summary,
        draft = notice,
        site_name = s(partnership.short_name.as_deref().unwrap_or(&site.config().title)),
        emergency = emergency,
        p_name = s(&partnership.name),
        p_address = contact(partnership.address.as_deref()),
        p_email = contact(partnership.email.as_deref()),
        p_phone = contact(partnership.phone.as_deref()),
        // The partnership's details come from site.toml, in the site's source language.
        p_lang = language_of(site.config().source_language().code()),
        url = s(&url),
        qr = s(QR_PATH),
        short = markup::address(&short.printed),
        qr_url = s(&short.url),
        no_blank_pages = engine::NO_BLANK_PAGES,
        not_tight = engine::NOT_TIGHT,
        no_notes = engine::NO_NOTES,
        contact_last = engine::CONTACT_LAST,
        no_footers = super::footers::NO_FOOTERS,
        updated = optional(updated.as_deref()),
        l_page = s(&t("leaflet_page")),
        l_of = s(&t("leaflet_of")),
        l_scan = s(&t("leaflet_scan")),
        l_qr = s(&t("leaflet_qr_alt")),
        l_updated = s(&t("updated")),
        l_notes = s(&t("leaflet_notes_heading")),
        l_fields = NOTES_FIELDS.iter().map(|key| format!("{}, ", s(&t(key)))).collect::<String>(),
        body = body.markup,
    )
}
