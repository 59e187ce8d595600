//! `beacon translate extract | update | add | status`.

use crate::diagnostics::ContentErrors;
use crate::i18n::po::{Catalog, Entry};
use crate::i18n::{
    FOLDER, Progress, TEMPLATE, identical, languages, merge, merge_with_memory, po_path, status, template,
};
use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::load::theme::Theme;
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// The site's configuration, content and template, as the translate commands need them.
struct Loaded {
    config: SiteConfig,
    theme: Theme,
    template: Catalog,
}

fn load(site_dir: &Path) -> Result<Loaded> {
    let config = SiteConfig::load(site_dir).map_err(ContentErrors)?;
    let theme = Theme::load(site_dir, &config.theme).map_err(ContentErrors::from)?;
    let content = Content::load(site_dir, &config).map_err(ContentErrors)?;
    let template = template(site_dir, &config, &content, &theme.strings);
    Ok(Loaded { config, theme, template })
}

/// Writes the file whole or not at all: the text goes to a temporary file beside it, which then
/// replaces it, so a full disk or a killed command never leaves half a PO file.
fn write(site_dir: &Path, relative: &Path, text: &str) -> Result<()> {
    let path = site_dir.join(relative);
    let folder = path.parent().unwrap_or(site_dir);
    std::fs::create_dir_all(folder)?;
    let mut temporary =
        tempfile::NamedTempFile::new_in(folder).with_context(|| format!("cannot write in {}", folder.display()))?;
    std::io::Write::write_all(&mut temporary, text.as_bytes())
        .and_then(|()| temporary.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    temporary.persist(&path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Writes `translations/beacon.pot`; returns the number of entries.
pub fn extract(site_dir: &Path) -> Result<usize> {
    let loaded = load(site_dir)?;
    write(site_dir, &Path::new(FOLDER).join(TEMPLATE), &loaded.template.write())?;
    Ok(loaded.template.entries.len())
}

/// A language's file after `translate update`.
#[derive(Debug)]
pub struct Updated {
    pub path: String,
    /// Copies of a confirmed sentence finished with it (`--finish-identical`).
    pub finished_identical: usize,
}

/// Writes the template and merges it into every language's PO file. `compendia` are PO files
/// from elsewhere (another project, an old site) whose finished translations fill new entries of
/// their language as fuzzy suggestions.
pub fn update(site_dir: &Path, compendia: &[PathBuf]) -> Result<Vec<Updated>> {
    update_with(site_dir, compendia, false)
}

/// [`update`], and with `finish_identical` the copies of each sentence a translator confirmed
/// are confirmed too (see `i18n::identical`).
pub fn update_with(site_dir: &Path, compendia: &[PathBuf], finish_identical: bool) -> Result<Vec<Updated>> {
    let loaded = load(site_dir)?;
    let compendia = read_compendia(compendia)?;
    // Every language's file is read before any is written: one that cannot be read stops the
    // command with all the others untouched.
    let mut catalogs = Vec::new();
    for language in loaded.config.languages.iter().skip(1) {
        let path = po_path(language.code());
        let old = read_catalog(site_dir, &path)?.unwrap_or_else(|| new_catalog(language.code()));
        catalogs.push((path, old));
    }
    write(site_dir, &Path::new(FOLDER).join(TEMPLATE), &loaded.template.write())?;
    let mut updated = Vec::new();
    for (path, old) in catalogs {
        let language = old.header_value("Language").unwrap_or_default();
        let memory: Vec<&Catalog> =
            compendia.iter().filter(|(lang, _)| lang == language).map(|(_, catalog)| catalog).collect();
        let mut merged = merge_with_memory(&loaded.template, &old, &memory);
        let finished_identical = if finish_identical { identical::finish_identical(&mut merged) } else { 0 };
        write(site_dir, &path, &merged.write())?;
        updated.push(Updated { path: path.to_string_lossy().into_owned(), finished_identical });
    }
    Ok(updated)
}

/// Each compendium with the language its header names.
fn read_compendia(files: &[PathBuf]) -> Result<Vec<(String, Catalog)>> {
    files
        .iter()
        .map(|file| {
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let catalog = crate::load::text_file::decode(file, bytes)
                .and_then(|text| Catalog::parse(file, &text))
                .map_err(ContentErrors::from)?;
            let Some(language) = catalog.header_value("Language").filter(|l| !l.is_empty()) else {
                bail!("{} does not say its language: add a \"Language: xx\\n\" line to its header", file.display());
            };
            // "pl_PL" is Polish for this purpose.
            let language = language.split(['_', '-', '@']).next().unwrap_or(language).to_string();
            Ok((language, catalog))
        })
        .collect()
}

/// The language's PO file, or None if there is none yet. A file that cannot be read or parsed
/// stops the command: merging over it would throw the translator's work away.
fn read_catalog(site_dir: &Path, path: &Path) -> Result<Option<Catalog>> {
    Ok(Catalog::read_if_exists(site_dir, path).map_err(ContentErrors::from)?)
}

fn new_catalog(code: &str) -> Catalog {
    let mut catalog = Catalog::default();
    catalog.set_header("Project-Id-Version", "Beacon site");
    catalog.set_header("PO-Revision-Date", "2026-11-22 00:00+0000");
    catalog.set_header("Last-Translator", "Beacon <draft translation>");
    catalog.set_header("Language-Team", "none");
    catalog.set_header("Language", code);
    catalog.set_header("MIME-Version", "1.0");
    catalog.set_header("Content-Type", "text/plain; charset=UTF-8");
    catalog.set_header("Content-Transfer-Encoding", "8bit");
    // A language CLDR does not know (a site may name one by hand) gets the commonest forms.
    let plural_forms = languages::lookup(code).map_or("nplurals=2; plural=(n != 1);".to_string(), |f| f.plural_forms);
    catalog.set_header("Plural-Forms", &plural_forms);
    catalog
}

/// Starts a language: a PO file with every entry empty, and an entry in site.toml.
pub fn add(site_dir: &Path, code: &str) -> Result<String> {
    let loaded = load(site_dir)?;
    if loaded.config.languages.iter().any(|l| l.code() == code) {
        bail!("{code} is already a language of this site; run `beacon translate update` to refresh its file");
    }
    let facts = languages::lookup(code).map_err(|problem| {
        anyhow::anyhow!(
            "{problem}. If the language is right but CLDR lacks it, add a [[languages]] entry with its code, \
             name, native_name and direction to site.toml by hand and run `beacon translate update`"
        )
    })?;
    let path = po_path(code);
    if site_dir.join(&path).exists() {
        bail!("{} already exists; add the language to site.toml by hand or remove the file", path.display());
    }
    let catalog = merge(&loaded.template, &new_catalog(code));
    let (name, native, direction) = (facts.name, facts.native_name, facts.direction.as_str());
    let block = format!(
        "\n[[languages]]\ncode = \"{code}\"\nname = \"{name}\"\nnative_name = \"{native}\"\ndirection = \"{direction}\"\n\
         # \"draft\" until a translator has checked the text; pages and leaflets then say so.\nstatus = \"draft\"\n"
    );
    let config_path = site_dir.join(crate::load::config::FILE_NAME);
    let mut site_toml = std::fs::read_to_string(&config_path)?;
    site_toml.push_str(&block);
    // Check the result before touching anything.
    toml::from_str::<toml::Value>(&site_toml).context("site.toml would not be valid after adding the language")?;
    write(site_dir, &path, &catalog.write())?;
    std::fs::write(&config_path, site_toml)?;
    let mut message = format!("Created {} and added {name} ({native}, {direction}) to site.toml.", path.display());
    for advice in font_advice(&loaded.theme, code, &name) {
        message.push('\n');
        message.push_str(&advice);
    }
    Ok(message)
}

/// What to add when the theme has no font for the language's script: leaflets cannot print it
/// (the build would stop at its first letter), and web pages would depend on the reader's device.
fn font_advice(theme: &Theme, code: &str, name: &str) -> Vec<String> {
    let script_code = languages::script(code).unwrap_or_default();
    let script = languages::script_name(&script_code);
    let mut advice = Vec::new();
    #[cfg(feature = "pdf")]
    {
        let coverage = crate::leaflet::coverage::Coverage::new(&theme.fonts);
        let missing: String = languages::letters(code).into_iter().filter(|c| !coverage.covers(*c)).take(5).collect();
        if !missing.is_empty() {
            advice.push(format!(
                "The theme's leaflet fonts cannot print {name} ({script} script, such as \"{missing}\"): \
                 add a TrueType font for {script} script, such as a Noto font (SIL Open Font License), to \
                 leaflet/fonts/ in the site folder, or the build will stop at the first {name} letter."
            ));
        }
    }
    let system_fonts_suffice = ["Latn", "Cyrl", "Grek"].contains(&script_code.as_str());
    if !system_fonts_suffice && !theme.font_stylesheets().contains(code) {
        advice.push(format!(
            "The theme has no web font for {name} ({script} script), so pages use the reader's own fonts: \
             to ship one, add static/fonts/{code}.css to the theme (see themes/default/web-fonts.md)."
        ));
    }
    advice
}

/// Output format of `translate status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn status_report(site_dir: &Path, format: Format) -> Result<String> {
    let loaded = load(site_dir)?;
    let mut catalogs = Vec::new();
    for language in loaded.config.languages.iter().skip(1) {
        let catalog = read_catalog(site_dir, &po_path(language.code()))?.unwrap_or_default();
        catalogs.push((language.code().to_string(), catalog));
    }
    let report = status(&loaded.template, &catalogs);
    match format {
        Format::Json => {
            let json: Vec<serde_json::Value> = report
                .iter()
                .map(|(lang, parts)| {
                    let total = Progress::sum(parts.iter().map(|(_, p)| p));
                    serde_json::json!({
                        "language": lang,
                        "percent": total.percent(),
                        "translated": total.translated,
                        "fuzzy": total.fuzzy,
                        "missing": total.missing,
                        "parts": parts.iter().map(|(name, p)| serde_json::json!({
                            "part": name, "translated": p.translated, "fuzzy": p.fuzzy, "missing": p.missing
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            Ok(serde_json::to_string_pretty(&json)? + "\n")
        }
        Format::Text => {
            let mut out = String::new();
            if report.is_empty() {
                out.push_str("The site has only its source language. Add one with `beacon translate add LANG`.\n");
            }
            for (lang, parts) in &report {
                let name = loaded
                    .config
                    .languages
                    .iter()
                    .find(|l| l.code() == lang)
                    .map_or(lang.as_str(), |l| l.name.as_str());
                let total = Progress::sum(parts.iter().map(|(_, p)| p));
                out.push_str(&format!(
                    "{name} ({lang}): {}% translated, {} fuzzy, {} missing of {}\n",
                    total.percent(),
                    total.fuzzy,
                    total.missing,
                    total.total()
                ));
                for (part, p) in parts {
                    out.push_str(&format!(
                        "  {part:<45} {:>4}%  {:>4} translated {:>4} fuzzy {:>4} missing\n",
                        p.percent(),
                        p.translated,
                        p.fuzzy,
                        p.missing
                    ));
                }
            }
            Ok(out)
        }
    }
}

/// Entries of a language's PO file, for tests and tools.
pub fn entries(site_dir: &Path, lang: &str) -> Result<Vec<Entry>> {
    Ok(read_catalog(site_dir, &po_path(lang))?.map(|c| c.entries).unwrap_or_default())
}
