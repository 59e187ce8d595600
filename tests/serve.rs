//! `beacon serve` makes the site again after each edit, as little of it as the edit touched. What
//! it serves must be exactly what `build` writes from the same files: these tests edit a copy of
//! the default site in many ways and compare every served file with a fresh build.

mod support;

use beacon::commands::build::{self, BuildOptions};
use beacon::commands::serve::session::{Outcome, Session, SessionOptions};
use std::path::Path;

const DATE: &str = "2026-12-01";
const MODULE: &str = "content/modules/prepare-your-home.md";
const FIRST_SENTENCE: &str =
    "Emergencies like floods, storms and power cuts can happen at any time. Most are over in a few hours.";

fn start(site: &Path) -> (Session, Outcome) {
    Session::start(SessionOptions {
        site_dir: site.to_path_buf(),
        date: support::date(DATE),
        leaflets: false,
        cache_dir: site.join(".beacon-cache/leaflets"),
    })
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no \"{from}\"");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every file the session serves is the file `build --no-leaflets` writes, byte for byte; web
/// fonts are compared by name only, since a served font keeps the characters of text an edit
/// removed. The offline readers' workers are the build's only: a preview is never a saved copy.
fn assert_same_as_build(session: &Session, site: &Path) {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        out_dir: Some(out.path().join("public")),
        date: Some(support::date(DATE)),
        no_leaflets: true,
        cache_dir: Some(site.join(".beacon-cache/leaflets")),
        ..BuildOptions::new(site)
    };
    build::build(&options).unwrap();
    let public = out.path().join("public");
    let built: Vec<String> = support::files_under(&public)
        .into_iter()
        .filter(|f| f != beacon::output::MARKER && !f.ends_with("/sw.js"))
        .collect();
    let served: Vec<String> = session.files().keys().cloned().collect();
    assert_eq!(served, built, "the served files are the built files");
    for path in built.iter().filter(|p| p.ends_with(".html")) {
        let page = std::fs::read_to_string(public.join(path)).unwrap();
        assert!(!page.contains(beacon::commands::serve::http::RELOAD_PATH), "{path}: a build has no reload script");
    }
    for path in built.iter().filter(|p| !p.ends_with(".woff2")) {
        let served = session.files()[path].read().unwrap();
        let written = std::fs::read(public.join(path)).unwrap();
        assert!(*served == *written, "{path} is served as it is built");
    }
}

fn rebuilt(outcome: Outcome) -> (usize, bool) {
    match outcome {
        Outcome::Rebuilt { pages, whole } => (pages, whole),
        Outcome::Failed(problems) => panic!("the edit should build:\n{problems:?}"),
    }
}

/// How much of the site an edit should make again.
#[derive(PartialEq, Debug)]
enum Expect {
    SomePages,
    /// Every page rendered again from the same model (a title in every footer).
    EveryPage,
    WholeSite,
}

#[test]
fn every_edit_serves_what_a_build_writes() {
    let dir = support::copy_default_site();
    let site = dir.path();
    // Start from an edited first sentence, so that writing it back later must find its
    // translation in the PO files, which still have it.
    edit(site, MODULE, FIRST_SENTENCE, "Emergencies can happen at any time. Most are over in a few hours.");
    let (mut session, outcome) = start(site);
    let (all_pages, _) = rebuilt(outcome);
    assert_same_as_build(&session, site);

    let mut step = |file: &str, from: &str, to: &str, expect: Expect| {
        edit(site, file, from, to);
        let (pages, whole) = rebuilt(session.apply([site.join(file)]));
        assert_eq!(whole, expect == Expect::WholeSite, "{file}: \"{to}\"");
        match expect {
            Expect::SomePages => assert!(pages < all_pages / 2, "{file}: renders {pages} of {all_pages} pages"),
            _ => assert_eq!(pages, all_pages),
        }
        assert_same_as_build(&session, site);
    };
    use Expect::*;
    // The text of a module, its title (shown in lists), its date; the text written back to what
    // the PO files translate.
    step(MODULE, "Start with one step today.", "Start with one small step today.", SomePages);
    step(MODULE, "How to prepare your home for disruption", "Get your home ready", SomePages);
    step(MODULE, "updated = 2026-11-22", "updated = 2026-11-30", SomePages);
    step(
        MODULE,
        "Emergencies can happen at any time.",
        "Emergencies like floods, storms and power cuts can happen at any time.",
        SomePages,
    );
    // A risk page, a plain page's title (in every footer), the home page.
    step("content/risks/flood.md", "\n\n", "\n\nA new first paragraph about floods.\n\n", SomePages);
    step("content/pages/about.md", "title = \"", "title = \"All ", EveryPage);
    step("content/_index.md", "\n\n", "\n\nA new first paragraph for the home page.\n\n", SomePages);
    // A campaign's banner is on the pages it features: its edits load the whole site again.
    step("content/campaigns/winter-ready-2026.md", "Get ready now.", "Get ready today.", WholeSite);
    // Changes to which pages exist load the whole site again.
    step(MODULE, "order = 1", "order = 20", WholeSite);
    step("site.toml", "title = \"", "title = \"The ", WholeSite);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_it_is_fixed() {
    let dir = support::copy_default_site();
    let site = dir.path();
    let (mut session, outcome) = start(site);
    rebuilt(outcome);
    let page = "en/modules/prepare-your-home/index.html";
    let before = session.files()[page].read().unwrap();

    edit(site, MODULE, "Start with one step today.", "Start with [one step](/modules/no-such-module/) today.");
    let Outcome::Failed(problems) = session.apply([site.join(MODULE)]) else { panic!("a broken link stops the build") };
    let problem = problems.iter().find(|p| p.is_error()).expect("an error");
    assert_eq!(problem.file, Path::new(MODULE));
    assert!(problem.line > 1 && problem.message.contains("no-such-module"), "{problem}");
    assert_eq!(session.files()[page].read().unwrap(), before, "the last good page is still served");

    // Another file changes while the module is still broken: the module is read again too.
    edit(site, "content/risks/flood.md", "\n\n", "\n\nA new first paragraph about floods.\n\n");
    let outcome = session.apply([site.join("content/risks/flood.md")]);
    assert!(matches!(outcome, Outcome::Failed(_)), "still broken: {outcome:?}");

    edit(site, MODULE, "[one step](/modules/no-such-module/)", "one quick step");
    rebuilt(session.apply([site.join(MODULE)]));
    let after = String::from_utf8(session.files()[page].read().unwrap().to_vec()).unwrap();
    assert!(after.contains("one quick step") && !after.contains("A new first paragraph"));
    assert_same_as_build(&session, site);

    // A heading another module links to is renamed: the link there is what breaks.
    edit(site, MODULE, "## Pack a grab bag", "## Pack a bag to grab");
    let Outcome::Failed(problems) = session.apply([site.join(MODULE)]) else { panic!("a link lost its heading") };
    assert!(
        problems.iter().any(|p| p.is_error()
            && p.file == Path::new("content/modules/leaving-your-home.md")
            && p.line == 41
            && p.message.contains("#pack-a-grab-bag")),
        "{problems:?}"
    );
    edit(site, MODULE, "## Pack a bag to grab", "## Pack a grab bag");
    rebuilt(session.apply([site.join(MODULE)]));

    // Front matter that does not parse names its line.
    edit(site, MODULE, "order = 1", "order = one");
    let Outcome::Failed(problems) = session.apply([site.join(MODULE)]) else { panic!("bad front matter") };
    assert!(problems.iter().any(|p| p.file == Path::new(MODULE) && p.line == 7), "{problems:?}");
    edit(site, MODULE, "order = one", "order = 1");
    rebuilt(session.apply([site.join(MODULE)]));
    assert_same_as_build(&session, site);
}

#[test]
fn new_and_removed_files_load_the_whole_site() {
    let dir = support::copy_default_site();
    let site = dir.path();
    let (mut session, outcome) = start(site);
    rebuilt(outcome);
    let new_module = "content/modules/checking-on-neighbours.md";
    let text = std::fs::read_to_string(site.join(MODULE)).unwrap().replace("go = \"home\"", "go = \"door\"");
    std::fs::write(site.join(new_module), text.replace("How to prepare your home", "Checking on neighbours")).unwrap();
    let (_, whole) = rebuilt(session.apply([site.join(new_module)]));
    assert!(whole);
    assert!(session.files().contains_key("en/modules/checking-on-neighbours/index.html"));
    assert_same_as_build(&session, site);

    std::fs::remove_file(site.join(new_module)).unwrap();
    let (_, whole) = rebuilt(session.apply([site.join(new_module)]));
    assert!(whole);
    assert!(!session.files().contains_key("en/modules/checking-on-neighbours/index.html"));
    assert_same_as_build(&session, site);
}

#[test]
fn images_come_and_go_with_the_text_that_shows_them() {
    let dir = support::copy_fixture("basic");
    let site = dir.path();
    let (mut session, outcome) = start(site);
    rebuilt(outcome);
    let module = "content/modules/shelter/index.md";
    let image = "![A rest centre in a school hall with camp beds](hall.png)";
    let served_images = |session: &Session| session.files().keys().filter(|p| p.ends_with(".png")).count();
    assert_eq!(served_images(&session), 1);

    edit(site, module, image, "A rest centre is often a school hall.");
    let (_, whole) = rebuilt(session.apply([site.join(module)]));
    assert!(!whole);
    assert_eq!(served_images(&session), 0, "an image no page shows is not published");
    assert_same_as_build(&session, site);

    edit(site, module, "A rest centre is often a school hall.", image);
    rebuilt(session.apply([site.join(module)]));
    assert_eq!(served_images(&session), 1);
    assert_same_as_build(&session, site);
}
