//! The format-neutral document model: a page's text after variant selection and translation,
//! built once from markdown and read by both writers (HTML pages and Typst leaflets).
//!
//! Everything a writer could get wrong on its own is settled here, once: links are resolved to
//! pages, anchors, files or external addresses; images to files; headings have their final level
//! and a unique anchor; phone numbers and addresses inside right-to-left text are marked as
//! left-to-right runs; text not translated yet carries its own language. Neither writer parses
//! markdown or classifies a link again, so a fix here reaches web pages and leaflets alike.

mod build;
mod raw_html;

pub use build::{MAX_DEPTH, Settings, build, text_runs};

use crate::diagnostics::Diagnostic;
pub use crate::load::config::Direction;
use std::path::PathBuf;

/// One page's text.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The markdown file the text comes from, relative to the site folder.
    pub file: PathBuf,
    pub blocks: Vec<Block>,
    /// Every heading in reading order, with its final level (risk headings included).
    pub headings: Vec<Heading>,
    /// Links to pages of this site, to be checked once every page is known.
    pub links: Vec<InternalLink>,
    /// Image files beside the markdown, to copy into the output.
    pub images: Vec<ImageFile>,
    /// Text of each paragraph and list item, for the reading-age estimate.
    pub prose: Vec<Prose>,
    /// Problems found while building the document (broken links, missing images and alt text).
    pub problems: Vec<Diagnostic>,
    /// True when the author or a translator wrote raw HTML: the page's body then goes through
    /// the sanitiser before it is published.
    pub raw_html: bool,
}

/// A block with the file line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub line: usize,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph(Vec<Inline>),
    /// Text directly inside a tight list item, without a paragraph of its own.
    Plain(Vec<Inline>),
    Heading(Heading, HeadingExtras, Vec<Inline>),
    List {
        /// The first number of a numbered list; None for bullets.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        alignments: Vec<Alignment>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote(Vec<Block>),
    Code {
        /// The first word of a fenced block's info string ("toml" in ```toml).
        language: Option<String>,
        text: String,
    },
    /// Raw HTML written by the author; the web page shows it, leaflets leave it out.
    Html(String),
    Rule,
    Footnote {
        label: String,
        blocks: Vec<Block>,
    },
    /// `::: callout`: an important notice.
    Callout(Vec<Block>),
    /// `::: checklist`: lists inside become tick-box lists.
    Checklist(Vec<Block>),
    /// `::: form`: to fill in on paper; lists inside are labels with a line to write on, and
    /// empty table cells are boxes.
    Form(Vec<Block>),
    /// `::: risk ...`: advice for some risks, under a heading naming them on a general page.
    Risk {
        risks: Vec<String>,
        heading: Option<Heading>,
        blocks: Vec<Block>,
    },
}

/// A heading as it appears in the page's outline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// File line, for messages.
    #[serde(skip)]
    pub line: usize,
    pub level: u8,
    pub id: String,
    /// The heading's text without markup.
    pub text: String,
}

/// Classes and attributes written in `{...}` after a heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadingExtras {
    pub classes: Vec<String>,
    pub attributes: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// A phone number (digit groups: "0345 988 1188") in left-to-right text, which must stay on
    /// one line: half a number at the end of a line gets dialled wrong.
    Number(String),
    /// A phone number or address inside right-to-left text: it must read left to right (and a
    /// number must stay on one line).
    LeftToRight(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Link {
        target: LinkTarget,
        title: String,
        content: Vec<Inline>,
    },
    Image {
        target: ImageTarget,
        alt: String,
        title: String,
    },
    /// Text in another language than the page: a segment not translated yet.
    Language {
        lang: String,
        /// Set when that language reads in the other direction from the page's (English on an
        /// Urdu page): the run is then set in its own direction, or its full stop and brackets
        /// would move to the wrong end.
        dir: Option<Direction>,
        content: Vec<Inline>,
    },
    TaskMarker {
        done: bool,
    },
    FootnoteReference(String),
    SoftBreak,
    HardBreak,
    /// Raw inline HTML written by the author; leaflets leave it out.
    Html(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another site, or a `mailto:` or `tel:` address.
    External(String),
    /// A page of this site by its output path ("/en/risks/flood/"), and a heading on it.
    Page { path: String, fragment: Option<String> },
    /// A heading on the same page.
    SamePage(String),
    /// A file from `static/`, by its root path ("/files/plan.pdf").
    File(String),
    /// A link that could not be resolved (reported as a problem), kept as written.
    Unresolved(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageTarget {
    External(String),
    /// A file of the site: its source relative to the site folder, and its output path.
    File {
        source: PathBuf,
        output: String,
    },
    /// An image that does not exist (reported as a problem), kept as written.
    Missing(String),
}

/// A link to a page of this site, to be checked once every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Output path of the target page, e.g. "/en/risks/flood/".
    pub target: String,
    pub fragment: Option<String>,
    /// What the author wrote.
    pub written: String,
    pub line: usize,
}

/// An image file to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    /// Relative to the site folder.
    pub source: PathBuf,
    /// Output path, e.g. "/media/modules/x/photo.jpg".
    pub output: String,
}

/// The text of one paragraph or list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub line: usize,
    pub text: String,
}

impl Document {
    /// Second-level headings, for a page's contents list.
    pub fn contents(&self) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(|h| h.level == 2)
    }
}

/// Builds documents from markdown for tests of the model and of its writers.
#[cfg(test)]
pub mod testing {
    use super::{Document, Settings, build};
    use crate::load::containers::{Body, Variant};
    use std::path::Path;

    /// A module's text (body starting on line 5 of content/modules/m.md) as the document of the
    /// page /en/modules/m/; risk headings read "Risk flood", files in `statics` exist.
    pub fn document(markdown: &str, variant: Variant<'_>, statics: &[&str], rtl: bool) -> Document {
        let body = Body::parse(Path::new("content/modules/m.md"), markdown, 5, true).unwrap();
        let static_files = statics.iter().map(|s| s.to_string()).collect();
        let label = |risks: &[String]| risks.iter().map(|r| format!("Risk {r}")).collect::<Vec<_>>().join(" and ");
        let settings = Settings {
            lang: "en",
            page_path: "/en/modules/m/",
            source_file: Path::new("content/modules/m.md"),
            site_dir: Path::new("/nonexistent"),
            static_files: &static_files,
            risk_headings: matches!(variant, Variant::General),
            risk_label: &label,
            rtl,
            language_rtl: &|lang| matches!(lang, "ar" | "ur"),
            prose: true,
        };
        build(&body.variant(variant), &settings)
    }
}
