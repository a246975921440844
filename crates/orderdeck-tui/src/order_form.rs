//! The manual order form and the order edit form: building them, reading them back into
//! workflow input, and placing the workflow's errors beside the right field.

use rust_decimal::Decimal;

use crate::form::{Field, Form};
use orderdeck_domain::intake::{Address, FieldError, NewCustomer, NewLine, NewOrder};
use orderdeck_domain::order_edit::{EditLine, OrderEdit};
use orderdeck_domain::order_view::OrderJson;
use orderdeck_i18n::t;

pub fn new_order_form() -> Form {
    let mut f = Form::new(
        t!("form-order-new-title"),
        vec![
            Field::new("phone", "form-order-phone", "").hint("form-order-phone-hint"),
            Field::new("name", "form-order-name", ""),
            Field::new("email", "form-order-email", "").hint("form-optional"),
            Field::new("line1", "form-order-address", "").hint("form-order-address-hint"),
            Field::new("ward", "form-order-ward", ""),
            Field::new("district", "form-order-district", ""),
            Field::new("province", "form-order-province", ""),
            Field::new("lines", "form-order-items", "")
                .multiline()
                .hint("form-order-items-hint"),
            Field::new("shipping_fee", "form-order-shipping-fee", "0"),
            Field::new("discount", "form-order-discount", "0"),
            Field::new("payment", "form-order-payment", "cod").hint("form-order-payment-hint"),
            Field::new("source", "form-order-source", "phone").hint("form-order-source-hint"),
            Field::new("note", "form-order-note", "").hint("form-optional"),
        ],
    );
    f.note = Some((t!("form-order-new-note"), false));
    f
}

pub fn edit_order_form(o: &OrderJson) -> Form {
    let addr = |k: &str| {
        o.ship_address
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let lines: Vec<String> = o
        .lines
        .iter()
        .map(|l| format!("{} {} {}", l.sku, l.qty, l.unit_price.normalize()))
        .collect();
    let mut f = Form::new(
        t!(
            "form-order-edit-title",
            number = &o.number,
            version = o.version.to_string()
        ),
        vec![
            Field::new("phone", "form-order-phone", &o.buyer_phone),
            Field::new("name", "form-order-name", &o.buyer_name),
            Field::new("email", "form-order-email", &o.buyer_email),
            Field::new("line1", "form-order-address", &addr("line1")),
            Field::new("ward", "form-order-ward", &addr("ward")),
            Field::new("district", "form-order-district", &addr("district")),
            Field::new("province", "form-order-province", &addr("province")),
            Field::new("lines", "form-order-items", &lines.join("\n"))
                .multiline()
                .hint("form-order-edit-items-hint"),
            Field::new(
                "shipping_fee",
                "form-order-shipping-fee",
                &o.shipping_fee.normalize().to_string(),
            ),
            Field::new(
                "discount",
                "form-order-discount",
                &o.discount.normalize().to_string(),
            ),
        ],
    );
    f.note = Some((
        t!(
            "form-order-edit-note",
            status = o.status.shown(),
            channel = &o.channel
        ),
        false,
    ));
    f
}

/// One typed item line: "CODE [QTY] [PRICE]"; the code may be several words (a name).
pub fn parse_item_line(line: &str) -> Result<(String, i32, Option<Decimal>), String> {
    // "SKU, 2, 150.000" as the hint reads, or "SKU 2 150.000": a comma ending a word
    // separates, one inside a number does not.
    let tokens: Vec<&str> = line
        .split_whitespace()
        .map(|t| t.trim_matches(','))
        .filter(|t| !t.is_empty())
        .collect();
    let numeric = |t: &str| t.replace('.', "").chars().all(|c| c.is_ascii_digit()) && !t.is_empty();
    let trailing = tokens
        .iter()
        .rev()
        .take_while(|t| numeric(t))
        .count()
        .min(2);
    let (code_tokens, nums) = tokens.split_at(tokens.len() - trailing);
    // A code that is only digits (a barcode) keeps its first number.
    let (code_tokens, nums) = if code_tokens.is_empty() && !nums.is_empty() {
        (&nums[..1], &nums[1..])
    } else {
        (code_tokens, nums)
    };
    if code_tokens.is_empty() {
        return Err(t!("form-item-no-code"));
    }
    let qty = match nums.first() {
        Some(q) => q
            .parse::<i32>()
            .map_err(|_| t!("form-item-not-qty", text = *q))?,
        None => 1,
    };
    if !(1..=orderdeck_domain::intake::MAX_QTY).contains(&qty) {
        return Err(t!("form-item-qty-range", qty = qty.to_string()));
    }
    // Prices may be typed with thousands dots: 150.000
    let price = match nums.get(1) {
        Some(p) => Some(
            p.replace('.', "")
                .parse::<Decimal>()
                .map_err(|_| t!("form-item-not-price", text = *p))?,
        ),
        None => None,
    };
    Ok((code_tokens.join(" "), qty, price))
}

pub fn parse_money(form: &Form, key: &str, errors: &mut Vec<(String, String)>) -> Decimal {
    let raw = form.get(key).replace(['.', ' '], "");
    if raw.is_empty() {
        return Decimal::ZERO;
    }
    match raw.parse::<Decimal>() {
        Ok(d) if !d.is_sign_negative() => d,
        _ => {
            errors.push((key.into(), t!("form-not-amount", text = form.get(key))));
            Decimal::ZERO
        }
    }
}

/// The item lines of a form, parsed; problems are reported by line number.
fn item_lines(
    form: &Form,
    errors: &mut Vec<(String, String)>,
) -> Vec<(String, i32, Option<Decimal>)> {
    let mut out = Vec::new();
    for (i, l) in form
        .get("lines")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match parse_item_line(l) {
            Ok(item) => out.push(item),
            Err(e) => errors.push((
                "lines".into(),
                t!("form-line-error", line = i + 1, error = e),
            )),
        }
    }
    out
}

/// Reads the new-order form; item codes are resolved later, by the job.
pub fn read_new_order(form: &Form) -> Result<NewOrder, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let lines: Vec<NewLine> = item_lines(form, &mut errors)
        .into_iter()
        .map(|(code, qty, price)| NewLine {
            sku: code,
            qty,
            unit_price: price,
            discount: Decimal::ZERO,
        })
        .collect();
    let order = NewOrder {
        channel: "manual".into(),
        external_id: None,
        source: Some(form.get("source")),
        customer: NewCustomer {
            masked: false,
            name: form.get("name"),
            phone: form.get("phone"),
            email: form.get("email"),
        },
        shipping_address: Address {
            line1: form.get("line1"),
            ward: form.get("ward"),
            district: form.get("district"),
            province: form.get("province"),
        },
        payment: form.get("payment").to_lowercase(),
        shipping_fee: parse_money(form, "shipping_fee", &mut errors),
        discount: parse_money(form, "discount", &mut errors),
        note: Some(form.get("note")).filter(|n| !n.is_empty()),
        wants_invoice: false,
        warehouse: None,
        lines,
    };
    if let Err(es) = order.validate() {
        errors.extend(es.into_iter().map(field_error));
    }
    if errors.is_empty() {
        Ok(order)
    } else {
        Err(errors)
    }
}

pub fn read_edit(form: &Form) -> Result<OrderEdit, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let lines: Vec<EditLine> = item_lines(form, &mut errors)
        .into_iter()
        .map(|(code, qty, price)| EditLine {
            sku: code,
            qty,
            unit_price: price,
        })
        .collect();
    let edit = OrderEdit {
        buyer_name: Some(form.get("name")),
        buyer_phone: Some(form.get("phone")),
        buyer_email: Some(form.get("email")),
        ship_address: Some(Address {
            line1: form.get("line1"),
            ward: form.get("ward"),
            district: form.get("district"),
            province: form.get("province"),
        }),
        shipping_fee: Some(parse_money(form, "shipping_fee", &mut errors)),
        discount: Some(parse_money(form, "discount", &mut errors)),
        lines: Some(lines),
    };
    if errors.is_empty() {
        Ok(edit)
    } else {
        Err(errors)
    }
}

/// Which form field a workflow error is about.
pub fn field_error(e: FieldError) -> (String, String) {
    let key = match e.field.as_str() {
        "customer.name" | "buyer_name" => "name",
        "customer.phone" | "buyer_phone" => "phone",
        "customer.email" | "buyer_email" => "email",
        "shipping_address.line1" => "line1",
        "shipping_address.ward" => "ward",
        "shipping_address.district" => "district",
        "shipping_address.province" => "province",
        f if f.starts_with("lines") => "lines",
        f => f,
    };
    let message = match e
        .field
        .strip_prefix("lines[")
        .and_then(|r| r.split_once(']'))
    {
        Some((i, _)) => t!(
            "form-line-error",
            line = i.parse::<usize>().map(|n| n + 1).unwrap_or(0),
            error = &e.message
        ),
        None => e.message,
    };
    (key.to_string(), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn item_lines_parse() {
        assert_eq!(
            parse_item_line("TT-001-1"),
            Ok(("TT-001-1".into(), 1, None))
        );
        assert_eq!(
            parse_item_line("TT-001-1 3"),
            Ok(("TT-001-1".into(), 3, None))
        );
        assert_eq!(
            parse_item_line("TT-001-1 2 150.000"),
            Ok(("TT-001-1".into(), 2, Some(dec!(150000))))
        );
        assert_eq!(
            parse_item_line("ao thun basic trang s 2"),
            Ok(("ao thun basic trang s".into(), 2, None))
        );
        assert_eq!(
            parse_item_line("8932142856370"),
            Ok(("8932142856370".into(), 1, None))
        );
        assert_eq!(
            parse_item_line("8932142856370 4"),
            Ok(("8932142856370".into(), 4, None))
        );
        assert!(parse_item_line("TT-001-1 0").is_err());
        assert!(parse_item_line("   ").is_err());
    }

    #[test]
    fn errors_land_beside_their_fields() {
        let e = |f: &str| {
            field_error(FieldError {
                field: f.into(),
                message: "bad".into(),
            })
        };
        assert_eq!(e("customer.phone"), ("phone".into(), "bad".into()));
        assert_eq!(e("lines[1].qty"), ("lines".into(), "line 2: bad".into()));
        assert_eq!(e("shipping_fee"), ("shipping_fee".into(), "bad".into()));
    }
}
