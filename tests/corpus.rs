//! The corpus of broken sites in tests/corpus/: each case lays its `site/` files over the basic
//! fixture (and makes the symbolic links its case.toml lists), then runs the real binary.
//! Every case must exit with code 1 and print exactly the errors its case.toml expects, with
//! file and line; `beacon check` must report the same errors (for problems in the content);
//! and nothing in the site folder may change, above all the last good output in public/.
//!
//! Set BEACON_CORPUS_SHOW=1 to print what each case reports instead of failing on a difference.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use support::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    args: Vec<String>,
    /// Whether `beacon check` sees the problem too (false for command-line mistakes).
    #[serde(default = "yes")]
    check: bool,
    #[serde(default)]
    symlinks: Vec<(String, String)>,
    /// The first line of each error, in order.
    errors: Vec<String>,
}

fn yes() -> bool {
    true
}

fn beacon(site: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn error_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: ") && *l != "error: the check found problems")
        .map(String::from)
        .collect()
}

/// Every file under `dir` (links not followed) with its bytes, or its link target.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.path_is_symlink() {
                std::fs::read_link(e.path()).unwrap().to_string_lossy().into_owned().into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

#[test]
fn every_broken_site_is_refused_with_its_file_and_line() {
    let corpus = repo_root().join("tests/corpus");
    let show = std::env::var_os("BEACON_CORPUS_SHOW").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.file_name()).collect();
    names.sort();
    assert!(names.len() >= 60, "the corpus has {} cases", names.len());
    let mut failures = Vec::new();
    for name in names {
        let name = name.to_string_lossy().into_owned();
        let folder = corpus.join(&name);
        let case: Case = toml::from_str(&std::fs::read_to_string(folder.join("case.toml")).unwrap()).unwrap();
        let site = copy_fixture("basic");
        let (code, stderr) = beacon(site.path(), &["build", "--no-leaflets"]);
        assert_eq!(code, Some(0), "{name}: the fixture builds before the case is applied: {stderr}");
        if folder.join("site").exists() {
            copy_dir(&folder.join("site"), site.path(), &[]);
        }
        for (link, target) in &case.symlinks {
            let link = site.path().join(link);
            std::fs::create_dir_all(link.parent().unwrap()).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, link).unwrap();
        }
        let before = snapshot(site.path());
        let mut args = vec!["build", "--no-leaflets"];
        args.extend(case.args.iter().map(String::as_str));
        let (code, stderr) = beacon(site.path(), &args);
        let errors = error_lines(&stderr);
        if show {
            println!("== {name} (exit {code:?})\n{stderr}");
            continue;
        }
        if code != Some(1) {
            failures.push(format!("{name}: exit code {code:?}, not 1\n{stderr}"));
        }
        if errors != case.errors {
            failures.push(format!("{name}: errors differ\n  expected: {:#?}\n  printed: {stderr}", case.errors));
        }
        if snapshot(site.path()) != before {
            failures.push(format!("{name}: the failed build changed the site folder"));
        }
        if case.check {
            let (code, stderr) = beacon(site.path(), &["check"]);
            if code != Some(1) || error_lines(&stderr) != errors {
                failures.push(format!("{name}: check disagrees with build (exit {code:?})\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
