//! The sanitiser every page body with raw HTML goes through before it is published.
//!
//! `site::document::raw_html` has already told the author what goes; this makes sure it does,
//! whatever the scanner there missed. It parses the body as the browser would (html5ever, via
//! `ammonia`), keeps only the allow-list of [`crate::text::html_tags`] and writes the tree
//! back, so the body is always balanced: no element of the author's can swallow the page's
//! footer. Bodies without raw HTML are Beacon's own markup and skip this step.

use crate::text::html_tags;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(html_tags::ELEMENTS.iter().copied().collect())
        .clean_content_tags(html_tags::REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(html_tags::GLOBAL_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            html_tags::ELEMENT_ATTRIBUTES
                .iter()
                .map(|(element, attributes)| (*element, attributes.iter().copied().collect::<HashSet<_>>()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(html_tags::URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .filter_style_properties(html_tags::STYLE_PROPERTIES.iter().copied().collect())
        // Beacon writes its own links; it does not add `rel` to an author's.
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// `body` with everything outside the allow-list removed.
pub fn sanitise(body: &str) -> String {
    SANITISER.clean(body).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitise;

    #[test]
    fn keeps_text_markup_and_removes_what_runs_or_escapes() {
        assert_eq!(
            sanitise(
                "<p>Hi <script>alert(1)</script><b onclick=\"x()\">there</b></p><details open><summary>More</summary></details>"
            ),
            "<p>Hi <b>there</b></p><details open=\"\"><summary>More</summary></details>"
        );
        assert_eq!(
            sanitise(
                "<a href=\"javascript:alert(1)\">x</a><a href=\"../risks/flood/\">y</a><iframe src=\"https://x\">z</iframe>"
            ),
            "<a>x</a><a href=\"../risks/flood/\">y</a>z"
        );
    }

    #[test]
    fn an_unclosed_element_cannot_reach_past_the_body() {
        assert_eq!(sanitise("<p>a</p><details><p>b"), "<p>a</p><details><p>b</p></details>");
        assert_eq!(sanitise("<p>a</p></div></main><footer>x"), "<p>a</p>x");
    }

    #[test]
    fn beacon_markup_survives() {
        let html = "<h2 id=\"plan\" class=\"risk-heading\">Plan</h2>\n<table><thead><tr><th style=\"text-align: left\">A</th></tr></thead></table>\n<p><span lang=\"en\" data-fallback=\"\">x</span><span class=\"task-box\" role=\"img\" aria-label=\"to do\"></span></p>\n";
        // The style is rewritten without its space; everything else is kept as Beacon wrote it.
        assert_eq!(sanitise(html), html.replace("text-align: left", "text-align:left"));
    }
}
