//! The print-shop edition of an A5 leaflet: its pages two to each side of A4 paper, in the order
//! that reads right when the sheets are printed on both sides (flipped on the short edge),
//! stacked, folded in half and stapled on the fold ("saddle stitching").

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

/// The Typst document that lays the sides out, from the leaflet's PDF at `pdf_path`. Left and
/// right are the paper's: the direction is fixed, since Typst would otherwise mirror the halves
/// of a right-to-left language (and of Punjabi, which it takes for Shahmukhi) a second time.
pub fn source(pdf_path: &str, pages: usize, rtl: bool, title: &str, lang: &str, page_label: &str) -> String {
    let string = super::markup::string;
    let mut out = format!(
        "#set document(title: {title})\n#set text(lang: {lang}, dir: ltr)\n\
         #set page(paper: \"a4\", flipped: true, margin: 0pt)\n\
         #let half(n) = image({pdf}, page: n, height: 100%, alt: {label} + \" \" + str(n))\n",
        title = string(title),
        lang = string(lang),
        pdf = string(pdf_path),
        label = string(page_label),
    );
    for (index, side) in sides(pages, rtl).iter().enumerate() {
        if index > 0 {
            out.push_str("#pagebreak()\n");
        }
        out.push_str(&format!(
            "#grid(columns: (1fr, 1fr), rows: 100%, align: center + horizon, half({}), half({}))\n",
            side.left, side.right
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
