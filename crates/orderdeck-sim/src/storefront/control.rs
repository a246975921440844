//! The storefronts' control routes, for a person or a process driving a simulator it
//! did not start (tests use the [`SimHandle`](crate::SimHandle) methods):
//!
//! | call | what |
//! |---|---|
//! | `POST /_sim/storefronts/{kind}/callback` | `{"url":"http://…/hooks/shop"}` (or `null`): where the demo activity sends this store's orders |
//! | `POST /_sim/storefronts/{kind}/orders` | places an order: `{"callback_url"?, "lines"?:[{"sku","quantity"}], "paid"?, "shipping_fee"?, "discount"?, "note"?, "delivery"?: "send"\|"hold"\|"wrong_signature"}` → `{"id":"…"}` |
//! | `POST /_sim/storefronts/{kind}/orders/{id}/paid` (or `/cancelled`) | the update webhook |
//! | `POST /_sim/storefronts/{kind}/release` | sends the held deliveries |
//! | `GET /_sim/storefronts/{kind}/deliveries` | every delivery attempt: topic, status, headers, body |
//! | `GET /_sim/storefronts/{kind}/stock?sku=…` | `{"sku":…,"stock":n}` (null: not listed or not tracked) |
//!
//! `{kind}` is `haravan`, `sapo`, `woocommerce` (or `woo`) or `shopify`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::webhook::{self, DeliveryMode, StorefrontChange, StorefrontOrderSpec};
use super::{json_reply, lock};
use crate::SimState;
use orderdeck_integrations::marketplace::ChannelKind;

pub(crate) fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/_sim/storefronts/{kind}/callback", post(set_callback))
        .route("/_sim/storefronts/{kind}/orders", post(place_order))
        .route(
            "/_sim/storefronts/{kind}/orders/{id}/{change}",
            post(change),
        )
        .route("/_sim/storefronts/{kind}/release", post(release))
        .route("/_sim/storefronts/{kind}/deliveries", get(deliveries))
        .route("/_sim/storefronts/{kind}/stock", get(stock))
}

fn bad(msg: impl Into<String>) -> Response {
    json_reply(StatusCode::BAD_REQUEST, json!({ "error": msg.into() }))
}

fn storefront(kind: &str) -> Result<ChannelKind, Response> {
    ChannelKind::parse(kind)
        .filter(|k| k.is_storefront())
        .ok_or_else(|| {
            json_reply(
                StatusCode::NOT_FOUND,
                json!({ "error": format!("no storefront {kind:?}") }),
            )
        })
}

fn body_object(raw: &[u8]) -> Result<Value, Response> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    crate::body::object(raw).map_err(bad)
}

/// The storefront the path names, then the body's object: the two checks every
/// body-taking control route makes first, in this order (an unknown kind is a 404 even
/// with a bad body).
fn storefront_and_body(kind: &str, raw: &[u8]) -> Result<(ChannelKind, Value), Response> {
    Ok((storefront(kind)?, body_object(raw)?))
}

async fn set_callback(
    State(state): State<Arc<SimState>>,
    Path(kind): Path<String>,
    raw: Bytes,
) -> Response {
    let (kind, v) = match storefront_and_body(&kind, &raw) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let url = match v.get("url") {
        None | Some(Value::Null) => None,
        Some(Value::String(u)) if reqwest::Url::parse(u).is_ok() => Some(u.clone()),
        Some(other) => return bad(format!("url must be an http(s) URL or null, not {other}")),
    };
    if let Some(store) = state.storefronts.store(kind) {
        lock(store).callback = url.clone();
    }
    json_reply(StatusCode::OK, json!({ "kind": kind.code(), "url": url }))
}

fn spec_from(v: &Value) -> Result<StorefrontOrderSpec, String> {
    let mut spec = StorefrontOrderSpec::default();
    if let Some(lines) = v.get("lines") {
        let list = lines.as_array().ok_or("lines must be a list")?;
        for l in list {
            let sku = crate::body::required_text(l, "sku")?;
            let qty = crate::body::int(l, "quantity")?.unwrap_or(1);
            spec.lines.push((sku, qty));
        }
    }
    spec.paid = match v.get("paid") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("paid must be true or false".into()),
    };
    spec.shipping_fee = crate::body::int(v, "shipping_fee")?.unwrap_or(0);
    spec.discount = crate::body::int(v, "discount")?.unwrap_or(0);
    spec.note = crate::body::text(v, "note").unwrap_or_default();
    spec.delivery = delivery_mode(v)?;
    Ok(spec)
}

fn delivery_mode(v: &Value) -> Result<DeliveryMode, String> {
    match v.get("delivery").and_then(Value::as_str) {
        None | Some("send") => Ok(DeliveryMode::Send),
        Some("hold") => Ok(DeliveryMode::Hold),
        Some("wrong_signature") => Ok(DeliveryMode::WrongSignature),
        Some(other) => Err(format!(
            "delivery must be send, hold or wrong_signature, not {other:?}"
        )),
    }
}

async fn place_order(
    State(state): State<Arc<SimState>>,
    Path(kind): Path<String>,
    raw: Bytes,
) -> Response {
    let (kind, v) = match storefront_and_body(&kind, &raw) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let spec = match spec_from(&v) {
        Ok(s) => s,
        Err(e) => return bad(e),
    };
    let url = crate::body::text(&v, "callback_url")
        .or_else(|| lock(state.storefronts.store(kind)?).callback.clone());
    let Some(url) = url else {
        return bad("no callback_url and no callback set for this storefront");
    };
    match webhook::place(&state, kind, &url, &spec).await {
        Ok(id) => json_reply(StatusCode::OK, json!({ "id": id })),
        Err(e) => json_reply(StatusCode::CONFLICT, json!({ "error": e })),
    }
}

async fn change(
    State(state): State<Arc<SimState>>,
    Path((kind, id, change)): Path<(String, String, String)>,
    raw: Bytes,
) -> Response {
    let kind = match storefront(&kind) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let change = match change.as_str() {
        "paid" => StorefrontChange::Paid,
        "cancelled" => StorefrontChange::Cancelled,
        other => return bad(format!("{other:?}: paid or cancelled")),
    };
    let mode = match body_object(&raw).map(|v| delivery_mode(&v)) {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => return bad(e),
        Err(r) => return r,
    };
    match webhook::update(&state, kind, &id, change, mode).await {
        Ok(()) => json_reply(StatusCode::OK, json!({ "ok": true })),
        Err(e) => json_reply(StatusCode::CONFLICT, json!({ "error": e })),
    }
}

async fn release(State(state): State<Arc<SimState>>, Path(kind): Path<String>) -> Response {
    let kind = match storefront(&kind) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let sent = webhook::release_held(&state, kind).await;
    json_reply(StatusCode::OK, json!({ "sent": sent.len() }))
}

async fn deliveries(State(state): State<Arc<SimState>>, Path(kind): Path<String>) -> Response {
    let kind = match storefront(&kind) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let list: Vec<Value> = lock(&state.storefronts.deliveries)
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| {
            json!({
                "delivery": d.delivery, "attempt": d.attempt, "order_id": d.order_id,
                "topic": d.topic, "url": d.url, "status": d.status, "error": d.error,
                "signed_correctly": d.signed_correctly, "headers": d.headers, "body": d.body,
                "answer": d.answer,
            })
        })
        .collect();
    json_reply(StatusCode::OK, Value::Array(list))
}

async fn stock(
    State(state): State<Arc<SimState>>,
    Path(kind): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let kind = match storefront(&kind) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let Some(sku) = q.get("sku").map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return bad("sku is required");
    };
    let n = state
        .storefronts
        .store(kind)
        .and_then(|s| lock(s).stock_of(sku));
    json_reply(StatusCode::OK, json!({ "sku": sku, "stock": n }))
}
