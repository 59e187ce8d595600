//! Heading levels while walking a page's containers, for the document builder.
//!
//! On a module's general page each risk block goes under a heading naming its risk. That heading
//! takes the level of the block's own first heading (whose headings then move one level down),
//! or, for a block without headings, sits one level below the current section — or beside the
//! risk heading just before it, so consecutive risk blocks are siblings in the outline.

use crate::load::containers::{ContainerKind, Sentinel, parse_sentinel};
use pulldown_cmark::{Event, Tag};

/// A container as it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// `heading` is the level of the heading naming the risk, when one was written.
    Risk {
        heading: Option<u8>,
    },
    Callout,
    Checklist,
    Form,
}

#[derive(Debug)]
pub struct Outline {
    stack: Vec<Opened>,
    /// Level of the last heading written; the page title is level 1.
    section_level: u8,
    sibling_risk_level: Option<u8>,
}

impl Default for Outline {
    fn default() -> Self {
        Self { stack: Vec::new(), section_level: 1, sibling_risk_level: None }
    }
}

impl Outline {
    /// Levels that headings inside the open containers move down by.
    fn demotion(&self) -> u8 {
        self.stack.iter().filter(|o| matches!(o, Opened::Risk { heading: Some(_) })).count() as u8
    }

    /// Opens a container. `risk_headings` asks for a heading naming the risk (general pages);
    /// `first_inner_heading` is the level of the block's first heading, if any.
    pub fn open(&mut self, kind: &ContainerKind, risk_headings: bool, first_inner_heading: Option<u8>) -> Opened {
        let opened = match kind {
            ContainerKind::Callout => Opened::Callout,
            ContainerKind::Checklist => Opened::Checklist,
            ContainerKind::Form => Opened::Form,
            ContainerKind::Risk(_) if !risk_headings => Opened::Risk { heading: None },
            ContainerKind::Risk(_) => {
                let level = match (first_inner_heading, self.sibling_risk_level) {
                    (Some(level), _) => level + self.demotion(),
                    (None, Some(sibling)) => sibling,
                    (None, None) => self.section_level + 1,
                }
                .clamp(2, 6);
                self.section_level = level;
                self.sibling_risk_level = None;
                Opened::Risk { heading: Some(level) }
            }
        };
        self.stack.push(opened);
        opened
    }

    /// Closes the innermost container and says what it was.
    pub fn close(&mut self) -> Option<Opened> {
        let closed = self.stack.pop()?;
        if let Opened::Risk { heading: Some(level) } = closed {
            self.section_level = level;
            self.sibling_risk_level = Some(level);
        }
        Some(closed)
    }

    /// The level an authored heading is written at.
    pub fn heading(&mut self, authored_level: u8) -> u8 {
        let level = (authored_level + self.demotion()).min(6);
        self.section_level = level;
        self.sibling_risk_level = None;
        level
    }
}

/// The level of the first heading inside the container opened at `index`, if any.
pub fn first_heading_level<R>(events: &[(Event<'_>, R)], index: usize) -> Option<u8> {
    let mut depth = 0;
    for (event, _) in &events[index + 1..] {
        match event {
            Event::Html(html) => match parse_sentinel(html) {
                Some(Sentinel::Open(_)) => depth += 1,
                Some(Sentinel::Close) if depth == 0 => return None,
                Some(Sentinel::Close) => depth -= 1,
                None => {}
            },
            Event::Start(Tag::Heading { level, .. }) => return Some(*level as u8),
            _ => {}
        }
    }
    None
}
