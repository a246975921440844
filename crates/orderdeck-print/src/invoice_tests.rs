//! The invoice as an A4 PDF: drafts built from the domain types (no database), the
//! PDF's text read back with `pdf-extract` through the embedded fonts' ToUnicode maps.

use crate as labels;
use chrono::{DateTime, FixedOffset, Utc};
use orderdeck_domain::invoice::{
    Buyer, InvoiceLine, InvoiceTemplate, PaymentMethod, VatRate, compute_totals,
};
use orderdeck_domain::invoice_document::InvoiceDraft;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const COMPANY: &str = "Công ty TNHH Thương mại Ánh Dương";
const TAX_CODE: &str = "0104093672";

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

fn draft(template: InvoiceTemplate, lines: Vec<InvoiceLine>) -> InvoiceDraft {
    let totals = compute_totals(template, &lines).unwrap();
    InvoiceDraft {
        order_number: "OD-000123".into(),
        template,
        symbol: "1C26TAA".into(),
        // 27/11/2026 in Vietnam, late evening UTC of the 26th.
        date: DateTime::parse_from_rfc3339("2026-11-26T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc),
        seller_name: "Công ty Cổ phần Hoa Mai".into(),
        seller_tax_code: "0100109106".into(),
        seller_address: "45 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".into(),
        seller_phone: "028 3822 1234".into(),
        seller_bank_account: "0071000123456 tại Vietcombank".into(),
        buyer: Buyer {
            company: COMPANY.into(),
            tax_code: TAX_CODE.into(),
            address: "12 Đường Trần Hưng Đạo, Phường Phạm Ngũ Lão, Quận 1, TP. Hồ Chí Minh".into(),
            email: "ketoan@anhduong.vn".into(),
            name: "Nguyễn Thị Hồng Nhung".into(),
        },
        payment: PaymentMethod::Transfer,
        lines,
        words: totals.total_in_words().unwrap(),
        totals,
        problems: Vec::new(),
        issued: None,
    }
}

fn three_lines() -> Vec<InvoiceLine> {
    vec![
        InvoiceLine::from_gross(
            "Áo sơ mi nam dài tay cổ bẻ màu xanh dương, vải lụa tơ tằm cao cấp, size L",
            "cái",
            2,
            dec!(459000),
            VatRate::Ten,
        )
        .unwrap(),
        InvoiceLine::net(
            "Sách Tiếng Việt lớp 1",
            "cuốn",
            3,
            dec!(25000),
            VatRate::Five,
        ),
        InvoiceLine::from_gross("Phí vận chuyển", "lần", 1, dec!(30000), VatRate::Ten).unwrap(),
    ]
}

fn extract(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).unwrap()
}

/// Without whitespace, so checks do not depend on how the extractor guesses spaces
/// and line breaks between separately drawn lines (wrapped names, cells).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn page_count(pdf: &[u8]) -> usize {
    pdf_extract::Document::load_mem(pdf)
        .unwrap()
        .get_pages()
        .len()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_vat_invoice_reads_back_with_its_diacritics() {
    let d = draft(InvoiceTemplate::Vat, three_lines());
    let bytes = labels::invoice_pdf(&d, vn()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(contains(&bytes, b"/FontFile2"), "an embedded TrueType font");
    assert!(
        contains(&bytes, b"ODINVR+DejaVuSans"),
        "a subset, by its tag"
    );
    assert_eq!(page_count(&bytes), 1);

    let doc = pdf_extract::Document::load_mem(&bytes).unwrap();
    let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let media_box: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    // A4 in points.
    assert!((media_box[2] - 595.28).abs() < 0.1, "{media_box:?}");
    assert!((media_box[3] - 841.89).abs() < 0.1, "{media_box:?}");

    let text = extract(&bytes);
    let flat = squeeze(&text);
    for expected in [
        "HÓA ĐƠN GIÁ TRỊ GIA TĂNG",
        "Ngày 27 tháng 11 năm 2026",
        "1C26TAA",
        COMPANY,
        TAX_CODE,
        "Nguyễn Thị Hồng Nhung",
        "Công ty Cổ phần Hoa Mai",
        "Sách Tiếng Việt lớp 1",
        "Phí vận chuyển",
        "Chuyển khoản",
        "Số tiền viết bằng chữ",
        "Người mua hàng",
        "Người bán hàng",
        "Trang 1/1",
    ] {
        assert!(
            flat.contains(&squeeze(expected)),
            "{expected:?} not in:\n{text}"
        );
    }
    // The long name is wrapped over lines, not cut: all of it is there, in order.
    assert!(flat.contains(&squeeze(&d.lines[0].name)), "{text}");
    // Amounts as format_amount writes them.
    let total = d.totals.total;
    assert_eq!(total, dec!(1026750));
    for amount in [
        "1.026.750".to_string(),
        orderdeck_domain::money::format_amount(d.totals.subtotal),
        orderdeck_domain::money::format_amount(d.totals.vat_amount),
    ] {
        assert!(text.contains(&amount), "{amount} not in:\n{text}");
    }
    assert!(
        flat.contains(&squeeze(&d.words)),
        "{:?} not in:\n{text}",
        d.words
    );
    assert!(
        d.words
            .starts_with("Một triệu không trăm hai mươi sáu nghìn"),
        "{}",
        d.words
    );
    // Both rates' breakdown rows.
    assert!(
        flat.contains(&squeeze("Tổng tiền chịu thuế suất 10%")),
        "{text}"
    );
    assert!(
        flat.contains(&squeeze("Tổng tiền chịu thuế suất 5%")),
        "{text}"
    );
}

#[test]
fn decomposed_input_prints_composed() {
    let mut d = draft(InvoiceTemplate::Vat, three_lines());
    // "Ánh Dương" typed with combining marks.
    d.buyer.company = "Công ty TNHH Thương mại A\u{301}nh Dương".into();
    let text = extract(&labels::invoice_pdf(&d, vn()).unwrap());
    assert!(squeeze(&text).contains(&squeeze(COMPANY)), "{text}");
    assert!(!text.contains('\u{301}'));
}

#[test]
fn a_sales_invoice_has_no_vat_columns() {
    let d = draft(InvoiceTemplate::Sales, three_lines());
    let text = extract(&labels::invoice_pdf(&d, vn()).unwrap());
    let flat = squeeze(&text);
    assert!(flat.contains(&squeeze("HÓA ĐƠN BÁN HÀNG")), "{text}");
    assert!(!flat.contains(&squeeze("Tiền thuế GTGT")), "{text}");
    assert!(text.contains(&orderdeck_domain::money::format_amount(d.totals.total)));
}

#[test]
fn sixty_lines_run_over_pages_and_each_line_appears_once() {
    let lines: Vec<InvoiceLine> = (1..=60)
        .map(|i| {
            InvoiceLine::from_gross(
                format!("Mặt hàng số {i:02} — bình giữ nhiệt inox"),
                "cái",
                i,
                Decimal::from(10_000 + i * 1_000),
                if i % 3 == 0 {
                    VatRate::Eight
                } else {
                    VatRate::Ten
                },
            )
            .unwrap()
        })
        .collect();
    let d = draft(InvoiceTemplate::Vat, lines);
    let (bytes, pages) = labels::invoice_pdf_pages(&d, vn()).unwrap();
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(page_count(&bytes), pages);
    let text = extract(&bytes);
    let flat = squeeze(&text);
    for l in &d.lines {
        let name = squeeze(&l.name);
        assert_eq!(flat.matches(&name).count(), 1, "{name}");
    }
    // Every page repeats the table header and says which page it is.
    assert_eq!(
        flat.matches(&squeeze("Tên hàng hóa, dịch vụ")).count(),
        pages,
        "{text}"
    );
    for p in 1..=pages {
        assert!(flat.contains(&format!("Trang{p}/{pages}")), "{text}");
    }
    // The totals, the words and the signatures come once, after the last line.
    let last_line = flat.find(&squeeze(&d.lines[59].name)).unwrap();
    let total = flat.find(&squeeze("Tổng cộng tiền thanh toán")).unwrap();
    let words = flat.find(&squeeze("Số tiền viết bằng chữ")).unwrap();
    let signature = flat.find(&squeeze("Người bán hàng")).unwrap();
    assert!(last_line < total && total < words && words < signature);
    assert_eq!(
        flat.matches(&squeeze("Tổng cộng tiền thanh toán")).count(),
        1
    );
    let total_text = orderdeck_domain::money::format_amount(d.totals.total);
    assert!(text.contains(&total_text), "{total_text} not in:\n{text}");
}
