//! Splits a content file into its TOML front matter (between `+++` lines) and its markdown body,
//! and turns TOML errors into diagnostics that point at the right line of the file.

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

pub const FENCE: &str = "+++";

/// A content file cut in two. Line numbers are 1-based lines of the whole file.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line of the file on which the front matter's first line stands.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Line of the file on which the body's first line stands.
    pub body_line: usize,
}

pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(path, 1, "the file does not start with front matter")
            .help("start the file with a line `+++`, then settings such as `title = \"...\"`, then another `+++` line")
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != FENCE {
        return Err(missing());
    }
    let rest = &text[first_line_end..];
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == FENCE {
            return Ok(Split {
                front_matter: &rest[..offset],
                front_matter_line: 2,
                body: &rest[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, "the front matter is never closed")
        .help("add a line with only `+++` after the last setting"))
}

/// Parses front matter into `T`, reporting the file line of any TOML or schema error.
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T, Diagnostic> {
    parse_toml(path, split.front_matter, split.front_matter_line)
}

/// Parses a TOML document that starts on `first_line` of `path`.
pub fn parse_toml<T: DeserializeOwned>(path: &Path, toml_text: &str, first_line: usize) -> Result<T, Diagnostic> {
    toml::from_str(toml_text).map_err(|error| {
        let line = error
            .span()
            .map(|span| first_line + toml_text[..span.start.min(toml_text.len())].matches('\n').count())
            .unwrap_or(0);
        let message = error.message().trim_end();
        if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
            return Diagnostic::error(path, line, format!("the setting `{field}` is missing")).help(missing_setting_help(field));
        }
        Diagnostic::error(path, line, message.to_string()).help(
            "check the setting on this line: text needs \"quotes\", lists look like [\"a\", \"b\"], dates like 2026-11-22",
        )
    })
}

/// How to add a required setting, with an example of its value.
fn missing_setting_help(field: &str) -> String {
    let example = match field {
        "audience" => {
            "audience = \"households\" (or \"community-groups\", \"businesses\", \"volunteers\", \"elected-members\")"
        }
        "languages" => "[[languages]] with code = \"en\" and name = \"English\"",
        "risks" => "risks = [\"flood\"]",
        "partnership" => "[partnership] with name = \"...\"",
        "base_url" => "base_url = \"https://www.example.org.uk\"",
        _ => return format!("add a line `{field} = \"...\"` with the other settings"),
    };
    format!("add {example} with the other settings")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: String,
    }

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let meta: Meta = parse(Path::new("a.md"), &s).unwrap();
        assert_eq!(meta.title, "A");
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        let e = split(Path::new("a.md"), "# Title\n").unwrap_err();
        assert!(e.message.contains("does not start with front matter"));
        let e = split(Path::new("a.md"), "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        let text = "+++\n\ntitle = \"A\"\nsumary = \"typo\"\n+++\n";
        let s = split(Path::new("m.md"), text).unwrap();
        let e = parse::<Meta>(Path::new("m.md"), &s).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("sumary"), "{e}");
        let s = split(Path::new("m.md"), "+++\ntitle = A\n+++\n").unwrap();
        let e = parse::<Meta>(Path::new("m.md"), &s).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
