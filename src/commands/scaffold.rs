//! `beacon init`, `beacon new module` and `beacon new campaign`: starting points that build
//! straight away.

use crate::text::slug::{is_slug, last_words};
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// A small site that builds as it is: one risk, one module, one risk page, one plain page.
const STARTER: &[(&str, &str)] = &[
    ("site.toml", include_str!("../../starter/site.toml")),
    ("content/_index.md", include_str!("../../starter/content/_index.md")),
    ("content/modules/prepare-your-home.md", include_str!("../../starter/content/modules/prepare-your-home.md")),
    ("content/risks/flood.md", include_str!("../../starter/content/risks/flood.md")),
    ("content/pages/accessibility.md", include_str!("../../starter/content/pages/accessibility.md")),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some()
    {
        bail!("{} is not empty; choose a new folder name for the site", dir.display());
    }
    let mut written = Vec::new();
    for (path, text) in STARTER {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
        std::fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))?;
        written.push(target);
    }
    std::fs::write(dir.join(".gitignore"), "/public/\n/.beacon-cache/\n")?;
    Ok(written)
}

/// The longest module name a new module's short addresses suggest: with a risk's name before it
/// ("/en/go/severe-cold-") a longer one would pass the 24 characters a leaflet may print.
const SHORT_NAME_ROOM: usize = 8;

/// Creates `content/modules/<slug>.md` with every front-matter setting filled in.
pub fn new_module(site_dir: &Path, slug: &str, today: time::Date) -> Result<PathBuf> {
    let path = new_content_file(site_dir, "modules", "module", slug, "coordinating-donations")?;
    let title = title_of(slug);
    // Short addresses ("/en/go/flood-home") must stay short enough to type from a leaflet.
    let go =
        last_words(slug, SHORT_NAME_ROOM).unwrap_or_else(|| slug.split('-').next_back().unwrap_or(slug).to_string());
    let pad = " ".repeat(19usize.saturating_sub(go.len()).max(1));
    let a_year_on = today.saturating_add(time::Duration::days(365));
    let text = format!(
        "+++\ntitle = \"{title}\"\nsummary = \"One sentence that says who this is for and what it helps them do.\"\n\
         audience = \"households\"   # households | community-groups | businesses | volunteers | elected-members\n\
         go = \"{go}\"{pad}# its name in the short addresses leaflets print, e.g. /en/go/flood-{go}\n\
         risks = []                # risks this module has specific advice for, e.g. [\"flood\", \"power-cut\"]\n\
         order = 100\nupdated = {today}\n\
         # publish = {today}     # not published before this day (remove the # to use it)\n\
         # expires = {a_year_on}     # from this day on, shown as withdrawn (remove the # to use it)\n+++\n\
         Write the advice that applies to every emergency here, in short sentences.\n\n\
         ## First heading\n\nText.\n\n\
         <!-- Advice for one risk goes in a block like this one (without the indent),\n\
         and the risk goes in `risks` above:\n\n    ::: risk flood\n\n    ## If your home could flood\n\n    Text.\n\n    :::\n-->\n"
    );
    write_new(&path, &text)
}

/// How long a new campaign runs until its author sets its dates.
const NEW_CAMPAIGN_DAYS: i64 = 30;

/// Creates `content/campaigns/<slug>.md` with every setting filled in. It starts `today`, so it
/// is published by the next build: set `start` later to prepare it ahead.
pub fn new_campaign(site_dir: &Path, slug: &str, today: time::Date) -> Result<PathBuf> {
    let path = new_content_file(site_dir, "campaigns", "campaign", slug, "winter-ready-2027")?;
    let title = title_of(slug);
    let end = today.saturating_add(time::Duration::days(NEW_CAMPAIGN_DAYS - 1));
    let text = format!(
        "+++\ntitle = \"{title}\"\nsummary = \"One sentence that says what the campaign helps people do.\"\n\
         start = {today}         # its first day: before it, nothing of the campaign is published\n\
         end = {end}           # its last day: after it, the campaign moves to the archive\n\
         modules = []              # modules it features, e.g. [\"prepare-your-home\"]\n\
         risks = []                # risks it features, e.g. [\"severe-cold\", \"power-cut\"]\n\
         banner = \"One or two short sentences, shown on the home page and the pages it features.\"\n\
         call_to_action = \"The link to the campaign's page, e.g. See how to get ready\"\n\
         updated = {today}\n+++\n\
         Say why this matters now, in short sentences.\n\n\
         ## What you can do now\n\n::: checklist\n\n- One thing to do.\n- Another thing to do.\n\n:::\n"
    );
    write_new(&path, &text)
}

/// The path of a new `content/<folder>/<slug>.md`, after checking the slug, the site and that
/// nothing has that name yet.
fn new_content_file(site_dir: &Path, folder: &str, what: &str, slug: &str, example: &str) -> Result<PathBuf> {
    if !is_slug(slug) {
        bail!("\"{slug}\" cannot be used in a web address; use lower-case letters, digits and hyphens, e.g. {example}");
    }
    if !site_dir.join(crate::load::config::FILE_NAME).is_file() {
        bail!("{} is not a Beacon site (it has no site.toml); pass --site DIR", site_dir.display());
    }
    let folder = site_dir.join("content").join(folder);
    let path = folder.join(format!("{slug}.md"));
    if path.exists() || folder.join(slug).join("index.md").exists() {
        bail!("the {what} \"{slug}\" already exists");
    }
    Ok(path)
}

/// "coordinating-donations" → "Coordinating donations".
fn title_of(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn write_new(path: &Path, text: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path.to_path_buf())
}
