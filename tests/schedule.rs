//! Modules and pages with `publish` and `expires` dates: the build date decides. Before
//! `publish` nothing of the page is published; from `expires` on it stays at its address,
//! marked as out of date, and leaves every list, the feed, the sitemap and the leaflets.

mod support;

use beacon::commands::build::{BuildOptions, build};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

/// Published on 1 June 2027, withdrawn from 1 October 2027.
const KEEP_COOL: &str = "+++
title = \"Keep cool in hot weather\"
summary = \"How to keep your home cool.\"
audience = \"households\"
risks = [\"storm\"]
publish = 2027-06-01
expires = 2027-10-01
+++
Close curtains on windows that get the sun.

::: risk storm
Thunderstorms can follow hot days: keep a torch ready.
:::
";

/// Withdrawn from 1 January 2027.
const OLD_PAGE: &str = "+++
title = \"Winter helpline 2026\"
summary = \"A helpline that ran last winter.\"
order = 5
expires = 2027-01-01
+++
Call the winter helpline on 0116 000 0000.
";

fn site() -> tempfile::TempDir {
    let site = support::copy_fixture("basic");
    std::fs::write(site.path().join("content/modules/keep-cool.md"), KEEP_COOL).unwrap();
    std::fs::write(site.path().join("content/pages/winter-helpline.md"), OLD_PAGE).unwrap();
    site
}

fn build_on(site: &Path, date: &str, leaflets: bool) -> PathBuf {
    let out = site.join(format!("public-{date}"));
    let options = BuildOptions {
        out_dir: Some(out.clone()),
        date: Some(support::date(date)),
        no_leaflets: !leaflets,
        cache_dir: Some(site.join("cache")),
        ..BuildOptions::new(site)
    };
    build(&options).unwrap();
    out
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The link texts in the `<main>` of a page.
fn main_links(out: &Path, path: &str) -> Vec<String> {
    let html = Html::parse_document(&read(out, path));
    let links = Selector::parse("main a").unwrap();
    html.select(&links).map(|a| a.text().collect::<String>()).collect()
}

fn footer_links(out: &Path, path: &str) -> Vec<String> {
    let html = Html::parse_document(&read(out, path));
    let links = Selector::parse("footer nav a").unwrap();
    html.select(&links).map(|a| a.text().collect::<String>()).collect()
}

#[test]
fn before_its_publish_date_nothing_of_a_module_is_published() {
    let site = site();
    let out = build_on(site.path(), "2027-05-31", true);
    assert!(!out.join("en/modules/keep-cool").exists());
    assert_eq!(support::files_mentioning(&out, "keep-cool"), Vec::<String>::new(), "no page, link, leaflet or entry");
    assert_eq!(support::files_mentioning(&out, "Keep cool in hot weather"), Vec::<String>::new());
}

#[test]
fn from_its_publish_date_a_module_is_everywhere_a_module_is() {
    let site = site();
    let out = build_on(site.path(), "2027-06-01", true);
    assert!(main_links(&out, "en/modules/index.html").contains(&"Keep cool in hot weather".to_string()));
    assert!(main_links(&out, "en/risks/storm/index.html").contains(&"Keep cool in hot weather".to_string()));
    assert!(read(&out, "sitemap.xml").contains("/en/modules/keep-cool/storm/"));
    assert!(read(&out, "en/feed.xml").contains("/en/modules/keep-cool/"));
    assert!(out.join("en/leaflets/keep-cool-a4.pdf").is_file());
    assert!(read(&out, "en/leaflets/index.html").contains("keep-cool-storm-a4.pdf"));
    let page = read(&out, "en/modules/keep-cool/index.html");
    assert!(!page.contains("noindex") && !page.contains("withdrawn"), "a current page has no notice");
}

#[test]
fn an_expired_module_stays_at_its_address_marked_out_of_date_and_leaves_every_list() {
    let site = site();
    let out = build_on(site.path(), "2027-10-01", true);
    for path in ["en/modules/keep-cool/index.html", "en/modules/keep-cool/storm/index.html"] {
        let page = read(&out, path);
        let html = Html::parse_document(&page);
        let notice = Selector::parse("main > .notice:first-child").unwrap();
        let notice: String = html.select(&notice).next().expect("the notice opens the page").text().collect();
        assert!(notice.contains("This page is out of date. It was withdrawn on 1 October 2027"), "{path}: {notice}");
        assert!(notice.contains("Read our current advice"), "{path}: {notice}");
        assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"), "{path}");
        assert!(!page.contains("keep-cool-a4.pdf"), "{path}: no leaflet to print");
    }
    // Its short address keeps working: printed leaflets carry it.
    assert!(out.join("en/go/keep-cool/index.html").is_file());
    assert!(!out.join("en/leaflets/keep-cool-a4.pdf").exists(), "no leaflet of withdrawn advice");
    assert!(!read(&out, "en/leaflets/index.html").contains("keep-cool"));
    assert!(!read(&out, "sitemap.xml").contains("keep-cool"));
    assert!(!read(&out, "en/feed.xml").contains("keep-cool"));
    assert!(!read(&out, "en/risks/storm/index.html").contains("keep-cool"));
    assert!(!read(&out, "en/index.html").contains("keep-cool"), "not on the home page");
    // The list of advice keeps it apart, as withdrawn.
    let index = Html::parse_document(&read(&out, "en/modules/index.html"));
    let withdrawn = Selector::parse("#withdrawn ~ ul a").unwrap();
    let withdrawn: Vec<String> = index.select(&withdrawn).map(|a| a.text().collect()).collect();
    assert_eq!(withdrawn, ["Keep cool in hot weather"]);
}

#[test]
fn an_expired_page_leaves_the_footer_and_links_to_it_are_a_warning() {
    let site = site();
    std::fs::write(
        site.path().join("content/pages/about.md"),
        "+++\ntitle = \"About us\"\nsummary = \"Who we are.\"\norder = 1\n+++\nLast winter we ran a [helpline](/winter-helpline/).\n",
    )
    .unwrap();
    let out = build_on(site.path(), "2026-12-31", false);
    assert!(footer_links(&out, "en/index.html").contains(&"Winter helpline 2026".to_string()));
    let warnings: Vec<String> = beacon::commands::check::check(site.path(), support::date("2026-12-31"))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(!warnings.iter().any(|w| w.contains("no longer current")), "{warnings:?}");

    let out = build_on(site.path(), "2027-01-01", false);
    assert!(!footer_links(&out, "en/index.html").contains(&"Winter helpline 2026".to_string()));
    assert!(read(&out, "en/winter-helpline/index.html").contains("It was withdrawn on 1 January 2027"));
    let warnings: Vec<String> = beacon::commands::check::check(site.path(), support::date("2027-01-01"))
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings.contains(
            &"warning: content/pages/about.md:6: the link \"/winter-helpline/\" goes to a page that is no longer current \
              (it expired on 2027-01-01)\n  help: link to current advice instead"
                .to_string()
        ),
        "{warnings:?}"
    );
}

#[test]
fn schedule_lists_publishing_and_expiry_with_the_campaigns() {
    let site = site();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["schedule", "--date", "2026-12-01", "--ics"])
        .arg(site.path().join("site.ics"))
        .arg("--site")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "2027-01-01, page winter-helpline expires (it stays at its address, marked as no longer current)\n\
         2027-06-01, module keep-cool is published\n\
         2027-10-01, module keep-cool expires (it stays at its address, marked as no longer current)\n"
    );
    let calendar = std::fs::read_to_string(site.path().join("site.ics")).unwrap().replace("\r\n ", "");
    for line in [
        "UID:module-keep-cool-publish@prepared.example.org\r\n",
        "SUMMARY:Module \"Keep cool in hot weather\" is published on Fixture Prepared\r\n",
        "DTSTART;VALUE=DATE:20270601\r\n",
        "UID:page-winter-helpline-expires@prepared.example.org\r\n",
    ] {
        assert!(calendar.contains(line), "{line:?} in\n{calendar}");
    }
    let options = BuildOptions {
        out_dir: Some(site.path().join("public")),
        date: Some(support::date("2027-02-01")),
        no_leaflets: true,
        ..BuildOptions::new(site.path())
    };
    let report = build(&options).unwrap();
    assert_eq!(report.next_change.unwrap().to_string(), "2027-06-01, module keep-cool is published");
}

#[test]
fn a_live_campaign_shows_no_banner_on_a_withdrawn_module() {
    let site = site();
    let campaign = "+++\ntitle = \"Hot summer\"\nsummary = \"S\"\nstart = 2027-06-01\nend = 2027-12-31\n\
                    modules = [\"keep-cool\", \"home-kit\"]\nbanner = \"Keep cool.\"\ncall_to_action = \"See how\"\n+++\nText.\n";
    std::fs::create_dir_all(site.path().join("content/campaigns")).unwrap();
    std::fs::write(site.path().join("content/campaigns/hot.md"), campaign).unwrap();
    let live = build_on(site.path(), "2027-09-30", false);
    assert!(read(&live, "en/modules/keep-cool/index.html").contains("campaign-banner"));
    let out = build_on(site.path(), "2027-10-01", false);
    assert!(!read(&out, "en/modules/keep-cool/index.html").contains("campaign-banner"));
    assert!(read(&out, "en/modules/home-kit/index.html").contains("campaign-banner"));
    // The campaign's page lists only the current module.
    assert_eq!(
        main_links(&out, "en/campaigns/hot/index.html").iter().filter(|l| l.contains("Keep cool")).count(),
        0,
        "no card for withdrawn advice"
    );
}
