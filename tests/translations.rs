//! The translation workflow on a copy of the basic fixture: add languages, translate every entry,
//! build, then change one English paragraph and follow it through `translate update` and the build.

mod support;

use beacon::commands::build::{BuildOptions, build};
use beacon::commands::translate::{self as commands, Format};
use beacon::i18n::po::Catalog;
use std::path::Path;
use std::process::Command;
use support::*;

/// Fills every entry of a language's PO file with a recognisable translation that keeps the
/// markdown intact: "PL " + the English text.
fn translate_everything(site: &Path, lang: &str) {
    let path = site.join(format!("translations/{lang}.po"));
    let mut catalog = Catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    for entry in &mut catalog.entries {
        entry.msgstr = format!("{} {}", lang.to_uppercase(), entry.msgid);
    }
    std::fs::write(&path, catalog.write()).unwrap();
}

fn site_with_translations() -> tempfile::TempDir {
    let site = copy_fixture("basic");
    for lang in ["pl", "ur"] {
        let message = commands::add(site.path(), lang).unwrap();
        assert!(message.starts_with(&format!("Created translations/{lang}.po")), "{message}");
        translate_everything(site.path(), lang);
    }
    // Polish has been checked by a translator; Urdu stays a draft.
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replacen("status = \"draft\"", "status = \"reviewed\"", 1)).unwrap();
    site
}

fn build_into(site: &Path) -> std::path::PathBuf {
    let mut options = BuildOptions::new(site);
    options.date = Some(date("2026-11-22"));
    options.no_leaflets = true;
    build(&options).unwrap();
    site.join("public")
}

fn read(public: &Path, page: &str) -> String {
    std::fs::read_to_string(public.join(page)).unwrap()
}

#[test]
fn add_writes_a_valid_po_file_and_registers_the_language() {
    let site = site_with_translations();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    assert!(config.contains("code = \"ur\"\nname = \"Urdu\"\nnative_name = \"اردو\"\ndirection = \"rtl\""), "{config}");
    assert!(config.contains("status = \"draft\""));
    let po = std::fs::read_to_string(site.path().join("translations/pl.po")).unwrap();
    assert!(po.contains("\"Language: pl\\n\""));
    assert!(po.contains("\"Plural-Forms: nplurals=3;"));
    assert!(po.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""));
    assert!(commands::add(site.path(), "pl").unwrap_err().to_string().contains("already a language"));
}

#[test]
fn add_knows_any_cldr_language_and_gettext_accepts_its_plural_forms() {
    let site = copy_fixture("basic");
    let languages = [
        ("de", "German", "Deutsch", "ltr"),
        ("so", "Somali", "Soomaali", "ltr"),
        ("ta", "Tamil", "தமிழ்", "ltr"),
        ("bn", "Bangla", "বাংলা", "ltr"),
        ("ro", "Romanian", "Română", "ltr"),
        ("ti", "Tigrinya", "ትግርኛ", "ltr"),
        ("zh-Hans", "Simplified Chinese", "简体中文", "ltr"),
        ("ckb", "Central Kurdish", "کوردیی ناوەندی", "rtl"),
        ("ps", "Pashto", "پښتو", "rtl"),
        ("ru", "Russian", "Русский", "ltr"),
        ("cy", "Welsh", "Cymraeg", "ltr"),
    ];
    for (code, name, native, direction) in languages {
        let message = commands::add(site.path(), code).unwrap();
        assert!(message.contains(name), "{message}");
        // The theme has leaflet and web fonts for Bengali, Tamil and Devanagari, none for
        // Ethiopic (Tigrinya) or Chinese, and Latin and Cyrillic need no web font.
        let lacks_fonts = ["ti", "zh-Hans"].contains(&code);
        assert_eq!(message.contains("leaflet fonts cannot print"), lacks_fonts, "{message}");
        assert_eq!(message.contains("no web font"), lacks_fonts || ["ckb", "ps"].contains(&code), "{message}");
        let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
        let entry =
            format!("code = \"{code}\"\nname = \"{name}\"\nnative_name = \"{native}\"\ndirection = \"{direction}\"");
        assert!(config.contains(&entry), "{code}: {config}");
        // msgfmt evaluates the Plural-Forms expression and refuses one that gives a form the
        // header does not count.
        let po = site.path().join(format!("translations/{code}.po"));
        let output = Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(&po)
            .output()
            .expect("msgfmt is needed: run `bash .ci/install-test-tools`");
        assert!(output.status.success(), "{code}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let error = commands::add(site.path(), "xx").unwrap_err().to_string();
    assert!(error.contains("CLDR has no language \"xx\"") && error.contains("by hand"), "{error}");
}

#[test]
fn template_has_every_kind_of_segment_with_context_and_reference() {
    let site = copy_fixture("basic");
    let count = commands::extract(site.path()).unwrap();
    let pot = std::fs::read_to_string(site.path().join("translations/beacon.pot")).unwrap();
    let catalog = Catalog::parse(Path::new("beacon.pot"), &pot).unwrap();
    assert_eq!(catalog.entries.len(), count);
    let has = |context: &str, msgid: &str| catalog.entries.iter().any(|e| e.key() == (context, msgid));
    assert!(has("ui:skip_link", "Skip to main content"), "interface strings");
    assert!(has("risk-name:flood", "Flooding"), "risk names");
    assert!(has("module:home-kit:title", "Make a home emergency kit"), "titles");
    assert!(has("module:home-kit:summary", "What to keep ready at home."), "summaries");
    assert!(has("module:home-kit", "What to pack"), "headings");
    assert!(has("module:home-kit", "Torch and spare batteries"), "list items");
    assert!(has("module:home-kit", "Torch"), "table cells");
    assert!(
        has("module:home-kit", "Move the kit upstairs. See [the flood page](/risks/flood/#warnings)."),
        "inline markup stays markdown"
    );
    assert!(has("module:shelter", "![A rest centre in a school hall with camp beds](hall.png)"), "image alt text");
    assert!(!pot.contains("this is not a container"), "code is not translated");
    let kit = catalog.entries.iter().find(|e| e.msgid == "Keep a kit where you can find it in the dark.").unwrap();
    assert_eq!(kit.references, vec!["content/modules/home-kit.md:9"]);
}

#[test]
fn translated_site_has_every_page_in_every_language() {
    let site = site_with_translations();
    let status = commands::status_report(site.path(), Format::Json).unwrap();
    let json: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(json[0]["language"], "pl");
    assert_eq!((json[0]["percent"].as_u64(), json[1]["percent"].as_u64()), (Some(100), Some(100)));
    let public = build_into(site.path());
    for lang in ["en", "pl", "ur"] {
        for page in ["index.html", "modules/home-kit/flood/index.html", "risks/storm/index.html", "about/index.html"] {
            assert!(public.join(lang).join(page).is_file(), "{lang}/{page}");
        }
    }
    let pl = read(&public, "pl/modules/home-kit/index.html");
    assert!(pl.contains("<html lang=\"pl\" dir=\"ltr\">"));
    assert!(pl.contains("<h1>PL Make a home emergency kit</h1>"), "{}", main_element(&pl));
    assert!(pl.contains("<p>PL Keep a kit where you can find it in the dark.</p>"));
    assert!(
        pl.contains("PL Move the kit upstairs. See <a href=\"../../risks/flood/#warnings\">the flood page</a>."),
        "links keep working"
    );
    assert!(pl.contains("<h2 id=\"what-to-pack\">PL What to pack</h2>"), "anchors stay the same in every language");
    assert!(pl.contains("class=\"risk-heading\">PL Flooding</h2>"), "translated risk names");
    assert!(pl.contains(">PL Skip to main content</a>"), "translated interface");
    assert!(!pl.contains("data-fallback") && !pl.contains("notice"), "a complete reviewed translation has no notices");
    let ur = read(&public, "ur/modules/home-kit/index.html");
    assert!(ur.contains("<html lang=\"ur\" dir=\"rtl\">"));
    assert!(ur.contains("href=\"../../../assets/fonts/ur.css\""), "Urdu pages load the Urdu font");
    assert!(!pl.contains("assets/fonts/"), "Polish pages load no web font");
    assert!(ur.contains("<p>UR This translation has not been checked yet."), "draft notice in the reader's language");
    assert!(ur.contains("<p lang=\"en\" dir=\"ltr\">This translation has not been checked yet."), "and in English");
    // In right-to-left text, addresses and phone numbers are isolated so they do not reorder.
    assert!(ur.contains("<span dir=\"ltr\">111.nhs.uk</span>"), "{ur}");
    assert!(ur.contains("<a href=\"tel:01234567890\" dir=\"ltr\">01234 567890</a>"));
    assert!(!pl.contains("<span dir=\"ltr\">"), "left-to-right pages need no isolation");
}

#[test]
fn language_navigation_alternates_and_sitemap() {
    let site = site_with_translations();
    let public = build_into(site.path());
    let page = read(&public, "pl/risks/flood/index.html");
    assert!(
        page.contains("<link rel=\"alternate\" hreflang=\"ur\" href=\"https://prepared.example.org/ur/risks/flood/\">")
    );
    assert!(page.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://prepared.example.org/en/risks/flood/\">"
    ));
    assert!(page.contains("<nav class=\"language-nav\" aria-label=\"PL Language\">"));
    assert!(page.contains(
        "<li><a href=\"../../../en/risks/flood/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\" rel=\"alternate\">English</a></li>"
    ));
    assert!(page.contains("<li><span aria-current=\"true\" lang=\"pl\" dir=\"ltr\">Polski</span></li>"));
    assert!(page.contains("lang=\"ur\" dir=\"rtl\" rel=\"alternate\">اردو</a>"));
    let not_found = read(&public, "404.html");
    assert!(
        not_found.contains("<a href=\"/ur/\" hreflang=\"ur\" lang=\"ur\" dir=\"rtl\" rel=\"alternate\">اردو</a>"),
        "{not_found}"
    );
    let root = read(&public, "index.html");
    for (code, name, dir) in [("en", "English", "ltr"), ("pl", "Polski", "ltr"), ("ur", "اردو", "rtl")] {
        assert!(
            root.contains(&format!("<a href=\"{code}/\" hreflang=\"{code}\" lang=\"{code}\" dir=\"{dir}\">{name}</a>")),
            "chooser: {code}"
        );
    }
    let sitemap = read(&public, "sitemap.xml");
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"ur\" href=\"https://prepared.example.org/ur/modules/home-kit/\"/>"
    ));
}

#[test]
fn changed_english_goes_fuzzy_in_every_language_and_falls_back_until_checked() {
    let site = site_with_translations();
    commands::update(site.path(), &[]).unwrap();
    let before = std::fs::read_to_string(site.path().join("translations/pl.po")).unwrap();
    commands::update(site.path(), &[]).unwrap();
    assert_eq!(
        std::fs::read_to_string(site.path().join("translations/pl.po")).unwrap(),
        before,
        "update twice changes nothing"
    );

    let module = site.path().join("content/modules/home-kit.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replace("Check your kit twice a year.", "Check your kit every three months."))
        .unwrap();
    commands::update(site.path(), &[]).unwrap();
    for lang in ["pl", "ur"] {
        let entries = commands::entries(site.path(), lang).unwrap();
        let fuzzy: Vec<_> = entries.iter().filter(|e| e.is_fuzzy()).collect();
        assert_eq!(fuzzy.len(), 1, "{lang}: exactly the edited paragraph is fuzzy");
        assert_eq!(fuzzy[0].msgid, "Check your kit every three months.[^1]");
        assert_eq!(fuzzy[0].previous_msgid.as_deref(), Some("Check your kit twice a year.[^1]"));
        assert_eq!(
            fuzzy[0].msgstr,
            format!("{} Check your kit twice a year.[^1]", lang.to_uppercase()),
            "old translation kept as a hint"
        );
        let output = Command::new("msgfmt")
            .args(["--check", "-o", "/dev/null"])
            .arg(site.path().join(format!("translations/{lang}.po")))
            .output();
        let output = output.expect("msgfmt is needed: run `bash .ci/install-test-tools`");
        assert!(output.status.success() && output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let report = commands::status_report(site.path(), Format::Text).unwrap();
    assert!(report.contains("Polish (pl): 99% translated, 1 fuzzy, 0 missing"), "{report}");
    let problems: Vec<String> =
        beacon::commands::check::check(site.path(), date("2026-11-22")).iter().map(ToString::to_string).collect();
    assert!(
        problems.contains(
            &"warning: translations/pl.po: module:home-kit: 1 fuzzy and 0 missing of 19 entries (Polish)\n  \
             help: translate them in Poedit or Weblate; fuzzy entries need a translator to check them"
                .to_string()
        ),
        "{problems:#?}"
    );

    // Published partly translated: the fuzzy paragraph appears in English, marked as English.
    let public = build_into(site.path());
    let pl = read(&public, "pl/modules/home-kit/index.html");
    assert!(
        pl.contains("<span lang=\"en\" data-fallback>Check your kit every three months.<sup"),
        "{}",
        main_element(&pl)
    );
    assert!(!pl.contains("twice a year"), "the out-of-date translation is never shown");
    assert!(pl.contains("PL Parts of this page are not translated yet and are shown in English."));
    assert!(
        read(&public, "pl/modules/shelter/index.html").contains("PL Your council opens rest centres"),
        "other pages unaffected"
    );

    // Or, by the site's choice, the whole page falls back to English with a notice.
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(site.path().join("site.toml"), format!("{config}\n[translations]\npartial = \"fallback\"\n"))
        .unwrap();
    let public = build_into(site.path());
    let pl = read(&public, "pl/modules/home-kit/index.html");
    assert!(pl.contains("<html lang=\"pl\" dir=\"ltr\">"), "the page chrome stays Polish");
    assert!(pl.contains("<p>PL This page is not yet available in this language, so it is shown in English.</p>"));
    assert!(pl.contains("<h1><span lang=\"en\">Make a home emergency kit</span></h1>"), "{}", main_element(&pl));
    assert!(pl.contains("<div class=\"prose\" lang=\"en\">"));
    assert!(pl.contains(">PL Skip to main content</a>"));
}

#[test]
fn po_files_of_the_default_site_pass_msgfmt_check() {
    let folder = repo_root().join("translations");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "po") {
            let output = Command::new("msgfmt")
                .args(["--check", "-o", "/dev/null"])
                .arg(&path)
                .output()
                .expect("msgfmt is needed: run `bash .ci/install-test-tools`");
            assert!(
                output.status.success() && output.stderr.is_empty(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "pl, gu, pa, ur and ar");
}

/// Runs `msgcat` on a PO file: gettext's own reading of it, written in gettext's own layout.
fn msgcat(path: &Path) -> String {
    let output =
        Command::new("msgcat").arg(path).output().expect("msgcat is needed: run `bash .ci/install-test-tools`");
    assert!(output.status.success(), "msgcat {}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn files_from_gettext_tools_and_poedit_say_the_same_after_beacon_writes_them() {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for folder in ["translations", "fuzz/seeds/po"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "po") {
                continue;
            }
            let original = std::fs::read_to_string(&path).unwrap();
            let catalog = Catalog::parse(&path, &original).unwrap();
            // Written back byte for byte: msgmerge's, Poedit's and msggrep's line wrapping, a
            // no-wrap file and one wrapped at 40 columns all stay as their tools left them.
            let diff = diff_lines(&original, &catalog.write());
            assert!(diff.is_empty(), "{} changed:\n{}", path.display(), diff.join("\n"));
            let written = dir.path().join(path.file_name().unwrap());
            std::fs::write(&written, catalog.write()).unwrap();
            // gettext reads both files as the same translations, comments, flags and history.
            assert_eq!(msgcat(&written), msgcat(&path), "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} PO files were checked");
}

#[test]
fn a_po_file_that_cannot_be_read_stops_update_before_anything_is_written() {
    let site = site_with_translations();
    commands::update(site.path(), &[]).unwrap();
    let files = ["translations/beacon.pot", "translations/pl.po", "translations/ur.po"];
    let mut ur = std::fs::read(site.path().join(files[2])).unwrap();
    ur.extend_from_slice(b"\n# Zo\xebl\n");
    std::fs::write(site.path().join(files[2]), &ur).unwrap();
    // The English changes, so an update would rewrite every file.
    let module = site.path().join("content/modules/home-kit.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replacen("Keep a kit", "Always keep a kit", 1)).unwrap();
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(site.path().join(f)).unwrap()).collect();
    let error = commands::update(site.path(), &[]).unwrap_err();
    assert!(format!("{error:#}").contains("translations/ur.po"), "{error:#}");
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(site.path().join(f)).unwrap()).collect();
    assert!(before == after, "update wrote files although ur.po could not be read");
}

#[test]
fn a_compendium_fills_new_entries_of_its_language_as_fuzzy_suggestions() {
    let site = site_with_translations();
    let module = site.path().join("content/modules/home-kit.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replacen("Keep a kit", "Stay calm and check on your neighbours.\n\nKeep a kit", 1))
        .unwrap();
    let compendium = site.path().join("other-project-pl.po");
    std::fs::write(
        &compendium,
        "msgid \"\"\nmsgstr \"\"\n\"Language: pl_PL\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgid \"Stay calm and check on your neighbours.\"\nmsgstr \"Zachowaj spokój i sprawdź, co u sąsiadów.\"\n",
    )
    .unwrap();
    commands::update(site.path(), &[compendium]).unwrap();
    let catalog = |lang: &str| {
        let path = site.path().join(format!("translations/{lang}.po"));
        Catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let pl = catalog("pl");
    let entry = pl.entries.iter().find(|e| e.msgid == "Stay calm and check on your neighbours.").unwrap();
    assert_eq!(entry.msgstr, "Zachowaj spokój i sprawdź, co u sąsiadów.");
    assert!(entry.is_fuzzy(), "a suggestion waits for the translator");
    let ur = catalog("ur");
    let entry = ur.entries.iter().find(|e| e.msgid == "Stay calm and check on your neighbours.").unwrap();
    assert_eq!(entry.msgstr, "", "a Polish compendium does not fill Urdu");
    // Readers see the English until the translator confirms the suggestion.
    let public = build_into(site.path());
    let page = read(&public, "pl/modules/home-kit/index.html");
    assert!(!page.contains("Zachowaj spokój"), "an unconfirmed suggestion was published");
    assert!(page.contains("Stay calm and check on your neighbours."));
}

/// A translation that says exactly what the English says gives exactly the English page: every
/// kind of block survives being cut into segments and put back.
#[test]
fn a_translation_equal_to_the_english_gives_the_english_page() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/modules/structures.md"),
        "+++\ntitle = \"Structures\"\nsummary = \"Every kind of block.\"\naudience = \"households\"\n+++\n\n\
         > Move valuables upstairs\n> and turn off the gas.\n>\n> > Nested quote\n> > over two lines.\n\n\
         Line one with two spaces  \nline two with a backslash\\\nline three.\n\n\
         - Item one\n  continued.\n  - Nested item  \n    with a break.\n\n\
         > - Quoted item\n>   on two lines.\n\n\
         | Item | Why |\n|---|---|\n| Torch | Power cuts |\n\n\
         Read the [flood page][flood] and a note.[^1] Press <kbd>Ctrl</kbd>.\n\n\
         [flood]: /risks/flood/\n\n[^1]: The note\n    goes on.\n",
    )
    .unwrap();
    commands::add(site.path(), "pl").unwrap();
    let path = site.path().join("translations/pl.po");
    let mut catalog = Catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    for entry in &mut catalog.entries {
        entry.msgstr = entry.msgid.clone();
    }
    std::fs::write(&path, catalog.write()).unwrap();
    let config = site.path().join("site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replacen("status = \"draft\"", "status = \"reviewed\"", 1)).unwrap();
    let public = build_into(site.path());
    let body = |lang: &str| {
        let page = read(&public, &format!("{lang}/modules/structures/index.html"));
        let main = main_element(&page);
        // A soft line break and a space read the same.
        main[main.find("<div class=\"prose\"").unwrap()..].split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(body("pl"), body("en"));
}

#[test]
fn files_laid_out_by_gettext_go_through_update_unchanged() {
    let site = site_with_translations();
    let mut laid_out = Vec::new();
    for code in ["pl", "ur"] {
        let path = site.path().join(format!("translations/{code}.po"));
        let gettext = msgcat(&path);
        std::fs::write(&path, &gettext).unwrap();
        laid_out.push((path, gettext));
    }
    commands::update(site.path(), &[]).unwrap();
    for (path, gettext) in laid_out {
        let updated = std::fs::read_to_string(&path).unwrap();
        let changed: Vec<_> = diff_lines(&gettext, &updated);
        assert!(
            changed.is_empty(),
            "{}: update changed {} lines:\n{}",
            path.display(),
            changed.len(),
            changed.join("\n")
        );
    }
}

#[test]
fn new_strings_are_wrapped_as_gettext_wraps_them() {
    // The default site's files as msgcat lays them out, written again by Beacon as if every
    // string were new.
    let root = repo_root();
    let (mut same, mut total) = (0, 0);
    let mut differing = Vec::new();
    for code in ["pl", "gu", "pa", "ur", "ar"] {
        let gettext = msgcat(&root.join(format!("translations/{code}.po")));
        let catalog = Catalog::parse(Path::new("x.po"), &gettext).unwrap().without_layout();
        let written = catalog.write();
        let (gettext_entries, written_entries): (Vec<&str>, Vec<&str>) =
            (gettext.split("\n\n").collect(), written.split("\n\n").collect());
        assert_eq!(gettext_entries.len(), written_entries.len(), "{code}");
        for (a, b) in gettext_entries.iter().zip(&written_entries) {
            total += 1;
            if a == b {
                same += 1;
            } else if differing.len() < 5 {
                differing.push(format!("gettext:\n{a}\nBeacon:\n{b}"));
            }
        }
    }
    let share = 100.0 * same as f64 / total as f64;
    println!("{same} of {total} entries ({share:.2}%) written exactly as msgcat writes them");
    assert!(share >= 100.0, "{share:.2}%:\n{}", differing.join("\n\n"));
}

/// Lines of `after` that differ from `before`, with their numbers.
fn diff_lines(before: &str, after: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let mut changed: Vec<String> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .take(10)
        .map(|(i, (x, y))| format!("{}: {x}\n   → {y}", i + 1))
        .collect();
    if a.len() != b.len() {
        changed.push(format!("{} lines before, {} after", a.len(), b.len()));
    }
    changed
}

#[test]
fn a_sentence_confirmed_once_is_confirmed_in_its_copies_only_when_asked() {
    let site = site_with_translations();
    // A new module repeats a sentence the translator has already confirmed.
    let repeated = "Keep a kit where you can find it in the dark.";
    std::fs::write(
        site.path().join("content/modules/torch.md"),
        format!("+++\ntitle = \"Light in a power cut\"\nsummary = \"What to use.\"\naudience = \"households\"\n+++\n{repeated}\n"),
    )
    .unwrap();
    let copy = |site: &Path| {
        let path = site.join("translations/pl.po");
        let catalog = Catalog::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        catalog.entries.into_iter().find(|e| e.msgid == repeated && e.key().0 == "module:torch").unwrap()
    };
    commands::update(site.path(), &[]).unwrap();
    let suggested = copy(site.path());
    assert_eq!(suggested.msgstr, format!("PL {repeated}"));
    assert!(suggested.is_fuzzy(), "a plain update only suggests");
    let updated = commands::update_with(site.path(), &[], true).unwrap();
    let polish = updated.iter().find(|file| file.path.ends_with("pl.po")).unwrap();
    assert_eq!(polish.finished_identical, 1);
    assert!(copy(site.path()).is_current(), "confirmed with the sentence it copies");
}

#[test]
fn notices_not_yet_translated_are_shown_once_and_marked_as_english() {
    let site = copy_fixture("basic");
    commands::add(site.path(), "bn").unwrap();
    translate(site.path(), "bn", "Make a home emergency kit", "বাড়ির জরুরি কিট তৈরি করুন");
    let public = build_into(site.path());
    let html = read(&public, "bn/modules/home-kit/index.html");
    let draft = "This translation has not been checked yet.";
    assert_eq!(html.matches(draft).count(), 1, "the English notice once, not twice:\n{html}");
    assert!(html.contains(&format!("<p lang=\"en\">{draft}")), "marked as English for screen readers:\n{html}");
    assert!(html.contains("<p lang=\"en\">Parts of this page are not translated yet"), "{html}");
}

#[test]
fn web_fonts_are_cut_down_to_the_characters_of_their_language() {
    let site = site_with_translations();
    let public = build_into(site.path());
    let fonts = public.join("assets/fonts");
    let woff2 = std::fs::read(fonts.join("noto-nastaliq-urdu-400.woff2")).unwrap();
    let source = std::fs::metadata(repo_root().join("themes/default/static/fonts/noto-nastaliq-urdu-400.ttf")).unwrap();
    assert!(woff2.starts_with(b"wOF2"), "a WOFF2 file");
    assert!(woff2.len() * 5 < source.len() as usize, "{} bytes from a {}-byte font", woff2.len(), source.len());
    let published: Vec<String> =
        std::fs::read_dir(&fonts).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!published.iter().any(|name| name.ends_with(".ttf")), "sources are not published: {published:?}");
    assert!(!published.iter().any(|name| name.contains("gujarati")), "no font of a language the site lacks");
    // The Urdu pages' own letters are in it: the page text, shaped by the browser from this font.
    let page = read(&public, "ur/modules/home-kit/index.html");
    assert!(page.contains("fonts/ur.css"), "Urdu pages load the font");
}
