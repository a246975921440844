//! An order's VAT or sales invoice as an A4 PDF, laid out like the paper form: title,
//! symbol and date; seller; buyer; the table of goods (STT, name, unit, quantity, unit
//! price, amount, VAT rate, VAT); the per-rate breakdown and totals; the total in words;
//! the two signature boxes.
//!
//! Many lines run over several pages: each page repeats the table header and carries
//! "Trang i/n"; the totals, words and signatures come after the last line, together.
//! Long names wrap inside their cell; amounts are right-aligned with dot thousands
//! separators, shrinking a little before they would ever wrap.

use chrono::{Datelike, FixedOffset};
use rust_decimal::Decimal;

use super::font::{Fonts, Weight};
use super::layout::{Align, Item, Layout, Text, ellipsize, line_h, wrap};
use super::pdf::{PageSize, render_pages};
use super::{LabelError, clean};
use orderdeck_domain::invoice::{InvoiceTemplate, VatRate};
use orderdeck_domain::invoice_document::InvoiceDraft;
use orderdeck_domain::money::format_amount;

/// ISO A4 portrait.
pub const A4_W: f32 = 210.0;
pub const A4_H: f32 = 297.0;
const A4: PageSize = PageSize { w: A4_W, h: A4_H };

const MARGIN_X: f32 = 14.0;
const MARGIN_TOP: f32 = 12.0;
const MARGIN_BOTTOM: f32 = 10.0;
const CONTENT_W: f32 = A4_W - 2.0 * MARGIN_X;
/// The footer ("Trang i/n") sits in this band above the bottom margin.
const FOOTER_H: f32 = 6.0;
/// Lowest y the body may reach.
const BODY_BOTTOM: f32 = A4_H - MARGIN_BOTTOM - FOOTER_H;

/// Font sizes, in points.
const TITLE_PT: f32 = 14.0;
const FIELD_PT: f32 = 9.5;
const CELL_PT: f32 = 9.0;
const HEAD_PT: f32 = 8.5;
const SMALL_PT: f32 = 7.5;
/// Amounts shrink down to this size before they wrap.
const MIN_NUMBER_PT: f32 = 6.5;

/// Thickness of table lines and the thin rules.
const HAIR: f32 = 0.25;
/// Cell padding.
const PAD_X: f32 = 1.2;
const PAD_Y: f32 = 0.9;
/// A cell's text is cut short with "…" past this many lines (about 15 cm of a page,
/// which only a pasted-in essay reaches), so that any one row fits on a page.
const MAX_CELL_LINES: usize = 40;
/// Seller and buyer fields (addresses) likewise.
const MAX_FIELD_LINES: usize = 8;

/// Renders the draft as an A4 PDF with embedded subsets of DejaVu Sans; dates are shown
/// at `offset`.
pub fn invoice_pdf(d: &InvoiceDraft, offset: FixedOffset) -> Result<Vec<u8>, LabelError> {
    Ok(invoice_pdf_pages(d, offset)?.0)
}

/// The same, with the number of pages it has.
pub fn invoice_pdf_pages(
    d: &InvoiceDraft,
    offset: FixedOffset,
) -> Result<(Vec<u8>, usize), LabelError> {
    let fonts = Fonts::load()?;
    let pages = layout(d, offset, &fonts);
    let title = match &d.issued {
        Some(i) => format!(
            "{} — ký hiệu {} số {}",
            d.template.name_vi(),
            clean(&d.symbol),
            clean(&i.number)
        ),
        None => format!(
            "{} — đơn hàng {} (bản xem trước)",
            d.template.name_vi(),
            clean(&d.order_number)
        ),
    };
    let bytes = render_pages(&pages, A4, &fonts, &title, ["ODINVR", "ODINVB"])?;
    Ok((bytes, pages.len()))
}

// ---------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Column {
    /// Header text.
    head: &'static str,
    /// The column-number row under the header ("6 = 4 × 5").
    index: &'static str,
    w: f32,
    align: Align,
    numeric: bool,
}

const fn col(
    head: &'static str,
    index: &'static str,
    w: f32,
    align: Align,
    numeric: bool,
) -> Column {
    Column {
        head,
        index,
        w,
        align,
        numeric,
    }
}

// The widths add up to CONTENT_W (checked by a test).
const VAT_COLUMNS: [Column; 8] = [
    col("STT", "1", 9.0, Align::Center, false),
    col("Tên hàng hóa, dịch vụ", "2", 58.0, Align::Left, false),
    col("Đơn vị tính", "3", 13.0, Align::Center, false),
    col("Số lượng", "4", 14.0, Align::Right, true),
    col("Đơn giá", "5", 22.0, Align::Right, true),
    col(
        "Thành tiền chưa có thuế GTGT",
        "6 = 4 × 5",
        25.0,
        Align::Right,
        true,
    ),
    col("Thuế suất GTGT", "7", 15.0, Align::Center, false),
    col("Tiền thuế GTGT", "8 = 6 × 7", 26.0, Align::Right, true),
];

const SALES_COLUMNS: [Column; 6] = [
    col("STT", "1", 10.0, Align::Center, false),
    col("Tên hàng hóa, dịch vụ", "2", 84.0, Align::Left, false),
    col("Đơn vị tính", "3", 15.0, Align::Center, false),
    col("Số lượng", "4", 16.0, Align::Right, true),
    col("Đơn giá", "5", 26.0, Align::Right, true),
    col("Thành tiền", "6 = 4 × 5", 31.0, Align::Right, true),
];

fn columns(template: InvoiceTemplate) -> &'static [Column] {
    match template {
        InvoiceTemplate::Vat => &VAT_COLUMNS,
        InvoiceTemplate::Sales => &SALES_COLUMNS,
    }
}

/// One cell of a row: the columns `first..=last` merged, and what goes in it.
struct Cell {
    first: usize,
    last: usize,
    text: String,
    weight: Weight,
    align: Align,
    numeric: bool,
    size: f32,
}

/// A row laid out but not yet placed: each cell's lines and size, and the height.
struct Row {
    cells: Vec<(Cell, f32, Vec<String>)>,
    h: f32,
    /// Centre each cell's text vertically (the header); otherwise it hangs from the top.
    middle: bool,
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

/// How a piece of text is set.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    weight: Weight,
    align: Align,
}

fn st(size: f32, weight: Weight, align: Align) -> Style {
    Style {
        size,
        weight,
        align,
    }
}

struct Doc<'a> {
    fonts: &'a Fonts,
    cols: &'static [Column],
    /// Finished pages, then the one being filled.
    pages: Vec<Vec<Item>>,
    items: Vec<Item>,
    y: f32,
    /// Header of continuation pages.
    running_head: String,
    running_side: String,
}

impl<'a> Doc<'a> {
    fn text(&mut self, x: f32, w: f32, top: f32, st: Style, s: &str) {
        self.items.push(Item::Text(Text {
            x,
            width: w,
            top,
            size_pt: st.size,
            weight: st.weight,
            align: st.align,
            inverse: false,
            text: s.to_string(),
        }));
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            filled: true,
            line: 0.0,
        });
    }

    /// `text` wrapped to `w`, at most `max_lines` lines (the last cut with "…").
    fn wrapped(
        &self,
        text: &str,
        size: f32,
        weight: Weight,
        w: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = wrap(self.fonts, text, size, weight, w, max_lines);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(self.fonts, last, size, weight, w);
            }
        }
        lines
    }

    /// Lines placed one under another from `top`; returns the y below the last.
    fn lines(&mut self, x: f32, w: f32, top: f32, st: Style, lines: &[String]) -> f32 {
        let mut y = top;
        for l in lines {
            self.text(x, w, y, st, l);
            y += line_h(st.size);
        }
        y
    }

    /// A paragraph across `w` from the current y, advancing it.
    fn para(&mut self, x: f32, w: f32, st: Style, text: &str) {
        let lines = self.wrapped(text, st.size, st.weight, w, MAX_FIELD_LINES);
        self.y = self.lines(x, w, self.y, st, &lines);
    }

    /// "Label: value" rows, the values starting `label_w` from the margin.
    fn fields(&mut self, label_w: f32, rows: &[(&str, String, Weight)]) {
        let value_x = MARGIN_X + label_w;
        let value_w = CONTENT_W - label_w;
        for (label, value, weight) in rows {
            self.text(
                MARGIN_X,
                label_w,
                self.y,
                st(FIELD_PT, Weight::Regular, Align::Left),
                label,
            );
            let lines = self.wrapped(value, FIELD_PT, *weight, value_w, MAX_FIELD_LINES);
            let bottom = self.lines(
                value_x,
                value_w,
                self.y,
                st(FIELD_PT, *weight, Align::Left),
                &lines,
            );
            self.y = bottom.max(self.y + line_h(FIELD_PT));
        }
    }

    fn rule(&mut self, thickness: f32) {
        self.rect(MARGIN_X, self.y, CONTENT_W, thickness);
        self.y += thickness;
    }

    /// Left edge and width of the merged columns `first..=last`.
    fn span(&self, first: usize, last: usize) -> (f32, f32) {
        let x = MARGIN_X + self.cols[..first].iter().map(|c| c.w).sum::<f32>();
        let w = self.cols[first..=last].iter().map(|c| c.w).sum::<f32>();
        (x, w)
    }

    /// A cell's text as lines: words wrap; amounts shrink to fit one line first and
    /// only wrap (between digits) at the smallest size.
    fn cell_lines(&self, cell: &Cell) -> (f32, Vec<String>) {
        let (_, w) = self.span(cell.first, cell.last);
        let inner = w - 2.0 * PAD_X;
        if cell.numeric {
            let mut size = cell.size;
            while size > MIN_NUMBER_PT && self.fonts.width_mm(&cell.text, size, cell.weight) > inner
            {
                size -= 0.5;
            }
            let size = size.max(MIN_NUMBER_PT);
            return (
                size,
                self.wrapped(&cell.text, size, cell.weight, inner, MAX_CELL_LINES),
            );
        }
        (
            cell.size,
            self.wrapped(&cell.text, cell.size, cell.weight, inner, MAX_CELL_LINES),
        )
    }

    fn row(&self, cells: Vec<Cell>) -> Row {
        let mut h: f32 = 0.0;
        let mut out = Vec::with_capacity(cells.len());
        for cell in cells {
            let (size, lines) = self.cell_lines(&cell);
            h = h.max(lines.len().max(1) as f32 * line_h(size));
            out.push((cell, size, lines));
        }
        Row {
            cells: out,
            h: h + 2.0 * PAD_Y,
            middle: false,
        }
    }

    /// Draws `row` at the current y with its grid: a line under it and one at each
    /// cell edge.
    fn place(&mut self, row: &Row) {
        let top = self.y;
        for (cell, size, lines) in &row.cells {
            let (x, w) = self.span(cell.first, cell.last);
            let text_h = lines.len() as f32 * line_h(*size);
            let drop = if row.middle {
                (row.h - 2.0 * PAD_Y - text_h).max(0.0) / 2.0
            } else {
                0.0
            };
            self.lines(
                x + PAD_X,
                w - 2.0 * PAD_X,
                top + PAD_Y + drop,
                st(*size, cell.weight, cell.align),
                lines,
            );
        }
        for (cell, _, _) in &row.cells {
            let (x, _) = self.span(cell.first, cell.last);
            self.rect(x - HAIR / 2.0, top, HAIR, row.h);
        }
        self.rect(MARGIN_X + CONTENT_W - HAIR / 2.0, top, HAIR, row.h);
        self.rect(
            MARGIN_X - HAIR / 2.0,
            top + row.h - HAIR / 2.0,
            CONTENT_W + HAIR,
            HAIR,
        );
        self.y = top + row.h;
    }

    fn header_rows(&self) -> (Row, Row) {
        let mut head = self.row(
            self.cols
                .iter()
                .enumerate()
                .map(|(i, c)| Cell {
                    first: i,
                    last: i,
                    text: c.head.to_string(),
                    weight: Weight::Bold,
                    align: Align::Center,
                    numeric: false,
                    size: HEAD_PT,
                })
                .collect(),
        );
        let index = self.row(
            self.cols
                .iter()
                .enumerate()
                .map(|(i, c)| Cell {
                    first: i,
                    last: i,
                    text: c.index.to_string(),
                    weight: Weight::Regular,
                    align: Align::Center,
                    numeric: false,
                    size: SMALL_PT,
                })
                .collect(),
        );
        head.middle = true;
        (head, index)
    }

    /// The table's header with the line above it.
    fn table_head(&mut self) {
        let (head, index) = self.header_rows();
        self.rect(
            MARGIN_X - HAIR / 2.0,
            self.y - HAIR / 2.0,
            CONTENT_W + HAIR,
            HAIR,
        );
        self.place(&head);
        self.place(&index);
    }

    /// Ends the page and starts the next with the running header and the table header.
    fn next_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.items));
        self.y = MARGIN_TOP;
        let head = self.running_head.clone();
        let side = self.running_side.clone();
        let side_w = self
            .fonts
            .width_mm(&side, SMALL_PT + 1.0, Weight::Regular)
            .min(CONTENT_W / 2.0);
        let head_lines = self.wrapped(&head, 10.0, Weight::Bold, CONTENT_W - side_w - 4.0, 2);
        let side_lines = self.wrapped(&side, SMALL_PT + 1.0, Weight::Regular, side_w, 2);
        let a = self.lines(
            MARGIN_X,
            CONTENT_W - side_w - 4.0,
            self.y,
            st(10.0, Weight::Bold, Align::Left),
            &head_lines,
        );
        let b = self.lines(
            MARGIN_X + CONTENT_W - side_w,
            side_w,
            self.y,
            st(SMALL_PT + 1.0, Weight::Regular, Align::Right),
            &side_lines,
        );
        self.y = a.max(b) + 1.0;
        self.rule(0.4);
        self.y += 3.0;
        self.table_head();
    }

    /// Adds the footer to every page: `left`, then "Trang i/n".
    fn finish(mut self, left: &str) -> Vec<Layout> {
        self.pages.push(std::mem::take(&mut self.items));
        let n = self.pages.len();
        let top = A4_H - MARGIN_BOTTOM - line_h(SMALL_PT);
        let mut out = Vec::with_capacity(n);
        for (i, mut items) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            self.items = std::mem::take(&mut items);
            self.rect(MARGIN_X, top - 1.0, CONTENT_W, HAIR);
            let left_lines = self.wrapped(left, SMALL_PT, Weight::Regular, CONTENT_W - 30.0, 1);
            self.lines(
                MARGIN_X,
                CONTENT_W - 30.0,
                top,
                st(SMALL_PT, Weight::Regular, Align::Left),
                &left_lines,
            );
            let page = format!("Trang {}/{}", i + 1, n);
            self.text(
                MARGIN_X + CONTENT_W - 30.0,
                30.0,
                top,
                st(SMALL_PT, Weight::Regular, Align::Right),
                &page,
            );
            out.push(Layout {
                items: std::mem::take(&mut self.items),
            });
        }
        out
    }
}

/// "Tổng tiền chịu thuế suất 10%": the label of a breakdown row.
fn rate_label(rate: VatRate) -> String {
    match rate {
        VatRate::Kct => "Tổng tiền không chịu thuế GTGT (KCT)".to_string(),
        VatRate::Kkknt => "Tổng tiền không kê khai, tính nộp thuế GTGT (KKKNT)".to_string(),
        other => format!("Tổng tiền chịu thuế suất {other}"),
    }
}

fn amount(x: Decimal) -> String {
    format_amount(x)
}

pub(crate) fn layout(d: &InvoiceDraft, offset: FixedOffset, fonts: &Fonts) -> Vec<Layout> {
    use Align::{Center, Left, Right};
    use Weight::{Bold, Regular};
    let vat = d.template.has_vat_breakdown();
    let title = d.template.name_vi().to_uppercase();
    let order = clean(&d.order_number);
    let symbol = clean(&d.symbol);
    let number = d.issued.as_ref().map(|i| clean(&i.number));
    // The side lines under the symbol: the number (or that there is none yet), then
    // the order when known (the providers' copies do not know it).
    let mut side = vec![match &number {
        Some(n) => format!("Số: {n}"),
        None => "Số: (chưa cấp số)".to_string(),
    }];
    if !order.is_empty() {
        side.push(format!("Đơn hàng: {order}"));
    }
    let footer = match &number {
        Some(n) => format!("Hóa đơn điện tử ký hiệu {symbol} số {n}"),
        None => format!("Đơn hàng {order} · Bản xem trước, chưa phải hóa đơn đã phát hành"),
    };
    let mut doc = Doc {
        fonts,
        cols: columns(d.template),
        pages: Vec::new(),
        items: Vec::new(),
        y: MARGIN_TOP,
        running_head: format!("{title} (tiếp theo)"),
        running_side: format!("Ký hiệu: {symbol} · {}", side.join(" · ")),
    };

    // Title block in the middle, symbol and number on the right.
    let side_w = 44.0;
    let mid_x = MARGIN_X + side_w;
    let mid_w = CONTENT_W - 2.0 * side_w;
    let date = d.date.with_timezone(&offset);
    let top = doc.y;
    doc.para(mid_x, mid_w, st(TITLE_PT, Bold, Center), &title);
    doc.y += 0.5;
    doc.para(
        mid_x,
        mid_w,
        st(SMALL_PT + 0.5, Regular, Center),
        "(Bản thể hiện của hóa đơn điện tử)",
    );
    doc.y += 1.0;
    let date_line = format!(
        "Ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    );
    doc.para(
        mid_x,
        mid_w,
        st(FIELD_PT + 0.5, Regular, Center),
        &date_line,
    );
    let mid_bottom = doc.y;
    doc.y = top + 1.0;
    let side_x = MARGIN_X + CONTENT_W - side_w;
    doc.para(
        side_x,
        side_w,
        st(FIELD_PT, Regular, Left),
        &format!("Ký hiệu: {symbol}"),
    );
    for line in &side {
        doc.para(side_x, side_w, st(FIELD_PT, Regular, Left), line);
    }
    doc.y = doc.y.max(mid_bottom) + 2.0;
    let code = d
        .issued
        .as_ref()
        .and_then(|i| i.tax_authority_code.as_deref())
        .filter(|c| !c.trim().is_empty());
    if let Some(code) = code {
        doc.para(
            MARGIN_X,
            CONTENT_W,
            st(FIELD_PT, Regular, Center),
            &format!("Mã CQT: {}", clean(code)),
        );
        doc.y += 1.0;
    }
    doc.rule(0.5);
    doc.y += 2.0;

    // Seller.
    let mut seller = vec![
        ("Đơn vị bán hàng:", clean(&d.seller_name), Bold),
        ("Mã số thuế:", clean(&d.seller_tax_code), Regular),
        ("Địa chỉ:", clean(&d.seller_address), Regular),
    ];
    if !d.seller_phone.trim().is_empty() {
        seller.push(("Điện thoại:", clean(&d.seller_phone), Regular));
    }
    if !d.seller_bank_account.trim().is_empty() {
        seller.push(("Số tài khoản:", clean(&d.seller_bank_account), Regular));
    }
    let buyer_rows = [
        ("Họ tên người mua hàng:", clean(&d.buyer.name), Regular),
        ("Tên đơn vị:", clean(&d.buyer.company), Bold),
        ("Mã số thuế:", clean(&d.buyer.tax_code), Regular),
        ("Địa chỉ:", clean(&d.buyer.address), Regular),
        ("Email:", clean(&d.buyer.email), Regular),
        (
            "Hình thức thanh toán:",
            d.payment.name_vi().to_string(),
            Regular,
        ),
        ("Đồng tiền thanh toán:", "VND".to_string(), Regular),
    ];
    // One column for the values of both blocks, after the widest label.
    let label_w = seller
        .iter()
        .chain(&buyer_rows)
        .map(|(l, _, _)| fonts.width_mm(l, FIELD_PT, Regular))
        .fold(0.0, f32::max)
        + 2.0;
    doc.fields(label_w, &seller);
    doc.y += 1.5;
    doc.rule(HAIR);
    doc.y += 1.5;

    // Buyer.
    doc.fields(label_w, &buyer_rows);
    doc.y += 3.0;
    doc.table_head();

    // Lines.
    let cell = |first: usize, text: String, c: &Column| Cell {
        first,
        last: first,
        text,
        weight: Regular,
        align: c.align,
        numeric: c.numeric,
        size: CELL_PT,
    };
    let cols = doc.cols;
    let rows: Vec<Row> = d
        .lines
        .iter()
        .zip(&d.totals.lines)
        .enumerate()
        .map(|(i, (l, a))| {
            let mut texts = vec![
                (i + 1).to_string(),
                clean(&l.name),
                clean(&l.unit),
                amount(Decimal::from(l.qty)),
                amount(a.unit_price),
                amount(a.amount),
            ];
            if vat {
                texts.push(l.rate.to_string());
                texts.push(amount(a.vat_amount));
            }
            doc.row(
                texts
                    .into_iter()
                    .enumerate()
                    .map(|(j, t)| cell(j, t, &cols[j]))
                    .collect(),
            )
        })
        .collect();

    // What follows the last line: totals rows, the words, the signatures.
    let last = cols.len() - 1;
    let label_cell = |text: String, weight: Weight| Cell {
        first: 0,
        last: 4,
        text,
        weight,
        align: Right,
        numeric: false,
        size: CELL_PT,
    };
    let num_cell = |first: usize, last: usize, x: Decimal, weight: Weight| Cell {
        first,
        last,
        text: amount(x),
        weight,
        align: Right,
        numeric: true,
        size: CELL_PT,
    };
    let mut totals = Vec::new();
    if vat {
        for g in &d.totals.breakdown {
            totals.push(doc.row(vec![
                label_cell(rate_label(g.rate), Regular),
                num_cell(5, 5, g.taxable_amount, Regular),
                Cell {
                    first: 6,
                    last: 6,
                    text: g.rate.to_string(),
                    weight: Regular,
                    align: Center,
                    numeric: false,
                    size: CELL_PT,
                },
                num_cell(7, 7, g.vat_amount, Regular),
            ]));
        }
        totals.push(doc.row(vec![
            label_cell("Cộng tiền hàng hóa, dịch vụ".into(), Bold),
            num_cell(5, 5, d.totals.subtotal, Bold),
            Cell {
                first: 6,
                last: 6,
                text: String::new(),
                weight: Regular,
                align: Center,
                numeric: false,
                size: CELL_PT,
            },
            num_cell(7, 7, d.totals.vat_amount, Bold),
        ]));
    }
    totals.push(doc.row(vec![
        label_cell("Tổng cộng tiền thanh toán".into(), Bold),
        num_cell(5, last, d.totals.total, Bold),
    ]));
    let words_label = "Số tiền viết bằng chữ:";
    let words_label_w = fonts.width_mm(words_label, FIELD_PT, Regular) + 2.0;
    let words = doc.wrapped(
        &clean(&d.words),
        FIELD_PT,
        Bold,
        CONTENT_W - words_label_w,
        MAX_FIELD_LINES,
    );
    let words_h = 2.5 + words.len().max(1) as f32 * line_h(FIELD_PT);
    let sign_h = 5.0 + line_h(FIELD_PT + 0.5) + line_h(SMALL_PT) + 24.0;
    let tail_h = totals.iter().map(|r| r.h).sum::<f32>() + words_h + sign_h;

    let n = rows.len();
    let mut on_page = 0;
    for (i, row) in rows.iter().enumerate() {
        let need = row.h + if i + 1 == n { tail_h } else { 0.0 };
        // A row that does not fit goes to the next page, unless it already starts a
        // continuation page (no page has more room); on the first page the header
        // may have taken the room, so it moves on even as the first row.
        if doc.y + need > BODY_BOTTOM && (on_page > 0 || doc.pages.is_empty()) {
            doc.next_page();
            on_page = 0;
        }
        doc.place(row);
        on_page += 1;
    }
    if doc.y + tail_h > BODY_BOTTOM {
        doc.next_page();
    }
    for row in &totals {
        doc.place(row);
    }
    doc.y += 2.5;
    doc.text(
        MARGIN_X,
        words_label_w,
        doc.y,
        st(FIELD_PT, Regular, Left),
        words_label,
    );
    doc.y = doc.lines(
        MARGIN_X + words_label_w,
        CONTENT_W - words_label_w,
        doc.y,
        st(FIELD_PT, Bold, Left),
        &words,
    );

    // Signatures.
    doc.y += 5.0;
    let half = CONTENT_W / 2.0;
    let sign_top = doc.y;
    for (k, (who, how)) in [
        ("Người mua hàng", "(Ký, ghi rõ họ tên)"),
        ("Người bán hàng", "(Ký, đóng dấu, ghi rõ họ tên)"),
    ]
    .into_iter()
    .enumerate()
    {
        let x = MARGIN_X + half * k as f32;
        doc.y = sign_top;
        doc.para(x, half, st(FIELD_PT + 0.5, Bold, Center), who);
        doc.para(x, half, st(SMALL_PT, Regular, Center), how);
    }
    doc.finish(&footer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use orderdeck_domain::invoice::{Buyer, InvoiceLine, PaymentMethod, compute_totals};
    use rust_decimal_macros::dec;

    fn draft(template: InvoiceTemplate, lines: Vec<InvoiceLine>) -> InvoiceDraft {
        let totals = compute_totals(template, &lines).unwrap();
        InvoiceDraft {
            order_number: "OD-000042".into(),
            template,
            symbol: "1C26TAA".into(),
            date: DateTime::UNIX_EPOCH,
            seller_name: "Công ty TNHH Hoa Mai".into(),
            seller_tax_code: "0100109106".into(),
            seller_address: "45 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
            seller_phone: "028 3822 1234".into(),
            seller_bank_account: String::new(),
            buyer: Buyer {
                company: "Công ty TNHH Thương mại Ánh Dương".into(),
                tax_code: "0104093672".into(),
                address: "12 Trần Hưng Đạo, Hà Nội".into(),
                email: "ketoan@anhduong.vn".into(),
                name: "Trần Văn Bình".into(),
            },
            payment: PaymentMethod::CashOrTransfer,
            lines,
            words: totals.total_in_words().unwrap(),
            totals,
            problems: Vec::new(),
            issued: None,
        }
    }

    fn assert_on_a4(pages: &[Layout], fonts: &Fonts) {
        for (p, page) in pages.iter().enumerate() {
            for item in &page.items {
                match item {
                    Item::Text(t) => {
                        let width = fonts.width_mm(&t.text, t.size_pt, t.weight);
                        assert!(
                            width <= t.width + 0.01,
                            "page {p}: {:?} is {width} mm wide, box {}",
                            t.text,
                            t.width
                        );
                        assert!(t.x >= 0.0 && t.x + t.width <= A4_W, "{t:?}");
                        assert!(t.top >= 0.0 && t.top + line_h(t.size_pt) <= A4_H, "{t:?}");
                    }
                    Item::Rect { x, y, w, h, .. } => {
                        assert!(*x >= 0.0 && x + w <= A4_W && *y >= 0.0 && y + h <= A4_H);
                    }
                    Item::Barcode { .. } => panic!("no barcode on an invoice"),
                }
            }
        }
    }

    #[test]
    fn columns_fill_the_width() {
        for t in [InvoiceTemplate::Vat, InvoiceTemplate::Sales] {
            let w: f32 = columns(t).iter().map(|c| c.w).sum();
            assert!((w - CONTENT_W).abs() < 0.01, "{t:?}: {w}");
        }
    }

    #[test]
    fn everything_stays_on_the_page_and_above_the_footer() {
        let fonts = Fonts::load().unwrap();
        let long =
            "Bộ nồi inox 5 đáy cao cấp kèm nắp kính cường lực, tay cầm cách nhiệt ".repeat(4);
        let lines: Vec<InvoiceLine> = (0..75)
            .map(|i| {
                let name = if i % 7 == 0 {
                    long.clone()
                } else {
                    format!("Mặt hàng {i}")
                };
                InvoiceLine::net(name, "bộ", 3, dec!(1234567.89), VatRate::Ten)
            })
            .collect();
        for t in [InvoiceTemplate::Vat, InvoiceTemplate::Sales] {
            let mut d = draft(t, lines.clone());
            d.buyer.address = "Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh, ".repeat(40);
            let pages = layout(&d, FixedOffset::east_opt(7 * 3600).unwrap(), &fonts);
            assert!(pages.len() >= 3, "{}", pages.len());
            assert_on_a4(&pages, &fonts);
            assert_above_footer(&pages);
        }
    }

    /// Only the footer lies below the body.
    fn assert_above_footer(pages: &[Layout]) {
        for page in pages {
            for item in &page.items {
                if let Item::Text(t) = item
                    && !t.text.starts_with("Trang ")
                    && !t.text.starts_with("Đơn hàng OD-")
                {
                    assert!(t.top + line_h(t.size_pt) <= BODY_BOTTOM + 0.01, "{t:?}");
                }
            }
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
    fn an_issued_invoice_shows_its_number_and_code() {
        use orderdeck_domain::invoice_document::IssuedMark;
        let fonts = Fonts::load().unwrap();
        let lines = vec![InvoiceLine::net("Áo", "cái", 1, dec!(100000), VatRate::Ten)];
        let mut d = draft(InvoiceTemplate::Vat, lines);
        let preview = texts(&layout(&d, FixedOffset::east_opt(0).unwrap(), &fonts));
        assert!(
            preview.iter().any(|t| t == "Số: (chưa cấp số)"),
            "{preview:?}"
        );
        assert!(
            !preview.iter().any(|t| t.starts_with("Mã CQT")),
            "{preview:?}"
        );

        d.order_number = String::new();
        d.issued = Some(IssuedMark {
            number: "C26TAA7".into(),
            tax_authority_code: Some("00A1B2C3D4E5F60718293A4B5C6D7E8F90".into()),
        });
        let issued = texts(&layout(&d, FixedOffset::east_opt(0).unwrap(), &fonts));
        for expected in [
            "Số: C26TAA7",
            "Mã CQT: 00A1B2C3D4E5F60718293A4B5C6D7E8F90",
            "Hóa đơn điện tử ký hiệu 1C26TAA số C26TAA7",
        ] {
            assert!(
                issued.iter().any(|t| t == expected),
                "{expected:?} not in {issued:?}"
            );
        }
        assert!(
            !issued
                .iter()
                .any(|t| t.contains("chưa cấp số") || t.contains("Đơn hàng")),
            "{issued:?}"
        );

        d.issued = Some(IssuedMark {
            number: "00000008".into(),
            tax_authority_code: None,
        });
        let without_code = texts(&layout(&d, FixedOffset::east_opt(0).unwrap(), &fonts));
        assert!(without_code.iter().any(|t| t == "Số: 00000008"));
        assert!(!without_code.iter().any(|t| t.starts_with("Mã CQT")));
    }

    #[test]
    fn absurd_names_and_amounts_still_fit() {
        let fonts = Fonts::load().unwrap();
        let lines = vec![
            InvoiceLine::net("x".repeat(20_000), "cái", 1, dec!(1), VatRate::Five),
            InvoiceLine::net("y", "cái", 999_999, dec!(999999999999), VatRate::Kct),
            InvoiceLine::net("z ".repeat(5_000), "cái", 1, dec!(1), VatRate::Zero),
        ];
        let mut d = draft(InvoiceTemplate::Vat, lines);
        d.buyer.address = "Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh, ".repeat(40);
        d.buyer.company = "Công ty TNHH Thương mại Ánh Dương ".repeat(40);
        d.seller_address = "45 Lê Lợi, Quận 1, ".repeat(100);
        let pages = layout(&d, FixedOffset::east_opt(0).unwrap(), &fonts);
        assert_on_a4(&pages, &fonts);
        assert_above_footer(&pages);
    }
}
