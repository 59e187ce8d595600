//! One input through each stage that reads text someone else wrote, with the checks that make a
//! fuzz run fail: a panic, or output that breaks a promise Beacon makes about it.
//!
//! The fuzz targets in `fuzz/` call [`Target::run`] on every input the fuzzer makes; the
//! regression tests run every file kept in `fuzz/regressions/<target>/` through the same
//! function, so an input that once failed is checked on every `cargo test`.
//!
//! Bad input is expected: an error with a line is a correct answer. What is checked is that
//! nothing panics, every line a problem names is in the file, and what is written is well formed:
//! PO files read back to the same catalogue, pages' HTML balances, leaflet markup parses as
//! Typst without errors and an escaped text stays text.

use crate::diagnostics::Diagnostic;
use crate::i18n::po::Catalog;
use crate::leaflet::markup::{self, MarkupSettings};
use crate::load::config::SiteConfig;
use crate::load::containers::{Body, Variant, VariantSource};
use crate::site::document::{self, Document};
use crate::text::html_tags::{self, Tag};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;
use typst_syntax::{SyntaxKind, SyntaxNode};

/// The stages a fuzz target feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A module file: front matter (TOML, risks, dates, leaflet formats) and its body's split.
    FrontMatter,
    /// `:::` containers and risk blocks, and every variant cut from them.
    Containers,
    /// Markdown to the document model to a page's HTML body (raw HTML sanitised).
    Document,
    /// A translator's PO file, read and written back.
    Po,
    /// The document model to leaflet markup, and text escaped for Typst.
    Typst,
}

impl Target {
    pub const ALL: [Target; 5] = [Target::FrontMatter, Target::Containers, Target::Document, Target::Po, Target::Typst];

    /// The name of the fuzz target and of its folder under `fuzz/regressions/`.
    pub fn name(self) -> &'static str {
        match self {
            Target::FrontMatter => "front_matter",
            Target::Containers => "containers",
            Target::Document => "document",
            Target::Po => "po",
            Target::Typst => "typst",
        }
    }

    /// The folders (from the repository's root) whose files a run starts from, and the file
    /// extensions the regression tests take from them: the default site, the test fixtures and
    /// the corpus of broken sites, and the few extra seeds in `fuzz/seeds/`.
    pub fn seeds(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Target::Po => (&["fuzz/seeds/po", "translations", "tests/fixtures", "tests/corpus"], &["po", "pot"]),
            _ => (&["fuzz/seeds/markdown", "content", "tests/fixtures", "tests/corpus"], &["md"]),
        }
    }

    /// Runs one input; panics when Beacon breaks a promise on it.
    pub fn run(self, data: &[u8]) {
        let file = Path::new(match self {
            Target::Po => "translations/ar.po",
            _ => "content/modules/fuzz.md",
        });
        let text = match crate::load::text_file::decode(file, data.to_vec()) {
            Ok(text) => text,
            Err(problem) => return lines_in_file(&problem, data.split(|b| *b == b'\n').count()),
        };
        match self {
            Target::FrontMatter => front_matter(file, &text),
            Target::Containers => containers(file, &text),
            Target::Document => pages(file, &text),
            Target::Po => po(file, &text),
            Target::Typst => typst(file, &text),
        }
    }
}

/// The settings of the site every module is read into: two languages (one right to left) and
/// three risks.
static CONFIG: LazyLock<SiteConfig> = LazyLock::new(|| {
    SiteConfig::parse(
        "title = \"Fuzz\"\ndescription = \"d\"\nbase_url = \"https://www.example.org\"\n\
         [partnership]\nname = \"P\"\nphone = \"0116 305 6101\"\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n[[languages]]\ncode = \"ar\"\nname = \"Arabic\"\n\
         [[risks]]\nid = \"flood\"\nname = \"Flooding\"\n[[risks]]\nid = \"heatwave\"\nname = \"Heat\"\n\
         [[risks]]\nid = \"power-cut\"\nname = \"Power cuts\"\n",
    )
    .expect("the fuzzing site settings are valid")
});

fn front_matter(file: &Path, text: &str) {
    let mut problems = crate::diagnostics::Diagnostics::default();
    let module = crate::load::content::parse_module("fuzz".into(), file, text, &CONFIG, &mut problems);
    let lines = text.lines().count();
    problems.iter().for_each(|problem| lines_in_file(problem, lines));
    if let Some(module) = module {
        assert!(module.doc.body.first_line >= 3, "the body starts after two `+++` lines");
        assert!(module.doc.body.first_line <= lines + 1, "the body starts inside the file");
    }
}

fn containers(file: &Path, text: &str) {
    let lines = text.lines().count();
    let body = match Body::parse(file, text, 1, true) {
        Ok(body) => body,
        Err(problems) => return problems.iter().for_each(|problem| lines_in_file(problem, lines)),
    };
    for variant in variants(&body) {
        let source = body.variant(variant);
        assert_eq!(source.line_map.len(), source.markdown.lines().count(), "one file line per line of {variant:?}");
        assert!(
            source.line_map.windows(2).all(|pair| pair[0] < pair[1]),
            "the lines of {variant:?} keep the file's order"
        );
        assert!(
            source.line_map.iter().all(|line| (1..=lines).contains(line)),
            "every line of {variant:?} is in the file"
        );
        for offset in (0..source.markdown.len()).step_by(61) {
            let line = source.file_line(offset);
            assert!((1..=lines.max(1)).contains(&line), "offset {offset} of {variant:?} maps to line {line}");
        }
    }
}

fn pages(file: &Path, text: &str) {
    let lines = text.lines().count();
    for (doc, variant, rtl) in documents(file, text) {
        doc.problems.iter().for_each(|problem| lines_in_file(problem, lines));
        let html = crate::html::body::write(&doc, "/en/modules/fuzz/", "Important");
        let html = if doc.raw_html { crate::html::sanitise::sanitise(&html) } else { html };
        if let Err(why) = balanced(&html) {
            panic!("the page body of {variant:?} (rtl {rtl}) does not balance: {why}\n{html}");
        }
        if let Err(why) = harmless(&html) {
            panic!("the page body of {variant:?} (rtl {rtl}) {why}\n{html}");
        }
        // Minifying takes out whitespace between tags, nothing else.
        let compacted = crate::html::compact::compact(&html);
        let visible = |text: &str| text.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>();
        assert_eq!(visible(&compacted), visible(&html), "minifying changed more than whitespace");
        if let Err(why) = balanced(&compacted) {
            panic!("the minified page body of {variant:?} (rtl {rtl}) does not balance: {why}\n{compacted}");
        }
    }
}

fn po(file: &Path, text: &str) {
    let catalog = match Catalog::parse(file, text) {
        Ok(catalog) => catalog,
        Err(problem) => return lines_in_file(&problem, text.lines().count()),
    };
    // What Beacon writes (`beacon translate`) must read back as exactly what it read: a
    // translation, a flag, a comment lost on the way is a translator's work thrown away.
    let written = catalog.write();
    let reread = Catalog::parse(file, &written)
        .unwrap_or_else(|problem| panic!("Beacon cannot read the PO file it wrote: {problem}\n{written}"));
    assert_eq!(
        catalog_content(catalog),
        catalog_content(reread.clone()),
        "the PO file changed when written and read back:\n{written}"
    );
    assert_eq!(written, reread.write(), "writing the PO file twice gives two different files");
}

/// A catalogue's content, without the lines each text was read from, and with obsolete entries
/// after the others, where Beacon (like gettext) writes them.
fn catalog_content(catalog: Catalog) -> Catalog {
    let mut catalog = catalog.without_lines();
    catalog.entries.sort_by_key(|entry| entry.obsolete);
    catalog
}

fn typst(file: &Path, text: &str) {
    let settings = MarkupSettings { base_url: "https://www.example.org", important_label: "Important" };
    for (doc, variant, rtl) in documents(file, text) {
        if doc.problems.iter().any(Diagnostic::is_error) {
            continue; // the build stops before any leaflet is made
        }
        let markup = markup::to_typst(&doc, &settings);
        if let Some(error) = first_error(&typst_syntax::parse(&markup.text)) {
            panic!("the leaflet markup of {variant:?} (rtl {rtl}) is not valid Typst: {error}\n{}", markup.text);
        }
    }
    // Plain text (titles, contact details) written as a Typst string, as content, and escaped
    // into markup must stay that text: never code, never a heading or list.
    let string = markup::string(text);
    if let Some(error) = first_error(&typst_syntax::parse_code(&string)) {
        panic!("{string} is not a valid Typst string: {error}");
    }
    for rtl in [false, true] {
        let content = markup::content(text, rtl);
        if let Some(error) = first_error(&typst_syntax::parse_code(&content)) {
            panic!("{content} is not valid Typst content: {error}");
        }
    }
    let escaped = markup::escape(text);
    let tree = typst_syntax::parse(&escaped);
    if let Some(kind) = first_kind_not_text(&tree) {
        panic!("escaped text became Typst {kind:?}: {escaped:?}");
    }
}

/// The general page and each risk page of a module body, left to right and right to left.
fn documents<'a>(file: &'a Path, text: &str) -> impl Iterator<Item = (Document, String, bool)> + 'a {
    let body = Body::parse(file, text, 1, true).ok();
    let sources: Vec<(VariantSource, String)> = body
        .iter()
        .flat_map(|body| variants(body).into_iter().map(move |v| (body.variant(v), format!("{v:?}"))))
        .collect();
    sources.into_iter().flat_map(move |(source, name)| {
        [false, true].map(|rtl| {
            let risk_headings = name == "General";
            (build_document(file, &source, risk_headings, rtl), name.clone(), rtl)
        })
    })
}

fn build_document(file: &Path, source: &VariantSource, risk_headings: bool, rtl: bool) -> Document {
    static STATIC_FILES: LazyLock<BTreeSet<String>> = LazyLock::new(|| BTreeSet::from(["/images/map.png".to_string()]));
    let label = |risks: &[String]| risks.join(" and ");
    let settings = document::Settings {
        lang: if rtl { "ar" } else { "en" },
        page_path: "/en/modules/fuzz/",
        source_file: file,
        site_dir: Path::new("/nonexistent"),
        static_files: &STATIC_FILES,
        risk_headings,
        risk_label: &label,
        rtl,
        language_rtl: &|lang| lang == "ar",
        prose: true,
    };
    document::build(source, &settings)
}

/// The general variant and one for each risk a block names (at most a few).
fn variants(body: &Body) -> Vec<Variant<'_>> {
    let mut risks: Vec<&str> = body.risk_blocks().map(|(risk, _)| risk).collect();
    risks.sort_unstable();
    risks.dedup();
    std::iter::once(Variant::General).chain(risks.into_iter().take(3).map(Variant::Risk)).collect()
}

/// A problem names a line of the file (or 0, the whole file).
fn lines_in_file(problem: &Diagnostic, lines: usize) {
    assert!(problem.line <= lines + 1, "line {} of a {lines}-line file: {problem}", problem.line);
}

/// Every element in `html` closes, in order; comments end.
fn balanced(html: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    for (offset, tag) in html_tags::tags(html).map(|(range, tag)| (range.start, tag)) {
        match tag {
            Tag::Start { name, self_closing, .. } => {
                if !self_closing && !html_tags::is_void(&name) {
                    open.push(name.into_owned())
                }
            }
            Tag::End { name } => match open.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("</{name}> at byte {offset} closes {other:?}")),
            },
            Tag::Comment { closed: false } => return Err(format!("a comment at byte {offset} does not end")),
            Tag::Comment { closed: true } | Tag::Declaration => {}
        }
    }
    match open.last() {
        Some(name) => Err(format!("<{name}> is never closed")),
        None => Ok(()),
    }
}

/// No element or attribute in `html` can run a script or load another page into this one.
fn harmless(html: &str) -> Result<(), String> {
    for (offset, tag) in html_tags::tags(html).map(|(range, tag)| (range.start, tag)) {
        let Tag::Start { name, attributes, .. } = tag else { continue };
        if ["script", "style", "iframe", "object", "embed", "frame", "form", "base", "meta", "link"].contains(&&*name) {
            return Err(format!("has a <{name}> element at byte {offset}"));
        }
        for (attribute, value) in attributes {
            if attribute.starts_with("on") {
                return Err(format!("has an event handler {attribute} at byte {offset}"));
            }
            if html_tags::URL_ATTRIBUTES.contains(&attribute.as_str())
                && !html_tags::is_allowed_url(&html_tags::decode_attribute(&value))
            {
                return Err(format!("links to {value:?} at byte {offset}"));
            }
        }
    }
    Ok(())
}

fn first_error(node: &SyntaxNode) -> Option<String> {
    node.errors_and_warnings().0.into_iter().next().map(|error| error.message.to_string())
}

/// The first node of parsed markup that is not plain text: escaped text must stay text.
fn first_kind_not_text(node: &SyntaxNode) -> Option<SyntaxKind> {
    let text_like = matches!(
        node.kind(),
        SyntaxKind::Markup | SyntaxKind::Text | SyntaxKind::Escape | SyntaxKind::Space | SyntaxKind::Parbreak
    );
    if !text_like {
        return Some(node.kind());
    }
    node.children().find_map(first_kind_not_text)
}

#[cfg(test)]
mod tests {
    use super::Target;

    /// Every input kept from a fuzz run, and the seeds the runs start from.
    #[test]
    fn kept_inputs_pass() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for target in Target::ALL {
            let (folders, extensions) = target.seeds();
            // A target with no regressions yet has no folder.
            let regressions = walkdir::WalkDir::new(root.join("fuzz/regressions").join(target.name()))
                .into_iter()
                .filter_map(Result::ok);
            let seeds = folders
                .iter()
                .flat_map(|folder| walkdir::WalkDir::new(root.join(folder)))
                .map(|entry| entry.expect("the seed folders can be read"))
                .filter(|e| e.path().extension().is_some_and(|x| extensions.iter().any(|e| x == *e)));
            let mut count = 0;
            for entry in regressions.chain(seeds) {
                let path = entry.into_path();
                if !path.is_file() {
                    continue;
                }
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| target.run(&data));
                assert!(outcome.is_ok(), "{} fails on {}", target.name(), path.display());
                count += 1;
            }
            assert!(count >= 10, "only {count} inputs were found for {}", target.name());
        }
    }

    #[test]
    fn checks_catch_broken_output() {
        assert!(super::balanced("<p><b>x</p></b>").is_err());
        assert!(super::balanced("<p>x<!-- y</p>").is_err());
        assert!(super::balanced("<p>a<br>b<img src=x></p>").is_ok());
        assert!(super::harmless("<p>&lt;a href=\"javascript:x\"&gt;</p><a href=\"tel:999\">999</a>").is_ok());
        assert!(super::harmless("<a href=\"javascript&colon;x\">x</a>").is_err());
        assert!(super::harmless("<b onclick=\"x()\">x</b>").is_err());
        let tree = typst_syntax::parse("= Heading *bold*");
        assert!(super::first_kind_not_text(&tree).is_some());
        assert!(super::first_error(&typst_syntax::parse("#f(")).is_some());
    }
}
