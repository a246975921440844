//! `POST /hooks/{code}`: a storefront's webhooks (`GET` on the same path: Haravan's
//! verification handshake).
//!
//! Each delivery is checked by its platform's signature over the raw body before anything
//! else; a wrong or missing one is a 401, kept in `webhook_refusals` (pane 9 shows how many
//! today) and logged at most once a minute. A good one is taken **exactly once** by its
//! platform's own de-duplication key (Shopify's event id; the others: the order id and its
//! update time — never WooCommerce's delivery id, which is new on every retry), and **in
//! order**: news older than what was already acted on for that order changes nothing,
//! even a late "created" after a "cancelled". The order itself rides in the delivery, so
//! it goes straight to the same path a marketplace pull uses ([`Syncer::take_in_sent`]):
//! intake for a new order (reserved, on the live queue), a comparison for a known one
//! (cancelled → cancelled here and its stock freed; paid; address changed), a problem
//! listed in pane 9 when it cannot be taken in (a SKU we do not sell, no phone).
//!
//! The answer comes after the order is in (milliseconds through the intake queue): a 200
//! means it is stored, so the platform's retry is only needed when we fail — then a 503,
//! and the delivery's key is given back so the retry is taken.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::channel_sync::Syncer;
use crate::storefronts::Storefront;
use orderdeck_integrations::marketplace::{ChannelOrder, ChannelStatus};
use orderdeck_integrations::storefront::hooks::{self, HookRefusal, Topic};
use orderdeck_store::storefronts as store;

/// The largest webhook body taken (an order of 200 lines is ~100 KB in any platform's
/// shape), and the time it has to arrive.
const MAX_BODY: usize = 2 * 1024 * 1024;
const BODY_TIME: std::time::Duration = std::time::Duration::from_secs(10);

struct Hooks {
    fronts: HashMap<String, Storefront>,
    syncer: Syncer,
    said: super::Quiet,
}

/// The storefronts' webhook routes; `syncer` takes their orders in.
pub fn router(fronts: Vec<Storefront>, syncer: Syncer) -> Router {
    let hooks = Arc::new(Hooks {
        fronts: fronts.into_iter().map(|f| (f.code.clone(), f)).collect(),
        syncer,
        said: super::Quiet::default(),
    });
    Router::new()
        .route("/hooks/{code}", get(handshake).post(delivery))
        .with_state(hooks)
}

fn answer(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain")], text).into_response()
}

/// Haravan checks a webhook address by a `GET` with `hub.verify_token` and
/// `hub.challenge`: the challenge is echoed when the token is ours.
async fn handshake(
    State(hooks): State<Arc<Hooks>>,
    Path(code): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let Some(front) = hooks.fronts.get(&code) else {
        return answer(StatusCode::NOT_FOUND, "no such storefront");
    };
    let Some(token) = front.config.verify_token.as_ref() else {
        return answer(
            StatusCode::NOT_FOUND,
            "no verify token is set for this storefront",
        );
    };
    match hooks::verify_handshake(token.expose(), &query) {
        Some(challenge) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain")],
            challenge,
        )
            .into_response(),
        None => answer(StatusCode::FORBIDDEN, "wrong verify token"),
    }
}

async fn delivery(
    State(hooks): State<Arc<Hooks>>,
    Path(code): Path<String>,
    request: axum::extract::Request,
) -> Response {
    let Some(front) = hooks.fronts.get(&code) else {
        if let Some(n) = hooks.said.due("unknown storefront") {
            tracing::warn!("{n} webhook(s) for storefronts not configured here (last: {code:?})");
        }
        return answer(StatusCode::NOT_FOUND, "no such storefront");
    };
    let (parts, body) = request.into_parts();
    let (headers, extensions) = (parts.headers, parts.extensions);
    // Platforms send an order of a few KB at once; a body that is huge or trickles in is
    // not one of theirs, and is not let hold a connection.
    let body = match tokio::time::timeout(BODY_TIME, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large"),
        Err(_) => return answer(StatusCode::REQUEST_TIMEOUT, "body too slow"),
    };
    let channel_id = front.shop.row.id;
    let kind = front.config.kind;
    let delivery = match hooks::read_delivery(kind, &front.config.webhook_secret, &headers, &body) {
        Ok(d) => d,
        Err(refusal) => {
            let remote = extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_default();
            let reason = refusal.to_string();
            if let Err(e) = store::refused(hooks.syncer.pool(), channel_id, &reason, &remote).await
            {
                tracing::warn!(storefront = %code, "cannot record a refused webhook: {e}");
            }
            if let Some(n) = hooks.said.due(&format!("{code}: refused")) {
                tracing::warn!(storefront = %code, "{n} webhook(s) refused: {reason}");
            }
            let status = match refusal {
                HookRefusal::MissingSignature | HookRefusal::BadSignature => {
                    StatusCode::UNAUTHORIZED
                }
                _ => StatusCode::BAD_REQUEST,
            };
            return answer(status, "refused");
        }
    };
    let Some(order) = delivery.order else {
        // A ping, or a topic about something else: acknowledged, nothing to do.
        if !matches!(delivery.topic, Topic::Ping) {
            tracing::debug!(storefront = %code, "webhook ignored: {:?}", delivery.topic);
        }
        return answer(StatusCode::OK, "ok");
    };
    let pool = hooks.syncer.pool();
    let topic = delivery.topic.code().to_string();
    match store::first_delivery(
        pool,
        channel_id,
        &delivery.dedupe_key,
        &topic,
        &order.external_id,
    )
    .await
    {
        Ok(true) => {}
        Ok(false) => return answer(StatusCode::OK, "already taken"),
        Err(e) => {
            tracing::warn!(storefront = %code, "webhook not taken: {e}");
            return answer(StatusCode::SERVICE_UNAVAILABLE, "try again");
        }
    }
    let taken = async {
        if store::is_stale(pool, channel_id, &order.external_id, order.updated_at)
            .await
            .map_err(|e| e.to_string())?
        {
            return Ok::<_, String>(None);
        }
        let (external_id, updated_at) = (order.external_id.clone(), order.updated_at);
        let report = take_in(&hooks.syncer, channel_id, order).await?;
        store::seen(pool, channel_id, &external_id, updated_at, &topic)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Some(report))
    }
    .await;
    match taken {
        Ok(Some(report)) => {
            tracing::info!(storefront = %code, "webhook: {report}");
            answer(StatusCode::OK, "ok")
        }
        Ok(None) => answer(StatusCode::OK, "older than what is known"),
        Err(e) => {
            tracing::warn!(storefront = %code, "webhook not taken, the platform will retry: {e}");
            if let Err(e) = store::forget_delivery(pool, channel_id, &delivery.dedupe_key).await {
                tracing::warn!(storefront = %code, "cannot give a delivery back: {e}");
            }
            answer(StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}

/// Takes one order in. An order first heard of as cancelled (its "created" delivery
/// overtaken, or lost) is taken in as placed and then cancelled, a moment apart: the
/// record exists — the buyer may call about it — and nothing stays reserved.
async fn take_in(
    syncer: &Syncer,
    channel_id: i64,
    order: ChannelOrder,
) -> Result<crate::channel_sync::SyncReport, String> {
    let cancelled_unseen = order.status == ChannelStatus::Cancelled
        && !store::known_order(syncer.pool(), channel_id, &order.external_id)
            .await
            .map_err(|e| e.to_string())?;
    if cancelled_unseen {
        let mut placed = order.clone();
        placed.status = ChannelStatus::ToShip;
        placed.channel_status = String::new();
        placed.updated_at = order.updated_at - chrono::Duration::milliseconds(1);
        syncer
            .take_in_sent(channel_id, vec![placed])
            .await
            .map_err(|e| e.to_string())?;
    }
    syncer
        .take_in_sent(channel_id, vec![order])
        .await
        .map_err(|e| e.to_string())
}
