//! The order object Shopify defined and Haravan and Sapo Web copied (reference §8.3, §9.2,
//! §11): `id`, `name`, `line_items[]`, `shipping_address{}`, `total_price`… One reader for
//! the three; each platform's file settles what differs (how COD is told, how the
//! address is split, which fields mean "cancelled").

use rust_decimal::Decimal;
use serde_json::Value;

use crate::marketplace::{
    ChannelBuyer, ChannelKind, ChannelLine, ChannelOrder, ChannelStatus, ChannelTotals,
};
use orderdeck_domain::intake::Address;

use super::HookRefusal;
use super::fields::{
    array, checked_sum, first_text, goods_total, id, join_parts, line_items, malformed, money,
    money_or_zero, note_with_number, object, person_name, quantity, required_money, text, time,
};

/// How an address names its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Places {
    /// Haravan and Sapo: `ward`, `district`, `province` in Vietnam's administrative units.
    WardDistrictProvince,
    /// Shopify: no ward or district fields. `city` is taken as the district and
    /// `province` as the province; how Vietnamese shops fill them in on Shopify is
    /// unconfirmed (the reference says nothing), so the intake's address check has the
    /// last word.
    CityProvince,
}

/// Some webhook bodies may wrap the order (`{"order": {...}}`) as the admin API's replies
/// do; the documented webhooks send it bare. Both are read.
pub(super) fn unwrap_order(body: Value) -> Value {
    match body {
        Value::Object(mut m) if m.len() == 1 && m.get("order").is_some_and(Value::is_object) => {
            m.remove("order").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// The order as orderdeck's channel order, `cod` left false for the platform to decide.
pub(super) fn read(
    kind: ChannelKind,
    o: &Value,
    places: Places,
) -> Result<ChannelOrder, HookRefusal> {
    let external_id = id(o, "id", "")?;
    // Sapo GO writes `created_on` / `modified_on` (reference §9.2, single source).
    let created_at = match time(o, "created_at", "")? {
        Some(t) => Some(t),
        None => time(o, "created_on", "")?,
    }
    .ok_or_else(|| malformed("created_at"))?;
    let updated_at = match time(o, "updated_at", "")? {
        Some(t) => Some(t),
        None => time(o, "modified_on", "")?,
    }
    .ok_or_else(|| malformed("updated_at"))?;

    let (status, channel_status) = status(o);
    let lines = lines(o)?;
    let totals = totals(o, &lines)?;
    let address_source = object(o, "shipping_address").or_else(|| object(o, "billing_address"));
    let address = address_source
        .map(|a| address(a, places))
        .unwrap_or_default();

    Ok(ChannelOrder {
        channel: kind,
        external_id: external_id.clone(),
        status,
        channel_status,
        created_at,
        updated_at,
        buyer: buyer(o),
        address,
        lines,
        // Haravan and Sapo shops are VND; every sample carries `currency` anyway.
        currency: text(o, "currency").unwrap_or_else(|| "VND".into()),
        totals,
        cod: false,
        note: note_with_number(
            &external_id,
            first_text(o, &["name", "order_number", "number", "code"]).as_deref(),
            text(o, "note").as_deref(),
        ),
        ship_by: None,
        buyer_masked: false,
        // The seller's own website: the seller books the parcel with our carriers.
        seller_shipping: true,
    })
}

/// Cancelled (Haravan `cancelled_status`, or a `cancelled_at` / `cancel_reason` on any of
/// the three), else Shipped once `fulfillment_status` is `fulfilled`, else ToShip: a
/// website order is reserved at once whether it is COD or paid by transfer, because the
/// shop confirms it by phone rather than waiting for money.
///
/// The platform's own words are its three status fields as given, joined with ",".
fn status(o: &Value) -> (ChannelStatus, String) {
    let cancelled_status = text(o, "cancelled_status");
    let cancelled = cancelled_status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("cancelled"))
        || text(o, "cancelled_at").is_some()
        || text(o, "cancel_reason").is_some();
    let fulfillment = text(o, "fulfillment_status");
    let status = if cancelled {
        ChannelStatus::Cancelled
    } else if fulfillment
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("fulfilled"))
    {
        ChannelStatus::Shipped
    } else {
        ChannelStatus::ToShip
    };
    let mut words: Vec<String> = [text(o, "financial_status"), fulfillment, cancelled_status]
        .into_iter()
        .flatten()
        .collect();
    if cancelled && !words.iter().any(|w| w.eq_ignore_ascii_case("cancelled")) {
        // Shopify says it only by `cancelled_at`.
        words.push("cancelled".into());
    }
    (status, words.join(","))
}

fn lines(o: &Value) -> Result<Vec<ChannelLine>, HookRefusal> {
    line_items(o, |item, path| {
        let name = text(item, "name").unwrap_or_else(|| {
            [text(item, "title"), text(item, "variant_title")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" - ")
        });
        Ok(ChannelLine {
            external_line_id: text(item, "id").unwrap_or_default(),
            // A line without SKU is taken as it is: the intake lists it as a problem.
            sku: text(item, "sku").unwrap_or_default(),
            name,
            qty: quantity(item, "quantity", path)?,
            unit_price: required_money(item, "price", path)?,
            discount: line_discount(item, path)?,
            channel_status: text(item, "fulfillment_status").unwrap_or_default(),
        })
    })
}

/// The discounts on one line: Shopify's `discount_allocations[].amount` (which carry
/// order-level codes spread over the lines) when the line has any, else its
/// `total_discount` (Haravan, older Shopify payloads), else none.
fn line_discount(item: &Value, path: &str) -> Result<Decimal, HookRefusal> {
    let allocations = array(item, "discount_allocations", path)?;
    if let Some(list) = allocations.filter(|l| !l.is_empty()) {
        let amounts = list
            .iter()
            .enumerate()
            .map(|(i, a)| money_or_zero(a, "amount", &format!("{path}.discount_allocations[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let sum = checked_sum(amounts)
            .ok_or_else(|| malformed(format!("{path}.discount_allocations")))?;
        return Ok(sum.max(Decimal::ZERO));
    }
    Ok(money_or_zero(item, "total_discount", path)?.max(Decimal::ZERO))
}

/// The goods before discounts are the lines' `price × quantity` rather than
/// `subtotal_price`, which Shopify gives after discounts; the discount is the order's
/// `total_discounts` (all of it, lines included, as the intake expects), or the lines'
/// own when the order states none.
fn totals(o: &Value, lines: &[ChannelLine]) -> Result<ChannelTotals, HookRefusal> {
    let subtotal = goods_total(lines).ok_or_else(|| malformed("line_items"))?;
    let discount = match money(o, "total_discounts", "")? {
        Some(d) => d,
        None => {
            checked_sum(lines.iter().map(|l| l.discount)).ok_or_else(|| malformed("line_items"))?
        }
    };
    let mut fees = Vec::new();
    for (i, s) in array(o, "shipping_lines", "")?
        .into_iter()
        .flatten()
        .enumerate()
    {
        let path = format!("shipping_lines[{i}]");
        if !s.is_object() {
            return Err(malformed(path));
        }
        fees.push(money_or_zero(s, "price", &path)?);
    }
    let shipping_fee = checked_sum(fees).ok_or_else(|| malformed("shipping_lines"))?;
    Ok(ChannelTotals {
        subtotal,
        discount,
        shipping_fee,
        total: required_money(o, "total_price", "")?,
    })
}

/// Name from the shipping address (the person receiving), then billing, then the
/// customer. Phone from the shipping address first (reference §8.3: it may be on the
/// order, the customer or the address), then the order, the customer, billing. The
/// user name is the buyer's e-mail, else the platform's customer id.
fn buyer(o: &Value) -> ChannelBuyer {
    let shipping = object(o, "shipping_address");
    let billing = object(o, "billing_address");
    let customer = object(o, "customer");
    let name = [shipping, billing, customer]
        .into_iter()
        .flatten()
        .find_map(person_name)
        .unwrap_or_default();
    let phone = shipping
        .and_then(|s| text(s, "phone"))
        .or_else(|| text(o, "phone"))
        .or_else(|| customer.and_then(|c| text(c, "phone")))
        .or_else(|| billing.and_then(|b| text(b, "phone")))
        .unwrap_or_default();
    let username = text(o, "email")
        .or_else(|| text(o, "contact_email"))
        .or_else(|| customer.and_then(|c| text(c, "email")))
        .or_else(|| customer.and_then(|c| text(c, "id")))
        .unwrap_or_default();
    ChannelBuyer {
        username,
        name,
        phone,
    }
}

fn address(a: &Value, places: Places) -> Address {
    let line1 = join_parts(&[text(a, "address1"), text(a, "address2")]);
    match places {
        Places::WardDistrictProvince => Address {
            line1,
            ward: text(a, "ward").unwrap_or_default(),
            district: text(a, "district").unwrap_or_default(),
            province: text(a, "province").unwrap_or_default(),
        },
        Places::CityProvince => Address {
            line1,
            ward: String::new(),
            district: text(a, "city").unwrap_or_default(),
            province: text(a, "province").unwrap_or_default(),
        },
    }
}

/// The payment gateway's names on the order: `gateway`, `gateway_code` and Shopify's
/// `payment_gateway_names[]`.
pub(super) fn gateway_names(o: &Value) -> Vec<String> {
    let mut names: Vec<String> = [text(o, "gateway_code"), text(o, "gateway")]
        .into_iter()
        .flatten()
        .collect();
    if let Some(Value::Array(list)) = o.get("payment_gateway_names") {
        names.extend(
            list.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string()),
        );
    }
    names
}
