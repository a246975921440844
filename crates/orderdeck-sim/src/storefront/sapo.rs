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
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::{
    Order, SAPO_API_KEY, SAPO_API_SECRET, Variant, basic_auth, json_reply, legacy, page_range,
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
        return Err(legacy::bad_credentials());
    }
    let limits = state.storefronts.limits();
    let wait = lock(&state.storefronts.sapo)
        .pace
        .per_minute(&limits, Instant::now());
    wait.map_err(|wait| {
        legacy::too_many_requests(
            "Exceeded 40 calls per minute for api client. Reduce request rates to resume uninterrupted service.",
            wait,
        )
    })
}

/// A single-location shop: the quantity is the variant's whole stock.
fn variant_json(product_id: i64, v: &Variant) -> Value {
    legacy::variant_json(product_id, v, "bizweb", v.total())
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
    let (limit, page) = match legacy::paging(&q) {
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
    let address = legacy::address_json(b);
    let financial = legacy::financial_status(o);
    let gateway = if o.cod {
        "Thanh toán khi giao hàng (COD)"
    } else {
        "Chuyển khoản qua ngân hàng"
    };
    let line_items: Vec<Value> = o.lines.iter().map(legacy::line_json).collect();
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
