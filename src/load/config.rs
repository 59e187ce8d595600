//! `site.toml`: the site's settings, languages and risks.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::frontmatter::parse_toml;
use crate::text::slug::is_slug;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;
use toml::Spanned;

pub const FILE_NAME: &str = "site.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Public address of the site, without a trailing slash once loaded.
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub partnership: Partnership,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub build: BuildSettings,
    #[serde(default)]
    pub leaflets: LeafletSettings,
    #[serde(default)]
    pub translations: TranslationSettings,
    #[serde(default)]
    pub check: CheckSettings,
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Partnership {
    pub name: String,
    pub short_name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: Spanned<String>,
    /// The language's name in English, e.g. "Polish".
    pub name: String,
    /// The language's name in itself, e.g. "Polski"; defaults to `name`.
    pub native_name: Option<String>,
    #[serde(default)]
    pub direction: Direction,
    /// `draft` until a translator has checked the text; pages and leaflets then say so.
    #[serde(default)]
    pub status: LanguageStatus,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageStatus {
    #[default]
    Reviewed,
    Draft,
}

impl Language {
    pub fn code(&self) -> &str {
        self.code.get_ref()
    }

    pub fn native_name(&self) -> &str {
        self.native_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    /// As HTML's `dir` and Typst's `dir` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Spanned<String>,
    /// Display name, e.g. "Flooding".
    pub name: String,
    /// The risk's name in short addresses ("cold" in "/en/go/cold-home"); None uses the id.
    #[serde(default)]
    pub go: Option<Spanned<String>>,
}

impl Risk {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The risk's name in the short addresses of module pages.
    pub fn short_name(&self) -> &str {
        self.go.as_ref().map_or(self.id(), |go| go.get_ref())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildSettings {
    /// Minify HTML output. Test fixtures turn it off so expected files stay readable.
    pub minify: bool,
}

impl Default for BuildSettings {
    fn default() -> Self {
        Self { minify: true }
    }
}

/// What readers of another language see when a page is only partly translated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartialTranslation {
    /// The translated text, with untranslated pieces in the source language (marked as such).
    #[default]
    Publish,
    /// The whole page in the source language, with a notice in the reader's language.
    Fallback,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TranslationSettings {
    pub partial: PartialTranslation,
}

/// A printed edition of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeafletFormat {
    /// A4 pages, printed two-sided.
    A4,
    /// A5 pages.
    A5,
    /// A4 with body text at 18pt (UKAAF large print).
    LargePrint,
}

impl LeafletFormat {
    pub const ALL: [LeafletFormat; 3] = [LeafletFormat::A4, LeafletFormat::A5, LeafletFormat::LargePrint];

    /// The name used in file names and by the leaflet layout.
    pub fn as_str(self) -> &'static str {
        match self {
            LeafletFormat::A4 => "a4",
            LeafletFormat::A5 => "a5",
            LeafletFormat::LargePrint => "large-print",
        }
    }

    /// Key of the interface string that names this format.
    pub fn label_key(self) -> &'static str {
        match self {
            LeafletFormat::A4 => "leaflet_a4",
            LeafletFormat::A5 => "leaflet_a5",
            LeafletFormat::LargePrint => "leaflet_large_print",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeafletSettings {
    /// Which printed editions every module gets; a module's own `leaflets = [...]` overrides it.
    /// An empty list turns leaflets off.
    pub formats: Vec<LeafletFormat>,
}

impl Default for LeafletSettings {
    fn default() -> Self {
        Self { formats: LeafletFormat::ALL.to_vec() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckSettings {
    /// `beacon check` warns about pages whose estimated reading age is above this.
    pub reading_age: u32,
}

impl Default for CheckSettings {
    fn default() -> Self {
        // GOV.UK writes for a reading age of 9.
        Self { reading_age: 9 }
    }
}

/// The longest public address accepted: with a page's path added it must still make a QR code
/// that a phone can read when printed on a leaflet.
pub const MAX_BASE_URL_CHARS: usize = 200;

/// Checks the site's public address (from site.toml or `--base-url`) and returns it without a
/// trailing slash; or what is wrong with it and how to fix it.
pub fn checked_base_url(written: &str) -> Result<String, (String, String)> {
    let base = written.trim_end_matches('/');
    let host = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://")).unwrap_or("");
    let example = "write the site's public address, e.g. base_url = \"https://www.example.org.uk\"";
    if host.is_empty() || host.starts_with('/') {
        return Err((format!("base_url \"{written}\" is not a web address"), example.into()));
    }
    if let Some(c) =
        base.chars().find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`' | '\\'))
    {
        return Err((format!("base_url {written:?} has a character a web address cannot have: {c:?}"), example.into()));
    }
    if base.chars().count() > MAX_BASE_URL_CHARS {
        return Err((
            format!("base_url is {} characters long; the most is {MAX_BASE_URL_CHARS}", base.chars().count()),
            "use a shorter address: leaflets print it as a QR code, which must stay small enough to scan".into(),
        ));
    }
    Ok(base.to_string())
}

impl SiteConfig {
    pub fn load(site_dir: &Path) -> Result<Self, Diagnostics> {
        let Some(text) = super::text_file::read_if_exists(site_dir, Path::new(FILE_NAME))? else {
            let path = site_dir.join(FILE_NAME);
            return Err(Diagnostic::error(FILE_NAME, 0, format!("there is no {}", path.display()))
                .help("run beacon in a site folder, pass --site DIR, or create a site with `beacon init DIR`")
                .into());
        };
        Self::parse(&text)
    }

    /// The settings in `text`, the contents of site.toml.
    pub fn parse(text: &str) -> Result<Self, Diagnostics> {
        let config: SiteConfig = parse_toml(Path::new(FILE_NAME), text, 1)?;
        let mut problems = Diagnostics::default();
        let config = config.validated(text, &mut problems);
        if problems.has_errors() { Err(problems) } else { Ok(config) }
    }

    fn validated(mut self, text: &str, problems: &mut Diagnostics) -> Self {
        let line_of = |span: std::ops::Range<usize>| 1 + text[..span.start].matches('\n').count();
        match checked_base_url(&self.base_url) {
            Ok(base) => self.base_url = base,
            Err((message, help)) => {
                problems.push(Diagnostic::error(FILE_NAME, line_containing(text, "base_url"), message).help(help))
            }
        }
        if self.languages.is_empty() {
            problems.push(
                Diagnostic::error(FILE_NAME, 0, "the site has no language")
                    .help("add [[languages]] with code = \"en\" and name = \"English\""),
            );
        }
        let mut codes = BTreeSet::new();
        for language in &self.languages {
            let code = language.code();
            let line = line_of(language.code.span());
            if !is_language_code(code) {
                problems.push(
                    Diagnostic::error(FILE_NAME, line, format!("\"{code}\" is not a language code"))
                        .help("use a lower-case ISO 639-1 code such as \"en\", \"pl\" or \"gu\""),
                );
            }
            if !codes.insert(code.to_string()) {
                problems.push(Diagnostic::error(FILE_NAME, line, format!("language \"{code}\" is declared twice")));
            }
        }
        let mut ids = BTreeSet::new();
        for risk in &self.risks {
            let id = risk.id();
            let line = line_of(risk.id.span());
            if !is_slug(id) {
                problems.push(
                    Diagnostic::error(FILE_NAME, line, format!("risk id \"{id}\" is not a valid id"))
                        .help("use lower-case letters, digits and hyphens, e.g. \"severe-cold\""),
                );
            }
            if !ids.insert(id.to_string()) {
                problems.push(Diagnostic::error(FILE_NAME, line, format!("risk \"{id}\" is declared twice")));
            }
            if let Some(go) = risk.go.as_ref().filter(|go| !is_slug(go.get_ref())) {
                problems.push(
                    Diagnostic::error(
                        FILE_NAME,
                        line_of(go.span()),
                        format!("`go = \"{}\"` is not a short name", go.get_ref()),
                    )
                    .help("use lower-case letters, digits and hyphens, e.g. go = \"cold\""),
                );
            }
        }
        self
    }

    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.risks.iter().find(|r| r.id() == id)
    }

    pub fn source_language(&self) -> &Language {
        &self.languages[0]
    }
}

/// Accepts simple BCP 47 tags: a 2–3 letter language, optionally followed by subtags ("pa-Guru").
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.trim_start().starts_with(needle)).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<SiteConfig, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        SiteConfig::load(dir.path())
    }

    const MINIMAL: &str = r#"
title = "T"
description = "D"
base_url = "https://example.org/"
[partnership]
name = "P"
[[languages]]
code = "en"
name = "English"
[[risks]]
id = "flood"
name = "Flooding"
"#;

    #[test]
    fn loads_and_normalises_base_url() {
        let config = load(MINIMAL).unwrap();
        assert_eq!(config.base_url, "https://example.org");
        assert_eq!(config.risk("flood").unwrap().name, "Flooding");
        assert!(config.build.minify);
        assert_eq!(config.check.reading_age, 9);
    }

    #[test]
    fn duplicate_risk_is_reported_on_its_line() {
        let text = format!("{MINIMAL}[[risks]]\nid = \"flood\"\nname = \"Again\"\n");
        let problems = load(&text).unwrap_err();
        let d = problems.iter().next().unwrap();
        assert_eq!(d.line, 14, "{d}");
        assert!(d.message.contains("declared twice"));
    }

    #[test]
    fn unknown_setting_is_an_error_with_line() {
        let problems = load(&format!("{MINIMAL}[build]\nminfy = false\n")).unwrap_err();
        let d = problems.iter().next().unwrap();
        assert_eq!(d.line, 14, "{d}");
        assert!(d.message.contains("minfy"), "{d}");
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(is_language_code("en"));
        assert!(is_language_code("pa-Guru"));
        assert!(!is_language_code("English"));
        assert!(!is_language_code(""));
    }
}
