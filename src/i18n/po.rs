//! GNU gettext PO files: just enough of the format to read what translators' tools (Poedit,
//! Weblate, msgmerge) write and to write files that `msgfmt --check` accepts.

use super::wrap;
use crate::diagnostics::Diagnostic;
use foldhash::{HashMap, HashMapExt as _};
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
    /// `#| msgctxt`: the context a fuzzy translation was made for.
    pub previous_msgctxt: Option<String>,
    /// `#| msgid`: the source text a fuzzy translation was made for.
    pub previous_msgid: Option<String>,
    /// `#| msgid_plural`.
    pub previous_msgid_plural: Option<String>,
    pub msgctxt: Option<String>,
    pub msgid: String,
    /// `msgid_plural`: the English plural of a plural entry.
    pub msgid_plural: Option<String>,
    pub msgstr: String,
    /// `msgstr[0]`, `msgstr[1]`...: a plural entry's translation, one per plural form. Beacon's
    /// own texts have no plurals; these are kept so a translator's file is never cut down.
    pub msgstr_plural: Vec<String>,
    /// `#~`: no longer in the template, kept for reuse.
    pub obsolete: bool,
    /// The file line of `msgstr`, for messages about the translation (0 when not read from a file).
    pub msgstr_line: usize,
    /// How its strings were laid out in the file they were read from.
    pub layout: Layout,
}

/// How each string of an entry was split over lines in the file it was read from. A string whose
/// text has not changed is written back on the same lines, so that an update of a file from
/// msgmerge, Poedit or Weblate, each of which wraps in its own way, changes only what changed.
/// Layout is not content: two entries with the same texts are equal however they were wrapped.
#[derive(Debug, Clone, Default)]
pub struct Layout(Vec<(String, Vec<String>)>);

impl PartialEq for Layout {
    fn eq(&self, _: &Layout) -> bool {
        true
    }
}

impl Eq for Layout {}

impl Layout {
    /// The quoted lines `key` (such as "msgstr[1]" or "|msgid") was read from, if they still
    /// spell `value`.
    fn lines_for(&self, key: &str, value: &str) -> Option<&[String]> {
        let (_, lines) = self.0.iter().find(|(k, _)| k == key)?;
        let mut text = String::with_capacity(value.len());
        for line in lines {
            unquote_into(line, &mut text)?;
        }
        (text == value).then_some(lines.as_slice())
    }

    fn start(&mut self, key: String, literal: &str) {
        self.0.push((key, vec![literal.trim().to_string()]));
    }

    fn continue_last(&mut self, literal: &str) {
        if let Some((_, lines)) = self.0.last_mut() {
            lines.push(literal.trim().to_string());
        }
    }
}

impl Entry {
    /// The header: the one current entry with an empty msgid and no msgctxt.
    pub fn is_header(&self) -> bool {
        self.msgid.is_empty() && self.msgctxt.is_none() && !self.obsolete
    }

    pub fn new(msgctxt: impl Into<String>, msgid: impl Into<String>) -> Self {
        Self { msgctxt: Some(msgctxt.into()), msgid: msgid.into(), ..Self::default() }
    }

    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Some translation is written, finished or not.
    pub fn has_translation(&self) -> bool {
        !self.msgstr.is_empty() || self.msgstr_plural.iter().any(|s| !s.is_empty())
    }

    /// Translated, and not waiting for a translator to confirm it.
    pub fn is_current(&self) -> bool {
        self.has_translation() && self.msgstr_plural.iter().all(|s| !s.is_empty()) && !self.is_fuzzy() && !self.obsolete
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
    /// How the header's strings were laid out.
    pub header_layout: Layout,
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
        let catalog = Parser::new(path, text, Keep::Everything, Destination::Catalog).run()?;
        catalog.check_charset(path, text)?;
        Ok(catalog)
    }

    /// Like [`Catalog::read_if_exists`], for a build, which shows translations and never writes
    /// the file back: comments, references and the file's line layout are checked but not kept,
    /// which on a large site saves a third of the time and most of the memory of reading it.
    pub fn read_translations(site_dir: &Path, path: &Path) -> Result<Option<Catalog>, Diagnostic> {
        let mut entries = Vec::new();
        let catalog = Catalog::read_translations_each(site_dir, path, &mut |entry| entries.push(entry))?;
        Ok(catalog.map(|catalog| Catalog { entries, ..catalog }))
    }

    /// Like [`Catalog::read_translations`], handing each entry to `each` as soon as it is read
    /// rather than keeping them all: the catalogue returned has the header only. A build reads
    /// a large file this way, in a fraction of the memory. What `each` was given is not to be
    /// used when the file turns out to be broken.
    pub fn read_translations_each(
        site_dir: &Path,
        path: &Path,
        each: &mut dyn FnMut(Entry),
    ) -> Result<Option<Catalog>, Diagnostic> {
        let Some(text) = crate::load::text_file::read_if_exists(site_dir, path)? else { return Ok(None) };
        let catalog = Parser::new(path, &text, Keep::Translations, Destination::Each(each)).run()?;
        catalog.check_charset(path, &text)?;
        Ok(Some(catalog))
    }

    /// Beacon reads PO files as UTF-8. A file whose header names another character set (saved
    /// by an old editor as ISO-8859-2, say) is refused rather than read as the wrong letters.
    fn check_charset(&self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        let Some(charset) = self
            .header_value("Content-Type")
            .and_then(|value| value.split(';').find_map(|part| part.trim().strip_prefix("charset=")))
        else {
            return Ok(());
        };
        // "CHARSET" is the placeholder in templates that xgettext writes.
        if ["utf-8", "utf8", "ascii", "us-ascii", "charset"].contains(&charset.trim().to_ascii_lowercase().as_str()) {
            return Ok(());
        }
        let line = text.lines().position(|l| l.contains("charset=")).map_or(0, |i| i + 1);
        Err(Diagnostic::error(path, line, format!("the file says it is written in {charset}; Beacon reads UTF-8 only"))
            .help(format!(
                "convert it with `msgconv --to-code=UTF-8 {}`, or in Poedit choose Catalog > Properties > UTF-8",
                path.display()
            )))
    }

    /// The catalogue as if made from nothing: every string to be wrapped afresh.
    pub fn without_layout(mut self) -> Catalog {
        self.header_layout = Layout::default();
        self.entries.iter_mut().for_each(|entry| entry.layout = Layout::default());
        self
    }

    /// The catalogue without the file lines its translations were read from, to compare what
    /// two readings of a file say.
    pub fn without_lines(mut self) -> Catalog {
        self.entries.iter_mut().for_each(|entry| entry.msgstr_line = 0);
        self
    }

    pub fn write(&self) -> String {
        let mut out = String::new();
        write_comments(&mut out, &self.header_comments);
        if !self.header_flags.is_empty() {
            let _ = writeln!(out, "#, {}", self.header_flags.join(", "));
        }
        let header: String = self.header.iter().map(|(name, value)| format!("{name}: {value}\n")).collect();
        let no_wrap = self.header_flags.iter().any(|flag| flag == "no-wrap");
        write_string(&mut out, "", ("msgid", ""), &self.header_layout, no_wrap);
        write_string(&mut out, "", ("msgstr", &header), &self.header_layout, no_wrap);
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
    write_references(out, &entry.references);
    if !entry.flags.is_empty() {
        let _ = writeln!(out, "#, {}", entry.flags.join(", "));
    }
    let (layout, no_wrap) = (&entry.layout, entry.flags.iter().any(|flag| flag == "no-wrap"));
    let previous_prefix = if prefix.is_empty() { "#| " } else { "#~| " };
    let previous = [
        ("msgctxt", &entry.previous_msgctxt),
        ("msgid", &entry.previous_msgid),
        ("msgid_plural", &entry.previous_msgid_plural),
    ];
    for (keyword, text) in previous {
        if let Some(text) = text {
            let kept = layout.lines_for(&format!("|{keyword}"), text);
            write_lines(out, previous_prefix, (keyword, text), kept, no_wrap);
        }
    }
    if let Some(context) = &entry.msgctxt {
        write_string(out, prefix, ("msgctxt", context), layout, no_wrap);
    }
    write_string(out, prefix, ("msgid", &entry.msgid), layout, no_wrap);
    match &entry.msgid_plural {
        Some(plural) => {
            write_string(out, prefix, ("msgid_plural", plural), layout, no_wrap);
            for (index, text) in entry.msgstr_plural.iter().enumerate() {
                write_string(out, prefix, (&format!("msgstr[{index}]"), text), layout, no_wrap);
            }
        }
        None => write_string(out, prefix, ("msgstr", &entry.msgstr), layout, no_wrap),
    }
}

/// `#:` references, filled into lines of at most 79 columns as gettext does.
fn write_references(out: &mut String, references: &[String]) {
    if references.is_empty() {
        return;
    }
    out.push_str("#:");
    let mut column = 2;
    for reference in references {
        let width = reference.chars().count() + 1;
        if column > 2 && column + width > wrap::PAGE_WIDTH {
            out.push_str("\n#:");
            column = 2;
        }
        out.push(' ');
        out.push_str(reference);
        column += width;
    }
    out.push('\n');
}

/// One string, `(keyword, text)`: on the lines it was read from while its text is the same.
fn write_string(out: &mut String, prefix: &str, (keyword, value): (&str, &str), layout: &Layout, no_wrap: bool) {
    write_lines(out, prefix, (keyword, value), layout.lines_for(keyword, value), no_wrap);
}

/// One string on the lines it was read from (`kept`), or else wrapped as gettext's tools wrap it.
fn write_lines(out: &mut String, prefix: &str, (keyword, value): (&str, &str), kept: Option<&[String]>, no_wrap: bool) {
    let wrapped;
    let lines = match kept {
        Some(lines) => lines,
        None => {
            wrapped = wrap::lines(prefix, keyword, value, no_wrap);
            wrapped.as_slice()
        }
    };
    for (index, line) in lines.iter().enumerate() {
        match index {
            0 => {
                let _ = writeln!(out, "{prefix}{keyword} {line}");
            }
            _ => {
                let _ = writeln!(out, "{prefix}{line}");
            }
        }
    }
}

/// Appends the text of a quoted PO string to `out`; None when the quotes or escapes are broken.
fn unquote_into(literal: &str, out: &mut String) -> Option<()> {
    let inner = literal.trim().strip_prefix('"')?.strip_suffix('"')?;
    // Text between escapes is copied in runs; `\\` and `"` are ASCII, so each run starts and
    // ends at a character boundary.
    let mut rest = inner;
    while let Some(at) = memchr::memchr2(b'\\', b'"', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            return None;
        }
        let mut after = rest[at + 1..].chars();
        match after.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            other => out.push(other),
        }
        rest = after.as_str();
    }
    out.push_str(rest);
    Some(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    IdPlural,
    Str,
    StrPlural(usize),
    PreviousContext,
    PreviousId,
    PreviousIdPlural,
}

impl Field {
    fn is_previous(self) -> bool {
        matches!(self, Field::PreviousContext | Field::PreviousId | Field::PreviousIdPlural)
    }

    fn is_translation(self) -> bool {
        matches!(self, Field::Str | Field::StrPlural(_))
    }

    /// The field's name in a [`Layout`]: its keyword, with `|` before a previous string's.
    fn key(self) -> String {
        match self {
            Field::Context => "msgctxt".into(),
            Field::Id => "msgid".into(),
            Field::IdPlural => "msgid_plural".into(),
            Field::Str => "msgstr".into(),
            Field::StrPlural(index) => format!("msgstr[{index}]"),
            Field::PreviousContext => "|msgctxt".into(),
            Field::PreviousId => "|msgid".into(),
            Field::PreviousIdPlural => "|msgid_plural".into(),
        }
    }
}

/// Where an entry seen before starts: its line, and its first byte in the file's text, from
/// which it is read again to compare it with a later entry of the same hash.
#[derive(Clone, Copy)]
struct Seen {
    line: usize,
    start: usize,
}

/// Where a [`Parser`] puts each entry it has read (the header always goes to its catalogue).
enum Destination<'a> {
    /// Into the catalogue's list.
    Catalog,
    /// To a function, one at a time.
    Each(&'a mut dyn FnMut(Entry)),
    /// The first entry only, kept here: to read one entry again.
    First(Option<Box<Entry>>),
}

/// What a [`Parser`] keeps of each entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// All of it, to write the file back.
    Everything,
    /// Texts, flags and lines, without comments, references or layout.
    Translations,
}

struct Parser<'a> {
    path: &'a Path,
    text: &'a str,
    keep: Keep,
    destination: Destination<'a>,
    catalog: Catalog,
    entry: Entry,
    field: Option<Field>,
    /// The current entry has a keyword line.
    started: bool,
    line: usize,
    /// The first byte of the current line in `text`.
    line_start: usize,
    /// Where the current entry's first keyword is.
    entry_at: Seen,
    /// Each entry seen so far, by a hash of its msgctxt, msgid and whether it is obsolete, to
    /// find one written twice without keeping a second copy of every text. An entry whose hash
    /// an earlier, different entry already has (next to never) is listed in `collided`.
    seen: HashMap<u64, Seen>,
    collided: Vec<(u64, Seen)>,
    hasher: foldhash::fast::RandomState,
    duplicate: Option<Diagnostic>,
}

impl<'a> Parser<'a> {
    fn new(path: &'a Path, text: &'a str, keep: Keep, destination: Destination<'a>) -> Self {
        Parser {
            path,
            text,
            keep,
            destination,
            catalog: Catalog::default(),
            entry: Entry::default(),
            field: None,
            started: false,
            line: 0,
            line_start: 0,
            entry_at: Seen { line: 0, start: 0 },
            seen: HashMap::new(),
            collided: Vec::new(),
            hasher: foldhash::fast::RandomState::default(),
            duplicate: None,
        }
    }

    /// A hash of what tells entries apart. Unit tests keep four bits of it, so that different
    /// entries share a hash all the time and telling them apart is tested too.
    fn key_hash(&self, entry: &Entry) -> u64 {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, (&entry.msgctxt, &entry.msgid, entry.obsolete));
        if cfg!(test) { hash & 0xF } else { hash }
    }

    /// The entry whose first keyword starts at byte `start` of the text, read again.
    fn read_again(&self, start: usize) -> Entry {
        let text = &self.text[start..];
        let mut again = Parser::new(self.path, text, Keep::Translations, Destination::First(None));
        for raw in crate::text::lines::lines(text) {
            // The entry was read without a problem before.
            if again.read_line(raw).is_err() || matches!(again.destination, Destination::First(Some(_))) {
                break;
            }
        }
        again.finish_entry();
        match again.destination {
            Destination::First(first) => first.map(|entry| *entry).unwrap_or_default(),
            _ => unreachable!("made with Destination::First"),
        }
    }

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
        if let Destination::First(first) = &mut self.destination {
            first.get_or_insert(Box::new(entry));
            return;
        }
        let hash = self.key_hash(&entry);
        let same = |seen: &Seen| {
            let other = self.read_again(seen.start);
            other.obsolete == entry.obsolete && other.msgctxt == entry.msgctxt && other.msgid == entry.msgid
        };
        let earlier = self
            .seen
            .get(&hash)
            .into_iter()
            .chain(self.collided.iter().filter(|(h, _)| *h == hash).map(|(_, seen)| seen));
        match earlier.copied().find(same) {
            // Obsolete entries are history, never shown: msgmerge itself can leave two.
            Some(first) if !entry.obsolete && self.duplicate.is_none() => {
                self.duplicate = Some(
                    Diagnostic::error(
                        self.path,
                        self.entry_at.line,
                        format!("this entry repeats the one on line {} (the same msgctxt and msgid)", first.line),
                    )
                    .help(
                        "delete one of the two, keeping the better translation: gettext tools refuse a file with both",
                    ),
                )
            }
            Some(_) => {}
            None => {
                if let Some(taken) = self.seen.insert(hash, self.entry_at) {
                    // Keep the first entry of this hash in the map, the new one with the rest.
                    self.seen.insert(hash, taken);
                    self.collided.push((hash, self.entry_at));
                }
            }
        }
        if entry.is_header() {
            self.catalog.header_comments = entry.translator_comments;
            self.catalog.header_flags = entry.flags;
            self.catalog.header_layout = entry.layout;
            self.catalog.header = entry
                .msgstr
                .lines()
                .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
                .collect();
            return;
        }
        match &mut self.destination {
            Destination::Catalog => self.catalog.entries.push(entry),
            Destination::Each(each) => each(entry),
            Destination::First(_) => unreachable!("handled above"),
        }
    }

    /// A comment line after a translation starts the next entry, even with no blank line between.
    fn comment_line(&mut self) {
        if self.started && self.field.is_some_and(Field::is_translation) {
            self.finish_entry();
        }
    }

    /// A `#|` line (`#~|` in an obsolete entry): what a fuzzy translation was made for.
    fn previous(&mut self, value: &str) -> Result<(), Diagnostic> {
        self.comment_line();
        let (field, literal) = if let Some(rest) = value.strip_prefix("msgctxt ") {
            (Field::PreviousContext, rest)
        } else if let Some(rest) = value.strip_prefix("msgid_plural ") {
            (Field::PreviousIdPlural, rest)
        } else if let Some(rest) = value.strip_prefix("msgid ") {
            (Field::PreviousId, rest)
        } else {
            match self.field.filter(|f| f.is_previous() && value.starts_with('"')) {
                Some(field) => (field, value),
                None if value.is_empty() => return Ok(()),
                None => return Err(self.error(&format!("unexpected line: #| {value}"))),
            }
        };
        let target = match field {
            Field::PreviousContext => &mut self.entry.previous_msgctxt,
            Field::PreviousId => &mut self.entry.previous_msgid,
            _ => &mut self.entry.previous_msgid_plural,
        };
        let target = target.get_or_insert_default();
        if literal != value {
            target.clear();
        }
        if unquote_into(literal, target).is_none() {
            return Err(self.broken_quotes());
        }
        self.keep_layout(field, literal, literal == value);
        self.field = Some(field);
        Ok(())
    }

    fn run(mut self) -> Result<Catalog, Diagnostic> {
        let text = self.text;
        // Room for every entry at once: a large file's entries, grown by doubling, were copied
        // into fresh memory again and again. Counting the keywords is one fast pass; the count
        // may be a little high (previous strings of fuzzy entries), never low enough to matter.
        let entries = memchr::memmem::find_iter(text.as_bytes(), b"msgid \"").count();
        if matches!(self.destination, Destination::Catalog) {
            self.catalog.entries.reserve(entries);
        }
        self.seen.reserve(entries);
        for (index, raw) in crate::text::lines::lines(text).enumerate() {
            self.line = index + 1;
            self.read_line(raw)?;
        }
        self.finish_entry();
        match self.duplicate {
            Some(duplicate) => Err(duplicate),
            None => Ok(self.catalog),
        }
    }

    /// One line of the file, `raw` being a slice of `text`.
    fn read_line(&mut self, raw: &str) -> Result<(), Diagnostic> {
        self.line_start = raw.as_ptr() as usize - self.text.as_ptr() as usize;
        let line = raw.trim();
        if line.is_empty() {
            self.finish_entry();
            return Ok(());
        }
        let (obsolete, line) = match line.strip_prefix("#~") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, line),
        };
        if let Some(previous) = line.strip_prefix('|').filter(|_| obsolete) {
            return self.previous(previous.trim());
        }
        if let Some(rest) = line.strip_prefix('#').filter(|_| !obsolete) {
            let (kind, value) = rest.split_at(rest.chars().next().map_or(0, char::len_utf8));
            if kind == "|" {
                return self.previous(value.trim());
            }
            self.comment_line();
            let value = value.trim();
            match kind {
                "," => {
                    self.entry.flags.extend(value.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()))
                }
                _ if self.keep == Keep::Translations => {}
                "." => self.entry.extracted_comments.push(value.to_string()),
                ":" => self.entry.references.extend(value.split_whitespace().map(String::from)),
                _ => self.entry.translator_comments.push(rest.trim().to_string()),
            }
            return Ok(());
        }
        self.keyword_line(line, obsolete)
    }

    /// A `msgctxt`, `msgid`, `msgid_plural`, `msgstr` or `msgstr[N]` line, or a string that
    /// continues the one before.
    fn keyword_line(&mut self, line: &str, obsolete: bool) -> Result<(), Diagnostic> {
        // A msgctxt, or a msgid without one, starts the next entry.
        let starts_entry =
            line.starts_with("msgctxt ") || (line.starts_with("msgid ") && self.field != Some(Field::Context));
        if starts_entry {
            if self.started {
                self.finish_entry();
            }
            self.entry.obsolete = obsolete;
            self.entry_at = Seen { line: self.line, start: self.line_start };
        }
        let (field, literal) = if let Some(rest) = line.strip_prefix("msgctxt ") {
            (Field::Context, rest)
        } else if let Some(rest) = line.strip_prefix("msgid_plural ") {
            if self.field != Some(Field::Id) {
                return Err(self.error("`msgid_plural` must come right after the entry's `msgid`"));
            }
            (Field::IdPlural, rest)
        } else if let Some(rest) = line.strip_prefix("msgid ") {
            (Field::Id, rest)
        } else if let Some(rest) = line.strip_prefix("msgstr[") {
            if self.entry.msgid_plural.is_none() {
                return Err(
                    self.error("`msgstr[N]` belongs to a plural entry: add its `msgid_plural` line, or write `msgstr`")
                );
            }
            if !matches!(self.field, Some(Field::IdPlural | Field::StrPlural(_))) {
                return Err(self.error("`msgstr[N]` must come after the entry's `msgid_plural`"));
            }
            let (index, rest) = rest.split_once(']').ok_or_else(|| self.error("a `msgstr[N]` line is broken"))?;
            let expected = self.entry.msgstr_plural.len();
            if index.parse::<usize>().ok() != Some(expected) {
                return Err(self.error(&format!("`msgstr[{index}]` is out of order: `msgstr[{expected}]` comes next")));
            }
            (Field::StrPlural(expected), rest)
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            if self.entry.msgid_plural.is_some() {
                return Err(self.error("a plural entry is translated with `msgstr[0]`, `msgstr[1]`..., not `msgstr`"));
            }
            if self.field != Some(Field::Id) {
                return Err(self.error("`msgstr` must come right after the entry's `msgid`"));
            }
            (Field::Str, rest)
        } else if line.starts_with('"') {
            let field = self.field.filter(|f| !f.is_previous()).ok_or_else(|| self.error("text outside an entry"))?;
            (field, line)
        } else {
            return Err(self.error(&format!("unexpected line: {line}")));
        };
        let continuing = self.field == Some(field) && literal.trim_start() == line;
        self.keep_layout(field, literal, continuing);
        if !continuing && matches!(field, Field::Str | Field::StrPlural(0)) {
            self.entry.msgstr_line = self.line;
        }
        let target = match field {
            Field::Context => self.entry.msgctxt.get_or_insert_default(),
            Field::Id => &mut self.entry.msgid,
            Field::IdPlural => self.entry.msgid_plural.get_or_insert_default(),
            Field::Str => &mut self.entry.msgstr,
            Field::StrPlural(index) => {
                if !continuing {
                    self.entry.msgstr_plural.push(String::new());
                }
                &mut self.entry.msgstr_plural[index]
            }
            Field::PreviousContext | Field::PreviousId | Field::PreviousIdPlural => {
                unreachable!("previous strings are read by Parser::previous")
            }
        };
        // The text is unquoted straight into the entry: most entries are one line each.
        if !continuing {
            target.clear();
        }
        if unquote_into(literal, target).is_none() {
            return Err(self.broken_quotes());
        }
        self.field = Some(field);
        self.started = true;
        Ok(())
    }

    /// Notes the quoted line `literal` of `field` in the entry's layout.
    fn keep_layout(&mut self, field: Field, literal: &str, continuing: bool) {
        match self.keep {
            Keep::Translations => {}
            Keep::Everything if continuing => self.entry.layout.continue_last(literal),
            Keep::Everything => self.entry.layout.start(field.key(), literal),
        }
    }

    fn broken_quotes(&self) -> Diagnostic {
        self.error("a quoted text is broken (check the \\\" escapes)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unquote(literal: &str) -> Option<String> {
        let mut out = String::new();
        unquote_into(literal, &mut out).map(|()| out)
    }

    #[test]
    fn quoted_texts_are_read_as_gettext_writes_them() {
        assert_eq!(unquote(r#""plain""#).as_deref(), Some("plain"));
        assert_eq!(unquote(r#"  "padded"  "#).as_deref(), Some("padded"));
        assert_eq!(unquote(r#""""#).as_deref(), Some(""));
        assert_eq!(unquote(r#""line\nnext\ttab\rret""#).as_deref(), Some("line\nnext\ttab\rret"));
        assert_eq!(unquote(r#""say \"hi\" \\ ગુજરાતી \é""#).as_deref(), Some("say \"hi\" \\ ગુજરાતી é"));
        assert_eq!(unquote(r#""a bare " quote""#), None, "an unescaped quote inside");
        assert_eq!(unquote(r#""ends in \""#), None, "an escape with nothing after it");
        assert_eq!(unquote(r#"no quotes"#), None);
    }

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

    /// A build's reading of a file has the same entries, texts, flags and lines as a full one.
    #[test]
    fn a_build_reads_the_same_translations() {
        // The default site's Urdu file, as msgmerge last wrote it, has every kind of comment.
        for text in [SAMPLE, GETTEXT_OUTPUT, include_str!("../../translations/ur.po")] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("pl.po"), text).unwrap();
            let lean = Catalog::read_translations(dir.path(), Path::new("pl.po")).unwrap().unwrap();
            let mut full = Catalog::parse(Path::new("pl.po"), text).unwrap();
            full.header_comments.clear();
            for entry in &mut full.entries {
                entry.references.clear();
                entry.extracted_comments.clear();
                entry.translator_comments.clear();
            }
            assert_eq!(lean, full);
            assert_eq!(
                lean.entries.iter().map(|e| e.msgstr_line).collect::<Vec<_>>(),
                full.entries.iter().map(|e| e.msgstr_line).collect::<Vec<_>>()
            );
        }
        let dir = tempfile::tempdir().unwrap();
        assert!(Catalog::read_translations(dir.path(), Path::new("pl.po")).unwrap().is_none());
    }

    #[test]
    fn writes_what_it_reads() {
        let catalog = Catalog::parse(Path::new("pl.po"), SAMPLE).unwrap();
        assert_eq!(catalog.entries.iter().map(|e| e.msgstr_line).collect::<Vec<_>>(), vec![15, 19, 23]);
        let written = catalog.write();
        // Lines move when a file is rewritten; everything else is kept.
        assert_eq!(Catalog::parse(Path::new("pl.po"), &written).unwrap().without_lines(), catalog.without_lines());
        assert!(
            written.contains("#~ msgctxt \"module:a\"\n#~ msgid \"Old text\"\n#~ msgstr \"Stary tekst\"\n"),
            "{written}"
        );
    }

    /// What `msgmerge --previous` and Poedit write for plurals, changed contexts and obsolete
    /// fuzzy entries, with Windows line ends and no line end after the last line.
    const GETTEXT_OUTPUT: &str = "msgid \"\"\r\nmsgstr \"Language: pl\\n\"\r\n\r\n\
        #, fuzzy\r\n#| msgctxt \"ui:old\"\r\n#| msgid \"Old\"\r\nmsgctxt \"ui:new\"\r\nmsgid \"New\"\r\nmsgstr \"Nowy\"\r\n\r\n\
        msgid \"One file\"\r\nmsgid_plural \"%d files\"\r\nmsgstr[0] \"Jeden plik\"\r\nmsgstr[1] \"%d pliki\"\r\nmsgstr[2] \"\"\r\n\"%d plików\"\r\n\r\n\
        #, fuzzy\r\n#~| msgid \"Gone\"\r\n#~ msgid \"Gone away\"\r\n#~ msgstr \"Nie ma\"";

    #[test]
    fn reads_and_keeps_plurals_previous_contexts_and_obsolete_previous_strings() {
        let catalog = Catalog::parse(Path::new("pl.po"), GETTEXT_OUTPUT).unwrap();
        let [changed, plural, gone] = &catalog.entries[..] else { panic!("{catalog:?}") };
        assert_eq!(changed.previous_msgctxt.as_deref(), Some("ui:old"));
        assert_eq!(changed.previous_msgid.as_deref(), Some("Old"));
        assert_eq!(plural.msgid_plural.as_deref(), Some("%d files"));
        assert_eq!(plural.msgstr_plural, ["Jeden plik", "%d pliki", "%d plików"]);
        assert!(plural.is_current());
        assert_eq!(plural.msgstr_line, 13);
        assert!(gone.obsolete && gone.is_fuzzy());
        assert_eq!(gone.previous_msgid.as_deref(), Some("Gone"));
        let written = catalog.write();
        assert!(written.contains("#| msgctxt \"ui:old\"\n#| msgid \"Old\"\nmsgctxt \"ui:new\"\n"), "{written}");
        // Lines stay as the translator's tool split them while their text is unchanged.
        assert!(written.contains("msgstr[1] \"%d pliki\"\nmsgstr[2] \"\"\n\"%d plików\"\n"), "{written}");
        assert!(written.contains("#, fuzzy\n#~| msgid \"Gone\"\n#~ msgid \"Gone away\"\n"), "{written}");
        let reread = Catalog::parse(Path::new("pl.po"), &written).unwrap();
        assert_eq!(reread.without_lines(), catalog.without_lines());
    }

    #[test]
    fn an_entry_written_twice_is_an_error_naming_both_lines() {
        let text = "msgctxt \"ui:a\"\nmsgid \"A\"\nmsgstr \"1\"\n\nmsgctxt \"ui:b\"\nmsgid \"A\"\nmsgstr \"2\"\n\n\
                    msgctxt \"ui:a\"\nmsgid \"A\"\nmsgstr \"3\"\n";
        let error = Catalog::parse(Path::new("pl.po"), text).unwrap_err();
        assert_eq!(error.line, 9);
        assert!(error.message.contains("repeats the one on line 1"), "{error}");
        let two_headers = "msgid \"\"\nmsgstr \"Language: pl\\n\"\n\nmsgid \"\"\nmsgstr \"Language: de\\n\"\n";
        assert_eq!(Catalog::parse(Path::new("pl.po"), two_headers).unwrap_err().line, 4, "a second header");
        // Obsolete history may repeat: msgmerge can leave two.
        let history = "#~ msgid \"A\"\n#~ msgstr \"1\"\n\n#~ msgid \"A\"\n#~ msgstr \"2\"\n";
        assert_eq!(Catalog::parse(Path::new("pl.po"), history).unwrap().entries.len(), 2);
    }

    /// A build reads entries one at a time and keeps none, yet finds an entry written twice,
    /// however each was wrapped, among many different ones.
    #[test]
    fn a_build_finds_an_entry_written_twice() {
        let mut text = String::from("msgid \"\"\nmsgstr \"Language: pl\\n\"\n\n");
        for n in 0..200 {
            text.push_str(&format!(
                "#: content/modules/a.md:{n}\nmsgctxt \"module:a\"\nmsgid \"Text {n}\"\nmsgstr \"Tekst {n}\"\n\n"
            ));
        }
        let line = text.lines().count() + 1;
        let repeated = "msgctxt \"module:a\"\nmsgid \"\"\n\"Text \"\n\"120\"\nmsgstr \"Znowu\"\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pl.po"), format!("{text}{repeated}")).unwrap();
        let error = Catalog::read_translations(dir.path(), Path::new("pl.po")).unwrap_err();
        assert_eq!(error.line, line);
        assert!(error.message.contains("repeats the one on line 605"), "{error}");
        std::fs::write(dir.path().join("pl.po"), format!("{text}{}", repeated.replace("120", "1200"))).unwrap();
        let catalog = Catalog::read_translations(dir.path(), Path::new("pl.po")).unwrap().unwrap();
        assert_eq!(catalog.entries.len(), 201);
    }

    #[test]
    fn a_character_set_other_than_utf8_is_an_error_with_its_line() {
        let text =
            "msgid \"\"\nmsgstr \"\"\n\"Language: pl\\n\"\n\"Content-Type: text/plain; charset=ISO-8859-2\\n\"\n";
        let error = Catalog::parse(Path::new("pl.po"), text).unwrap_err();
        assert_eq!(error.line, 4);
        assert!(error.message.contains("written in ISO-8859-2; Beacon reads UTF-8 only"), "{error}");
        for fine in ["UTF-8", "utf8", "CHARSET"] {
            assert!(Catalog::parse(Path::new("pl.po"), &text.replace("ISO-8859-2", fine)).is_ok(), "{fine}");
        }
    }

    #[test]
    fn plural_translations_belong_to_plural_entries() {
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgstr[0] \"b\"\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("add its `msgid_plural` line"), "{error}");
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("not `msgstr`"), "{error}");
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgstr \"b\"\nmsgid_plural \"as\"\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("`msgid_plural` must come right after the entry's `msgid`"), "{error}");
        let error = Catalog::parse(Path::new("pl.po"), "msgctxt \"a\"\nmsgstr \"b\"\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("`msgstr` must come right after the entry's `msgid`"), "{error}");
    }

    #[test]
    fn plural_forms_out_of_order_name_the_line() {
        let error =
            Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"c\"\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("`msgstr[1]` is out of order: `msgstr[0]` comes next"), "{error}");
    }

    #[test]
    fn broken_files_name_the_line() {
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nmsgstr \"b\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = Catalog::parse(Path::new("pl.po"), "msgid \"a\"\nnonsense\n").unwrap_err();
        assert!(error.message.contains("unexpected line"), "{error}");
    }
}
