//! Draws `Layout`s as PDF pages with `pdf-writer`: the label's one page, or the
//! invoice's A4 pages.
//!
//! Each font is embedded as a subset (only the glyphs used) in a Type0 / CIDFontType2
//! font with Identity-H encoding, so any Unicode text can be shown; the ToUnicode map
//! written beside it maps each glyph back to its character, which is what lets PDF
//! readers search and copy the text and lets tests extract it.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content as Ops, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use super::font::{Font, Fonts, MM_PER_PT, Weight};
use super::layout::{Align, Item, LEADING, Layout, PAGE_H, PAGE_W};
use super::{Content, LabelError};

fn pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

/// Glyphs used from one font, numbered as they will be in its subset.
struct Used<'a> {
    font: &'a Font,
    /// PDF resource name, e.g. `/F1`.
    resource: &'static [u8],
    /// Subset name: a six-letter tag, '+', the font's name (PDF 32000 9.6.4).
    subset_name: String,
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows, for the ToUnicode map.
    chars: BTreeMap<u16, char>,
}

impl<'a> Used<'a> {
    fn new(font: &'a Font, resource: &'static [u8], tag: &str) -> Self {
        Self {
            font,
            resource,
            subset_name: format!("{tag}+{}", font.name),
            remapper: GlyphRemapper::new(),
            chars: BTreeMap::new(),
        }
    }

    /// The text as 2-byte glyph ids of the subset (Identity-H), noting each glyph.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (glyph, shown) = self.font.glyph(c);
            let id = self.remapper.remap(glyph.0);
            self.chars.entry(id).or_insert(shown);
            out.extend(id.to_be_bytes());
        }
        out
    }

    /// Writes the Type0 font and everything it needs, using ids from `first` on.
    fn write(&self, pdf: &mut Pdf, first: i32) -> Result<Ref, LabelError> {
        let type0 = Ref::new(first);
        let cid = Ref::new(first + 1);
        let descriptor = Ref::new(first + 2);
        let file = Ref::new(first + 3);
        let cmap = Ref::new(first + 4);
        let name = Name(self.subset_name.as_bytes());
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let face = &self.font.face;
        let scale = 1000.0 / self.font.units_per_em();

        pdf.type0_font(type0)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);

        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(system)
            .font_descriptor(descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        // The subset's glyph ids run 0, 1, 2… in remapping order, and with Identity
        // CID = glyph id, so the widths are one consecutive run from 0.
        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|g| f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) * scale)
            .collect();
        cid_font.widths().consecutive(0, widths);
        cid_font.finish();

        let bbox = face.global_bounding_box();
        // Symbolic: the font has glyphs outside the standard Latin set (Vietnamese),
        // which readers must not assume a standard encoding for.
        let mut flags = FontFlags::SYMBOLIC;
        if face.is_monospaced() {
            flags |= FontFlags::FIXED_PITCH;
        }
        let bold = face.is_bold();
        pdf.font_descriptor(descriptor)
            .name(name)
            .flags(flags)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * scale,
                f32::from(bbox.y_min) * scale,
                f32::from(bbox.x_max) * scale,
                f32::from(bbox.y_max) * scale,
            ))
            .italic_angle(face.italic_angle())
            .ascent(f32::from(face.ascender()) * scale)
            .descent(f32::from(face.descender()) * scale)
            .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * scale)
            // Readers only use StemV as a hint when they must substitute the font; a
            // rough value by weight is the usual practice.
            .stem_v(if bold { 140.0 } else { 80.0 })
            .font_file2(file);

        let subset =
            subsetter::subset(self.font.data, 0, &self.remapper).map_err(|e| LabelError::Font {
                font: self.font.name,
                reason: format!("subsetting failed: {e}"),
            })?;
        let subset_len = i32::try_from(subset.len()).map_err(|_| LabelError::Font {
            font: self.font.name,
            reason: "subset too large".into(),
        })?;
        pdf.stream(file, &subset).pair(Name(b"Length1"), subset_len);

        let mut unicode = UnicodeCmap::new(Name(b"Custom"), system);
        for (&id, &c) in &self.chars {
            unicode.pair(id, c);
        }
        pdf.stream(cmap, unicode.finish().as_slice());
        Ok(type0)
    }
}

/// A page's size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageSize {
    pub w: f32,
    pub h: f32,
}

/// The shipping label's 100 × 150 mm.
pub(crate) const LABEL_PAGE: PageSize = PageSize {
    w: PAGE_W,
    h: PAGE_H,
};

/// The label as a one-page PDF.
pub(crate) fn render(
    layout: &Layout,
    fonts: &Fonts,
    content: &Content,
) -> Result<Vec<u8>, LabelError> {
    let title = format!(
        "Shipping label {} ({})",
        content.tracking, content.order_number
    );
    render_pages(
        std::slice::from_ref(layout),
        LABEL_PAGE,
        fonts,
        &title,
        ["ODLBLR", "ODLBLB"],
    )
}

/// Draws each layout as one page of `size`, all pages sharing one subset of each font.
/// `subset_tags` are the six-letter subset tags of the regular and the bold font.
pub(crate) fn render_pages(
    layouts: &[Layout],
    size: PageSize,
    fonts: &Fonts,
    title: &str,
    subset_tags: [&str; 2],
) -> Result<Vec<u8>, LabelError> {
    let catalog = Ref::new(1);
    let pages = Ref::new(2);
    let info = Ref::new(5);
    const REGULAR_FIRST_ID: i32 = 10;
    const BOLD_FIRST_ID: i32 = 20;
    /// Page n (from 0) is object FIRST_PAGE_ID + 2n, its content stream the next one.
    const FIRST_PAGE_ID: i32 = 30;

    let mut regular = Used::new(&fonts.regular, b"F1", subset_tags[0]);
    let mut bold = Used::new(&fonts.bold, b"F2", subset_tags[1]);
    let mut streams = Vec::with_capacity(layouts.len());
    for layout in layouts {
        let mut ops = Ops::new();
        for item in &layout.items {
            draw(&mut ops, item, size.h, &mut regular, &mut bold);
        }
        streams.push(ops.finish());
    }
    let count = i32::try_from(layouts.len()).map_err(|_| LabelError::Font {
        font: fonts.regular.name,
        reason: "too many pages".into(),
    })?;
    let page_ids: Vec<Ref> = (0..count)
        .map(|n| Ref::new(FIRST_PAGE_ID + 2 * n))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids(page_ids.iter().copied()).count(count);
    let regular_id = regular.write(&mut pdf, REGULAR_FIRST_ID)?;
    let bold_id = bold.write(&mut pdf, BOLD_FIRST_ID)?;
    for (page, stream) in page_ids.iter().zip(&streams) {
        let contents = Ref::new(page.get() + 1);
        let mut p = pdf.page(*page);
        p.parent(pages)
            .media_box(Rect::new(0.0, 0.0, pt(size.w), pt(size.h)))
            .contents(contents);
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        font_dict.pair(Name(regular.resource), regular_id);
        font_dict.pair(Name(bold.resource), bold_id);
        font_dict.finish();
        resources.finish();
        p.finish();
        pdf.stream(contents, stream);
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("orderdeck"));
    Ok(pdf.finish())
}

/// Appends the drawing operations of one item; `page_h` turns the layout's top-down
/// millimetres into PDF's bottom-up points.
fn draw<'a>(ops: &mut Ops, item: &Item, page_h: f32, regular: &mut Used<'a>, bold: &mut Used<'a>) {
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            filled,
            line,
        } => {
            if *filled {
                ops.set_fill_gray(0.0);
                ops.rect(pt(*x), pt(page_h - y - h), pt(*w), pt(*h));
                ops.fill_nonzero();
            } else {
                // Stroke inside the rectangle so its outer edge is where the layout
                // put it.
                let half = line / 2.0;
                ops.set_stroke_gray(0.0);
                ops.set_line_width(pt(*line));
                ops.rect(
                    pt(x + half),
                    pt(page_h - y - h + half),
                    pt(w - line),
                    pt(h - line),
                );
                ops.stroke();
            }
        }
        Item::Barcode {
            x,
            top,
            height,
            module,
            code,
            ..
        } => {
            ops.set_fill_gray(0.0);
            for (offset, width) in code.bars() {
                ops.rect(
                    pt(x + offset as f32 * module),
                    pt(page_h - top - height),
                    pt(width as f32 * module),
                    pt(*height),
                );
            }
            ops.fill_nonzero();
        }
        Item::Text(t) => {
            let used = match t.weight {
                Weight::Regular => regular,
                Weight::Bold => bold,
            };
            let size_mm = t.size_pt * MM_PER_PT;
            let width = used.font.width_mm(&t.text, t.size_pt);
            let x = match t.align {
                Align::Left => t.x,
                Align::Center => t.x + (t.width - width) / 2.0,
                Align::Right => t.x + t.width - width,
            };
            // Baseline: the glyphs' ascent-to-descent box centred in the line box.
            let ascent = used.font.em(used.font.face.ascender());
            let descent = -used.font.em(used.font.face.descender());
            let baseline = t.top + size_mm * ((LEADING - ascent - descent) / 2.0 + ascent);
            let glyphs = used.encode(&t.text);
            ops.set_fill_gray(if t.inverse { 1.0 } else { 0.0 });
            ops.begin_text();
            ops.set_font(Name(used.resource), t.size_pt);
            ops.next_line(pt(x), pt(page_h - baseline));
            ops.show(Str(&glyphs));
            ops.end_text();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_map_back_to_their_characters() {
        let fonts = Fonts::load().unwrap();
        let mut used = Used::new(&fonts.regular, b"F1", "AAAAAA");
        let bytes = used.encode("Hồng Hồ");
        // 7 characters, 2 bytes each; the repeated letters reuse their glyph ids.
        assert_eq!(bytes.len(), 14);
        assert_eq!(bytes[0..2], bytes[10..12], "H twice");
        assert_eq!(used.chars.values().collect::<String>(), "Hồng ");
        // Glyph 0 (.notdef) is always in the subset, then one id per new glyph.
        assert_eq!(used.remapper.num_gids(), 6);
    }
}
