//! Translations in gettext PO files: one `translations/<lang>.po` per language, made from the
//! template `translations/beacon.pot` that `beacon translate extract` writes.
//!
//! Every translatable piece of the site is an entry whose `msgctxt` names where it comes from
//! ("ui:skip_link", "risk-name:flood", "module:prepare-your-home", "module:prepare-your-home:title")
//! and whose `msgid` is the English text; `#:` references give the file and line.

pub mod glossary;
pub mod identical;
pub mod languages;
pub mod localize;
pub mod po;
pub mod reader_checks;
pub mod segments;
pub mod wrap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::SiteConfig;
use crate::load::containers::Body;
use crate::load::content::{Content, Document};
use crate::load::paths::key;
use glossary::Glossary;
use po::{Catalog, Entry};
use rayon::prelude::*;
// foldhash rather than the standard SipHash: a build hashes every segment (whole paragraphs)
// several times, and foldhash is much faster on long keys while still seeded per process.
use foldhash::{HashMap, HashMapExt as _};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub const FOLDER: &str = "translations";
pub const TEMPLATE: &str = "beacon.pot";

pub fn po_path(lang: &str) -> PathBuf {
    Path::new(FOLDER).join(format!("{lang}.po"))
}

/// One translatable document: a page's body with its title and summary.
pub struct DocumentSource<'a> {
    /// "module:prepare-your-home", "risk:flood", "page:about", "home".
    pub context: String,
    pub file: &'a Path,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a Body,
}

/// Every document of the site, in the order translators meet them.
pub fn documents(content: &Content) -> Vec<DocumentSource<'_>> {
    let home = &content.home;
    let mut all = vec![source(key::HOME.into(), home, &home.meta.title, &home.meta.summary)];
    for module in &content.modules {
        let meta = &module.doc.meta;
        all.push(source(key::module(&module.slug), &module.doc, &meta.title, &meta.summary));
    }
    for (id, doc) in &content.risks {
        all.push(source(key::risk(id), doc, &doc.meta.title, &doc.meta.summary));
    }
    for page in &content.pages {
        let meta = &page.doc.meta;
        all.push(source(key::page(&page.slug), &page.doc, &meta.title, &meta.summary));
    }
    for campaign in &content.campaigns {
        let meta = &campaign.doc.meta;
        all.push(source(key::campaign(&campaign.slug), &campaign.doc, &meta.title, &meta.summary));
    }
    all
}

fn source<'a, M>(context: String, doc: &'a Document<M>, title: &'a str, summary: &'a str) -> DocumentSource<'a> {
    DocumentSource { context, file: &doc.file, title, summary, body: &doc.body }
}

fn reference(file: &Path, line: usize) -> String {
    format!("{}:{line}", file.to_string_lossy().replace('\\', "/"))
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
}

/// Where a segment was found, for the template's `#:` references.
struct Found<'a> {
    file: &'a Path,
    line: usize,
    /// A note for translators (`# i18n:` in ui.toml, `<!-- i18n: -->` in markdown).
    comment: Option<String>,
}

/// Calls `add` with every translatable text of the site, in template order: the interface
/// strings, the site's description and risk names, then each document's title, summary and
/// segments. Empty texts need no translation and are left out. The template and the build's
/// [`Segments`] are both made from this one walk.
fn each_segment(
    site_dir: &Path,
    config: &SiteConfig,
    content: &Content,
    ui: &BTreeMap<String, String>,
    add: &mut dyn FnMut(String, &str, Found<'_>),
) {
    let mut add = |context: String, msgid: &str, found: Found<'_>| {
        if !msgid.trim().is_empty() {
            add(context, msgid, found);
        }
    };
    let ui_file = PathBuf::from(format!("themes/{}/ui.toml", config.theme));
    let ui_text = std::fs::read_to_string(site_dir.join(&ui_file)).unwrap_or_default();
    let ui_lines: Vec<&str> = ui_text.lines().collect();
    for (name, text) in ui {
        let line = line_of(&ui_text, &format!("{name} ="));
        // A "# i18n: ..." line just above a string is a note for translators.
        let comment = line
            .checked_sub(2)
            .and_then(|i| ui_lines.get(i))
            .and_then(|l| l.trim().strip_prefix("# i18n:"))
            .map(|c| c.trim().to_string());
        add(key::ui(name), text, Found { file: &ui_file, line, comment });
    }
    let site_toml = std::fs::read_to_string(site_dir.join(crate::load::config::FILE_NAME)).unwrap_or_default();
    let site_file = Path::new(crate::load::config::FILE_NAME);
    let line = line_of(&site_toml, "description");
    add(key::SITE_DESCRIPTION.into(), &config.description, Found { file: site_file, line, comment: None });
    for risk in &config.risks {
        let line = line_of(&site_toml, &format!("id = \"{}\"", risk.id())) + 1;
        add(key::risk_name(risk.id()), &risk.name, Found { file: site_file, line, comment: None });
    }
    // Finding segments parses markdown: do it in parallel, then add entries in order.
    let docs = documents(content);
    let found: Vec<Vec<segments::Segment>> = docs.par_iter().map(|doc| segments::segments(doc.body)).collect();
    for (doc, found) in docs.iter().zip(found) {
        add(key::title(&doc.context), doc.title, Found { file: doc.file, line: 2, comment: None });
        add(key::summary(&doc.context), doc.summary, Found { file: doc.file, line: 3, comment: None });
        for segment in found {
            let at = Found { file: doc.file, line: segment.line, comment: segment.comment };
            add(doc.context.clone(), &segment.text, at);
        }
    }
    for campaign in &content.campaigns {
        let (file, meta) = (&campaign.doc.file, &campaign.doc.meta);
        let line = |name: &str| campaign.doc.setting_line(name).unwrap_or(0);
        let banner = Found { file, line: line("banner"), comment: None };
        add(key::campaign_banner(&campaign.slug), &meta.banner, banner);
        let action = Found { file, line: line("call_to_action"), comment: None };
        add(key::campaign_action(&campaign.slug), &meta.call_to_action, action);
    }
}

/// The template: every translatable text of the site.
pub fn template(site_dir: &Path, config: &SiteConfig, content: &Content, ui: &BTreeMap<String, String>) -> Catalog {
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    each_segment(site_dir, config, content, ui, &mut |context, msgid, found| {
        let reference = reference(found.file, found.line);
        let key = (context.clone(), msgid.to_string());
        match index.get(&key) {
            Some(&i) => entries[i].references.push(reference),
            None => {
                let mut entry = Entry::new(context, msgid);
                entry.references.push(reference);
                entry.extracted_comments.extend(found.comment);
                index.insert(key, entries.len());
                entries.push(entry);
            }
        }
    });
    let mut catalog = Catalog { entries, ..Catalog::default() };
    catalog.set_header("Project-Id-Version", &config.title);
    catalog.set_header("MIME-Version", "1.0");
    catalog.set_header("Content-Type", "text/plain; charset=UTF-8");
    catalog.set_header("Content-Transfer-Encoding", "8bit");
    catalog.set_header("X-Generator", "Beacon");
    catalog
}

/// Merges the template into a language's catalog, as `msgmerge` does: unchanged entries keep
/// their translation; an entry whose English changed keeps its old translation as a fuzzy hint
/// (with the old English in `#| msgid`); new entries are empty; entries no longer in the template
/// become obsolete. Merging twice gives the same file.
pub fn merge(template: &Catalog, old: &Catalog) -> Catalog {
    merge_with_memory(template, old, &[])
}

/// Finished translations by their English: a translation memory. It is filled from the
/// language's own file (entries of other contexts, and obsolete ones that were finished) and
/// from `compendia`, PO files of the same language from elsewhere.
fn memory<'a>(old: &'a Catalog, compendia: &[&'a Catalog]) -> HashMap<&'a str, &'a str> {
    let finished =
        |e: &&'a Entry| !e.msgstr.is_empty() && e.msgstr_plural.is_empty() && !e.is_fuzzy() && !e.msgid.is_empty();
    let mut memory = HashMap::new();
    for entry in old.entries.iter().chain(compendia.iter().flat_map(|c| c.entries.iter())).filter(finished) {
        memory.entry(entry.msgid.as_str()).or_insert(entry.msgstr.as_str());
    }
    memory
}

/// `entry` with the memory's translation of its English as a fuzzy suggestion, if it has one.
fn suggested(entry: Entry, memory: &HashMap<&str, &str>) -> Entry {
    match memory.get(entry.msgid.as_str()) {
        Some(suggestion) => Entry { flags: vec!["fuzzy".into()], msgstr: suggestion.to_string(), ..entry },
        None => entry,
    }
}

/// Like [`merge`], and a new or untranslated entry whose English already has a finished translation in the
/// language's file or in one of `compendia` gets that translation as a fuzzy suggestion: the
/// translator sees it in Poedit, and readers see the English until the translator confirms it.
pub fn merge_with_memory(template: &Catalog, old: &Catalog, compendia: &[&Catalog]) -> Catalog {
    let memory = memory(old, compendia);
    let mut by_key: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, entry) in old.entries.iter().enumerate() {
        by_key.entry(entry.key()).or_insert(i);
    }
    let template_keys: BTreeSet<(&str, &str)> = template.entries.iter().map(Entry::key).collect();
    let mut used = vec![false; old.entries.len()];
    let mut merged = Vec::with_capacity(template.entries.len());
    // First pass: exact matches. Second pass: fuzzy matches among what is left, so an edited
    // paragraph never steals a translation that belongs to an unchanged one.
    let mut pending = Vec::new();
    for (t, new) in template.entries.iter().enumerate() {
        match by_key.get(&new.key()) {
            Some(&i) => {
                used[i] = true;
                let previous = &old.entries[i];
                let kept = Entry {
                    layout: previous.layout.clone(),
                    translator_comments: previous.translator_comments.clone(),
                    flags: previous.flags.clone(),
                    previous_msgid: previous.previous_msgid.clone().filter(|_| previous.is_fuzzy()),
                    msgstr: previous.msgstr.clone(),
                    obsolete: false,
                    ..new.clone()
                };
                // An entry nobody has translated yet gets a suggestion too: a sentence repeated
                // across the site is translated once and confirmed in each place.
                merged.push((t, if previous.has_translation() { kept } else { suggested(kept, &memory) }));
            }
            None => pending.push(t),
        }
    }
    for t in pending {
        let new = &template.entries[t];
        let candidate = old
            .entries
            .iter()
            .enumerate()
            .filter(|(i, e)| !used[*i] && e.msgctxt == new.msgctxt && !e.msgstr.is_empty())
            .filter(|(_, e)| !template_keys.contains(&e.key()))
            .map(|(i, e)| (i, similarity(&e.msgid, &new.msgid)))
            .filter(|(_, score)| *score >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let entry = match candidate {
            Some((i, _)) => {
                used[i] = true;
                let previous = &old.entries[i];
                Entry {
                    translator_comments: previous.translator_comments.clone(),
                    flags: vec!["fuzzy".into()],
                    previous_msgid: Some(previous.msgid.clone()),
                    msgstr: previous.msgstr.clone(),
                    ..new.clone()
                }
            }
            None => suggested(new.clone(), &memory),
        };
        merged.push((t, entry));
    }
    merged.sort_by_key(|(t, _)| *t);
    let mut entries: Vec<Entry> = merged.into_iter().map(|(_, e)| e).collect();
    for (i, entry) in old.entries.iter().enumerate() {
        if !used[i] && entry.has_translation() {
            // The flags stay: a translation nobody checked must not come back as checked if
            // its English returns.
            entries.push(Entry {
                obsolete: true,
                previous_msgctxt: None,
                previous_msgid: None,
                previous_msgid_plural: None,
                references: Vec::new(),
                ..entry.clone()
            });
        }
    }
    let mut header = old.header.clone();
    for (name, value) in &template.header {
        // The language's own header fields win; only missing ones come from the template.
        if !header.iter().any(|(k, _)| k == name) {
            header.push((name.clone(), value.clone()));
        }
    }
    Catalog {
        header,
        header_comments: old.header_comments.clone(),
        header_flags: old.header_flags.clone(),
        header_layout: old.header_layout.clone(),
        entries,
    }
}

/// Word-level Dice similarity of two texts, from 0 (nothing shared) to 1 (same words).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> Vec<String> { t.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut remaining = b.clone();
    let mut shared = 0;
    for word in &a {
        if let Some(p) = remaining.iter().position(|w| w == word) {
            remaining.swap_remove(p);
            shared += 1;
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Every segment of the template, numbered in template order, found by its context and text.
/// Each language keeps its translations by these numbers, so the English text of a large site
/// is held once, not once more for every language, and text the site no longer has is not kept.
#[derive(Debug, Default)]
pub struct Segments {
    /// Context → its texts.
    by_context: HashMap<Box<str>, ContextTexts>,
    /// By number: the segment's context, as an index into `contexts`.
    context_of: Vec<u32>,
    /// Every context, in the order it first comes.
    contexts: Vec<Box<str>>,
    /// How many segments are the site's own text; any after them were learnt from the PO files
    /// ([`Catalogs::load_every_entry`]) and count in no translation progress.
    own: usize,
}

#[derive(Debug)]
struct ContextTexts {
    /// The context's place in [`Segments::contexts`].
    index: u32,
    /// Source text → segment number.
    texts: HashMap<Box<str>, usize>,
}

impl Segments {
    /// The segments of a template read from a file.
    pub fn new(template: &Catalog) -> Segments {
        let mut segments = Segments::default();
        for entry in &template.entries {
            let (context, msgid) = entry.key();
            segments.add(context, msgid);
        }
        segments.own = segments.count();
        segments
    }

    /// The segments of a site, numbered as [`template`] would number them, without making the
    /// template (its references and comments are large on a big site, and a build needs none).
    pub fn of_site(site_dir: &Path, config: &SiteConfig, content: &Content, ui: &BTreeMap<String, String>) -> Segments {
        let mut segments = Segments::default();
        each_segment(site_dir, config, content, ui, &mut |context, msgid, _| segments.add(&context, msgid));
        segments.own = segments.count();
        segments
    }

    fn add(&mut self, context: &str, msgid: &str) {
        let number = self.context_of.len();
        if !self.by_context.contains_key(context) {
            let index = self.contexts.len() as u32;
            self.contexts.push(context.into());
            self.by_context.insert(context.into(), ContextTexts { index, texts: HashMap::new() });
        }
        let group = self.by_context.get_mut(context).expect("just added");
        if !group.texts.contains_key(msgid) {
            group.texts.insert(msgid.into(), number);
            self.context_of.push(group.index);
        }
    }

    fn count(&self) -> usize {
        self.context_of.len()
    }

    fn find(&self, context: &str, msgid: &str) -> Option<usize> {
        self.by_context.get(context)?.texts.get(msgid).copied()
    }
}

/// What a build needs of one language's PO file: the current translation of each segment, and
/// which segments have a fuzzy one. A build lets each entry go as soon as it is read
/// ([`Reading`]), so it never holds a language's whole catalog in memory.
pub struct LanguageFile {
    /// By segment number: the translation, when it is current.
    current: Vec<Option<Box<str>>>,
    /// By segment number: the translation is marked fuzzy.
    fuzzy: Vec<bool>,
    /// What [`reader_checks`] found in the finished translations, with their PO lines.
    problems: Vec<Diagnostic>,
}

impl LanguageFile {
    fn new(lang: &str, catalog: Catalog, segments: &Segments, glossary: &Glossary) -> LanguageFile {
        let mut reading = Reading::new(lang, segments, glossary);
        catalog.entries.into_iter().for_each(|entry| reading.add(entry));
        reading.file
    }

    fn state(&self, number: usize) -> EntryState {
        if self.current[number].is_some() {
            EntryState::Translated
        } else if self.fuzzy[number] {
            EntryState::Fuzzy
        } else {
            EntryState::Missing
        }
    }
}

/// A language's file as its entries are read: each current translation is checked and kept by
/// its segment's number, so the entries themselves need not be kept.
struct Reading<'a> {
    lang: &'a str,
    path: std::path::PathBuf,
    segments: &'a Segments,
    glossary: &'a Glossary,
    file: LanguageFile,
}

impl<'a> Reading<'a> {
    fn new(lang: &'a str, segments: &'a Segments, glossary: &'a Glossary) -> Self {
        let file = LanguageFile {
            current: vec![None; segments.count()],
            fuzzy: vec![false; segments.count()],
            problems: Vec::new(),
        };
        Reading { lang, path: po_path(lang), segments, glossary, file }
    }

    fn add(&mut self, entry: Entry) {
        let (path, segments, file) = (self.path.as_path(), self.segments, &mut self.file);
        if entry.is_current() {
            let findings = reader_checks::check(&entry.msgid, &entry.msgstr);
            // A wrong number stops the build; added HTML keeps the English on the page.
            let usable = findings.iter().all(|f| !f.is_error() && !matches!(f, reader_checks::Finding::AddedHtml(_)));
            for finding in findings {
                let problem = if finding.is_error() { Diagnostic::error } else { Diagnostic::warning };
                file.problems.push(problem(path, entry.msgstr_line, finding.message()).help(finding.help()));
            }
            for (term, forms) in self.glossary.missed(self.lang, &entry.msgid, &entry.msgstr) {
                let message =
                    format!("this translation does not use the agreed term for \"{term}\" ({})", forms.join(" / "));
                file.problems.push(Diagnostic::warning(path, entry.msgstr_line, message).help(format!(
                    "use the term agreed in {}, or add this form of it there",
                    glossary::path().display()
                )));
            }
            if usable && let Some(number) = segments.find(entry.key().0, &entry.msgid) {
                file.current[number] = Some(entry.msgstr.into_boxed_str());
            }
        } else if !entry.obsolete
            && entry.is_fuzzy()
            && !entry.msgstr.is_empty()
            && let Some(number) = segments.find(entry.key().0, &entry.msgid)
        {
            file.fuzzy[number] = true;
        }
    }
}

/// The PO file of every language but the source language, read once for the whole build, in
/// parallel. A language without a file simply has no translations yet.
pub struct Catalogs {
    /// (language, its file, or None when there is none), in site order.
    by_language: Vec<(String, Option<LanguageFile>)>,
}

impl Catalogs {
    pub fn load(site_dir: &Path, config: &SiteConfig, segments: &Segments) -> Result<Catalogs, Diagnostics> {
        let glossary = Glossary::load(site_dir)?;
        // Each file is read and cut down to the site's segments on its own thread, entry by
        // entry, so a large site never holds a language's whole catalog.
        let files = config.languages.par_iter().skip(1).map(|language| {
            let lang = language.code();
            // Each entry is checked and let go as soon as it is read.
            let mut reading = Reading::new(lang, segments, &glossary);
            let read = Catalog::read_translations_each(site_dir, &po_path(lang), &mut |entry| reading.add(entry));
            (lang.to_string(), read.map(|catalog| catalog.map(|_| reading.file)))
        });
        Catalogs::gather(files.collect())
    }

    /// Like [`Catalogs::load`], but every current translation in the files is kept, not only
    /// those of the site's present text, and `segments` learns their texts. A site edited while
    /// it is served (`beacon serve`) then finds the translation of a sentence the author has just
    /// written back to what it was, as a fresh build would.
    pub fn load_every_entry(
        site_dir: &Path,
        config: &SiteConfig,
        segments: &mut Segments,
    ) -> Result<Catalogs, Diagnostics> {
        let glossary = Glossary::load(site_dir)?;
        let read: Vec<(&str, Result<Option<Catalog>, Diagnostic>)> =
            config.languages.par_iter().skip(1).map(|l| (l.code(), read(site_dir, l.code()))).collect();
        for catalog in read.iter().filter_map(|(_, file)| file.as_ref().ok()?.as_ref()) {
            for entry in catalog.entries.iter().filter(|entry| entry.is_current()) {
                segments.add(entry.key().0, &entry.msgid);
            }
        }
        let segments = &*segments;
        let files = read.into_par_iter().map(|(lang, file)| {
            (lang.to_string(), file.map(|catalog| catalog.map(|c| LanguageFile::new(lang, c, segments, &glossary))))
        });
        Catalogs::gather(files.collect())
    }

    fn gather(files: Vec<(String, Result<Option<LanguageFile>, Diagnostic>)>) -> Result<Catalogs, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut by_language = Vec::new();
        for (lang, file) in files {
            match file {
                Ok(file) => by_language.push((lang, file)),
                Err(problem) => problems.push(problem),
            }
        }
        if problems.has_errors() { Err(problems) } else { Ok(Catalogs { by_language }) }
    }
}

/// A language's PO file, parsed; None when the language has none yet.
fn read(site_dir: &Path, lang: &str) -> Result<Option<Catalog>, Diagnostic> {
    Catalog::read_translations(site_dir, &po_path(lang))
}

/// Current translations by language, for the build.
#[derive(Debug, Default)]
pub struct Translations {
    segments: Segments,
    /// Language → translation by segment number.
    by_language: HashMap<String, Vec<Option<Box<str>>>>,
}

impl Translations {
    pub fn new(segments: Segments, catalogs: Catalogs) -> Translations {
        let by_language =
            catalogs.by_language.into_iter().filter_map(|(lang, file)| Some((lang, file?.current))).collect();
        Translations { segments, by_language }
    }

    pub fn get(&self, lang: &str, context: &str, msgid: &str) -> Option<&str> {
        let number = self.segments.find(context, msgid)?;
        self.by_language.get(lang)?[number].as_deref()
    }

    /// Interface strings of `lang`, keyed like `ui.toml`.
    pub fn ui(&self, lang: &str, source: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        source
            .iter()
            .filter_map(|(name, text)| self.get(lang, &key::ui(name), text).map(|t| (name.clone(), t.to_string())))
            .collect()
    }
}

/// Where an entry of the template stands in one language.
#[derive(Clone, Copy)]
enum EntryState {
    Translated,
    Fuzzy,
    Missing,
}

/// Translation progress of one document in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub translated: usize,
    pub fuzzy: usize,
    pub missing: usize,
}

impl Progress {
    pub fn total(&self) -> usize {
        self.translated + self.fuzzy + self.missing
    }

    /// The progress of several parts together.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Progress>) -> Progress {
        parts.into_iter().fold(Progress::default(), |sum, p| Progress {
            translated: sum.translated + p.translated,
            fuzzy: sum.fuzzy + p.fuzzy,
            missing: sum.missing + p.missing,
        })
    }

    pub fn percent(&self) -> usize {
        if self.total() == 0 { 100 } else { self.translated * 100 / self.total() }
    }

    fn count(&mut self, state: EntryState) {
        match state {
            EntryState::Translated => self.translated += 1,
            EntryState::Fuzzy => self.fuzzy += 1,
            EntryState::Missing => self.missing += 1,
        }
    }
}

/// Progress of every language: (language, [(part, progress)]) where parts are "interface",
/// "risk names" and each document's context.
pub fn status(template: &Catalog, catalogs: &[(String, Catalog)]) -> Vec<(String, Vec<(String, Progress)>)> {
    let segments = Segments::new(template);
    catalogs
        .par_iter()
        .map(|(lang, catalog)| {
            let file = LanguageFile::new(lang, catalog.clone(), &segments, &Glossary::default());
            (lang.clone(), status_of(&segments, &file))
        })
        .collect()
}

/// Progress of one language, part by part.
fn status_of(segments: &Segments, file: &LanguageFile) -> Vec<(String, Progress)> {
    // Parts in the order their last segment comes.
    let mut parts: Vec<(String, Progress, usize)> = Vec::new();
    let mut part_of_name: HashMap<String, usize> = HashMap::new();
    let part_of_context: Vec<usize> = segments
        .contexts
        .iter()
        .map(|context| {
            let name = part_name(context);
            *part_of_name.entry(name.clone()).or_insert_with(|| {
                parts.push((name, Progress::default(), 0));
                parts.len() - 1
            })
        })
        .collect();
    for (number, context) in segments.context_of.iter().enumerate().take(segments.own) {
        let part = &mut parts[part_of_context[*context as usize]];
        part.1.count(file.state(number));
        part.2 = number;
    }
    parts.sort_by_key(|(_, _, last)| *last);
    parts.into_iter().map(|(part, progress, _)| (part, progress)).collect()
}

/// "module:x:title" and "module:x" both belong to "module:x"; all "ui:*" to "interface".
fn part_name(context: &str) -> String {
    let mut pieces = context.splitn(3, ':');
    match (pieces.next(), pieces.next()) {
        (Some("ui"), _) => "interface".into(),
        (Some("risk-name"), _) | (Some("site"), _) => "site".into(),
        (Some(kind), Some(name)) => format!("{kind}:{name}"),
        (Some(kind), None) => kind.to_string(),
        _ => String::new(),
    }
}

/// Problems `beacon check` reports about translations: fuzzy and missing segments, per file.
pub fn check(config: &SiteConfig, segments: &Segments, catalogs: &Catalogs) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (lang, catalog) in &catalogs.by_language {
        let path = po_path(lang);
        let name = config.languages.iter().find(|l| l.code() == lang).map_or(lang.as_str(), |l| l.name.as_str());
        let Some(file) = catalog else {
            found.push(
                Diagnostic::warning(&path, 0, format!("there is no translation file for {name}"))
                    .help(format!("run `beacon translate add {lang}` or `beacon translate update`")),
            );
            continue;
        };
        found.extend(file.problems.iter().cloned());
        for (part, progress) in status_of(segments, file) {
            if progress.fuzzy + progress.missing > 0 {
                found.push(
                    Diagnostic::warning(
                        &path,
                        0,
                        format!(
                            "{part}: {} fuzzy and {} missing of {} entries ({name})",
                            progress.fuzzy,
                            progress.missing,
                            progress.total(),
                        ),
                    )
                    .help("translate them in Poedit or Weblate; fuzzy entries need a translator to check them"),
                );
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(entries: &[(&str, &str, &str)]) -> Catalog {
        Catalog {
            header: vec![("Language".into(), "pl".into())],
            entries: entries.iter().map(|(c, id, s)| Entry { msgstr: s.to_string(), ..Entry::new(*c, *id) }).collect(),
            ..Catalog::default()
        }
    }

    #[test]
    fn translations_are_kept_by_segment_and_text_the_site_no_longer_has_is_not() {
        let template = catalog(&[("module:a", "Keep a torch.", ""), ("module:a", "Call 105.", "")]);
        let segments = Segments::new(&template);
        let po =
            catalog(&[("module:a", "Keep a torch.", "Trzymaj latarkę."), ("module:a", "Old text.", "Stary tekst.")]);
        let file = LanguageFile::new("pl", po, &segments, &Glossary::default());
        assert!(matches!(file.state(0), EntryState::Translated) && matches!(file.state(1), EntryState::Missing));
        let translations = Translations::new(segments, Catalogs { by_language: vec![("pl".into(), Some(file))] });
        assert_eq!(translations.get("pl", "module:a", "Keep a torch."), Some("Trzymaj latarkę."));
        assert_eq!(translations.get("pl", "module:a", "Call 105."), None);
        assert_eq!(translations.get("pl", "module:b", "Keep a torch."), None, "another context");
        assert_eq!(translations.get("pl", "module:a", "Old text."), None, "no longer on the site");
        assert_eq!(translations.get("gu", "module:a", "Keep a torch."), None, "another language");
    }

    #[test]
    fn a_translation_without_the_agreed_term_is_a_warning_on_its_line() {
        let template = catalog(&[("module:a", "Pack a grab bag.", "")]);
        let segments = Segments::new(&template);
        let glossary: Glossary =
            toml::from_str("[[term]]\nen = \"grab bag\"\nforms.pl = [\"torb ewakuacyjn\"]\n").unwrap();
        let mut po = catalog(&[("module:a", "Pack a grab bag.", "Spakuj torbę awaryjną.")]);
        po.entries[0].msgstr_line = 12;
        let file = LanguageFile::new("pl", po, &segments, &glossary);
        let [problem] = &file.problems[..] else { panic!("{:?}", file.problems) };
        assert_eq!((problem.line, problem.is_error()), (12, false));
        assert!(problem.message.contains("\"grab bag\" (torb ewakuacyjn)"), "{problem}");
        assert!(matches!(file.state(0), EntryState::Translated), "the translation is still used");
    }

    /// The repository's own site: its folder, settings, interface strings and content.
    fn default_site() -> (&'static Path, SiteConfig, BTreeMap<String, String>, Content) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = SiteConfig::load(dir).unwrap();
        let theme = crate::load::theme::Theme::load(dir, &config.theme).unwrap();
        let content = Content::load(dir, &config).unwrap();
        (dir, config, theme.strings, content)
    }

    #[test]
    fn the_default_site_uses_its_glossary() {
        let (dir, config, strings, content) = default_site();
        let segments = Segments::of_site(dir, &config, &content, &strings);
        let catalogs = Catalogs::load(dir, &config, &segments).unwrap();
        let missed: Vec<String> = catalogs
            .by_language
            .iter()
            .filter_map(|(_, file)| file.as_ref())
            .flat_map(|file| &file.problems)
            .filter(|p| p.message.contains("agreed term"))
            .map(ToString::to_string)
            .collect();
        assert!(missed.is_empty(), "{missed:#?}");
    }

    #[test]
    fn a_build_numbers_segments_as_the_template_does() {
        let (dir, config, strings, content) = default_site();
        let template = template(dir, &config, &content, &strings);
        let (from_template, from_site) =
            (Segments::new(&template), Segments::of_site(dir, &config, &content, &strings));
        assert!(from_site.count() > 1000);
        assert_eq!((&from_template.contexts, &from_template.context_of), (&from_site.contexts, &from_site.context_of));
        for (number, entry) in template.entries.iter().enumerate() {
            let (context, msgid) = entry.key();
            assert_eq!(from_site.find(context, msgid), Some(number), "{context}: {msgid}");
        }
    }

    #[test]
    fn merge_keeps_marks_fuzzy_adds_and_obsoletes() {
        let old = catalog(&[
            ("module:a", "Keep a torch at home.", "Trzymaj latarkę w domu."),
            ("module:a", "Call 105 if the power goes off.", "Zadzwoń pod 105, gdy nie ma prądu."),
            ("module:a", "A removed paragraph.", "Usunięty akapit."),
        ]);
        let template = catalog(&[
            ("module:a", "Keep a torch at home.", ""),
            ("module:a", "Call 105 if the power goes off in your home.", ""),
            ("module:a", "Brand new text.", ""),
        ]);
        let merged = merge(&template, &old);
        let summary: Vec<(&str, &str, bool, bool)> =
            merged.entries.iter().map(|e| (e.msgid.as_str(), e.msgstr.as_str(), e.is_fuzzy(), e.obsolete)).collect();
        assert_eq!(
            summary,
            vec![
                ("Keep a torch at home.", "Trzymaj latarkę w domu.", false, false),
                ("Call 105 if the power goes off in your home.", "Zadzwoń pod 105, gdy nie ma prądu.", true, false),
                ("Brand new text.", "", false, false),
                ("A removed paragraph.", "Usunięty akapit.", false, true),
            ]
        );
        assert_eq!(merged.entries[1].previous_msgid.as_deref(), Some("Call 105 if the power goes off."));
        assert_eq!(merge(&template, &merged), merged, "merging twice changes nothing");
        // An unchecked translation whose English goes and comes back is still unchecked.
        let unchecked =
            Catalog { entries: vec![Entry { flags: vec!["fuzzy".into()], ..old.entries[0].clone() }], ..old.clone() };
        let gone = merge(&catalog(&[]), &unchecked);
        assert!(gone.entries[0].obsolete && gone.entries[0].is_fuzzy(), "{:?}", gone.entries[0]);
        let back = merge(&unchecked, &gone);
        assert!(!back.entries[0].obsolete && !back.entries[0].is_current(), "{:?}", back.entries[0]);
        let finished = merge(&old, &merge(&catalog(&[]), &old));
        assert!(finished.entries.iter().take(3).all(Entry::is_current), "a finished translation comes back finished");
        // The same English elsewhere (another context here, or a compendium) is a fuzzy suggestion.
        let site_template = catalog(&[("module:b", "Keep a torch at home.", ""), ("module:b", "Stay calm.", "")]);
        let compendium = catalog(&[("other-project", "Stay calm.", "Zachowaj spokój.")]);
        let suggested = merge_with_memory(&site_template, &old, &[&compendium]);
        let texts: Vec<_> = suggested.entries.iter().take(2).map(|e| (e.msgstr.as_str(), e.is_fuzzy())).collect();
        assert_eq!(texts, [("Trzymaj latarkę w domu.", true), ("Zachowaj spokój.", true)]);
        assert!(suggested.entries.iter().all(|e| !e.is_current()), "suggestions are never current");
        assert_eq!(merge_with_memory(&site_template, &suggested, &[&compendium]), suggested, "merging twice");
        // An entry left empty gets the translation of the same English elsewhere in the file.
        let repeated = catalog(&[("module:a", "Call 999.", "Dzwoń pod 999."), ("module:b", "Call 999.", "")]);
        let filled = merge(&repeated, &repeated);
        assert_eq!((filled.entries[1].msgstr.as_str(), filled.entries[1].is_fuzzy()), ("Dzwoń pod 999.", true));
        let credited = Catalog { header_comments: vec!["Anna Kowalska, 2026.".into()], ..old.clone() };
        assert_eq!(merge(&template, &credited).header_comments, credited.header_comments, "credits are kept");
    }

    #[test]
    fn status_counts_per_part() {
        let template = catalog(&[
            ("ui:home", "Home", ""),
            ("module:a:title", "A", ""),
            ("module:a", "x", ""),
            ("module:a", "y", ""),
        ]);
        let mut pl =
            catalog(&[("ui:home", "Home", "Strona główna"), ("module:a:title", "A", "A"), ("module:a", "x", "iks")]);
        pl.entries[2].flags.push("fuzzy".into());
        let report = status(&template, &[("pl".into(), pl)]);
        let parts = &report[0].1;
        assert_eq!(parts[0], ("interface".to_string(), Progress { translated: 1, fuzzy: 0, missing: 0 }));
        assert_eq!(parts[1], ("module:a".to_string(), Progress { translated: 1, fuzzy: 1, missing: 1 }));
    }

    #[test]
    fn similarity_of_texts() {
        assert_eq!(similarity("a b c", "a b c"), 1.0);
        assert!(similarity("call 105 now", "call 105 today") > 0.6);
        assert_eq!(similarity("x", "y"), 0.0);
    }
}
