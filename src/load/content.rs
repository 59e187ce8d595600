//! Reads the `content/` folder: the home page, modules, risk pages and plain pages, plus the
//! list of files in `static/`. Every problem in every file is collected before giving up.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::campaign::{Campaign, parse_campaign};
use crate::load::config::{LeafletFormat, SiteConfig};
use crate::load::containers::Body;
use crate::load::frontmatter;
use crate::load::paths::key;
use crate::load::schedule::{RawSchedule, Schedule, parse_schedule};
use crate::load::site_files::{SiteFile, SiteRoot};
use crate::text::slug::is_slug;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Page slugs that would collide with Beacon's own sections.
const RESERVED_SLUGS: &[&str] = &["modules", "risks", "media", "assets", "leaflets", "campaigns", "go"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Households,
    CommunityGroups,
    Businesses,
    Volunteers,
    ElectedMembers,
}

impl Audience {
    pub const ALL: [Audience; 5] = [
        Audience::Households,
        Audience::CommunityGroups,
        Audience::Businesses,
        Audience::Volunteers,
        Audience::ElectedMembers,
    ];

    /// Key of the interface string that names this audience.
    pub fn key(self) -> &'static str {
        match self {
            Audience::Households => "audience_households",
            Audience::CommunityGroups => "audience_community_groups",
            Audience::Businesses => "audience_businesses",
            Audience::Volunteers => "audience_volunteers",
            Audience::ElectedMembers => "audience_elected_members",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicMeta {
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub order: i64,
    /// See [`PlainPage::schedule`].
    pub publish: Option<Spanned<toml::value::Datetime>>,
    pub expires: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModuleMeta {
    title: String,
    summary: String,
    audience: Audience,
    #[serde(default)]
    risks: Vec<Spanned<String>>,
    #[serde(default)]
    order: i64,
    updated: Option<Spanned<toml::value::Datetime>>,
    leaflets: Option<Vec<LeafletFormat>>,
    go: Option<Spanned<String>>,
    publish: Option<Spanned<toml::value::Datetime>>,
    expires: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Clone)]
pub struct ModuleMeta {
    pub title: String,
    pub summary: String,
    pub audience: Audience,
    pub risks: Vec<String>,
    pub order: i64,
    /// When the text was last changed; printed on pages and leaflets.
    pub updated: Option<time::Date>,
    /// Printed editions for this module, replacing the site's `[leaflets] formats`.
    pub leaflets: Option<Vec<LeafletFormat>>,
    /// The module's name in its short addresses ("home" in "/en/go/flood-home"); None uses the
    /// slug.
    pub go: Option<ShortName>,
    /// When the module is published and when it expires.
    pub schedule: Schedule,
}

/// A short name set in a file, with the line that sets it.
#[derive(Debug, Clone)]
pub struct ShortName {
    pub name: String,
    pub line: usize,
}

/// One markdown file: its front matter and its body.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Relative to the site folder.
    pub file: PathBuf,
    pub meta: M,
    pub body: Body,
    /// The TOML between the `+++` lines, kept to turn setting positions into file lines.
    pub front_matter: String,
}

impl<M> Document<M> {
    /// File line of a byte offset into the front matter (which starts on line 2).
    pub fn front_matter_line(&self, offset: usize) -> usize {
        2 + self.front_matter[..offset.min(self.front_matter.len())].matches('\n').count()
    }

    /// File line of the front-matter setting `name` (for a value that keeps no position).
    pub fn setting_line(&self, name: &str) -> Option<usize> {
        self.front_matter.lines().position(|line| line.trim_start().starts_with(name)).map(|index| index + 2)
    }
}

#[derive(Debug, Clone)]
pub struct Module {
    pub slug: String,
    pub doc: Document<ModuleMeta>,
}

#[derive(Debug, Clone)]
pub struct PlainPage {
    pub slug: String,
    pub doc: Document<PageMeta>,
    /// When the page is published and when it expires.
    pub schedule: Schedule,
}

impl PlainPage {
    /// A page file's document as a page; None when its dates are broken (the problems say why).
    fn new(slug: String, doc: Document<PageMeta>, problems: &mut Diagnostics) -> Option<PlainPage> {
        let before = problems.error_count();
        let raw = RawSchedule { publish: doc.meta.publish.as_ref(), expires: doc.meta.expires.as_ref() };
        let schedule = parse_schedule(&doc.file, raw, &|offset| doc.front_matter_line(offset), problems);
        (problems.error_count() == before).then_some(PlainPage { slug, doc, schedule })
    }
}

#[derive(Debug, Clone)]
pub struct Content {
    pub home: Document<BasicMeta>,
    /// Sorted by `order`, then slug.
    pub modules: Vec<Module>,
    /// Risk id → its page.
    pub risks: BTreeMap<String, Document<BasicMeta>>,
    /// Sorted by `order`, then slug.
    pub pages: Vec<PlainPage>,
    /// Every campaign, published or not, sorted by start date, then slug.
    pub campaigns: Vec<Campaign>,
    /// Files in `static/`, as root paths ("/files/plan.pdf").
    pub static_files: BTreeSet<String>,
}

impl Content {
    pub fn load(site_dir: &Path, config: &SiteConfig) -> Result<Content, Diagnostics> {
        let mut problems = Diagnostics::default();
        let home = load_document::<BasicMeta>(site_dir, Path::new("content/_index.md"), false, &mut problems);

        let mut modules = Vec::new();
        let mut slugs = BTreeMap::new();
        for (slug, file) in markdown_entries(site_dir, "content/modules", true, &mut problems) {
            if let Some(previous) = slugs.insert(slug.clone(), file.clone()) {
                problems.push(
                    Diagnostic::error(&file, 0, format!("module \"{slug}\" also exists as {}", previous.display()))
                        .help("keep one of the two files"),
                );
                continue;
            }
            let module = super::text_file::read(site_dir, &file)
                .map_err(|problem| problems.push(problem))
                .ok()
                .and_then(|text| parse_module(slug, &file, &text, config, &mut problems));
            modules.extend(module);
        }
        modules.sort_by(|a, b| (a.doc.meta.order, &a.slug).cmp(&(b.doc.meta.order, &b.slug)));

        let mut risks = BTreeMap::new();
        // Risks that have a page file, whether or not it loaded without problems.
        let mut risk_files = BTreeSet::new();
        for (id, file) in markdown_entries(site_dir, "content/risks", false, &mut problems) {
            risk_files.insert(id.clone());
            if config.risk(&id).is_none() {
                problems.push(
                    Diagnostic::error(&file, 0, format!("\"{id}\" is not a risk declared in site.toml")).help(format!(
                        "add [[risks]] id = \"{id}\" to site.toml, or rename the file to one of: {}",
                        risk_list(config)
                    )),
                );
            } else if let Some(doc) = load_document::<BasicMeta>(site_dir, &file, false, &mut problems) {
                risks.insert(id, doc);
            }
        }
        for risk in &config.risks {
            if !risk_files.contains(risk.id()) {
                problems.push(
                    Diagnostic::error(crate::load::config::FILE_NAME, 0, format!("risk \"{}\" has no page", risk.id()))
                        .help(format!(
                            "create content/risks/{}.md with a title, a summary and what people should do",
                            risk.id()
                        )),
                );
            }
        }

        let mut pages = Vec::new();
        for (slug, file) in markdown_entries(site_dir, "content/pages", true, &mut problems) {
            if RESERVED_SLUGS.contains(&slug.as_str()) || config.languages.iter().any(|l| l.code() == slug) {
                problems.push(
                    Diagnostic::error(
                        &file,
                        0,
                        format!("a page cannot be called \"{slug}\": Beacon uses that address itself"),
                    )
                    .help("rename the file"),
                );
            } else if let Some(doc) = load_document::<PageMeta>(site_dir, &file, false, &mut problems) {
                pages.extend(PlainPage::new(slug, doc, &mut problems));
            }
        }
        pages.sort_by(|a, b| (a.doc.meta.order, &a.slug).cmp(&(b.doc.meta.order, &b.slug)));

        let module_slugs: Vec<&str> = modules.iter().map(|m| m.slug.as_str()).collect();
        let mut campaigns = Vec::new();
        for (slug, file) in markdown_entries(site_dir, "content/campaigns", false, &mut problems) {
            let campaign = super::text_file::read(site_dir, &file)
                .map_err(|problem| problems.push(problem))
                .ok()
                .and_then(|text| parse_campaign(slug, &file, &text, config, &module_slugs, &mut problems));
            campaigns.extend(campaign);
        }
        campaigns.sort_by(|a, b| (a.doc.meta.start, &a.slug).cmp(&(b.doc.meta.start, &b.slug)));

        let static_files = list_static_files(site_dir, &mut problems);
        match home {
            Some(home) if !problems.has_errors() => {
                Ok(Content { home, modules, risks, pages, campaigns, static_files })
            }
            _ => Err(problems),
        }
    }
}

/// One document of [`Content`] read again from its file (`beacon serve`, after an edit).
pub struct Reloaded {
    pub content: Content,
    /// The document's translation key ("module:x").
    pub key: String,
}

impl Content {
    /// This content with `file` (relative to the site folder) read again. None when `file` is
    /// not one of its documents, or no longer exists: then only a whole new load tells what the
    /// site has become. The problems of the file are returned when it is broken.
    pub fn with_file_reloaded(
        &self,
        site_dir: &Path,
        config: &SiteConfig,
        file: &Path,
    ) -> Option<Result<Reloaded, Diagnostics>> {
        if !site_dir.join(file).is_file() {
            return None;
        }
        let mut content = self.clone();
        let mut problems = Diagnostics::default();
        let key = if self.home.file == file {
            match load_document(site_dir, file, false, &mut problems) {
                Some(doc) => content.home = doc,
                None => return Some(Err(problems)),
            }
            key::HOME.to_string()
        } else if let Some(index) = self.modules.iter().position(|m| m.doc.file == file) {
            let slug = self.modules[index].slug.clone();
            let text = super::text_file::read(site_dir, file);
            let module = text
                .map_err(|problem| problems.push(problem))
                .ok()
                .and_then(|text| parse_module(slug.clone(), file, &text, config, &mut problems));
            match module {
                Some(module) => content.modules[index] = module,
                None => return Some(Err(problems)),
            }
            key::module(&slug)
        } else if let Some((id, _)) = self.risks.iter().find(|(_, doc)| doc.file == file) {
            match load_document(site_dir, file, false, &mut problems) {
                Some(doc) => content.risks.insert(id.clone(), doc),
                None => return Some(Err(problems)),
            };
            key::risk(id)
        } else if let Some(index) = self.pages.iter().position(|p| p.doc.file == file) {
            let slug = self.pages[index].slug.clone();
            let page = load_document(site_dir, file, false, &mut problems)
                .and_then(|doc| PlainPage::new(slug, doc, &mut problems));
            match page {
                Some(page) => content.pages[index] = page,
                None => return Some(Err(problems)),
            }
            key::page(&self.pages[index].slug)
        } else {
            return None;
        };
        Some(if problems.has_errors() { Err(problems) } else { Ok(Reloaded { content, key }) })
    }
}

pub(super) fn risk_list(config: &SiteConfig) -> String {
    config.risks.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")
}

/// A module file's text as a module of the site `config` describes; None, with the problems,
/// when it is broken.
pub fn parse_module(
    slug: String,
    file: &Path,
    text: &str,
    config: &SiteConfig,
    problems: &mut Diagnostics,
) -> Option<Module> {
    let raw = parse_document::<RawModuleMeta>(file, text, true, problems)?;
    validate_module(slug, raw, config, problems)
}

fn validate_module(
    slug: String,
    raw: Document<RawModuleMeta>,
    config: &SiteConfig,
    problems: &mut Diagnostics,
) -> Option<Module> {
    let before = problems.error_count();
    let line_of = |offset: usize| raw.front_matter_line(offset);
    let Document { file, meta, body, front_matter } = &raw;
    let mut listed = Vec::new();
    for risk in &meta.risks {
        let id = risk.get_ref();
        if config.risk(id).is_none() {
            problems.push(
                Diagnostic::error(file, line_of(risk.span().start), format!("unknown risk \"{id}\""))
                    .help(format!("declared risks are: {}; add new ones to site.toml", risk_list(config))),
            );
        } else if listed.contains(id) {
            problems.push(Diagnostic::error(
                file,
                line_of(risk.span().start),
                format!("risk \"{id}\" is listed twice"),
            ));
        } else {
            listed.push(id.clone());
        }
    }
    for (risk, line) in body.risk_blocks() {
        if config.risk(risk).is_none() {
            problems.push(
                Diagnostic::error(file, line, format!("unknown risk \"{risk}\""))
                    .help(format!("declared risks are: {}; add new ones to site.toml", risk_list(config))),
            );
        } else if !listed.iter().any(|r| r == risk) && !meta.risks.iter().any(|r| r.get_ref() == risk) {
            problems.push(
                Diagnostic::error(
                    file,
                    line,
                    format!("this block is for \"{risk}\", which the module's `risks` does not list"),
                )
                .help(format!("add \"{risk}\" to `risks = [...]` at the top of the file")),
            );
        }
    }
    let updated =
        meta.updated.as_ref().and_then(|value| date_setting(file, value, "updated", "2026-11-22", &line_of, problems));
    let raw_schedule = RawSchedule { publish: meta.publish.as_ref(), expires: meta.expires.as_ref() };
    let schedule = parse_schedule(file, raw_schedule, &line_of, problems);
    let go = meta.go.as_ref().map(|go| ShortName { name: go.get_ref().clone(), line: line_of(go.span().start) });
    if let Some(go) = go.as_ref().filter(|go| !is_slug(&go.name)) {
        problems.push(
            Diagnostic::error(file, go.line, format!("`go = \"{}\"` is not a short name", go.name))
                .help("use lower-case letters, digits and hyphens, e.g. go = \"home\""),
        );
    }
    (problems.error_count() == before).then(|| Module {
        slug,
        doc: Document {
            file: file.clone(),
            meta: ModuleMeta {
                title: meta.title.clone(),
                summary: meta.summary.clone(),
                audience: meta.audience,
                risks: listed,
                order: meta.order,
                updated,
                leaflets: meta.leaflets.clone(),
                go,
                schedule,
            },
            body: body.clone(),
            front_matter: front_matter.clone(),
        },
    })
}

/// The date a front-matter setting holds; None, with an error on its line, when it is not a
/// plain date. `example` is a date to show in the error.
pub(super) fn date_setting(
    file: &Path,
    value: &Spanned<toml::value::Datetime>,
    name: &str,
    example: &str,
    line_of: &dyn Fn(usize) -> usize,
    problems: &mut Diagnostics,
) -> Option<time::Date> {
    let date = to_date(value.get_ref());
    if date.is_none() {
        problems.push(
            Diagnostic::error(file, line_of(value.span().start), format!("`{name}` must be a date like {example}"))
                .help("write the date without quotes and without a time"),
        );
    }
    date
}

pub(super) fn to_date(value: &toml::value::Datetime) -> Option<time::Date> {
    match (value.date, value.time, value.offset) {
        (Some(date), None, None) => {
            let month = time::Month::try_from(date.month).ok()?;
            time::Date::from_calendar_date(i32::from(date.year), month, date.day).ok()
        }
        _ => None,
    }
}

/// Markdown files directly in `folder` (and `<slug>/index.md` when bundles are allowed),
/// as (slug, path relative to the site), sorted by path.
fn markdown_entries(
    site_dir: &Path,
    folder: &str,
    bundles: bool,
    problems: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(site_dir.join(folder)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        let (slug, file) = if path.is_dir() {
            if !bundles || !path.join("index.md").is_file() {
                continue;
            }
            (name.clone(), Path::new(folder).join(&name).join("index.md"))
        } else if let Some(stem) = name.strip_suffix(".md") {
            (stem.to_string(), Path::new(folder).join(&name))
        } else {
            continue;
        };
        if !is_slug(&slug) {
            problems.push(
                Diagnostic::error(&file, 0, format!("\"{slug}\" cannot be used in a web address"))
                    .help("rename it with lower-case letters, digits and hyphens, e.g. prepare-your-home.md"),
            );
            continue;
        }
        found.push((slug, file));
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

fn load_document<M: serde::de::DeserializeOwned>(
    site_dir: &Path,
    file: &Path,
    is_module: bool,
    problems: &mut Diagnostics,
) -> Option<Document<M>> {
    let text = match super::text_file::read(site_dir, file) {
        Ok(text) => text,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    parse_document(file, &text, is_module, problems)
}

/// A content file's text as its front matter and body; None, with the problems, when either is
/// broken. `is_module` allows risk blocks.
pub fn parse_document<M: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
    is_module: bool,
    problems: &mut Diagnostics,
) -> Option<Document<M>> {
    let split = match frontmatter::split(file, text) {
        Ok(split) => split,
        Err(diagnostic) => {
            problems.push(diagnostic);
            return None;
        }
    };
    let meta = frontmatter::parse::<M>(file, &split).map_err(|d| problems.push(d)).ok();
    let body = Body::parse(file, split.body, split.body_line, is_module).map_err(|d| problems.extend(d)).ok();
    if split.body.trim().is_empty() {
        problems.push(
            Diagnostic::error(file, split.body_line, "the page has no text")
                .help("write the page's text below the second `+++` line"),
        );
        return None;
    }
    Some(Document { file: file.to_path_buf(), meta: meta?, body: body?, front_matter: split.front_matter.to_string() })
}

/// Every file under static/, by its root path ("/files/plan.pdf"). Links are followed; one that
/// leads outside the site folder is an error, never a silent copy of someone else's file.
fn list_static_files(site_dir: &Path, problems: &mut Diagnostics) -> BTreeSet<String> {
    let root = site_dir.join("static");
    let site_root = SiteRoot::new(site_dir);
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root).follow_links(true).into_iter() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().and_then(|p| p.strip_prefix(site_dir).ok()).unwrap_or(Path::new("static"));
                // A folder that does not exist is simply a site without static files.
                if error.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
                    && path == Path::new("static")
                {
                    continue;
                }
                problems.push(
                    Diagnostic::error(path, 0, format!("cannot read this static file or folder: {error}"))
                        .help("check the link or the file's permissions, or remove it from static/"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(site_dir) else { continue };
        if let SiteFile::Outside(real) = site_root.locate(relative) {
            problems.push(
                Diagnostic::error(
                    relative,
                    0,
                    format!("this is a link to {}, outside the site folder", real.display()),
                )
                .help("copy the file into static/: Beacon publishes only files that belong to the site"),
            );
            continue;
        }
        if let Ok(under_static) = entry.path().strip_prefix(&root) {
            files.insert(format!("/{}", under_static.to_string_lossy().replace('\\', "/")));
        }
    }
    files
}
