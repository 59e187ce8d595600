//! `::: kind args` … `:::` containers in markdown bodies.
//!
//! CommonMark has no container syntax, so containers are found by scanning lines before the
//! markdown parser runs. Each variant of a page (the general page, or one risk) gets its own
//! markdown source in which risk blocks for other risks are dropped and every marker line is
//! replaced by an HTML comment "sentinel". An HTML comment at the start of a line is an HTML
//! block that may interrupt a paragraph and ends on its own line, so the markdown around the
//! markers parses exactly as the author wrote it; the renderer turns sentinels into containers.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// The markdown dialect of every body: CommonMark with tables, footnotes, task lists, heading
/// attributes (`{#id}`) and strikethrough.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

const MARKER: &str = ":::";
const SENTINEL_PREFIX: &str = "<!-- beacon:";
const SENTINEL_SUFFIX: &str = " -->";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerKind {
    /// Applies only to the listed risks.
    Risk(Vec<String>),
    /// An important notice.
    Callout,
    /// A tick-box list.
    Checklist,
    /// Something to fill in on paper: each list item is a label with a line to write on, and
    /// each empty table cell a box.
    Form,
}

impl ContainerKind {
    fn sentinel_name(&self) -> String {
        match self {
            ContainerKind::Risk(risks) => format!("risk {}", risks.join(" ")),
            ContainerKind::Callout => "callout".into(),
            ContainerKind::Checklist => "checklist".into(),
            ContainerKind::Form => "form".into(),
        }
    }
}

/// One container, by body line index (0-based) of its opening and closing marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub kind: ContainerKind,
    pub open: usize,
    pub close: usize,
}

/// A markdown body with its containers located.
#[derive(Debug, Clone)]
pub struct Body {
    pub text: String,
    /// File line of the body's first line.
    pub first_line: usize,
    pub containers: Vec<Container>,
}

/// What a container marker line says, before nesting is checked.
enum Marker {
    Open(ContainerKind),
    Close,
}

/// Which risk blocks a rendering keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant<'a> {
    /// Every risk block (the module's general page).
    General,
    /// Common text plus the blocks for this risk.
    Risk(&'a str),
}

/// Markdown for one variant, with a map from its lines back to file lines.
#[derive(Debug, Clone)]
pub struct VariantSource {
    pub markdown: String,
    /// `line_map[i]` is the file line of line `i` of `markdown`.
    pub line_map: Vec<usize>,
    /// `line_starts[i]` is the byte offset in `markdown` where line `i` starts.
    line_starts: Vec<usize>,
}

impl VariantSource {
    fn push_line(&mut self, line: &str, file_line: usize) {
        self.line_starts.push(self.markdown.len());
        self.markdown.push_str(line);
        self.markdown.push('\n');
        self.line_map.push(file_line);
    }

    /// The file line of a byte offset into `markdown`.
    pub fn file_line(&self, offset: usize) -> usize {
        // Binary search: a document asks for thousands of lines, and a scan from the start each
        // time made large files quadratic.
        let line_index = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        self.line_map.get(line_index).or(self.line_map.last()).copied().unwrap_or(0)
    }
}

/// A container marker as the renderer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sentinel {
    Open(ContainerKind),
    Close,
}

/// Recognises a sentinel in an HTML block produced by [`Body::variant`].
pub fn parse_sentinel(html: &str) -> Option<Sentinel> {
    let inner = html.trim().strip_prefix(SENTINEL_PREFIX)?.strip_suffix(SENTINEL_SUFFIX)?;
    let mut words = inner.split_whitespace();
    match words.next()? {
        "end" => Some(Sentinel::Close),
        "callout" => Some(Sentinel::Open(ContainerKind::Callout)),
        "checklist" => Some(Sentinel::Open(ContainerKind::Checklist)),
        "form" => Some(Sentinel::Open(ContainerKind::Form)),
        "risk" => Some(Sentinel::Open(ContainerKind::Risk(words.map(String::from).collect()))),
        _ => None,
    }
}

impl Body {
    /// Finds the containers in `text`, reporting every malformed or unbalanced marker.
    /// `allow_risk_blocks` is false for pages that are not modules.
    pub fn parse(path: &Path, text: &str, first_line: usize, allow_risk_blocks: bool) -> Result<Body, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut containers = Vec::new();
        let mut open: Vec<(ContainerKind, usize)> = Vec::new();
        let mut open_risk_blocks = 0usize;
        let mut fence: Option<(char, usize)> = None;
        for (index, line) in crate::text::lines::lines(text).enumerate() {
            let file_line = first_line + index;
            if let Some(next) = code_fence_state(line, fence) {
                fence = next.0;
                if next.1 {
                    continue;
                }
            }
            if fence.is_some() || !line.starts_with(MARKER) {
                continue;
            }
            match parse_marker(line) {
                Err(help) => problems.push(
                    Diagnostic::error(path, file_line, format!("\"{}\" is not a container I know", line.trim()))
                        .help(help),
                ),
                Ok(Marker::Close) => match open.pop() {
                    Some((kind, start)) => {
                        open_risk_blocks -= usize::from(matches!(kind, ContainerKind::Risk(_)));
                        containers.push(Container { kind, open: start, close: index })
                    }
                    None => problems.push(
                        Diagnostic::error(path, file_line, "this `:::` closes a container that was never opened")
                            .help("remove the line, or add an opening line such as `::: callout` above it"),
                    ),
                },
                Ok(Marker::Open(kind)) => {
                    if let ContainerKind::Risk(_) = kind {
                        if !allow_risk_blocks {
                            problems.push(
                                Diagnostic::error(path, file_line, "risk blocks can only be used in modules")
                                    .help("move this text into a module under content/modules/, or remove the `::: risk` lines"),
                            );
                        } else if open_risk_blocks > 0 {
                            problems.push(
                                Diagnostic::error(path, file_line, "a risk block cannot be inside another risk block")
                                    .help("close the first risk block with `:::` before opening the next, or list both risks on one line: `::: risk flood storm`"),
                            );
                        }
                    }
                    open_risk_blocks += usize::from(matches!(kind, ContainerKind::Risk(_)));
                    open.push((kind, index));
                }
            }
        }
        for (kind, start) in open {
            problems.push(
                Diagnostic::error(path, first_line + start, format!("`::: {}` is never closed", kind.sentinel_name()))
                    .help("add a line with only `:::` where the block ends"),
            );
        }
        if problems.has_errors() {
            return Err(problems);
        }
        containers.sort_by_key(|c| c.open);
        Ok(Body { text: text.to_string(), first_line, containers })
    }

    /// Risks named by risk blocks, with the file line of each block.
    pub fn risk_blocks(&self) -> impl Iterator<Item = (&str, usize)> {
        self.containers.iter().flat_map(move |c| match &c.kind {
            ContainerKind::Risk(risks) => risks.iter().map(|r| (r.as_str(), self.first_line + c.open)).collect(),
            _ => Vec::new(),
        })
    }

    /// The markdown for one variant. Blocks for other risks are dropped, with everything inside them.
    pub fn variant(&self, variant: Variant<'_>) -> VariantSource {
        let mut out = VariantSource {
            markdown: String::with_capacity(self.text.len() + 256),
            line_map: Vec::new(),
            line_starts: Vec::new(),
        };
        let mut skip_until: Option<usize> = None;
        // Containers are sorted by their opening line; closing lines are sorted too and found by
        // a binary search, so thousands of containers do not make every line scan them all.
        let mut closes: Vec<usize> = self.containers.iter().map(|c| c.close).collect();
        closes.sort_unstable();
        for (index, line) in crate::text::lines::lines(&self.text).enumerate() {
            if let Some(end) = skip_until {
                if index <= end {
                    continue;
                }
                skip_until = None;
            }
            let file_line = self.first_line + index;
            let opening = self.containers.binary_search_by_key(&index, |c| c.open).ok().map(|i| &self.containers[i]);
            if let Some(container) = opening {
                if let (ContainerKind::Risk(risks), Variant::Risk(wanted)) = (&container.kind, variant)
                    && !risks.iter().any(|r| r == wanted)
                {
                    skip_until = Some(container.close);
                    continue;
                }
                out.push_line(&sentinel(&container.kind.sentinel_name()), file_line);
            } else if closes.binary_search(&index).is_ok() {
                out.push_line(&sentinel("end"), file_line);
            } else {
                out.push_line(line, file_line);
            }
        }
        out
    }
}

fn sentinel(name: &str) -> String {
    format!("{SENTINEL_PREFIX}{name}{SENTINEL_SUFFIX}")
}

fn parse_marker(line: &str) -> Result<Marker, String> {
    let rest = line[MARKER.len()..].trim();
    let mut words = rest.split_whitespace();
    let Some(kind) = words.next() else {
        return Ok(Marker::Close);
    };
    let args: Vec<String> = words.map(String::from).collect();
    let no_args = |kind: ContainerKind, name: &str| {
        if args.is_empty() {
            Ok(Marker::Open(kind))
        } else {
            Err(format!("`::: {name}` takes nothing after it; write the text on the lines below"))
        }
    };
    match kind {
        "risk" if args.is_empty() => Err("name the risk the block is for, e.g. `::: risk flood`".into()),
        "risk" => Ok(Marker::Open(ContainerKind::Risk(args))),
        "callout" => no_args(ContainerKind::Callout, "callout"),
        "checklist" => no_args(ContainerKind::Checklist, "checklist"),
        "form" => no_args(ContainerKind::Form, "form"),
        _ => {
            Err("containers are `::: risk NAME`, `::: callout`, `::: checklist` and `::: form`, closed by a line `:::`"
                .into())
        }
    }
}

/// Tracks fenced code blocks (``` or ~~~), whose content may legitimately contain `:::`.
/// Returns `Some((new_state, line_is_a_fence))` when the line opens or closes a fence.
fn code_fence_state(line: &str, fence: Option<(char, usize)>) -> Option<(Option<(char, usize)>, bool)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let trimmed = &line[indent..];
    let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.chars().take_while(|c| *c == fence_char).count();
    if run < 3 {
        return None;
    }
    match fence {
        None => Some((Some((fence_char, run)), true)),
        Some((open_char, open_run)) => {
            let closes = fence_char == open_char && run >= open_run && trimmed[run..].trim().is_empty();
            closes.then_some((None, true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Body, Diagnostics> {
        Body::parse(Path::new("m.md"), text, 10, true)
    }

    fn first_error(text: &str) -> Diagnostic {
        parse(text).unwrap_err().into_iter().next().unwrap()
    }

    const MODULE: &str = "Intro\n\n::: risk flood\n## Flood\nWater.\n::: callout\nCall 999.\n:::\n:::\n\n::: risk heatwave storm\nHot.\n:::\nEnd\n";

    #[test]
    fn finds_nested_containers() {
        let body = parse(MODULE).unwrap();
        let kinds: Vec<_> = body.containers.iter().map(|c| (c.kind.clone(), c.open, c.close)).collect();
        assert_eq!(
            kinds,
            vec![
                (ContainerKind::Risk(vec!["flood".into()]), 2, 8),
                (ContainerKind::Callout, 5, 7),
                (ContainerKind::Risk(vec!["heatwave".into(), "storm".into()]), 10, 12),
            ]
        );
        let risks: Vec<_> = body.risk_blocks().collect();
        assert_eq!(risks, vec![("flood", 12), ("heatwave", 20), ("storm", 20)]);
    }

    #[test]
    fn a_risk_variant_keeps_only_its_blocks() {
        let body = parse(MODULE).unwrap();
        let storm = body.variant(Variant::Risk("storm"));
        assert_eq!(storm.markdown, "Intro\n\n\n<!-- beacon:risk heatwave storm -->\nHot.\n<!-- beacon:end -->\nEnd\n");
        assert_eq!(storm.line_map, vec![10, 11, 19, 20, 21, 22, 23]);
        assert_eq!(storm.file_line(storm.markdown.find("Hot").unwrap()), 21);
        let general = body.variant(Variant::General);
        assert!(general.markdown.contains("<!-- beacon:risk flood -->\n## Flood"));
        assert!(general.markdown.contains("<!-- beacon:callout -->\nCall 999.\n<!-- beacon:end -->"));
        assert_eq!(general.line_map.len(), MODULE.lines().count());
    }

    #[test]
    fn sentinels_round_trip() {
        assert_eq!(parse_sentinel("<!-- beacon:end -->\n"), Some(Sentinel::Close));
        assert_eq!(
            parse_sentinel("<!-- beacon:risk a b -->"),
            Some(Sentinel::Open(ContainerKind::Risk(vec!["a".into(), "b".into()])))
        );
        assert_eq!(parse_sentinel("<!-- beacon:form -->"), Some(Sentinel::Open(ContainerKind::Form)));
        assert_eq!(parse_sentinel("<!-- a comment -->"), None);
    }

    #[test]
    fn markers_inside_code_fences_are_text() {
        let body = parse("```\n:::\n::: nonsense\n```\n~~~~\n:::\n~~~\n:::\n~~~~\n").unwrap();
        assert!(body.containers.is_empty());
    }

    #[test]
    fn unclosed_container_names_its_opening_line() {
        let d = first_error("Text\n::: callout\nMore\n");
        assert_eq!((d.line, d.message.as_str()), (11, "`::: callout` is never closed"));
    }

    #[test]
    fn stray_close_unknown_kind_and_nested_risks_are_errors() {
        assert!(first_error("Text\n:::\n").message.contains("never opened"));
        let d = first_error("::: warning\nx\n:::\n");
        assert!(d.message.contains("not a container I know"), "{d}");
        assert!(d.help.unwrap().contains("::: checklist` and `::: form"));
        assert!(first_error("::: risk\nx\n:::\n").help.unwrap().contains("name the risk"));
        assert!(first_error("::: form lines\nx\n:::\n").help.unwrap().contains("takes nothing"));
        assert!(first_error("::: callout big\nx\n:::\n").help.unwrap().contains("takes nothing"));
        let d = first_error("::: risk flood\n::: risk storm\n:::\n:::\n");
        assert_eq!(d.line, 11);
        assert!(d.message.contains("inside another risk block"));
    }

    #[test]
    fn risk_blocks_outside_modules_are_errors() {
        let e = Body::parse(Path::new("p.md"), "::: risk flood\nx\n:::\n", 1, false).unwrap_err();
        assert!(e.iter().next().unwrap().message.contains("only be used in modules"));
    }
}
