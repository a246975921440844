//! WooCommerce order webhooks (reference §10.1–10.2): `X-WC-Webhook-Topic`
//! (`order.created`), `X-WC-Webhook-Source` (the site), the order in its REST v3 shape as
//! the body, money as strings, `*_gmt` times in UTC without a zone.
//!
//! De-duplication is on (order id, `date_modified_gmt`, status), never on
//! `X-WC-Webhook-Delivery-ID`: that is `wp_hash(webhook id + current second)`, new on
//! every send (reference §10.1). The reference suggests (order id, `date_modified_gmt`)
//! alone, but that time has whole seconds: an order placed and cancelled within one
//! second would make the cancellation look like a repeat of the "created" delivery and
//! be dropped (our simulator does exactly that). The status tells them apart; a true
//! repeat carries the same status.

use reqwest::header::HeaderMap;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::marketplace::{
    ChannelBuyer, ChannelKind, ChannelLine, ChannelOrder, ChannelStatus, ChannelTotals,
};
use orderdeck_domain::intake::Address;

use super::fields::{
    array, body_object, checked_sum, goods_total, id, key_time, line_items, malformed, money,
    money_or_zero, note_with_number, object, person_name, quantity, required_money, text, utc_time,
};
use super::signature::header;
use super::{Delivery, HookRefusal, Topic, body_digest};

const CODE: &str = "woocommerce";

/// The ping WooCommerce sends when a webhook is saved or activated: a form body
/// `webhook_id=<n>`, no signature and none of the `X-WC-Webhook-*` headers (reference
/// §10.1: "no signature worth checking"). It must be answered 2xx or the webhook counts a
/// failure. A body of that form that claims an order topic is not a ping: it goes through
/// the signature check like any delivery.
pub(super) fn ping(headers: &HeaderMap, body: &[u8]) -> Option<Delivery> {
    let text = std::str::from_utf8(body).ok()?.trim();
    let webhook_id = text.strip_prefix("webhook_id=")?;
    let digits = !webhook_id.is_empty()
        && webhook_id.len() <= 20
        && webhook_id.bytes().all(|b| b.is_ascii_digit());
    if !digits {
        return None;
    }
    let topic = header(headers, "x-wc-webhook-topic");
    if topic.as_deref().is_some_and(|t| !t.starts_with("action.")) {
        return None;
    }
    Some(Delivery {
        topic: Topic::Ping,
        dedupe_key: format!("{CODE}:ping:{webhook_id}"),
        shop: header(headers, "x-wc-webhook-source").unwrap_or_default(),
        order: None,
    })
}

fn topic(name: &str) -> Topic {
    match name.trim().to_ascii_lowercase().as_str() {
        "order.created" => Topic::Created,
        "order.updated" => Topic::Updated,
        "order.deleted" => Topic::Deleted,
        "order.restored" => Topic::Restored,
        _ => Topic::Other(name.trim().to_string()),
    }
}

pub(super) fn read(headers: &HeaderMap, body: &[u8]) -> Result<Delivery, HookRefusal> {
    let topic_name =
        header(headers, "x-wc-webhook-topic").ok_or_else(|| malformed("X-WC-Webhook-Topic"))?;
    let shop = header(headers, "x-wc-webhook-source").unwrap_or_default();
    let topic = topic(&topic_name);
    let wants_order = topic.carries_order() || topic == Topic::Deleted;
    if !wants_order {
        return Ok(Delivery::without_order(
            format!("{CODE}:{topic_name}:{}", body_digest(body)),
            topic,
            shop,
        ));
    }
    let o = body_object(body)?;
    // A deleted order may come as only `{"id": n}` (WooCommerce sends just the id of a
    // resource that is gone; one moved to the bin may come whole, with status `trash`).
    // Known gap: such a key has no time in it, so deleting, restoring and deleting the
    // same order again reads as a repeat of the first deletion.
    if topic == Topic::Deleted && o.get("status").is_none() {
        let order_id = id(&o, "id", "")?;
        return Ok(Delivery::without_order(
            format!("{CODE}:{order_id}:deleted"),
            topic,
            shop,
        ));
    }
    let order = read_order(&o)?;
    Ok(Delivery {
        dedupe_key: format!(
            "{CODE}:{}:{}:{}",
            order.external_id,
            key_time(order.updated_at),
            order.channel_status
        ),
        topic,
        shop,
        order: Some(order),
    })
}

/// pending, on-hold and processing are all ours to ship (a website order is reserved at
/// once: the shop confirms it by phone, COD or transfer); completed is done; cancelled,
/// refunded, failed and trash are off. A plugin's own status (VN shipping plugins add
/// some) is `Unknown`, which the intake lists for a person.
fn status(s: &str) -> ChannelStatus {
    match s.trim().to_ascii_lowercase().as_str() {
        "pending" | "on-hold" | "processing" => ChannelStatus::ToShip,
        "completed" => ChannelStatus::Completed,
        "cancelled" | "refunded" | "failed" | "trash" => ChannelStatus::Cancelled,
        _ => ChannelStatus::Unknown,
    }
}

/// One order as the REST API's order list gives it (the same v3 shape as a webhook's
/// body): the catch-up pull reads it the way a delivery is read.
pub(crate) fn order_from_rest(o: &Value) -> Result<ChannelOrder, HookRefusal> {
    read_order(o)
}

fn read_order(o: &Value) -> Result<ChannelOrder, HookRefusal> {
    let external_id = id(o, "id", "")?;
    let channel_status = text(o, "status").ok_or_else(|| malformed("status"))?;
    // Only the `_gmt` times are UTC; `date_created` is the site's local time.
    let created_at =
        utc_time(o, "date_created_gmt", "")?.ok_or_else(|| malformed("date_created_gmt"))?;
    let updated_at =
        utc_time(o, "date_modified_gmt", "")?.ok_or_else(|| malformed("date_modified_gmt"))?;
    let lines = lines(o)?;
    let totals = totals(o, &lines)?;
    let billing = object(o, "billing");
    let shipping = object(o, "shipping");
    Ok(ChannelOrder {
        channel: ChannelKind::WooCommerce,
        external_id: external_id.clone(),
        status: status(&channel_status),
        channel_status,
        created_at,
        updated_at,
        buyer: buyer(o, shipping, billing),
        address: address(shipping, billing),
        lines,
        currency: text(o, "currency").unwrap_or_else(|| "VND".into()),
        totals,
        cod: text(o, "payment_method").is_some_and(|m| m.eq_ignore_ascii_case("cod")),
        note: note_with_number(
            &external_id,
            text(o, "number").as_deref(),
            text(o, "customer_note").as_deref(),
        ),
        ship_by: None,
        buyer_masked: false,
        seller_shipping: true,
    })
}

/// Each line's `subtotal` is before coupons and `total` after (both strings for the
/// whole line); `price` is the total over the quantity, so after coupons, and is not
/// used. The unit price is the subtotal over the quantity, rounded to cents when it does
/// not divide (the intake then notes the difference against the order's total).
fn lines(o: &Value) -> Result<Vec<ChannelLine>, HookRefusal> {
    line_items(o, |item, path| {
        let qty = quantity(item, "quantity", path)?;
        let subtotal = required_money(item, "subtotal", path)?;
        let total = required_money(item, "total", path)?;
        let unit_price = if qty == 0 {
            subtotal
        } else {
            // A quotient that does not end (100000 / 3) fills all 28 digits and
            // multiplies back exactly after rounding; 8 places tell the two apart.
            let unit = (subtotal / Decimal::from(qty)).round_dp(8);
            if unit.checked_mul(Decimal::from(qty)) == Some(subtotal) {
                unit.normalize()
            } else {
                unit.round_dp(2)
            }
        };
        Ok(ChannelLine {
            external_line_id: text(item, "id").unwrap_or_default(),
            // A line without SKU is taken as it is: the intake lists it as a problem.
            sku: text(item, "sku").unwrap_or_default(),
            name: text(item, "name").unwrap_or_default(),
            qty,
            unit_price,
            discount: (subtotal - total).max(Decimal::ZERO),
            channel_status: String::new(),
        })
    })
}

fn totals(o: &Value, lines: &[ChannelLine]) -> Result<ChannelTotals, HookRefusal> {
    let subtotal = goods_total(lines).ok_or_else(|| malformed("line_items"))?;
    let shipping_fee = match money(o, "shipping_total", "")? {
        Some(fee) => fee,
        None => {
            let fees = array(o, "shipping_lines", "")?
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, s)| money_or_zero(s, "total", &format!("shipping_lines[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            checked_sum(fees).ok_or_else(|| malformed("shipping_lines"))?
        }
    };
    Ok(ChannelTotals {
        subtotal,
        discount: money_or_zero(o, "discount_total", "")?,
        shipping_fee,
        total: required_money(o, "total", "")?,
    })
}

/// The shipping address is used when it has a street, else billing (shops that do not
/// ask for a separate one leave it blank).
fn delivery_to<'a>(shipping: Option<&'a Value>, billing: Option<&'a Value>) -> Option<&'a Value> {
    shipping
        .filter(|s| text(s, "address_1").is_some())
        .or(billing)
}

/// WooCommerce has no ward or district fields; Vietnamese plugins put them in `city`,
/// `address_2` or meta data (reference §10.2, unconfirmed practice). Read as:
/// `address_1` → line 1, `address_2` → ward, `city` → district, `state` → province. Shops
/// whose plugin does otherwise will see the intake's address problems.
fn address(shipping: Option<&Value>, billing: Option<&Value>) -> Address {
    let Some(a) = delivery_to(shipping, billing) else {
        return Address::default();
    };
    Address {
        line1: text(a, "address_1").unwrap_or_default(),
        ward: text(a, "address_2").unwrap_or_default(),
        district: text(a, "city").unwrap_or_default(),
        province: text(a, "state").unwrap_or_default(),
    }
}

/// Name from the shipping address, else billing. Phone from shipping (newer WooCommerce
/// adds one; unconfirmed in the v3 docs), else billing. User name: the billing e-mail,
/// else the customer id (0 means a guest, so no id).
fn buyer(o: &Value, shipping: Option<&Value>, billing: Option<&Value>) -> ChannelBuyer {
    let name = [shipping, billing]
        .into_iter()
        .flatten()
        .find_map(person_name)
        .unwrap_or_default();
    let phone = [shipping, billing]
        .into_iter()
        .flatten()
        .find_map(|a| text(a, "phone"))
        .unwrap_or_default();
    let username = billing
        .and_then(|b| text(b, "email"))
        .or_else(|| text(o, "customer_id").filter(|c| c != "0"))
        .unwrap_or_default();
    ChannelBuyer {
        username,
        name,
        phone,
    }
}
