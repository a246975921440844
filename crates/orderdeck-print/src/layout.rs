//! Where everything goes on the 100 × 150 mm label, in millimetres from the top-left
//! corner. Both the PDF and the ZPL are drawn from this one layout.
//!
//! Fixed-size parts are placed from the top (header, barcode, sender) and from the
//! bottom (order number, note, COD); the receiver, the part that matters most to the
//! courier, gets the space in between, and its address shrinks and then is cut short
//! with "…" so that no text can ever leave the page.

use super::Content;
use super::code128::{Code128, QUIET_ZONE};
use super::font::{Fonts, MM_PER_PT, Weight};

pub(crate) const PAGE_W: f32 = 100.0;
pub(crate) const PAGE_H: f32 = 150.0;
const MARGIN: f32 = 4.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Line height as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.2;
const RULE: f32 = 0.4;
/// Widest bar module: 0.5 mm is 4 dots at 203 dpi and scans from arm's length.
const MAX_MODULE: f32 = 0.5;
const BARCODE_H: f32 = 18.0;
const COD_BOX_H: f32 = 15.0;
const ELLIPSIS: char = '…';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// Left edge and width of the box the text is aligned in.
    pub x: f32,
    pub width: f32,
    /// Top of the line box; the line is `size * LEADING` points high.
    pub top: f32,
    pub size_pt: f32,
    pub weight: Weight,
    pub align: Align,
    /// White on black, for text inside a filled box.
    pub inverse: bool,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Item {
    Text(Text),
    /// A rectangle, filled or outlined with a `line` thick border.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        filled: bool,
        line: f32,
    },
    Barcode {
        x: f32,
        top: f32,
        height: f32,
        module: f32,
        code: Code128,
        data: String,
    },
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Text(t) => t.top,
            Item::Rect { y, .. } => *y,
            Item::Barcode { top, .. } => *top,
        }
    }
}

pub(crate) struct Layout {
    /// In drawing order, which is also top-to-bottom reading order.
    pub items: Vec<Item>,
}

pub(crate) fn line_h(size_pt: f32) -> f32 {
    size_pt * LEADING * MM_PER_PT
}

/// Greedy word wrap by measured width; a word wider than the line (a long URL, a
/// phone number without spaces) is broken between characters. Stops once it has more
/// than `limit` lines, since the caller cannot use the rest (and an address pasted
/// a thousand times over should not cost a thousand lines of measuring).
pub(crate) fn wrap(
    fonts: &Fonts,
    text: &str,
    size: f32,
    weight: Weight,
    max_w: f32,
    limit: usize,
) -> Vec<String> {
    let fits = |s: &str| fonts.width_mm(s, size, weight) <= max_w;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if lines.len() > limit {
            return lines;
        }
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if fits(word) {
            line = word.to_string();
            continue;
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
                if lines.len() > limit {
                    return lines;
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts `line` so that it plus "…" fits in `max_w`.
pub(crate) fn ellipsize(
    fonts: &Fonts,
    line: &str,
    size: f32,
    weight: Weight,
    max_w: f32,
) -> String {
    let mut s: String = line.trim_end().to_string();
    loop {
        let candidate = format!("{s}{ELLIPSIS}");
        if s.is_empty() || fonts.width_mm(&candidate, size, weight) <= max_w {
            return candidate;
        }
        s.pop();
        s = s.trim_end().to_string();
    }
}

/// The largest size from `max_size` down to `min_size` (half-point steps) at which
/// `text` wraps into at most `max_lines` lines no taller than `max_h`; at the smallest
/// size whatever does not fit is cut with "…".
fn fit(
    fonts: &Fonts,
    text: &str,
    weight: Weight,
    (max_size, min_size): (f32, f32),
    max_w: f32,
    max_lines: usize,
    max_h: f32,
) -> (f32, Vec<String>) {
    let mut size = max_size;
    loop {
        let allowed = ((max_h / line_h(size)).floor() as usize).clamp(1, max_lines.max(1));
        let mut lines = wrap(fonts, text, size, weight, max_w, allowed);
        if lines.len() <= allowed {
            return (size, lines);
        }
        if size - 0.5 < min_size {
            lines.truncate(allowed);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(fonts, last, size, weight, max_w);
            }
            return (size, lines);
        }
        size -= 0.5;
    }
}

/// A column: left edge and width.
#[derive(Clone, Copy)]
struct Col {
    x: f32,
    w: f32,
}

#[derive(Clone, Copy)]
struct Style {
    size: f32,
    weight: Weight,
    align: Align,
}

fn style(size: f32, weight: Weight, align: Align) -> Style {
    Style {
        size,
        weight,
        align,
    }
}

struct Builder<'a> {
    fonts: &'a Fonts,
    items: Vec<Item>,
}

impl Builder<'_> {
    /// Lines one under another; returns the y just below the last.
    fn lines(&mut self, col: Col, top: f32, st: Style, lines: Vec<String>) -> f32 {
        let mut y = top;
        for text in lines {
            self.items.push(Item::Text(Text {
                x: col.x,
                width: col.w,
                top: y,
                size_pt: st.size,
                weight: st.weight,
                align: st.align,
                inverse: false,
                text,
            }));
            y += line_h(st.size);
        }
        y
    }

    /// `text` wrapped into at most `max_lines` lines, shrunk from `st.size` towards
    /// `min_size` and then cut short to fit; returns the y just below it.
    fn block(
        &mut self,
        col: Col,
        top: f32,
        st: Style,
        min_size: f32,
        max_lines: usize,
        text: &str,
    ) -> f32 {
        let (size, lines) = fit(
            self.fonts,
            text,
            st.weight,
            (st.size, min_size),
            col.w,
            max_lines,
            f32::MAX,
        );
        self.lines(col, top, Style { size, ..st }, lines)
    }

    /// The height `block` would take.
    fn block_h(&self, col: Col, st: Style, min_size: f32, max_lines: usize, text: &str) -> f32 {
        let (size, lines) = fit(
            self.fonts,
            text,
            st.weight,
            (st.size, min_size),
            col.w,
            max_lines,
            f32::MAX,
        );
        line_h(size) * lines.len() as f32
    }

    fn rule(&mut self, y: f32) {
        self.items.push(Item::Rect {
            x: MARGIN,
            y,
            w: CONTENT_W,
            h: RULE,
            filled: true,
            line: 0.0,
        });
    }
}

/// Joins the parts that are present with `sep`.
fn join(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

pub(crate) fn layout(c: &Content, fonts: &Fonts) -> Layout {
    use Align::{Center, Left};
    use Weight::{Bold, Regular};
    let mut b = Builder {
        fonts,
        items: Vec::new(),
    };
    let x = MARGIN;
    let w = CONTENT_W;
    let full = Col { x, w };

    // Header: carrier on the left, service as a black tag on the right, then the date.
    let mut y = MARGIN;
    let tag_h = 6.5;
    let mut carrier = full;
    if !c.service.is_empty() {
        let size = 10.0;
        let label = fit(fonts, &c.service, Bold, (size, size), 36.0, 1, f32::MAX).1;
        let label = label.into_iter().next().unwrap_or_default();
        let tag_w = fonts.width_mm(&label, size, Bold) + 4.0;
        let tag_x = x + w - tag_w;
        b.items.push(Item::Rect {
            x: tag_x,
            y,
            w: tag_w,
            h: tag_h,
            filled: true,
            line: 0.0,
        });
        b.items.push(Item::Text(Text {
            x: tag_x,
            width: tag_w,
            top: y + (tag_h - line_h(size)) / 2.0,
            size_pt: size,
            weight: Bold,
            align: Center,
            inverse: true,
            text: label,
        }));
        carrier.w = w - tag_w - 2.0;
    }
    let carrier_top = y + (tag_h - line_h(13.0)) / 2.0;
    b.block(
        carrier,
        carrier_top,
        style(13.0, Bold, Left),
        8.0,
        1,
        &c.carrier,
    );
    y += tag_h + 1.0;
    let created = format!("Ngày tạo: {}", c.created);
    y = b.block(full, y, style(8.0, Regular, Left), 8.0, 1, &created);
    y += 1.0;
    b.rule(y);
    y += RULE + 2.5;

    // Barcode, centred, with its quiet zones inside the content width.
    let modules = c.barcode.module_count();
    let module = (w / (modules + 2 * QUIET_ZONE) as f32).min(MAX_MODULE);
    let bars_w = module * modules as f32;
    b.items.push(Item::Barcode {
        x: (PAGE_W - bars_w) / 2.0,
        top: y,
        height: BARCODE_H,
        module,
        code: c.barcode.clone(),
        data: c.tracking.clone(),
    });
    y += BARCODE_H + 1.0;
    y = b.block(full, y, style(14.0, Bold, Center), 8.0, 1, &c.tracking);
    y += 1.0;
    b.rule(y);
    y += RULE + 2.0;

    // Sender: small, at most two address lines.
    y = b.block(full, y, style(7.0, Bold, Left), 7.0, 1, "NGƯỜI GỬI");
    let sender = join(&[&c.sender_name, &c.sender_phone], " · ");
    if !sender.is_empty() {
        y = b.block(full, y, style(9.0, Bold, Left), 7.0, 1, &sender);
    }
    if !c.sender_address.is_empty() {
        y = b.block(
            full,
            y,
            style(8.0, Regular, Left),
            7.0,
            2,
            &c.sender_address,
        );
    }
    y += 1.0;
    b.rule(y);
    y += RULE + 2.0;
    let receiver_top = y;

    // From the bottom up: order number, note, COD with weight.
    let mut bottom = PAGE_H - MARGIN - line_h(10.0);
    let order = format!("Đơn hàng: {}", c.order_number);
    b.block(full, bottom, style(10.0, Bold, Left), 7.0, 1, &order);
    bottom -= 1.5 + RULE;
    b.rule(bottom);
    bottom -= 1.5;

    if !c.note.is_empty() {
        let note = format!("Ghi chú: {}", c.note);
        let st = style(9.0, Bold, Left);
        bottom -= b.block_h(full, st, 7.0, 2, &note);
        b.block(full, bottom, st, 7.0, 2, &note);
        bottom -= 1.5 + RULE;
        b.rule(bottom);
        bottom -= 1.5;
    }

    bottom -= COD_BOX_H;
    let cod_w = w * 0.68;
    b.items.push(Item::Rect {
        x,
        y: bottom,
        w: cod_w,
        h: COD_BOX_H,
        filled: false,
        line: 0.6,
    });
    let inner = Col {
        x: x + 2.0,
        w: cod_w - 4.0,
    };
    if c.cod_is_zero {
        let next = b.block(
            inner,
            bottom + 1.5,
            style(18.0, Bold, Left),
            10.0,
            1,
            &c.cod,
        );
        b.block(
            inner,
            next,
            style(10.0, Bold, Left),
            8.0,
            1,
            "Không thu tiền",
        );
    } else {
        let st = style(22.0, Bold, Left);
        let top = bottom + (COD_BOX_H - b.block_h(inner, st, 10.0, 1, &c.cod)) / 2.0;
        b.block(inner, top, st, 10.0, 1, &c.cod);
    }
    let side = Col {
        x: x + cod_w + 2.0,
        w: w - cod_w - 2.0,
    };
    let next = b.block(
        side,
        bottom + 2.0,
        style(8.0, Regular, Center),
        7.0,
        1,
        "Khối lượng",
    );
    b.block(
        side,
        next + 0.5,
        style(14.0, Bold, Center),
        8.0,
        1,
        &c.weight,
    );
    bottom -= 2.0 + RULE;
    b.rule(bottom);
    bottom -= 1.5;

    // Receiver: name, phone, then the address in whatever height is left.
    let mut y = receiver_top;
    y = b.block(full, y, style(7.0, Bold, Left), 7.0, 1, "NGƯỜI NHẬN");
    y = b.block(full, y, style(15.0, Bold, Left), 10.0, 2, &c.receiver_name);
    if !c.receiver_phone.is_empty() {
        y = b.block(full, y, style(13.0, Bold, Left), 9.0, 1, &c.receiver_phone);
    }
    y += 0.5;
    let (size, lines) = fit(
        fonts,
        &c.receiver_address,
        Regular,
        (12.0, 7.0),
        w,
        usize::MAX,
        bottom - y,
    );
    b.lines(full, y, style(size, Regular, Left), lines);

    // Parts were placed out of order (the bottom ones first); put them in reading
    // order so the PDF's text and the ZPL read top to bottom. The sort is stable and
    // whatever sits inside a box starts below the box's top, so boxes stay under the
    // text drawn on them.
    let mut items = b.items;
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    Layout { items }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every item lies on the page and every line of text fits its box.
    pub(crate) fn assert_on_page(layout: &Layout, fonts: &Fonts) {
        let on_page = |x: f32, y: f32, w: f32, h: f32| {
            x >= 0.0 && y >= 0.0 && x + w <= PAGE_W + 0.01 && y + h <= PAGE_H + 0.01
        };
        for item in &layout.items {
            match item {
                Item::Text(t) => {
                    let width = fonts.width_mm(&t.text, t.size_pt, t.weight);
                    assert!(
                        width <= t.width + 0.01,
                        "{:?} is {width} mm wide, box {}",
                        t.text,
                        t.width
                    );
                    assert!(
                        on_page(t.x, t.top, t.width, line_h(t.size_pt)),
                        "{t:?} leaves the page"
                    );
                }
                Item::Rect { x, y, w, h, .. } => assert!(on_page(*x, *y, *w, *h), "{item:?}"),
                Item::Barcode {
                    x,
                    top,
                    height,
                    module,
                    code,
                    ..
                } => {
                    let w = module * code.module_count() as f32;
                    let quiet = module * QUIET_ZONE as f32;
                    assert!(
                        on_page(x - quiet, *top, w + 2.0 * quiet, *height),
                        "{item:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn wrap_breaks_on_spaces_and_inside_long_words() {
        let fonts = Fonts::load().unwrap();
        let lines = wrap(
            &fonts,
            "12 Đường Trần Hưng Đạo, Phường Phạm Ngũ Lão",
            10.0,
            Weight::Regular,
            30.0,
            usize::MAX,
        );
        assert!(lines.len() > 1);
        assert_eq!(
            lines.join(" "),
            "12 Đường Trần Hưng Đạo, Phường Phạm Ngũ Lão"
        );
        let long = "x".repeat(300);
        let lines = wrap(&fonts, &long, 10.0, Weight::Regular, 30.0, usize::MAX);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), long);
        for l in &lines {
            assert!(fonts.width_mm(l, 10.0, Weight::Regular) <= 30.0);
        }
        // With a limit it stops one line past it.
        assert_eq!(wrap(&fonts, &long, 10.0, Weight::Regular, 30.0, 2).len(), 3);
    }

    #[test]
    fn fit_shrinks_then_cuts() {
        let fonts = Fonts::load().unwrap();
        let (size, lines) = fit(
            &fonts,
            "ngắn",
            Weight::Regular,
            (12.0, 7.0),
            80.0,
            3,
            f32::MAX,
        );
        assert_eq!((size, lines.len()), (12.0, 1));
        let long = "Phường Phạm Ngũ Lão ".repeat(40);
        let (size, lines) = fit(
            &fonts,
            &long,
            Weight::Regular,
            (12.0, 7.0),
            80.0,
            3,
            f32::MAX,
        );
        assert_eq!(size, 7.0);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with(ELLIPSIS));
    }
}
