//! Themes: Jinja templates (rendered by minijinja), static assets and the interface strings of
//! the page chrome.
//!
//! A theme is read from the site's `themes/<name>/` folder; the default theme is also built into
//! Beacon, so a site needs no copy of it. Any template in the site's own `templates/` folder
//! replaces the theme's template of the same name.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The interface strings of the page chrome, per language. Keys are snake_case so templates
/// can write `ui.skip_link`.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language code → key → text, each language already completed from the source language.
    by_language: BTreeMap<String, BTreeMap<String, String>>,
    /// Language code → the keys it has its own text for.
    translated: BTreeMap<String, std::collections::BTreeSet<String>>,
    source_language: String,
}

impl Strings {
    pub fn new(source_language: &str, source: BTreeMap<String, String>) -> Self {
        let mut by_language = BTreeMap::new();
        by_language.insert(source_language.to_string(), source);
        Self { by_language, translated: BTreeMap::new(), source_language: source_language.to_string() }
    }

    /// Adds a language: its translated strings over the source language's.
    pub fn add_language(&mut self, lang: &str, translated: BTreeMap<String, String>) {
        let mut all = self.by_language[&self.source_language].clone();
        self.translated.insert(lang.to_string(), translated.keys().cloned().collect());
        all.extend(translated);
        self.by_language.insert(lang.to_string(), all);
    }

    /// Every string for `lang`, falling back to the source language.
    pub fn all(&self, lang: &str) -> &BTreeMap<String, String> {
        self.by_language.get(lang).unwrap_or(&self.by_language[&self.source_language])
    }

    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.all(lang).get(key).map_or(key, String::as_str)
    }

    /// The language [`Strings::get`] gives the string in: `lang`, or the source language while
    /// the string is not translated yet.
    pub fn language_of<'a>(&'a self, lang: &'a str, key: &str) -> &'a str {
        let own = lang == self.source_language || self.translated.get(lang).is_some_and(|keys| keys.contains(key));
        if own { lang } else { &self.source_language }
    }
}

pub struct Theme {
    /// Template name → source, after the site's overrides.
    pub templates: BTreeMap<String, String>,
    /// Template name → the file it was read from (in the theme or the site's `templates/`), for
    /// messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Static files by path inside `static/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    pub strings: BTreeMap<String, String>,
    /// The leaflet layout (Typst) and the file it came from, for messages.
    pub leaflet_template: (PathBuf, String),
    /// The layout of campaigns' share images (Typst), when the theme has one.
    pub share_template: Option<(PathBuf, String)>,
    /// Font files for leaflets.
    pub fonts: Vec<Vec<u8>>,
    /// A hash of `fonts`, made the first time leaflets or share images ask for it (see
    /// [`Theme::fonts_digest`]); `check` never needs it.
    fonts_digest: std::sync::OnceLock<String>,
    /// Where the theme came from, for messages.
    pub origin: PathBuf,
}

impl Theme {
    pub fn load(site_dir: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let folder = Path::new("themes").join(name);
        let files = if site_dir.join(&folder).is_dir() {
            read_folder(&site_dir.join(&folder))
                .map_err(|e| Diagnostic::error(&folder, 0, format!("cannot read the theme: {e}")))?
        } else if name == "default" {
            embedded::FILES.iter().map(|(path, bytes)| (path.to_string(), bytes.to_vec())).collect()
        } else {
            return Err(Diagnostic::error(
                crate::load::config::FILE_NAME,
                0,
                format!("the theme \"{name}\" does not exist"),
            )
            .help(format!("create {} or set theme = \"default\"", folder.display())));
        };
        let mut templates = BTreeMap::new();
        let mut template_files = BTreeMap::new();
        let mut assets = BTreeMap::new();
        let mut strings_text = None;
        let mut leaflet_template = None;
        let mut share_template = None;
        let mut fonts = Vec::new();
        for (path, bytes) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Diagnostic::error(folder.join(&path), 0, "the template is not UTF-8 text"))?;
                templates.insert(name.to_string(), text);
                template_files.insert(name.to_string(), folder.join(&path));
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.insert(name.to_string(), bytes);
            } else if path == "ui.toml" {
                strings_text = Some(String::from_utf8_lossy(&bytes).into_owned());
            } else if path == LEAFLET_TEMPLATE {
                leaflet_template = Some((folder.join(&path), String::from_utf8_lossy(&bytes).into_owned()));
            } else if path == SHARE_TEMPLATE {
                share_template = Some((folder.join(&path), String::from_utf8_lossy(&bytes).into_owned()));
            } else if is_font(&path) {
                fonts.push(bytes);
            }
        }
        // A site's own leaflet/ folder replaces the layout and adds fonts.
        let site_leaflet = site_dir.join("leaflet");
        if site_leaflet.is_dir() {
            for (path, bytes) in
                read_folder(&site_leaflet).map_err(|e| Diagnostic::error("leaflet", 0, format!("cannot read: {e}")))?
            {
                let path = format!("leaflet/{path}");
                if path == LEAFLET_TEMPLATE {
                    leaflet_template = Some((PathBuf::from(&path), String::from_utf8_lossy(&bytes).into_owned()));
                } else if path == SHARE_TEMPLATE {
                    share_template = Some((PathBuf::from(&path), String::from_utf8_lossy(&bytes).into_owned()));
                } else if is_font(&path) {
                    fonts.push(bytes);
                }
            }
        }
        let leaflet_template = leaflet_template.ok_or_else(|| {
            Diagnostic::error(folder.join(LEAFLET_TEMPLATE), 0, "the theme has no leaflet layout")
                .help("copy leaflet/leaflet.typ from Beacon's default theme")
        })?;
        let overrides = site_dir.join("templates");
        if overrides.is_dir() {
            for (path, bytes) in
                read_folder(&overrides).map_err(|e| Diagnostic::error("templates", 0, format!("cannot read: {e}")))?
            {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error(Path::new("templates").join(&path), 0, "the template is not UTF-8 text")
                })?;
                template_files.insert(path.clone(), Path::new("templates").join(&path));
                templates.insert(path, text);
            }
        }
        let ui_file = folder.join("ui.toml");
        let strings = match strings_text {
            Some(text) => crate::load::frontmatter::parse_toml(&ui_file, &text, 1)?,
            None => {
                return Err(Diagnostic::error(&ui_file, 0, "the theme has no interface strings")
                    .help("copy ui.toml from Beacon's default theme"));
            }
        };
        Ok(Theme {
            templates,
            template_files,
            assets,
            strings,
            leaflet_template,
            share_template,
            fonts,
            fonts_digest: std::sync::OnceLock::new(),
            origin: folder,
        })
    }
}

impl Theme {
    /// A hash of the leaflet fonts, for the cache keys of everything Typst draws with them:
    /// made once per build however many stages use it.
    pub fn fonts_digest(&self) -> &str {
        self.fonts_digest
            .get_or_init(|| crate::text::hash::hex_digest(&self.fonts.iter().map(Vec::as_slice).collect::<Vec<_>>()))
    }

    /// Languages for which the theme has web fonts (`static/fonts/<lang>.css`): only pages in
    /// those languages load a font.
    pub fn font_stylesheets(&self) -> std::collections::BTreeSet<String> {
        self.assets
            .keys()
            .filter_map(|name| name.strip_prefix("fonts/")?.strip_suffix(".css").map(str::to_string))
            .collect()
    }
}

const LEAFLET_TEMPLATE: &str = "leaflet/leaflet.typ";
const SHARE_TEMPLATE: &str = "leaflet/share-image.typ";

fn is_font(path: &str) -> bool {
    path.starts_with("leaflet/fonts/") && (path.ends_with(".ttf") || path.ends_with(".otf"))
}

fn read_folder(root: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.push((relative.to_string_lossy().replace('\\', "/"), std::fs::read(entry.path())?));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_built_in_and_site_templates_override_it() {
        let site = tempfile::tempdir().unwrap();
        let theme = Theme::load(site.path(), "default").unwrap();
        assert!(theme.templates.contains_key("base.html"));
        assert!(theme.assets.contains_key("beacon.css"));
        assert_eq!(theme.strings["skip_link"], "Skip to main content");
        assert!(theme.leaflet_template.1.contains("#let leaflet("));
        assert!(theme.fonts.len() >= 2, "the default theme ships leaflet fonts");
        std::fs::create_dir(site.path().join("templates")).unwrap();
        std::fs::write(site.path().join("templates/page.html"), "mine").unwrap();
        let theme = Theme::load(site.path(), "default").unwrap();
        assert_eq!(theme.templates["page.html"], "mine");
    }

    #[test]
    fn unknown_theme_is_an_error() {
        let site = tempfile::tempdir().unwrap();
        let error = Theme::load(site.path(), "fancy").err().unwrap();
        assert!(error.message.contains("\"fancy\" does not exist"), "{error}");
    }

    #[test]
    fn strings_fall_back_to_the_source_language() {
        let strings = Strings::new("en", BTreeMap::from([("and".to_string(), "and".to_string())]));
        assert_eq!(strings.get("pl", "and"), "and");
        assert_eq!(strings.get("en", "missing"), "missing");
    }
}
