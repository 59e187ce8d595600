//! The site as `serve` holds it: built once in memory, then made again after each edit, as
//! little of it as the edit touched. An edit to the text of existing documents rebuilds those
//! documents' pages in every language and re-renders the pages that list them; any other change
//! (a new or removed file, settings, translations, the theme, a module's risks) loads the whole
//! site again. Either way the result is what `build` would write, and a test holds it to that.
//!
//! A failed edit changes nothing that is served: the last good files stay, with the problems
//! beside them, and the files it touched are read again with the next edit until one succeeds.

use super::files::{Served, SiteFiles};
use crate::commands::build::{self, Loaded, Reusable};
use crate::diagnostics::Diagnostics;
use crate::html::{HtmlPage, Printed, Renderer, web_fonts};
use crate::leaflet::{self, Leaflet, LeafletOptions, LeafletReport};
use crate::load::paths::key;
use crate::load::theme::Theme;
use crate::site::{self, Page, PageKind, Site};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct SessionOptions {
    pub site_dir: PathBuf,
    pub date: time::Date,
    /// Make leaflets (in the background, see [`Session::leaflet_job`]).
    pub leaflets: bool,
    /// The leaflet cache, shared with `build`.
    pub cache_dir: PathBuf,
}

/// What one attempt to make the site again did.
#[derive(Debug)]
pub enum Outcome {
    /// These pages were rendered again; `whole` when the whole site was loaded again.
    Rebuilt { pages: usize, whole: bool },
    /// The edit broke the site: the last good files are still served.
    Failed(Diagnostics),
}

/// A good site and what makes it again.
struct Built {
    site: Arc<Site>,
    theme: Arc<Theme>,
    renderer: Renderer,
    reusable: Reusable,
}

/// Leaflets to make in the background for one version of the site.
pub struct LeafletJob {
    pub generation: u64,
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
    /// The documents whose leaflets to make; None for all.
    pub documents: Option<BTreeSet<String>>,
    pub options: LeafletOptions,
    pub started: std::time::Instant,
}

impl LeafletJob {
    /// Makes the leaflets (slow: run it away from the thread that answers edits).
    pub fn run(&self) -> Result<LeafletReport> {
        let site = &self.site;
        let documents = &self.documents;
        let wanted = |page: &Page| match documents {
            None => true,
            Some(keys) => site::shows_any(site, &page.kind, keys),
        };
        leaflet::render_some(site, &self.theme, &self.options, &wanted)
    }
}

pub struct Session {
    options: SessionOptions,
    built: Option<Built>,
    /// Files changed since the site was last good: read again with every edit until one succeeds.
    pending: BTreeSet<PathBuf>,
    /// The source files there were when the site was last loaded whole: a changed file that is
    /// neither there nor here now was an editor's temporary file, and changes nothing.
    known_files: BTreeSet<PathBuf>,
    files: SiteFiles,
    leaflets: Vec<Leaflet>,
    /// Leaflets the current site still needs: None for none, Some(None) for all.
    leaflets_owed: Option<Option<BTreeSet<String>>>,
    /// The images among the served files.
    images: BTreeSet<String>,
    /// Characters each language's pages use, for the web fonts; only grows while serving.
    characters: BTreeMap<String, web_fonts::Characters>,
    /// Bumped with every good site, so that leaflets made for an older one are not used.
    generation: u64,
}

impl Session {
    /// Loads and renders the whole site (without leaflets: see [`Session::leaflet_job`]).
    pub fn start(options: SessionOptions) -> (Session, Outcome) {
        let mut session = Session {
            options,
            built: None,
            pending: BTreeSet::new(),
            known_files: BTreeSet::new(),
            files: SiteFiles::new(),
            leaflets: Vec::new(),
            leaflets_owed: None,
            images: BTreeSet::new(),
            characters: BTreeMap::new(),
            generation: 0,
        };
        let outcome = session.load_whole();
        (session, outcome)
    }

    /// The files of the last good site.
    pub fn files(&self) -> &SiteFiles {
        &self.files
    }

    /// Makes the site again after `changed` files (relative to the site folder, or absolute
    /// inside it) changed.
    pub fn apply(&mut self, changed: impl IntoIterator<Item = PathBuf>) -> Outcome {
        for path in changed {
            let relative = path.strip_prefix(&self.options.site_dir).map(Path::to_path_buf).unwrap_or(path);
            self.pending.insert(relative);
        }
        match self.update_documents() {
            Some(outcome) => outcome,
            None => self.load_whole(),
        }
    }

    /// The leaflets the current site still needs, to make away from this thread; None when it
    /// needs none, or leaflets are off.
    pub fn leaflet_job(&self) -> Option<LeafletJob> {
        let built = self.built.as_ref()?;
        let documents = self.leaflets_owed.clone()?;
        Some(LeafletJob {
            generation: self.generation,
            site: Arc::clone(&built.site),
            theme: Arc::clone(&built.theme),
            documents,
            options: LeafletOptions { cache_dir: Some(self.options.cache_dir.clone()), progress: false },
            started: std::time::Instant::now(),
        })
    }

    /// Takes the leaflets a job made. Leaflets made for an older version of the site are dropped
    /// (the job for the current one follows); None then.
    pub fn leaflets_made(&mut self, job: &LeafletJob, made: Result<LeafletReport>) -> Option<Outcome> {
        if job.generation != self.generation {
            return None;
        }
        // Owed no more, even when they failed: the next edit asks for them again.
        self.leaflets_owed = None;
        let report = match made {
            Ok(report) => report,
            Err(error) => return Some(Outcome::Failed(Diagnostics::behind(&error))),
        };
        let first = self.leaflets.is_empty();
        let remade: BTreeSet<&str> = report.leaflets.iter().map(|l| l.page.as_str()).collect();
        let mut leaflets: Vec<Leaflet> =
            self.leaflets.iter().filter(|l| !remade.contains(l.page.as_str())).cloned().collect();
        leaflets.extend(report.leaflets.iter().cloned());
        leaflets.sort_by(|a, b| a.path.cmp(&b.path));
        let remade: BTreeSet<String> = remade.into_iter().map(str::to_string).collect();
        let before = std::mem::replace(&mut self.leaflets, leaflets);
        // The first leaflets add a link to the navigation of every page; later ones change the
        // pages that offer them and the list of all leaflets.
        let wanted = |page: &Page| first || remade.contains(&page.path) || page.kind == PageKind::LeafletIndex;
        Some(self.render(&wanted, Refresh::Leaflets(before)))
    }

    /// Makes the site again from the documents it has, when every pending file is one of them
    /// and the site keeps the same pages; None when the whole site must be loaded again.
    fn update_documents(&mut self) -> Option<Outcome> {
        let built = self.built.as_ref()?;
        let site_dir = &self.options.site_dir;
        let mut content = built.site.content().clone();
        let mut changed = BTreeSet::new();
        let site_dir_path = site_dir.as_path();
        let came_and_went = |file: &PathBuf| !self.known_files.contains(file) && !site_dir_path.join(file).exists();
        for file in self.pending.iter().filter(|file| !came_and_went(file)) {
            match content.with_file_reloaded(site_dir, built.site.config(), file)? {
                Ok(reloaded) => {
                    content = reloaded.content;
                    changed.insert(reloaded.key);
                }
                Err(problems) => return Some(Outcome::Failed(problems)),
            }
        }
        if changed.is_empty() {
            // Only temporary files came and went.
            self.pending.clear();
            return Some(Outcome::Rebuilt { pages: 0, whole: false });
        }
        if !site::update::same_pages(built.site.content(), &content) {
            return None;
        }
        let translations = &built.reusable.translations;
        let (site, _warnings) = match site::update::with_changed_documents(&built.site, content, translations, &changed)
        {
            Ok(made) => made,
            Err(problems) => return Some(Outcome::Failed(problems)),
        };
        let edited = |page: &Page| site::shows_any(&site, &page.kind, &changed);
        let printed = leaflet::coverage::problems_in(&site, &built.reusable.coverage, &edited);
        if printed.has_errors() {
            return Some(Outcome::Failed(printed));
        }
        let site = Arc::new(site);
        let previous = std::mem::replace(&mut self.built.as_mut().expect("checked above").site, Arc::clone(&site));
        self.pending.clear();
        self.generation += 1;
        self.owe_leaflets(Some(changed.clone()));
        // Pages of the changed documents; if a title, summary or audience changed, the pages that
        // list documents too, and if a plain page's title did, every page (it is in every footer).
        let listed_changed = changed.iter().any(|k| listed_differently(&previous, &site, k));
        let every_page = listed_changed && changed.iter().any(|k| k.starts_with(key::page("").as_str()));
        let wanted = |page: &Page| {
            every_page
                || site::shows_any(&site, &page.kind, &changed)
                || (listed_changed && lists_documents(&page.kind))
        };
        Some(self.render(&wanted, Refresh::TextOfPages))
    }

    /// Loads, resolves and renders the whole site.
    fn load_whole(&mut self) -> Outcome {
        self.known_files = super::watch::source_files(&self.options.site_dir);
        let (loaded, reusable) = match build::load_reusable(&self.options.site_dir, self.options.date) {
            Ok(made) => made,
            Err(problems) => return Outcome::Failed(problems),
        };
        let Loaded { site, theme, renderer, warnings: _ } = loaded;
        let pages: BTreeSet<&str> = site.pages().iter().map(|p| p.path.as_str()).collect();
        // Leaflets of pages that still exist are offered until their new editions are made.
        self.leaflets.retain(|l| pages.contains(l.page.as_str()));
        self.built = Some(Built { site: Arc::new(site), theme: Arc::new(theme), renderer, reusable });
        self.pending.clear();
        self.generation += 1;
        self.owe_leaflets(None);
        self.characters.clear();
        self.files.clear();
        self.render(&|_| true, Refresh::Everything)
    }

    /// Notes leaflets to make: `documents`' (None: every document's).
    fn owe_leaflets(&mut self, documents: Option<BTreeSet<String>>) {
        if !self.options.leaflets {
            return;
        }
        self.leaflets_owed = match (self.leaflets_owed.take(), documents) {
            (Some(None), _) | (_, None) => Some(None),
            (Some(Some(mut owed)), Some(more)) => {
                owed.extend(more);
                Some(Some(owed))
            }
            (None, Some(documents)) => Some(Some(documents)),
        };
    }

    /// Renders the `wanted` pages of the current site into the served files, and makes again
    /// the other files that `refresh` names.
    fn render(&mut self, wanted: &(dyn Fn(&Page) -> bool + Sync), refresh: Refresh) -> Outcome {
        let built = self.built.as_ref().expect("a site is built");
        let (site, theme) = (&*built.site, &*built.theme);
        let rendered: Mutex<Vec<HtmlPage>> = Mutex::default();
        let printed = Printed { leaflets: &self.leaflets, ..Printed::default() };
        let result = built.renderer.render(site, printed, wanted, &|page| {
            rendered.lock().unwrap_or_else(|e| e.into_inner()).push(page);
            Ok(())
        });
        if let Err(error) = result {
            return Outcome::Failed(Diagnostics::behind(&error));
        }
        let rendered = rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let subsets = web_fonts::plan(site, &theme.assets);
        let font_languages: BTreeSet<&str> =
            subsets.iter().flat_map(|s| s.languages.iter().map(String::as_str)).collect();
        let whole = matches!(refresh, Refresh::Everything);
        let mut fonts_grew = whole;
        for page in rendered.iter().filter(|page| font_languages.contains(page.lang.as_str())) {
            let mut used = web_fonts::Characters::default();
            used.add_text(&page.html);
            let characters = self.characters.entry(page.lang.clone()).or_default();
            let before = characters.clone();
            characters.add(&used);
            fonts_grew |= *characters != before;
        }
        let count = rendered.len();
        for page in rendered {
            self.files.insert(build::page_file(&page.path), Served::Bytes(page.html.into_bytes().into()));
        }
        let mut made = Vec::new();
        if fonts_grew {
            match web_fonts::make(theme, &subsets, &self.characters, &self.options.cache_dir) {
                Ok(fonts) => made.extend(fonts),
                Err(error) => return Outcome::Failed(Diagnostics::behind(&error)),
            }
        }
        match refresh {
            // Every file but the pages is made again: the site may have lost some (a removed
            // module's leaflets), and the fonts are kept only when they need no more letters.
            Refresh::Everything => {
                let pages: BTreeSet<String> = site.pages().iter().map(|p| build::page_file(&p.path)).collect();
                let fonts: BTreeSet<String> = subsets.iter().map(|s| format!("assets/{}", s.output)).collect();
                self.files.retain(|path, _| pages.contains(path) || (!fonts_grew && fonts.contains(path)));
                made.extend(build::other_files(site, theme, printed, &subsets));
                self.images = build::image_files(site).into_iter().map(|f| f.path).collect();
            }
            // Text changed: the pages' images, dates and the titles their short addresses'
            // redirects show may have; names and files did not.
            Refresh::TextOfPages => {
                made.extend(build::redirect_files(site, wanted));
                for image in std::mem::take(&mut self.images) {
                    self.files.remove(&image);
                }
                let images = build::image_files(site);
                self.images = images.iter().map(|f| f.path.clone()).collect();
                made.extend(images);
                made.extend(build::index_files(site));
            }
            Refresh::Leaflets(before) => {
                for leaflet in before {
                    self.files.remove(leaflet.path.trim_start_matches('/'));
                }
                made.extend(build::leaflet_files(&self.leaflets));
            }
        }
        self.files.extend(made.into_iter().map(<(String, Served)>::from));
        Outcome::Rebuilt { pages: count, whole }
    }
}

/// Which of the files besides the pages to make again.
enum Refresh {
    Everything,
    /// Images, the sitemap and the feeds, after an edit to the text of some documents.
    TextOfPages,
    /// The leaflets, replacing these.
    Leaflets(Vec<Leaflet>),
}

/// True when the document `key` shows differently in lists in `after` than in `before`: its
/// title or summary in some language, or (a module) its audience.
fn listed_differently(before: &Site, after: &Site, key: &str) -> bool {
    let titles = after.config().languages.iter().any(|l| before.titles(l.code(), key) != after.titles(l.code(), key));
    let audience = |site: &Site| site.content().modules.iter().map(|m| m.doc.meta.audience).collect::<Vec<_>>();
    titles || audience(before) != audience(after)
}

/// Pages made of other documents' titles: they change when any document's title does.
fn lists_documents(kind: &PageKind) -> bool {
    matches!(
        kind,
        PageKind::Home
            | PageKind::ModuleIndex
            | PageKind::RiskIndex
            | PageKind::Risk { .. }
            | PageKind::LeafletIndex
            | PageKind::Campaign { .. }
            | PageKind::CampaignIndex
    )
}
