//! The `beacon` binary: exit codes, messages, and the commands that create sites and modules.

mod support;

use std::process::{Command, Output};
use support::*;

fn beacon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beacon")).args(args).env("SOURCE_DATE_EPOCH", "1795305600").output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_the_commands() {
    let output = beacon(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for command in ["build", "check", "init", "new"] {
        assert!(text.contains(command), "{text}");
    }
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let site_arg = site.to_str().unwrap();
    let output = beacon(&["init", site_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = beacon(&["build", "--site", site_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("Built 10 pages, 6 leaflets and 2 booklets (8 PDFs rendered, 0 from the cache)"),
        "{}",
        stderr(&output)
    );
    assert!(site.join("public/en/modules/prepare-your-home/flood/index.html").is_file());
    let output = beacon(&["check", "--site", site_arg, "--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "0 errors, 0 warnings.\n");
    // A second init into the same folder must not overwrite the site.
    let output = beacon(&["init", site_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is not empty"), "{}", stderr(&output));
}

#[test]
fn new_module_is_built_with_the_site() {
    let site = copy_fixture("basic");
    let site_arg = site.path().to_str().unwrap();
    let output = beacon(&["new", "module", "coordinating-donations", "--site", site_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(site.path().join("content/modules/coordinating-donations.md")).unwrap();
    assert!(text.contains("title = \"Coordinating donations\"") && text.contains("updated = 2026-11-22"), "{text}");
    let output = beacon(&["build", "--site", site_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.path().join("public/en/modules/coordinating-donations/index.html").is_file());
    // Its publishing dates are there to uncomment, and work as they are.
    let module = site.path().join("content/modules/coordinating-donations.md");
    assert!(text.contains("\n# publish = 2026-11-22 ") && text.contains("\n# expires = 2027-11-22 "), "{text}");
    std::fs::write(&module, text.replace("\n# publish", "\npublish").replace("\n# expires", "\nexpires")).unwrap();
    let output = beacon(&["check", "--site", site_arg, "--date", "2027-11-22"]);
    assert!(stderr(&output).contains("0 errors"), "{}", stderr(&output));
    let output = beacon(&["new", "module", "coordinating-donations", "--site", site_arg]);
    assert!(stderr(&output).contains("already exists"));
    let output = beacon(&["new", "module", "Bad Name", "--site", site_arg]);
    assert!(stderr(&output).contains("cannot be used in a web address"));
}

#[test]
fn content_errors_exit_1_and_are_printed_once() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/risks/storm.md"),
        "+++\ntitle = \"Storms\"\nsummary = \"S\"\n+++\n::: callout\n",
    )
    .unwrap();
    let output = beacon(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: content/risks/storm.md:5: `::: callout` is never closed\n  help: add a line with only `:::` where the block ends\n\
         the site has 1 problem to fix before it can be built\n"
    );
}

#[test]
fn missing_site_and_bad_date_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let output = beacon(&["build", "--site", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error: site.toml: there is no "), "{}", stderr(&output));
    assert!(stderr(&output).contains("help: run beacon in a site folder"), "{}", stderr(&output));
    let output = beacon(&["build", "--date", "22/11/2026"]);
    // A wrong value is an error like any other; 2 is left for a command line that cannot be read.
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is not a date like 2026-11-22"), "{}", stderr(&output));
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_make() {
    let site = copy_fixture("basic");
    let other = site.path().join("documents");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("plan.docx"), "precious").unwrap();
    let output = beacon(&["build", "--site", site.path().to_str().unwrap(), "--out", other.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("was not made by Beacon"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(other.join("plan.docx")).unwrap(), "precious");
}
