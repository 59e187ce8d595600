//! Broken sites: each case changes one file of the basic fixture and asserts the exact error
//! an author sees, and that the previous output survives the failed build.

mod support;

use beacon::commands::build::{BuildOptions, build};
use beacon::commands::check::check;
use support::*;

/// Applies `changes` (path, new text) to a copy of the basic fixture and returns the build error.
fn build_error(changes: &[(&str, &str)]) -> String {
    let site = copy_fixture("basic");
    for (path, text) in changes {
        let target = site.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    let mut options = BuildOptions::new(site.path());
    options.date = Some(date("2026-11-22"));
    let error = build(&options).expect_err("the build should fail");
    assert!(!site.path().join("public").exists(), "a failed build writes no output");
    let error = format!("{error:#}");
    // `check` runs the same analysis: it reports exactly the errors that stopped the build.
    let checked: Vec<String> =
        check(site.path(), date("2026-11-22")).iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
    let built: Vec<&str> = error.split("\nerror: ").collect();
    let built: Vec<String> = built
        .iter()
        .enumerate()
        .map(|(i, e)| if i == 0 { e.to_string() } else { format!("error: {e}") })
        .map(|e| e.split("\nthe site has ").next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(checked, built, "check and build disagree");
    error
}

const MODULE_HEAD: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\naudience = \"households\"\nrisks = [\"flood\"]\n+++\n";

#[test]
fn bad_toml_names_file_and_line() {
    let error = build_error(&[("content/modules/home-kit.md", "+++\ntitle = \"T\"\nsummary = S\n+++\nText\n")]);
    assert!(error.starts_with("error: content/modules/home-kit.md:3: "), "{error}");
    assert!(error.contains("help: check the setting on this line"), "{error}");
    assert!(error.ends_with("the site has 1 problem to fix before it can be built"), "{error}");
}

#[test]
fn bad_site_toml_names_its_line() {
    let error = build_error(&[(
        "site.toml",
        "title = \"T\"\ndescription = \"D\"\nbase_url = \"x\"\n[partnership]\nname = \"P\"\n[[languages]]\ncode = \"en\"\nname = \"English\"\n",
    )]);
    assert_eq!(
        error,
        "error: site.toml:3: base_url \"x\" is not a web address\n  help: write the site's public address, e.g. base_url = \"https://www.example.org.uk\"\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn unknown_risk_in_front_matter_and_block() {
    let text =
        format!("{}Text\n\n::: risk flod\nX\n:::\n", MODULE_HEAD.replace("[\"flood\"]", "[\"flood\", \"fire\"]"));
    let error = build_error(&[("content/modules/home-kit.md", &text)]);
    assert_eq!(
        error,
        "error: content/modules/home-kit.md:5: unknown risk \"fire\"\n  help: declared risks are: flood, storm; add new ones to site.toml\n\
         error: content/modules/home-kit.md:9: unknown risk \"flod\"\n  help: declared risks are: flood, storm; add new ones to site.toml\n\
         the site has 2 problems to fix before it can be built"
    );
}

#[test]
fn risk_block_for_an_unlisted_risk() {
    let text = format!("{MODULE_HEAD}Text\n\n::: risk storm\nX\n:::\n");
    let error = build_error(&[("content/modules/home-kit.md", &text)]);
    assert!(error.starts_with("error: content/modules/home-kit.md:9: this block is for \"storm\", which the module's `risks` does not list\n  help: add \"storm\" to `risks = [...]`"), "{error}");
}

#[test]
fn unclosed_container() {
    let text = format!("{MODULE_HEAD}Text\n\n::: checklist\n- A\n");
    let error = build_error(&[("content/modules/home-kit.md", &text)]);
    assert_eq!(
        error,
        "error: content/modules/home-kit.md:9: `::: checklist` is never closed\n  help: add a line with only `:::` where the block ends\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn missing_image() {
    let error = build_error(&[(
        "content/pages/about.md",
        "+++\ntitle = \"A\"\nsummary = \"S\"\n+++\nText\n\n![Our team](team.jpg)\n",
    )]);
    assert_eq!(
        error,
        "error: content/pages/about.md:7: the image \"team.jpg\" does not exist\n  help: put the image at content/pages/team.jpg or correct the file name\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn image_without_alt_text() {
    let error = build_error(&[(
        "content/modules/shelter/index.md",
        "+++\ntitle = \"A\"\nsummary = \"S\"\naudience = \"volunteers\"\n+++\n![](hall.png)\n",
    )]);
    assert!(error.starts_with("error: content/modules/shelter/index.md:6: the image \"hall.png\" has no alt text\n  help: describe the image"), "{error}");
}

#[test]
fn link_to_a_missing_page_and_a_missing_heading() {
    let error = build_error(&[(
        "content/pages/about.md",
        "+++\ntitle = \"A\"\nsummary = \"S\"\n+++\nSee [the guide](/modules/no-such-guide/).\n\nAnd [warnings](/risks/flood/#warning).\n",
    )]);
    assert_eq!(
        error,
        "error: content/pages/about.md:5: the link \"/modules/no-such-guide/\" goes to a page that does not exist\n  \
         help: check the address: pages are /modules/SLUG/, /modules/SLUG/RISK/, /risks/RISK/ and /PAGE/\n\
         error: content/pages/about.md:7: the link \"/risks/flood/#warning\" goes to a heading that does not exist\n  \
         help: headings on that page are: #warnings\n\
         the site has 2 problems to fix before it can be built"
    );
}

#[test]
fn link_to_a_risk_variant_the_module_does_not_have() {
    let error = build_error(&[(
        "content/pages/about.md",
        "+++\ntitle = \"A\"\nsummary = \"S\"\n+++\n[Shelter in a storm](/modules/shelter/storm/)\n",
    )]);
    assert!(
        error.starts_with(
            "error: content/pages/about.md:5: the link \"/modules/shelter/storm/\" goes to a page that does not exist"
        ),
        "{error}"
    );
}

#[test]
fn missing_risk_page_and_undeclared_risk_page() {
    let site_toml = std::fs::read_to_string(fixture("basic/site.toml")).unwrap();
    let error = build_error(&[
        ("site.toml", &site_toml.replace("id = \"storm\"\nname = \"Storms\"", "id = \"heat\"\nname = \"Heat\"")),
        ("content/modules/home-kit.md", &format!("{MODULE_HEAD}Text\n")),
    ]);
    assert_eq!(
        error,
        "error: content/risks/storm.md: \"storm\" is not a risk declared in site.toml\n  help: add [[risks]] id = \"storm\" to site.toml, or rename the file to one of: flood, heat\n\
         error: site.toml: risk \"heat\" has no page\n  help: create content/risks/heat.md with a title, a summary and what people should do\n\
         the site has 2 problems to fix before it can be built"
    );
}

#[test]
fn a_broken_module_does_not_hide_a_missing_risk_page() {
    // The module is named like the risk; the risk page itself is missing.
    let site = copy_fixture("basic");
    std::fs::remove_file(site.path().join("content/risks/storm.md")).unwrap();
    std::fs::write(site.path().join("content/modules/storm.md"), "no front matter\n").unwrap();
    let mut options = BuildOptions::new(site.path());
    options.date = Some(date("2026-11-22"));
    let error = format!("{:#}", build(&options).unwrap_err());
    assert!(error.contains("error: content/modules/storm.md:1: the file does not start with front matter"), "{error}");
    assert!(error.contains("error: site.toml: risk \"storm\" has no page"), "{error}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let error = build_error(&[
        ("content/modules/home-kit.md", &format!("{MODULE_HEAD}::: callout\n")),
        ("content/pages/about.md", "no front matter\n"),
    ]);
    assert!(error.contains("content/modules/home-kit.md:7: `::: callout` is never closed"), "{error}");
    assert!(error.contains("content/pages/about.md:1: the file does not start with front matter"), "{error}");
    assert!(error.ends_with("the site has 2 problems to fix before it can be built"), "{error}");
}

#[test]
fn failed_build_leaves_the_last_good_output_untouched() {
    let site = copy_fixture("basic");
    let mut options = BuildOptions::new(site.path());
    options.date = Some(date("2026-11-22"));
    build(&options).unwrap();
    let before = files_under(&site.path().join("public"));
    let home = std::fs::read(site.path().join("public/en/index.html")).unwrap();
    std::fs::write(site.path().join("content/pages/about.md"), "+++\ntitle = \"A\"\n+++\n").unwrap();
    assert!(build(&options).is_err());
    assert_eq!(files_under(&site.path().join("public")), before);
    assert_eq!(std::fs::read(site.path().join("public/en/index.html")).unwrap(), home);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".beacon-new-") || n.starts_with(".beacon-old-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind: {leftovers:?}");
}

#[test]
fn a_character_no_leaflet_font_has_is_found_before_any_leaflet_is_made() {
    let text = format!("{MODULE_HEAD}Text ሀ here.\n\n::: risk flood\nX\n:::\n");
    let error = build_error(&[("content/modules/home-kit.md", &text)]);
    assert_eq!(
        error,
        "error: content/modules/home-kit.md:7: \"ሀ\" (U+1200) cannot be printed in leaflets: no leaflet font has it\n  \
         help: write it in words, or put a font that has it in the site's leaflet/fonts/ folder\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn a_skipped_heading_level_stops_a_module_that_is_printed() {
    let text = format!("{MODULE_HEAD}Intro.\n\n#### Too deep\n\nText.\n\n::: risk flood\nX\n:::\n");
    let error = build_error(&[("content/modules/home-kit.md", &text)]);
    assert_eq!(
        error,
        "error: content/modules/home-kit.md:9: the heading \"Too deep\" skips a level (h4 after h1)\n  \
         help: make it a ## heading; the page title is the only level-1 heading; leaflets (tagged PDF) need every level in turn\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn two_pages_cannot_share_a_short_address() {
    let shelter = "+++\ntitle = \"T\"\nsummary = \"S\"\naudience = \"households\"\ngo = \"flood-home-kit\"\norder = 3\n+++\nText\n";
    let error = build_error(&[("content/modules/shelter/index.md", shelter)]);
    assert_eq!(
        error,
        "error: content/modules/shelter/index.md:5: the short address \"/en/go/flood-home-kit\" of content/modules/shelter/index.md \
         is already taken by content/modules/home-kit.md, its page for \"flood\"\n  \
         help: give one of the two modules another name for short addresses with go = \"...\" in its front matter\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn a_short_address_too_long_to_type_names_a_shorter_one() {
    let text =
        MODULE_HEAD.replace("risks = [\"flood\"]", "go = \"emergency-kit-for-homes\"\nrisks = [\"flood\", \"storm\"]");
    let error = build_error(&[("content/modules/home-kit.md", &format!("{text}Text\n"))]);
    assert_eq!(
        error,
        "error: content/modules/home-kit.md:5: the short address \"/en/go/storm-emergency-kit-for-homes\" is 36 characters; \
         leaflets print it for people to type, so it may have at most 24 after the site's address\n  \
         help: add a shorter name for the module's short addresses to its front matter, such as go = \"home-kit\", \
         or give its risks shorter ones with go = \"...\" under [[risks]] in site.toml\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn short_names_must_be_slugs() {
    let text = MODULE_HEAD.replace("risks = [\"flood\"]", "go = \"Home Kit\"\nrisks = [\"flood\"]");
    let error = build_error(&[("content/modules/home-kit.md", &format!("{text}Text\n"))]);
    assert!(
        error.starts_with(
            "error: content/modules/home-kit.md:5: `go = \"Home Kit\"` is not a short name\n  \
             help: use lower-case letters, digits and hyphens, e.g. go = \"home\""
        ),
        "{error}"
    );
    let config = std::fs::read_to_string(fixture("basic").join("site.toml")).unwrap();
    let error =
        build_error(&[("site.toml", &config.replace("name = \"Storms\"", "name = \"Storms\"\ngo = \"storms/\""))]);
    assert!(error.starts_with("error: site.toml:22: `go = \"storms/\"` is not a short name"), "{error}");
}

#[test]
fn a_campaign_names_the_line_of_a_wrong_module_risk_or_date() {
    let campaign = "+++\ntitle = \"Winter\"\nsummary = \"S\"\nstart = 2026-11-01\nend = 2026-10-01\n\
                    modules = [\"home-kit\", \"no-such-module\"]\nrisks = [\"snow\"]\nbanner = \"B\"\n\
                    call_to_action = \"C\"\n+++\nText.\n";
    let error = build_error(&[("content/campaigns/winter.md", campaign)]);
    assert!(
        error.starts_with(
            "error: content/campaigns/winter.md:5: the campaign ends (2026-10-01) before it starts (2026-11-01)\n"
        ),
        "{error}"
    );
    assert!(error.contains("error: content/campaigns/winter.md:6: there is no module \"no-such-module\""), "{error}");
    assert!(error.contains("error: content/campaigns/winter.md:7: unknown risk \"snow\""), "{error}");
    assert!(error.ends_with("the site has 3 problems to fix before it can be built"), "{error}");
}

#[test]
fn a_character_no_font_has_in_a_campaign_title_is_found_before_its_picture_is_drawn() {
    let campaign = "+++\ntitle = \"Winter \u{1F9CA} ready\"\nsummary = \"S\"\nstart = 2026-11-01\nend = 2027-03-31\n\
                    banner = \"Cold \u{2603}\u{FE0F} weather \u{E000}\"\ncall_to_action = \"C\"\n+++\nText.\n";
    let error = build_error(&[("content/campaigns/winter.md", campaign)]);
    assert!(
        error.contains(
            "error: content/campaigns/winter.md:6: \"\u{E000}\" (U+E000) cannot be drawn in the campaign's share image"
        ),
        "{error}"
    );
}

const LATER_MODULE: &str = "+++\ntitle = \"Keep cool\"\nsummary = \"S\"\naudience = \"households\"\npublish = 2027-06-01\n+++\nClose the curtains.\n";

#[test]
fn a_link_to_a_module_not_published_yet_stops_the_build() {
    let error = build_error(&[
        ("content/modules/keep-cool.md", LATER_MODULE),
        (
            "content/pages/about.md",
            "+++\ntitle = \"About us\"\nsummary = \"S\"\n+++\nRead [how to keep cool](/modules/keep-cool/).\n",
        ),
    ]);
    assert_eq!(
        error,
        "error: content/pages/about.md:5: the link \"/modules/keep-cool/\" goes to a page that is not published until 2027-06-01\n  \
         help: the link would lead nowhere until then: remove it, or publish this page on 2027-06-01 too (`publish = 2027-06-01` in its front matter)\n\
         the site has 1 problem to fix before it can be built"
    );
}

#[test]
fn a_page_published_later_is_analysed_already() {
    // Its broken link would otherwise stop the scheduled build on the morning it appears.
    let text = LATER_MODULE.replace("Close the curtains.", "Close the curtains.\n\nSee [the heat page](/risks/heat/).");
    let error = build_error(&[("content/modules/keep-cool.md", &text)]);
    assert!(
        error.starts_with(
            "error: content/modules/keep-cool.md:9: the link \"/risks/heat/\" goes to a page that does not exist"
        ),
        "{error}"
    );
    // An upcoming page may link to one published on the same day or earlier, not later.
    let linking =
        "+++\ntitle = \"A\"\nsummary = \"S\"\npublish = 2027-05-01\n+++\nSee [keep cool](/modules/keep-cool/).\n";
    let error = build_error(&[("content/modules/keep-cool.md", LATER_MODULE), ("content/pages/heat.md", linking)]);
    assert!(error.starts_with("error: content/pages/heat.md:6: the link \"/modules/keep-cool/\" goes to a page that is not published until 2027-06-01"), "{error}");
    // So is a campaign that has not started.
    let campaign = "+++\ntitle = \"Heat\"\nsummary = \"S\"\nstart = 2027-06-01\nend = 2027-09-30\nbanner = \"B\"\ncall_to_action = \"C\"\n+++\nSee [the heat page](/risks/heat/).\n";
    let error = build_error(&[("content/campaigns/heat.md", campaign)]);
    assert!(
        error.starts_with(
            "error: content/campaigns/heat.md:9: the link \"/risks/heat/\" goes to a page that does not exist"
        ),
        "{error}"
    );
}

#[test]
fn publishing_dates_must_be_days_in_order() {
    let text = LATER_MODULE.replace("publish = 2027-06-01", "publish = 2027-06-01T09:00:00\nexpires = 2027-05-01");
    let error = build_error(&[("content/modules/keep-cool.md", &text)]);
    assert_eq!(
        error,
        "error: content/modules/keep-cool.md:5: `publish` must be a date like 2027-01-15\n  \
         help: write the date without quotes and without a time\n\
         the site has 1 problem to fix before it can be built"
    );
    let page = "+++\ntitle = \"A\"\nsummary = \"S\"\npublish = 2027-06-01\nexpires = 2027-06-01\n+++\nText.\n";
    let error = build_error(&[("content/pages/heat.md", page)]);
    assert_eq!(
        error,
        "error: content/pages/heat.md:5: the page expires (2027-06-01) before it is published (2027-06-01)\n  \
         help: `expires` is the first day the page is no longer current: make it later than `publish`\n\
         the site has 1 problem to fix before it can be built"
    );
}

/// A site's own template that does not compile is found when the site is loaded, by `check` as
/// by `build`, with the template's file and line.
#[test]
fn a_template_that_does_not_compile_names_its_file_and_line() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n";
    let error = build_error(&[("templates/module.html", template)]);
    assert!(error.starts_with("error: templates/module.html:3: template error: syntax error: "), "{error}");
    assert!(error.contains("help: fix the template"), "{error}");
    assert!(error.ends_with("the site has 1 problem to fix before it can be built"), "{error}");
}

/// A template that prints a name its context lacks stops the build rather than printing
/// nothing where, say, a phone number belongs; `check` renders every page too, and finds it.
#[test]
fn a_template_that_prints_an_unknown_name_stops_the_build() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{% if page.phone %}x{% endif %}\n<p>{{ page.phone }}</p>\n{% endblock main %}\n";
    let error = build_error(&[("templates/module.html", template)]);
    assert!(error.starts_with("error: templates/module.html:4: template error: undefined value\n"), "{error}");
    assert!(error.contains("help: the template prints a name its page does not have"), "{error}");
    assert!(error.ends_with("the site has 1 problem to fix before it can be built"), "{error}");
}

/// A mistake in the part of a template that lists a page's leaflets, or a campaign's pack and
/// share image, shows only where there are some: `check` lists what a build would make, without
/// making it, and renders those lists too.
#[test]
fn a_template_mistake_in_the_leaflet_list_is_found_by_check() {
    let template = "{% extends \"base.html\" %}\n{% block main %}\n{% for leaflet in leaflets %}\n\
                    <p>{{ leaflet.phone }}</p>\n{% endfor %}\n{% endblock main %}\n";
    let error = build_error(&[("templates/module.html", template)]);
    assert!(error.starts_with("error: templates/module.html:4: template error: undefined value\n"), "{error}");
    assert!(error.ends_with("the site has 1 problem to fix before it can be built"), "{error}");
}
