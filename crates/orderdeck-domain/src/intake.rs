//! What an order must look like before it may enter the system: the intake shape shared
//! by the CLI (`orderdeck orders create`), imports, the manual form and channel sync.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// The most lines one order may have; more is a mistake, not an order.
pub const MAX_LINES: usize = 200;
pub const MAX_QTY: i32 = 10_000;
const MAX_MONEY: i64 = 1_000_000_000_000;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    pub channel: String,
    #[serde(default)]
    pub external_id: Option<String>,
    /// For manual orders: phone, facebook, zalo, other.
    #[serde(default)]
    pub source: Option<String>,
    pub customer: NewCustomer,
    #[serde(default)]
    pub shipping_address: Address,
    #[serde(default = "default_payment")]
    pub payment: String,
    #[serde(default, deserialize_with = "money")]
    pub shipping_fee: Decimal,
    #[serde(default, deserialize_with = "money")]
    pub discount: Decimal,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub wants_invoice: bool,
    /// Warehouse code to take stock from first.
    #[serde(default)]
    pub warehouse: Option<String>,
    pub lines: Vec<NewLine>,
}

fn default_payment() -> String {
    "cod".into()
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// A marketplace hid the buyer's phone (platform-arranged parcels): no phone is
    /// needed, none is matched to a customer. Set only by order sync, never by a
    /// caller's JSON.
    #[serde(skip)]
    pub masked: bool,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub ward: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub province: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewLine {
    pub sku: String,
    pub qty: i32,
    #[serde(default, deserialize_with = "money_opt")]
    pub unit_price: Option<Decimal>,
    #[serde(default, deserialize_with = "money")]
    pub discount: Decimal,
}

/// Money as a decimal string ("150000", "12.50") or a whole number; never a float.
fn money<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum M {
        S(String),
        I(i64),
    }
    match M::deserialize(d)? {
        M::S(s) => s.trim().parse::<Decimal>().map_err(|_| {
            serde::de::Error::custom(orderdeck_i18n::t!("err-not-an-amount", value = &s))
        }),
        M::I(i) => Ok(Decimal::from(i)),
    }
}

fn money_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    money(d).map(Some)
}

/// One problem with an order, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Vietnamese phone numbers: 10 digits starting with 0, or +84 and 9 digits; spaces,
/// dots and dashes are ignored. Returns the normalised form (0xxxxxxxxx).
pub fn normalise_phone(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let local = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
        format!("0{rest}")
    } else {
        digits
    };
    (local.len() == 10 && local.starts_with('0') && local.bytes().all(|b| b.is_ascii_digit()))
        .then_some(local)
}

/// Length and characters of a one-line field: a line break in a name or an address
/// would forge a row wherever it is listed, an escape sequence would act on a terminal.
fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    check_text(errors, field, value, max, false);
}

fn check_text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, lines: bool) {
    if value.chars().count() > max {
        errors.push(err(
            field,
            orderdeck_i18n::t!("err-longer-than", max = max.to_string()),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && !(lines && (c == '\n' || c == '\r' || c == '\t')))
    {
        errors.push(err(
            field,
            orderdeck_i18n::t!(
                "err-control-character",
                character = c.escape_unicode().to_string()
            ),
        ));
    }
}

/// A field a person may write on several lines (a note): line breaks and tabs pass.
pub fn check_note(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    check_text(errors, field, value, max, true);
}

/// A one-line text from a person or a file (a reason, a name): `Err` says why not.
pub fn one_line(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    let mut e = Vec::new();
    check_len(&mut e, field, value, max);
    e.into_iter().next().map_or(Ok(()), Err)
}

fn check_money(errors: &mut Vec<FieldError>, field: &str, v: Decimal) {
    if v.is_sign_negative() && !v.is_zero() {
        errors.push(err(field, orderdeck_i18n::t!("err-cannot-be-negative")));
    } else if v > Decimal::from(MAX_MONEY) {
        errors.push(err(field, orderdeck_i18n::t!("err-implausibly-large")));
    } else if v.scale() > 2 && v.round_dp(2) != v {
        errors.push(err(field, orderdeck_i18n::t!("err-more-than-2-decimals")));
    }
}

impl NewOrder {
    /// Every problem at once, so a person can fix them all in one go.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        if self.channel.trim().is_empty() {
            e.push(err("channel", orderdeck_i18n::t!("err-required")));
        }
        check_len(&mut e, "channel", &self.channel, 40);
        if let Some(x) = &self.external_id {
            if x.trim().is_empty() {
                e.push(err(
                    "external_id",
                    orderdeck_i18n::t!("err-external-id-empty"),
                ));
            }
            check_len(&mut e, "external_id", x, 100);
        }
        if let Some(s) = &self.source
            && !["", "phone", "facebook", "zalo", "other"].contains(&s.as_str())
        {
            e.push(err("source", orderdeck_i18n::t!("err-order-source")));
        }
        if self.customer.name.trim().is_empty() {
            e.push(err("customer.name", orderdeck_i18n::t!("err-required")));
        }
        check_len(&mut e, "customer.name", &self.customer.name, 200);
        if self.customer.masked {
            // The platform ships it and prints the label: its masked phone is enough.
        } else if self.customer.phone.trim().is_empty() {
            e.push(err("customer.phone", orderdeck_i18n::t!("err-required")));
        } else if normalise_phone(&self.customer.phone).is_none() {
            e.push(err(
                "customer.phone",
                orderdeck_i18n::t!("err-phone-not-vietnamese", phone = &self.customer.phone),
            ));
        }
        check_len(&mut e, "customer.email", &self.customer.email, 200);
        if !self.customer.email.is_empty() && !self.customer.email.contains('@') {
            e.push(err(
                "customer.email",
                orderdeck_i18n::t!("err-not-an-email"),
            ));
        }
        for (f, v) in [
            ("shipping_address.line1", &self.shipping_address.line1),
            ("shipping_address.ward", &self.shipping_address.ward),
            ("shipping_address.district", &self.shipping_address.district),
            ("shipping_address.province", &self.shipping_address.province),
        ] {
            check_len(&mut e, f, v, 300);
        }
        if !["cod", "prepaid"].contains(&self.payment.as_str()) {
            e.push(err(
                "payment",
                orderdeck_i18n::t!("err-payment-cod-or-prepaid"),
            ));
        }
        check_money(&mut e, "shipping_fee", self.shipping_fee);
        check_money(&mut e, "discount", self.discount);
        if let Some(n) = &self.note {
            check_note(&mut e, "note", n, 2000);
        }
        if self.lines.is_empty() {
            e.push(err("lines", orderdeck_i18n::t!("err-order-no-lines")));
        }
        if self.lines.len() > MAX_LINES {
            e.push(err(
                "lines",
                orderdeck_i18n::t!("err-order-too-many-lines", max = MAX_LINES),
            ));
        }
        for (i, l) in self.lines.iter().enumerate().take(MAX_LINES) {
            let f = |name: &str| format!("lines[{i}].{name}");
            if l.sku.trim().is_empty() {
                e.push(err(f("sku"), orderdeck_i18n::t!("err-required")));
            }
            check_len(&mut e, &f("sku"), &l.sku, 64);
            if l.qty <= 0 {
                e.push(err(f("qty"), orderdeck_i18n::t!("err-qty-at-least-1")));
            } else if l.qty > MAX_QTY {
                e.push(err(
                    f("qty"),
                    orderdeck_i18n::t!("err-qty-more-than", max = MAX_QTY.to_string()),
                ));
            }
            if let Some(p) = l.unit_price {
                check_money(&mut e, &f("unit_price"), p);
            }
            check_money(&mut e, &f("discount"), l.discount);
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// Order money: lines at their prices less line discounts, less the order discount,
/// plus shipping. The discount can never make the total negative.
pub fn totals(
    lines: &[(i32, Decimal, Decimal)],
    discount: Decimal,
    shipping_fee: Decimal,
) -> Result<(Decimal, Decimal), String> {
    let subtotal: Decimal = lines
        .iter()
        .map(|(q, p, d)| Decimal::from(*q) * *p - *d)
        .sum();
    if subtotal.is_sign_negative() && !subtotal.is_zero() {
        return Err(orderdeck_i18n::t!("err-line-discounts-exceed"));
    }
    if discount > subtotal {
        return Err(orderdeck_i18n::t!(
            "err-discount-over-goods-total",
            discount = discount,
            subtotal = subtotal
        ));
    }
    Ok((subtotal, subtotal - discount + shipping_fee))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sample() -> NewOrder {
        serde_json::from_str(
            r#"{"channel": "website", "external_id": "W-1001", "customer": {"name": "Nguyễn Văn An", "phone": "0912 345 678", "email": "an@example.vn"},
                "shipping_address": {"line1": "12 Lê Lợi", "ward": "Bến Nghé", "district": "Quận 1", "province": "TP. Hồ Chí Minh"},
                "payment": "cod", "shipping_fee": "30000", "lines": [{"sku": "TT-001-1", "qty": 2, "unit_price": "150000"}, {"sku": "TT-002-1", "qty": 1}]}"#,
        )
        .expect("sample parses")
    }

    #[test]
    fn the_documented_shape_parses_and_validates() {
        let o = sample();
        assert_eq!(o.shipping_fee, dec!(30000));
        assert_eq!(o.lines[0].unit_price, Some(dec!(150000)));
        assert_eq!(o.lines[1].unit_price, None);
        assert_eq!(o.validate(), Ok(()));
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut o = sample();
        o.customer.phone = "12345".into();
        o.lines[0].qty = -2;
        o.lines[1].unit_price = Some(dec!(-1));
        o.payment = "bitcoin".into();
        let errs = o.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "customer.phone",
                "payment",
                "lines[0].qty",
                "lines[1].unit_price"
            ]
        );
    }

    #[test]
    fn floats_and_unknown_fields_are_refused() {
        assert!(
            serde_json::from_str::<NewLine>(r#"{"sku": "A", "qty": 1, "unit_price": 1.5}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<NewLine>(r#"{"sku": "A", "qty": 1, "price": "1"}"#).is_err()
        );
    }

    #[test]
    fn phones_normalise() {
        assert_eq!(
            normalise_phone("0912.345.678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalise_phone("+84 912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(normalise_phone("912345678"), None);
    }

    #[test]
    fn totals_never_go_negative() {
        let lines = [(2, dec!(150000), dec!(0)), (1, dec!(99000), dec!(9000))];
        assert_eq!(
            totals(&lines, dec!(10000), dec!(30000)),
            Ok((dec!(390000), dec!(410000)))
        );
        assert!(totals(&lines, dec!(500000), dec!(0)).is_err());
    }
}
