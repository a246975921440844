//! Haravan's commerce API under `/haravan` (reference §8.1, §8.3, B2): Bearer token,
//! the leaky bucket (80 calls, 4 leak a second) reported in `X-Haravan-Api-Call-Limit`
//! on every answer and 429 + `Retry-After` on overflow; products with their variants,
//! locations, and stock written by `POST /com/inventories/adjustorset.json`.
//!
//! The error bodies of Haravan's API are not in the reference: the simulator answers in
//! the Shopify-legacy shape Haravan's API mirrors (`{"errors": …}`), an assumption.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::{HARAVAN_LOCATIONS, HARAVAN_TOKEN, Order, Store, json_reply, legacy, page_range};
use crate::{SimState, lock};

/// Items in one adjustorset call. The docs say both 100 and 200 (B2, a conflict): the
/// simulator holds callers to the stricter 100.
const MAX_LINE_ITEMS: usize = 100;
const REASONS: [&str; 7] = [
    "newproduct",
    "returned",
    "productionofgoods",
    "damaged",
    "shrinkage",
    "promotion",
    "transfer",
];

pub(super) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/haravan/com/products.json", get(products))
        .route("/haravan/com/locations.json", get(locations))
        .route(
            "/haravan/com/inventories/adjustorset.json",
            post(adjust_or_set),
        )
}

fn with_limit_header(mut resp: Response, level: f64, cap: u32) -> Response {
    if let Ok(v) = HeaderValue::from_str(&format!("{}/{cap}", level.ceil() as i64)) {
        resp.headers_mut().insert("x-haravan-api-call-limit", v);
    }
    resp
}

/// Auth, then the bucket. Err: the answer to give instead.
fn gate(state: &SimState, headers: &HeaderMap) -> Result<(f64, u32), Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("Bearer "))
        .map(str::trim);
    if token != Some(HARAVAN_TOKEN) {
        return Err(legacy::bad_credentials());
    }
    let limits = state.storefronts.limits();
    let mut store = lock(&state.storefronts.haravan);
    match store.pace.leaky(&limits, Instant::now()) {
        Ok(level) => Ok((level, limits.haravan_bucket)),
        Err(wait) => {
            let level = store.pace.level();
            drop(store);
            let resp = legacy::too_many_requests(
                "Exceeded 80 calls per second for api client. Reduce request rates to resume uninterrupted service.",
                wait,
            );
            Err(with_limit_header(resp, level, limits.haravan_bucket))
        }
    }
}

/// The shared variant with Haravan's own two fields; the quantity is the primary
/// location's, where stock is set.
fn variant_json(store: &Store, product_id: i64, v: &super::Variant) -> Value {
    let quantity = v.stock.get(&store.primary_location()).copied().unwrap_or(0);
    legacy::with_fields(
        legacy::variant_json(product_id, v, "haravan", quantity),
        json!({ "compare_at_price": 0, "requires_shipping": true }),
    )
}

async fn products(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (level, cap) = match gate(&state, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (limit, page) = match legacy::paging(&q) {
        Ok(p) => p,
        Err(e) => {
            return with_limit_header(
                json_reply(StatusCode::UNPROCESSABLE_ENTITY, json!({ "errors": e })),
                level,
                cap,
            );
        }
    };
    let store = lock(&state.storefronts.haravan);
    let range = page_range(store.products.len(), limit as usize, page as usize);
    let list: Vec<Value> = store.products[range]
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "title": p.title,
                "body_html": "",
                "vendor": "Nhà Xinh",
                "product_type": "",
                "handle": p.title.to_lowercase().replace(' ', "-"),
                "published": true,
                "created_at": p.created.to_rfc3339(),
                "updated_at": p.updated.to_rfc3339(),
                "options": p.options.iter().enumerate().map(|(i, o)| json!({"name": o, "position": i + 1})).collect::<Vec<_>>(),
                "variants": p.variants.iter().map(|v| variant_json(&store, p.id, v)).collect::<Vec<_>>(),
            })
        })
        .collect();
    drop(store);
    with_limit_header(
        json_reply(StatusCode::OK, json!({ "products": list })),
        level,
        cap,
    )
}

async fn locations(State(state): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let (level, cap) = match gate(&state, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let list = json!([
        {"id": HARAVAN_LOCATIONS[0], "name": "Kho chính", "is_primary": true, "type": "default",
         "is_unavailable_quantity": false, "province": "Hồ Chí Minh", "province_code": "79",
         "district": "Quận 7", "district_code": "778", "ward": "Phường Tân Phong", "ward_code": "27478"},
        {"id": HARAVAN_LOCATIONS[1], "name": "Cửa hàng Quận 3", "is_primary": false, "type": "default",
         "is_unavailable_quantity": false, "province": "Hồ Chí Minh", "province_code": "79",
         "district": "Quận 3", "district_code": "770", "ward": "Phường Võ Thị Sáu", "ward_code": "27139"},
    ]);
    with_limit_header(
        json_reply(StatusCode::OK, json!({ "locations": list })),
        level,
        cap,
    )
}

fn unprocessable(field: &str, message: &str) -> Response {
    json_reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({ "errors": { field: [message] } }),
    )
}

/// The reference lists not-found among the 403 answers of this endpoint (B2).
fn not_found(what: &str) -> Response {
    json_reply(
        StatusCode::FORBIDDEN,
        json!({ "errors": format!("{what} not found") }),
    )
}

/// A checked line item: (product, variant, quantity).
type LineItem = (i64, i64, i64);

fn check_body(raw: &[u8]) -> Result<(i64, bool, String, String, Vec<LineItem>), Response> {
    let v: Value = serde_json::from_slice(raw)
        .map_err(|e| unprocessable("inventory", &format!("body is not JSON: {e}")))?;
    let inv = v
        .get("inventory")
        .filter(|i| i.is_object())
        .ok_or_else(|| unprocessable("inventory", "is required"))?;
    let location = inv
        .get("location_id")
        .and_then(Value::as_i64)
        .ok_or_else(|| unprocessable("location_id", "is required and must be a number"))?;
    let set = match inv.get("type") {
        None | Some(Value::Null) => false, // adjust is the default
        Some(Value::String(t)) if t == "adjust" => false,
        Some(Value::String(t)) if t == "set" => true,
        Some(other) => {
            return Err(unprocessable(
                "type",
                &format!("must be \"adjust\" or \"set\", not {other}"),
            ));
        }
    };
    let reason = match inv.get("reason") {
        None | Some(Value::Null) => "newproduct".to_string(),
        Some(Value::String(r)) if REASONS.contains(&r.as_str()) => r.clone(),
        Some(other) => {
            return Err(unprocessable(
                "reason",
                &format!("must be one of {}, not {other}", REASONS.join(", ")),
            ));
        }
    };
    let note = match inv.get("note") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(n)) => n.clone(),
        Some(_) => return Err(unprocessable("note", "must be a string")),
    };
    let items = inv
        .get("line_items")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| unprocessable("line_items", "must be a non-empty list"))?;
    if items.len() > MAX_LINE_ITEMS {
        return Err(unprocessable(
            "line_items",
            &format!(
                "at most {MAX_LINE_ITEMS} items per request, not {}",
                items.len()
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| {
            item.get(name).and_then(Value::as_i64).ok_or_else(|| {
                unprocessable(
                    &format!("line_items[{i}].{name}"),
                    "is required and must be a whole number",
                )
            })
        };
        let qty = field("quantity")?;
        if set && qty < 0 {
            return Err(unprocessable(
                &format!("line_items[{i}].quantity"),
                "cannot be negative when setting",
            ));
        }
        out.push((field("product_id")?, field("product_variant_id")?, qty));
    }
    Ok((location, set, reason, note, out))
}

async fn adjust_or_set(
    State(state): State<Arc<SimState>>,
    headers: HeaderMap,
    raw: Bytes,
) -> Response {
    let (level, cap) = match gate(&state, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let answer = apply(&state, &raw);
    with_limit_header(answer, level, cap)
}

fn apply(state: &SimState, raw: &[u8]) -> Response {
    let (location, set, reason, note, items) = match check_body(raw) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !HARAVAN_LOCATIONS.contains(&location) {
        return not_found(&format!("location {location}"));
    }
    let mut store = lock(&state.storefronts.haravan);
    // Everything is checked before anything changes.
    for (pid, vid, _) in &items {
        let owner = store
            .products
            .iter()
            .find(|p| p.variants.iter().any(|v| v.id == *vid))
            .map(|p| p.id);
        match owner {
            None => return not_found(&format!("variant {vid}")),
            Some(o) if o != *pid => {
                return unprocessable(
                    "product_variant_id",
                    &format!("variant {vid} does not belong to product {pid}"),
                );
            }
            Some(_) => {}
        }
    }
    let mut lines = Vec::new();
    let mut total = 0;
    for (pid, vid, qty) in &items {
        let Some((v, _)) = store.variant_mut(*vid) else {
            continue;
        };
        let before = v.stock.get(&location).copied().unwrap_or(0);
        let after = if set { *qty } else { before + qty };
        if after == before && set {
            continue;
        }
        v.stock.insert(location, after);
        v.managed = true;
        total += after - before;
        lines.push(json!({
            "product_id": pid, "product_variant_id": vid, "quantity": after - before,
            "qty_onhand_before": before, "qty_onhand_after": after,
        }));
    }
    if lines.is_empty() {
        // B2: a set that changes nothing answers an empty inventory.
        return json_reply(StatusCode::OK, json!({ "inventory": [] }));
    }
    store.adjustments += 1;
    let n = store.adjustments;
    drop(store);
    json_reply(
        StatusCode::OK,
        json!({ "inventory": {
            "id": 5_000_000 + n,
            "adjust_number": format!("IA{n:06}"),
            "tran_date": chrono::Utc::now().to_rfc3339(),
            "location_id": location,
            "total_quantity": total,
            "reason": reason,
            "note": note,
            "total_cost": 0,
            "line_items": lines,
        }}),
    )
}

/// The order webhook body (§8.3): money as numbers in VND, the address in Vietnamese
/// administrative units with their codes, COD told by `gateway_code`.
pub(super) fn order_json(o: &Order) -> Value {
    let b = &o.buyer;
    let address = legacy::with_fields(legacy::address_json(b), json!({ "company": null }));
    let (gateway, gateway_code) = if o.cod {
        ("Thanh toán khi giao hàng (COD)", "COD")
    } else {
        // The code of an online gateway is not in the reference; VNPAY is common.
        ("Thanh toán online qua VNPAY", "VNPAY")
    };
    let financial = legacy::financial_status(o);
    let line_items: Vec<Value> = o
        .lines
        .iter()
        .map(|l| legacy::with_fields(legacy::line_json(l), json!({ "price_original": l.price })))
        .collect();
    json!({
        "id": o.id,
        "name": format!("#{}", o.number),
        "order_number": format!("#{}", o.number),
        "number": o.number,
        "email": b.email,
        "phone": b.phone,
        "created_at": o.created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "updated_at": o.updated.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "cancelled_at": o.cancelled_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        "financial_status": financial,
        "fulfillment_status": null,
        "gateway": gateway,
        "gateway_code": gateway_code,
        "currency": "VND",
        "total_price": o.total(),
        "subtotal_price": o.subtotal() - o.discount,
        "total_discounts": o.discount,
        "total_line_items_price": o.subtotal(),
        "total_weight": o.lines.iter().map(|l| l.grams * l.qty).sum::<i64>(),
        "source_name": "web",
        "line_items": line_items,
        "shipping_address": address,
        "billing_address": address,
        "shipping_lines": [{"code": "Giao hàng tiêu chuẩn", "title": "Giao hàng tiêu chuẩn", "price": o.shipping_fee, "source": "haravan"}],
        "discount_codes": if o.discount > 0 { json!([{"code": "GIAM", "amount": o.discount, "type": "fixed_amount"}]) } else { json!([]) },
        "customer": {"id": 7_000_000 + o.id % 100_000, "email": b.email, "phone": b.phone,
                     "first_name": b.first, "last_name": b.last},
        "note": o.note,
        "note_attributes": [],
        "cancel_reason": o.cancelled_at.map(|_| "customer"),
        "cancelled_status": if o.cancelled_at.is_some() { "cancelled" } else { "uncancelled" },
        "confirmed_status": "confirmed",
        "closed_status": "unclosed",
    })
}
