//! Puts raised and lowered marks back with their letters before a leaflet becomes a PDF, so that
//! its text reads back as the words on paper.
//!
//! Typst lays out a run of text as one text item per vertical offset: a mark that the font
//! positions above or below its letter (Arabic shadda and tanwin, a Gujarati vowel sign below)
//! becomes an item of its own, on a baseline a few points away. The item's text is the whole
//! cluster the mark belongs to ("هّ"), and the PDF writer maps the mark's glyph to that cluster
//! once more. Text extractors, and the screen readers and copy-paste that use the same text layer,
//! then read the cluster twice and put the stray copy on a line of its own: "كيف تجهّز" came back
//! as "كيف ّه تجّهز".
//!
//! [`join`] moves a mark item's glyphs into the item of their letter, each glyph carrying its own
//! offset, which changes nothing on paper. The writer then sees every glyph of a cluster in one
//! run and wraps them in one `/ActualText` span that gives the cluster's text once. A cluster's
//! last marks can also open the item that goes on with the next words, where a font shapes
//! whole lines rather than single words ("કહ્યું હોય" came back as "કહ્યુંહ્યું હોય"): they move
//! back to their letter in the same way, and that item starts after them.
//!
//! Readers differ in what they make of such a span. Acrobat and Chrome read it as written.
//! Poppler (`pdftotext`) places the span's characters left to right and then reverses a
//! right-to-left line, so a letter and its mark come back mark first ("ًم" for "مً"); it does the
//! same with any glyph that stands for several characters, which no PDF can avoid. Giving each
//! mark its own character instead would be read in order on one baseline, but Poppler puts a
//! raised mark on a line of its own and breaks a word where a mark overlaps its letter, which
//! loses more words than it saves (measured on the default site's leaflets).

use typst::layout::{Abs, Em, Frame, FrameItem, Point};
use typst::model::Document as _;
use typst::text::{Glyph, TextItem};
use typst_layout::PagedDocument;

/// How far apart (in points) two items may be and still be the same run: rounding in layout.
const SAME_PLACE: f64 = 0.01;

/// The document with every mark joined to its letter, or None when no page needed it (most
/// leaflets in Latin script), so the caller keeps the document Typst made.
pub fn join_marks(document: &PagedDocument) -> Option<PagedDocument> {
    let mut changed = false;
    let pages: Vec<_> = document
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            changed |= join_in_frame(&mut page.frame);
            page
        })
        .collect();
    changed.then(|| PagedDocument::new(pages.into_iter().collect(), document.info().clone()))
}

/// Joins the mark items in a frame and the frames inside it; true when it joined any.
fn join_in_frame(frame: &mut Frame) -> bool {
    let mut changed = false;
    let mut items: Vec<(Point, FrameItem)> = Vec::with_capacity(frame.items().len());
    for (position, item) in frame.items().cloned() {
        let item = match item {
            FrameItem::Group(mut group) => {
                changed |= join_in_frame(&mut group.frame);
                FrameItem::Group(group)
            }
            FrameItem::Text(text) => match items.last_mut() {
                Some((previous_position, FrameItem::Text(previous))) => {
                    match join(previous, *previous_position, text, position) {
                        Joined::Into(joined_position) => {
                            *previous_position = joined_position;
                            changed = true;
                            continue;
                        }
                        Joined::Trimmed(text, rest_position) => {
                            changed = true;
                            items.push((rest_position, FrameItem::Text(text)));
                            continue;
                        }
                        Joined::Not(text) => FrameItem::Text(text),
                    }
                }
                _ => FrameItem::Text(text),
            },
            other => other,
        };
        items.push((position, item));
    }
    if changed {
        frame.clear();
        for (position, item) in items {
            frame.push(position, item);
        }
    }
    changed
}

enum Joined {
    /// `previous` now holds both items and is drawn from this position.
    Into(Point),
    /// The marks that opened the second item moved into `previous`; here is the rest of the
    /// second item, drawn from this position.
    Trimmed(TextItem, Point),
    /// The items are separate runs; here is the second one back.
    Not(TextItem),
}

/// Joins `next` into `previous` when one of them holds only glyphs of the cluster that the other
/// one's neighbouring glyph belongs to, and the two are drawn one after the other.
fn join(previous: &mut TextItem, at: Point, next: TextItem, next_at: Point) -> Joined {
    let same_style = previous.font == next.font
        && previous.size == next.size
        && previous.fill == next.fill
        && previous.stroke == next.stroke
        && previous.lang == next.lang
        && previous.region == next.region;
    // `next` starts where `previous` ends: they are consecutive pieces of one line.
    let adjacent = (at.x + previous.width() - next_at.x).to_pt().abs() < SAME_PLACE;
    if !same_style || !adjacent {
        return Joined::Not(next);
    }
    let size = previous.size;
    if let Some(last) = previous.glyphs.last()
        && is_one_cluster(&next)
        && previous.text[last.range()] == *next.text
    {
        // The marks follow their letter: they keep their place, measured from `previous`.
        let range = last.range.clone();
        previous.glyphs.extend(next.glyphs.into_iter().map(into_letter(&range, at.y - next_at.y, size)));
        return Joined::Into(at);
    }
    if let Some(first) = next.glyphs.first()
        && is_one_cluster(previous)
        && next.text[first.range()] == *previous.text
    {
        // The marks come before their letter: the joined item is drawn on the letter's baseline,
        // from where the marks began.
        let range = first.range.clone();
        let marks = std::mem::take(&mut previous.glyphs);
        let mut joined = next;
        joined.glyphs.splice(0..0, marks.into_iter().map(into_letter(&range, next_at.y - at.y, size)));
        *previous = joined;
        return Joined::Into(Point::new(at.x, next_at.y));
    }
    // A font that shapes whole lines (a script's own font, with its spaces) puts a cluster's last
    // marks at the start of the run that goes on with the next words: they join their letter,
    // and the run starts after them.
    if let Some(last) = previous.glyphs.last()
        && let Some(first) = next.glyphs.first()
        && first.range.start == 0
        && previous.text[last.range()] == next.text[first.range()]
    {
        let cluster = first.range.clone();
        let marks = next.glyphs.iter().take_while(|glyph| glyph.range == cluster).count();
        let rest_overlaps = next.glyphs[marks..].iter().any(|glyph| glyph.range.start < cluster.end);
        if marks == next.glyphs.len() || rest_overlaps || !next.text.is_char_boundary(usize::from(cluster.end)) {
            return Joined::Not(next);
        }
        let range = last.range.clone();
        let mut rest = next;
        let advance = rest.glyphs[..marks].iter().map(|glyph| glyph.x_advance).sum::<Em>().at(size);
        previous.glyphs.extend(rest.glyphs.drain(..marks).map(into_letter(&range, at.y - next_at.y, size)));
        rest.text = rest.text[usize::from(cluster.end)..].into();
        for glyph in &mut rest.glyphs {
            glyph.range = glyph.range.start - cluster.end..glyph.range.end - cluster.end;
        }
        return Joined::Trimmed(rest, Point::new(next_at.x + advance, next_at.y));
    }
    Joined::Not(next)
}

/// Moves a mark's glyph into its letter's item: it takes the letter's text `range`, and is drawn
/// `dy` lower than that item's baseline (an item of text `size`).
fn into_letter(range: &std::ops::Range<u16>, dy: Abs, size: Abs) -> impl Fn(Glyph) -> Glyph + '_ {
    move |mut glyph| {
        glyph.range = range.clone();
        glyph.y_offset += Em::from_abs(dy, size);
        glyph
    }
}

/// Whether every glyph of the item belongs to one cluster that is the item's whole text.
fn is_one_cluster(item: &TextItem) -> bool {
    let whole = 0..u16::try_from(item.text.len()).unwrap_or(u16::MAX);
    !item.glyphs.is_empty() && item.glyphs.iter().all(|glyph| glyph.range == whole)
}

#[cfg(test)]
mod tests {
    use super::super::engine::testing::{run_on_pdf, theme_fonts};
    use super::super::engine::{Document, Engine};
    use std::path::Path;

    /// Words whose marks the default fonts raise or lower: Arabic shadda and tanwin, and
    /// Gujarati and Gurmukhi vowel signs and nasal marks, each in a paragraph of its language.
    const RIGHT_TO_LEFT: &str = "كيف تجهّز بيتك أيامًا";
    const LEFT_TO_RIGHT: &str = "રહ્યું કંઈક ઠંડી — ਨੰਬਰ ਠੰਢ ਬੁਲਾਓ";
    /// Set in the Gujarati font first, the words run on with their spaces: the nasal sign that
    /// ends "કહ્યું" opens the run of the words after it, on the letters' baseline.
    const RUN_ON: &str = "તેમાં જે કહ્યું હોય તે કરો";

    fn engine() -> Engine {
        Engine::new("", Path::new("leaflet.typ"), &theme_fonts())
    }

    fn document() -> Document<'static> {
        let main = format!(
            "#set document(title: \"Marks\")\n#set text(lang: \"ar\", font: (\"Noto Sans\", \"Noto Naskh Arabic\", \
             \"Noto Sans Gujarati\", \"Noto Sans Gurmukhi\"), size: 20pt)\n#set page(width: 16cm, height: 6cm)\n\
             {RIGHT_TO_LEFT}\n\n#set text(lang: \"gu\")\n{LEFT_TO_RIGHT}\n\n\
             #text(font: (\"Noto Sans Gujarati\", \"Noto Sans\"))[{RUN_ON}]\n"
        );
        Document {
            main,
            body_len: 0,
            files: &[],
            date: time::macros::date!(2026 - 12 - 03),
            ident: "marks",
            page_multiple: 1,
        }
    }

    /// The letters of a text in one script, in order, without spaces or punctuation.
    fn letters(text: &str, script: std::ops::RangeInclusive<char>) -> String {
        text.chars().filter(|c| script.contains(c)).collect()
    }

    fn sorted(text: String) -> Vec<char> {
        let mut characters: Vec<char> = text.chars().collect();
        characters.sort_unstable();
        characters
    }

    /// PDFs of the test words as Typst lays them out, and with the marks joined.
    fn both() -> (Vec<u8>, Vec<u8>) {
        let engine = engine();
        let document = document();
        let world = engine.world(&document);
        let laid_out = engine.lay_out(&world).unwrap();
        let joined = super::join_marks(&laid_out).expect("the words have marks on their own baseline");
        (engine.export(&world, &laid_out, &document).unwrap(), engine.export(&world, &joined, &document).unwrap())
    }

    fn extract(pdf: &[u8]) -> String {
        String::from_utf8(run_on_pdf("pdftotext", &["{pdf}", "-"], pdf)).unwrap()
    }

    fn pixels(pdf: &[u8]) -> Vec<u8> {
        run_on_pdf("pdftoppm", &["-r", "150", "-gray", "{pdf}"], pdf)
    }

    #[test]
    fn joined_marks_read_back_once() {
        let (laid_out, joined) = both();
        let (laid_out, joined) = (extract(&laid_out), extract(&joined));
        let (arabic, indic) = ('\u{0600}'..='\u{06FF}', '\u{0A00}'..='\u{0AFF}');
        // The cause, as Typst 0.15 writes it: a mark on a baseline of its own reads back twice,
        // with the whole cluster it belongs to.
        assert!(letters(&laid_out, arabic.clone()).len() > letters(RIGHT_TO_LEFT, arabic.clone()).len(), "{laid_out}");
        assert!(letters(&laid_out, indic.clone()).len() > letters(LEFT_TO_RIGHT, indic.clone()).len(), "{laid_out}");
        // Joined, every letter and mark reads back once. Left-to-right scripts read in order;
        // pdftotext reverses a mark and its letter in right-to-left lines (see the module).
        assert_eq!(letters(&joined, indic.clone()), letters(&format!("{LEFT_TO_RIGHT}{RUN_ON}"), indic), "{joined}");
        assert_eq!(sorted(letters(&joined, arabic.clone())), sorted(letters(RIGHT_TO_LEFT, arabic)), "{joined}");
    }

    #[test]
    fn joining_marks_changes_nothing_on_paper() {
        let (laid_out, joined) = both();
        let (before, after) = (pixels(&laid_out), pixels(&joined));
        assert_eq!(before.len(), after.len());
        let differing = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert_eq!(differing, 0, "{differing} of {} pixels differ", before.len());
    }
}
