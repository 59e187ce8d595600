//! Code blocks coloured by their language, with CSS classes rather than inline styles, so that
//! the theme's small `code.css` decides the colours (and their contrast) and pages without code
//! load nothing for it.

use std::sync::LazyLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// How a highlighted block starts in the page: pages with one load the code styles.
pub const BLOCK_START: &str = "<pre class=\"highlight\">";

/// The class prefix of highlighted spans: `<span class="hl-keyword hl-control">`.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's bundled grammars, loaded the first time a page has code.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The code as highlighted HTML (escaped, spans with classes), or None for a language syntect
/// does not know, or none given: the block is then shown as plain text.
pub fn highlight(language: Option<&str>, code: &str) -> Option<String> {
    let language = language?.trim();
    if language.is_empty() {
        return None;
    }
    let syntax = SYNTAXES.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// A language name fit for a class attribute ("language-toml"): letters, digits, `+`, `-`, `_`.
pub fn class_name(language: &str) -> String {
    language.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_text_stays_escaped() {
        let html = highlight(Some("rust"), "fn main() { let x = \"<b>\"; } // note\n").unwrap();
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"), "{html}");
        assert!(!html.contains("style="), "classes, not inline styles: {html}");
        let yaml = highlight(Some("yaml"), "leaflets:\n  formats: [a4]\n").unwrap();
        assert!(yaml.contains("hl-"), "{yaml}");
    }

    #[test]
    fn unknown_or_missing_languages_are_plain_text() {
        assert_eq!(highlight(Some("no-such-language"), "x = 1\n"), None);
        assert_eq!(highlight(None, "x = 1\n"), None);
        assert_eq!(highlight(Some(" "), "x = 1\n"), None);
    }

    #[test]
    fn class_names_keep_only_safe_characters() {
        assert_eq!(class_name("c++\" onclick=\"x"), "c++onclickx");
    }
}
