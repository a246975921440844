//! Money is `rust_decimal::Decimal`, shown the Vietnamese way: `1.250.000 ₫`.

pub mod read;

use rust_decimal::Decimal;
use rust_decimal::prelude::RoundingStrategy;

/// Formats an amount in đồng with dot thousands separators; fractions are kept only
/// when present (foreign purchase prices).
pub fn format_vnd(amount: Decimal) -> String {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let abs = amount.abs();
    let rounded = abs.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let whole = rounded.trunc();
    let frac = rounded - whole;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    if !frac.is_zero() {
        let f = frac.to_string();
        grouped.push(',');
        grouped.push_str(f.trim_start_matches("0.").trim_end_matches('0'));
    }
    format!("{}{grouped} ₫", if negative { "-" } else { "" })
}

/// The same without the currency sign, for narrow table columns.
pub fn format_amount(amount: Decimal) -> String {
    format_vnd(amount).trim_end_matches(" ₫").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_vnd(dec!(0)), "0 ₫");
        assert_eq!(format_vnd(dec!(999)), "999 ₫");
        assert_eq!(format_vnd(dec!(1000)), "1.000 ₫");
        assert_eq!(format_vnd(dec!(1250000)), "1.250.000 ₫");
        assert_eq!(format_vnd(dec!(-30000)), "-30.000 ₫");
        assert_eq!(format_vnd(dec!(12.50)), "12,5 ₫");
        assert_eq!(format_amount(dec!(123456789.00)), "123.456.789");
    }
}
