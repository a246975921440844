//! Draws a `Layout` as ZPL II for a 203 dpi (8 dots/mm) printer with 100 × 150 mm
//! media.
//!
//! Text is sent as UTF-8 (`^CI28`) in the printer's scalable font 0. Whether the
//! Vietnamese letters and '₫' print depends on that font having those glyphs; if they
//! come out as boxes, download a Unicode TrueType font to the printer and map it to
//! font 0 with `^CW`. The barcode is the printer's own Code 128 (`^BC`) in automatic
//! mode, so it packs digit runs itself; the layout only uses our encoder to size and
//! centre it.

use std::fmt::Write;

use super::font::MM_PER_PT;
use super::layout::{Align, Item, LEADING, Layout, PAGE_H, PAGE_W};

const DOTS_PER_MM: f32 = 8.0;

fn dots(mm: f32) -> i32 {
    (mm * DOTS_PER_MM).round() as i32
}

/// Escapes field data for `^FH` (hex escapes with '_'): '^' and '~' would start a
/// command and '_' would start an escape.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '^' => out.push_str("_5E"),
            '~' => out.push_str("_7E"),
            '_' => out.push_str("_5F"),
            _ => out.push(c),
        }
    }
    out
}

fn needs_escape(text: &str) -> bool {
    text.contains(['^', '~', '_'])
}

pub(crate) fn render(layout: &Layout) -> String {
    let page_w = dots(PAGE_W);
    let mut z = String::with_capacity(4096);
    // `write!` into a String cannot fail; the results are ignored for that reason.
    z.push_str("^XA\n");
    // UTF-8 field data, so Vietnamese text goes through unchanged.
    z.push_str("^CI28\n");
    let _ = writeln!(z, "^PW{page_w}");
    let _ = writeln!(z, "^LL{}", dots(PAGE_H));
    z.push_str("^LH0,0\n");

    for item in &layout.items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                filled,
                line,
            } => {
                let (w, h) = (dots(*w).max(1), dots(*h).max(1));
                let thickness = if *filled {
                    w.min(h)
                } else {
                    dots(*line).max(1)
                };
                let _ = writeln!(z, "^FO{},{}^GB{w},{h},{thickness}^FS", dots(*x), dots(*y));
            }
            Item::Barcode {
                top,
                height,
                module,
                code,
                data,
                ..
            } => {
                // Whole dots per module; centre on the page with that width.
                let module = dots(*module).max(1);
                let width = module * code.module_count() as i32;
                let x = ((page_w - width) / 2).max(0);
                let h = dots(*height);
                let _ = write!(z, "^FO{x},{}^BY{module}^BCN,{h},N,N,N,A", dots(*top));
                if needs_escape(data) {
                    let _ = writeln!(z, "^FH^FD{}^FS", escape(data));
                } else {
                    let _ = writeln!(z, "^FD{data}^FS");
                }
            }
            Item::Text(t) => {
                let size_mm = t.size_pt * MM_PER_PT;
                let h = dots(size_mm).max(10);
                // Font 0's cell is `h` dots high; centre it in the layout's line box.
                let y = dots(t.top + size_mm * (LEADING - 1.0) / 2.0);
                let _ = write!(z, "^FO{},{y}^A0N,{h},{h}", dots(t.x));
                if t.inverse {
                    z.push_str("^FR");
                }
                match t.align {
                    Align::Left => {
                        let _ = writeln!(z, "^FH^FD{}^FS", escape(&t.text));
                    }
                    Align::Center | Align::Right => {
                        // In a ^FB block a backslash starts a control code; "\\" is a
                        // plain backslash.
                        let text = escape(&t.text).replace('\\', "\\\\");
                        let justify = if t.align == Align::Center { 'C' } else { 'R' };
                        let _ = writeln!(z, "^FB{},1,0,{justify},0^FH^FD{text}^FS", dots(t.width));
                    }
                }
            }
        }
    }
    z.push_str("^PQ1\n^XZ\n");
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_command_characters() {
        assert_eq!(escape("a^b~c_d"), "a_5Eb_7Ec_5Fd");
        assert_eq!(escape("Nguyễn Thị"), "Nguyễn Thị");
        assert!(!needs_escape("GHN5X7K9QP"));
        assert!(needs_escape("A_B"));
    }
}
