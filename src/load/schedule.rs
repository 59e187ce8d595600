//! Publishing on a date: a module or plain page may set `publish` (the first day it is
//! published) and `expires` (the first day it is no longer current). The build date decides:
//! before `publish` the page is not published at all (no page, no link, no leaflet, no feed or
//! sitemap entry), yet `check` and `build` analyse it already, so that it cannot break the build
//! on the morning it appears. From `expires` on it stays at its address (links and printed QR
//! codes keep working) marked as no longer current, and leaves every list, the feed, the
//! sitemap and the leaflets.
//!
//! [`coming_changes`] lists the days on which the site changes by itself, for `build`'s "next
//! change" line and `beacon schedule`.

use super::content::{Content, date_setting};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;
use toml::Spanned;

/// A document's `publish` and `expires` dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    pub publish: Option<time::Date>,
    pub expires: Option<time::Date>,
}

/// Where a scheduled page stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publication {
    /// Not published until this day: analysed, never written.
    Upcoming(time::Date),
    Current,
    /// No longer current since this day: kept at its address, listed nowhere.
    Expired(time::Date),
}

impl Schedule {
    pub fn on(&self, date: time::Date) -> Publication {
        match (self.publish, self.expires) {
            (Some(publish), _) if date < publish => Publication::Upcoming(publish),
            (_, Some(expires)) if date >= expires => Publication::Expired(expires),
            _ => Publication::Current,
        }
    }
}

/// The front-matter settings `publish` and `expires` as written.
pub struct RawSchedule<'a> {
    pub publish: Option<&'a Spanned<toml::value::Datetime>>,
    pub expires: Option<&'a Spanned<toml::value::Datetime>>,
}

/// The schedule a file sets; problems (a date with a time, an expiry on or before publishing)
/// are pushed with the line of the setting. `line_of` turns a front-matter offset into a line.
pub fn parse_schedule(
    file: &Path,
    raw: RawSchedule<'_>,
    line_of: &dyn Fn(usize) -> usize,
    problems: &mut Diagnostics,
) -> Schedule {
    let mut date = |value: Option<&Spanned<toml::value::Datetime>>, name: &str| {
        date_setting(file, value?, name, "2027-01-15", line_of, problems)
    };
    let schedule = Schedule { publish: date(raw.publish, "publish"), expires: date(raw.expires, "expires") };
    if let (Some(publish), Some(expires), Some(value)) = (schedule.publish, schedule.expires, raw.expires)
        && expires <= publish
    {
        problems.push(
            Diagnostic::error(
                file,
                line_of(value.span().start),
                format!("the page expires ({expires}) before it is published ({publish})"),
            )
            .help("`expires` is the first day the page is no longer current: make it later than `publish`"),
        );
    }
    schedule
}

/// What happens on a day on which the site changes by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A campaign starts, or a page is published.
    Starts,
    /// A campaign is over (the day after its last), or a page expires.
    Ends,
}

/// A day on which what the site publishes changes by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub date: time::Date,
    /// "campaign", "module" or "page".
    pub document: &'static str,
    pub slug: String,
    pub title: String,
    pub kind: ChangeKind,
}

impl Change {
    /// What happens, after the document's name: "starts", "is published", ...
    pub fn what(&self) -> &'static str {
        match (self.document, self.kind) {
            ("campaign", ChangeKind::Starts) => "starts",
            ("campaign", ChangeKind::Ends) => "is over (it moves to the archive)",
            (_, ChangeKind::Starts) => "is published",
            (_, ChangeKind::Ends) => "expires (it stays at its address, marked as no longer current)",
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {} {} {}", self.date, self.document, self.slug, self.what())
    }
}

/// Every change after `date`, soonest first: campaigns starting and ending, modules and pages
/// published and expiring.
pub fn coming_changes(content: &Content, date: time::Date) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut add = |day: Option<time::Date>, document: &'static str, slug: &str, title: &str, kind: ChangeKind| {
        if let Some(day) = day.filter(|day| *day > date) {
            changes.push(Change { date: day, document, slug: slug.to_string(), title: title.to_string(), kind });
        }
    };
    for campaign in &content.campaigns {
        let meta = &campaign.doc.meta;
        add(Some(meta.start), "campaign", &campaign.slug, &meta.title, ChangeKind::Starts);
        add(meta.end.next_day(), "campaign", &campaign.slug, &meta.title, ChangeKind::Ends);
    }
    for module in &content.modules {
        let (meta, schedule) = (&module.doc.meta, &module.doc.meta.schedule);
        add(schedule.publish, "module", &module.slug, &meta.title, ChangeKind::Starts);
        add(schedule.expires, "module", &module.slug, &meta.title, ChangeKind::Ends);
    }
    for page in &content.pages {
        add(page.schedule.publish, "page", &page.slug, &page.doc.meta.title, ChangeKind::Starts);
        add(page.schedule.expires, "page", &page.slug, &page.doc.meta.title, ChangeKind::Ends);
    }
    changes.sort_by(|a, b| (a.date, a.kind, a.document, &a.slug).cmp(&(b.date, b.kind, b.document, &b.slug)));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_page_is_current_from_publish_until_the_day_it_expires() {
        let schedule = Schedule { publish: Some(date!(2027 - 01 - 15)), expires: Some(date!(2027 - 04 - 01)) };
        assert_eq!(schedule.on(date!(2027 - 01 - 14)), Publication::Upcoming(date!(2027 - 01 - 15)));
        assert_eq!(schedule.on(date!(2027 - 01 - 15)), Publication::Current);
        assert_eq!(schedule.on(date!(2027 - 03 - 31)), Publication::Current);
        assert_eq!(schedule.on(date!(2027 - 04 - 01)), Publication::Expired(date!(2027 - 04 - 01)));
        assert_eq!(Schedule::default().on(date!(1990 - 01 - 01)), Publication::Current);
    }

    fn parsed(front_matter: &str) -> (Schedule, String) {
        #[derive(serde::Deserialize)]
        struct Raw {
            publish: Option<Spanned<toml::value::Datetime>>,
            expires: Option<Spanned<toml::value::Datetime>>,
        }
        let raw: Raw = toml::from_str(front_matter).unwrap();
        let mut problems = Diagnostics::default();
        let line_of = |offset: usize| 2 + front_matter[..offset].matches('\n').count();
        let raw_schedule = RawSchedule { publish: raw.publish.as_ref(), expires: raw.expires.as_ref() };
        let schedule = parse_schedule(Path::new("p.md"), raw_schedule, &line_of, &mut problems);
        (schedule, problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    }

    #[test]
    fn bad_dates_are_errors_on_their_line() {
        let (_, text) = parsed("publish = 2027-01-15T09:00:00\nexpires = 2027-02-01\n");
        assert!(text.contains("p.md:2: `publish` must be a date"), "{text}");
        let (_, text) = parsed("publish = 2027-01-15\nexpires = 2027-01-15\n");
        assert!(text.contains("p.md:3: the page expires (2027-01-15) before it is published (2027-01-15)"), "{text}");
        let (schedule, text) = parsed("expires = 2027-01-15\n");
        assert!(text.is_empty(), "{text}");
        assert_eq!(schedule, Schedule { publish: None, expires: Some(date!(2027 - 01 - 15)) });
    }
}
