//! A pick list as an A4 PDF: the orders it is for, then one table row per warehouse, bin
//! and SKU with the units to take and a box to tick, in the order a picker walks the
//! shelves. Long lists run over pages, each repeating the table header and saying
//! "page i/n". Its words come from the caller in the operator's language (packers read
//! Vietnamese or Indonesian); names and bins are printed as they are.

use super::font::{Fonts, Weight};
use super::invoice::{A4_H, A4_W};
use super::layout::{Align, Item, Layout, Text, ellipsize, line_h, wrap};
use super::pdf::{PageSize, render_pages};
use super::{LabelError, clean};
use orderdeck_domain::pick::PickList;

const A4: PageSize = PageSize { w: A4_W, h: A4_H };
const MARGIN_X: f32 = 14.0;
const MARGIN_TOP: f32 = 12.0;
const MARGIN_BOTTOM: f32 = 10.0;
const CONTENT_W: f32 = A4_W - 2.0 * MARGIN_X;
const FOOTER_H: f32 = 6.0;
/// Lowest y the body may reach.
const BODY_BOTTOM: f32 = A4_H - MARGIN_BOTTOM - FOOTER_H;

const TITLE_PT: f32 = 15.0;
const FIELD_PT: f32 = 9.5;
const CELL_PT: f32 = 10.0;
/// The quantity is what a picker reads from arm's length.
const QTY_PT: f32 = 12.0;
const HEAD_PT: f32 = 8.5;
/// Headings shrink down to this size before a word of theirs would be split.
const MIN_HEAD_PT: f32 = 6.0;
const SMALL_PT: f32 = 7.5;

const HAIR: f32 = 0.25;
const PAD_X: f32 = 1.2;
const PAD_Y: f32 = 1.2;
/// The tick box's side, and so the least height of a row.
const BOX: f32 = 5.0;
/// A cell is cut short with "…" past this many lines, so any row fits on a page.
const MAX_CELL_LINES: usize = 12;
/// The orders' numbers on the first page (a few hundred numbers); past that, "…".
const MAX_ORDER_LINES: usize = 30;

/// The fixed words, in the operator's language.
pub struct PickWords<'a> {
    /// "Pick list".
    pub title: String,
    /// When it was made, as a sentence ("Made 12/12/2026 10:05").
    pub made: String,
    /// How many orders and their numbers ("3 orders: OD-000001, …").
    pub orders: String,
    pub warehouse: String,
    pub bin: String,
    pub sku: String,
    pub item: String,
    pub qty: String,
    /// The tick column's head.
    pub picked: String,
    /// The closing row ("12 units in 5 rows").
    pub total: String,
    /// "page i/n".
    pub page: &'a dyn Fn(usize, usize) -> String,
}

/// Column widths in mm; they add up to the content width (checked by a test).
const WIDTHS: [f32; 6] = [20.0, 24.0, 36.0, 72.0, 14.0, 16.0];
const ALIGNS: [Align; 6] = [
    Align::Center,
    Align::Left,
    Align::Left,
    Align::Left,
    Align::Right,
    Align::Center,
];

/// Renders the list as an A4 PDF with embedded subsets of DejaVu Sans.
pub fn pick_list_pdf(list: &PickList, words: &PickWords) -> Result<Vec<u8>, LabelError> {
    let fonts = Fonts::load()?;
    let pages = layout(list, words, &fonts);
    let title = format!("{} — {}", clean(&words.title), clean(&words.made));
    render_pages(&pages, A4, &fonts, &title, ["ODPKLR", "ODPKLB"])
}

/// A row laid out: each cell's size, weight and lines, and its height.
struct Row {
    cells: Vec<(f32, Weight, Vec<String>)>,
    h: f32,
    /// A body row has a box to tick in its last column.
    tick: bool,
}

/// Size in points, weight and alignment of a piece of text.
type Style = (f32, Weight, Align);

struct Doc<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Item>>,
    items: Vec<Item>,
    y: f32,
}

impl Doc<'_> {
    fn text(&mut self, x: f32, w: f32, top: f32, st: Style, s: &str) {
        self.items.push(Item::Text(Text {
            x,
            width: w,
            top,
            size_pt: st.0,
            weight: st.1,
            align: st.2,
            inverse: false,
            text: s.to_string(),
        }));
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, filled: bool) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            filled,
            line: if filled { 0.0 } else { 0.3 },
        });
    }

    /// `text` wrapped to `w`, at most `max` lines (the last cut with "…").
    fn wrapped(&self, text: &str, size: f32, weight: Weight, w: f32, max: usize) -> Vec<String> {
        let mut lines = wrap(self.fonts, text, size, weight, w, max);
        if lines.len() > max {
            lines.truncate(max);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(self.fonts, last, size, weight, w);
            }
        }
        lines
    }

    /// A paragraph across the page from the current y, advancing it.
    fn para(&mut self, size: f32, weight: Weight, align: Align, text: &str, max: usize) {
        for line in self.wrapped(text, size, weight, CONTENT_W, max) {
            self.text(MARGIN_X, CONTENT_W, self.y, (size, weight, align), &line);
            self.y += line_h(size);
        }
    }

    fn x_of(col: usize) -> f32 {
        MARGIN_X + WIDTHS[..col].iter().sum::<f32>()
    }

    fn row(&self, texts: [(String, f32, Weight); 6], tick: bool) -> Row {
        let mut h = if tick { BOX } else { 0.0 };
        let mut cells = Vec::with_capacity(6);
        for (i, (text, size, weight)) in texts.into_iter().enumerate() {
            let inner = WIDTHS[i] - 2.0 * PAD_X;
            // A heading's word is never split ("Warehous-e"): it shrinks to fit first.
            let mut size = size;
            if !tick {
                while size > MIN_HEAD_PT
                    && text
                        .split(' ')
                        .any(|w| self.fonts.width_mm(w, size, weight) > inner)
                {
                    size -= 0.5;
                }
            }
            let lines = self.wrapped(&text, size, weight, inner, MAX_CELL_LINES);
            h = h.max(lines.len() as f32 * line_h(size));
            cells.push((size, weight, lines));
        }
        Row {
            cells,
            h: h + 2.0 * PAD_Y,
            tick,
        }
    }

    /// Draws the row at the current y with its grid.
    fn place(&mut self, row: &Row) {
        let top = self.y;
        for (i, (size, weight, lines)) in row.cells.iter().enumerate() {
            let x = Self::x_of(i);
            let mut y = top + PAD_Y;
            for l in lines {
                self.text(
                    x + PAD_X,
                    WIDTHS[i] - 2.0 * PAD_X,
                    y,
                    (*size, *weight, ALIGNS[i]),
                    l,
                );
                y += line_h(*size);
            }
            self.rect(x - HAIR / 2.0, top, HAIR, row.h, true);
        }
        if row.tick {
            let x = Self::x_of(5) + (WIDTHS[5] - BOX) / 2.0;
            self.rect(x, top + PAD_Y, BOX, BOX, false);
        }
        self.rect(MARGIN_X + CONTENT_W - HAIR / 2.0, top, HAIR, row.h, true);
        self.rect(
            MARGIN_X - HAIR / 2.0,
            top + row.h - HAIR / 2.0,
            CONTENT_W + HAIR,
            HAIR,
            true,
        );
        self.y = top + row.h;
    }

    fn table_head(&mut self, head: &Row) {
        self.rect(
            MARGIN_X - HAIR / 2.0,
            self.y - HAIR / 2.0,
            CONTENT_W + HAIR,
            HAIR,
            true,
        );
        self.place(head);
    }

    /// Ends the page; the next starts with the running head and the table's header.
    fn next_page(&mut self, running: &str, head: &Row) {
        self.pages.push(std::mem::take(&mut self.items));
        self.y = MARGIN_TOP;
        self.para(10.0, Weight::Bold, Align::Left, running, 2);
        self.y += 1.0;
        self.rect(MARGIN_X, self.y, CONTENT_W, 0.4, true);
        self.y += 3.4;
        self.table_head(head);
    }

    /// Puts the footer on every page: `left`, then "page i/n".
    fn finish(mut self, left: &str, page: &dyn Fn(usize, usize) -> String) -> Vec<Layout> {
        self.pages.push(std::mem::take(&mut self.items));
        let n = self.pages.len();
        let top = A4_H - MARGIN_BOTTOM - line_h(SMALL_PT);
        let pages = std::mem::take(&mut self.pages);
        let mut out = Vec::with_capacity(n);
        for (i, items) in pages.into_iter().enumerate() {
            self.items = items;
            self.rect(MARGIN_X, top - 1.0, CONTENT_W, HAIR, true);
            let number = self.wrapped(&page(i + 1, n), SMALL_PT, Weight::Regular, 40.0, 1);
            let left = self.wrapped(left, SMALL_PT, Weight::Regular, CONTENT_W - 42.0, 1);
            for l in &left {
                self.text(
                    MARGIN_X,
                    CONTENT_W - 42.0,
                    top,
                    (SMALL_PT, Weight::Regular, Align::Left),
                    l,
                );
            }
            for l in &number {
                self.text(
                    MARGIN_X + CONTENT_W - 40.0,
                    40.0,
                    top,
                    (SMALL_PT, Weight::Regular, Align::Right),
                    l,
                );
            }
            out.push(Layout {
                items: std::mem::take(&mut self.items),
            });
        }
        out
    }
}

pub(crate) fn layout(list: &PickList, words: &PickWords, fonts: &Fonts) -> Vec<Layout> {
    use Weight::{Bold, Regular};
    let mut doc = Doc {
        fonts,
        pages: Vec::new(),
        items: Vec::new(),
        y: MARGIN_TOP,
    };
    let title = clean(&words.title);
    let made = clean(&words.made);
    let running = format!("{title} — {made}");

    doc.para(TITLE_PT, Bold, Align::Left, &title, 2);
    doc.para(FIELD_PT, Regular, Align::Left, &made, 2);
    doc.y += 1.0;
    doc.para(
        FIELD_PT,
        Regular,
        Align::Left,
        &clean(&words.orders),
        MAX_ORDER_LINES,
    );
    doc.y += 2.0;
    doc.rect(MARGIN_X, doc.y, CONTENT_W, 0.5, true);
    doc.y += 3.5;

    let head_cell = |s: &String| (clean(s), HEAD_PT, Bold);
    let head = doc.row(
        [
            &words.warehouse,
            &words.bin,
            &words.sku,
            &words.item,
            &words.qty,
            &words.picked,
        ]
        .map(head_cell),
        false,
    );
    doc.table_head(&head);

    let rows: Vec<Row> = list
        .rows
        .iter()
        .map(|r| {
            doc.row(
                [
                    (clean(&r.warehouse), CELL_PT, Regular),
                    (clean(&r.bin), CELL_PT, Bold),
                    (clean(&r.sku), CELL_PT, Regular),
                    (clean(&r.item()), CELL_PT, Regular),
                    (r.qty.to_string(), QTY_PT, Bold),
                    (String::new(), CELL_PT, Regular),
                ],
                true,
            )
        })
        .collect();
    let total_lines = doc.wrapped(&clean(&words.total), FIELD_PT, Bold, CONTENT_W, 2);
    let total_h = 2.0 + total_lines.len() as f32 * line_h(FIELD_PT);

    let n = rows.len();
    let mut on_page = 0;
    for (i, row) in rows.iter().enumerate() {
        let need = row.h + if i + 1 == n { total_h } else { 0.0 };
        // A row that does not fit moves on, unless it starts a page already; on the
        // first page the header may have taken the room, so it moves on even then.
        if doc.y + need > BODY_BOTTOM && (on_page > 0 || doc.pages.is_empty()) {
            doc.next_page(&running, &head);
            on_page = 0;
        }
        doc.place(row);
        on_page += 1;
    }
    if doc.y + total_h > BODY_BOTTOM {
        doc.next_page(&running, &head);
    }
    doc.y += 2.0;
    for l in total_lines {
        doc.text(
            MARGIN_X,
            CONTENT_W,
            doc.y,
            (FIELD_PT, Bold, Align::Right),
            &l,
        );
        doc.y += line_h(FIELD_PT);
    }
    doc.finish(&running, words.page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_domain::pick::PickRow;

    fn page(i: usize, n: usize) -> String {
        format!("Trang {i}/{n}")
    }

    fn words(orders: &[String]) -> PickWords<'static> {
        PickWords {
            title: "Phiếu lấy hàng".into(),
            made: "Lập lúc 12/12/2026 10:05".into(),
            orders: format!("{} đơn: {}", orders.len(), orders.join(", ")),
            warehouse: "Kho".into(),
            bin: "Kệ".into(),
            sku: "SKU".into(),
            item: "Hàng".into(),
            qty: "SL".into(),
            picked: "Đã lấy".into(),
            total: "Tổng: 7 món, 2 dòng".into(),
            page: &page,
        }
    }

    fn row(sku: &str, bin: &str, qty: i64) -> PickRow {
        PickRow {
            warehouse: "HN".into(),
            bin: bin.into(),
            sku: sku.into(),
            name: "Áo thun cổ tròn basic".into(),
            attrs: vec!["Đỏ".into(), "M".into()],
            qty,
        }
    }

    fn texts(pages: &[Layout]) -> Vec<String> {
        pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn columns_fill_the_width() {
        let w: f32 = WIDTHS.iter().sum();
        assert!((w - CONTENT_W).abs() < 0.01, "{w}");
    }

    #[test]
    fn a_pick_list_reads_back_with_its_diacritics() {
        let list = PickList {
            orders: vec!["OD-000001".into(), "OD-000002".into()],
            rows: vec![row("AO-DO-M", "A-03-2", 5), row("QUAN-XANH-L", "", 2)],
        };
        let bytes = pick_list_pdf(&list, &words(&list.orders)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for expected in [
            "Phiếulấyhàng",
            "2đơn:OD-000001,OD-000002",
            "Áothuncổtrònbasic—Đỏ/M",
            "A-03-2",
            "AO-DO-M",
            "QUAN-XANH-L",
            "Đãlấy",
            "Tổng:7món,2dòng",
            "Trang1/1",
        ] {
            assert!(flat.contains(expected), "{expected:?} not in {text}");
        }
    }

    #[test]
    fn a_long_list_repeats_its_header_on_every_page_and_stays_on_it() {
        let fonts = Fonts::load().unwrap();
        let orders: Vec<String> = (1..=400).map(|i| format!("OD-{i:06}")).collect();
        let mut rows: Vec<PickRow> = (0..150)
            .map(|i| row(&format!("SKU-{i:04}"), &format!("B-{i}"), i + 1))
            .collect();
        rows[7].name = "Bộ nồi inox 5 đáy cao cấp kèm nắp kính cường lực ".repeat(40);
        rows[9].sku = "X".repeat(64);
        rows[9].bin = "K".repeat(32);
        let list = PickList { orders, rows };
        let w = words(&list.orders);
        let pages = layout(&list, &w, &fonts);
        assert!(pages.len() >= 3, "{}", pages.len());
        let all = texts(&pages);
        let n = pages.len();
        for i in 1..=n {
            assert!(all.contains(&format!("Trang {i}/{n}")), "page {i}");
        }
        // Headings are whole words, whatever the language.
        let mut wide = words(&list.orders);
        wide.warehouse = "Warehouse".into();
        wide.picked = "Diambil".into();
        let heads = texts(&layout(&list, &wide, &fonts));
        assert!(heads.iter().any(|s| s == "Warehouse"), "{heads:?}");
        assert!(heads.iter().any(|s| s == "Diambil"), "{heads:?}");
        // The header on every page.
        for p in &pages {
            let t = texts(std::slice::from_ref(p));
            assert!(
                t.iter().any(|s| s == "Kệ") && t.iter().any(|s| s == "Đã lấy"),
                "{t:?}"
            );
        }
        for (p, page) in pages.iter().enumerate() {
            for item in &page.items {
                match item {
                    Item::Text(t) => {
                        let width = fonts.width_mm(&t.text, t.size_pt, t.weight);
                        assert!(width <= t.width + 0.01, "page {p}: {:?} {width}", t.text);
                        assert!(t.x >= 0.0 && t.x + t.width <= A4_W, "{t:?}");
                        if !t.text.starts_with("Trang ") && !t.text.starts_with("Phiếu lấy hàng —")
                        {
                            assert!(t.top + line_h(t.size_pt) <= BODY_BOTTOM + 0.01, "{t:?}");
                        }
                    }
                    Item::Rect { x, y, w, h, .. } => {
                        assert!(*x >= 0.0 && x + w <= A4_W && *y >= 0.0 && y + h <= A4_H);
                    }
                    Item::Barcode { .. } => panic!("no barcode on a pick list"),
                }
            }
        }
        // Every row's quantity is printed once.
        let qty: usize = (1..=150)
            .filter(|q| all.iter().any(|s| s == &q.to_string()))
            .count();
        assert_eq!(qty, 150);
        assert!(pick_list_pdf(&list, &w).is_ok());
    }
}
