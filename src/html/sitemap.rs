//! `sitemap.xml` and `robots.txt`.

use crate::site::{Page, PageKind, Site};
use crate::text::escape_html as escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub fn sitemap(site: &Site) -> String {
    let multilingual = site.config().languages.len() > 1;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let listed = || {
        site.pages()
            .iter()
            .filter(|p| p.is_current() && !matches!(p.kind, PageKind::NotFound | PageKind::LanguageChooser))
    };
    // Every language's version of a page shares its site path: group them once.
    let mut versions: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in listed() {
        versions.entry(page.site_path.as_str()).or_default().push(page);
    }
    for page in listed() {
        let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape(&site.address(&page.path)));
        if let Some(updated) = page.updated {
            let _ = writeln!(xml, "    <lastmod>{updated}</lastmod>");
        }
        if multilingual {
            for other in versions[page.site_path.as_str()].iter().filter(|p| p.kind == page.kind) {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    other.lang,
                    escape(&site.address(&other.path))
                );
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", site.config().base_url)
}
