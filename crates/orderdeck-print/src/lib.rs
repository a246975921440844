//! Printed documents. Parcel shipping labels, 100 × 150 mm: a PDF for any printer and
//! ZPL for Zebra-style thermal printers, with the same content laid out once (`layout`)
//! and drawn twice. Invoices (`invoice`): an A4 PDF of an invoice draft, over as many
//! pages as its lines need. Pick lists (`pick_list`): an A4 PDF of a batch of orders'
//! items summed by warehouse, bin and SKU.
//!
//! The PDFs embed subsets of DejaVu Sans with a ToUnicode map, so Vietnamese prints
//! with its diacritics and the text stays searchable and copyable.

mod code128;
mod font;
pub mod invoice;
#[cfg(test)]
mod invoice_tests;
#[cfg(test)]
mod label_tests;
mod layout;
mod merge;
mod pdf;
pub mod pick_list;
mod zpl;

pub use code128::{Code128, Code128Error};
pub use invoice::{invoice_pdf, invoice_pdf_pages};
pub use merge::{MergeError, merge_pdfs};
pub use pick_list::{PickWords, pick_list_pdf};

use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

use orderdeck_domain::money::format_vnd;

/// Longest tracking number accepted: past that the bars get thinner than a 203 dpi
/// thermal printer's dot, and no carrier issues numbers that long.
pub const MAX_TRACKING_LEN: usize = 40;

/// Labels show local time; Vietnam is UTC+7 all year (no daylight saving).
const VIETNAM_UTC_OFFSET_SECS: i32 = 7 * 3600;

pub struct LabelData {
    pub carrier: String,         // e.g. "Giao Hàng Nhanh"
    pub service: String,         // "express" / "economy"
    pub tracking_number: String, // e.g. "GHN5X7K9QP" (ASCII)
    pub order_number: String,    // e.g. "OD-000123"
    pub sender_name: String,
    pub sender_phone: String,
    pub sender_address: String,
    pub receiver_name: String,
    pub receiver_phone: String,
    pub receiver_address: String,
    pub cod_amount: Decimal, // shown as "COD: 1.250.000 ₫"; "COD: 0 ₫" + "Không thu tiền" at zero
    pub weight_grams: u32,   // shown in kg, e.g. "1,2 kg"
    pub required_note: String, // e.g. "Cho xem hàng, không cho thử"
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("the tracking number is empty: the label's barcode needs one")]
    EmptyTrackingNumber,
    #[error(
        "tracking number {tracking:?} has {ch:?} at position {position}: a Code 128 barcode \
         holds only printable ASCII (letters, digits, punctuation, space)"
    )]
    TrackingNumberCharacter {
        tracking: String,
        ch: char,
        position: usize,
    },
    #[error(
        "the tracking number is {len} characters long: a label's barcode holds at most \
         {MAX_TRACKING_LEN}"
    )]
    TrackingNumberTooLong { len: usize },
    #[error("the COD amount {0} is negative: the carrier can only collect money")]
    NegativeCod(Decimal),
    #[error("the {0} is empty: the carrier cannot deliver without it")]
    Missing(&'static str),
    #[error("the built-in font {font} could not be used: {reason}")]
    Font { font: &'static str, reason: String },
}

/// Renders the label as a one-page PDF, 100 × 150 mm.
pub fn pdf(label: &LabelData) -> Result<Vec<u8>, LabelError> {
    let content = Content::new(label)?;
    let fonts = font::Fonts::load()?;
    let layout = layout::layout(&content, &fonts);
    pdf::render(&layout, &fonts, &content)
}

/// Renders the label as ZPL II for a 203 dpi printer with 100 × 150 mm media.
pub fn zpl(label: &LabelData) -> Result<String, LabelError> {
    let content = Content::new(label)?;
    // ZPL lines are wrapped with DejaVu's widths: wider than the printer's condensed
    // font 0, so a line measured to fit here also fits on the printer.
    let fonts = font::Fonts::load()?;
    let layout = layout::layout(&content, &fonts);
    Ok(zpl::render(&layout))
}

/// The label's text, checked and made ready to print.
pub(crate) struct Content {
    pub carrier: String,
    pub service: String,
    pub tracking: String,
    pub barcode: Code128,
    pub order_number: String,
    pub sender_name: String,
    pub sender_phone: String,
    pub sender_address: String,
    pub receiver_name: String,
    pub receiver_phone: String,
    pub receiver_address: String,
    pub cod: String,
    pub cod_is_zero: bool,
    pub weight: String,
    pub note: String,
    pub created: String,
}

impl Content {
    fn new(label: &LabelData) -> Result<Self, LabelError> {
        let tracking = check_tracking_number(&label.tracking_number)?;
        // check_tracking_number already refused what Code 128 cannot hold, so this
        // only fails if the two ever disagree; report it the same way.
        let barcode = Code128::encode(&tracking).map_err(|e| match e {
            Code128Error::Empty => LabelError::EmptyTrackingNumber,
            Code128Error::Unsupported { ch, position } => LabelError::TrackingNumberCharacter {
                tracking: tracking.clone(),
                ch,
                position,
            },
        })?;
        if label.cod_amount.is_sign_negative() && !label.cod_amount.is_zero() {
            return Err(LabelError::NegativeCod(label.cod_amount));
        }
        let receiver_name = clean(&label.receiver_name);
        if receiver_name.is_empty() {
            return Err(LabelError::Missing("receiver name"));
        }
        let receiver_address = clean(&label.receiver_address);
        if receiver_address.is_empty() {
            return Err(LabelError::Missing("receiver address"));
        }
        Ok(Self {
            carrier: clean(&label.carrier),
            service: clean(&label.service).to_uppercase(),
            tracking,
            barcode,
            order_number: clean(&label.order_number),
            sender_name: clean(&label.sender_name),
            sender_phone: clean(&label.sender_phone),
            sender_address: clean(&label.sender_address),
            receiver_name,
            receiver_phone: clean(&label.receiver_phone),
            receiver_address,
            cod: format!("COD: {}", format_vnd(label.cod_amount)),
            cod_is_zero: label.cod_amount.is_zero(),
            weight: format_weight(label.weight_grams),
            note: clean(&label.required_note),
            created: format_created(label.created_at),
        })
    }
}

/// The tracking number as the barcode will hold it: surrounding spaces dropped (they
/// come from copy and paste, never from a carrier), the rest checked for Code 128.
pub fn check_tracking_number(raw: &str) -> Result<String, LabelError> {
    let tracking = raw.trim();
    if tracking.is_empty() {
        return Err(LabelError::EmptyTrackingNumber);
    }
    if let Some((i, ch)) = tracking
        .chars()
        .enumerate()
        .find(|(_, c)| !matches!(c, ' '..='~'))
    {
        return Err(LabelError::TrackingNumberCharacter {
            tracking: tracking.to_string(),
            ch,
            position: i + 1,
        });
    }
    // All ASCII from here, so bytes are characters.
    if tracking.len() > MAX_TRACKING_LEN {
        return Err(LabelError::TrackingNumberTooLong {
            len: tracking.len(),
        });
    }
    Ok(tracking.to_string())
}

/// Text as printed: composed to NFC, because the font has a glyph for every
/// precomposed Vietnamese letter but nothing positions loose combining marks; line
/// breaks, tabs and runs of spaces become one space, because the layout wraps lines
/// itself.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Grams as kilograms the Vietnamese way: "1,2 kg", "0,75 kg", "1.250 kg".
pub(crate) fn format_weight(grams: u32) -> String {
    let kg = (grams / 1000).to_string();
    let mut whole = String::with_capacity(kg.len() + kg.len() / 3);
    for (i, ch) in kg.chars().enumerate() {
        if i > 0 && (kg.len() - i).is_multiple_of(3) {
            whole.push('.');
        }
        whole.push(ch);
    }
    let rest = grams % 1000;
    if rest == 0 {
        format!("{whole} kg")
    } else {
        let frac = format!("{rest:03}");
        format!("{whole},{} kg", frac.trim_end_matches('0'))
    }
}

/// Creation time in Vietnam's local time, "27/11/2026 14:05".
pub(crate) fn format_created(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(VIETNAM_UTC_OFFSET_SECS) {
        Some(vn) => at.with_timezone(&vn).format("%d/%m/%Y %H:%M").to_string(),
        None => at.format("%d/%m/%Y %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> LabelData {
        LabelData {
            carrier: "Giao Hàng Nhanh".into(),
            service: "economy".into(),
            tracking_number: "GHN5X7K9QP".into(),
            order_number: "OD-000123".into(),
            sender_name: "Shop Hoa Mai".into(),
            sender_phone: "0901 234 567".into(),
            sender_address: "45 Lê Lợi, Quận 1".into(),
            receiver_name: "Nguyễn Thị Hồng Nhung".into(),
            receiver_phone: "0912 345 678".into(),
            receiver_address: "12 Đường Trần Hưng Đạo, Phường Phạm Ngũ Lão, Quận 1".into(),
            cod_amount: Decimal::new(1_250_000, 0),
            weight_grams: 1200,
            required_note: "Cho xem hàng, không cho thử".into(),
            created_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn layout_stays_on_the_page() {
        let fonts = font::Fonts::load().unwrap();
        let normal = label();
        let mut long = label();
        long.receiver_address = "Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh, ".repeat(60);
        long.receiver_name = "Tôn Nữ Thị Phương Thảo ".repeat(10);
        long.receiver_phone = "0".repeat(200);
        long.sender_name = "S".repeat(300);
        long.sender_address = "x".repeat(2000);
        long.required_note = "Gọi trước khi giao ".repeat(50);
        long.carrier = "C".repeat(100);
        long.service = "S".repeat(100);
        long.order_number = "O".repeat(100);
        long.cod_amount = Decimal::MAX;
        long.tracking_number = "W".repeat(MAX_TRACKING_LEN);
        for l in [normal, long] {
            let layout = layout::layout(&Content::new(&l).unwrap(), &fonts);
            layout::tests::assert_on_page(&layout, &fonts);
        }
    }

    #[test]
    fn weight_in_kilograms() {
        assert_eq!(format_weight(1200), "1,2 kg");
        assert_eq!(format_weight(750), "0,75 kg");
        assert_eq!(format_weight(1000), "1 kg");
        assert_eq!(format_weight(0), "0 kg");
        assert_eq!(format_weight(1_250_005), "1.250,005 kg");
    }

    #[test]
    fn created_in_vietnam_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-27T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(format_created(at), "28/11/2026 00:30");
    }

    #[test]
    fn clean_composes_and_flattens() {
        // "Nguyễn" typed with a combining tilde over a circumflex e.
        let decomposed = "Nguye\u{302}\u{303}n\n\tThị  ";
        assert_eq!(clean(decomposed), "Nguyễn Thị");
        assert_eq!(clean("  \n "), "");
    }

    #[test]
    fn tracking_numbers_are_checked() {
        assert_eq!(check_tracking_number(" GHN5X7K9QP ").unwrap(), "GHN5X7K9QP");
        assert!(matches!(
            check_tracking_number(""),
            Err(LabelError::EmptyTrackingNumber)
        ));
        assert!(matches!(
            check_tracking_number("GHNĐ1"),
            Err(LabelError::TrackingNumberCharacter {
                ch: 'Đ',
                position: 4,
                ..
            })
        ));
        assert!(matches!(
            check_tracking_number(&"A".repeat(41)),
            Err(LabelError::TrackingNumberTooLong { len: 41 })
        ));
        assert!(check_tracking_number(&"A".repeat(40)).is_ok());
    }
}
