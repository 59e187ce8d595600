//! Hostile text from authors and translators: whatever they write, a published page runs no
//! script of theirs, and its header, emergency strip, main content and footer stay where the
//! theme put them. Pages are read back with an HTML5 parser, as a browser reads them.

mod support;

use beacon::commands::build::{BuildOptions, build};
use beacon::commands::check::check;
use beacon::commands::translate;
use beacon::i18n::po::Catalog;
use scraper::{ElementRef, Html, Selector};
use std::path::Path;
use support::*;

const ATTACKS: &str = "\n<script>alert(1)</script>\n\n<div onclick=\"alert(2)\">Tap</div>\n\n\
    [Click](javascript:alert(3)) and <a href=\"JaVaScRiPt:alert(4)\">this</a>.\n\n\
    <iframe src=\"https://example.com/\"></iframe><img src=x onerror=\"alert(5)\" alt=\"x\">\n\n\
    <details><summary>More</summary>\n\nKept <kbd>Ctrl</kbd>.\n\n</details>\n";

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn build_site(site: &Path) -> Vec<String> {
    let mut options = BuildOptions::new(site);
    options.date = Some(date("2026-11-22"));
    options.no_leaflets = true;
    let report = build(&options).unwrap();
    report.warnings.iter().map(ToString::to_string).collect()
}

/// Every way a page could run script: elements, event handlers and script addresses.
fn scripts_in(page: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for element in page.select(&select("*")) {
        let name = element.value().name();
        if matches!(name, "script" | "iframe" | "object" | "embed") && !is_offline_registration(&element) {
            found.push(format!("<{name}>"));
        }
        for (attribute, value) in element.value().attrs() {
            let value = value.trim().to_ascii_lowercase();
            if attribute.starts_with("on") || value.starts_with("javascript:") || value.starts_with("data:text") {
                found.push(format!("{name} {attribute}={value}"));
            }
        }
    }
    found
}

/// The theme's one script, a child of `<body>`: it registers the offline reader's worker.
fn is_offline_registration(element: &ElementRef) -> bool {
    const START: &str =
        "if(\"serviceWorker\"in navigator)addEventListener(\"load\",function(){navigator.serviceWorker.register(\"";
    const END: &str = "sw.js\").catch(function(){})})";
    let text: String = element.text().collect();
    let in_body = element.parent().and_then(ElementRef::wrap).is_some_and(|parent| parent.value().name() == "body");
    let worker = text.strip_prefix(START).and_then(|rest| rest.strip_suffix(END));
    in_body && worker.is_some_and(|path| path.chars().all(|c| c == '.' || c == '/'))
}

/// The theme's landmarks, as a browser builds the page: one main, not inside anything the
/// content made, and the footer with the emergency number after it, outside it.
fn assert_landmarks(page: &Html, name: &str) {
    let mains: Vec<ElementRef> = page.select(&select("main")).collect();
    assert_eq!(mains.len(), 1, "{name}: one <main>");
    if name.contains("/go/") {
        // A short address's redirect page has no header or footer, but says 999 in its <main>.
        assert!(mains[0].text().collect::<String>().contains("999"), "{name}: the page says 999");
        return;
    }
    let main = mains[0];
    let inside = |element: ElementRef, name: &str| {
        element.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == name)
    };
    for container in ["main", "details", "p", "li", "blockquote", "table", "svg", "a"] {
        assert!(!inside(main, container), "{name}: <main> is inside <{container}>");
    }
    for selector in ["header.site-header", ".emergency-strip", "footer.site-footer"] {
        let found: Vec<ElementRef> = page.select(&select(selector)).collect();
        assert_eq!(found.len(), 1, "{name}: one {selector}");
        assert!(!inside(found[0], "main"), "{name}: {selector} was pulled into <main>");
        assert!(!inside(found[0], "details"), "{name}: {selector} was pulled into <details>");
    }
    let footer = page.select(&select("footer.site-footer")).next().unwrap();
    assert!(footer.text().collect::<String>().contains("999"), "{name}: the footer says 999");
}

fn every_page(public: &Path) -> Vec<(String, Html)> {
    files_under(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| (f.clone(), Html::parse_document(&std::fs::read_to_string(public.join(&f)).unwrap())))
        .collect()
}

#[test]
fn authors_html_is_sanitised_and_each_removal_is_a_warning_with_its_line() {
    let site = copy_fixture("basic");
    let module = site.path().join("content/modules/home-kit.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, format!("{text}{ATTACKS}")).unwrap();
    let warnings = build_site(site.path());
    let removed: Vec<&String> = warnings.iter().filter(|w| w.contains("not allowed")).collect();
    let first_lines: Vec<&str> = removed.iter().map(|w| w.lines().next().unwrap()).collect();
    assert_eq!(
        first_lines,
        vec![
            "warning: content/modules/home-kit.md:57: the HTML element <script> is not allowed: it is removed with everything inside it",
            "warning: content/modules/home-kit.md:59: the attribute `onclick` of <div> is not allowed: it is removed",
            "warning: content/modules/home-kit.md:61: the address \"JaVaScRiPt:alert(4)\" of <a> is not allowed: it is removed",
            "warning: content/modules/home-kit.md:61: the link address \"javascript:alert(3)\" is not allowed: the link is removed (its text stays)",
            "warning: content/modules/home-kit.md:63: the HTML element <iframe> is not allowed: it is removed (the text inside it stays)",
            "warning: content/modules/home-kit.md:63: the attribute `onerror` of <img> is not allowed: it is removed",
        ]
    );
    // `check` reports the same.
    let checked: Vec<String> = check(site.path(), date("2026-11-22")).iter().map(ToString::to_string).collect();
    for warning in &removed {
        assert!(checked.contains(warning), "check misses {warning}");
    }
    for (name, page) in every_page(&site.path().join("public")) {
        assert_eq!(scripts_in(&page), Vec::<String>::new(), "{name}");
        assert_landmarks(&page, &name);
    }
    let page = std::fs::read_to_string(site.path().join("public/en/modules/home-kit/index.html")).unwrap();
    let main = main_element(&page);
    assert!(main.contains("<details><summary>More</summary>") && main.contains("<kbd>Ctrl</kbd>"), "{main}");
    assert!(main.contains("<div>Tap</div>") && main.contains("Click and <a>this</a>"), "{main}");
}

#[test]
fn a_translation_cannot_add_html_or_script_addresses() {
    let site = copy_fixture("basic");
    translate::add(site.path(), "pl").unwrap();
    let po = site.path().join("translations/pl.po");
    let mut catalog = Catalog::parse(&po, &std::fs::read_to_string(&po).unwrap()).unwrap();
    for entry in &mut catalog.entries {
        entry.msgstr = match entry.msgid.as_str() {
            "Keep a kit where you can find it in the dark." => "Akapit <script>alert(1)</script> koniec.".into(),
            "Check your kit twice a year.[^1]" => "Sprawdź [zestaw](javascript:alert(2)).[^1]".into(),
            "Spring and autumn are good times." => "Wiosna </main></div><footer>i jesień</footer>.".into(),
            other => format!("PL {other}"),
        };
    }
    std::fs::write(&po, catalog.write()).unwrap();
    let warnings = build_site(site.path());
    let po_text = std::fs::read_to_string(&po).unwrap();
    let line_of = |needle: &str| 1 + po_text[..po_text.find(needle).unwrap()].matches('\n').count();
    let expected = [
        format!(
            "warning: translations/pl.po:{}: this translation adds HTML (<script>) that the source text does not have: the source text is shown until it is corrected",
            line_of("msgstr \"Akapit")
        ),
        format!(
            "warning: translations/pl.po:{}: this translation adds HTML (</main>) that the source text does not have: the source text is shown until it is corrected",
            line_of("msgstr \"Wiosna")
        ),
    ];
    for warning in &expected {
        assert!(warnings.iter().any(|w| w.starts_with(warning.as_str())), "missing {warning} in {warnings:#?}");
    }
    assert!(
        warnings.iter().any(|w| w.contains("in the pl translation of content/modules/home-kit.md:")
            && w.contains("the link address \"javascript:alert(2)\" is not allowed")),
        "{warnings:#?}"
    );
    let page = std::fs::read_to_string(site.path().join("public/pl/modules/home-kit/index.html")).unwrap();
    let main = main_element(&page);
    assert!(
        main.contains("<span lang=\"en\" data-fallback>Keep a kit where you can find it in the dark.</span>"),
        "{main}"
    );
    assert!(main.contains("Sprawdź zestaw."), "{main}");
    for (name, page) in every_page(&site.path().join("public")) {
        assert_eq!(scripts_in(&page), Vec::<String>::new(), "{name}");
        assert_landmarks(&page, &name);
    }
}
