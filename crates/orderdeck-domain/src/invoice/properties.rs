//! Invoice rules as properties: random lines always add up (lines = breakdown = totals),
//! splitting VAT-inclusive prices never loses or invents a đồng, the amount in words
//! follows the invoice conventions, and tax codes are judged through `Buyer::validate`.

use crate::invoice::{
    Buyer, InvoiceLine, InvoiceTemplate, VatRate, compute_totals, tax_code_problem,
};
use crate::tax_code;
use crate::vn_words::amount_in_words;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::RoundingStrategy;

fn rate() -> impl Strategy<Value = VatRate> {
    prop::sample::select(VatRate::ALL.to_vec())
}

/// A price in đồng with 0–2 decimals, up to 100 million.
fn price() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000, 0u32..=2).prop_map(|(cents, scale)| {
        // Drop the digits a smaller scale cannot carry, so scale 0 means whole đồng.
        let step = 10i64.pow(2 - scale);
        Decimal::new(cents / step * step, 2).normalize()
    })
}

fn line() -> impl Strategy<Value = InvoiceLine> {
    (1i32..=1000, price(), rate(), any::<bool>()).prop_map(|(qty, p, r, gross)| {
        if gross {
            InvoiceLine::from_gross("Hàng", "cái", qty, p, r).unwrap()
        } else {
            InvoiceLine::net("Hàng", "cái", qty, p, r)
        }
    })
}

fn template() -> impl Strategy<Value = InvoiceTemplate> {
    prop_oneof![Just(InvoiceTemplate::Vat), Just(InvoiceTemplate::Sales)]
}

fn round(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn lines_breakdown_and_totals_agree(
        lines in prop::collection::vec(line(), 1..30),
        template in template(),
    ) {
        let t = compute_totals(template, &lines).unwrap();
        prop_assert_eq!(t.lines.len(), lines.len());
        let line_net: Decimal = t.lines.iter().map(|a| a.amount).sum();
        let line_vat: Decimal = t.lines.iter().map(|a| a.vat_amount).sum();
        prop_assert_eq!(t.subtotal, line_net);
        prop_assert_eq!(t.vat_amount, line_vat);
        prop_assert_eq!(t.total, t.subtotal + t.vat_amount);
        for a in &t.lines {
            // Whole đồng, never negative.
            prop_assert!(a.amount.fract().is_zero() && a.vat_amount.fract().is_zero());
            prop_assert!(a.amount >= Decimal::ZERO && a.vat_amount >= Decimal::ZERO);
        }
        match template {
            InvoiceTemplate::Sales => {
                prop_assert!(t.breakdown.is_empty());
                prop_assert_eq!(t.vat_amount, Decimal::ZERO);
            }
            InvoiceTemplate::Vat => {
                let b_net: Decimal = t.breakdown.iter().map(|g| g.taxable_amount).sum();
                let b_vat: Decimal = t.breakdown.iter().map(|g| g.vat_amount).sum();
                prop_assert_eq!(b_net, t.subtotal);
                prop_assert_eq!(b_vat, t.vat_amount);
                // One group per rate present, in order, each the sum of its own lines.
                let rates: Vec<VatRate> = t.breakdown.iter().map(|g| g.rate).collect();
                let mut expected: Vec<VatRate> = lines.iter().map(|l| l.rate).collect();
                expected.sort();
                expected.dedup();
                prop_assert_eq!(rates, expected);
                for g in &t.breakdown {
                    let (net, vat) = lines
                        .iter()
                        .zip(&t.lines)
                        .filter(|(l, _)| l.rate == g.rate)
                        .fold((Decimal::ZERO, Decimal::ZERO), |(n, v), (_, a)| {
                            (n + a.amount, v + a.vat_amount)
                        });
                    prop_assert_eq!(g.taxable_amount, net);
                    prop_assert_eq!(g.vat_amount, vat);
                    if g.rate.percent().is_none_or(|p| p.is_zero()) {
                        prop_assert_eq!(g.vat_amount, Decimal::ZERO);
                    }
                }
                // Net-priced lines: VAT is the rounded rate of the rounded amount.
                for (l, a) in lines.iter().zip(&t.lines) {
                    if l.gross_unit_price.is_none() {
                        prop_assert_eq!(a.amount, round(l.unit_price * Decimal::from(l.qty)));
                        let p = l.rate.percent().unwrap_or_default();
                        prop_assert_eq!(a.vat_amount, round(a.amount * p / Decimal::ONE_HUNDRED));
                    }
                }
            }
        }
    }

    #[test]
    fn gross_split_never_loses_or_invents_a_dong(
        qty in 1i32..=1000,
        gross in price(),
        rate in rate(),
    ) {
        let l = InvoiceLine::from_gross("Hàng", "cái", qty, gross, rate).unwrap();
        let paid = round(gross * Decimal::from(qty));
        let a = l.amounts(InvoiceTemplate::Vat).unwrap();
        prop_assert_eq!(a.amount + a.vat_amount, paid);
        prop_assert!(a.amount >= Decimal::ZERO && a.vat_amount >= Decimal::ZERO);
        // The VAT is the exact share of the gross, rounded once: within half a đồng.
        let exact = match rate.percent() {
            Some(p) => paid * p / (Decimal::ONE_HUNDRED + p),
            None => Decimal::ZERO,
        };
        prop_assert!((a.vat_amount - exact).abs() <= Decimal::new(5, 1));
        // The displayed net unit price is the net amount per unit, to the cent.
        prop_assert!((l.unit_price * Decimal::from(qty) - a.amount).abs()
            <= Decimal::new(5, 3) * Decimal::from(qty));
        // A sales invoice charges exactly what was paid, with no VAT.
        let s = l.amounts(InvoiceTemplate::Sales).unwrap();
        prop_assert_eq!((s.amount, s.vat_amount), (paid, Decimal::ZERO));
        // The whole invoice agrees with the line.
        let t = compute_totals(InvoiceTemplate::Vat, &[l]).unwrap();
        prop_assert_eq!(t.total, paid);
    }

    #[test]
    fn words_follow_the_conventions(n in 0i64..1_000_000_000_000_000) {
        let w = amount_in_words(Decimal::from(n)).unwrap();
        prop_assert!(w.ends_with(" đồng"));
        prop_assert!(w.chars().next().is_some_and(char::is_uppercase));
        prop_assert!(!w.contains("  "));
        let lower = w.to_lowercase();
        // After "mươi" 1 is "mốt" and 5 is "lăm"; after "mười" 5 is "lăm"; after "linh"
        // 5 stays "năm"; "lẻ" and "tư" are not used.
        for bad in ["mươi một", "mươi năm", "mười năm", "linh lăm", "mười mốt", " lẻ ", " tư "] {
            prop_assert!(!lower.contains(bad), "{} in {}", bad, w);
        }
        // Zero is spoken only as a hundreds digit of an inner group, or for 0 itself.
        if n > 0 {
            for (i, _) in lower.match_indices("không") {
                prop_assert!(lower[i..].starts_with("không trăm"), "{}", w);
            }
        }
    }

    #[test]
    fn valid_tax_codes_pass_and_wrong_check_digits_fail(first9 in prop::array::uniform9(0u8..10)) {
        let Some(check) = tax_code::check_digit(&first9) else { return Ok(()) };
        if first9[2..].iter().all(|d| *d == 0) {
            return Ok(());
        }
        let main: String = first9.iter().map(|d| char::from(b'0' + d)).collect();
        let valid = format!("{main}{check}");
        prop_assert!(company(&valid).validate(InvoiceTemplate::Vat).is_empty());
        for wrong in (0u8..10).filter(|d| *d != check) {
            let errors = company(&format!("{main}{wrong}")).validate(InvoiceTemplate::Vat);
            prop_assert_eq!(errors.len(), 1);
            prop_assert_eq!(errors[0].field.as_str(), "buyer.tax_code");
            let expected = format!("should be {}, not {}", check, wrong);
            prop_assert!(errors[0].message.contains(&expected));
        }
    }
}

fn words(n: i64) -> String {
    amount_in_words(Decimal::from(n)).unwrap()
}

#[test]
fn words_for_the_listed_values() {
    let cases = [
        (0, "Không đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi bốn đồng"),
        (25, "Hai mươi lăm đồng"),
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (1_000, "Một nghìn đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (10_000, "Mười nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (
            1_234_567_890,
            "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi đồng",
        ),
        (999_000_000_000, "Chín trăm chín mươi chín tỷ đồng"),
    ];
    for (n, expected) in cases {
        assert_eq!(words(n), expected, "{n}");
    }
}

#[test]
fn words_refuse_negative_and_fractional_amounts() {
    assert!(amount_in_words(Decimal::from(-1)).is_err());
    assert!(amount_in_words(Decimal::new(15, 1)).is_err());
    assert_eq!(
        amount_in_words(Decimal::new(100000, 2)).unwrap(),
        "Một nghìn đồng"
    );
}

fn company(tax_code: &str) -> Buyer {
    Buyer {
        company: "Công ty Cổ phần Ví dụ".into(),
        tax_code: tax_code.into(),
        address: "12 Lê Lợi, Phường Bến Thành, TP. Hồ Chí Minh".into(),
        email: String::new(),
        name: String::new(),
    }
}

fn tax_code_errors(code: &str) -> Vec<String> {
    company(code)
        .validate(InvoiceTemplate::Vat)
        .into_iter()
        .filter(|e| e.field == "buyer.tax_code")
        .map(|e| e.message)
        .collect()
}

#[test]
fn real_tax_codes_are_accepted() {
    for code in ["0100109106", "0104093672", "0100233488", "0100109106-001"] {
        assert!(
            company(code).validate(InvoiceTemplate::Vat).is_empty(),
            "{code}"
        );
        assert!(
            company(code).validate(InvoiceTemplate::Sales).is_empty(),
            "{code}"
        );
    }
}

#[test]
fn wrong_tax_codes_are_rejected_with_reasons() {
    let cases = [
        ("0100109105", "should be 6, not 5"),
        ("0104093671", "should be 2, not 1"),
        ("0100233480", "should be 8, not 0"),
        ("010010910", "has 9 digits"),
        ("01001091060", "has 11 digits"),
        ("0100109106001", "0100109106-001"),
        ("0100109106-1", "has 1 digits; it needs 3"),
        ("0100109106-000", "branch 000"),
        ("01OO109106", "contains `O`"),
        ("MST0100109106", "contains `M`"),
        ("0100109106/001", "contains `/`"),
        ("0100000000", "cannot all be zero"),
    ];
    for (code, why) in cases {
        let errors = tax_code_errors(code);
        assert_eq!(errors.len(), 1, "{code}: {errors:?}");
        assert!(errors[0].contains(why), "{code}: {}", errors[0]);
        assert_eq!(tax_code_problem(code).as_deref(), Some(errors[0].as_str()));
    }
}
