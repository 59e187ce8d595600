//! Each document in each language: its text after translation, and how complete that is.
//!
//! A segment whose translation is missing or fuzzy is never shown as if it were current: it
//! stays in the source language, marked with `lang`, or — when the site chooses `fallback` — the
//! whole page is shown in the source language with a notice in the reader's language.

use crate::i18n::segments::{Rendition, Segment, segments, translate_body};
use crate::i18n::{DocumentSource, Translations};
use crate::load::config::{PartialTranslation, SiteConfig};
use crate::load::containers::Body;
use crate::load::paths::key;
use crate::load::theme::Strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranslationState {
    /// The source language itself.
    Source,
    /// Every segment translated and current.
    Complete,
    /// Some segments are shown in the source language.
    Partial,
    /// The whole page is shown in the source language.
    Fallback,
}

impl TranslationState {
    /// The interface string that tells the reader some or all of the text is in the source
    /// language, on the web page and on its leaflets alike.
    pub fn notice_key(self) -> Option<&'static str> {
        match self {
            TranslationState::Partial => Some("partly_translated"),
            TranslationState::Fallback => Some("not_translated"),
            TranslationState::Source | TranslationState::Complete => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct LocalDoc {
    pub body: Body,
    pub title: String,
    pub summary: String,
    /// Language of the title and of the summary (the source language when not translated).
    pub title_lang: String,
    pub summary_lang: String,
    /// Language of most of the text.
    pub content_lang: String,
    pub state: TranslationState,
}

/// `doc` in every language of the site, keyed by language and document. The document's
/// segments are found once, for all of its languages.
pub fn localize_everywhere(
    doc: &DocumentSource<'_>,
    config: &SiteConfig,
    translations: &Translations,
) -> Vec<((String, String), LocalDoc)> {
    let segments = if config.languages.len() > 1 { segments(doc.body) } else { Vec::new() };
    let local = config.languages.iter().map(|language| {
        let lang = language.code();
        ((lang.to_string(), doc.context.clone()), localize(doc, &segments, lang, config, translations))
    });
    local.collect()
}

/// `doc` in `lang`; `segments` are the document's segments as [`segments`] finds them.
fn localize(
    doc: &DocumentSource<'_>,
    segments: &[Segment],
    lang: &str,
    config: &SiteConfig,
    translations: &Translations,
) -> LocalDoc {
    let source_lang = config.source_language().code();
    let source = || LocalDoc {
        body: doc.body.clone(),
        title: doc.title.to_string(),
        summary: doc.summary.to_string(),
        title_lang: source_lang.to_string(),
        summary_lang: source_lang.to_string(),
        content_lang: source_lang.to_string(),
        state: TranslationState::Source,
    };
    if lang == source_lang {
        return source();
    }
    let find = |context: &str, text: &str| translations.get(lang, context, text);
    let title = find(&key::title(&doc.context), doc.title);
    let summary = find(&key::summary(&doc.context), doc.summary);
    let found: Vec<Option<&str>> = segments.iter().map(|s| find(&doc.context, &s.text)).collect();
    let translated = found.iter().flatten().count();
    let complete = translated == segments.len() && title.is_some() && summary.is_some();
    if !complete && (config.translations.partial == PartialTranslation::Fallback || translated == 0 && title.is_none())
    {
        return LocalDoc { state: TranslationState::Fallback, ..source() };
    }
    let body = translate_body(doc.file, doc.body, segments, source_lang, |number, _| match found[number] {
        Some(text) => Rendition::Translated(text.into()),
        None => Rendition::Fallback,
    });
    LocalDoc {
        body,
        title_lang: if title.is_some() { lang } else { source_lang }.to_string(),
        summary_lang: if summary.is_some() { lang } else { source_lang }.to_string(),
        title: title.unwrap_or(doc.title).to_string(),
        summary: summary.unwrap_or(doc.summary).to_string(),
        content_lang: lang.to_string(),
        state: if complete { TranslationState::Complete } else { TranslationState::Partial },
    }
}

/// Interface strings, risk names and the site description in every language.
pub fn strings(
    config: &SiteConfig,
    content: &crate::load::content::Content,
    ui: &std::collections::BTreeMap<String, String>,
    translations: &Translations,
) -> Strings {
    let source_lang = config.source_language().code();
    let mut source = ui.clone();
    for risk in &config.risks {
        source.insert(key::risk_string(risk.id()), risk.name.clone());
    }
    source.insert("site_description".into(), config.description.clone());
    // A campaign's banner and call to action are strings of its own, keyed like their entries.
    let campaign_strings = |campaign: &crate::load::campaign::Campaign| {
        let meta = &campaign.doc.meta;
        [
            (key::campaign_banner(&campaign.slug), meta.banner.clone()),
            (key::campaign_action(&campaign.slug), meta.call_to_action.clone()),
        ]
    };
    for campaign in &content.campaigns {
        source.extend(campaign_strings(campaign));
    }
    let mut strings = Strings::new(source_lang, source);
    for language in config.languages.iter().skip(1) {
        let lang = language.code();
        let mut translated = translations.ui(lang, ui);
        for risk in &config.risks {
            if let Some(name) = translations.get(lang, &key::risk_name(risk.id()), &risk.name) {
                translated.insert(key::risk_string(risk.id()), name.to_string());
            }
        }
        if let Some(text) = translations.get(lang, key::SITE_DESCRIPTION, &config.description) {
            translated.insert("site_description".into(), text.to_string());
        }
        for (name, text) in content.campaigns.iter().flat_map(campaign_strings) {
            if let Some(text) = translations.get(lang, &name, &text) {
                translated.insert(name, text.to_string());
            }
        }
        strings.add_language(lang, translated);
    }
    strings
}
