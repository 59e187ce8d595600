//! Facts about a language that `beacon translate add` writes into a new PO file and site.toml:
//! its English and native names, its script direction and its gettext plural forms, for every
//! language in CLDR, taken from ICU4X's compiled CLDR data rather than a table kept by hand.

use icu_locale::exemplar_chars::ExemplarCharacters;
use icu_locale::names::{LanguageIdentifierDisplayName, LanguageIdentifierDisplayNameOptions};
use icu_locale::{LanguageIdentifier, Locale, LocaleDirectionality, LocaleExpander, locale};
use icu_plurals::PluralCategory;
use icu_plurals::provider::rules::reference::ast::{self, Operand, Operator, RangeListItem};
use icu_plurals::provider::{Baked, PluralsCardinalV1};
use icu_provider::prelude::*;
use writeable::TryWriteable;

use crate::load::config::Direction;

#[derive(Debug)]
pub struct LanguageFacts {
    pub name: String,
    pub native_name: String,
    pub direction: Direction,
    /// The gettext `Plural-Forms` header.
    pub plural_forms: String,
}

/// The facts CLDR has for a BCP 47 language tag ("de", "zh-Hans", "pa-Guru"), or a sentence
/// saying why there are none.
pub fn lookup(code: &str) -> Result<LanguageFacts, String> {
    let id: LanguageIdentifier =
        code.parse().map_err(|_| format!("\"{code}\" is not a language tag (write it like de, pt-BR or zh-Hans)"))?;
    let name = display_name(locale!("en"), &id)
        .ok_or_else(|| format!("CLDR has no language \"{code}\" (check the code: de, so, ta, zh-Hans, ckb ...)"))?;
    // A language CLDR names but has no data of its own for is named in English.
    let native_name = display_name(Locale::from(id.clone()), &id).unwrap_or_else(|| name.clone());
    let direction = match LocaleDirectionality::new_extended().is_right_to_left(&id) {
        true => Direction::Rtl,
        false => Direction::Ltr,
    };
    Ok(LanguageFacts { name, native_name, direction, plural_forms: plural_forms(&id).header() })
}

/// The script a language is usually written in ("Taml" for Tamil), from CLDR's likely subtags.
pub fn script(code: &str) -> Option<String> {
    let mut id: LanguageIdentifier = code.parse().ok()?;
    LocaleExpander::new_extended().maximize(&mut id);
    id.script.map(|script| script.as_str().to_string())
}

/// The identifier, then its language alone: CLDR data for "pa-Guru" or "zh-Hans" may be filed
/// under "pa" or "zh".
fn with_its_language(id: &LanguageIdentifier) -> [LanguageIdentifier; 2] {
    [id.clone(), LanguageIdentifier::from((id.language, None, None))]
}

/// The English name of a script ("Ethiopic" for "Ethi"), or the code when CLDR has none.
pub fn script_name(script: &str) -> String {
    let name = script.parse::<icu_locale::subtags::Script>().ok().and_then(|subject| {
        let names = icu_locale::names::ScriptDisplayName::try_new_heavy(locale!("en").into(), subject).ok()?;
        Some(writeable::Writeable::write_to_string(&names).into_owned())
    });
    name.unwrap_or_else(|| script.to_string())
}

/// The letters a language is written with (CLDR's main exemplar characters), to see whether a
/// font can print it.
pub fn letters(code: &str) -> Vec<char> {
    let Ok(id) = code.parse::<LanguageIdentifier>() else { return Vec::new() };
    with_its_language(&id)
        .iter()
        .find_map(|id| ExemplarCharacters::try_new_main(&DataLocale::from(id)).ok())
        .map(|set| set.code_points().iter_chars().filter(|c| c.is_alphabetic()).collect())
        .unwrap_or_default()
}

/// The name of `id` in the language of `locale`, or None when CLDR has none and would fall back
/// to the code.
fn display_name(locale: Locale, id: &LanguageIdentifier) -> Option<String> {
    let names = LanguageIdentifierDisplayName::try_new_heavy(
        locale.into(),
        id.clone(),
        LanguageIdentifierDisplayNameOptions::default(),
    )
    .ok()?;
    let name = names.as_borrowed().try_write_to_string().ok()?.into_owned();
    // CLDR writes autonyms in lower case where the language does ("español", "polski"); a
    // language's name heads a list of languages, so it starts with a capital.
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A language's plural categories for whole numbers, each with the condition that selects it, in
/// gettext's order (zero, one, two, few, many, and "other" last, with no condition).
pub struct PluralForms(Vec<(PluralCategory, Condition)>);

/// The CLDR plural rules of a language as gettext's forms: numbers in a PO file's strings are
/// whole, so the fraction operands (v, w, f, t) and the compact exponent (c, e) are 0, and a
/// category that only fractions reach ("many" in Czech) has no form.
pub fn plural_forms(id: &LanguageIdentifier) -> PluralForms {
    let Some(rules) = cardinal_rules(id) else {
        return PluralForms(Vec::new());
    };
    let rules = rules.get();
    let mut forms = Vec::new();
    for (category, rule) in [
        (PluralCategory::Zero, &rules.zero),
        (PluralCategory::One, &rules.one),
        (PluralCategory::Two, &rules.two),
        (PluralCategory::Few, &rules.few),
        (PluralCategory::Many, &rules.many),
    ] {
        let Some(rule) = rule else { continue };
        match Condition::from_rule(&ast::Rule::from(rule)) {
            Condition::Never => {}
            // Every whole number is in this category: the rest are never chosen.
            Condition::Always => {
                forms.push((category, Condition::Always));
                break;
            }
            condition => forms.push((category, condition)),
        }
    }
    // Polish, Russian and others keep "other" for fractions: when no whole number reaches it,
    // the last category is gettext's last form. (CLDR's moduli go up to a million, so two
    // million numbers show every pattern.)
    let reaches_other = |forms: &[(PluralCategory, Condition)]| {
        (0..=2_000_000).any(|n| !forms.iter().any(|(_, condition)| condition.holds(n)))
    };
    if !matches!(forms.last(), None | Some((_, Condition::Always)))
        && !reaches_other(&forms)
        && let Some((_, condition)) = forms.last_mut()
    {
        *condition = Condition::Always;
    }
    PluralForms(forms)
}

/// The language's cardinal rules; a region or script without rules of its own takes its
/// language's, and a language without rules has only "other".
fn cardinal_rules(id: &LanguageIdentifier) -> Option<DataPayload<PluralsCardinalV1>> {
    with_its_language(id).iter().find_map(|id| {
        let locale = DataLocale::from(id);
        let request = DataRequest { id: DataIdentifierBorrowed::for_locale(&locale), ..Default::default() };
        Baked.load(request).ok().map(|response| response.payload)
    })
}

impl PluralForms {
    pub fn count(&self) -> usize {
        match self.0.last() {
            Some((_, Condition::Always)) => self.0.len(),
            _ => self.0.len() + 1,
        }
    }

    /// The gettext form index for a whole number.
    pub fn index(&self, n: u64) -> usize {
        self.0.iter().position(|(_, condition)| condition.holds(n)).unwrap_or(self.0.len())
    }

    /// The CLDR category of each form, in order.
    pub fn categories(&self) -> Vec<PluralCategory> {
        let mut categories: Vec<_> = self.0.iter().map(|(category, _)| *category).collect();
        if categories.len() < self.count() {
            categories.push(PluralCategory::Other);
        }
        categories
    }

    /// `nplurals=3; plural=(n==1 ? 0 : ... : 2);`
    pub fn header(&self) -> String {
        let count = self.count();
        let mut expression = String::new();
        for (index, (_, condition)) in self.0.iter().enumerate() {
            if matches!(condition, Condition::Always) {
                expression.push_str(&index.to_string());
                break;
            }
            expression.push_str(&format!("{} ? {index} : ", condition.to_c()));
        }
        if !matches!(self.0.last(), Some((_, Condition::Always))) {
            expression.push_str(&self.0.len().to_string());
        }
        if count == 1 {
            format!("nplurals=1; plural={expression};")
        } else {
            format!("nplurals={count}; plural=({expression});")
        }
    }
}

/// A plural rule's condition over a whole number n, with what whole numbers make constant
/// already worked out.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Always,
    Never,
    /// Any of these, each all of its tests.
    AnyOf(Vec<Vec<Test>>),
}

/// `n % modulus` (or n) in, or not in, a list of values and ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    modulus: Option<u64>,
    within: bool,
    ranges: Vec<(u64, u64)>,
}

impl Condition {
    fn from_rule(rule: &ast::Rule) -> Condition {
        let mut any = Vec::new();
        for and in &rule.condition.0 {
            let mut all = Vec::new();
            let mut possible = true;
            for relation in &and.0 {
                let ranges: Vec<(u64, u64)> = relation
                    .range_list
                    .0
                    .iter()
                    .map(|item| match item {
                        RangeListItem::Value(value) => (value.0, value.0),
                        RangeListItem::Range(range) => (range.start().0, range.end().0),
                    })
                    .collect();
                let test = Test {
                    modulus: relation.expression.modulus.as_ref().map(|m| m.0),
                    within: relation.operator == Operator::Eq,
                    ranges,
                };
                match relation.expression.operand {
                    Operand::N | Operand::I => all.push(test),
                    // Fraction digits and the compact exponent are 0 for a whole number.
                    _ => possible &= test.holds_for(0),
                }
            }
            if !possible {
                continue;
            }
            if all.is_empty() {
                return Condition::Always;
            }
            any.push(all);
        }
        if any.is_empty() { Condition::Never } else { Condition::AnyOf(any) }
    }

    pub fn holds(&self, n: u64) -> bool {
        match self {
            Condition::Always => true,
            Condition::Never => false,
            Condition::AnyOf(any) => any.iter().any(|all| all.iter().all(|test| test.holds_for(n))),
        }
    }

    /// The condition as a C expression over `n`, the language gettext evaluates.
    fn to_c(&self) -> String {
        match self {
            Condition::Always => "1".to_string(),
            Condition::Never => "0".to_string(),
            Condition::AnyOf(any) => {
                let alternatives: Vec<String> = any
                    .iter()
                    .map(|all| {
                        let tests: Vec<String> =
                            all.iter().map(|test| test.to_c(all.len() > 1 || any.len() > 1)).collect();
                        tests.join(" && ")
                    })
                    .collect();
                if alternatives.len() > 1 { format!("({})", alternatives.join(" || ")) } else { alternatives.concat() }
            }
        }
    }
}

impl Test {
    fn holds_for(&self, n: u64) -> bool {
        let value = match self.modulus {
            Some(m) if m > 0 => n % m,
            _ => n,
        };
        self.ranges.iter().any(|(low, high)| (*low..=*high).contains(&value)) == self.within
    }

    /// In C; `grouped` puts a test of several parts in brackets, for use beside others.
    fn to_c(&self, grouped: bool) -> String {
        let value = match self.modulus {
            Some(m) => format!("n%{m}"),
            None => "n".to_string(),
        };
        let parts: Vec<String> = self
            .ranges
            .iter()
            .map(|&(low, high)| match (self.within, low == high) {
                (true, true) => format!("{value}=={low}"),
                (false, true) => format!("{value}!={low}"),
                (true, false) => format!("{value}>={low} && {value}<={high}"),
                (false, false) => format!("({value}<{low} || {value}>{high})"),
            })
            .collect();
        let joined = parts.join(if self.within { " || " } else { " && " });
        // `&&` binds before `||`: only values or ranges joined by `||` need brackets.
        if grouped && self.within && parts.len() > 1 { format!("({joined})") } else { joined }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use icu_plurals::PluralRules;

    /// The category ICU itself gives a whole number in a language, to check the forms against.
    fn icu_category(id: &LanguageIdentifier, n: u64) -> PluralCategory {
        let rules = PluralRules::try_new_cardinal(Locale::from(id.clone()).into()).expect("ICU has root plural rules");
        rules.category_for(n)
    }

    #[test]
    fn knows_names_direction_and_plural_forms_of_languages_far_beyond_a_table() {
        let cases = [
            ("de", "German", "Deutsch", Direction::Ltr, 2),
            ("so", "Somali", "Soomaali", Direction::Ltr, 2),
            ("ta", "Tamil", "தமிழ்", Direction::Ltr, 2),
            ("bn", "Bangla", "বাংলা", Direction::Ltr, 2),
            ("ro", "Romanian", "Română", Direction::Ltr, 3),
            ("ti", "Tigrinya", "ትግርኛ", Direction::Ltr, 2),
            ("zh-Hans", "Simplified Chinese", "简体中文", Direction::Ltr, 1),
            ("ckb", "Central Kurdish", "کوردیی ناوەندی", Direction::Rtl, 2),
            ("ps", "Pashto", "پښتو", Direction::Rtl, 2),
            ("ur", "Urdu", "اردو", Direction::Rtl, 2),
            ("ar", "Arabic", "العربية", Direction::Rtl, 6),
            ("pl", "Polish", "Polski", Direction::Ltr, 3),
        ];
        for (code, name, native, direction, forms) in cases {
            let facts = lookup(code).unwrap();
            assert_eq!(
                (facts.name.as_str(), facts.native_name.as_str(), facts.direction),
                (name, native, direction),
                "{code}"
            );
            assert!(facts.plural_forms.starts_with(&format!("nplurals={forms};")), "{code}: {}", facts.plural_forms);
        }
    }

    #[test]
    fn plural_forms_are_gettexts_usual_ones_for_well_known_languages() {
        let header = |code: &str| lookup(code).unwrap().plural_forms;
        assert_eq!(header("en"), "nplurals=2; plural=(n==1 ? 0 : 1);");
        assert_eq!(header("zh"), "nplurals=1; plural=0;");
        assert_eq!(
            header("pl"),
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"
        );
        assert_eq!(
            header("ar"),
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);"
        );
    }

    #[test]
    fn every_form_is_the_category_icu_gives_each_whole_number() {
        for code in
            ["en", "fr", "pl", "ro", "ru", "cs", "ar", "cy", "ga", "lt", "sl", "he", "pa", "bn", "zh-Hans", "ckb"]
        {
            let id: LanguageIdentifier = code.parse().unwrap();
            let forms = plural_forms(&id);
            let categories = forms.categories();
            for n in 0..=2000 {
                assert_eq!(categories[forms.index(n)], icu_category(&id, n), "{code}, n = {n}");
            }
            // Every form is used by some number, or a translator would write it for nothing.
            for index in 0..forms.count() {
                assert!((0..=2_000_000).any(|n| forms.index(n) == index), "{code}: form {index} is never used");
            }
        }
    }

    #[test]
    fn knows_the_script_and_letters_of_a_language() {
        assert_eq!(script("ta").as_deref(), Some("Taml"));
        assert_eq!(script("pa").as_deref(), Some("Guru"));
        assert_eq!(script("ckb").as_deref(), Some("Arab"));
        assert_eq!(script_name("Ethi"), "Ethiopic");
        assert!(letters("ta").contains(&'க'));
        assert!(letters("bn").contains(&'ক'));
        assert!(letters("zh-Hans").contains(&'中'));
    }

    #[test]
    fn unknown_or_malformed_codes_say_what_is_wrong() {
        assert!(lookup("xx").unwrap_err().contains("CLDR has no language \"xx\""));
        assert!(lookup("not a code").unwrap_err().contains("is not a language tag"));
    }
}
