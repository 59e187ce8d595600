//! `beacon check`: advice beyond what stops a build.

mod support;

use beacon::commands::check::check;
use support::*;

fn messages(site: &std::path::Path) -> Vec<String> {
    check(site, date("2026-11-22")).iter().map(ToString::to_string).collect()
}

#[test]
fn the_basic_fixture_is_clean() {
    assert_eq!(messages(&fixture("basic")), Vec::<String>::new());
}

#[test]
fn skipped_headings_hard_text_and_empty_risk_variants_are_warned_about() {
    // Without leaflets a skipped heading level is advice; see tests/invalid.rs for printed pages.
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/modules/shelter/index.md"),
        "+++\ntitle = \"Shelter\"\nsummary = \"S\"\naudience = \"volunteers\"\nrisks = [\"storm\"]\nleaflets = []\n+++\n\
         Intro.\n\n#### Too deep\n\nText.\n\n\
         Organisations should consider establishing comprehensive multi-agency arrangements facilitating interoperability between responding agencies during prolonged infrastructure disruption.\n",
    )
    .unwrap();
    // Reading age is only estimated for pages of 100 words or more.
    let dense = "Responding organisations should consider establishing comprehensive arrangements facilitating interoperability. ".repeat(15);
    let text = std::fs::read_to_string(site.path().join("content/modules/shelter/index.md")).unwrap();
    std::fs::write(site.path().join("content/modules/shelter/index.md"), format!("{text}\n{dense}\n")).unwrap();
    assert_eq!(
        messages(site.path()),
        vec![
            "warning: content/modules/shelter/index.md: reading age is over 18 (target 9), over 18 sentences\n  \
             help: use shorter sentences and everyday words; the longest sentence is on line 14; the long words \
             that add most are \"interoperability\" (16 times), \"facilitating\" (16 times), \"Organisations\" (16 times), \
             \"arrangements\" (16 times), \"comprehensive\" (16 times)",
            "warning: content/modules/shelter/index.md: the module lists \"storm\" but has no `::: risk storm` block\n  \
             help: add advice for that risk in a risk block, or remove it from `risks`: its page would repeat the general text",
            "warning: content/modules/shelter/index.md:10: the heading \"Too deep\" skips a level (h4 after h1)\n  \
             help: make it a ## heading; the page title is the only level-1 heading",
        ]
    );
}

#[test]
fn errors_are_reported_with_warnings_left_out_until_the_site_loads() {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("content/risks/storm.md"), "+++\ntitle = \"S\"\nsummary = \"S\"\n+++\n:::\n")
        .unwrap();
    let found = messages(site.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("error: content/risks/storm.md:5: this `:::` closes a container that was never opened")
    );
}

#[test]
fn the_default_site_has_no_errors() {
    let problems = check(&repo_root(), date("2026-11-22"));
    let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
