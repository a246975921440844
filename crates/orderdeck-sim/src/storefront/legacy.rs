//! The Shopify-legacy REST shapes that Haravan and Sapo Web both mirror (reference §8,
//! §9): their refusals, a variant, and an order webhook's address and lines. Kept in one
//! place because the two platforms copy the same original; what each adds of its own
//! stays in `haravan.rs` and `sapo.rs`.

use std::collections::HashMap;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::{Buyer, Order, OrderLine, Variant, json_reply, query_int};

/// A wrong token or key. Neither platform's own wording is in the reference: this is the
/// Shopify-legacy sentence, an assumption.
pub(super) fn bad_credentials() -> Response {
    json_reply(
        StatusCode::UNAUTHORIZED,
        json!({ "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)" }),
    )
}

/// A call over the rate limit: 429 with `errors` and `Retry-After` in whole seconds.
pub(super) fn too_many_requests(errors: &str, wait_secs: u64) -> Response {
    let mut resp = json_reply(StatusCode::TOO_MANY_REQUESTS, json!({ "errors": errors }));
    if let Ok(v) = HeaderValue::from_str(&wait_secs.to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// `limit` (1–250, 50 when absent) and `page` (from 1) of a list call. Err: the words
/// for the platform's own 422 body.
pub(super) fn paging(q: &HashMap<String, String>) -> Result<(i64, i64), String> {
    let limit = query_int(q, "limit", 50, 1, 250)?;
    Ok((limit, query_int(q, "page", 1, 1, 100_000)?))
}

/// A variant's fields as both admin APIs list them. `management` is the platform's word
/// for stock it counts (`haravan`, `bizweb`); `quantity` is what the read shows.
pub(super) fn variant_json(product_id: i64, v: &Variant, management: &str, quantity: i64) -> Value {
    json!({
        "id": v.id,
        "product_id": product_id,
        "sku": v.sku,
        "barcode": null,
        "title": if v.title.is_empty() { "Default Title" } else { v.title.as_str() },
        "option1": v.title.split(" / ").next().filter(|s| !s.is_empty()).unwrap_or("Default Title"),
        "option2": v.title.split(" / ").nth(1),
        "option3": null,
        "price": v.price,
        "grams": v.grams,
        "inventory_management": if v.managed { management } else { "" },
        "inventory_policy": "deny",
        "inventory_quantity": quantity,
    })
}

/// A buyer's address in Vietnamese administrative units with their codes.
pub(super) fn address_json(b: &Buyer) -> Value {
    json!({
        "first_name": b.first, "last_name": b.last, "name": b.full_name(),
        "phone": b.phone, "address1": b.street, "address2": null,
        "ward": b.ward, "ward_code": b.ward_code,
        "district": b.district, "district_code": b.district_code,
        "province": b.province, "province_code": b.province_code,
        "city": b.province, "zip": null,
        "country": "Vietnam", "country_code": "VN",
    })
}

/// `financial_status`: an unpaid order that was cancelled is voided.
pub(super) fn financial_status(o: &Order) -> &'static str {
    match (o.paid(), o.cancelled_at.is_some()) {
        (true, _) => "paid",
        (false, true) => "voided",
        (false, false) => "pending",
    }
}

/// One order line; a product's one default variant has no `variant_title`.
pub(super) fn line_json(l: &OrderLine) -> Value {
    json!({
        "id": l.id, "product_id": l.product_id, "variant_id": l.variant_id, "sku": l.sku,
        "title": l.title, "variant_title": if l.variant_title.is_empty() { Value::Null } else { json!(l.variant_title) },
        "name": if l.variant_title.is_empty() { l.title.clone() } else { format!("{} - {}", l.title, l.variant_title) },
        "quantity": l.qty, "price": l.price, "grams": l.grams,
    })
}

/// `base` with `extra`'s fields added: a platform's own fields on top of the shared
/// shape (both are objects; anything else leaves `base` as it was).
pub(super) fn with_fields(mut base: Value, extra: Value) -> Value {
    if let (Some(map), Value::Object(extra)) = (base.as_object_mut(), extra) {
        map.extend(extra);
    }
    base
}
