//! Shipping labels: the PDF's text is read back out of the bytes with `pdf-extract`
//! (which decodes the embedded fonts through their ToUnicode maps, as a PDF reader's
//! search and copy do), the ZPL is checked as text. No database needed.

use crate::{self as labels, LabelData, LabelError};
use chrono::{DateTime, Utc};
use rust_decimal_macros::dec;

pub(crate) fn sample() -> LabelData {
    LabelData {
        carrier: "Giao Hàng Nhanh".into(),
        service: "express".into(),
        tracking_number: "GHN5X7K9QP".into(),
        order_number: "OD-000123".into(),
        sender_name: "Shop Hoa Mai".into(),
        sender_phone: "0901 234 567".into(),
        sender_address: "45 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".into(),
        receiver_name: "Nguyễn Thị Hồng Nhung".into(),
        receiver_phone: "0912 345 678".into(),
        receiver_address: "12 Đường Trần Hưng Đạo, Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh"
            .into(),
        cod_amount: dec!(1250000),
        weight_grams: 1200,
        required_note: "Cho xem hàng, không cho thử".into(),
        created_at: DateTime::parse_from_rfc3339("2026-11-27T03:15:00Z")
            .unwrap()
            .with_timezone(&Utc),
    }
}

fn extract(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).unwrap()
}

/// Text with all whitespace removed, so checks do not depend on how the extractor
/// guesses line breaks and spaces between separately drawn lines.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdf_is_one_page_with_readable_vietnamese_text() {
    let bytes = labels::pdf(&sample()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    // 100 × 150 mm in points.
    let page = doc.get_dictionary(pages[&1]).unwrap();
    let media_box: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert!((media_box[2] - 283.46).abs() < 0.1, "{media_box:?}");
    assert!((media_box[3] - 425.20).abs() < 0.1, "{media_box:?}");

    let text = extract(&bytes);
    for expected in [
        "Nguyễn Thị Hồng Nhung",
        "COD: 1.250.000 ₫",
        "GHN5X7K9QP",
        "0912 345 678",
        "Giao Hàng Nhanh",
        "EXPRESS",
        "Shop Hoa Mai",
        "1,2 kg",
        "Cho xem hàng, không cho thử",
        "OD-000123",
        "27/11/2026 10:15",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The address is wrapped over lines; all of it is there in order.
    assert!(
        squeeze(&text).contains(&squeeze(&sample().receiver_address)),
        "address not in:\n{text}"
    );

    // Fonts are embedded subsets (TrueType in a Type0 font), not the whole 700 kB files.
    assert!(bytes.windows(10).any(|w| w == b"/FontFile2"));
    assert!(bytes.windows(10).any(|w| w == b"/ToUnicode"));
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());

    // For a person to look at.
    std::fs::write(
        std::env::temp_dir().join("orderdeck-label-sample.pdf"),
        &bytes,
    )
    .unwrap();
}

#[test]
fn zero_cod_says_nothing_to_collect() {
    let mut label = sample();
    label.cod_amount = dec!(0);
    let text = extract(&labels::pdf(&label).unwrap());
    assert!(text.contains("COD: 0 ₫"), "{text}");
    assert!(text.contains("Không thu tiền"), "{text}");

    let zpl = labels::zpl(&label).unwrap();
    assert!(zpl.contains("COD: 0 ₫"));
    assert!(zpl.contains("Không thu tiền"));
}

#[test]
fn very_long_text_wraps_and_stays_on_the_page() {
    let mut label = sample();
    label.receiver_address = "Số 123/45/6 Hẻm 789 Đường Nguyễn Văn Cừ nối dài, Khu phố 5, \
                              Phường An Khánh, Thành phố Thủ Đức, TP. Hồ Chí Minh, "
        .repeat(20);
    label.receiver_name = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc ".repeat(5);
    label.sender_address = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".repeat(10);
    label.required_note = "Gọi trước khi giao, ".repeat(30);
    label.carrier = "Tổng Công ty Cổ phần Bưu chính Viettel chi nhánh miền Nam".into();
    label.cod_amount = dec!(123456789012345);

    let bytes = labels::pdf(&label).unwrap();
    let text = extract(&bytes);
    // The start of the address is printed; what does not fit is cut with "…".
    assert!(text.contains("Số 123/45/6"), "{text}");
    assert!(text.contains('…'), "{text}");
    assert!(text.contains("COD: 123.456.789.012.345 ₫"), "{text}");
    assert!(text.contains("GHN5X7K9QP"));

    let zpl = labels::zpl(&label).unwrap();
    assert!(zpl.contains("Số 123/45/6"));
    // Every field starts on the label (0..800 × 0..1200 dots).
    for field in zpl.split("^FO").skip(1) {
        let (x, rest) = field.split_once(',').unwrap();
        let y: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
        assert!(
            (0..800).contains(&x) && (0..1200).contains(&y),
            "^FO{field}"
        );
    }
}

#[test]
fn huge_input_is_cut_quickly() {
    // An address pasted over and over must not make rendering slow or fail.
    let mut label = sample();
    label.receiver_address = "Phường Phạm Ngũ Lão, Quận 1, ".repeat(20_000);
    label.receiver_phone = "9".repeat(100_000);
    let started = std::time::Instant::now();
    let text = extract(&labels::pdf(&label).unwrap());
    assert!(text.contains("Phường Phạm Ngũ Lão"));
    assert!(labels::zpl(&label).unwrap().contains('…'));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn decomposed_input_prints_composed() {
    // Text pasted from some macOS apps arrives decomposed (NFD); it is printed and
    // extracted as the usual precomposed letters.
    let mut label = sample();
    label.receiver_name = "Nguye\u{302}\u{303}n Thi\u{323} Ho\u{302}\u{300}ng Nhung".into();
    let text = extract(&labels::pdf(&label).unwrap());
    assert!(text.contains("Nguyễn Thị Hồng Nhung"), "{text}");
}

#[test]
fn zpl_has_the_barcode_and_utf8_text() {
    let zpl = labels::zpl(&sample()).unwrap();
    assert!(zpl.starts_with("^XA"));
    assert!(zpl.trim_end().ends_with("^XZ"));
    assert!(zpl.contains("^CI28"));
    assert!(zpl.contains("^PW800"));
    assert!(zpl.contains("^LL1200"));

    let at = zpl.find("^BC").expect("a ^BC barcode");
    let after = &zpl[at + 1..];
    // The next command after ^BC's parameters is the barcode's field data.
    let next = after.find('^').unwrap();
    assert!(
        after[next..].starts_with("^FDGHN5X7K9QP^FS"),
        "{}",
        &after[..next + 20]
    );
    assert_eq!(zpl.matches("^BC").count(), 1);

    assert!(zpl.contains("Nguyễn Thị Hồng Nhung"));
    assert!(zpl.contains("COD: 1.250.000 ₫"));
    assert!(zpl.contains("OD-000123"));
    assert!(zpl.contains("Cho xem hàng, không cho thử"));
}

#[test]
fn zpl_escapes_command_characters_in_user_text() {
    let mut label = sample();
    label.receiver_name = "Anh^Ba ~Tư_".into();
    label.tracking_number = "AB^12~3".into();
    let zpl = labels::zpl(&label).unwrap();
    assert!(zpl.contains("^FH^FDAnh_5EBa _7ETư_5F^FS"), "{zpl}");
    assert!(zpl.contains("^FH^FDAB_5E12_7E3^FS"), "{zpl}");
    // Only the label's own commands are left: every '^' starts a known command.
    assert!(!zpl.contains("^Ba") && !zpl.contains("~T"));
}

#[test]
fn bad_tracking_numbers_are_refused_clearly() {
    let mut label = sample();

    label.tracking_number = "   ".into();
    let err = labels::pdf(&label).unwrap_err();
    assert!(matches!(err, LabelError::EmptyTrackingNumber));
    assert!(err.to_string().contains("empty"), "{err}");

    label.tracking_number = "GHNĐ123".into();
    let err = labels::zpl(&label).unwrap_err();
    assert!(
        matches!(
            err,
            LabelError::TrackingNumberCharacter {
                ch: 'Đ',
                position: 4,
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("'Đ'") && msg.contains("position 4") && msg.contains("ASCII"),
        "{msg}"
    );

    label.tracking_number = "X".repeat(41);
    let err = labels::pdf(&label).unwrap_err();
    assert!(matches!(err, LabelError::TrackingNumberTooLong { len: 41 }));
    assert!(err.to_string().contains("at most 40"), "{err}");

    label.tracking_number = "TAB\tIN".into();
    assert!(matches!(
        labels::pdf(&label),
        Err(LabelError::TrackingNumberCharacter { ch: '\t', .. })
    ));
}

#[test]
fn other_bad_input_is_refused() {
    let mut label = sample();
    label.cod_amount = dec!(-1);
    let err = labels::pdf(&label).unwrap_err();
    assert!(err.to_string().contains("negative"), "{err}");

    let mut label = sample();
    label.receiver_address = " \n ".into();
    let err = labels::zpl(&label).unwrap_err();
    assert!(err.to_string().contains("receiver address"), "{err}");
}
