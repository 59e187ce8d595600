//! Seasonal campaigns (`content/campaigns/<slug>.md`): winter ready, summer heat, flood season.
//! A campaign runs from its `start` to its `end` date, both included, features some modules and
//! risks, and carries a banner and a call to action. The build date decides what is published:
//! a campaign that has not started is not published at all, a live one is featured, and an ended
//! one stays in the archive.

use super::content::{Document, parse_document, risk_list};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::SiteConfig;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaignMeta {
    title: String,
    summary: String,
    start: Spanned<toml::value::Datetime>,
    end: Spanned<toml::value::Datetime>,
    #[serde(default)]
    modules: Vec<Spanned<String>>,
    #[serde(default)]
    risks: Vec<Spanned<String>>,
    banner: String,
    call_to_action: String,
    updated: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignMeta {
    pub title: String,
    /// One or two sentences for lists of campaigns.
    pub summary: String,
    pub start: time::Date,
    /// The last day of the campaign.
    pub end: time::Date,
    /// Slugs of the modules it features, in the order it features them.
    pub modules: Vec<String>,
    /// Ids of the risks it features.
    pub risks: Vec<String>,
    /// The text of its banner on the pages it features.
    pub banner: String,
    /// The banner's link text, which leads to the campaign's page.
    pub call_to_action: String,
    pub updated: Option<time::Date>,
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub slug: String,
    pub doc: Document<CampaignMeta>,
}

/// Where a campaign stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignState {
    /// Not started: not published at all.
    Upcoming,
    Live,
    /// Over: its page stays, in the archive, without a banner anywhere.
    Ended,
}

impl Campaign {
    pub fn state(&self, date: time::Date) -> CampaignState {
        let meta = &self.doc.meta;
        if date < meta.start {
            CampaignState::Upcoming
        } else if date <= meta.end {
            CampaignState::Live
        } else {
            CampaignState::Ended
        }
    }

    /// True when its page is published on `date`.
    pub fn is_published(&self, date: time::Date) -> bool {
        self.state(date) != CampaignState::Upcoming
    }
}

/// A campaign file's text as a campaign of the site; None, with the problems, when it is broken.
/// `modules` are the slugs of the site's modules.
pub fn parse_campaign(
    slug: String,
    file: &std::path::Path,
    text: &str,
    config: &SiteConfig,
    modules: &[&str],
    problems: &mut Diagnostics,
) -> Option<Campaign> {
    let raw = parse_document::<RawCampaignMeta>(file, text, false, problems)?;
    let before = problems.error_count();
    let line_of = |offset: usize| raw.front_matter_line(offset);
    let meta = &raw.meta;
    let mut date = |value: &Spanned<toml::value::Datetime>, name: &str| {
        super::content::date_setting(file, value, name, "2026-11-01", &line_of, problems)
    };
    let start = date(&meta.start, "start");
    let end = date(&meta.end, "end");
    let updated = meta.updated.as_ref().and_then(|value| date(value, "updated"));
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        problems.push(
            Diagnostic::error(
                file,
                line_of(meta.end.span().start),
                format!("the campaign ends ({end}) before it starts ({start})"),
            )
            .help("`end` is the campaign's last day: make it the same day as `start` or later"),
        );
    }
    for module in &meta.modules {
        if !modules.contains(&module.get_ref().as_str()) {
            problems.push(
                Diagnostic::error(
                    file,
                    line_of(module.span().start),
                    format!("there is no module \"{}\"", module.get_ref()),
                )
                .help(format!("modules are the files in content/modules/: {}", modules.join(", "))),
            );
        }
    }
    for risk in &meta.risks {
        if config.risk(risk.get_ref()).is_none() {
            problems.push(
                Diagnostic::error(file, line_of(risk.span().start), format!("unknown risk \"{}\"", risk.get_ref()))
                    .help(format!("declared risks are: {}; add new ones to site.toml", risk_list(config))),
            );
        }
    }
    for (value, name) in [(&meta.banner, "banner"), (&meta.call_to_action, "call_to_action")] {
        if value.trim().is_empty() {
            let line = raw.setting_line(name).unwrap_or(2);
            problems.push(
                Diagnostic::error(file, line, format!("`{name}` is empty"))
                    .help("the banner shows both on the pages the campaign features: write a short sentence"),
            );
        }
    }
    if problems.error_count() > before {
        return None;
    }
    let (start, end) = (start?, end?);
    Some(Campaign {
        slug,
        doc: Document {
            file: raw.file.clone(),
            meta: CampaignMeta {
                title: meta.title.clone(),
                summary: meta.summary.clone(),
                start,
                end,
                modules: meta.modules.iter().map(|m| m.get_ref().clone()).collect(),
                risks: meta.risks.iter().map(|r| r.get_ref().clone()).collect(),
                banner: meta.banner.clone(),
                call_to_action: meta.call_to_action.clone(),
                updated,
            },
            body: raw.body,
            front_matter: raw.front_matter,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::Document;
    use time::macros::date;

    fn campaign(slug: &str, start: time::Date, end: time::Date) -> Campaign {
        let meta = CampaignMeta {
            title: slug.to_uppercase(),
            summary: String::new(),
            start,
            end,
            modules: Vec::new(),
            risks: Vec::new(),
            banner: "b".into(),
            call_to_action: "c".into(),
            updated: None,
        };
        let body = crate::load::containers::Body::parse(std::path::Path::new("x.md"), "Text.\n", 5, false).unwrap();
        Campaign { slug: slug.into(), doc: Document { file: "x.md".into(), meta, body, front_matter: String::new() } }
    }

    #[test]
    fn a_campaign_is_live_from_its_first_day_to_its_last() {
        let winter = campaign("winter", date!(2026 - 11 - 01), date!(2027 - 03 - 31));
        assert_eq!(winter.state(date!(2026 - 10 - 31)), CampaignState::Upcoming);
        assert_eq!(winter.state(date!(2026 - 11 - 01)), CampaignState::Live);
        assert_eq!(winter.state(date!(2027 - 03 - 31)), CampaignState::Live);
        assert_eq!(winter.state(date!(2027 - 04 - 01)), CampaignState::Ended);
        assert!(!winter.is_published(date!(2026 - 10 - 31)) && winter.is_published(date!(2027 - 04 - 01)));
    }
}
