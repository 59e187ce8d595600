//! Facts about languages that `beacon translate add` writes into a new PO file and site.toml.
//! Covers the languages most spoken in England after English; others get neutral defaults that
//! the site owner can correct.

use crate::load::config::Direction;

pub struct LanguageFacts {
    pub code: &'static str,
    pub name: &'static str,
    pub native_name: &'static str,
    pub direction: Direction,
    /// The gettext `Plural-Forms` header.
    pub plural_forms: &'static str,
}

const ONE_OTHER: &str = "nplurals=2; plural=(n != 1);";
const ONE_ZERO: &str = "nplurals=2; plural=(n > 1);";
const NONE: &str = "nplurals=1; plural=0;";

const KNOWN: &[LanguageFacts] = &[
    LanguageFacts {
        code: "ar",
        name: "Arabic",
        native_name: "العربية",
        direction: Direction::Rtl,
        plural_forms: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    },
    LanguageFacts {
        code: "bn",
        name: "Bengali",
        native_name: "বাংলা",
        direction: Direction::Ltr,
        plural_forms: ONE_ZERO,
    },
    LanguageFacts {
        code: "cy",
        name: "Welsh",
        native_name: "Cymraeg",
        direction: Direction::Ltr,
        plural_forms: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);",
    },
    LanguageFacts {
        code: "en",
        name: "English",
        native_name: "English",
        direction: Direction::Ltr,
        plural_forms: ONE_OTHER,
    },
    LanguageFacts {
        code: "fa",
        name: "Persian",
        native_name: "فارسی",
        direction: Direction::Rtl,
        plural_forms: ONE_ZERO,
    },
    LanguageFacts {
        code: "gu",
        name: "Gujarati",
        native_name: "ગુજરાતી",
        direction: Direction::Ltr,
        plural_forms: ONE_OTHER,
    },
    LanguageFacts {
        code: "hi",
        name: "Hindi",
        native_name: "हिन्दी",
        direction: Direction::Ltr,
        plural_forms: ONE_ZERO,
    },
    LanguageFacts {
        code: "pa",
        name: "Punjabi",
        native_name: "ਪੰਜਾਬੀ",
        direction: Direction::Ltr,
        plural_forms: ONE_ZERO,
    },
    LanguageFacts {
        code: "pl",
        name: "Polish",
        native_name: "Polski",
        direction: Direction::Ltr,
        plural_forms: "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    },
    LanguageFacts {
        code: "ps",
        name: "Pashto",
        native_name: "پښتو",
        direction: Direction::Rtl,
        plural_forms: ONE_OTHER,
    },
    LanguageFacts {
        code: "pt",
        name: "Portuguese",
        native_name: "Português",
        direction: Direction::Ltr,
        plural_forms: ONE_ZERO,
    },
    LanguageFacts {
        code: "ro",
        name: "Romanian",
        native_name: "Română",
        direction: Direction::Ltr,
        plural_forms: "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    },
    LanguageFacts {
        code: "so",
        name: "Somali",
        native_name: "Soomaali",
        direction: Direction::Ltr,
        plural_forms: ONE_OTHER,
    },
    LanguageFacts {
        code: "ta",
        name: "Tamil",
        native_name: "தமிழ்",
        direction: Direction::Ltr,
        plural_forms: ONE_OTHER,
    },
    LanguageFacts {
        code: "ur", name: "Urdu", native_name: "اردو", direction: Direction::Rtl, plural_forms: ONE_OTHER
    },
    LanguageFacts { code: "zh", name: "Chinese", native_name: "中文", direction: Direction::Ltr, plural_forms: NONE },
];

pub fn lookup(code: &str) -> Option<&'static LanguageFacts> {
    let primary = code.split('-').next().unwrap_or(code);
    KNOWN.iter().find(|l| l.code == primary)
}
