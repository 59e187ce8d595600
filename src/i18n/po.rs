//! GNU gettext PO files: just enough of the format to read what translators' tools (Poedit,
//! Weblate, msgmerge) write and to write files that `msgfmt --check` accepts.

use crate::diagnostics::Diagnostic;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `# ` comments, written by translators.
    pub translator_comments: Vec<String>,
    /// `#.` comments, written by authors for translators.
    pub extracted_comments: Vec<String>,
    /// `#:` references: where the text comes from ("content/modules/x.md:12").
    pub references: Vec<String>,
    /// `#,` flags such as "fuzzy".
    pub flags: Vec<String>,
    /// `#| msgid`: the source text a fuzzy translation was made for.
    pub previous_msgid: Option<String>,
    pub msgctxt: Option<String>,
    pub msgid: String,
    pub msgstr: String,
    /// `#~`: no longer in the template, kept for reuse.
    pub obsolete: bool,
    /// The file line of `msgstr`, for messages about the translation (0 when not read from a file).
    pub msgstr_line: usize,
}

impl Entry {
    pub fn new(msgctxt: impl Into<String>, msgid: impl Into<String>) -> Self {
        Self { msgctxt: Some(msgctxt.into()), msgid: msgid.into(), ..Self::default() }
    }

    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Translated, and not waiting for a translator to confirm it.
    pub fn is_current(&self) -> bool {
        !self.msgstr.is_empty() && !self.is_fuzzy() && !self.obsolete
    }

    pub fn key(&self) -> (&str, &str) {
        (self.msgctxt.as_deref().unwrap_or(""), &self.msgid)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Header fields in order ("Language", "Plural-Forms", ...).
    pub header: Vec<(String, String)>,
    /// Comments above the header: the translators' credits and copyright line.
    pub header_comments: Vec<String>,
    /// Flags of the header entry (`msginit` marks a new file's header "fuzzy").
    pub header_flags: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Catalog {
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn set_header(&mut self, name: &str, value: &str) {
        match self.header.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            Some(field) => field.1 = value.to_string(),
            None => self.header.push((name.to_string(), value.to_string())),
        }
    }

    /// The PO file at `path` (relative to `site_dir`), or None when there is none. A file that
    /// exists but cannot be read or parsed is an error: treating it as missing would lose the
    /// translator's work.
    pub fn read_if_exists(site_dir: &Path, path: &Path) -> Result<Option<Catalog>, Diagnostic> {
        crate::load::text_file::read_if_exists(site_dir, path)?.map(|text| Catalog::parse(path, &text)).transpose()
    }

    pub fn parse(path: &Path, text: &str) -> Result<Catalog, Diagnostic> {
        Parser { path, catalog: Catalog::default(), entry: Entry::default(), field: None, started: false, line: 0 }
            .run(text)
    }

    pub fn write(&self) -> String {
        let mut out = String::new();
        write_comments(&mut out, &self.header_comments);
        if !self.header_flags.is_empty() {
            let _ = writeln!(out, "#, {}", self.header_flags.join(", "));
        }
        out.push_str("msgid \"\"\nmsgstr \"\"\n");
        for (name, value) in &self.header {
            let _ = writeln!(out, "{}", quote(&format!("{name}: {value}\n")));
        }
        for entry in self.entries.iter().filter(|e| !e.obsolete) {
            out.push('\n');
            write_entry(&mut out, entry, "");
        }
        for entry in self.entries.iter().filter(|e| e.obsolete) {
            out.push('\n');
            write_entry(&mut out, entry, "#~ ");
        }
        out
    }
}

/// Translator comments; an empty one is a bare `#`, as gettext writes it.
fn write_comments(out: &mut String, comments: &[String]) {
    for comment in comments {
        if comment.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {comment}");
        }
    }
}

fn write_entry(out: &mut String, entry: &Entry, prefix: &str) {
    write_comments(out, &entry.translator_comments);
    for comment in &entry.extracted_comments {
        let _ = writeln!(out, "#. {comment}");
    }
    if !entry.references.is_empty() {
        let _ = writeln!(out, "#: {}", entry.references.join(" "));
    }
    if !entry.flags.is_empty() {
        let _ = writeln!(out, "#, {}", entry.flags.join(", "));
    }
    if let Some(previous) = &entry.previous_msgid {
        let _ = writeln!(out, "#| msgid {}", quote(previous));
    }
    if let Some(context) = &entry.msgctxt {
        let _ = writeln!(out, "{prefix}msgctxt {}", quote(context));
    }
    let _ = writeln!(out, "{prefix}msgid {}", quote(&entry.msgid));
    let _ = writeln!(out, "{prefix}msgstr {}", quote(&entry.msgstr));
}

/// A PO string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(literal: &str) -> Option<String> {
    let inner = literal.trim().strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains(['\\', '"']) {
        return Some(inner.to_string());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            }
        } else if c == '"' {
            return None;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    Str,
    PreviousId,
}

struct Parser<'a> {
    path: &'a Path,
    catalog: Catalog,
    entry: Entry,
    field: Option<Field>,
    /// The current entry has a keyword line.
    started: bool,
    line: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> Diagnostic {
        Diagnostic::error(self.path, self.line, message.to_string())
            .help("open the file in Poedit, or check it with `msgfmt --check`")
    }

    fn finish_entry(&mut self) {
        let entry = std::mem::take(&mut self.entry);
        self.field = None;
        if !self.started {
            return;
        }
        self.started = false;
        if entry.msgid.is_empty() && entry.msgctxt.is_none() && !entry.obsolete {
            self.catalog.header_comments = entry.translator_comments;
            self.catalog.header_flags = entry.flags;
            self.catalog.header = entry
                .msgstr
                .lines()
                .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
                .collect();
        } else {
            self.catalog.entries.push(entry);
        }
    }

    fn run(mut self, text: &str) -> Result<Catalog, Diagnostic> {
        for (index, raw) in text.lines().enumerate() {
            self.line = index + 1;
            let mut line = raw.trim();
            if line.is_empty() {
                self.finish_entry();
                continue;
            }
            let obsolete = line.starts_with("#~");
            if obsolete {
                line = line[2..].trim_start();
            } else if let Some(rest) = line.strip_prefix('#') {
                if self.started && self.field == Some(Field::Str) {
                    self.finish_entry();
                }
                let (kind, value) = rest.split_at(rest.chars().next().map_or(0, char::len_utf8));
                let value = value.trim().to_string();
                match kind {
                    "." => self.entry.extracted_comments.push(value),
                    ":" => self.entry.references.extend(value.split_whitespace().map(String::from)),
                    "," => self
                        .entry
                        .flags
                        .extend(value.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty())),
                    "|" => {
                        if let Some(literal) = value.strip_prefix("msgid ") {
                            self.entry.previous_msgid =
                                Some(unquote(literal).ok_or_else(|| self.error("a quoted text is broken"))?);
                            self.field = Some(Field::PreviousId);
                        } else if value.starts_with('"') && self.field == Some(Field::PreviousId) {
                            let more = unquote(&value).ok_or_else(|| self.error("a quoted text is broken"))?;
                            self.entry.previous_msgid.get_or_insert_default().push_str(&more);
                        }
                    }
                    _ => self.entry.translator_comments.push(rest.trim().to_string()),
                }
                continue;
            }
            // A msgctxt, or a msgid without one, starts the next entry.
            let starts_entry =
                line.starts_with("msgctxt ") || (line.starts_with("msgid ") && self.field != Some(Field::Context));
            if starts_entry && self.started {
                self.finish_entry();
            }
            if starts_entry {
                self.entry.obsolete = obsolete;
            }
            let (field, literal) = if let Some(rest) = line.strip_prefix("msgctxt ") {
                (Field::Context, rest)
            } else if let Some(rest) = line.strip_prefix("msgid ") {
                (Field::Id, rest)
            } else if let Some(rest) = line.strip_prefix("msgstr ") {
                (Field::Str, rest)
            } else if line.starts_with("msgid_plural") || line.starts_with("msgstr[") {
                return Err(self.error("plural entries (msgid_plural) are not used by Beacon"));
            } else if line.starts_with('"') {
                let field = self.field.ok_or_else(|| self.error("text outside an entry"))?;
                (field, line)
            } else {
                return Err(self.error(&format!("unexpected line: {line}")));
            };
            let value =
                unquote(literal).ok_or_else(|| self.error("a quoted text is broken (check the \\\" escapes)"))?;
            let continuing = self.field == Some(field) && literal.trim_start() == line;
            match field {
                Field::Context => push(self.entry.msgctxt.get_or_insert_default(), &value, continuing),
                Field::Id => push(&mut self.entry.msgid, &value, continuing),
                Field::Str => {
                    if !continuing {
                        self.entry.msgstr_line = self.line;
                    }
                    push(&mut self.entry.msgstr, &value, continuing)
                }
                Field::PreviousId => {}
            }
            self.field = Some(field);
            self.started = true;
        }
        self.finish_entry();
        Ok(self.catalog)
    }
}

fn push(target: &mut String, value: &str, continuing: bool) {
    if !continuing {
        target.clear();
    }
    target.push_str(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"msgid ""
msgstr ""
"Language: pl\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=UTF-8\n"

# Checked by Anna
#. Floodline is the Environment Agency's phone line
#: content/modules/a.md:12 content/modules/a.md:40
#, fuzzy
#| msgid "Call Floodline."
msgctxt "module:a"
msgid "Call Floodline on "
"0345 988 1188."
msgstr "Zadzwoń na \"Floodline\"."

msgctxt "ui:skip_link"
msgid "Skip to main content"
msgstr ""

#~ msgctxt "module:a"
#~ msgid "Old text"
#~ msgstr "Stary tekst"
"#;

    #[test]
    fn keeps_the_translators_credits_above_the_header() {
        let text = "# Polish translation of LLR Prepared.\n# Anna Kowalska <anna@example.org>, 2026.\n#\n#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n\"Language: pl\\n\"\n";
        let catalog = Catalog::parse(Path::new("pl.po"), text).unwrap();
        assert_eq!(
            catalog.header_comments,
            ["Polish translation of LLR Prepared.", "Anna Kowalska <anna@example.org>, 2026.", ""]
        );
        assert_eq!(catalog.header_flags, ["fuzzy"]);
        assert_eq!(catalog.write(), text);
    }

    #[test]
    fn reads_entries_comments_flags_and_obsolete_text() {
        let catalog = Catalog::parse(Path::new("pl.po"), SAMPLE).unwrap();
        assert_eq!(catalog.header_value("language"), Some("pl"));
        assert_eq!(catalog.entries.len(), 3);
        let first = &catalog.entries[0];
        assert_eq!(first.msgid, "Call Floodline on 0345 988 1188.");
        assert_eq!(first.msgstr, "Zadzwoń na \"Floodline\".");
        assert_eq!(first.references, vec!["content/modules/a.md:12", "content/modules/a.md:40"]);
        assert_eq!(first.previous_msgid.as_deref(), Some("Call Floodline."));
        assert_eq!(first.translator_comments, vec!["Checked by Anna"]);
        assert!(first.is_fuzzy() && !first.is_current());
        assert!(!catalog.entries[1].is_current());
        let old = &catalog.entries[2];
        assert!(old.obsolete);
        assert_eq!(
            (old.msgctxt.as_deref(), old.msgid.as_str(), old.msgstr.as_str()),
            (Some("module:a"), "Old text", "Stary tekst")
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let catalog = Catalog::parse(Path::new("pl.po"), SAMPLE).unwrap();
        assert_eq!(catalog.entries.iter().map(|e| e.msgstr_line).collect::<Vec<_>>(), vec![15, 19, 23]);
        let written = catalog.write();
        // Lines move when a file is rewritten; everything else is kept.
        let without_lines = |mut c: Catalog| {
            c.entries.iter_mut().for_each(|e| e.msgstr_line = 0);
            c
        };
        assert_eq!(without_lines(Catalog::parse(Path::new("pl.po"), &written).unwrap()), without_lines(catalog));
        assert!(
            written.contains("#~ msgctxt \"module:a\"\n#~ msgid \"Old text\"\n#~ msgstr \"Stary tekst\"\n"),
            "{written}"
        );
    }

    #[test]
    fn broken_files_name_the_line() {
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgstr \"b\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nnonsense\n").unwrap_err();
        assert!(error.message.contains("unexpected line"), "{error}");
    }
}
