//! Money, numbers and dates as each language writes them: Vietnamese and Indonesian group
//! thousands with dots and write fractions after a comma (`1.234.567`, `12,5`), English
//! the other way round (`1,234,567`, `12.5`). The đồng's sign follows the amount
//! (`1.234.567 ₫`), the rupiah's leads it (`Rp 1.234.567`), whatever the language.
//!
//! Printed documents (labels, VAT invoices) do not come here: they are Vietnamese by law
//! and keep `orderdeck_domain::money::format_vnd`.

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use fluent_bundle::FluentValue;
use rust_decimal::Decimal;
use rust_decimal::prelude::RoundingStrategy;

use crate::{Lang, current};

/// The shop's currency, for showing amounts (the config's `currency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Vnd,
    Idr,
}

impl Currency {
    pub fn parse(text: &str) -> Option<Currency> {
        match text.trim().to_ascii_uppercase().as_str() {
            "VND" => Some(Currency::Vnd),
            "IDR" => Some(Currency::Idr),
            _ => None,
        }
    }
}

static CURRENCY: AtomicU8 = AtomicU8::new(0);

pub fn set_currency(currency: Currency) {
    CURRENCY.store(
        match currency {
            Currency::Vnd => 0,
            Currency::Idr => 1,
        },
        Ordering::Relaxed,
    );
}

pub fn currency() -> Currency {
    match CURRENCY.load(Ordering::Relaxed) {
        1 => Currency::Idr,
        _ => Currency::Vnd,
    }
}

fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::Vi | Lang::Id => ('.', ','),
    }
}

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A whole number in `lang`: `1.234` (vi, id), `1,234` (en).
pub fn number_in(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(&digits, marks(lang).0))
}

/// A whole number in the current language.
pub fn number(n: i64) -> String {
    number_in(current(), n)
}

/// A decimal in `lang`, rounded to two places, fractions only when present.
pub fn decimal_in(lang: Lang, amount: Decimal) -> String {
    let (thousands, point) = marks(lang);
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let rounded = amount
        .abs()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let whole = rounded.trunc();
    let frac = (rounded - whole).normalize();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group(&whole.to_string(), thousands));
    if !frac.is_zero() {
        out.push(point);
        out.push_str(frac.to_string().trim_start_matches("0."));
    }
    out
}

/// An amount without its currency sign, for narrow columns.
pub fn amount(amount: Decimal) -> String {
    decimal_in(current(), amount)
}

/// An amount of the shop's currency in `lang`.
pub fn money_in(lang: Lang, amount: Decimal) -> String {
    money_as(lang, currency(), amount)
}

/// An amount of `currency` in `lang`.
pub fn money_as(lang: Lang, currency: Currency, amount: Decimal) -> String {
    let figure = decimal_in(lang, amount);
    match currency {
        Currency::Vnd => format!("{figure} ₫"),
        Currency::Idr => match figure.strip_prefix('-') {
            Some(positive) => format!("-Rp {positive}"),
            None => format!("Rp {figure}"),
        },
    }
}

/// An amount of the shop's currency in the current language.
pub fn money(amount: Decimal) -> String {
    money_in(current(), amount)
}

/// The date pattern of the current language: English writes dates year (or month)
/// first, Vietnamese and Indonesian day first.
fn pattern(english: &'static str, day_first: &'static str) -> &'static str {
    match current() {
        Lang::En => english,
        Lang::Vi | Lang::Id => day_first,
    }
}

fn local(t: DateTime<Utc>, offset: FixedOffset, format: &str) -> String {
    t.with_timezone(&offset).format(format).to_string()
}

/// A moment in a list column: day and time (`07/12 14:30`; `12-07 14:30` in English).
pub fn short_time(t: DateTime<Utc>, offset: FixedOffset) -> String {
    local(t, offset, pattern("%m-%d %H:%M", "%d/%m %H:%M"))
}

/// A moment in full (`07/12/2026 14:30:05`; `2026-12-07 14:30:05` in English).
pub fn long_time(t: DateTime<Utc>, offset: FixedOffset) -> String {
    local(t, offset, pattern("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M:%S"))
}

/// A moment to the minute (`07/12/2026 14:30`).
pub fn minute_time(t: DateTime<Utc>, offset: FixedOffset) -> String {
    local(t, offset, pattern("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"))
}

/// A day (`07/12/2026`; `2026-12-07` in English).
pub fn date(d: NaiveDate) -> String {
    d.format(pattern("%Y-%m-%d", "%d/%m/%Y")).to_string()
}

/// A day without its year, for narrow places (`07/12`; `12-07`).
pub fn day_month(d: NaiveDate) -> String {
    d.format(pattern("%m-%d", "%d/%m")).to_string()
}

fn fluent_number(lang: Lang, value: &FluentValue) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.value.fract() == 0.0 && n.value.abs() < 9.0e15 {
        return Some(number_in(lang, n.value as i64));
    }
    Decimal::try_from(n.value).ok().map(|d| decimal_in(lang, d))
}

// Fluent formats numbers in a message (`{ $count } orders`) with these, one per bundle.
pub(crate) fn fluent_number_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::En, value)
}
pub(crate) fn fluent_number_vi<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::Vi, value)
}
pub(crate) fn fluent_number_id<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::Id, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn each_language_writes_its_own_figures() {
        assert_eq!(money_in(Lang::Vi, dec!(1234567)), "1.234.567 ₫");
        assert_eq!(money_in(Lang::Id, dec!(1234567)), "1.234.567 ₫");
        assert_eq!(money_in(Lang::En, dec!(1234567)), "1,234,567 ₫");
        assert_eq!(money_in(Lang::Vi, dec!(-30000)), "-30.000 ₫");
        assert_eq!(decimal_in(Lang::Vi, dec!(12.50)), "12,5");
        assert_eq!(decimal_in(Lang::En, dec!(12.50)), "12.5");
        assert_eq!(decimal_in(Lang::Vi, dec!(0)), "0");
        assert_eq!(number_in(Lang::Id, -1234), "-1.234");
        assert_eq!(number_in(Lang::En, 999), "999");
    }

    #[test]
    fn rupiah_leads_with_its_sign() {
        assert_eq!(
            money_as(Lang::Id, Currency::Idr, dec!(1234567)),
            "Rp 1.234.567"
        );
        assert_eq!(money_as(Lang::Id, Currency::Idr, dec!(-5000)), "-Rp 5.000");
        assert_eq!(money_as(Lang::En, Currency::Idr, dec!(5000)), "Rp 5,000");
    }
}
