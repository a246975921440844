//! WooCommerce's REST API v3 under `/woo/wp-json/wc/v3` (reference §10.3, B1): HTTP Basic
//! with the consumer key and secret (or the `consumer_key`/`consumer_secret` query),
//! errors as `{"code","message","data":{"status"}}`.
//!
//! - `GET /products` (`per_page` 1–100, `page`, `sku`; `X-WP-Total`, `X-WP-TotalPages`,
//!   `Link`), `GET /products/{id}`, `GET /products/{id}/variations` (the same paging).
//! - `PUT /products/{id}`, `PUT /products/{id}/variations/{vid}`, and the two `batch`
//!   calls: `stock_quantity` is written only when the product or variation manages stock
//!   after the update (`manage_stock: true` in the same request, or already so);
//!   otherwise it is cleared. A variation of another product: `woocommerce_rest_cannot_edit`
//!   "Parent product does not match current variation."; an unknown id:
//!   `woocommerce_rest_product_invalid_id` (the batch answers 200 with the error in the
//!   entry); more than 100 objects in a batch: 413 `woocommerce_rest_request_entity_too_large`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{
    Order, Product, Store, Variant, WOO_CONSUMER_KEY, WOO_CONSUMER_SECRET, basic_auth, json_reply,
    page_range,
};
use crate::{SimState, lock};

const BASE: &str = "/woo/wp-json/wc/v3";

pub(super) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route(&format!("{BASE}/orders"), get(list_orders))
        .route(&format!("{BASE}/products"), get(list_products))
        .route(&format!("{BASE}/products/batch"), post(batch_products))
        .route(
            &format!("{BASE}/products/{{id}}"),
            get(one_product).put(put_product),
        )
        .route(
            &format!("{BASE}/products/{{id}}/variations"),
            get(list_variations),
        )
        .route(
            &format!("{BASE}/products/{{id}}/variations/batch"),
            post(batch_variations),
        )
        .route(
            &format!("{BASE}/products/{{id}}/variations/{{vid}}"),
            get(one_variation).put(put_variation),
        )
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_reply(
        status,
        json!({ "code": code, "message": message, "data": { "status": status.as_u16() } }),
    )
}

fn error_value(status: u16, code: &str, message: &str) -> Value {
    json!({ "code": code, "message": message, "data": { "status": status } })
}

/// The consumer key and secret, from Basic auth or the query.
fn gate(method: &Method, headers: &HeaderMap, q: &HashMap<String, String>) -> Result<(), Response> {
    let creds = basic_auth(headers).or_else(|| {
        Some((
            q.get("consumer_key")?.clone(),
            q.get("consumer_secret")?.clone(),
        ))
    });
    match creds {
        None => {
            // Not logged in: WordPress answers as to a visitor without the capability.
            let (code, message) = if method == Method::GET {
                (
                    "woocommerce_rest_cannot_view",
                    "Sorry, you cannot list resources.",
                )
            } else {
                (
                    "woocommerce_rest_cannot_edit",
                    "Sorry, you are not allowed to edit this resource.",
                )
            };
            Err(error(StatusCode::UNAUTHORIZED, code, message))
        }
        Some((key, _)) if key != WOO_CONSUMER_KEY => Err(error(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_authentication_error",
            "Consumer key is invalid.",
        )),
        Some((_, secret)) if secret != WOO_CONSUMER_SECRET => Err(error(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_authentication_error",
            "Consumer secret is invalid.",
        )),
        Some(_) => Ok(()),
    }
}

fn stock_status(v: &Variant) -> &'static str {
    if !v.managed || v.total() > 0 {
        "instock"
    } else {
        "outofstock"
    }
}

fn product_json(p: &Product) -> Value {
    let simple = p.simple.then(|| &p.variants[..]).and_then(|v| v.first());
    json!({
        "id": p.id,
        "name": p.title,
        "slug": p.title.to_lowercase().replace(' ', "-"),
        "type": if p.simple { "simple" } else { "variable" },
        "status": "publish",
        "sku": simple.map(|v| v.sku.clone()).unwrap_or_default(),
        "price": simple.map(|v| v.price.to_string()).unwrap_or_default(),
        "regular_price": simple.map(|v| v.price.to_string()).unwrap_or_default(),
        "date_created": woo_local(p.created),
        "date_created_gmt": woo_gmt(p.created),
        "date_modified": woo_local(p.updated),
        "date_modified_gmt": woo_gmt(p.updated),
        "manage_stock": simple.is_some_and(|v| v.managed),
        "stock_quantity": simple.filter(|v| v.managed).map(Variant::total),
        "stock_status": simple.map(stock_status).unwrap_or("instock"),
        "backorders": "no",
        "attributes": p.options.iter().enumerate().map(|(i, o)| json!({
            "id": 0, "name": o, "position": i, "visible": true, "variation": true,
            "options": p.variants.iter().filter_map(|v| v.title.split(" / ").nth(i)).collect::<std::collections::BTreeSet<_>>(),
        })).collect::<Vec<_>>(),
        "variations": if p.simple { vec![] } else { p.variants.iter().map(|v| v.id).collect() },
    })
}

fn variation_json(p: &Product, v: &Variant) -> Value {
    json!({
        "id": v.id,
        "parent_id": p.id,
        "sku": v.sku,
        "price": v.price.to_string(),
        "regular_price": v.price.to_string(),
        "status": "publish",
        "manage_stock": v.managed,
        "stock_quantity": v.managed.then(|| v.total()),
        "stock_status": stock_status(v),
        "backorders": "no",
        "weight": format!("{:.2}", v.grams as f64 / 1000.0),
        "attributes": p.options.iter().zip(v.title.split(" / ")).map(|(n, o)| json!({"id": 0, "name": n, "option": o})).collect::<Vec<_>>(),
    })
}

/// `per_page` and `page` as WordPress checks them.
/// A list request: its credentials checked, then its paging read.
fn listing(
    method: &Method,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
) -> Result<(usize, usize), Response> {
    gate(method, headers, q)?;
    paging(q)
}

fn paging(q: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let bad = |name: &str, msg: &str| {
        json_reply(
            StatusCode::BAD_REQUEST,
            json!({ "code": "rest_invalid_param", "message": format!("Invalid parameter(s): {name}"),
                    "data": { "status": 400, "params": { name: msg }, "details": {} } }),
        )
    };
    let per_page = match q.get("per_page").map(|s| s.trim().parse::<i64>()) {
        None => 10,
        Some(Ok(n)) if (1..=100).contains(&n) => n as usize,
        Some(_) => {
            return Err(bad(
                "per_page",
                "per_page must be between 1 (inclusive) and 100 (inclusive)",
            ));
        }
    };
    let page = match q.get("page").map(|s| s.trim().parse::<i64>()) {
        None => 1,
        Some(Ok(n)) if n >= 1 => n as usize,
        Some(_) => return Err(bad("page", "page must be greater than or equal to 1")),
    };
    Ok((per_page, page))
}

fn paged(list: Vec<Value>, per_page: usize, page: usize, url: &str) -> Response {
    let total = list.len();
    let pages = total.div_ceil(per_page);
    let range = page_range(total, per_page, page);
    let mut resp = json_reply(StatusCode::OK, Value::Array(list[range].to_vec()));
    let h = resp.headers_mut();
    for (name, value) in [
        ("x-wp-total", total.to_string()),
        ("x-wp-totalpages", pages.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    if page < pages
        && let Ok(v) = HeaderValue::from_str(&format!(
            "<{url}?per_page={per_page}&page={}>; rel=\"next\"",
            page + 1
        ))
    {
        h.insert("link", v);
    }
    resp
}

fn invalid_product() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "woocommerce_rest_product_invalid_id",
        "Invalid ID.",
    )
}

async fn list_products(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (per_page, page) = match listing(&method, &headers, &q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sku = q.get("sku").map(|s| s.trim().to_string());
    let store = lock(&state.storefronts.woo);
    // `?sku=` matches a product's own SKU; a variation's SKU finds its parent only through
    // the variations list (B1).
    let list: Vec<Value> = store
        .products
        .iter()
        .filter(|p| match &sku {
            None => true,
            Some(s) => p.simple && p.variants.first().is_some_and(|v| v.sku == *s),
        })
        .map(product_json)
        .collect();
    paged(list, per_page, page, &format!("{BASE}/products"))
}

/// `GET /orders` (REST v3): `modified_after` / `modified_before` (ISO 8601; with
/// `dates_are_gmt=true` read as UTC, as a client that knows its zone sends them; without
/// it the site's local time, which here is UTC too), `include` (ids, comma-separated),
/// `orderby=modified|date|id`, `order=asc|desc`, paged like every list.
async fn list_orders(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (per_page, page) = match listing(&method, &headers, &q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let when = |name: &str| -> Result<Option<DateTime<Utc>>, Response> {
        let Some(raw) = q.get(name).map(|s| s.trim()) else {
            return Ok(None);
        };
        let parsed = DateTime::parse_from_rfc3339(raw)
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S").map(|t| t.and_utc())
            });
        match parsed {
            Ok(t) => Ok(Some(t)),
            Err(_) => Err(error(
                StatusCode::BAD_REQUEST,
                "rest_invalid_param",
                &format!("Invalid parameter(s): {name}"),
            )),
        }
    };
    let (after, before) = match (when("modified_after"), when("modified_before")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let include: Option<Vec<i64>> = q
        .get("include")
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect());
    let site = state.storefronts.site_url();
    let store = lock(&state.storefronts.woo);
    let mut orders: Vec<&Order> = store
        .orders
        .values()
        .filter(|o| after.is_none_or(|t| o.updated > t))
        .filter(|o| before.is_none_or(|t| o.updated <= t))
        .filter(|o| include.as_ref().is_none_or(|ids| ids.contains(&o.id)))
        .collect();
    match q.get("orderby").map(String::as_str) {
        Some("modified") => orders.sort_by_key(|o| (o.updated, o.id)),
        Some("id") => orders.sort_by_key(|o| o.id),
        _ => orders.sort_by_key(|o| (o.created, o.id)),
    }
    if q.get("order").map(String::as_str) != Some("asc") {
        orders.reverse();
    }
    let list = orders.iter().map(|o| order_json(o, &site)).collect();
    paged(list, per_page, page, &format!("{BASE}/orders"))
}

fn product_by_id(store: &Store, id: &str) -> Option<usize> {
    let id: i64 = id.trim().parse().ok()?;
    store.products.iter().position(|p| p.id == id)
}

async fn one_product(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = gate(&method, &headers, &q) {
        return r;
    }
    let store = lock(&state.storefronts.woo);
    match product_by_id(&store, &id) {
        Some(i) => json_reply(StatusCode::OK, product_json(&store.products[i])),
        None => invalid_product(),
    }
}

async fn list_variations(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path(id): Path<String>,
) -> Response {
    let (per_page, page) = match listing(&method, &headers, &q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let sku = q.get("sku").map(|s| s.trim().to_string());
    let store = lock(&state.storefronts.woo);
    let Some(i) = product_by_id(&store, &id) else {
        return invalid_product();
    };
    let p = &store.products[i];
    let list: Vec<Value> = if p.simple {
        Vec::new()
    } else {
        p.variants
            .iter()
            .filter(|v| sku.as_ref().is_none_or(|s| v.sku == *s))
            .map(|v| variation_json(p, v))
            .collect()
    };
    paged(
        list,
        per_page,
        page,
        &format!("{BASE}/products/{}/variations", p.id),
    )
}

async fn one_variation(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path((id, vid)): Path<(String, String)>,
) -> Response {
    if let Err(r) = gate(&method, &headers, &q) {
        return r;
    }
    let store = lock(&state.storefronts.woo);
    let Some(i) = product_by_id(&store, &id) else {
        return invalid_product();
    };
    let p = &store.products[i];
    let vid: i64 = vid.trim().parse().unwrap_or(-1);
    match p.variants.iter().find(|v| v.id == vid && !p.simple) {
        Some(v) => json_reply(StatusCode::OK, variation_json(p, v)),
        None => error(
            StatusCode::NOT_FOUND,
            "woocommerce_rest_product_variation_invalid_id",
            "Invalid ID.",
        ),
    }
}

/// What one update entry asks: (manage_stock, stock_quantity: None absent, Some(None)
/// null).
type StockUpdate = (Option<bool>, Option<Option<i64>>);

/// Checks an update's fields as the REST schema does (`rest_invalid_param`).
fn read_update(entry: &Value) -> Result<StockUpdate, Value> {
    let invalid = |name: &str, msg: &str| {
        json!({ "code": "rest_invalid_param", "message": format!("Invalid parameter(s): {name}"),
                "data": { "status": 400, "params": { name: msg } } })
    };
    if !entry.is_object() {
        return Err(invalid("update", "each entry must be an object"));
    }
    let manage = match entry.get("manage_stock") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(invalid(
                "manage_stock",
                "manage_stock is not of type boolean.",
            ));
        }
    };
    let qty = match entry.get("stock_quantity") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => match v.as_i64() {
            Some(n) => Some(Some(n)),
            None => {
                return Err(invalid(
                    "stock_quantity",
                    "stock_quantity is not of type integer.",
                ));
            }
        },
    };
    if let Some(Value::String(s)) = entry.get("stock_status")
        && !["instock", "outofstock", "onbackorder"].contains(&s.as_str())
    {
        return Err(invalid(
            "stock_status",
            "stock_status is not one of instock, outofstock, and onbackorder.",
        ));
    }
    Ok((manage, qty))
}

/// The stock rule of the v2/v3 controllers (B1): the quantity is written only if the
/// object manages stock after the update; otherwise it is cleared.
fn apply_update(v: &mut Variant, (manage, qty): StockUpdate) {
    if let Some(m) = manage {
        v.managed = m;
    }
    if !v.managed {
        v.stock.clear();
        return;
    }
    if let Some(q) = qty {
        v.stock.clear();
        v.stock.insert(0, q.unwrap_or(0));
    }
}

/// Updates a simple product's stock; Err: the entry's error.
fn update_product(store: &mut Store, id: i64, upd: StockUpdate) -> Result<Value, Value> {
    let p = store
        .products
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(|| error_value(400, "woocommerce_rest_product_invalid_id", "Invalid ID."))?;
    p.updated = Utc::now();
    if p.simple
        && let Some(v) = p.variants.first_mut()
    {
        apply_update(v, upd);
    }
    // A variable product's own stock (parent-managed variations) is not modelled: the
    // seeded variations all manage their own.
    Ok(product_json(p))
}

/// A batch entry's answer for a variation id the store does not have.
fn invalid_variation_entry() -> Value {
    error_value(
        400,
        "woocommerce_rest_product_variation_invalid_id",
        "Invalid ID.",
    )
}

fn update_variation(
    store: &mut Store,
    product_id: i64,
    vid: i64,
    upd: StockUpdate,
) -> Result<Value, Value> {
    let owner = store
        .products
        .iter()
        .position(|p| !p.simple && p.variants.iter().any(|v| v.id == vid));
    let Some(i) = owner else {
        return Err(invalid_variation_entry());
    };
    if store.products[i].id != product_id {
        return Err(error_value(
            400,
            "woocommerce_rest_cannot_edit",
            "Parent product does not match current variation.",
        ));
    }
    let p = &mut store.products[i];
    p.updated = Utc::now();
    let Some(v) = p.variants.iter_mut().find(|v| v.id == vid) else {
        return Err(invalid_variation_entry());
    };
    apply_update(v, upd);
    let v = v.clone();
    Ok(variation_json(&store.products[i], &v))
}

fn parse_body(raw: &[u8]) -> Result<Value, Response> {
    serde_json::from_slice::<Value>(raw)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                "rest_invalid_json",
                "Invalid JSON body passed.",
            )
        })
}

/// A single `PUT`'s checks in the order WordPress makes them: the credentials, then the
/// JSON body, then the update's fields. Err: the answer to give instead.
fn checked_update(
    method: &Method,
    headers: &HeaderMap,
    q: &HashMap<String, String>,
    raw: &[u8],
) -> Result<StockUpdate, Response> {
    gate(method, headers, q)?;
    let body = parse_body(raw)?;
    read_update(&body).map_err(|e| json_reply(StatusCode::BAD_REQUEST, e))
}

async fn put_product(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Response {
    let upd = match checked_update(&method, &headers, &q, &raw) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(id) = id.trim().parse::<i64>() else {
        return invalid_product();
    };
    let mut store = lock(&state.storefronts.woo);
    match update_product(&mut store, id, upd) {
        Ok(v) => json_reply(StatusCode::OK, v),
        Err(_) => invalid_product(),
    }
}

async fn put_variation(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path((id, vid)): Path<(String, String)>,
    raw: Bytes,
) -> Response {
    let upd = match checked_update(&method, &headers, &q, &raw) {
        Ok(u) => u,
        Err(r) => return r,
    };
    let (Ok(id), Ok(vid)) = (id.trim().parse::<i64>(), vid.trim().parse::<i64>()) else {
        return invalid_product();
    };
    let mut store = lock(&state.storefronts.woo);
    match update_variation(&mut store, id, vid, upd) {
        Ok(v) => json_reply(StatusCode::OK, v),
        Err(e) => {
            let status = e
                .pointer("/data/status")
                .and_then(Value::as_u64)
                .and_then(|s| StatusCode::from_u16(u16::try_from(s).ok()?).ok())
                .unwrap_or(StatusCode::BAD_REQUEST);
            json_reply(status, e)
        }
    }
}

/// The batch envelope: checks the item limit, then runs each update; `create` and
/// `delete` are refused per entry (the simulator's catalogue is fixed).
fn batch(
    state: &SimState,
    raw: &[u8],
    mut update: impl FnMut(&mut Store, i64, StockUpdate) -> Result<Value, Value>,
) -> Response {
    let body = match parse_body(raw) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let list = |k: &str| -> Vec<Value> {
        body.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (creates, updates, deletes) = (list("create"), list("update"), list("delete"));
    let limit = state.storefronts.limits().woo_batch_max;
    if creates.len() + updates.len() + deletes.len() > limit {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "woocommerce_rest_request_entity_too_large",
            &format!("Unable to accept more than {limit} items for this request."),
        );
    }
    let mut store = lock(&state.storefronts.woo);
    let refused = |v: &Value| {
        json!({ "id": v.get("id").cloned().unwrap_or(json!(0)),
                "error": error_value(400, "woocommerce_rest_cannot_create", "The simulator's catalogue is fixed.") })
    };
    let mut out = serde_json::Map::new();
    if !creates.is_empty() {
        out.insert(
            "create".into(),
            Value::Array(creates.iter().map(refused).collect()),
        );
    }
    if !updates.is_empty() {
        let answers = updates
            .iter()
            .map(|entry| {
                let id = entry.get("id").and_then(Value::as_i64);
                let result = match (id, read_update(entry)) {
                    (None, _) => Err(error_value(
                        400,
                        "woocommerce_rest_product_invalid_id",
                        "Invalid ID.",
                    )),
                    (_, Err(e)) => Err(e),
                    (Some(id), Ok(u)) => update(&mut store, id, u),
                };
                match result {
                    Ok(v) => v,
                    Err(e) => json!({ "id": id.unwrap_or(0), "error": e }),
                }
            })
            .collect();
        out.insert("update".into(), Value::Array(answers));
    }
    if !deletes.is_empty() {
        out.insert(
            "delete".into(),
            Value::Array(deletes.iter().map(refused).collect()),
        );
    }
    json_reply(StatusCode::OK, Value::Object(out))
}

async fn batch_products(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    raw: Bytes,
) -> Response {
    if let Err(r) = gate(&method, &headers, &q) {
        return r;
    }
    batch(&state, &raw, update_product)
}

async fn batch_variations(
    State(state): State<Arc<SimState>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Path(id): Path<String>,
    raw: Bytes,
) -> Response {
    if let Err(r) = gate(&method, &headers, &q) {
        return r;
    }
    let product_id = {
        let store = lock(&state.storefronts.woo);
        match product_by_id(&store, &id) {
            Some(i) => store.products[i].id,
            None => return invalid_product(),
        }
    };
    batch(&state, &raw, |store, vid, upd| {
        update_variation(store, product_id, vid, upd)
    })
}

/// WooCommerce dates: ISO 8601 without a zone; the plain ones in the site's time zone
/// (Vietnam, UTC+7), the `_gmt` ones in UTC.
fn woo_local(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

fn woo_gmt(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The order webhook body: the v3 REST order (§10.2), totals as strings (VND, no
/// decimals). WooCommerce has no ward/district fields: as Vietnamese shops' plugins do
/// (practice, unconfirmed), the ward goes in `address_2`, the district in `city`, the
/// province in `state`.
pub(super) fn order_json(o: &Order, site: &str) -> Value {
    let b = &o.buyer;
    let status = match (o.cancelled_at, o.paid(), o.cod) {
        (Some(_), _, _) => "cancelled",
        // A COD order paid means delivered and the money in: done.
        (None, true, true) => "completed",
        (None, true, false) => "processing",
        // COD orders go to processing at once (the cod gateway does so).
        (None, false, true) => "processing",
        (None, false, false) => "pending",
    };
    // The discount spread over the lines (`total` is after discount), the rest on the last.
    let subtotal = o.subtotal().max(1);
    let mut left = o.discount.min(o.subtotal());
    let n = o.lines.len();
    let lines: Vec<Value> = o
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let sub = l.price * l.qty;
            let off = if i + 1 == n {
                left
            } else {
                (o.discount.min(o.subtotal()) * sub / subtotal).min(left)
            };
            left -= off;
            json!({
                "id": l.id, "name": if l.variant_title.is_empty() { l.title.clone() } else { format!("{} - {}", l.title, l.variant_title) },
                "product_id": l.product_id.unwrap_or(0),
                "variation_id": match (l.product_id, l.variant_id) {
                    (Some(p), Some(v)) if p != v => v,
                    _ => 0,
                },
                "quantity": l.qty, "tax_class": "",
                "subtotal": sub.to_string(), "subtotal_tax": "0",
                "total": (sub - off).to_string(), "total_tax": "0", "taxes": [],
                "meta_data": [], "sku": l.sku, "price": l.price,
                "parent_name": if l.variant_title.is_empty() { Value::Null } else { json!(l.title) },
            })
        })
        .collect();
    let (method, title) = if o.cod {
        ("cod", "Trả tiền mặt khi nhận hàng")
    } else {
        ("bacs", "Chuyển khoản ngân hàng")
    };
    let billing = json!({
        "first_name": b.first, "last_name": b.last, "company": "",
        "address_1": b.street, "address_2": b.ward, "city": b.district, "state": b.province,
        "postcode": "", "country": "VN", "email": b.email, "phone": b.phone,
    });
    let shipping = json!({
        "first_name": b.first, "last_name": b.last, "company": "",
        "address_1": b.street, "address_2": b.ward, "city": b.district, "state": b.province,
        "postcode": "", "country": "VN", "phone": b.phone,
    });
    let shipping_lines = json!([{"id": o.id * 10 + 1, "method_title": "Giao hàng tận nơi", "method_id": "flat_rate",
        "instance_id": "1", "total": o.shipping_fee.to_string(), "total_tax": "0", "taxes": [], "meta_data": []}]);
    let coupon_lines = if o.discount > 0 {
        json!([{"id": o.id * 10 + 2, "code": "giam", "discount": o.discount.min(o.subtotal()).to_string(), "discount_tax": "0", "meta_data": []}])
    } else {
        json!([])
    };
    let dates = json!({
        "date_paid": o.paid_at.map(woo_local),
        "date_paid_gmt": o.paid_at.map(woo_gmt),
        "date_completed": if status == "completed" { o.paid_at.map(woo_local) } else { None },
        "date_completed_gmt": if status == "completed" { o.paid_at.map(woo_gmt) } else { None },
    });
    let mut order = json!({
        "id": o.id,
        "parent_id": 0,
        "number": o.number.to_string(),
        "order_key": format!("wc_order_{}", o.key),
        "created_via": "checkout",
        "version": "9.4.2",
        "status": status,
        "currency": "VND",
        "date_created": woo_local(o.created),
        "date_created_gmt": woo_gmt(o.created),
        "date_modified": woo_local(o.updated),
        "date_modified_gmt": woo_gmt(o.updated),
        "discount_total": o.discount.min(o.subtotal()).to_string(),
        "discount_tax": "0",
        "shipping_total": o.shipping_fee.to_string(),
        "shipping_tax": "0",
        "cart_tax": "0",
        "total": o.total().to_string(),
        "total_tax": "0",
        "prices_include_tax": false,
        "customer_id": 0,
        "customer_ip_address": "127.0.0.1",
        "customer_user_agent": "Mozilla/5.0",
        "customer_note": o.note,
        "billing": billing,
        "shipping": shipping,
        "payment_method": method,
        "payment_method_title": title,
        "transaction_id": if o.cod { String::new() } else { format!("FT{}", o.id) },
        "line_items": lines,
        "tax_lines": [],
        "shipping_lines": shipping_lines,
        "fee_lines": [],
        "coupon_lines": coupon_lines,
        "refunds": [],
        "meta_data": [],
        "_links": { "self": [{"href": format!("{site}wp-json/wc/v3/orders/{}", o.id)}] },
    });
    if let (Some(map), Value::Object(extra)) = (order.as_object_mut(), dates) {
        map.extend(extra);
    }
    order
}
