//! Reading a webhook's JSON field by field. A field that is there but cannot be read is a
//! refusal naming it (`line_items[1].price`), so the person looking at a refused
//! delivery knows where to look; a field that is simply absent is the caller's to judge.
//!
//! Money never passes through `f64` on purpose: JSON numbers are read through their text
//! (`serde_json::Number::to_string`) into a `Decimal`. `arbitrary_precision` is not enabled
//! in this workspace, so a number with a fraction was already an `f64` inside serde_json;
//! its shortest text form gives back what the platform wrote for any amount a shop uses.

use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

use super::HookRefusal;

pub(super) fn malformed(path: impl Into<String>) -> HookRefusal {
    HookRefusal::Malformed(path.into())
}

/// `prefix.key`, or `key` at the top.
pub(super) fn at(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The signed body as JSON; the platforms all send one object.
pub(super) fn body_object(body: &[u8]) -> Result<Value, HookRefusal> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(malformed("body")),
    }
}

/// A field as text: a string (trimmed) or a number's digits. `None` when it is absent,
/// null, empty or of another JSON type (optional text is never worth a refusal).
pub(super) fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first of `keys` that has text.
pub(super) fn first_text(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| text(v, k))
}

/// A required id: a whole number or a non-empty string, as text.
pub(super) fn id(v: &Value, key: &str, path: &str) -> Result<String, HookRefusal> {
    match v.get(key) {
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(malformed(at(path, key))),
    }
}

/// A nested object, when there is one.
pub(super) fn object<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|o| o.is_object())
}

/// An array field; absent or null is `None`, another type is a refusal.
pub(super) fn array<'a>(
    v: &'a Value,
    key: &str,
    path: &str,
) -> Result<Option<&'a Vec<Value>>, HookRefusal> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(_) => Err(malformed(at(path, key))),
    }
}

/// The order's `line_items`, each read by `line` with its path (`line_items[2]`) for
/// naming a bad field. Every platform's order must have the list, and each entry must be
/// an object, before any of its fields is looked at.
pub(super) fn line_items<T>(
    o: &Value,
    line: impl Fn(&Value, &str) -> Result<T, HookRefusal>,
) -> Result<Vec<T>, HookRefusal> {
    let items = array(o, "line_items", "")?.ok_or_else(|| malformed("line_items"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("line_items[{i}]");
            if !item.is_object() {
                return Err(malformed(path));
            }
            line(item, &path)
        })
        .collect()
}

/// Decimal text: digits, one optional sign and point; an exponent only as serde_json
/// writes large numbers (`1e21`).
fn decimal(t: &str) -> Option<Decimal> {
    let t = t.trim();
    let plain = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+');
    if plain {
        Decimal::from_str(t).ok()
    } else if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        None
    }
}

/// The largest amount believed, either sign: 10^15 (about 40 billion US dollars in VND)
/// is beyond any order, and keeps every sum made of such amounts, here and in the intake,
/// far from `Decimal`'s limit (its `+` and `*` panic past it).
const MAX_AMOUNT: Decimal = rust_decimal_macros::dec!(1_000_000_000_000_000);

/// An amount written as a JSON number (Haravan, Sapo) or a decimal string (Shopify,
/// WooCommerce). Both are accepted on every platform: the type varies by API version and
/// plugin, the value never does. Absent, null or `""` is `None`.
pub(super) fn money(v: &Value, key: &str, path: &str) -> Result<Option<Decimal>, HookRefusal> {
    let parsed = match v.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::Number(n)) => decimal(&n.to_string()),
        Some(Value::String(s)) => decimal(s),
        Some(_) => None,
    };
    parsed
        .filter(|d| d.abs() <= MAX_AMOUNT)
        .map(Some)
        .ok_or_else(|| malformed(at(path, key)))
}

/// A sum that refuses (`None`) rather than overflow.
pub(super) fn checked_sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a))
}

/// Quantity × unit price of each line, summed: the goods before discounts.
pub(super) fn goods_total(lines: &[crate::marketplace::ChannelLine]) -> Option<Decimal> {
    lines.iter().try_fold(Decimal::ZERO, |sum, l| {
        sum.checked_add(Decimal::from(l.qty).checked_mul(l.unit_price)?)
    })
}

/// A required amount.
pub(super) fn required_money(v: &Value, key: &str, path: &str) -> Result<Decimal, HookRefusal> {
    money(v, key, path)?.ok_or_else(|| malformed(at(path, key)))
}

/// An amount that counts as zero when absent.
pub(super) fn money_or_zero(v: &Value, key: &str, path: &str) -> Result<Decimal, HookRefusal> {
    Ok(money(v, key, path)?.unwrap_or(Decimal::ZERO))
}

/// A quantity: a whole number (as a number or digits) that fits an `i32`.
pub(super) fn quantity(v: &Value, key: &str, path: &str) -> Result<i32, HookRefusal> {
    let bad = || malformed(at(path, key));
    let d = match v.get(key) {
        Some(Value::Number(n)) => decimal(&n.to_string()),
        Some(Value::String(s)) => decimal(s),
        _ => None,
    }
    .ok_or_else(bad)?;
    if !d.fract().is_zero() {
        return Err(bad());
    }
    d.to_i32().ok_or_else(bad)
}

/// An RFC 3339 time with its zone, as UTC. Absent, null or `""` is `None`.
pub(super) fn time(v: &Value, key: &str, path: &str) -> Result<Option<DateTime<Utc>>, HookRefusal> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| malformed(at(path, key))),
        Some(_) => Err(malformed(at(path, key))),
    }
}

/// A time the platform states is UTC but writes without a zone (WooCommerce's `*_gmt`
/// fields, reference §10.2); one written with a zone is taken as written.
pub(super) fn utc_time(
    v: &Value,
    key: &str,
    path: &str,
) -> Result<Option<DateTime<Utc>>, HookRefusal> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Ok(Some(t.with_timezone(&Utc)));
            }
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|t| Some(t.and_utc()))
                .map_err(|_| malformed(at(path, key)))
        }
        Some(_) => Err(malformed(at(path, key))),
    }
}

/// A time as it goes into a de-duplication key: UTC, to the precision the platform gave.
pub(super) fn key_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// "Nguyễn Văn A" from a `name`, else from first and last names. WooCommerce's and
/// Shopify's checkouts ask "first name" and "last name" in Western order; a Vietnamese
/// buyer's name is written family name first ("Đỗ Văn Minh": `last_name` "Đỗ",
/// `first_name` "Văn Minh"), so it is put back that way — as Lazada's is; an Indonesian
/// name is written given name first, as the parts come. The address's country decides
/// (`country_code`, else `country`); without one, Vietnam. A name put whole into one part
/// stays whole.
pub(super) fn person_name(v: &Value) -> Option<String> {
    if let Some(n) = text(v, "name") {
        return Some(n);
    }
    let country = text(v, "country_code")
        .or_else(|| text(v, "country"))
        .unwrap_or_default();
    let given_first = matches!(
        orderdeck_domain::text::fold(country.trim()).as_str(),
        "indonesia" | "id" | "idn"
    );
    let (first, last) = (text(v, "first_name"), text(v, "last_name"));
    let parts = if given_first {
        [first, last]
    } else {
        [last, first]
    };
    let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// `a, b` without empty parts.
pub(super) fn join_parts(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A payment method's name says cash on delivery: "COD" as a word (any case, so
/// "Thanh toán khi giao hàng (COD)" counts, "barcode" does not) or "cash on delivery".
pub(super) fn mentions_cod(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains("cash on delivery")
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "cod")
}

/// The shop's order number as staff know it: "#100020".
pub(super) fn shop_number(number: &str) -> String {
    let n = number.trim();
    if n.starts_with('#') {
        n.to_string()
    } else {
        format!("#{n}")
    }
}

/// Our note: the shop's number first (so staff can search for it) when it is not the
/// order id already shown beside it (WooCommerce's usually is), then the buyer's note.
pub(super) fn note_with_number(id: &str, number: Option<&str>, buyer_note: Option<&str>) -> String {
    let number = number
        .map(shop_number)
        .filter(|n| n.trim_start_matches('#') != id);
    [number.as_deref(), buyer_note.map(str::trim)]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
