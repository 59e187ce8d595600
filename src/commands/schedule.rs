//! `beacon schedule`: the coming days on which the site changes by itself, as campaigns start
//! and end and modules and pages are published and expire, so that a communications team knows when to rebuild it (or that its daily scheduled
//! build will), and an iCalendar file of them to import into a shared calendar.

use crate::diagnostics::Diagnostics;
use crate::load::config::SiteConfig;
use crate::load::content::Content;
use crate::load::schedule::{Change, ChangeKind, coming_changes};
use std::path::Path;

/// Every change after `date`, soonest first.
pub fn changes(site_dir: &Path, date: time::Date) -> Result<Vec<Change>, Diagnostics> {
    let config = SiteConfig::load(site_dir)?;
    let content = Content::load(site_dir, &config)?;
    Ok(coming_changes(&content, date))
}

/// The changes as an iCalendar file (RFC 5545): one all-day event for each, with an id that
/// stays the same when the file is made again, so a calendar that imports it twice updates its
/// events instead of doubling them. `date` stamps the events (the build date, not the clock:
/// the same site gives the same file).
pub fn ics(site_dir: &Path, changes: &[Change], date: time::Date) -> Result<String, Diagnostics> {
    let config = SiteConfig::load(site_dir)?;
    let host = config.base_url.split_once("://").map_or(config.base_url.as_str(), |(_, rest)| rest);
    let host = host.split('/').next().unwrap_or(host);
    let mut calendar = icalendar::Calendar::new();
    calendar.name(&format!("{}: campaigns and scheduled pages", config.title));
    let stamp = format!("{:04}{:02}{:02}T000000Z", date.year(), u8::from(date.month()), date.day());
    for change in changes {
        use icalendar::{Component as _, EventLike as _};
        let (what, edge) = match (change.document, change.kind) {
            ("campaign", ChangeKind::Starts) => ("starts", "start"),
            ("campaign", ChangeKind::Ends) => ("is over", "end"),
            (_, ChangeKind::Starts) => ("is published", "publish"),
            (_, ChangeKind::Ends) => ("expires", "expires"),
        };
        // Campaign events kept the ids they had before pages could be scheduled.
        let uid = match change.document {
            "campaign" => format!("{}-{edge}@{host}", change.slug),
            document => format!("{document}-{}-{edge}@{host}", change.slug),
        };
        let mut document = change.document.to_string();
        document[..1].make_ascii_uppercase();
        let day = crate::text::date::to_chrono(change.date);
        let event = icalendar::Event::new()
            .uid(&uid)
            .add_property("DTSTAMP", &stamp)
            .summary(&format!("{document} \"{}\" {what} on {}", change.title, config.title))
            .description(&format!(
                "{}\nThe site changes today: rebuild it with `beacon build` (a daily scheduled build does this by itself).",
                change
            ))
            // A day's event ends (exclusively) the next day, as RFC 5545 counts it.
            .starts(day)
            .ends(day.succ_opt().unwrap_or(day))
            .done();
        calendar.push(event);
    }
    Ok(calendar.done().to_string())
}
