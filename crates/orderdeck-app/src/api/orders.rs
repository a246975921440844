//! `POST /v1/orders` and `GET /v1/orders/{number}`.
//!
//! Idempotency (reference §12.1, §12.2): a client sends `Idempotency-Key` with every
//! order, unique per order it means (a UUID). The same key with the same body gets the
//! first answer again — same status, same body, and `Idempotent-Replayed: true`; the same
//! key with another body is a 422; the same key while the first is still being carried
//! out a 409 with `Retry-After: 1`. Keys are per API key: two clients cannot collide.
//!
//! Only answers of requests that were carried out (2xx) are kept. A request refused
//! before anything was written — unreadable JSON, a field error, an unknown SKU, a
//! failure of ours (5xx) — forgets its key, so the client may fix or simply repeat it
//! under the same key. The draft (§12.1) says the stored result is returned "success or
//! error"; Stripe (§12.2) does not keep requests rejected by validation. We follow Stripe:
//! keeping a 422 for an unknown SKU would make the client invent a new key once the SKU
//! is added to the catalog, which is exactly the retry with a fresh key that idempotency
//! keys exist to avoid; and a kept 5xx would turn a passing outage into a permanent
//! failure of that order. Nothing is lost by not keeping them: they wrote nothing.
//! (Stripe keeps its 500s because its request may have half-run; an intake failure is
//! all or nothing.)

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use orderdeck_domain::api_access::{
    IdempotencyKeyError, MAX_IDEMPOTENCY_KEY, Scope, body_fingerprint, parse_idempotency_key,
};
use orderdeck_domain::intake::{FieldError, NewOrder};
use orderdeck_domain::text::visible;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_store::idempotency::{self, Begun};

use super::auth::{Caller, authenticate};
use super::problem::{FieldProblem, Problem, en, internal};
use super::{ApiState, channel_kind, prune_now_and_then, read_body, require_json};
use crate::intake::{IntakeError, IntakeOutcome, Shortage};

/// The header that marks an answer given again for a repeated key (the draft names no
/// header; PPRO's is `Request-Idempotency`; this name says what happened).
pub const REPLAYED: &str = "idempotent-replayed";
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// 201's body: the order and its stock decision.
#[derive(Debug, Serialize)]
struct Created<'a> {
    number: &'a str,
    status: &'a str,
    /// `reserved`: every line is held for packing; `backordered`: `short` says what is
    /// missing (a purchase is drafted for it).
    stock: &'a str,
    short: &'a [Shortage],
}

/// 200's body: this channel + external id was taken before; nothing changed.
#[derive(Debug, Serialize)]
struct Duplicate<'a> {
    number: &'a str,
    duplicate: bool,
}

pub(super) async fn create(
    State(state): State<ApiState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match create_inner(&state, &headers, body).await {
        Ok(r) | Err(r) => r,
    }
}

async fn create_inner(
    state: &ApiState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    let caller = authenticate(state, headers)
        .await
        .map_err(IntoResponse::into_response)?;
    caller
        .require(Scope::OrdersWrite)
        .map_err(IntoResponse::into_response)?;
    require_json(headers).map_err(IntoResponse::into_response)?;
    let key = idempotency_key(headers).map_err(IntoResponse::into_response)?;
    let bytes = read_body(state.limits, headers, body)
        .await
        .map_err(IntoResponse::into_response)?;
    let order = parse_order(&bytes).map_err(IntoResponse::into_response)?;
    may_send(state, &caller, &order)
        .await
        .map_err(IntoResponse::into_response)?;
    prune_now_and_then(state);

    let fingerprint = body_fingerprint(&bytes);
    let lease = match idempotency::begin(&state.pool, caller.key.id, &key, &fingerprint)
        .await
        .map_err(|e| internal("idempotency key", &e).into_response())?
    {
        Begun::Carry { lease, .. } => lease,
        Begun::InFlight => {
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                "idempotency-key-in-flight",
                en!("err-api-idempotency-in-flight"),
            );
            p.retry_after = Some(1);
            return Err(p.into_response());
        }
        Begun::Done {
            same_body: false, ..
        } => {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                en!("err-api-idempotency-reused"),
            )
            .field(FieldProblem::outside(
                "Idempotency-Key",
                &en!("err-api-idempotency-reused-field"),
            ))
            .into_response());
        }
        Begun::Done {
            same_body: true,
            status,
            body,
        } => return Ok(replay(status, body)),
    };

    let outcome = state.intake.create(order.clone(), &caller.actor()).await;
    let (status, body) = match outcome {
        Ok(IntakeOutcome::Created {
            number,
            status,
            shortages,
        }) => {
            let stock = if shortages.is_empty() {
                "reserved"
            } else {
                "backordered"
            };
            let body = serde_json::to_vec(&Created {
                number: &number,
                status: &status,
                stock,
                short: &shortages,
            })
            .unwrap_or_default();
            (StatusCode::CREATED, body)
        }
        Ok(IntakeOutcome::Duplicate { number }) => {
            let body = serde_json::to_vec(&Duplicate {
                number: &number,
                duplicate: true,
            })
            .unwrap_or_default();
            (StatusCode::OK, body)
        }
        Err(e) => {
            // Nothing was written (intake is all or nothing): forget the key so the
            // client can send the order again under it (see the module doc).
            if let Err(release) =
                idempotency::release(&state.pool, caller.key.id, &key, lease).await
            {
                // Left `running`, it is taken over after a minute: the client's retry
                // then goes through, only later.
                tracing::warn!("intake API: cannot release an idempotency key: {release}");
            }
            return Err(match e {
                IntakeError::Invalid(errors) => invalid_order(&order, &errors),
                IntakeError::Store(e) => internal("intake", &e),
            }
            .into_response());
        }
    };
    // Kept before answering, so a retry after a lost answer finds it. If keeping fails
    // the order still stands and is answered; the key stays `running` and is taken over
    // after a minute, when a retry runs intake again and the channel's external id (when
    // the client sent one) makes it a duplicate, not a second order.
    if let Err(e) = idempotency::finish(
        &state.pool,
        caller.key.id,
        &key,
        lease,
        status.as_u16(),
        &body,
    )
    .await
    {
        tracing::warn!("intake API: cannot keep an answer for its idempotency key: {e}");
    }
    Ok(answer(status, body))
}

/// An order's answer: JSON, and for a 201 where it now lives.
fn answer(status: StatusCode, body: Vec<u8>) -> Response {
    let location = (status == StatusCode::CREATED)
        .then(|| serde_json::from_slice::<serde_json::Value>(&body).ok())
        .flatten()
        .and_then(|v| v.get("number").and_then(|n| n.as_str()).map(str::to_string))
        .and_then(|n| HeaderValue::from_str(&format!("/v1/orders/{n}")).ok());
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(location) = location {
        h.insert(header::LOCATION, location);
    }
    response
}

/// The kept answer of the first request with this key, marked as given again.
fn replay(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = answer(status, body);
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

/// The `Idempotency-Key` header, required: 400 when missing or malformed.
fn idempotency_key(headers: &HeaderMap) -> Result<String, Problem> {
    let bad = |detail: String| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "idempotency-key-invalid",
            detail.clone(),
        )
        .field(FieldProblem::outside("Idempotency-Key", &detail))
    };
    let mut values = headers.get_all(IDEMPOTENCY_KEY).iter();
    let Some(value) = values.next() else {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "idempotency-key-missing",
            en!("err-api-idempotency-missing"),
        )
        .field(FieldProblem::outside(
            "Idempotency-Key",
            &en!("err-api-idempotency-missing-field"),
        )));
    };
    // The draft: one key per request. Two headers are two keys, not one.
    if values.next().is_some() {
        return Err(bad(en!("err-api-idempotency-bad-quoting")));
    }
    let Ok(text) = value.to_str() else {
        return Err(bad(en!(
            "err-api-idempotency-bad-character",
            character = "(non-ASCII)"
        )));
    };
    parse_idempotency_key(text).map_err(|e| {
        bad(match e {
            IdempotencyKeyError::Empty => en!("err-api-idempotency-empty"),
            IdempotencyKeyError::TooLong(n) => en!(
                "err-api-idempotency-too-long",
                length = n,
                max = MAX_IDEMPOTENCY_KEY
            ),
            IdempotencyKeyError::BadCharacter(c) => {
                en!("err-api-idempotency-bad-character", character = c)
            }
            IdempotencyKeyError::BadQuoting => en!("err-api-idempotency-bad-quoting"),
        })
    })
}

/// The order JSON: 400 when it is not JSON at all, 422 when it is JSON but not an order
/// (naming the field), 422 with every field problem when the order breaks a rule.
fn parse_order(bytes: &[u8]) -> Result<NewOrder, Problem> {
    // The order's own messages (amounts, field rules) are worded in English here; the
    // guard ends before any await.
    let _en = orderdeck_i18n::scoped(orderdeck_i18n::Lang::En);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let malformed = |reason: String| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "malformed-json",
            en!("err-api-malformed-json", reason = reason),
        )
    };
    let order: NewOrder = match serde_path_to_error::deserialize(&mut de) {
        Ok(order) => order,
        Err(e) if !e.inner().is_data() => return Err(malformed(e.inner().to_string())),
        Err(e) => {
            let message = e.inner().to_string();
            let field = field_of(&e.path().to_string(), &message);
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-order",
                en!("err-api-not-an-order"),
            )
            .field(FieldProblem::body(&field, &message)));
        }
    };
    // Text after the order (a second object) is not one order.
    de.end().map_err(|e| malformed(e.to_string()))?;
    if let Err(errors) = order.validate() {
        return Err(invalid_order(&order, &errors));
    }
    Ok(order)
}

/// The field a serde error is about: its path, and for a missing or unknown field the
/// field itself (serde reports those at the object that lacks or has it).
fn field_of(path: &str, message: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|start| message.strip_prefix(start))
        .and_then(|rest| rest.split('`').next());
    let path = if path == "." { "" } else { path };
    match named {
        // An unknown field's path already ends with it; a missing one's is its parent.
        Some(name) if path == name || path.ends_with(&format!(".{name}")) => path.to_string(),
        Some(name) if path.is_empty() => name.to_string(),
        Some(name) => format!("{path}.{name}"),
        None => path.to_string(),
    }
}

/// 422 listing every field problem. Problems found by intake against the catalog (an
/// unknown SKU, warehouse or channel) were worded in the server's language by the intake
/// writer; those are worded again here in English from the order. A total that the
/// discounts would make negative keeps intake's words (English unless the server runs in
/// another language).
fn invalid_order(order: &NewOrder, errors: &[FieldError]) -> Problem {
    let _en = orderdeck_i18n::scoped(orderdeck_i18n::Lang::En);
    let listed = errors
        .iter()
        .map(|e| {
            let again = if e.field == "channel" {
                Some(en!(
                    "err-api-unknown-channel",
                    channel = visible(order.channel.trim())
                ))
            } else if e.field == "warehouse" {
                order.warehouse.as_deref().map(|w| {
                    en!(
                        "err-intake-unknown-warehouse",
                        warehouse = visible(w.trim())
                    )
                })
            } else {
                line_of(&e.field, "sku")
                    .and_then(|i| order.lines.get(i))
                    .filter(|_| !e.message.is_empty())
                    .map(|l| en!("err-unknown-sku", sku = visible(l.sku.trim())))
            };
            FieldProblem::body(&e.field, again.as_deref().unwrap_or(&e.message))
        })
        .collect();
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-order",
        en!("err-api-invalid-order", count = errors.len()),
    )
    .with_errors(listed)
}

/// `lines[3].sku` → 3 for `part` "sku".
fn line_of(field: &str, part: &str) -> Option<usize> {
    let rest = field.strip_prefix("lines[")?;
    let (i, tail) = rest.split_once(']')?;
    (tail.strip_prefix('.')? == part)
        .then(|| i.parse().ok())
        .flatten()
}

/// Whether this key may send an order for the order's channel: a key bound to a channel
/// only that one; an unbound key any of the shop's own (website, manual, storefront) but
/// not a marketplace's — marketplace orders come from the marketplace, and one sent by
/// hand would ship outside the platform's logistics. The shop's own channels that do not
/// exist yet are made here, as `orders create` makes them on their first order.
async fn may_send(state: &ApiState, caller: &Caller, order: &NewOrder) -> Result<(), Problem> {
    let code = order.channel.trim();
    let refuse = |detail: String| {
        Problem::new(StatusCode::FORBIDDEN, "channel-not-allowed", detail.clone())
            .field(FieldProblem::body("channel", &detail))
    };
    if let Some(bound) = caller.key.channel.as_deref()
        && code != bound
    {
        return Err(refuse(en!(
            "err-api-channel-bound",
            channel = visible(code),
            bound = visible(bound)
        )));
    }
    match channel_kind(state, code).await? {
        Some(kind) => {
            let marketplace = ChannelKind::parse(&kind).is_some_and(|k| !k.is_storefront());
            if marketplace && caller.key.channel.is_none() {
                return Err(refuse(en!(
                    "err-api-channel-marketplace",
                    channel = visible(code)
                )));
            }
            Ok(())
        }
        None if orderdeck_store::channels::is_own(code) => {
            orderdeck_store::channels::ensure_own(&state.pool, code)
                .await
                .map_err(|e| internal("own channel", &e))
        }
        // Unknown: intake refuses it, naming the field (422).
        None => Ok(()),
    }
}

/// `GET /v1/orders/{number}`: the order's state for the client that sent it.
///
/// Not the buyer's phone, e-mail or address: the client has them already (it sent
/// them), and an answer that any holder of `orders:read` can fetch — a status widget, a
/// support script — should carry no more personal data than it needs (least data). The
/// buyer's name stays, to tell orders apart.
pub(super) async fn show(
    State(state): State<ApiState>,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    match show_inner(&state, &number, &headers).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

#[derive(Debug, Serialize)]
struct OrderAnswer {
    number: String,
    status: &'static str,
    channel: String,
    external_id: Option<String>,
    buyer_name: String,
    payment_method: String,
    payment_status: String,
    lines: Vec<LineAnswer>,
    totals: Totals,
    parcels: Vec<Parcel>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize)]
struct LineAnswer {
    line_no: i32,
    sku: String,
    name: String,
    qty: i32,
    unit_price: rust_decimal::Decimal,
    discount: rust_decimal::Decimal,
    reserved: i64,
}

#[derive(Debug, Serialize)]
struct Totals {
    subtotal: rust_decimal::Decimal,
    discount: rust_decimal::Decimal,
    shipping_fee: rust_decimal::Decimal,
    total: rust_decimal::Decimal,
}

#[derive(Debug, Serialize)]
struct Parcel {
    carrier: String,
    tracking_number: Option<String>,
    status: String,
}

async fn show_inner(
    state: &ApiState,
    number: &str,
    headers: &HeaderMap,
) -> Result<Response, Problem> {
    let caller = authenticate(state, headers).await?;
    caller.require(Scope::OrdersRead)?;
    let not_found = || {
        Problem::new(
            StatusCode::NOT_FOUND,
            "order-not-found",
            en!("err-api-order-not-found", number = visible(number)),
        )
    };
    let row = orderdeck_store::orders::find_by_number(&state.pool, number)
        .await
        .map_err(|e| internal("order look-up", &e))?
        .ok_or_else(not_found)?;
    // What a key may send is what it may read: an order of another channel is answered
    // as not found, so a key learns nothing of orders that are not its channel's.
    let kind = channel_kind(state, &row.channel).await?.unwrap_or_default();
    let visible_to_key = match caller.key.channel.as_deref() {
        Some(bound) => bound == row.channel,
        None => ChannelKind::parse(&kind).is_none_or(|k| k.is_storefront()),
    };
    if !visible_to_key {
        return Err(not_found());
    }
    let detail = orderdeck_store::orders::detail(&state.pool, row.id)
        .await
        .map_err(|e| internal("order detail", &e))?
        .ok_or_else(not_found)?;
    let h = detail.header;
    let answer = OrderAnswer {
        number: h.number,
        status: h.status.as_str(),
        channel: h.channel,
        external_id: h.external_id,
        buyer_name: h.buyer_name,
        payment_method: h.payment_method,
        payment_status: h.payment_status,
        lines: detail
            .lines
            .into_iter()
            .map(|l| LineAnswer {
                line_no: l.line_no,
                sku: l.sku,
                name: l.name,
                qty: l.qty,
                unit_price: l.unit_price,
                discount: l.discount,
                reserved: l.reserved,
            })
            .collect(),
        totals: Totals {
            subtotal: h.subtotal,
            discount: h.discount,
            shipping_fee: h.shipping_fee,
            total: h.total,
        },
        parcels: detail
            .shipments
            .into_iter()
            .map(|s| Parcel {
                carrier: s.carrier,
                tracking_number: s.tracking_number,
                status: s.status,
            })
            .collect(),
        created_at: h.created_at,
        updated_at: h.updated_at,
    };
    Ok(axum::Json(answer).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_errors_name_the_field() {
        assert_eq!(
            field_of("lines[0].price", "unknown field `price`, expected one of"),
            "lines[0].price"
        );
        assert_eq!(
            field_of("customer", "missing field `name`"),
            "customer.name"
        );
        assert_eq!(
            field_of(".", "missing field `customer` at line 1"),
            "customer"
        );
        assert_eq!(
            field_of("lines[1].qty", "invalid type: string"),
            "lines[1].qty"
        );
        assert_eq!(line_of("lines[12].sku", "sku"), Some(12));
        assert_eq!(line_of("lines[12].qty", "sku"), None);
    }

    #[test]
    fn json_that_is_not_json_is_a_400_and_a_wrong_field_a_422_naming_it() {
        let p = parse_order(b"{\"channel\": ").unwrap_err();
        assert_eq!(p.status, StatusCode::BAD_REQUEST);
        let p = parse_order(br#"{"channel":"website","customer":{"name":"A","phone":"0912345678"},"lines":[{"sku":"A","qty":"two"}]}"#).unwrap_err();
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.errors[0].field, "lines[0].qty");
        assert_eq!(p.errors[0].pointer.as_deref(), Some("/lines/0/qty"));
    }
}
