//! Sapo Web's admin API under `/sapo` (reference §9.1, B3): HTTP Basic with the private
//! app's key and secret, 40 calls a rolling minute (429 + `Retry-After`; the figure is a
//! single source), `GET /admin/variants.json` and `GET`/`PUT /admin/variants/{id}.json`.
//!
//! Writing stock through `PUT /admin/variants/{id}.json` with `inventory_quantity` is the
//! reference's candidate (a), **unconfirmed** (B3): no official page says Sapo honours
//! it. The simulator does, so the client's chosen path can be exercised; a real store may
//! ignore it. The error bodies follow the Shopify-legacy shape Sapo Web mirrors (an
//! assumption): `{"errors": "Not Found"}`, `{"errors": {"field": ["…"]}}`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::{
    Order, SAPO_API_KEY, SAPO_API_SECRET, Variant, basic_auth, json_reply, page_range, query_int,
};
use crate::{SimState, lock};

pub(super) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/sapo/admin/variants.json", get(list))
        .route("/sapo/admin/variants/{id}", get(one).put(update))
}

fn gate(state: &SimState, headers: &HeaderMap) -> Result<(), Response> {
    let ok = basic_auth(headers)
        .is_some_and(|(user, pass)| user == SAPO_API_KEY && pass == SAPO_API_SECRET);
    if !ok {
        return Err(json_reply(
            StatusCode::UNAUTHORIZED,
            json!({ "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)" }),
        ));
    }
    let limits = state.storefronts.limits();
    let wait = lock(&state.storefronts.sapo)
        .pace
        .per_minute(&limits, Instant::now());
    if let Err(wait) = wait {
        let mut resp = json_reply(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "errors": "Exceeded 40 calls per minute for api client. Reduce request rates to resume uninterrupted service." }),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Err(resp);
    }
    Ok(())
}

fn variant_json(product_id: i64, v: &Variant) -> Value {
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
        "inventory_management": if v.managed { "bizweb" } else { "" },
        "inventory_policy": "deny",
        "inventory_quantity": v.total(),
    })
}

/// `{id}` is `123.json` on the wire.
fn path_id(raw: &str) -> Option<i64> {
    raw.strip_suffix(".json")?.parse().ok()
}

fn not_found() -> Response {
    json_reply(StatusCode::NOT_FOUND, json!({ "errors": "Not Found" }))
}

async fn list(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(r) = gate(&state, &headers) {
        return r;
    }
    let paging = query_int(&q, "limit", 50, 1, 250)
        .and_then(|limit| Ok((limit, query_int(&q, "page", 1, 1, 100_000)?)));
    let (limit, page) = match paging {
        Ok(p) => p,
        Err(e) => {
            return json_reply(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "errors": { "limit": [e] } }),
            );
        }
    };
    let store = lock(&state.storefronts.sapo);
    let all: Vec<Value> = store
        .products
        .iter()
        .flat_map(|p| p.variants.iter().map(|v| variant_json(p.id, v)))
        .collect();
    let range = page_range(all.len(), limit as usize, page as usize);
    json_reply(StatusCode::OK, json!({ "variants": all[range].to_vec() }))
}

async fn one(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(raw): Path<String>,
) -> Response {
    if let Err(r) = gate(&state, &headers) {
        return r;
    }
    let Some(id) = path_id(&raw) else {
        return not_found();
    };
    let mut store = lock(&state.storefronts.sapo);
    match store.variant_mut(id) {
        Some((v, pid)) => json_reply(StatusCode::OK, json!({ "variant": variant_json(pid, v) })),
        None => not_found(),
    }
}

async fn update(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(r) = gate(&state, &headers) {
        return r;
    }
    let Some(id) = path_id(&raw) else {
        return not_found();
    };
    let unprocessable = |field: &str, msg: &str| {
        json_reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "errors": { field: [msg] } }),
        )
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({ "errors": { "variant": ["Required parameter missing or invalid"] } }),
        );
    };
    let Some(variant) = v.get("variant").filter(|x| x.is_object()) else {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({ "errors": { "variant": ["Required parameter missing or invalid"] } }),
        );
    };
    match variant.get("id") {
        None => {}
        Some(x) if x.as_i64() == Some(id) => {}
        Some(_) => return unprocessable("id", "does not match the variant in the URL"),
    }
    let qty = match variant.get("inventory_quantity") {
        None => None,
        Some(x) => match x.as_i64() {
            Some(n) => Some(n),
            None => return unprocessable("inventory_quantity", "is not a number"),
        },
    };
    let management = match variant.get("inventory_management") {
        None => None,
        Some(Value::String(s)) if s == "bizweb" || s.is_empty() => Some(s == "bizweb"),
        Some(_) => {
            return unprocessable("inventory_management", "must be \"bizweb\" or \"\"");
        }
    };
    let mut store = lock(&state.storefronts.sapo);
    let Some((v, pid)) = store.variant_mut(id) else {
        return not_found();
    };
    if let Some(m) = management {
        v.managed = m;
    }
    if let Some(n) = qty {
        if !v.managed {
            // Shopify-legacy behaviour Sapo mirrors: a quantity needs tracked stock.
            return unprocessable(
                "inventory_quantity",
                "cannot be set when inventory_management is not \"bizweb\"",
            );
        }
        v.stock.clear();
        v.stock.insert(0, n);
    }
    json_reply(StatusCode::OK, json!({ "variant": variant_json(pid, v) }))
}

/// The Sapo Web order webhook body: the Shopify/Haravan order shape (§9.2; the exact
/// extra fields are not verified), money as numbers in VND. Sapo Web's address fields for
/// ward/district are assumed to be named as Haravan's (unconfirmed).
pub(super) fn order_json(o: &Order) -> Value {
    let b = &o.buyer;
    let address = json!({
        "first_name": b.first, "last_name": b.last, "name": b.full_name(),
        "phone": b.phone, "address1": b.street, "address2": null,
        "ward": b.ward, "ward_code": b.ward_code,
        "district": b.district, "district_code": b.district_code,
        "province": b.province, "province_code": b.province_code,
        "city": b.province, "zip": null,
        "country": "Vietnam", "country_code": "VN",
    });
    let financial = match (o.paid(), o.cancelled_at.is_some()) {
        (true, _) => "paid",
        (false, true) => "voided",
        (false, false) => "pending",
    };
    let gateway = if o.cod {
        "Thanh toán khi giao hàng (COD)"
    } else {
        "Chuyển khoản qua ngân hàng"
    };
    let line_items: Vec<Value> = o.lines.iter().map(|l| json!({
            "id": l.id, "product_id": l.product_id, "variant_id": l.variant_id, "sku": l.sku,
            "title": l.title, "variant_title": if l.variant_title.is_empty() { Value::Null } else { json!(l.variant_title) },
            "name": if l.variant_title.is_empty() { l.title.clone() } else { format!("{} - {}", l.title, l.variant_title) },
            "quantity": l.qty, "price": l.price, "grams": l.grams,
        })).collect::<Vec<_>>();
    json!({
        "id": o.id,
        "name": format!("#{}", o.number),
        "order_number": o.number,
        "number": o.number,
        "token": o.key,
        "email": b.email,
        "phone": b.phone,
        "created_on": o.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "modified_on": o.updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "created_at": o.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "updated_at": o.updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "cancelled_at": o.cancelled_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        "cancel_reason": o.cancelled_at.map(|_| "customer"),
        "financial_status": financial,
        "fulfillment_status": null,
        "gateway": gateway,
        "payment_gateway_names": [gateway],
        "currency": "VND",
        "total_price": o.total(),
        "subtotal_price": o.subtotal() - o.discount,
        "total_discounts": o.discount,
        "total_line_items_price": o.subtotal(),
        "source_name": "web",
        "line_items": line_items,
        "shipping_address": address,
        "billing_address": address,
        "shipping_lines": [{"code": "standard", "title": "Giao hàng tiêu chuẩn", "price": o.shipping_fee}],
        "discount_codes": if o.discount > 0 { json!([{"code": "GIAM", "amount": o.discount, "type": "fixed_amount"}]) } else { json!([]) },
        "customer": {"id": 9_000_000 + o.id % 100_000, "email": b.email, "phone": b.phone,
                     "first_name": b.first, "last_name": b.last},
        "note": o.note,
        "note_attributes": [],
    })
}
