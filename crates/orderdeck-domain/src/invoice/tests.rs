use super::*;
use rust_decimal_macros::dec;

#[test]
fn vat_rates_parse_and_encode() {
    for (s, r) in [
        ("0", VatRate::Zero),
        ("0%", VatRate::Zero),
        ("5", VatRate::Five),
        (" 8 % ", VatRate::Eight),
        ("10", VatRate::Ten),
        ("10%", VatRate::Ten),
        ("kct", VatRate::Kct),
        ("KKKNT", VatRate::Kkknt),
        ("kkknt", VatRate::Kkknt),
    ] {
        assert_eq!(VatRate::parse(s), Ok(r), "{s}");
    }
    for r in VatRate::ALL {
        assert_eq!(VatRate::parse(r.as_str()), Ok(r));
        assert_eq!(VatRate::parse(r.misa_name()), Ok(r));
    }
    assert!(matches!(VatRate::parse("7"), Err(VatRateError::Unknown(_))));
    assert!(matches!(VatRate::parse(""), Err(VatRateError::Unknown(_))));
    assert!(matches!(
        VatRate::parse("KHAC:3.5%"),
        Err(VatRateError::Other(_))
    ));
    assert_eq!(VatRate::Kct.viettel_percentage(), -2);
    assert_eq!(VatRate::Kkknt.viettel_percentage(), -1);
    assert_eq!(VatRate::Eight.viettel_percentage(), 8);
    assert_eq!(VatRate::Ten.to_string(), "10%");
    assert_eq!(VatRate::Kct.percent(), None);
}

#[test]
fn templates() {
    assert_eq!(InvoiceTemplate::Vat.number(), 1);
    assert_eq!(InvoiceTemplate::Sales.name_vi(), "Hóa đơn bán hàng");
    assert_eq!(InvoiceTemplate::parse("vat"), Some(InvoiceTemplate::Vat));
    assert_eq!(InvoiceTemplate::parse("2"), Some(InvoiceTemplate::Sales));
    assert_eq!(InvoiceTemplate::parse("3"), None);
}

#[test]
fn symbols_parse_and_print() {
    let s = InvoiceSymbol::parse("1C26TAA").unwrap();
    assert_eq!(s.template(), InvoiceTemplate::Vat);
    assert!(s.with_tax_authority_code());
    assert_eq!(s.year(), 26);
    assert_eq!(s.form(), InvoiceForm::Registered);
    assert_eq!(s.series(), "C26TAA");
    assert_eq!(s.to_string(), "1C26TAA");
    assert_eq!(
        InvoiceSymbol::parse(" 2k25myy ").unwrap().to_string(),
        "2K25MYY"
    );
    assert_eq!(
        InvoiceSymbol::from_series(InvoiceTemplate::Vat, "K24TJS")
            .unwrap()
            .to_string(),
        "1K24TJS"
    );
    assert_eq!(
        InvoiceSymbol::default_for(InvoiceTemplate::Vat, 2026)
            .unwrap()
            .to_string(),
        "1C26TAA"
    );
    assert_eq!(
        InvoiceSymbol::default_for(InvoiceTemplate::Sales, 2030)
            .unwrap()
            .to_string(),
        "2C30TAA"
    );
    assert_eq!(
        InvoiceSymbol::default_for(InvoiceTemplate::Vat, 1999),
        Err(SymbolError::YearRange(1999))
    );
}

#[test]
fn symbol_errors_say_what_is_wrong() {
    let e = |s: &str| InvoiceSymbol::parse(s).unwrap_err();
    assert_eq!(e("1C26TA"), SymbolError::Length("1C26TA".into(), 6));
    assert_eq!(e("1C26TAAA"), SymbolError::Length("1C26TAAA".into(), 8));
    assert_eq!(e("7C26TAA"), SymbolError::Template('7'));
    assert!(matches!(e("3C26TAA"), SymbolError::OtherTemplate('3', _)));
    assert_eq!(e("1X26TAA"), SymbolError::CodeLetter('X'));
    assert_eq!(e("1C2ATAA"), SymbolError::Year("2A".into()));
    assert_eq!(e("1C26XAA"), SymbolError::Form('X'));
    assert!(matches!(
        e("1C26NAA"),
        SymbolError::FormTemplate {
            form: 'N',
            needs: 6,
            ..
        }
    ));
    assert!(matches!(
        e("2C26GAA"),
        SymbolError::FormTemplate {
            form: 'G',
            needs: 1,
            ..
        }
    ));
    assert!(InvoiceSymbol::parse("1C26GAA").is_ok());
    assert!(InvoiceSymbol::parse("2C26HAA").is_ok());
    assert_eq!(e("1C26TA1"), SymbolError::Letters("A1".into()));
    assert!(
        e("1C26TA")
            .to_string()
            .contains("7 characters (template number, C or K")
    );
}

#[test]
fn symbol_year_must_match_issue_year() {
    let s = InvoiceSymbol::parse("1C26TAA").unwrap();
    assert!(s.check_issue_year(2026).is_ok());
    assert_eq!(
        s.check_issue_year(2027),
        Err(SymbolError::WrongYear {
            symbol: 26,
            issued: 2027
        })
    );
}

#[test]
fn payment_methods() {
    assert_eq!(PaymentMethod::default().code(), "TM/CK");
    assert_eq!(PaymentMethod::parse("tm"), Some(PaymentMethod::Cash));
    assert_eq!(PaymentMethod::parse("CK"), Some(PaymentMethod::Transfer));
    assert_eq!(
        PaymentMethod::parse("TM / CK"),
        Some(PaymentMethod::CashOrTransfer)
    );
    assert_eq!(PaymentMethod::parse("COD"), None);
    assert_eq!(
        serde_json::to_string(&PaymentMethod::CashOrTransfer).unwrap(),
        "\"TM/CK\""
    );
}

#[test]
fn serde_uses_the_stored_text() {
    for r in VatRate::ALL {
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, format!("\"{}\"", r.as_str()));
        assert_eq!(serde_json::from_str::<VatRate>(&json).unwrap(), r);
    }
}

#[test]
fn net_lines_round_per_line() {
    // 3 × 33 333.33 = 99 999.99 → 100 000; VAT 10% = 10 000.
    let l = InvoiceLine::net("Áo", "cái", 3, dec!(33333.33), VatRate::Ten);
    let a = l.amounts(InvoiceTemplate::Vat).unwrap();
    assert_eq!(a.amount, dec!(100000));
    assert_eq!(a.vat_amount, dec!(10000));
    // 8% of 12 345 = 987.6 → 988.
    let l = InvoiceLine::net("Nón", "cái", 1, dec!(12345), VatRate::Eight);
    assert_eq!(
        l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount,
        dec!(988)
    );
    // Half a đồng goes up: 5% of 10 = 0.5 → 1.
    let l = InvoiceLine::net("Kẹp", "cái", 1, dec!(10), VatRate::Five);
    assert_eq!(l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount, dec!(1));
    let l = InvoiceLine::net("Sách", "cuốn", 2, dec!(50000), VatRate::Kct);
    assert_eq!(l.amounts(InvoiceTemplate::Vat).unwrap().vat_amount, dec!(0));
}

#[test]
fn gross_lines_split_exactly() {
    let l = InvoiceLine::from_gross("Áo", "cái", 1, dec!(108000), VatRate::Eight).unwrap();
    let a = l.amounts(InvoiceTemplate::Vat).unwrap();
    assert_eq!((a.amount, a.vat_amount), (dec!(100000), dec!(8000)));
    assert_eq!(l.unit_price, dec!(100000));
    // 3 × 99 000 = 297 000 at 10%: VAT 27 000, net 270 000.
    let l = InvoiceLine::from_gross("Quần", "cái", 3, dec!(99000), VatRate::Ten).unwrap();
    let a = l.amounts(InvoiceTemplate::Vat).unwrap();
    assert_eq!((a.amount, a.vat_amount), (dec!(270000), dec!(27000)));
    assert_eq!(l.unit_price, dec!(90000));
    // 199 000 at 10%: 18 090.9… → 18 091 VAT, 180 909 net.
    let l = InvoiceLine::from_gross("Giày", "đôi", 1, dec!(199000), VatRate::Ten).unwrap();
    let a = l.amounts(InvoiceTemplate::Vat).unwrap();
    assert_eq!((a.amount, a.vat_amount), (dec!(180909), dec!(18091)));
    assert_eq!(a.with_vat(), dec!(199000));
    // On a sales invoice the gross price is the price.
    let s = l.amounts(InvoiceTemplate::Sales).unwrap();
    assert_eq!(
        (s.unit_price, s.amount, s.vat_amount),
        (dec!(199000), dec!(199000), dec!(0))
    );
}

#[test]
fn bad_lines_are_refused() {
    let l = InvoiceLine::net("X", "cái", 0, dec!(1000), VatRate::Ten);
    assert_eq!(l.amounts(InvoiceTemplate::Vat), Err(LineError::Quantity(0)));
    let l = InvoiceLine::net("X", "cái", 1, dec!(-1), VatRate::Ten);
    assert_eq!(
        l.amounts(InvoiceTemplate::Vat),
        Err(LineError::NegativePrice(dec!(-1)))
    );
    assert_eq!(
        compute_totals(InvoiceTemplate::Vat, &[]),
        Err(InvoiceError::NoLines)
    );
    assert_eq!(
        compute_totals(InvoiceTemplate::Vat, &[l]),
        Err(InvoiceError::Line {
            line: 1,
            error: LineError::NegativePrice(dec!(-1))
        })
    );
    let huge = InvoiceLine::net("X", "cái", i32::MAX, Decimal::MAX, VatRate::Ten);
    assert_eq!(huge.amounts(InvoiceTemplate::Vat), Err(LineError::Overflow));
}

#[test]
fn totals_follow_the_lines() {
    let lines = [
        InvoiceLine::net("Áo", "cái", 2, dec!(150000), VatRate::Ten),
        InvoiceLine::net("Sách", "cuốn", 1, dec!(80000), VatRate::Kct),
        InvoiceLine::net("Nón", "cái", 1, dec!(12345), VatRate::Eight),
        InvoiceLine::net("Quần", "cái", 1, dec!(200000), VatRate::Ten),
    ];
    let t = compute_totals(InvoiceTemplate::Vat, &lines).unwrap();
    assert_eq!(
        t.breakdown,
        vec![
            RateGroup {
                rate: VatRate::Eight,
                taxable_amount: dec!(12345),
                vat_amount: dec!(988)
            },
            RateGroup {
                rate: VatRate::Ten,
                taxable_amount: dec!(500000),
                vat_amount: dec!(50000)
            },
            RateGroup {
                rate: VatRate::Kct,
                taxable_amount: dec!(80000),
                vat_amount: dec!(0)
            },
        ]
    );
    assert_eq!(t.subtotal, dec!(592345));
    assert_eq!(t.vat_amount, dec!(50988));
    assert_eq!(t.total, dec!(643333));
    assert_eq!(
        t.total_in_words().unwrap(),
        "Sáu trăm bốn mươi ba nghìn ba trăm ba mươi ba đồng"
    );
    let s = compute_totals(InvoiceTemplate::Sales, &lines).unwrap();
    assert!(s.breakdown.is_empty());
    assert_eq!(s.vat_amount, dec!(0));
    assert_eq!(s.total, dec!(592345));
}

fn company(tax_code: &str) -> Buyer {
    Buyer {
        company: "Tổng Công ty Viễn thông Viettel".into(),
        tax_code: tax_code.into(),
        address: "Số 1 Giang Văn Minh, Ba Đình, Hà Nội".into(),
        email: "ketoan@example.vn".into(),
        name: "Nguyễn Văn An".into(),
    }
}

fn messages(b: &Buyer) -> Vec<String> {
    b.validate(InvoiceTemplate::Vat)
        .into_iter()
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn real_tax_codes_pass() {
    for c in [
        "0100109106",
        "0104093672",
        "0100233488",
        "0314409058-002",
        " 0100109106 ",
    ] {
        assert!(
            messages(&company(c)).is_empty(),
            "{c}: {:?}",
            messages(&company(c))
        );
    }
}

#[test]
fn tax_code_messages_say_why() {
    assert_eq!(
        messages(&company("0100109105")),
        vec![
            "buyer.tax_code: the check digit (10th digit) should be 6, not 5: check for \
             a mistyped digit"
        ]
    );
    let m = |c: &str| tax_code_problem(c).unwrap();
    assert!(
        m("010010910").starts_with("has 9 digits"),
        "{}",
        m("010010910")
    );
    assert!(m("01001091066").starts_with("has 11 digits"));
    assert!(m("01001O9106").starts_with("contains `O`"));
    assert!(m("0100109106001").contains("0100109106-001"));
    assert!(m("0100109106-01").contains("has 2 digits; it needs 3"));
    assert!(m("010010910-001").contains("9 digits before the dash"));
    assert!(m("0100109106-000").contains("branch 000"));
    assert!(m("0100000000").contains("cannot all be zero"));
    assert!(m("0100109106-001-2").contains("more than one dash"));
    assert_eq!(tax_code_problem("0100109106"), None);
}

#[test]
fn company_needs_tax_code_and_address() {
    let b = Buyer {
        company: "Công ty TNHH ABC".into(),
        ..Buyer::default()
    };
    let fields: Vec<String> = b
        .validate(InvoiceTemplate::Vat)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, vec!["buyer.tax_code", "buyer.address"]);
    let b = Buyer {
        tax_code: "0100109106".into(),
        ..Buyer::default()
    };
    let fields: Vec<String> = b
        .validate(InvoiceTemplate::Sales)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, vec!["buyer.company", "buyer.address"]);
}

#[test]
fn individuals_need_a_name_only() {
    let b = Buyer {
        name: "Trần Thị Bình".into(),
        ..Buyer::default()
    };
    assert!(b.validate(InvoiceTemplate::Vat).is_empty());
    let fields: Vec<String> = Buyer::default()
        .validate(InvoiceTemplate::Vat)
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, vec!["buyer.name"]);
}

#[test]
fn emails_must_look_like_one() {
    for good in ["an@example.vn", "nguyen.van.an+shop@mail.example.com.vn"] {
        assert_eq!(email_problem(good), None, "{good}");
    }
    for bad in [
        "an.example.vn",
        "@example.vn",
        "an@",
        "an@example",
        "an@@example.vn",
        "an@example..vn",
        "an @example.vn",
        "a@example.vn; b@example.vn",
    ] {
        assert!(email_problem(bad).is_some(), "{bad}");
    }
    let mut b = company("0100109106");
    b.email = "ketoan.example.vn".into();
    assert_eq!(
        b.validate(InvoiceTemplate::Vat)
            .into_iter()
            .map(|e| e.field)
            .collect::<Vec<_>>(),
        vec!["buyer.email"]
    );
}
