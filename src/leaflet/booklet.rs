//! The print-shop edition of an A5 leaflet: its pages two to each side of A4 paper, in the order
//! that reads right when the sheets are printed on both sides (flipped on the short edge),
//! stacked, folded in half and stapled on the fold ("saddle stitching").

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

/// One side of an A4 sheet: the leaflet page numbers printed on its left and right halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub left: usize,
    pub right: usize,
}

/// The sides of a booklet of `pages` pages (a multiple of four), in print order: the front and
/// back of the outermost sheet first. A right-to-left booklet opens the other way, so each side
/// is mirrored.
pub fn sides(pages: usize, rtl: bool) -> Vec<Side> {
    debug_assert!(pages.is_multiple_of(4), "a booklet has four pages to a sheet");
    let mut sides = Vec::with_capacity(pages / 2);
    for sheet in 0..pages / 4 {
        let front = Side { left: pages - 2 * sheet, right: 1 + 2 * sheet };
        let back = Side { left: 2 + 2 * sheet, right: pages - 1 - 2 * sheet };
        for side in [front, back] {
            sides.push(if rtl { Side { left: side.right, right: side.left } } else { side });
        }
    }
    sides
}

/// What a booklet says about itself: the document information a PDF reader shows.
pub struct About<'a> {
    pub title: &'a str,
    pub lang: &'a str,
    pub date: time::Date,
    /// Names this booklet for the PDF's identifier (its path on the site).
    pub ident: &'a str,
}

/// A4 paper on its side, in points: two A5 pages side by side.
const SHEET: (f64, f64) = (841.8898, 595.2756);

/// The booklet of the A5 leaflet `a5` (a PDF), with its page count. Each side of the A4 sheet
/// draws two of the leaflet's pages as they are, its own page descriptions with their fonts, so
/// the text is copied, not laid out, compressed and embedded a second time. A booklet is for the
/// print shop, so it is not tagged; the leaflet is the accessible edition.
pub fn impose(a5: &[u8], rtl: bool, about: &About<'_>) -> Result<(Vec<u8>, usize), String> {
    let mut pdf = Document::load_mem(a5).map_err(|e| format!("cannot read the A5 leaflet: {e}"))?;
    let leaflet_pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    if leaflet_pages.is_empty() || !leaflet_pages.len().is_multiple_of(4) {
        return Err(format!("the A5 leaflet has {} pages, not a multiple of four", leaflet_pages.len()));
    }
    let drawings = leaflet_pages.iter().map(|&page| page_drawing(&mut pdf, page)).collect::<Result<Vec<_>, _>>()?;
    let pages_id = pdf.new_object_id();
    let sides = sides(leaflet_pages.len(), rtl);
    let mut kids = Vec::with_capacity(sides.len());
    for side in &sides {
        let mut content = Vec::new();
        let mut xobjects = Dictionary::new();
        for (half, number) in [side.left, side.right].into_iter().enumerate() {
            let drawing = &drawings[number - 1];
            let name = format!("P{number}");
            xobjects.set(name.as_bytes(), drawing.id);
            // Each page at its own size when it fits the half sheet (A5 does, exactly in height),
            // centred in it, as a print shop expects.
            let half_width = SHEET.0 / 2.0;
            let scale = (half_width / drawing.size.0).min(SHEET.1 / drawing.size.1).min(1.0);
            let x = half as f64 * half_width + (half_width - drawing.size.0 * scale) / 2.0 - drawing.origin.0 * scale;
            let y = (SHEET.1 - drawing.size.1 * scale) / 2.0 - drawing.origin.1 * scale;
            content.extend(format!("q {scale:.4} 0 0 {scale:.4} {x:.4} {y:.4} cm /{name} Do Q\n").into_bytes());
        }
        let content_id = pdf.add_object(Stream::new(Dictionary::new(), content));
        kids.push(Object::Reference(pdf.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(SHEET.0 as f32), Object::Real(SHEET.1 as f32)],
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => content_id,
        })));
    }
    let count = kids.len();
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count as i64 }),
    );
    let catalog = pdf.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal(about.lang),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    });
    let date = Object::string_literal(format!(
        "D:{:04}{:02}{:02}000000Z",
        about.date.year(),
        u8::from(about.date.month()),
        about.date.day()
    ));
    let info = pdf.add_object(dictionary! {
        "Title" => text_string(about.title),
        "Creator" => Object::string_literal("Beacon"),
        "CreationDate" => date.clone(),
        "ModDate" => date,
    });
    // Only the new catalog is kept: the leaflet's page tree, tags, links and metadata go with
    // its old one, and `prune_objects` drops what nothing refers to any more.
    let digest = crate::text::hash::hex_digest(&[about.ident.as_bytes()]);
    let id = Object::String(hex::decode(&digest[..32]).unwrap_or_default(), StringFormat::Hexadecimal);
    pdf.trailer = dictionary! { "Root" => catalog, "Info" => info, "ID" => vec![id.clone(), id] };
    pdf.prune_objects();
    pdf.renumber_objects();
    let mut bytes = Vec::with_capacity(a5.len());
    pdf.save_to(&mut bytes).map_err(|e| format!("cannot write the booklet: {e}"))?;
    Ok((bytes, count))
}

/// A leaflet page turned into a drawing (a form XObject) that a booklet side can place.
struct Drawing {
    id: ObjectId,
    /// The page's lower left corner and its size, in points.
    origin: (f64, f64),
    size: (f64, f64),
}

fn page_drawing(pdf: &mut Document, page: ObjectId) -> Result<Drawing, String> {
    let media_box = inherited(pdf, page, b"MediaBox").ok_or("an A5 page has no size (MediaBox)")?;
    let corners: Vec<f64> = media_box
        .as_array()
        .ok()
        .map(|corners| corners.iter().filter_map(|n| n.as_float().ok().map(f64::from)).collect())
        .unwrap_or_default();
    let [left, bottom, right, top] = corners[..] else {
        return Err("an A5 page's size (MediaBox) is not four numbers".to_string());
    };
    let resources = inherited(pdf, page, b"Resources").unwrap_or(Object::Dictionary(Dictionary::new()));
    let group = pdf.get_dictionary(page).ok().and_then(|page| page.get(b"Group").ok().cloned());
    // The page's content as the drawing's, still compressed; a page drawn by several streams
    // (never one of Beacon's leaflets) has them joined.
    let stream = |id| pdf.get_object(id).and_then(Object::as_stream).map_err(|e| format!("an A5 page's content: {e}"));
    let mut drawing = match pdf.get_page_contents(page)[..] {
        [only] => stream(only)?.clone(),
        ref several => {
            // Each stream ends where the next begins: a line break keeps their last and first
            // operators apart.
            let mut joined = Vec::new();
            for &id in several {
                let content = stream(id)?.decompressed_content().map_err(|e| format!("an A5 page's content: {e}"))?;
                joined.extend(content);
                joined.push(b'\n');
            }
            let mut drawing = Stream::new(Dictionary::new(), joined);
            drawing.compress().map_err(|e| format!("cannot compress an A5 page's content: {e}"))?;
            drawing
        }
    };
    drawing.dict.set("Type", "XObject");
    drawing.dict.set("Subtype", "Form");
    drawing.dict.set("BBox", media_box);
    drawing.dict.set("Resources", resources);
    if let Some(group) = group {
        drawing.dict.set("Group", group);
    }
    Ok(Drawing { id: pdf.add_object(drawing), origin: (left, bottom), size: (right - left, top - bottom) })
}

/// A page's entry, or the nearest one above it in the page tree (MediaBox and Resources are
/// inherited).
fn inherited(pdf: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = pdf.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
        node = pdf.get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?).ok()?;
    }
    None
}

/// A PDF text string: UTF-16 with a byte order mark, which any script can be written in.
fn text_string(text: &str) -> Object {
    let mut bytes = Vec::new();
    lopdf::encode_utf16_be(text, &mut bytes);
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leaflet::engine::testing::{engine, render_with, run_on_pdf};

    /// The order a reader meets the halves of printed, stacked and folded sheets: from the
    /// cover inwards on the right of each spread, then outwards again. Independent of how
    /// `sides` computes them.
    fn reading_order(sides: &[Side], rtl: bool) -> Vec<usize> {
        let sheets: Vec<(&Side, &Side)> = sides.chunks(2).map(|pair| (&pair[0], &pair[1])).collect();
        // For a left-to-right booklet the cover is the right half of the outer front.
        let first = |s: &Side| if rtl { s.left } else { s.right };
        let second = |s: &Side| if rtl { s.right } else { s.left };
        let mut order = Vec::new();
        for (front, back) in &sheets {
            order.push(first(front));
            order.push(second(back));
        }
        for (front, back) in sheets.iter().rev() {
            order.push(first(back));
            order.push(second(front));
        }
        order
    }

    fn about() -> About<'static> {
        About {
            title: "Flooding – A5 booklet",
            lang: "en",
            date: time::macros::date!(2026 - 12 - 03),
            ident: "/en/x.pdf",
        }
    }

    /// The text on one half (0 left, 1 right) of one side of a booklet, as pdftotext reads it.
    fn half_text(booklet: &[u8], side: usize, half: usize) -> String {
        let (side, x) = (side.to_string(), (half * 421).to_string());
        let args = ["-f", &side, "-l", &side, "-x", &x, "-y", "0", "-W", "421", "-H", "596", "{pdf}", "-"];
        String::from_utf8(run_on_pdf("pdftotext", &args, booklet)).unwrap().split_whitespace().collect()
    }

    #[test]
    fn a_booklet_prints_the_leaflet_pages_themselves_in_folding_order() {
        let leaflet =
            render_with(&engine(), "", "One\n#pagebreak()\nTwo\n#pagebreak()\nThree\n#pagebreak()\nFour\n").unwrap();
        assert_eq!(leaflet.pages, 4);
        for (rtl, first_side) in [(false, ["Four", "One"]), (true, ["One", "Four"])] {
            let (booklet, sides) = impose(&leaflet.pdf, rtl, &about()).unwrap();
            assert_eq!(sides, 2);
            let halves = |side| [half_text(&booklet, side, 0), half_text(&booklet, side, 1)];
            // Each half holds its page's text and its own footer.
            assert!(
                halves(1)[0].starts_with(first_side[0]) && halves(1)[1].starts_with(first_side[1]),
                "{:?}",
                halves(1)
            );
            let back = if rtl { ["Three", "Two"] } else { ["Two", "Three"] };
            assert!(halves(2)[0].starts_with(back[0]) && halves(2)[1].starts_with(back[1]), "{:?}", halves(2));
            let info = String::from_utf8(run_on_pdf("pdfinfo", &["{pdf}"], &booklet)).unwrap();
            for line in
                ["Title:           Flooding – A5 booklet", "Pages:           2", "841.89 x 595.276 pts (A4)", "Dec  3"]
            {
                assert!(info.contains(line), "{line} in {info}");
            }
            let fonts = String::from_utf8(run_on_pdf("pdffonts", &["{pdf}"], &booklet)).unwrap();
            let fonts: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!fonts.is_empty() && fonts.iter().all(|font| font.contains(" yes yes yes ")), "{fonts:?}");
        }
    }

    #[test]
    fn a_leaflet_that_cannot_be_a_booklet_is_an_error() {
        let three = render_with(&engine(), "", "One\n#pagebreak()\nTwo\n#pagebreak()\nThree\n").unwrap();
        let problem = impose(&three.pdf, false, &about()).unwrap_err();
        assert!(problem.contains("3 pages, not a multiple of four"), "{problem}");
        let problem = impose(b"%PDF-1.7 but not really", false, &about()).unwrap_err();
        assert!(problem.contains("cannot read the A5 leaflet"), "{problem}");
    }

    #[test]
    fn a_page_drawn_by_several_streams_keeps_all_of_them() {
        // Not how Beacon's leaflets are written, but valid PDF: the streams are drawn in turn.
        let mut pdf = Document::with_version("1.7");
        let pages_id = pdf.new_object_id();
        let kids: Vec<Object> = (1..=4)
            .map(|n| {
                let first = pdf.add_object(Stream::new(Dictionary::new(), format!("{n} 0 0 RG").into_bytes()));
                let second = pdf.add_object(Stream::new(Dictionary::new(), b"0 0 m 100 100 l S".to_vec()));
                pdf.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => vec![first.into(), second.into()] })
                    .into()
            })
            .collect();
        let a5 = vec![0.into(), 0.into(), Object::Real(419.53), Object::Real(595.28)];
        pdf.objects
            .insert(pages_id, dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 4, "MediaBox" => a5 }.into());
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        pdf.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).unwrap();
        let (booklet, sides) = impose(&bytes, false, &about()).unwrap();
        assert_eq!(sides, 2);
        let booklet = Document::load_mem(&booklet).unwrap();
        let drawings: Vec<String> = booklet
            .objects
            .values()
            .filter_map(|object| object.as_stream().ok())
            .filter(|stream| stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|name| name == b"Form"))
            .map(|stream| String::from_utf8(stream.decompressed_content().unwrap_or(stream.content.clone())).unwrap())
            .collect();
        assert_eq!(drawings.len(), 4, "{drawings:?}");
        for n in 1..=4 {
            assert!(drawings.iter().any(|d| d.contains(&format!("{n} 0 0 RG\n0 0 m 100 100 l S"))), "{drawings:?}");
        }
    }

    #[test]
    fn folded_sheets_read_in_page_order() {
        for pages in [4, 8, 12, 16, 40] {
            for rtl in [false, true] {
                let sides = sides(pages, rtl);
                assert_eq!(sides.len(), pages / 2);
                assert_eq!(reading_order(&sides, rtl), (1..=pages).collect::<Vec<_>>(), "{pages} pages, rtl {rtl}");
            }
        }
        assert_eq!(
            sides(8, false),
            vec![
                Side { left: 8, right: 1 },
                Side { left: 2, right: 7 },
                Side { left: 6, right: 3 },
                Side { left: 4, right: 5 }
            ]
        );
    }
}
