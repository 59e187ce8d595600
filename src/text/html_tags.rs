//! The HTML an author or translator may write inside markdown, and a tag scanner that finds it.
//!
//! The allow-list here is the one policy for raw HTML: `site::document::raw_html` uses it to
//! tell the author, with file and line, what will be removed, and `html::sanitise` hands the
//! same lists to the sanitiser that removes it from the page. Everything an author needs for
//! text is allowed; nothing that runs script, loads other pages or changes the page's layout is.

use std::borrow::Cow;
use std::ops::Range;

/// Elements kept on the page. No `h1` (the page has one), no forms, frames, media or styles.
pub const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on every allowed element.
pub const GLOBAL_ATTRIBUTES: &[&str] =
    &["class", "id", "lang", "dir", "title", "role", "aria-label", "aria-hidden", "aria-describedby"];

/// Attributes kept on one element only.
pub const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("ol", &["start", "reversed"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("th", &["colspan", "rowspan", "scope", "style"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    // Beacon marks text not translated yet with `<span lang=".." data-fallback>`.
    ("span", &["data-fallback"]),
];

/// The only CSS property kept (on table cells, for column alignment).
pub const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Attributes holding an address, checked against [`URL_SCHEMES`].
pub const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Address schemes a link may use; addresses without a scheme stay on the site.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Elements removed together with everything inside them.
pub const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Elements that never have an end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose content is not markup: a `<` inside them does not open a tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// Whether the content of `name` is text, not markup (`<script>`, `<textarea>`...).
pub fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.contains(&name)
}

pub fn is_allowed_element(name: &str) -> bool {
    ELEMENTS.contains(&name)
}

pub fn is_allowed_attribute(element: &str, attribute: &str) -> bool {
    GLOBAL_ATTRIBUTES.contains(&attribute)
        || ELEMENT_ATTRIBUTES.iter().any(|(e, attributes)| *e == element && attributes.contains(&attribute))
}

pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// The scheme of an address ("javascript" in "JavaScript:alert(1)"), as a browser reads it:
/// tabs, line breaks and leading spaces or controls are ignored, and text before the first `:`
/// that is not a valid scheme (a letter, then letters, digits, `+`, `-` or `.`) makes the
/// address a relative one, with no scheme.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// An attribute value as a browser reads it: character references such as `&#x61;` and
/// `&colon;`, which can spell out a scheme, are decoded. Named references are decoded for the
/// characters an address's scheme is made of; others are left as written.
pub fn decode_attribute(value: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("colon", ':'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("plus", '+'),
        ("period", '.'),
        ("hyphen", '-'),
        ("sol", '/'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
    ];
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let (decoded, used) = if let Some(number) = rest.strip_prefix('#') {
            let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex.chars().take_while(char::is_ascii_hexdigit).count(), 16, 2),
                None => (number.chars().take_while(char::is_ascii_digit).count(), 10, 1),
            };
            let text = &rest[skip..skip + digits];
            let c = u32::from_str_radix(text, radix).ok().and_then(char::from_u32).filter(|_| digits > 0);
            (c, skip + digits)
        } else {
            let name_len = rest.chars().take_while(char::is_ascii_alphanumeric).count();
            let c = NAMED.iter().find(|(name, _)| *name == &rest[..name_len]).map(|(_, c)| *c);
            (c, name_len)
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// True for an address a link or image may use: one of [`URL_SCHEMES`], or none.
pub fn is_allowed_url(url: &str) -> bool {
    url_scheme(url).is_none_or(|scheme| URL_SCHEMES.contains(&scheme.as_str()))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag<'a> {
    Start {
        /// Lower-cased (borrowed from the HTML when it was written so, as nearly every tag is).
        name: Cow<'a, str>,
        /// Names lower-cased, values as written (entities not decoded).
        attributes: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: Cow<'a, str>,
    },
    /// `<!-- ... -->`. `closed` is false when the text ends before `-->`, or when another `<!--`
    /// comes first (then this comment was never closed, and a later comment's end ends it).
    Comment {
        closed: bool,
    },
    /// `<!DOCTYPE>`, `<![CDATA[`, `<?...>`: nothing a page's text needs.
    Declaration,
}

/// The tags in an HTML fragment, in order, with the bytes each spans. Text between them is
/// skipped; a `<` that does not start a tag is text, as in a browser.
pub fn tags(html: &str) -> Tags<'_> {
    Tags { html, at: 0, with_attributes: true }
}

/// The same tags as [`tags`], with no attributes: for a pass over every page that only needs
/// the names (it spares an allocation for each attribute name and value).
pub fn tags_without_attributes(html: &str) -> Tags<'_> {
    Tags { html, at: 0, with_attributes: false }
}

/// The iterator of [`tags`]: it reads one tag at a time, so a pass over a page holds no list.
pub struct Tags<'a> {
    html: &'a str,
    /// Where reading goes on.
    at: usize,
    with_attributes: bool,
}

impl<'a> Iterator for Tags<'a> {
    type Item = (Range<usize>, Tag<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let html = self.html;
        let bytes = html.as_bytes();
        while let Some(next) = memchr::memchr(b'<', &bytes[self.at..]) {
            let start = self.at + next;
            let rest = &html[start..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                return Some(match memchr::memmem::find(comment.as_bytes(), b"-->") {
                    Some(end) => {
                        let closed = memchr::memmem::find(&comment.as_bytes()[..end], b"<!--").is_none();
                        self.at = start + 4 + end + 3;
                        (start..self.at, Tag::Comment { closed })
                    }
                    None => {
                        self.at = html.len();
                        (start..html.len(), Tag::Comment { closed: false })
                    }
                });
            } else if rest.starts_with("<!") || rest.starts_with("<?") {
                self.at = tag_end(bytes, start);
                return Some((start..self.at, Tag::Declaration));
            } else if rest.strip_prefix("</").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic())) {
                let name_start = start + 2;
                let name_end = first_byte(bytes, name_start, ends_tag_name);
                self.at = tag_end(bytes, start);
                return Some((start..self.at, Tag::End { name: lower_case(&html[name_start..name_end]) }));
            } else if bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
                let (tag, end) = start_tag(html, start + 1, self.with_attributes);
                self.at = end;
                if let Tag::Start { name, self_closing: false, .. } = &tag
                    && is_raw_text(name)
                {
                    // Skip to the matching end tag, which the next call reads.
                    let close = format!("</{name}");
                    self.at = find_ascii_case_insensitive(&html[end..], &close).map_or(html.len(), |i| end + i);
                }
                return Some((start..end, tag));
            } else {
                self.at = start + 1;
            }
        }
        self.at = html.len();
        None
    }
}

/// A tag or attribute name in lower case, copied only when it has an upper-case letter.
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Reads a start tag whose name begins at `at`; returns it (with its attributes if asked) and
/// the offset after its `>`.
fn start_tag(html: &str, mut at: usize, with_attributes: bool) -> (Tag<'_>, usize) {
    let bytes = html.as_bytes();
    let name_end = first_byte(bytes, at, ends_tag_name);
    let name = lower_case(&html[at..name_end]);
    at = name_end;
    let mut attributes = Vec::new();
    let mut self_closing = false;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match bytes.get(at) {
            None => break,
            Some(b'>') => {
                at += 1;
                break;
            }
            Some(b'/') => {
                self_closing = bytes.get(at + 1) == Some(&b'>');
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        let attr_end = first_byte(bytes, at, |b| b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/'));
        // A lone `=` or quote where a name should be: take one character so the loop moves on.
        let attr_end = attr_end.max(at + 1).min(html.len());
        let attr_end = (attr_end..=html.len()).find(|i| html.is_char_boundary(*i)).unwrap_or(html.len());
        let attr_name = &html[at..attr_end];
        at = attr_end;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(quote, &bytes[at + 1..]).map_or(html.len(), |i| at + 1 + i);
                    value = &html[at + 1..close];
                    at = (close + 1).min(html.len());
                }
                _ => {
                    let end = first_byte(bytes, at, |b| b.is_ascii_whitespace() || b == b'>');
                    value = &html[at..end];
                    at = end;
                }
            }
        }
        if with_attributes {
            attributes.push((attr_name.to_ascii_lowercase(), value.to_string()));
        }
    }
    (Tag::Start { name, attributes, self_closing }, at)
}

/// Whether `b` ends a tag's name: whitespace, `>` or `/`.
fn ends_tag_name(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// The offset of the first byte from `from` on for which `stop` is true, or the end. `stop` is
/// only ever true for ASCII bytes, so the offset is always at a character boundary.
fn first_byte(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[from..].iter().position(|b| stop(*b)).map_or(bytes.len(), |i| from + i)
}

/// The offset after the `>` that ends the tag starting at `start`, or the end.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |end| start + end + 1)
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> Tag<'a> {
        let attributes = attributes.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        Tag::Start { name: name.into(), attributes, self_closing: false }
    }

    #[test]
    fn finds_tags_attributes_and_comments() {
        let html = "<DIV onclick=\"x('>')\" hidden>a < b <br/></div><!-- note --><a href=x>y</a>";
        let found: Vec<Tag> = tags(html).map(|(_, t)| t).collect();
        assert_eq!(
            found,
            vec![
                start("div", &[("onclick", "x('>')"), ("hidden", "")]),
                Tag::Start { name: "br".into(), attributes: vec![], self_closing: true },
                Tag::End { name: "div".into() },
                Tag::Comment { closed: true },
                start("a", &[("href", "x")]),
                Tag::End { name: "a".into() },
            ]
        );
        let spans: Vec<&str> = tags(html).map(|(range, _)| &html[range]).collect();
        assert_eq!(
            spans,
            ["<DIV onclick=\"x('>')\" hidden>", "<br/>", "</div>", "<!-- note -->", "<a href=x>", "</a>"]
        );
    }

    #[test]
    fn unclosed_comment_and_script_content() {
        assert_eq!(tags("x <!-- i18n: note\n\n## Later").last().unwrap().1, Tag::Comment { closed: false });
        let found: Vec<Tag> = tags("<script>if (a<b) {}</SCRIPT>").map(|(_, t)| t).collect();
        assert_eq!(found, vec![start("script", &[]), Tag::End { name: "script".into() }]);
    }

    #[test]
    fn hostile_fragments_do_not_panic() {
        for html in ["<", "<a", "<a b", "<a b=", "<a b='", "<a é=1>", "</", "</a", "<!", "<!--", "<a =x>", "<a/", "<é>"]
        {
            tags(html);
            tags_without_attributes(html);
        }
    }

    #[test]
    fn tags_without_attributes_are_the_same_tags() {
        let html = "<DIV onclick=\"x('>')\" hidden>a < b <br/></div><!-- note --><a href=x>y</a><p a='1'b=2 / >\
                    <script src=x>if (a<b) {}</script><a é=1><a =x>";
        fn stripped(tag: Tag<'_>) -> Tag<'_> {
            match tag {
                Tag::Start { name, self_closing, .. } => Tag::Start { name, attributes: vec![], self_closing },
                other => other,
            }
        }
        let full: Vec<_> = tags(html).map(|(range, tag)| (range, stripped(tag))).collect();
        assert_eq!(tags_without_attributes(html).collect::<Vec<_>>(), full);
    }

    #[test]
    fn schemes_as_a_browser_reads_them() {
        assert_eq!(url_scheme(" Java\tScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(url_scheme("/a:b"), None);
        assert_eq!(url_scheme("page#x:y"), None);
        assert_eq!(url_scheme("javascr&p17t:x"), None, "not a scheme: a relative address");
        assert_eq!(decode_attribute("jav&#x61;scr&#105pt&colon;x &amp; &copy; &#xZ;"), "javascript:x & &copy; &#xZ;");
        assert_eq!(url_scheme("web+beacon:x").as_deref(), Some("web+beacon"));
        assert!(is_allowed_url("https://gov.uk") && is_allowed_url("tel:999") && is_allowed_url("/files/plan.pdf"));
        assert!(
            !is_allowed_url("javascript:alert(1)")
                && !is_allowed_url("data:text/html,x")
                && !is_allowed_url("vbscript:x")
        );
    }
}
