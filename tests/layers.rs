//! The stages of `src/` import one way only: each folder may use the stages listed before it,
//! never one after it, so there are no import cycles and every stage can be read on its own.

use std::path::Path;

/// The stages in the order data flows through them.
const STAGES: &[&str] =
    &["text", "diagnostics", "output", "progress", "load", "i18n", "site", "leaflet", "html", "commands", "fuzzing"];

#[test]
fn each_stage_imports_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (position, stage) in STAGES.iter().enumerate() {
        let folder = src.join(stage);
        let files: Vec<_> = if folder.is_dir() {
            walkdir::WalkDir::new(&folder).into_iter().flatten().map(|e| e.into_path()).collect()
        } else {
            vec![src.join(format!("{stage}.rs"))]
        };
        for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(file).unwrap();
            for (at, _) in text.match_indices("crate::") {
                let used: String =
                    text[at + "crate::".len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let later = STAGES[position + 1..].contains(&used.as_str());
                if later {
                    wrong.push(format!("{} uses crate::{used}", file.strip_prefix(&src).unwrap().display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "stages importing later stages:\n{}", wrong.join("\n"));
    let listed: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().trim_end_matches(".rs").to_string())
        .filter(|name| !["lib", "main"].contains(&name.as_str()))
        .collect();
    for name in listed {
        assert!(STAGES.contains(&name.as_str()), "src/{name} is not placed in a stage: add it to STAGES");
    }
}
