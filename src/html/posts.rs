//! Suggested social media posts for each published campaign, in each language: a text file
//! beside the campaign's page that a communications officer or a partner copies from.

use crate::load::paths::key;
use crate::output::OutputFile;
use crate::site::{Page, PageKind, Site};

/// The posts file of every campaign page: "/en/campaigns/winter-ready-2026/posts.txt".
pub fn files(site: &Site) -> Vec<OutputFile> {
    site.pages()
        .iter()
        .filter_map(|page| {
            let text = posts(site, page)?;
            Some(OutputFile::bytes(format!("{}posts.txt", page.path).trim_start_matches('/'), text))
        })
        .collect()
}

/// The posts for one campaign page; None for other pages.
pub fn posts(site: &Site, page: &Page) -> Option<String> {
    let PageKind::Campaign { campaign } = page.kind else { return None };
    let slug = &site.content().campaigns[campaign].slug;
    let strings = site.strings();
    let lang = page.lang.as_str();
    let url = site.address(&page.path);
    let (banner, action) = (key::campaign_banner(slug), key::campaign_action(slug));
    let (banner, action) = (strings.get(lang, &banner), strings.get(lang, &action));
    Some(format!(
        "{intro}\n\n1.\n{banner} {action}: {url}\n\n2.\n{title}: {summary} {url}\n",
        intro = strings.get(lang, "share_posts"),
        title = page.title,
        summary = page.summary,
    ))
}
