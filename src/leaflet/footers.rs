//! Page footers ("Page 2 of 3"), laid out on their own and printed on a leaflet's pages.
//!
//! A footer that counts its pages (`counter(page)`) makes Typst lay the whole leaflet out a second
//! time, once the page count is known. Beacon lays each leaflet out without footers, then calls
//! the layout again with `footers:` set to the page count and without the page's text, and puts
//! each of those pages' footers on the leaflet's page of the same number.

use super::engine::{Document, Engine, LeafletWorld};
use crate::diagnostics::Diagnostic;
use typst::foundations::{Label, Selector};
use typst::introspection::Introspector as _;
use typst::layout::Point;
use typst::model::Document as _;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The argument that [`print`] changes to the page count of the finished layout.
pub const NO_FOOTERS: &str = "footers: none";

/// The label on each page the layout makes with `footers: N`: it shows that the layout laid out
/// the footers alone, rather than ignoring the argument and laying out the leaflet again.
const FOOTER_LABEL: &str = "beacon-footer";

/// The leaflet `paged`, laid out from `world`, with its page footers printed on its pages. The
/// footers are laid out on their own, from the same main source without the page's text and
/// with the page count: a footer that counted the pages itself would make Typst lay the whole
/// leaflet out twice. A layout whose main source has no [`NO_FOOTERS`] is left as it is.
pub(super) fn print(
    engine: &Engine,
    document: &Document<'_>,
    world: &LeafletWorld<'_>,
    paged: PagedDocument,
) -> Result<PagedDocument, Diagnostic> {
    let main = world.main_text();
    if !main.contains(NO_FOOTERS) {
        return Ok(paged);
    }
    let pages = paged.pages();
    // The main source without the page's text, which ends it. (Should `body_len` not fit, the
    // text is laid out again with the footers: slower, with the same footers.)
    let head = main.len().checked_sub(document.body_len).and_then(|end| main.get(..end)).unwrap_or(main);
    let footers_world =
        engine.world_with_main(document, head.replacen(NO_FOOTERS, &format!("footers: {}", pages.len()), 1));
    let footers = engine.lay_out(&footers_world)?;
    let labelled = Label::new(PicoStr::intern(FOOTER_LABEL))
        .map_or(0, |label| footers.introspector().query(&Selector::Label(label)).len());
    let other_size =
        pages.iter().zip(footers.pages()).position(|(page, footer)| page.frame.size() != footer.frame.size());
    if labelled != pages.len() || footers.pages().len() != pages.len() || other_size.is_some() {
        let size = |page: &typst_layout::Page| {
            let size = page.frame.size();
            format!("{:.0} × {:.0} pt", size.x.to_pt(), size.y.to_pt())
        };
        let sizes = match other_size {
            Some(index) => format!(
                "; its page {} is {}, the leaflet's {}",
                index + 1,
                size(&footers.pages()[index]),
                size(&pages[index])
            ),
            None => String::new(),
        };
        return Err(Diagnostic::error(
            &engine.template_file,
            0,
            format!(
                "given `footers: {count}`, the leaflet layout must make {count} pages of the leaflet's size, \
                 each holding only its page footer and a mark `<{FOOTER_LABEL}>`; it made {made} pages \
                 with {labelled} marks{sizes}",
                count = pages.len(),
                made = footers.pages().len(),
            ),
        )
        .help("lay out only the numbered page footers when `footers` is a number, as the theme's leaflet.typ does"));
    }
    let pages = pages
        .iter()
        .zip(footers.pages())
        .map(|(page, footer)| {
            let mut page = page.clone();
            // After the page's text, where Typst puts a footer it lays out itself. The tags in
            // it mark the footer as a page artifact, which screen readers skip.
            page.frame.push_frame(Point::zero(), footer.frame.clone());
            page
        })
        .collect();
    Ok(PagedDocument::new(pages, paged.info().clone()))
}

#[cfg(test)]
mod tests {
    use super::super::engine::testing::{engine, page_text, render_with};
    use std::path::Path;

    #[test]
    fn each_page_gets_its_own_numbered_footer() {
        let rendered = render_with(&engine(), "", "#lorem(400)\n").unwrap();
        assert!(rendered.pages >= 3, "the text fills several pages: {}", rendered.pages);
        for page in 1..=rendered.pages {
            let text = page_text(&rendered.pdf, page);
            let footers: Vec<&str> = text.lines().filter(|line| line.starts_with("Page ")).collect();
            assert_eq!(footers, [format!("Page {page} of {}", rendered.pages)], "page {page}: {text}");
            assert!(text.contains("ipsum") || page > 1, "page {page} keeps its text: {text}");
        }
    }

    #[test]
    fn a_layout_that_ignores_footers_is_an_error() {
        // One page, as many as the layout makes when it ignores `footers`: only the marks tell.
        let Err(problem) = render_with(&engine(), "ignore-footers: true, ", "A short leaflet.\n") else {
            panic!("the footers would print the leaflet again")
        };
        assert_eq!(problem.file, Path::new("leaflet.typ"));
        assert!(
            problem.message.contains("`footers: ") && problem.message.contains("<beacon-footer>"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn footers_on_pages_of_another_size_are_an_error() {
        let Err(problem) = render_with(&engine(), "footer-width: 12cm, ", "A short leaflet.\n") else {
            panic!("a footer laid out for another page would be printed in the wrong place")
        };
        assert!(
            problem.message.contains("its page 1 is 340 × 227 pt, the leaflet's 283 × 227 pt"),
            "{}",
            problem.message
        );
    }
}
