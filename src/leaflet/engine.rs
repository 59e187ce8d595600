//! Typst as a library: fonts and the standard library are loaded once per build and shared by
//! every leaflet; each leaflet gets a small `World` that serves its files from memory.

use super::footers;
use super::marks;
use super::pieces::Pieces;
use super::tally::{Step, Tally};
use crate::diagnostics::Diagnostic;
use std::path::Path;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Label, Smart};
use typst::introspection::Introspector as _;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::utils::PicoStr;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Where the theme's layout is served to Typst.
pub const TEMPLATE_PATH: &str = "/leaflet.typ";

/// The argument of `leaflet(...)` in every main source that [`Engine::render`] raises when a
/// booklet needs blank pages before its back page.
pub const NO_BLANK_PAGES: &str = "blank-pages: 0";

/// The label the layout puts where a leaflet's text ends, before its back page.
const BODY_END_LABEL: &str = "beacon-body-end";

/// The argument that [`Engine::render`] turns on when the last page would be nearly empty.
pub const NOT_TIGHT: &str = "tight: false";

/// The argument that [`Engine::render`] turns on when the last page still ends above
/// [`ROOM_FOR_NOTES`] of its height, once the other layouts have been tried.
pub const NO_NOTES: &str = "notes: false";

/// The argument that [`Engine::render`] turns on when the contact details would be alone on the
/// last page.
pub const CONTACT_LAST: &str = "contact-first: false";

/// The label of the leaflet's title, which must stay on its first page.
const TITLE_LABEL: &str = "beacon-title";

/// The label the layout puts where the text ends, before the contact details.
const TEXT_END_LABEL: &str = "beacon-text-end";

/// The label the layout puts at the very end of a leaflet.
const END_LABEL: &str = "beacon-end";

/// A last page filled less than this far down is worth trying to save.
const NEARLY_EMPTY: f64 = 0.35;

/// A last page filled less than this far down has room for the box for important numbers in
/// most layouts (the box is kept only where it fits).
const ROOM_FOR_NOTES: f64 = 0.6;
const MAIN_PATH: &str = "/main.typ";

/// Shared by every leaflet of a build.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: Source,
    /// For messages about the layout.
    pub(super) template_file: std::path::PathBuf,
    /// How the leaflets were made, for `BEACON_TIMINGS`.
    pub tally: Tally,
    /// Pieces of pages' text, each in a file of its own, shared by every leaflet that shows it.
    pub pieces: Pieces,
}

/// One leaflet's inputs.
pub struct Document<'a> {
    pub main: String,
    /// How much of the end of `main` is the page's text, which the page footers leave out.
    pub body_len: usize,
    /// Files besides the main source and the template, by virtual path ("/qr.svg").
    pub files: &'a [(String, Vec<u8>)],
    pub date: time::Date,
    /// A stable identifier for the PDF, e.g. the leaflet's output path.
    pub ident: &'a str,
    /// The page count must be a multiple of this: 4 for an A5 leaflet, printed as a booklet
    /// whose folded sheets hold four pages each; 1 for no padding.
    pub page_multiple: usize,
}

pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

fn file_id(path: &str) -> FileId {
    // Paths are interned in a global table (65,535 entries), so each virtual path is reused by
    // every leaflet rather than minted per document.
    let path = VirtualPath::new(path).expect("Beacon's virtual paths are absolute and valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, path))
}

impl Engine {
    pub fn new(template: &str, template_file: &Path, font_files: &[Vec<u8>]) -> Engine {
        let fonts: Vec<Font> = font_files.iter().flat_map(|bytes| Font::iter(Bytes::new(bytes.clone()))).collect();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            template: Source::new(file_id(TEMPLATE_PATH), template.to_string()),
            template_file: template_file.to_path_buf(),
            tally: Tally::default(),
            pieces: Default::default(),
        }
    }

    pub fn font_count(&self) -> usize {
        self.fonts.len()
    }

    /// Lays out and exports one leaflet, a tagged PDF/UA-1 document. An A5 leaflet (printed as a
    /// booklet) is laid out again with the blank pages that make its page count a multiple of
    /// four. A leaflet whose contact details would be alone on its last page is laid
    /// out again with them on the first page; one whose last page would be nearly empty, with
    /// closer spacing; each is kept if it saves a page. A last page that still has room gets a
    /// box to write important numbers in at its foot, where the box fits.
    pub fn render(&self, document: &Document<'_>) -> Result<Rendered, Diagnostic> {
        let tally = &self.tally;
        let mut world = self.world(document);
        let mut paged = tally.time(Step::FirstLayout, || self.lay_out(&world))?;
        if let Some(blank) = blank_pages_needed(&paged, document.page_multiple) {
            // Only the end moves: Typst's memo cache lays the unchanged text out from memory.
            let setting = format!("blank-pages: {blank}");
            (world, paged) =
                tally.time(Step::BlankPages, || self.lay_out_with(document, &world, NO_BLANK_PAGES, &setting))?;
        } else {
            // Contact details alone on the last page: moved into the first page's box, they
            // save it (kept only if they do, and the title stays on the first page).
            if contact_alone_on_last_page(&paged) && world.main.text().contains(CONTACT_LAST) {
                let (moved, shorter) = tally.time(Step::ContactFirst, || {
                    self.lay_out_with(document, &world, CONTACT_LAST, "contact-first: true")
                })?;
                if shorter.pages().len() < paged.pages().len() && title_on_first_page(&shorter) {
                    tally.kept(Step::ContactFirst);
                    (world, paged) = (moved, shorter);
                }
            }
            // Closer spacing may pull the last few lines back; keep it only if it saves a page.
            if last_page_ends_above(&paged, NEARLY_EMPTY) && world.main.text().contains(NOT_TIGHT) {
                let (tight, shorter) =
                    tally.time(Step::Tight, || self.lay_out_with(document, &world, NOT_TIGHT, "tight: true"))?;
                if shorter.pages().len() < paged.pages().len() {
                    tally.kept(Step::Tight);
                    (world, paged) = (tight, shorter);
                }
            }
            // Still room on the last page: fill it with the box for important numbers, if the
            // box fits on it.
            if last_page_ends_above(&paged, ROOM_FOR_NOTES) && world.main.text().contains(NO_NOTES) {
                let (noted, filled) =
                    tally.time(Step::Notes, || self.lay_out_with(document, &world, NO_NOTES, "notes: true"))?;
                if filled.pages().len() == paged.pages().len() {
                    tally.kept(Step::Notes);
                    (world, paged) = (noted, filled);
                }
            }
        }
        let paged = tally.time(Step::Footers, || footers::print(self, document, &world, paged))?;
        let paged = marks::join_marks(&paged).unwrap_or(paged);
        let pdf = tally.time(Step::Export, || self.export(&world, &paged, document))?;
        Ok(Rendered { pdf, pages: paged.pages().len() })
    }

    /// Lays out a one-page document and draws it as a PNG image, `pixels_per_point` pixels to
    /// each point of the page.
    pub fn render_png(&self, document: &Document<'_>, pixels_per_point: f32) -> Result<Vec<u8>, Diagnostic> {
        let world = self.world(document);
        let paged = self.lay_out(&world)?;
        let page = paged.pages().first().ok_or_else(|| Diagnostic::error("", 0, "the image has no page"))?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(pixels_per_point)),
            render_bleed: false,
        };
        let pixmap = typst_render::render(page, &options);
        pixmap.encode_png().map_err(|e| Diagnostic::error("", 0, format!("cannot encode the image as PNG: {e}")))
    }

    pub(super) fn world<'a>(&'a self, document: &'a Document<'a>) -> LeafletWorld<'a> {
        self.world_with_main(document, document.main.clone())
    }

    pub(super) fn world_with_main<'a>(&'a self, document: &'a Document<'a>, main: String) -> LeafletWorld<'a> {
        LeafletWorld {
            engine: self,
            main: Source::new(file_id(MAIN_PATH), main),
            files: document.files,
            date: document.date,
        }
    }

    /// The leaflet laid out again, from `world`'s main source with the argument `default`
    /// changed to `setting`.
    fn lay_out_with<'a>(
        &'a self,
        document: &'a Document<'a>,
        world: &LeafletWorld<'_>,
        default: &str,
        setting: &str,
    ) -> Result<(LeafletWorld<'a>, PagedDocument), Diagnostic> {
        let world = self.world_with_main(document, world.main.text().replacen(default, setting, 1));
        let paged = self.lay_out(&world)?;
        Ok((world, paged))
    }

    pub(super) fn lay_out(&self, world: &LeafletWorld<'_>) -> Result<PagedDocument, Diagnostic> {
        typst::compile::<PagedDocument>(world).output.map_err(|errors| self.error(world, errors.as_slice()))
    }

    pub(super) fn export(
        &self,
        world: &LeafletWorld<'_>,
        paged: &PagedDocument,
        document: &Document<'_>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let date = Datetime::from_ymd(document.date.year(), u8::from(document.date.month()), document.date.day())
            .expect("a valid calendar date");
        let standards = PdfStandards::new(&[PdfStandard::Ua_1]).expect("PDF/UA-1 alone is a valid set of standards");
        let options = PdfOptions {
            ident: Smart::Custom(document.ident.to_string()),
            timestamp: Some(Timestamp::new_utc(date)),
            standards,
            tagged: true,
            ..PdfOptions::default()
        };
        typst_pdf::pdf(paged, &options).map_err(|errors| self.error(world, errors.as_slice()))
    }

    /// Turns Typst's errors into one diagnostic that points into the layout when it can.
    fn error(&self, world: &LeafletWorld<'_>, errors: &[SourceDiagnostic]) -> Diagnostic {
        let mut line = 0;
        let mut in_template = false;
        let messages: Vec<String> = errors
            .iter()
            .map(|error| {
                let mut message = error.message.to_string();
                for hint in &error.hints {
                    message.push_str(&format!(" (hint: {})", hint.v));
                }
                if let Some(id) = error.span.id()
                    && let (Ok(source), Some(range)) = (world.source(id), world.range(error.span))
                {
                    let at = source.text()[..range.start.min(source.text().len())].matches('\n').count() + 1;
                    if id == self.template.id() && line == 0 {
                        line = at;
                        in_template = true;
                    }
                    message.push_str(&format!(" [{}:{at}]", id.vpath().get_with_slash()));
                }
                message
            })
            .collect();
        let message = format!("a leaflet could not be made: {}", messages.join("; "));
        if in_template {
            Diagnostic::error(&self.template_file, line, message)
                .help("fix the leaflet layout; a site's own leaflet/leaflet.typ replaces the theme's")
        } else {
            // The caller names the page's source file.
            Diagnostic::error("", 0, message).help(
                "check the page's images (PNG, JPEG, GIF or SVG files that open in an image viewer); \
                 if they are fine, this is a bug in Beacon: please report it",
            )
        }
    }
}

/// How many page breaks after the text put the back page on a multiple of `multiple` pages; None
/// when the page count already is one, or the layout marks no end of the text.
fn blank_pages_needed(paged: &PagedDocument, multiple: usize) -> Option<usize> {
    let pages = paged.pages().len();
    if multiple <= 1 || pages.is_multiple_of(multiple) {
        return None;
    }
    let label = Label::new(PicoStr::intern(BODY_END_LABEL))?;
    let introspector = paged.introspector();
    let location = introspector.query_label(label).ok()?.location()?;
    let text_ends = introspector.page(location)?.get();
    // After a page break the back page starts on a page of its own: with b breaks it is page
    // `text_ends + b`, and b is at least 1.
    Some(multiple - text_ends % multiple)
}

/// True when the leaflet's title is on its first page (or the layout marks no title).
fn title_on_first_page(paged: &PagedDocument) -> bool {
    let Some(label) = Label::new(PicoStr::intern(TITLE_LABEL)) else { return true };
    let introspector = paged.introspector();
    let title = introspector.query_label(label).ok().and_then(|title| introspector.page(title.location()?));
    title.is_none_or(|page| page.get() == 1)
}

/// True when a leaflet's text ends on a page before its last: the contact details are alone there.
fn contact_alone_on_last_page(paged: &PagedDocument) -> bool {
    let Some(label) = Label::new(PicoStr::intern(TEXT_END_LABEL)) else { return false };
    let introspector = paged.introspector();
    let text_ends = introspector.query_label(label).ok().and_then(|end| introspector.page(end.location()?));
    text_ends.is_some_and(|page| page.get() < paged.pages().len())
}

/// True when a leaflet of several pages ends above `fraction` of the height of its last page.
fn last_page_ends_above(paged: &PagedDocument, fraction: f64) -> bool {
    let (Some(label), Some(last)) = (Label::new(PicoStr::intern(END_LABEL)), paged.pages().last()) else {
        return false;
    };
    let introspector = paged.introspector();
    let end = introspector.query_label(label).ok().and_then(|end| introspector.position(end.location()?));
    match end {
        Some(end) => paged.pages().len() > 1 && end.point.y.to_pt() < fraction * last.frame.height().to_pt(),
        None => false,
    }
}

pub(super) struct LeafletWorld<'a> {
    engine: &'a Engine,
    main: Source,
    files: &'a [(String, Vec<u8>)],
    date: time::Date,
}

impl LeafletWorld<'_> {
    /// The text of the leaflet's main source, as it was laid out.
    pub(super) fn main_text(&self) -> &str {
        self.main.text()
    }
}

impl World for LeafletWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.engine.template.id() {
            Ok(self.engine.template.clone())
        } else {
            self.engine.pieces.source(id).ok_or(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_with_slash();
        self.files
            .iter()
            .find(|(name, _)| name == path)
            .map(|(_, bytes)| Bytes::new(bytes.clone()))
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.date.year(), u8::from(self.date.month()), self.date.day())
    }
}

/// What tests of making leaflets share.
#[cfg(test)]
pub(super) mod testing {
    use super::*;
    use crate::leaflet::footers::NO_FOOTERS;

    /// The theme's leaflet fonts, for tests that make leaflets without a site.
    pub fn theme_fonts() -> Vec<Vec<u8>> {
        let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/leaflet/fonts");
        let mut files: Vec<_> = std::fs::read_dir(&fonts).unwrap().map(|entry| entry.unwrap().path()).collect();
        files.sort();
        files
            .iter()
            .filter(|path| path.extension().is_some_and(|e| e == "ttf"))
            .map(|path| std::fs::read(path).unwrap())
            .collect()
    }

    /// A layout that lays out only the numbered footers when given `footers: N`, unless it is
    /// told to ignore them, on pages `footer-width` wide.
    pub const LAYOUT: &str = r#"
#let leaflet(footers: none, ignore-footers: false, footer-width: 10cm, body) = {
  set document(title: "Footers")
  set text(lang: "en", font: "Noto Sans", size: 14pt)
  set page(width: 10cm, height: 8cm, margin: (x: 1cm, top: 1cm, bottom: 2cm))
  if footers != none and not ignore-footers {
    set page(width: footer-width)
    for number in range(1, footers + 1) {
      page(footer: [Page #number of #footers])[#metadata(number) <beacon-footer>]
    }
    return
  }
  body
}
"#;

    /// An engine with [`LAYOUT`] and the theme's fonts.
    pub fn engine() -> Engine {
        Engine::new(LAYOUT, Path::new("leaflet.typ"), &theme_fonts())
    }

    /// A leaflet of `body`, laid out with [`LAYOUT`] and the given arguments (each followed by
    /// a comma).
    pub fn render_with(engine: &Engine, arguments: &str, body: &str) -> Result<Rendered, Diagnostic> {
        let main = format!("#import \"{TEMPLATE_PATH}\": *\n#show: leaflet.with({arguments}{NO_FOOTERS})\n{body}");
        let document = Document {
            main,
            body_len: body.len(),
            files: &[],
            date: time::macros::date!(2026 - 12 - 03),
            ident: "footers",
            page_multiple: 1,
        };
        engine.render(&document)
    }

    /// What `tool` prints for `pdf`, written to a file that `{pdf}` in `args` names.
    pub fn run_on_pdf(tool: &str, args: &[&str], pdf: &[u8]) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("leaflet.pdf");
        std::fs::write(&file, pdf).unwrap();
        let file = file.to_str().unwrap();
        let args = args.iter().map(|arg| if *arg == "{pdf}" { file } else { arg });
        let output = std::process::Command::new(tool).args(args).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
        assert!(output.status.success(), "{tool}: {}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    }

    /// The text pdftotext reads on page `page` of `pdf`.
    pub fn page_text(pdf: &[u8], page: usize) -> String {
        let page = page.to_string();
        String::from_utf8(run_on_pdf("pdftotext", &["-f", &page, "-l", &page, "{pdf}", "-"], pdf)).unwrap()
    }
}
