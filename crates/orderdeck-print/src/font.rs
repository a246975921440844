//! The label's fonts: DejaVu Sans and DejaVu Sans Bold, compiled into the binary so a
//! label renders the same on a machine with no fonts installed (CI has none). DejaVu
//! has every precomposed Vietnamese letter and the đồng sign. Licence:
//! `fonts/LICENSE-DejaVu.txt`.

use ttf_parser::{Face, GlyphId};

use super::LabelError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

/// Millimetres per PostScript point.
pub(crate) const MM_PER_PT: f32 = 25.4 / 72.0;

/// Shown for a character the font has no glyph for, so the label shows that something
/// is missing instead of silently dropping it.
const REPLACEMENT: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

pub(crate) struct Font {
    /// PostScript name, used as the PDF base font name.
    pub(crate) name: &'static str,
    pub(crate) data: &'static [u8],
    pub(crate) face: Face<'static>,
    units_per_em: f32,
}

impl Font {
    fn load(name: &'static str, data: &'static [u8]) -> Result<Self, LabelError> {
        let face = Face::parse(data, 0).map_err(|e| LabelError::Font {
            font: name,
            reason: e.to_string(),
        })?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Self {
            name,
            data,
            face,
            units_per_em,
        })
    }

    /// The glyph drawn for `c` and the character it stands for (the replacement when
    /// the font lacks `c`), so the PDF's text layer says what is really printed.
    pub(crate) fn glyph(&self, c: char) -> (GlyphId, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g, c),
            None => match self.face.glyph_index(REPLACEMENT) {
                Some(g) => (g, REPLACEMENT),
                None => (GlyphId(0), REPLACEMENT),
            },
        }
    }

    /// Advance of a glyph as a fraction of the font size.
    pub(crate) fn advance_em(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
    }

    /// Width of `text` at `size_pt`, in millimetres. No kerning: the PDF is drawn
    /// without it too, so measuring and drawing agree.
    pub(crate) fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advance_em(self.glyph(c).0)).sum();
        em * size_pt * MM_PER_PT
    }

    /// Font-unit value as a fraction of the font size.
    pub(crate) fn em(&self, units: i16) -> f32 {
        f32::from(units) / self.units_per_em
    }

    pub(crate) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }
}

pub(crate) struct Fonts {
    pub(crate) regular: Font,
    pub(crate) bold: Font,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, LabelError> {
        Ok(Self {
            regular: Font::load("DejaVuSans", REGULAR_TTF)?,
            bold: Font::load("DejaVuSans-Bold", BOLD_TTF)?,
        })
    }

    pub(crate) fn get(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    pub(crate) fn width_mm(&self, text: &str, size_pt: f32, weight: Weight) -> f32 {
        self.get(weight).width_mm(text, size_pt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_vietnamese_and_the_dong_sign() {
        let fonts = Fonts::load().unwrap();
        let sample = "Nguyễn Thị Hồng Nhung Đường Trần Hưng Đạo Phường Phạm Ngũ Lão \
                      Hồ Chí Minh ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗ\
                      ỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ ₫ …";
        for font in [&fonts.regular, &fonts.bold] {
            for c in sample.chars() {
                assert!(
                    font.face.glyph_index(c).is_some(),
                    "{} lacks {c:?}",
                    font.name
                );
            }
        }
    }

    #[test]
    fn measures_wider_text_as_wider() {
        let fonts = Fonts::load().unwrap();
        let narrow = fonts.width_mm("iii", 10.0, Weight::Regular);
        let wide = fonts.width_mm("WWW", 10.0, Weight::Regular);
        assert!(narrow > 0.0 && wide > narrow * 2.0);
        assert!(
            fonts.width_mm("Đường", 10.0, Weight::Bold)
                > fonts.width_mm("Đường", 10.0, Weight::Regular)
        );
    }
}
