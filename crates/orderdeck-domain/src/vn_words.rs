//! Amounts in Vietnamese words, as printed on invoices ("Số tiền viết bằng chữ") and sent
//! to the providers (`totalAmountWithTaxInWords`, `TotalAmountInWords`).
//!
//! The conventions, and why:
//! - Digits are read in groups of three (đơn vị, nghìn, triệu, tỷ). Above tỷ the reading
//!   repeats: 1 000 000 000 000 is "một nghìn tỷ", 10^18 is "một tỷ tỷ".
//! - The scale words are "nghìn" and "tỷ", the written forms on invoices ("ngàn" and
//!   "tỉ" are the southern/spoken spellings).
//! - A group that is all zeros is left out: 1 000 005 has no "không nghìn".
//! - A group below the leading one is read with all three digits, so its zeros are
//!   spoken: 1 000 005 is "một triệu không trăm linh năm", 1 010 is "một nghìn không
//!   trăm mười". This is how accounting and invoicing software prints amounts, because
//!   it cannot be misread (a bare "một triệu năm" could be 1 500 000 in speech).
//! - A zero tens digit before a non-zero unit is "linh" (the northern, written form used
//!   in accounting), never "lẻ": 105 is "một trăm linh năm".
//! - 10–19 use "mười": 10 "mười", 11 "mười một", 15 "mười lăm".
//! - From 20 the tens are "mươi": 20 "hai mươi"; the unit 1 after "mươi" is "mốt"
//!   (21 "hai mươi mốt"), but after "mười" or "linh" it stays "một" (11, 101).
//! - The unit 5 after "mười"/"mươi" is "lăm" (15, 25); after "linh" it stays "năm" (105).
//! - The unit 4 is always "bốn" (24 "hai mươi bốn"): "tư" is the spoken variant and
//!   invoices use "bốn" (1 234 567 890 reads "… ba mươi bốn triệu …").
//! - The first letter is capitalised and the text ends in "đồng". No "chẵn" is added:
//!   it is an optional flourish for round amounts that neither provider asks for, and
//!   leaving it out keeps the words a pure function of the number.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    #[error("{}", orderdeck_i18n::t!("err-words-negative", amount = .0.to_string()))]
    Negative(Decimal),
    #[error("{}", orderdeck_i18n::t!("err-words-fraction", amount = .0.to_string()))]
    Fractional(Decimal),
    #[error("{}", orderdeck_i18n::t!("err-words-too-large", amount = .0.to_string()))]
    TooLarge(Decimal),
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// `amount` in Vietnamese words with a capital first letter and "đồng" at the end,
/// e.g. 1 000 000 → "Một triệu đồng". Negative or fractional amounts are refused:
/// an invoice total is a whole, non-negative number of đồng.
pub fn amount_in_words(amount: Decimal) -> Result<String, WordsError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(WordsError::Negative(amount));
    }
    if !amount.fract().is_zero() {
        return Err(WordsError::Fractional(amount));
    }
    // Every Decimal fits in a u128 (at most 96 bits of mantissa), so this only fails
    // for values no invoice can carry; still an error rather than a panic.
    let n = amount
        .trunc()
        .to_u128()
        .ok_or(WordsError::TooLarge(amount))?;
    let words = if n == 0 {
        DIGITS[0].to_string()
    } else {
        number_words(n, false)
    };
    Ok(capitalise(&format!("{words} đồng")))
}

/// Words for `n` > 0. `full` means a higher group was already spoken, so this part must
/// be read with all its digits ("không trăm linh năm").
fn number_words(n: u128, full: bool) -> String {
    const BILLION: u128 = 1_000_000_000;
    let mut parts: Vec<String> = Vec::new();
    let mut full = full;
    let high = n / BILLION;
    let low = n % BILLION;
    if high > 0 {
        // Everything above tỷ is itself a number of tỷ ("một nghìn tỷ").
        parts.push(format!("{} tỷ", number_words(high, full)));
        full = true;
    }
    let groups = [
        ((low / 1_000_000) % 1000, Some("triệu")),
        ((low / 1_000) % 1000, Some("nghìn")),
        (low % 1000, None),
    ];
    for (g, scale) in groups {
        if g == 0 {
            continue;
        }
        // `g` < 1000, so the cast cannot truncate.
        let mut text = group_words(g as u16, full);
        if let Some(s) = scale {
            text.push(' ');
            text.push_str(s);
        }
        parts.push(text);
        full = true;
    }
    parts.join(" ")
}

/// Words for one group 1..=999. With `full`, a zero hundreds digit is spoken
/// ("không trăm").
fn group_words(g: u16, full: bool) -> String {
    let hundreds = usize::from(g / 100);
    let tens = usize::from((g / 10) % 10);
    let units = usize::from(g % 10);
    let mut w: Vec<&str> = Vec::new();
    let spoke_hundreds = hundreds > 0 || full;
    if spoke_hundreds {
        w.push(DIGITS[hundreds]);
        w.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 {
                if spoke_hundreds {
                    w.push("linh");
                }
                w.push(DIGITS[units]);
            }
        }
        1 => {
            w.push("mười");
            match units {
                0 => {}
                5 => w.push("lăm"),
                u => w.push(DIGITS[u]),
            }
        }
        t => {
            w.push(DIGITS[t]);
            w.push("mươi");
            match units {
                0 => {}
                1 => w.push("mốt"),
                5 => w.push("lăm"),
                u => w.push(DIGITS[u]),
            }
        }
    }
    w.join(" ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn w(n: i64) -> String {
        amount_in_words(Decimal::from(n)).unwrap()
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(w(0), "Không đồng");
        assert_eq!(w(1_000), "Một nghìn đồng");
        assert_eq!(w(1_000_000), "Một triệu đồng");
        assert_eq!(
            w(1_234_567_890),
            "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi đồng"
        );
        assert_eq!(w(1_000_005), "Một triệu không trăm linh năm đồng");
    }

    #[test]
    fn small_numbers() {
        let cases = [
            (1, "Một đồng"),
            (4, "Bốn đồng"),
            (5, "Năm đồng"),
            (10, "Mười đồng"),
            (11, "Mười một đồng"),
            (14, "Mười bốn đồng"),
            (15, "Mười lăm đồng"),
            (20, "Hai mươi đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi bốn đồng"),
            (25, "Hai mươi lăm đồng"),
            (55, "Năm mươi lăm đồng"),
            (91, "Chín mươi mốt đồng"),
            (100, "Một trăm đồng"),
            (101, "Một trăm linh một đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (111, "Một trăm mười một đồng"),
            (115, "Một trăm mười lăm đồng"),
            (999, "Chín trăm chín mươi chín đồng"),
        ];
        for (n, s) in cases {
            assert_eq!(w(n), s, "{n}");
        }
    }

    #[test]
    fn inner_groups_are_read_in_full() {
        assert_eq!(w(1_001), "Một nghìn không trăm linh một đồng");
        assert_eq!(w(1_010), "Một nghìn không trăm mười đồng");
        assert_eq!(w(1_100), "Một nghìn một trăm đồng");
        assert_eq!(w(10_000), "Mười nghìn đồng");
        assert_eq!(w(21_000), "Hai mươi mốt nghìn đồng");
        assert_eq!(w(105_000), "Một trăm linh năm nghìn đồng");
        assert_eq!(w(1_050_000), "Một triệu không trăm năm mươi nghìn đồng");
        assert_eq!(w(1_000_000_000), "Một tỷ đồng");
        assert_eq!(w(1_000_000_001), "Một tỷ không trăm linh một đồng");
        assert_eq!(w(2_000_015_000), "Hai tỷ không trăm mười lăm nghìn đồng");
        assert_eq!(
            w(999_999_999_999),
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm \
             chín mươi chín nghìn chín trăm chín mươi chín đồng"
        );
        assert_eq!(w(1_000_000_000_000), "Một nghìn tỷ đồng");
        assert_eq!(
            w(1_001_000_000_005),
            "Một nghìn không trăm linh một tỷ không trăm linh năm đồng"
        );
    }

    #[test]
    fn whole_decimals_with_scale_are_fine() {
        assert_eq!(amount_in_words(dec!(1000.00)).unwrap(), "Một nghìn đồng");
        assert_eq!(amount_in_words(dec!(-0)).unwrap(), "Không đồng");
    }

    #[test]
    fn negative_and_fractional_are_refused() {
        assert_eq!(
            amount_in_words(dec!(-1)),
            Err(WordsError::Negative(dec!(-1)))
        );
        assert_eq!(
            amount_in_words(dec!(10.5)),
            Err(WordsError::Fractional(dec!(10.5)))
        );
    }
}
