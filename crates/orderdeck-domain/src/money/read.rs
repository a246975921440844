//! Amounts of đồng as files write them. Vietnamese files write `150.000` (a point between
//! thousands) and `1.250.000,00`; exported ones (a carrier's remittance, a spreadsheet in
//! English) write `2383000.00` or `150,000`. One reader for every import (catalog, COD
//! remittances) so that `150.000` is never 150 and `1,5` never 15.
//!
//! Which mark separates decimals is one choice per file: given (`--decimal comma|point`),
//! or found from the values themselves ([`detect`]); a file whose values disagree asks to
//! be told. Đồng have no fractions: an amount with non-zero decimals is refused, never
//! rounded.

use rust_decimal::Decimal;

/// The mark between whole đồng and a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// `1.250.000,00`: Vietnamese (and most of Europe).
    Comma,
    /// `1,250,000.00`: English, and most exports.
    Point,
}

impl DecimalMark {
    pub fn parse(s: &str) -> Option<DecimalMark> {
        match s.trim().to_ascii_lowercase().as_str() {
            "comma" | "," => Some(DecimalMark::Comma),
            "point" | "dot" | "." => Some(DecimalMark::Point),
            _ => None,
        }
    }

    fn chars(self) -> (char, char) {
        match self {
            DecimalMark::Comma => (',', '.'),
            DecimalMark::Point => ('.', ','),
        }
    }
}

/// The text without currency words and spaces (`150.000 ₫`, `150.000đ`, `VND 150.000`).
fn bare(text: &str) -> String {
    let t = text.trim();
    let t = t
        .trim_end_matches('₫')
        .trim_end_matches(['đ', 'Đ'])
        .trim_end_matches("VND")
        .trim_end_matches("vnd")
        .trim_start_matches("VND")
        .trim_start_matches("vnd");
    t.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect()
}

/// What one value says about the file's decimal mark, if anything: `1.250.000` or
/// `150.000` (a point between groups of three, no comma) could only be Vietnamese… or
/// 150 with three decimals, which đồng never have; `2383000.00` is a point; `1,5` a comma.
fn says(value: &str) -> Option<DecimalMark> {
    let v = bare(value);
    let points = v.matches('.').count();
    let commas = v.matches(',').count();
    match (points, commas) {
        (0, 0) => None,
        (p, c) if p > 0 && c > 0 => {
            // The last mark is the decimal one.
            if v.rfind('.') > v.rfind(',') {
                Some(DecimalMark::Point)
            } else {
                Some(DecimalMark::Comma)
            }
        }
        (p, 0) => {
            if p > 1 || grouped(&v, '.') {
                Some(DecimalMark::Comma)
            } else {
                Some(DecimalMark::Point)
            }
        }
        (0, c) => {
            if c > 1 || grouped(&v, ',') {
                Some(DecimalMark::Point)
            } else {
                Some(DecimalMark::Comma)
            }
        }
        _ => None,
    }
}

/// `1.250.000`: digits in groups of three after the first, joined by `sep`.
fn grouped(v: &str, sep: char) -> bool {
    let v = v.trim_start_matches('-');
    let mut parts = v.split(sep);
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    let mut rest = parts.peekable();
    first_ok
        && rest.peek().is_some()
        && rest.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The decimal mark of a file's amounts: the one every value that says anything agrees
/// on (`None` when none says: whole numbers only). Disagreement names a value of each.
pub fn detect<'a>(
    values: impl IntoIterator<Item = &'a str>,
) -> Result<Option<DecimalMark>, String> {
    let mut seen: Option<(DecimalMark, &str)> = None;
    for v in values {
        let Some(mark) = says(v) else { continue };
        match seen {
            None => seen = Some((mark, v)),
            Some((m, _)) if m == mark => {}
            Some((_, first)) => {
                return Err(orderdeck_i18n::t!(
                    "err-decimal-mark-disagrees",
                    first = first,
                    second = v
                ));
            }
        }
    }
    Ok(seen.map(|(m, _)| m))
}

/// An amount of whole đồng, read with the file's decimal mark (`None`: the value's own
/// reading, as [`detect`] would). Negative amounts, fractions of a đồng and thousands
/// groups that are not groups of three are refused with the value quoted.
pub fn read_vnd(text: &str, mark: Option<DecimalMark>) -> Result<Decimal, String> {
    let v = bare(text);
    if v.is_empty() {
        return Err(orderdeck_i18n::t!("err-is-empty"));
    }
    let mark = mark.or_else(|| says(&v)).unwrap_or(DecimalMark::Comma);
    let (decimal, thousands) = mark.chars();
    let (whole, fraction) = match v.split_once(decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (v.as_str(), None),
    };
    if whole.contains(thousands) && !grouped(whole, thousands) {
        return Err(orderdeck_i18n::t!(
            "err-amount-thousands-groups",
            value = text,
            mark = thousands.to_string()
        ));
    }
    let digits: String = whole.chars().filter(|c| *c != thousands).collect();
    if digits.starts_with('-') {
        return Err(orderdeck_i18n::t!("err-amount-negative", value = text));
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(orderdeck_i18n::t!("err-not-an-amount", value = text));
    }
    if let Some(f) = fraction {
        if !f.chars().all(|c| c.is_ascii_digit()) || f.is_empty() {
            return Err(orderdeck_i18n::t!("err-not-an-amount", value = text));
        }
        if f.chars().any(|c| c != '0') {
            return Err(orderdeck_i18n::t!(
                "err-amount-fraction-of-dong",
                value = text,
                mark = decimal.to_string()
            ));
        }
    }
    if digits.len() > 15 {
        return Err(orderdeck_i18n::t!(
            "err-amount-implausibly-large",
            value = text
        ));
    }
    digits
        .parse::<Decimal>()
        .map_err(|_| orderdeck_i18n::t!("err-not-an-amount", value = text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn vietnamese_thousands_are_thousands() {
        assert_eq!(read_vnd("150.000", None), Ok(dec!(150000)));
        assert_eq!(read_vnd("1.250.000 ₫", None), Ok(dec!(1250000)));
        assert_eq!(read_vnd("1.250.000,00", None), Ok(dec!(1250000)));
        assert_eq!(read_vnd("150000", None), Ok(dec!(150000)));
        assert_eq!(
            read_vnd("150.000đ", Some(DecimalMark::Comma)),
            Ok(dec!(150000))
        );
        // Reported: 1.005 and 2.999 were rounded to 1 and 3.
        assert_eq!(read_vnd("1.005", None), Ok(dec!(1005)));
        assert_eq!(read_vnd("2.999", None), Ok(dec!(2999)));
    }

    #[test]
    fn exported_amounts_with_a_decimal_point() {
        // Reported: a remittance of 2383000.00 was read as 238.300.000 ₫.
        assert_eq!(read_vnd("2383000.00", None), Ok(dec!(2383000)));
        assert_eq!(read_vnd("1,250,000.00", None), Ok(dec!(1250000)));
        assert_eq!(read_vnd("150,000", None), Ok(dec!(150000)));
    }

    #[test]
    fn fractions_of_a_dong_and_odd_groups_are_refused() {
        // Reported: "1,5" became 15.
        assert!(
            read_vnd("1,5", None)
                .unwrap_err()
                .contains("fraction of a đồng")
        );
        assert!(read_vnd("1.005", Some(DecimalMark::Point)).is_err());
        assert!(read_vnd("1.5.0", None).is_err());
        assert!(read_vnd("12.34.567", Some(DecimalMark::Comma)).is_err());
        assert!(read_vnd("-150.000", None).unwrap_err().contains("negative"));
        assert!(read_vnd("abc", None).is_err());
        assert!(read_vnd("", None).is_err());
    }

    #[test]
    fn a_file_has_one_decimal_mark() {
        assert_eq!(
            detect(["150.000", "1.250.000", "90000"]),
            Ok(Some(DecimalMark::Comma))
        );
        assert_eq!(
            detect(["2383000.00", "150000"]),
            Ok(Some(DecimalMark::Point))
        );
        assert_eq!(detect(["150000", "90000"]), Ok(None));
        let e = detect(["1.250.000", "2383000.00"]).unwrap_err();
        assert!(e.contains("--decimal"), "{e}");
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Any cell of a file is read or refused with a reason; never a panic, never a
        /// negative amount, never a fraction of a đồng.
        #[test]
        fn any_cell_is_an_amount_or_a_reason(s in "[0-9.,₫đ -]{0,24}|\\PC{0,24}") {
            for mark in [None, Some(DecimalMark::Comma), Some(DecimalMark::Point)] {
                if let Ok(d) = read_vnd(&s, mark) {
                    prop_assert!(!d.is_sign_negative());
                    prop_assert_eq!(d.fract(), Decimal::ZERO);
                }
            }
            let _ = detect([s.as_str(), "150.000"]);
        }

        /// What orderdeck writes (1.250.000) reads back as itself.
        #[test]
        fn written_amounts_read_back(n in 0u64..1_000_000_000_000) {
            let written = crate::money::format_amount(Decimal::from(n));
            prop_assert_eq!(read_vnd(&written, Some(DecimalMark::Comma)), Ok(Decimal::from(n)));
        }
    }
}
