//! Builds the fixture sites and compares each page's `<main>` with the expected files.
//! Set BLESS=1 to rewrite the expected files after an intended change, then review the diff.

mod support;

use beacon::commands::build::{BuildOptions, build};
use support::*;

fn build_fixture(name: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(fixture(name));
    options.out_dir = Some(out.path().join("public"));
    options.cache_dir = Some(out.path().join("cache"));
    options.date = Some(date("2026-11-22"));
    build(&options).unwrap();
    out
}

#[test]
fn basic_fixture_pages_match_expected_main() {
    let out = build_fixture("basic");
    let public = out.path().join("public");
    let expected_dir = fixture("basic").join("expected");
    let bless = std::env::var_os("BLESS").is_some();
    let pages: Vec<String> = files_under(&public).into_iter().filter(|f| f.ends_with(".html")).collect();
    let mut mismatches = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let actual = format!("{}\n", main_element(&html));
        let expected_path = expected_dir.join(page);
        if bless {
            std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => mismatches.push(format!("{page}:\n--- expected\n{expected}\n--- actual\n{actual}")),
            Err(_) => mismatches.push(format!("{page}: no expected file (run with BLESS=1 and review it)")),
        }
    }
    // Every expected page must still be built.
    for expected in files_under(&expected_dir) {
        if !pages.contains(&expected) {
            mismatches.push(format!("{expected}: expected but not built"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}

#[test]
fn basic_fixture_has_every_page_variant_and_asset() {
    let out = build_fixture("basic");
    let files = files_under(&out.path().join("public"));
    // Every published file is readable by a web server that runs as another user.
    #[cfg(unix)]
    for file in &files {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(out.path().join("public").join(file)).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{file} is readable by everyone ({mode:o})");
    }
    let expected = [
        ".beacon-output",
        "404.html",
        "assets/beacon.css",
        "assets/code.css",
        "assets/fonts/OFL.txt",
        "en/about/index.html",
        "en/feed.xml",
        "en/go/flood-home-kit/index.html",
        "en/go/home-kit/index.html",
        "en/go/shelter/index.html",
        "en/go/storm-home-kit/index.html",
        "en/index.html",
        "en/leaflets/home-kit-a4.pdf",
        "en/leaflets/home-kit-a5-booklet.pdf",
        "en/leaflets/home-kit-a5.pdf",
        "en/leaflets/home-kit-flood-a4.pdf",
        "en/leaflets/home-kit-flood-a5-booklet.pdf",
        "en/leaflets/home-kit-flood-a5.pdf",
        "en/leaflets/home-kit-flood-large-print.pdf",
        "en/leaflets/home-kit-large-print.pdf",
        "en/leaflets/home-kit-storm-a4.pdf",
        "en/leaflets/home-kit-storm-a5-booklet.pdf",
        "en/leaflets/home-kit-storm-a5.pdf",
        "en/leaflets/home-kit-storm-large-print.pdf",
        "en/leaflets/index.html",
        "en/leaflets/shelter-a4.pdf",
        "en/leaflets/shelter-a5-booklet.pdf",
        "en/leaflets/shelter-a5.pdf",
        "en/leaflets/shelter-large-print.pdf",
        "en/modules/home-kit/flood/index.html",
        "en/modules/home-kit/index.html",
        "en/modules/home-kit/storm/index.html",
        "en/modules/index.html",
        "en/modules/shelter/index.html",
        "en/risks/flood/index.html",
        "en/risks/index.html",
        "en/risks/storm/index.html",
        "en/sw.js",
        "files/plan.txt",
        "index.html",
        "media/modules/shelter/hall.png",
        "robots.txt",
        "sitemap.xml",
    ];
    assert_eq!(files, expected);
}

#[test]
fn sitemap_lists_every_language_page_with_its_date() {
    let out = build_fixture("basic");
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<url>").count(), 11, "{sitemap}");
    assert!(sitemap.contains(
        "<loc>https://prepared.example.org/en/modules/home-kit/flood/</loc>\n    <lastmod>2026-11-01</lastmod>"
    ));
    assert!(!sitemap.contains("404"));
    let robots = std::fs::read_to_string(out.path().join("public/robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://prepared.example.org/sitemap.xml"));
}

#[test]
fn pages_have_one_h1_landmarks_and_relative_assets() {
    let out = build_fixture("basic");
    let public = out.path().join("public");
    // Short addresses' redirect pages are checked in `short_addresses_redirect_to_their_pages`.
    let pages = files_under(&public).into_iter().filter(|f| f.ends_with(".html") && !f.contains("/go/"));
    for page in pages {
        let html = std::fs::read_to_string(public.join(&page)).unwrap();
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{page}");
        assert!(html.contains("class=\"skip-link\" href=\"#main-content\""), "{page}");
        assert!(html.contains("<main id=\"main-content\""), "{page}");
        assert!(html.contains("<header") && html.contains("<footer"), "{page}");
        // The one script registers the offline reader's worker once the page has loaded.
        let scripts = html.matches("<script").count();
        let registers = html.matches("navigator.serviceWorker.register(").count();
        assert!(scripts == registers && scripts <= 1, "{page} needs no JavaScript");
    }
    let variant = std::fs::read_to_string(public.join("en/modules/home-kit/flood/index.html")).unwrap();
    assert!(
        variant.contains("href=\"../../../../assets/beacon.css?v="),
        "variant pages reach the stylesheet relatively"
    );
    let not_found = std::fs::read_to_string(public.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/assets/beacon.css?v="),
        "the 404 page is served at any depth, so it links from the root"
    );
}

#[test]
fn same_input_gives_byte_identical_output() {
    let first = build_fixture("basic");
    let second = build_fixture("basic");
    let (a, b) = (first.path().join("public"), second.path().join("public"));
    assert_eq!(files_under(&a), files_under(&b));
    for file in files_under(&a) {
        assert_eq!(std::fs::read(a.join(&file)).unwrap(), std::fs::read(b.join(&file)).unwrap(), "{file}");
    }
}

/// A page's document tree as text, without the text nodes that are only whitespace: two pages
/// with the same outline differ in nothing but whitespace between tags.
fn outline(html: &str) -> String {
    fn walk(node: ego_tree::NodeRef<'_, scraper::Node>, depth: usize, out: &mut String) {
        let line = match node.value() {
            scraper::Node::Text(text) if text.trim().is_empty() => return,
            scraper::Node::Text(text) => format!("{:?}", &**text),
            scraper::Node::Element(element) => {
                let mut attributes: Vec<_> = element.attrs().collect();
                attributes.sort();
                format!("<{} {attributes:?}>", element.name())
            }
            scraper::Node::Comment(comment) => format!("<!--{}-->", &**comment),
            other => format!("{other:?}"),
        };
        out.push_str(&format!("{}{line}\n", "  ".repeat(depth)));
        for child in node.children() {
            walk(child, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(scraper::Html::parse_document(html).tree.root(), 0, &mut out);
    out
}

#[test]
fn minified_pages_differ_only_in_whitespace_between_tags() {
    let plain = build_fixture("basic");
    let site = copy_fixture("basic");
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    assert!(config.contains("minify = false"));
    std::fs::write(site.path().join("site.toml"), config.replace("minify = false", "minify = true")).unwrap();
    let mut options = BuildOptions::new(site.path());
    options.date = Some(date("2026-11-22"));
    // The leaflets are the same: take them from the first build's cache.
    options.cache_dir = Some(plain.path().join("cache"));
    build(&options).unwrap();
    let (plain, minified) = (plain.path().join("public"), site.path().join("public"));
    let pages: Vec<String> = files_under(&plain).into_iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() >= 10, "{pages:?}");
    let (mut before, mut after) = (0, 0);
    for page in pages {
        let (a, b) = (
            std::fs::read_to_string(plain.join(&page)).unwrap(),
            std::fs::read_to_string(minified.join(&page)).unwrap(),
        );
        assert_eq!(outline(&a), outline(&b), "{page}");
        assert!(!b.contains("</li>\n") && !b.contains(">\n<link"), "{page}: {b}");
        (before, after) = (before + a.len(), after + b.len());
    }
    assert!(after < before * 98 / 100, "minifying saved only {} of {before} bytes", before - after);
    let html = std::fs::read_to_string(minified.join("en/modules/home-kit/index.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">"),
        "{}",
        &html[..80]
    );
    assert!(html.contains("Keep a kit where you can find it in the dark."));
}

#[test]
fn base_url_option_changes_canonical_links() {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(fixture("basic"));
    options.out_dir = Some(out.path().join("site"));
    options.no_leaflets = true;
    options.base_url = Some("https://staging.example.org/prepared/".into());
    build(&options).unwrap();
    let html = std::fs::read_to_string(out.path().join("site/en/index.html")).unwrap();
    assert!(html.contains("<link rel=\"canonical\" href=\"https://staging.example.org/prepared/en/\">"));
    let not_found = std::fs::read_to_string(out.path().join("site/404.html")).unwrap();
    assert!(not_found.contains("href=\"/prepared/en/\""));
}

#[test]
fn the_default_site_builds() {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(repo_root());
    options.out_dir = Some(out.path().join("public"));
    options.cache_dir = Some(out.path().join("cache"));
    options.date = Some(date("2026-11-22"));
    let report = build(&options).unwrap();
    // 9 modules and their risk variants, 7 risks, 3 pages and the index pages.
    assert!(report.pages >= 50, "only {} pages", report.pages);
    for risk in ["flood", "heatwave", "severe-cold", "storm", "power-cut", "industrial", "pandemic"] {
        let page = std::fs::read_to_string(out.path().join(format!("public/en/risks/{risk}/index.html"))).unwrap();
        let guides = &page[page.find("Guides for this emergency").unwrap()..];
        let variant_link = format!("/{risk}/\">");
        assert!(guides.contains(&variant_link), "the {risk} page links to a module's {risk} advice");
    }
    let home = std::fs::read_to_string(out.path().join("public/en/index.html")).unwrap();
    for module in [
        "prepare-your-home",
        "community-resilience-group",
        "community-hub",
        "organisation-support",
        "voluntary-and-business-sector",
        "spontaneous-volunteering",
        "coordinating-donations",
        "cleaning-up-your-community",
        "elected-members",
    ] {
        assert!(home.contains(&format!("modules/{module}/")), "home page links to {module}");
    }
}

#[test]
fn code_blocks_are_highlighted_with_classes_and_only_their_pages_load_the_styles() {
    let site = copy_fixture("basic");
    let module = site.path().join("content/modules/shelter.md");
    let module = if module.exists() { module } else { site.path().join("content/modules/shelter/index.md") };
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(
        &module,
        format!(
            "{text}\n\n```yaml\nleaflets:\n  formats: [a4] # \"<b>\"\n```\n\n```no-such-language\nplain <text>\n```\n"
        ),
    )
    .unwrap();
    let mut options = BuildOptions::new(site.path());
    options.date = Some(date("2026-11-22"));
    options.no_leaflets = true;
    build(&options).unwrap();
    let public = site.path().join("public");
    let page = std::fs::read_to_string(public.join("en/modules/shelter/index.html")).unwrap();
    let highlighted = page.split("<pre class=\"highlight\"><code class=\"language-yaml\">").nth(1).expect(&page);
    let highlighted = highlighted.split("</pre>").next().unwrap();
    assert!(highlighted.contains("<span class=\"hl-") && !highlighted.contains("style="), "{highlighted}");
    assert!(highlighted.contains("&quot;&lt;b&gt;&quot;") || highlighted.contains("\"&lt;b&gt;\""), "{highlighted}");
    assert!(
        page.contains("<code class=\"language-no-such-language\">plain &lt;text&gt;\n</code>"),
        "plain text:\n{page}"
    );
    assert!(page.contains("assets/code.css?v="), "the page with code loads the code styles");
    let other = std::fs::read_to_string(public.join("en/modules/home-kit/flood/index.html")).unwrap();
    assert!(other.contains("<pre><code>") && !other.contains("code.css"), "a page without highlighted code does not");
    assert!(public.join("assets/code.css").exists());
}
