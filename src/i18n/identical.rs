//! Finishing a repeated sentence everywhere once a translator has confirmed it in one place.
//!
//! The default site says "If life is at risk, call 999." in many modules. `translate update`
//! fills each new copy with the translation already finished elsewhere, marked fuzzy, so nothing
//! unchecked is published. With `--finish-identical`, a translator who has confirmed the sentence
//! in one place confirms the copies too, but only copies that are exactly that: the same English,
//! the same translation, and fuzzy only because they were filled in (no `#| msgid`, which would
//! mean their English changed under them). A sentence confirmed with two different translations
//! in two places depends on its context, and its copies are left for the translator.

use super::po::Catalog;
use std::collections::HashMap;

/// Removes the fuzzy mark from copies of confirmed translations; returns how many it finished.
pub fn finish_identical(catalog: &mut Catalog) -> usize {
    // English → its one confirmed translation, or None when it was confirmed two ways.
    let mut confirmed: HashMap<String, Option<String>> = HashMap::new();
    for entry in catalog.entries.iter().filter(|e| e.is_current() && e.msgid_plural.is_none()) {
        confirmed
            .entry(entry.msgid.clone())
            .and_modify(|known| {
                if known.as_deref() != Some(entry.msgstr.as_str()) {
                    *known = None;
                }
            })
            .or_insert_with(|| Some(entry.msgstr.clone()));
    }
    let mut finished = 0;
    for entry in &mut catalog.entries {
        let is_copy = !entry.obsolete
            && entry.is_fuzzy()
            && entry.previous_msgid.is_none()
            && entry.msgid_plural.is_none()
            && !entry.msgstr.is_empty()
            && confirmed.get(&entry.msgid).is_some_and(|known| known.as_deref() == Some(entry.msgstr.as_str()));
        if is_copy {
            entry.flags.retain(|flag| flag != "fuzzy");
            finished += 1;
        }
    }
    finished
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::po::Entry;

    fn entry(context: &str, msgid: &str, msgstr: &str, fuzzy: bool) -> Entry {
        Entry {
            msgstr: msgstr.into(),
            flags: if fuzzy { vec!["fuzzy".into()] } else { Vec::new() },
            ..Entry::new(context, msgid)
        }
    }

    #[test]
    fn only_exact_copies_of_a_confirmed_translation_are_finished() {
        let call = "If life is at risk, call 999.";
        let polish = "Jeśli zagrożone jest życie, dzwoń pod 999.";
        let mut changed = entry("module:c", call, polish, true);
        changed.previous_msgid = Some("If life is in danger, call 999.".into());
        let mut catalog = Catalog {
            entries: vec![
                entry("module:a", call, polish, false),
                entry("module:b", call, polish, true),
                changed,
                entry("module:d", call, "Inne tłumaczenie.", true),
                entry("module:e", "Stay in.", "Zostań w domu.", false),
                entry("module:f", "Stay in.", "Zostań w środku.", false),
                entry("module:g", "Stay in.", "Zostań w domu.", true),
            ],
            ..Catalog::default()
        };
        assert_eq!(finish_identical(&mut catalog), 1);
        let fuzzy: Vec<bool> = catalog.entries.iter().map(|e| e.is_fuzzy()).collect();
        // b is finished; c's English changed, d differs, and "Stay in." was confirmed two ways.
        assert_eq!(fuzzy, [false, false, true, true, false, false, true]);
    }
}
