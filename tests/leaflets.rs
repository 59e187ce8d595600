//! Leaflets of the basic fixture, checked with the tools a print shop or screen-reader user relies
//! on: poppler (`pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm`) and zbar (`zbarimg`).
//! `bash .ci/install-test-tools` installs them.

mod support;

use beacon::commands::build::{BuildOptions, BuildReport, build};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// Runs a command-line tool and returns its standard output; fails the test if it is missing.
fn run(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): install poppler-utils and zbar-tools with `bash .ci/install-test-tools`")
    });
    assert!(output.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

struct Built {
    _dir: tempfile::TempDir,
    site: PathBuf,
    public: PathBuf,
    cache: PathBuf,
}

fn build_site(site: &Path, into: tempfile::TempDir) -> (Built, BuildReport) {
    let public = into.path().join("public");
    let cache = into.path().join("cache");
    let mut options = BuildOptions::new(site);
    options.out_dir = Some(public.clone());
    options.cache_dir = Some(cache.clone());
    options.date = Some(date("2026-11-22"));
    let report = build(&options).unwrap();
    (Built { _dir: into, site: site.to_path_buf(), public, cache }, report)
}

fn rebuild(built: &Built) -> BuildReport {
    let mut options = BuildOptions::new(&built.site);
    options.out_dir = Some(built.public.clone());
    options.cache_dir = Some(built.cache.clone());
    options.date = Some(date("2026-11-22"));
    build(&options).unwrap()
}

fn pdf(built: &Built, name: &str) -> String {
    built.public.join("en/leaflets").join(name).to_string_lossy().into_owned()
}

/// Adds a language to a site's site.toml.
fn add_language(site: &Path, code: &str, name: &str, native: &str, direction: &str) {
    let config = site.join("site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[[languages]]\ncode = \"{code}\"\nname = \"{name}\"\nnative_name = \"{native}\"\ndirection = \"{direction}\"\n"
    ));
    std::fs::write(&config, text).unwrap();
}

#[test]
fn every_module_variant_has_a_leaflet_in_every_format() {
    let (built, report) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    let mut leaflets: Vec<String> = files_under(&built.public).into_iter().filter(|f| f.ends_with(".pdf")).collect();
    leaflets.sort();
    let mut expected = Vec::new();
    for page in ["home-kit", "home-kit-flood", "home-kit-storm", "shelter"] {
        for format in ["a4", "a5", "a5-booklet", "large-print"] {
            expected.push(format!("en/leaflets/{page}-{format}.pdf"));
        }
    }
    expected.sort();
    assert_eq!(leaflets, expected);
    assert_eq!((report.leaflets, report.booklets, report.leaflets_rendered), (16, 4, 16));
}

#[test]
fn leaflets_are_tagged_pdf_ua_with_title_language_and_page_size() {
    let (built, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    for (format, size) in [("a4", "595.276 x 841.89"), ("a5", "419.528 x 595.276"), ("large-print", "595.276 x 841.89")]
    {
        let file = pdf(&built, &format!("home-kit-flood-{format}.pdf"));
        let info = run("pdfinfo", &[&file]);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains(&format!("Page size:       {size} pts")), "{format}: {info}");
        assert!(info.contains("Title:           Make a home emergency kit – Flooding"), "{info}");
        let meta = run("pdfinfo", &["-meta", &file]);
        assert!(meta.contains("<dc:language><rdf:Bag><rdf:li>en</rdf:li>"), "document language: {meta}");
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1: {meta}");
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    let (built, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    let fonts = run("pdffonts", &[&pdf(&built, "home-kit-a4.pdf")]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name, type (two words), encoding, emb, sub, uni, object, generation
        let (emb, sub, uni) = (columns[columns.len() - 5], columns[columns.len() - 4], columns[columns.len() - 3]);
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{row}");
        assert!(row.contains("NotoSans"), "only the theme's fonts are used: {row}");
    }
}

#[test]
fn text_extracts_and_each_variant_keeps_only_its_risk() {
    let (built, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    // Lines wrap where the layout wraps them, even inside addresses: compare without whitespace.
    let squash = |text: &str| text.split_whitespace().collect::<String>();
    let text = |name: &str| squash(&run("pdftotext", &[&pdf(&built, name), "-"]));
    let flood = text("home-kit-flood-a4.pdf");
    for expected in [
        "Make a home emergency kit",
        "Flooding",
        "Keep a kit where you can find it in the dark.",
        "Torch and spare batteries",
        "Important: Do not walk through flood water.",
        "Move the kit upstairs. See the flood page (prepared.example.org/en/risks/flood).",
        "prepared.example.org/en/go/flood-home-kit",
        "Fixture Resilience Forum",
        "Last updated: 1 November 2026",
        "Page 1 of",
    ] {
        assert!(flood.contains(&squash(expected)), "missing {expected:?} in:\n{flood}");
    }
    assert!(!flood.contains("Tiedownlooseitems"), "the flood leaflet has no storm advice");
    let storm = text("home-kit-storm-a4.pdf");
    assert!(storm.contains("Tiedownlooseitems") && !storm.contains("Movethekitupstairs"), "{storm}");
    let general = text("home-kit-a4.pdf");
    assert!(general.contains("Movethekitupstairs") && general.contains("Tiedownlooseitems"), "{general}");
    // Markdown and markup characters reach the page as text.
    assert!(general.contains(":::thisisnotacontainer"), "{general}");
}

/// Right-to-left and Indic leaflets must read back as the words they show: a screen reader or a
/// search depends on it. Each language gets one translated sentence in the fixture.
#[test]
fn complex_scripts_extract_as_the_text_they_show() {
    let site = copy_fixture("basic");
    let sentences = [
        ("ar", "Arabic", "العربية", "rtl", "احتفظ بحقيبة الطوارئ في مكان يمكنك العثور عليه في الظلام."),
        ("ur", "Urdu", "اردو", "rtl", "ایمرجنسی کٹ ایسی جگہ رکھیں جہاں آپ اسے اندھیرے میں ڈھونڈ سکیں۔"),
        ("gu", "Gujarati", "ગુજરાતી", "ltr", "ઇમરજન્સી કિટ એવી જગ્યાએ રાખો જ્યાં તમે તેને અંધારામાં શોધી શકો."),
        ("pa", "Punjabi", "ਪੰਜਾਬੀ", "ltr", "ਐਮਰਜੈਂਸੀ ਕਿੱਟ ਅਜਿਹੀ ਥਾਂ ਰੱਖੋ ਜਿੱਥੇ ਤੁਸੀਂ ਇਸਨੂੰ ਹਨੇਰੇ ਵਿੱਚ ਲੱਭ ਸਕੋ।"),
        ("bn", "Bangla", "বাংলা", "ltr", "জরুরি কিট এমন জায়গায় রাখুন যেখানে অন্ধকারেও আপনি খুঁজে পান।"),
        ("ta", "Tamil", "தமிழ்", "ltr", "இருட்டிலும் கண்டுபிடிக்கக்கூடிய இடத்தில் அவசரகாலப் பெட்டியை வைத்திருங்கள்."),
        ("hi", "Hindi", "हिन्दी", "ltr", "आपातकालीन किट ऐसी जगह रखें जहाँ आप उसे अँधेरे में भी ढूँढ सकें।"),
    ];
    for (code, name, native, direction, _) in &sentences {
        add_language(site.path(), code, name, native, direction);
    }
    // An English sentence with a phone number, for the Urdu translation below.
    let module = site.path().join("content/modules/home-kit.md");
    let english = std::fs::read_to_string(&module).unwrap();
    std::fs::write(
        &module,
        english.replace("Check your kit twice a year.[^1]", "Call Floodline on 0345 988 1188.[^1]"),
    )
    .unwrap();
    beacon::commands::translate::update(site.path(), &[]).unwrap();
    for (code, _, _, _, sentence) in &sentences {
        translate(site.path(), code, "Keep a kit where you can find it in the dark.", sentence);
    }
    // A phone number inside right-to-left text must keep its digit groups in order.
    translate(site.path(), "ur", "Call Floodline on 0345 988 1188.[^1]", "Floodline کو 0345 988 1188 پر کال کریں۔[^1]");
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    for (code, _, _, direction, sentence) in &sentences {
        let file = built.public.join(format!("{code}/leaflets/home-kit-a4.pdf"));
        let extracted = run("pdftotext", &[file.to_str().unwrap(), "-"]);
        // pdftotext wraps right-to-left lines in embedding marks, puts a line's closing full stop
        // where it is on paper (at the left), and guesses word gaps from glyph positions (it splits
        // one Gurmukhi word): compare every letter, in order, without spaces and full stops.
        let letters = |t: &str| -> String {
            t.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}' | '.' | '۔' | '।'))
                .collect()
        };
        let found = letters(&extracted).contains(&letters(sentence));
        assert!(found, "{code} ({direction}): {sentence:?} not found in:\n{extracted}");
        if *code == "ur" {
            assert!(extracted.contains("0345 988 1188"), "the phone number reads in dialling order:\n{extracted}");
        }
        if *direction == "rtl" {
            // The contact block at the end is laid out from the same runs as the body text.
            assert!(
                extracted.contains("01234 567890"),
                "{code}: the partnership's number reads in dialling order:\n{extracted}"
            );
            assert!(!extracted.contains("567890 01234"), "{code}: the partnership's number is reversed:\n{extracted}");
        }
        let fonts = run("pdffonts", &[file.to_str().unwrap()]);
        assert!(fonts.lines().skip(2).all(|row| row.contains(" yes yes yes ")), "{code}: {fonts}");
    }
}

/// The QR code and the printed short address of a leaflet hold the same address, and its redirect
/// page leads to the leaflet's own web page.
#[test]
fn qr_code_and_printed_address_lead_to_the_page() {
    let (built, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    let render = tempfile::tempdir().unwrap();
    for (name, short, page) in [
        ("home-kit-flood-a5.pdf", "prepared.example.org/en/go/flood-home-kit", "en/modules/home-kit/flood/"),
        ("shelter-large-print.pdf", "prepared.example.org/en/go/shelter", "en/modules/shelter/"),
    ] {
        let file = pdf(&built, name);
        let pages = pdf_pages(Path::new(&file));
        // The first page works on its own: it has the code.
        assert_eq!(first_page_qr_code(Path::new(&file), render.path(), name), format!("https://{short}/"));
        // Printed in the footer of every page and beside the QR code.
        let text = run("pdftotext", &[&file, "-"]);
        assert_eq!(text.matches(short).count(), pages + 1, "{name}: {text}");
        let short_path = short.split_once('/').unwrap().1;
        let redirect = std::fs::read_to_string(built.public.join(short_path).join("index.html")).unwrap();
        let target = redirect.split_once("url=").unwrap().1.split_once('"').unwrap().0;
        assert_eq!(normalise(&built.public.join(short_path).join(target)), built.public.join(page), "{redirect}");
        assert!(built.public.join(page).join("index.html").is_file());
    }
}

#[test]
fn pages_link_to_their_leaflets_with_size_and_page_count() {
    let (built, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    let html = std::fs::read_to_string(built.public.join("en/modules/home-kit/flood/index.html")).unwrap();
    let file = built.public.join("en/leaflets/home-kit-flood-a4.pdf");
    let size = beacon::leaflet::human_size(std::fs::metadata(&file).unwrap().len());
    let pages = run("pdfinfo", &[file.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        .unwrap();
    let noun = if pages == "1" { "page" } else { "pages" };
    let expected = format!(
        "<li><a href=\"../../../leaflets/home-kit-flood-a4.pdf\">A4 leaflet</a> <span class=\"attachment-details\">PDF, {size}, {pages} {noun}</span></li>"
    );
    assert!(html.contains(&expected), "expected {expected} in:\n{}", main_element(&html));
    let index = std::fs::read_to_string(built.public.join("en/leaflets/index.html")).unwrap();
    for group in ["<h2>All emergencies</h2>", "<h2>Flooding</h2>", "<h2>Storms</h2>"] {
        assert!(index.contains(group), "{group}");
    }
    assert_eq!(index.matches(".pdf\"").count(), 16, "every leaflet and booklet is listed once");
}

#[test]
fn unchanged_leaflets_come_from_the_cache_and_a_changed_module_renders_only_its_own() {
    let site = copy_fixture("basic");
    let (built, first) = build_site(site.path(), tempfile::tempdir().unwrap());
    assert_eq!(first.leaflets_rendered, 16);
    let before = std::fs::read(built.public.join("en/leaflets/home-kit-a4.pdf")).unwrap();
    let second = rebuild(&built);
    assert_eq!(second.leaflets_rendered, 0, "a no-change rebuild renders no leaflet");
    assert_eq!(std::fs::read(built.public.join("en/leaflets/home-kit-a4.pdf")).unwrap(), before);
    let module = site.path().join("content/modules/shelter/index.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replace("rest centres", "rest centres and warm spaces")).unwrap();
    let third = rebuild(&built);
    assert_eq!(third.leaflets_rendered, 4, "only the shelter leaflets (3 formats and the booklet) change");
}

#[test]
fn a_published_leaflet_changed_in_place_is_made_again_never_published_as_changed() {
    use std::io::{Seek as _, SeekFrom, Write as _};
    let site = copy_fixture("basic");
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    let (appended, overwritten) = (pdf(&built, "home-kit-a4.pdf"), pdf(&built, "shelter-large-print.pdf"));
    let originals = [std::fs::read(&appended).unwrap(), std::fs::read(&overwritten).unwrap()];
    #[cfg(unix)]
    for published in [&appended, &overwritten] {
        use std::os::unix::fs::MetadataExt as _;
        let links = std::fs::metadata(published).unwrap().nlink();
        assert_eq!(links, 2, "{published} is a link to the cache's file, so an edit reaches the cache");
    }
    // A PDF tool that saves into the file it opened: one appends an update, one rewrites bytes
    // in place and keeps the size.
    let mut file = std::fs::OpenOptions::new().append(true).open(&appended).unwrap();
    file.write_all(b"\n% signed by the print shop\n").unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(&overwritten).unwrap();
    file.seek(SeekFrom::Start(originals[1].len() as u64 / 2)).unwrap();
    file.write_all(b"CHANGED").unwrap();
    drop(file);
    rebuild(&built);
    assert!(std::fs::read(&appended).unwrap() == originals[0], "the appended leaflet is published as rendered");
    assert!(std::fs::read(&overwritten).unwrap() == originals[1], "the rewritten leaflet is published as rendered");
    let third = rebuild(&built);
    assert_eq!(third.leaflets_rendered, 0, "the leaflets made again are kept");
}

#[test]
fn leaflets_are_byte_identical_across_builds() {
    let (a, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    let (b, _) = build_site(&fixture("basic"), tempfile::tempdir().unwrap());
    for name in ["home-kit-a4.pdf", "shelter-large-print.pdf"] {
        assert_eq!(std::fs::read(pdf(&a, name)).unwrap(), std::fs::read(pdf(&b, name)).unwrap(), "{name}");
    }
}

#[test]
fn module_formats_override_the_site_and_no_leaflets_skips_them() {
    let site = copy_fixture("basic");
    let module = site.path().join("content/modules/shelter/index.md");
    let text = std::fs::read_to_string(&module).unwrap();
    std::fs::write(&module, text.replace("order = 2\n", "order = 2\nleaflets = [\"large-print\"]\n")).unwrap();
    let (built, report) = build_site(site.path(), tempfile::tempdir().unwrap());
    assert_eq!((report.leaflets, report.booklets), (13, 3));
    assert!(built.public.join("en/leaflets/shelter-large-print.pdf").is_file());
    assert!(!built.public.join("en/leaflets/shelter-a4.pdf").exists());

    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(site.path());
    options.out_dir = Some(out.path().join("public"));
    options.no_leaflets = true;
    let report = build(&options).unwrap();
    assert_eq!(report.leaflets, 0);
    let files = files_under(&out.path().join("public"));
    assert!(!files.iter().any(|f| f.ends_with(".pdf")), "{files:?}");
    // A preview has the same pages as a full build (and `check`): the leaflets page lists none.
    assert!(files.iter().any(|f| f == "en/leaflets/index.html"), "{files:?}");
    let html = std::fs::read_to_string(out.path().join("public/en/modules/home-kit/index.html")).unwrap();
    assert!(!html.contains("leaflet"), "no leaflet links without leaflets");
}

/// Text that looks like Typst markup reaches the leaflet as the characters the author wrote: a
/// number starting a line is not a list, three dots are not an ellipsis character, and a
/// bracket after inline code is not a function call.
#[test]
fn text_that_looks_like_markup_prints_as_written() {
    let site = copy_fixture("basic");
    let module = site.path().join("content/modules/home-kit.md");
    let english = std::fs::read_to_string(&module).unwrap();
    let added = "## 1. Prepare now\n\n2026\\. A new year.\\\n3. Check the kit...\n\nCall `0345 988 1188`(24 hours) or *now*.today\n\n";
    std::fs::write(&module, english.replacen("## ", &format!("{added}## "), 1)).unwrap();
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    let extracted = run("pdftotext", &[&pdf(&built, "home-kit-a4.pdf"), "-"]);
    for expected in
        ["1. Prepare now", "2026. A new year.", "3. Check the kit...", "0345 988 1188(24 hours) or now.today"]
    {
        assert!(extracted.contains(expected), "missing {expected:?} in:\n{extracted}");
    }
    assert!(!extracted.contains('…'), "three dots became an ellipsis:\n{extracted}");
}

/// Wherever a page break falls, a heading stays with the text after it and a short list stays
/// whole: the same module is printed with more and more text before them, so that every page
/// break position is met.
#[test]
fn page_breaks_never_strand_a_heading_or_a_list_item() {
    let site = copy_fixture("basic");
    let module = site.path().join("content/modules/shelter/index.md");
    let out = tempfile::tempdir().unwrap();
    // One line each, so the text before the heading and the list grows a line at a time.
    let filler = "A line of advice.\n\n";
    let mut stranded = Vec::new();
    for before in 10..60 {
        let text = format!(
            "+++\ntitle = \"Find a place of safety\"\nsummary = \"S.\"\naudience = \"households\"\norder = 2\nleaflets = [\"a4\"]\n+++\n\
             {}## Checkpoint heading\n\nAfter the heading.\n\n{}- Alpha item\n- Bravo item\n- Charlie item\n\n{}",
            filler.repeat(before),
            filler.repeat(3),
            filler.repeat(2),
        );
        std::fs::write(&module, text).unwrap();
        let mut options = BuildOptions::new(site.path());
        options.out_dir = Some(out.path().join("public"));
        options.cache_dir = Some(out.path().join("cache"));
        options.date = Some(date("2026-11-22"));
        build(&options).unwrap();
        let file = out.path().join("public/en/leaflets/shelter-a4.pdf");
        let text = run("pdftotext", &[file.to_str().unwrap(), "-"]);
        let page_of = |needle: &str| text.split('\u{c}').position(|page| page.contains(needle)).unwrap();
        if page_of("Checkpoint heading") != page_of("After the heading.") {
            stranded.push(format!("{before}: the heading is parted from its text"));
        }
        if page_of("Alpha item") != page_of("Charlie item") {
            stranded.push(format!("{before}: the list is split"));
        }
    }
    assert!(stranded.is_empty(), "{stranded:?}");
}

/// Symbols people use in advice print from the leaflet fonts and read back, and text without
/// spaces wraps inside the column: no word of any leaflet reaches past the edge of the paper.
#[test]
fn symbols_print_and_long_text_stays_on_the_paper() {
    let site = copy_fixture("basic");
    let identifier = "averyveryveryveryveryveryverylongidentifierwithoutanybreakopportunity_at_all";
    let symbols = ["→", "✓", "✔", "✗", "⚠", "✅", "❌", "☎", "📞", "😀", "┌──┐", "█"];
    let text = format!(
        "+++\ntitle = \"Find a place of safety\"\nsummary = \"S.\"\naudience = \"households\"\norder = 2\n+++\n\
         Symbols: {}.\n\nType https://www.example.org/a/very/long/address/without/any/spaces/that/goes/on/and/on/for/ever/index.html now.\n\n\
         Code: `{identifier}` and text {identifier}.\n\n\
         ```yaml\nsetting: {identifier}\n```\n",
        symbols.join(" ")
    );
    std::fs::write(site.path().join("content/modules/shelter/index.md"), text).unwrap();
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    for name in ["shelter-a4.pdf", "shelter-a5.pdf", "shelter-large-print.pdf"] {
        let file = pdf(&built, name);
        let text = run("pdftotext", &[&file, "-"]);
        for symbol in symbols {
            assert!(text.contains(symbol), "{name}: {symbol} is missing from\n{text}");
        }
        let joined = text.replace('\n', "");
        assert_eq!(joined.matches(identifier).count(), 3, "{name}: the long words are not all there:\n{text}");
        let fonts = run("pdffonts", &[&file]);
        assert!(fonts.contains("NotoSansMono"), "{name}: a code block prints in monospace: {fonts}");
        assert!(fonts.lines().skip(2).all(|row| row.contains(" yes yes yes ")), "{name}: {fonts}");
        assert_eq!(words_off_the_paper(&run("pdftotext", &["-bbox", &file, "-"])), Vec::<String>::new(), "{name}");
    }
}

/// A web address too long for the column, inside Urdu text, wraps inside the column on every
/// format and still reads left to right: the box that keeps it left to right lays its text out
/// in the column's width, on as many lines as it needs.
#[test]
fn a_long_address_in_right_to_left_text_stays_on_the_paper() {
    let site = copy_fixture("basic");
    add_language(site.path(), "ur", "Urdu", "اردو", "rtl");
    let address = "https://www.example.org/resilience/a-very-long-address/without-any-spaces/that-goes-on/index.html";
    let module = site.path().join("content/modules/home-kit.md");
    let english = std::fs::read_to_string(&module).unwrap();
    let sentence = format!("Read {address} before a flood.");
    std::fs::write(&module, english.replace("Keep a kit where you can find it in the dark.", &sentence)).unwrap();
    beacon::commands::translate::update(site.path(), &[]).unwrap();
    translate(site.path(), "ur", &sentence, &format!("سیلاب سے پہلے {address} پڑھیں۔"));
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    for format in ["a4", "a5", "large-print"] {
        let file = built.public.join(format!("ur/leaflets/home-kit-{format}.pdf"));
        let file = file.to_str().unwrap();
        assert_eq!(words_off_the_paper(&run("pdftotext", &["-bbox", file, "-"])), Vec::<String>::new(), "{format}");
        // However the lines fall, every piece of the address reads left to right.
        let extracted = run("pdftotext", &[file, "-"]);
        for piece in address.split('/').filter(|piece| !piece.is_empty()) {
            assert!(extracted.contains(piece), "{format}: {piece:?} is not in\n{extracted}");
        }
    }
}

/// On a right-to-left page, English text that is not translated yet reads left to right, with
/// its full stop at its end: on the web page (`dir="ltr"` beside its `lang`) and on the leaflet,
/// where it came out as ".What to keep ready at home" and the emergency line ended "call .105".
#[test]
fn untranslated_text_on_a_right_to_left_page_reads_left_to_right() {
    let site = copy_fixture("basic");
    add_language(site.path(), "ur", "Urdu", "اردو", "rtl");
    // One heading of the kit module translated: the rest of it is shown in English.
    beacon::commands::translate::update(site.path(), &[]).unwrap();
    translate(site.path(), "ur", "What to pack", "کیا رکھیں");
    let (built, _) = build_site(site.path(), tempfile::tempdir().unwrap());
    let page = std::fs::read_to_string(built.public.join("ur/modules/home-kit/index.html")).unwrap();
    for expected in [
        "<span lang=\"en\" dir=\"ltr\" data-fallback>Keep a kit where you can find it in the dark.</span>",
        "<p class=\"width\" lang=\"en\" dir=\"ltr\">If life is at risk, call 999.",
        "<p lang=\"en\" dir=\"ltr\">Parts of this page are not translated yet and are shown in English.</p>",
        "<p class=\"lead\" lang=\"en\" dir=\"ltr\">What to keep ready at home.</p>",
    ] {
        assert!(page.contains(expected), "{expected} is not in\n{page}");
    }
    // The short address's redirect page carries the same numbers to call.
    let redirect = std::fs::read_to_string(built.public.join("ur/go/home-kit/index.html")).unwrap();
    assert!(redirect.contains("<p lang=\"en\" dir=\"ltr\">If life is at risk, call 999."), "{redirect}");
    // A module with nothing translated: its whole text reads left to right.
    let page = std::fs::read_to_string(built.public.join("ur/modules/shelter/index.html")).unwrap();
    assert!(page.contains("<div class=\"prose\" lang=\"en\" dir=\"ltr\">"), "{page}");
    // The leaflets say so too, as the web pages do.
    let modules = [
        (
            "home-kit",
            "What to keep ready at home.",
            "Parts of this page are not translated yet and are shown in English.",
        ),
        (
            "shelter",
            "Your council opens rest centres when people have to leave home.",
            "This page is not yet available in this language, so it is shown in English.",
        ),
    ];
    for (module, sentence, notice) in modules {
        for format in ["a4", "a5", "large-print"] {
            let file = built.public.join(format!("ur/leaflets/{module}-{format}.pdf"));
            let extracted = run("pdftotext", &[file.to_str().unwrap(), "-"]).replace('\n', " ");
            assert!(extracted.contains(notice), "{module} {format}: no notice that it is in English:\n{extracted}");
            assert!(
                extracted.contains(sentence),
                "{module} {format}: {sentence:?} does not read in order in\n{extracted}"
            );
            // The interface's numbers to call, not translated either, end with "105." too.
            assert!(
                extracted.contains("call 105."),
                "{module} {format}: the emergency line is out of order:\n{extracted}"
            );
        }
    }
}
