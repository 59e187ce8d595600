//! An Atom feed (RFC 4287) for each language: its published campaigns and its modules, newest
//! first by their `updated` date, so that partners and news readers hear of new advice. Written
//! with `atom_syndication`, which escapes the text and orders the elements.

use crate::load::paths;
use crate::site::{Page, PageKind, Site};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};

/// The feed's output path in a language: "/en/feed.xml".
pub fn path(lang: &str) -> String {
    paths::localized(lang, "/feed.xml")
}

/// The feed of one language.
pub fn feed(site: &Site, lang: &str) -> String {
    let mut pages: Vec<(&Page, time::Date)> = site
        .pages()
        .iter()
        .filter(|page| page.lang == lang && page.is_current())
        .filter(|page| matches!(page.kind, PageKind::Campaign { .. } | PageKind::Module { risk: None, .. }))
        .filter_map(|page| Some((&**page, entry_date(site, page)?)))
        .collect();
    // Newest first; pages of the same day in site order.
    pages.sort_by_key(|(_, date)| std::cmp::Reverse(*date));
    let text = |value: &str, text_lang: &str| Text {
        lang: (text_lang != lang).then(|| text_lang.to_string()),
        ..Text::plain(value)
    };
    let entries: Vec<Entry> = pages
        .iter()
        .map(|(page, date)| Entry {
            id: site.address(&page.path),
            title: text(&page.title, &page.title_lang),
            updated: midnight(*date),
            links: vec![Link {
                href: site.address(&page.path),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }],
            summary: (!page.summary.is_empty()).then(|| text(&page.summary, &page.summary_lang)),
            ..Entry::default()
        })
        .collect();
    let home = site.address(&paths::localized(lang, paths::HOME));
    let feed = Feed {
        title: Text::plain(site.config().title.clone()),
        subtitle: Some(Text::plain(site.strings().get(lang, "site_description"))),
        id: home.clone(),
        // The newest entry's date, or the build date for a feed with none: the same site always
        // gives the same feed.
        updated: midnight(pages.first().map_or(site.build_date(), |(_, date)| *date)),
        authors: vec![Person { name: site.config().partnership.name.clone(), ..Person::default() }],
        links: vec![
            Link {
                href: site.address(&path(lang)),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link { href: home, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Link::default() },
        ],
        lang: Some(lang.to_string()),
        entries,
        ..Feed::default()
    };
    feed.to_string()
}

/// The date of a page's entry: its `updated` date; a campaign without one, its first day; a
/// module published on a date after it was last updated, that day, when readers first see it.
fn entry_date(site: &Site, page: &Page) -> Option<time::Date> {
    match page.kind {
        PageKind::Campaign { campaign } => page.updated.or(Some(site.content().campaigns[campaign].doc.meta.start)),
        PageKind::Module { module, .. } => {
            let publish = site.content().modules[module].doc.meta.schedule.publish;
            page.updated.max(publish)
        }
        _ => page.updated,
    }
}

/// The start of a day in UTC, as Atom dates are instants.
fn midnight(date: time::Date) -> FixedDateTime {
    let utc = chrono::FixedOffset::east_opt(0).expect("zero is a valid offset");
    crate::text::date::to_chrono(date)
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(utc)
        .single()
        .expect("a fixed offset")
}
