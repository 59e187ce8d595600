//! Seasonal campaigns: the build date decides what is published. A campaign that has not started
//! leaves no trace (no page, no link, no sitemap entry); a live one has a page and a banner on
//! the pages it features; an ended one stays in the archive without a banner.

mod support;

use beacon::commands::build::{BuildOptions, build};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

const WINTER: &str = "+++
title = \"Winter ready\"
summary = \"Get ready for the cold.\"
start = 2026-11-01
end = 2027-03-31
modules = [\"home-kit\"]
risks = [\"storm\"]
banner = \"Cold weather is coming.\"
call_to_action = \"See how to get ready\"
+++
Cold homes make people ill.
";

const FLOOD: &str = "+++
title = \"Flood week\"
summary = \"Get ready for floods.\"
start = 2027-06-01
end = 2027-06-30
modules = [\"shelter\"]
risks = [\"flood\"]
banner = \"Floods can happen fast.\"
call_to_action = \"Get ready for floods\"
+++
Sign up for flood warnings.
";

fn site() -> tempfile::TempDir {
    let site = support::copy_fixture("basic");
    std::fs::create_dir_all(site.path().join("content/campaigns")).unwrap();
    std::fs::write(site.path().join("content/campaigns/winter.md"), WINTER).unwrap();
    std::fs::write(site.path().join("content/campaigns/flood.md"), FLOOD).unwrap();
    site
}

/// Builds the site as it is on `date`; returns the output folder.
fn build_on(site: &Path, date: &str) -> PathBuf {
    let out = site.join(format!("public-{date}"));
    let options = BuildOptions {
        out_dir: Some(out.clone()),
        date: Some(support::date(date)),
        no_leaflets: true,
        ..BuildOptions::new(site)
    };
    build(&options).unwrap();
    out
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(path)).unwrap())
}

/// The campaigns whose banners a page shows, by title, with the address each links to.
fn banners(out: &Path, path: &str) -> Vec<(String, String)> {
    let html = page(out, path);
    let aside = Selector::parse("aside.campaign-banner").unwrap();
    let in_main = Selector::parse("main aside").unwrap();
    assert_eq!(html.select(&in_main).count(), 0, "{path}: a banner is its own landmark, outside <main>");
    let title = Selector::parse(".campaign-banner__title").unwrap();
    let link = Selector::parse("a").unwrap();
    html.select(&aside)
        .map(|banner| {
            let label = banner.value().attr("aria-label").unwrap_or_default();
            let title: String = banner.select(&title).next().unwrap().text().collect();
            assert!(label.contains(&title), "{path}: the banner's label names it: {label}");
            (title, banner.select(&link).next().unwrap().value().attr("href").unwrap().to_string())
        })
        .collect()
}

#[test]
fn before_any_campaign_starts_nothing_of_them_is_published() {
    let site = site();
    let out = build_on(site.path(), "2026-10-31");
    assert!(!out.join("en/campaigns").exists());
    assert_eq!(support::files_mentioning(&out, "campaigns/"), Vec::<String>::new(), "no link to a campaign anywhere");
    assert_eq!(support::files_mentioning(&out, "Winter ready"), Vec::<String>::new());
    assert!(banners(&out, "en/index.html").is_empty());
}

#[test]
fn a_live_campaign_has_its_page_and_banners_and_one_to_come_has_nothing() {
    let site = site();
    let out = build_on(site.path(), "2026-11-01");
    // Its page, with what it features.
    let winter = std::fs::read_to_string(out.join("en/campaigns/winter/index.html")).unwrap();
    assert!(winter.contains("Cold homes make people ill."));
    assert!(winter.contains("From 1 November 2026 to 31 March 2027"));
    assert!(winter.contains("href=\"../../modules/home-kit/\""), "it links the modules it features");
    assert!(!winter.contains("This campaign ended"));
    // Its banner on the home page and on the pages of what it features, and nowhere else.
    let expected = |href: &str| vec![("Winter ready".to_string(), href.to_string())];
    assert_eq!(banners(&out, "en/index.html"), expected("campaigns/winter/"));
    assert_eq!(banners(&out, "en/modules/home-kit/index.html"), expected("../../campaigns/winter/"));
    assert_eq!(banners(&out, "en/modules/home-kit/flood/index.html"), expected("../../../campaigns/winter/"));
    assert_eq!(banners(&out, "en/risks/storm/index.html"), expected("../../campaigns/winter/"));
    for other in ["en/risks/flood/index.html", "en/modules/shelter/index.html", "en/about/index.html"] {
        assert!(banners(&out, other).is_empty(), "{other}");
    }
    // The list of campaigns, the navigation and the sitemap.
    let index = std::fs::read_to_string(out.join("en/campaigns/index.html")).unwrap();
    assert!(index.contains("Running now") && index.contains("Winter ready") && !index.contains("Past campaigns"));
    assert!(std::fs::read_to_string(out.join("en/index.html")).unwrap().contains(">Campaigns</a>"));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/en/campaigns/winter/"));
    // The campaign to come: no page, no link, no sitemap entry, no word of it.
    assert!(!out.join("en/campaigns/flood").exists());
    assert_eq!(support::files_mentioning(&out, "campaigns/flood"), Vec::<String>::new());
    assert_eq!(support::files_mentioning(&out, "Flood week"), Vec::<String>::new());
}

#[test]
fn an_ended_campaign_stays_in_the_archive_without_banners() {
    let site = site();
    let out = build_on(site.path(), "2027-06-15");
    let winter = std::fs::read_to_string(out.join("en/campaigns/winter/index.html")).unwrap();
    assert!(winter.contains("This campaign ended on 31 March 2027."), "an ended campaign says so");
    let index = std::fs::read_to_string(out.join("en/campaigns/index.html")).unwrap();
    let (live, past) = index.split_once("Past campaigns").expect("an archive of past campaigns");
    assert!(live.contains("Flood week") && !live.contains("Winter ready"));
    assert!(past.contains("Winter ready"));
    assert_eq!(banners(&out, "en/index.html"), vec![("Flood week".to_string(), "campaigns/flood/".to_string())]);
    assert!(banners(&out, "en/modules/home-kit/index.html").is_empty());
    assert!(banners(&out, "en/risks/storm/index.html").is_empty());
    assert_eq!(banners(&out, "en/risks/flood/index.html").len(), 1);
    // The last day of a campaign is still live; the day after, it is over.
    let out = build_on(site.path(), "2027-06-30");
    assert_eq!(banners(&out, "en/index.html").len(), 1);
    let out = build_on(site.path(), "2027-07-01");
    assert!(banners(&out, "en/index.html").is_empty());
}

#[test]
fn a_build_names_the_next_change_and_schedule_lists_them_all() {
    let site = site();
    let options = BuildOptions {
        out_dir: Some(site.path().join("public")),
        date: Some(support::date("2026-12-01")),
        no_leaflets: true,
        ..BuildOptions::new(site.path())
    };
    let report = build(&options).unwrap();
    assert_eq!(
        report.next_change.unwrap().to_string(),
        "2027-04-01, campaign winter is over (it moves to the archive)"
    );

    let ics = site.path().join("campaigns.ics");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["schedule", "--date", "2026-12-01", "--ics"])
        .arg(&ics)
        .arg("--site")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "2027-04-01, campaign winter is over (it moves to the archive)\n\
         2027-06-01, campaign flood starts\n\
         2027-07-01, campaign flood is over (it moves to the archive)\n"
    );
    let calendar = std::fs::read_to_string(&ics).unwrap();
    let unfolded = calendar.replace("\r\n ", "");
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{unfolded}");
    assert_eq!(unfolded.matches("BEGIN:VEVENT\r\n").count(), 3);
    for line in [
        "DTSTART;VALUE=DATE:20270601\r\n",
        "DTEND;VALUE=DATE:20270602\r\n",
        "UID:flood-start@prepared.example.org\r\n",
        "SUMMARY:Campaign \"Flood week\" starts on Fixture Prepared\r\n",
        "DTSTAMP:20261201T000000Z\r\n",
    ] {
        assert!(unfolded.contains(line), "{line:?} in\n{unfolded}");
    }
    assert!(unfolded.ends_with("END:VCALENDAR\r\n"));
    assert!(calendar.lines().all(|line| line.len() <= 75), "lines are folded at 75 octets");
    // The same site and date give the same file.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["schedule", "--date", "2026-12-01", "--ics"])
        .arg(site.path().join("again.ics"))
        .arg("--site")
        .arg(site.path())
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(std::fs::read_to_string(site.path().join("again.ics")).unwrap(), calendar);
}

#[test]
fn a_new_campaign_builds_as_it_is_scaffolded() {
    let site = support::copy_fixture("basic");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["new", "campaign", "heat-2027", "--site"])
        .arg(site.path())
        .env("SOURCE_DATE_EPOCH", "1795305600")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(site.path().join("content/campaigns/heat-2027.md")).unwrap();
    for setting in ["title", "summary", "start", "end", "modules", "risks", "banner", "call_to_action", "updated"] {
        assert!(text.contains(&format!("\n{setting} = ")), "{setting} is filled in:\n{text}");
    }
    let out = build_on(site.path(), "2026-11-22");
    assert!(out.join("en/campaigns/heat-2027/index.html").exists(), "it starts the day it is made");
}

#[test]
fn each_language_has_an_atom_feed_of_its_campaigns_and_modules_linked_from_every_page() {
    let site = site();
    let out = build_on(site.path(), "2026-12-01");
    let text = std::fs::read_to_string(out.join("en/feed.xml")).unwrap();
    let feed: atom_syndication::Feed = text.parse().expect("the feed parses as Atom");
    // RFC 4287 4.1.1: a feed has an id, a title, an updated date, an author (or every entry
    // has one), and should link to itself.
    assert_eq!(feed.id, "https://prepared.example.org/en/");
    assert_eq!(feed.title.value, "Fixture Prepared");
    assert_eq!(feed.authors[0].name, "Fixture Resilience Forum");
    assert!(feed.links.iter().any(|l| l.rel == "self" && l.href == "https://prepared.example.org/en/feed.xml"));
    assert_eq!(feed.lang.as_deref(), Some("en"));
    let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.value.as_str()).collect();
    assert!(titles.contains(&"Winter ready"), "a live campaign is in the feed: {titles:?}");
    assert!(!titles.contains(&"Flood week"), "a campaign to come is not: {titles:?}");
    assert!(titles.contains(&"Make a home emergency kit"));
    let mut ids = std::collections::BTreeSet::new();
    for entry in &feed.entries {
        // 4.1.2: each entry has a unique id, a title, an updated date and a link to its page.
        assert!(ids.insert(entry.id.clone()), "ids are unique");
        assert!(!entry.title.value.is_empty());
        let link = entry.links.iter().find(|l| l.rel == "alternate").expect("a link to the page");
        let path = link.href.strip_prefix("https://prepared.example.org/").expect("an absolute address");
        assert!(out.join(path).join("index.html").is_file(), "{path} is a page of the site");
        assert!(entry.summary.is_some());
    }
    let dates: Vec<_> = feed.entries.iter().map(|e| e.updated).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(feed.updated, dates[0]);
    // Every page names its language's feed in its head.
    for file in support::files_under(&out).iter().filter(|f| f.starts_with("en/") && f.ends_with("index.html")) {
        let html = std::fs::read_to_string(out.join(file)).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a short address's redirect
        }
        let head = html.split("</head>").next().unwrap();
        assert!(head.contains("type=\"application/atom+xml\""), "{file} links its feed");
        assert!(head.contains("<meta property=\"og:title\""), "{file} has Open Graph metadata");
        assert!(head.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{file}");
    }
}

/// The default site's campaigns, each built the day before it starts, on its first and last days
/// and the day after: what is published follows the dates in every language.
#[test]
fn the_default_sites_campaigns_follow_their_dates() {
    let dir = support::copy_default_site();
    let site = dir.path();
    let campaigns = std::fs::read_dir(site.join("content/campaigns")).unwrap();
    let mut slugs: Vec<String> =
        campaigns.flatten().map(|e| e.path().file_stem().unwrap().to_string_lossy().to_string()).collect();
    slugs.sort();
    assert!(slugs.len() >= 3, "the default site has at least three campaigns: {slugs:?}");
    for slug in &slugs {
        let text = std::fs::read_to_string(site.join(format!("content/campaigns/{slug}.md"))).unwrap();
        let setting = |name: &str| -> time::Date {
            let line = text.lines().find(|l| l.starts_with(&format!("{name} = "))).unwrap();
            support::date(line.split(" = ").nth(1).unwrap().split_whitespace().next().unwrap())
        };
        let (start, end) = (setting("start"), setting("end"));
        let days = [
            (start.previous_day().unwrap(), false, false),
            (start, true, true),
            (end, true, true),
            (end.next_day().unwrap(), true, false),
        ];
        for (day, published, live) in days {
            let out = build_on(site, &day.to_string());
            let path = format!("campaigns/{slug}/");
            for lang in ["en", "pl", "gu", "pa", "ur", "ar"] {
                let page = out.join(format!("{lang}/{path}index.html"));
                assert_eq!(page.is_file(), published, "{slug} on {day}: {lang} page");
                let feed = std::fs::read_to_string(out.join(format!("{lang}/feed.xml"))).unwrap();
                assert_eq!(feed.contains(&format!("/{lang}/{path}")), published, "{slug} on {day}: {lang} feed");
                let home = std::fs::read_to_string(out.join(format!("{lang}/index.html"))).unwrap();
                assert_eq!(home.contains(&format!("href=\"{path}\"")), live, "{slug} on {day}: {lang} home banner");
            }
            let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
            assert_eq!(sitemap.contains(&path), published, "{slug} on {day}: sitemap");
            if !published {
                assert_eq!(
                    support::files_mentioning(&out, &path),
                    Vec::<String>::new(),
                    "{slug} on {day}: no link to it"
                );
            }
            std::fs::remove_dir_all(&out).unwrap();
        }
    }
}

#[test]
fn each_published_campaign_has_a_share_image_and_suggested_posts_in_each_language() {
    let site = site();
    let out = site.path().join("public");
    let options = BuildOptions {
        out_dir: Some(out.clone()),
        date: Some(support::date("2026-12-01")),
        cache_dir: Some(site.path().join("cache")),
        ..BuildOptions::new(site.path())
    };
    build(&options).unwrap();
    let png = std::fs::read(out.join("en/campaigns/winter/share.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1200, 630), "the size social networks show");
    assert!(!out.join("en/campaigns/flood/share.png").exists(), "a campaign to come has none");
    let html = std::fs::read_to_string(out.join("en/campaigns/winter/index.html")).unwrap();
    assert!(html.contains(
        "<meta property=\"og:image\" content=\"https://prepared.example.org/en/campaigns/winter/share.png\">"
    ));
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(html.contains("<a href=\"share.png\">") && html.contains("<a href=\"posts.txt\">"));
    let posts = std::fs::read_to_string(out.join("en/campaigns/winter/posts.txt")).unwrap();
    assert_eq!(
        posts,
        "Suggested posts for social media\n\n1.\nCold weather is coming. See how to get ready: \
         https://prepared.example.org/en/campaigns/winter/\n\n2.\nWinter ready: Get ready for the cold. \
         https://prepared.example.org/en/campaigns/winter/\n"
    );
    // The pack: one zip with what its link says.
    let link = html.split("<a href=\"winter-en.zip\">").nth(1).expect("the page links its pack");
    let details = link.split("<span class=\"attachment-details\">").nth(1).unwrap().split("</span>").next().unwrap();
    let zip_bytes = std::fs::read(out.join("en/campaigns/winter/winter-en.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.clone())).expect("the pack opens");
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect();
    let leaflets: Vec<&String> = names.iter().filter(|n| n.starts_with("leaflets/") && n.ends_with(".pdf")).collect();
    // home-kit's general leaflet and its storm leaflet, in four editions each.
    assert_eq!(leaflets.len(), 8, "{names:?}");
    assert!(names.contains(&"leaflets/home-kit-storm-a5-booklet.pdf".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("shelter") || n.contains("flood")), "only what it features: {names:?}");
    assert!(names.contains(&"share.png".to_string()) && names.contains(&"posts.txt".to_string()));
    let size = beacon::leaflet::human_size(zip_bytes.len() as u64);
    assert_eq!(details, format!("ZIP, {size}, 8 leaflets"));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        let published = out.join("en").join(if name.starts_with("leaflets/") {
            name.clone()
        } else {
            format!("campaigns/winter/{name}")
        });
        assert_eq!(bytes, std::fs::read(&published).unwrap(), "{name} in the pack is the published file");
    }
    // Packs are for live campaigns only.
    let out = site.path().join("public-later");
    let options = BuildOptions { out_dir: Some(out.clone()), date: Some(support::date("2027-06-15")), ..options };
    build(&options).unwrap();
    assert!(!out.join("en/campaigns/winter/winter-en.zip").exists(), "an ended campaign has no pack");
    assert!(out.join("en/campaigns/flood/flood-en.zip").exists());
    // Without leaflets (a quick preview) there is no Typst, so no image, and no page names one.
    let preview = build_on(site.path(), "2026-12-01");
    assert!(!preview.join("en/campaigns/winter/share.png").exists());
    assert!(!preview.join("en/campaigns/winter/winter-en.zip").exists(), "a pack without leaflets would be empty");
    let html = std::fs::read_to_string(preview.join("en/campaigns/winter/index.html")).unwrap();
    assert!(!html.contains("og:image") && !html.contains("share.png"));
    assert!(preview.join("en/campaigns/winter/posts.txt").exists());
}

/// The names of the files directly in `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|e| e.unwrap().file_name().into_string().unwrap()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// How many files under `folder` end with `ending`.
fn count_files(folder: &Path, ending: &str) -> usize {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter(|entry| entry.as_ref().unwrap().file_name().to_string_lossy().ends_with(ending))
        .count()
}

#[test]
fn the_cache_drops_what_builds_stopped_using_once_it_is_old_enough() {
    let site = site();
    let cache = site.path().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(cache.join("notes.txt"), "someone else's file").unwrap();
    let build_into = |name: &str, date: &str, keep: std::time::Duration| {
        let out = site.path().join(name);
        let options = BuildOptions {
            out_dir: Some(out.clone()),
            date: Some(support::date(date)),
            cache_dir: Some(cache.clone()),
            cache_keeps_unused: keep,
            ..BuildOptions::new(site.path())
        };
        (build(&options).unwrap(), out)
    };
    let pdfs = || names_in(&cache).into_iter().filter(|name| name.ends_with(".pdf")).collect::<Vec<_>>();
    let (winter, _) = build_into("public-winter", "2026-12-01", beacon::commands::build::CACHE_KEEPS_UNUSED);
    let first = (pdfs(), names_in(&cache.join("packs")));
    assert_eq!(first.0.len(), winter.leaflets);
    // A leaflet without an `updated` date prints the build's: a build for another day makes it
    // again. What the first build made is a moment old, so a week's grace keeps it.
    let (summer, _) = build_into("public-summer", "2027-06-15", beacon::commands::build::CACHE_KEEPS_UNUSED);
    assert!(summer.leaflets_rendered > 0);
    let both = winter.leaflets + summer.leaflets_rendered;
    assert_eq!(pdfs().len(), both);
    // With no grace, only what the last build used stays.
    let (again, out) = build_into("public-summer", "2027-06-15", std::time::Duration::ZERO);
    assert_eq!(again.leaflets_rendered, 0, "what the build uses is kept");
    let left = pdfs();
    assert_eq!(left.len(), again.leaflets, "the leaflets only the first build used are gone");
    assert_eq!(first.0.iter().filter(|name| !left.contains(name)).count(), both - again.leaflets);
    assert_eq!(names_in(&cache.join("packs")).len(), count_files(&out, ".zip"));
    assert_eq!(names_in(&cache.join("share-images")).len(), count_files(&out, "share.png"));
    assert!(names_in(&cache.join("packs")).iter().all(|name| !first.1.contains(name)));
    assert!(cache.join("notes.txt").exists(), "files that are not Beacon's stay");
    // The published leaflets are the build's own, whatever left the cache.
    let leaflet = out.join("en/leaflets/home-kit-a4.pdf");
    assert!(std::fs::read(&leaflet).unwrap().starts_with(b"%PDF"));
}
