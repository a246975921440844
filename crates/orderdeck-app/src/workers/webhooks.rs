//! The webhook listener (`orderdeck worker --listen ADDR`): takes each platform's push
//! notifications, checks their signatures, and pulls the order concerned at once.
//!
//! | path | platform | signature (`Authorization` header) |
//! |---|---|---|
//! | `POST /push/shopee` | Shopee push (code 3: order status) | HMAC-SHA256(partner_key, push_url + "\|" + body); `push_url` is the callback URL exactly as registered (`[channels.shopee] push_url`) |
//! | `POST /push/lazada` | Lazada push (message_type 0: trade order) | HMAC-SHA256(app_secret, app_key + body) |
//! | `POST /push/tiktok` | TikTok Shop webhook (type 1: order status) | HMAC-SHA256(app_secret, app_key + body) |
//!
//! Answers are what the platforms want: an empty 200 as soon as the signature is checked
//! (Lazada gives 500 ms, the others 3 s), the pull running after it; an empty 401 for a
//! bad or missing signature, and nothing is pulled. A notification that is not about an
//! order is acknowledged and ignored. Notifications about one order that arrive while it
//! is being pulled make one more pull after it, not one each.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::{Semaphore, watch};

use super::channel_sync::Marketplaces;
use orderdeck_integrations::marketplace::{ChannelError, ChannelKind, WebhookEvent};

/// Pulls running at once for webhooks; more wait their turn.
const PULLS_AT_ONCE: usize = 8;

struct Hooks {
    m: Marketplaces,
    /// Orders being pulled now → whether another notification came meanwhile.
    in_flight: Mutex<HashMap<(ChannelKind, String), bool>>,
    pulls: Semaphore,
}

/// The listener's routes.
pub fn router(m: Marketplaces) -> Router {
    let hooks = Arc::new(Hooks {
        m,
        in_flight: Mutex::new(HashMap::new()),
        pulls: Semaphore::new(PULLS_AT_ONCE),
    });
    Router::new()
        .route("/push/{platform}", post(push))
        .route("/health", get(|| async { "ok" }))
        .with_state(hooks)
}

/// Serves until `stop` turns true.
pub async fn serve(
    listener: tokio::net::TcpListener,
    m: Marketplaces,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(m).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        while !*stop.borrow() {
            if stop.changed().await.is_err() {
                return;
            }
        }
    })
    .await
}

fn empty(status: StatusCode) -> Response {
    (status, [(header::CONTENT_LENGTH, "0")]).into_response()
}

async fn push(
    State(hooks): State<Arc<Hooks>>,
    Path(platform): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(kind) = ChannelKind::parse(&platform) else {
        return empty(StatusCode::NOT_FOUND);
    };
    let Some(shop) = hooks.m.shop(kind) else {
        tracing::warn!("webhook for {}, which is not configured here", kind.label());
        return empty(StatusCode::NOT_FOUND);
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let event = match shop.client.verify_push(&body, authorization) {
        Ok(e) => e,
        Err(e @ ChannelError::Auth { .. }) => {
            tracing::warn!(channel = kind.code(), "webhook refused: {e}");
            return empty(StatusCode::UNAUTHORIZED);
        }
        Err(e @ ChannelError::NotConfigured { .. }) => {
            tracing::error!(channel = kind.code(), "webhook cannot be checked: {e}");
            return empty(StatusCode::INTERNAL_SERVER_ERROR);
        }
        Err(e) => {
            tracing::warn!(channel = kind.code(), "webhook unreadable: {e}");
            return empty(StatusCode::BAD_REQUEST);
        }
    };
    match event {
        WebhookEvent::OrderStatus { external_id, .. } if !external_id.trim().is_empty() => {
            pull_soon(hooks.clone(), kind, external_id.trim().to_string());
        }
        WebhookEvent::OrderStatus { .. } => {}
        WebhookEvent::Other { kind: what } => {
            tracing::debug!(channel = kind.code(), "webhook ignored: {what}");
        }
    }
    empty(StatusCode::OK)
}

/// Pulls the order after the answer has gone; once more if told again meanwhile.
fn pull_soon(hooks: Arc<Hooks>, kind: ChannelKind, external_id: String) {
    let key = (kind, external_id);
    {
        let mut in_flight = hooks.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(again) = in_flight.get_mut(&key) {
            *again = true;
            return;
        }
        in_flight.insert(key.clone(), false);
    }
    tokio::spawn(async move {
        let Some(shop) = hooks.m.shop(kind) else {
            return;
        };
        loop {
            {
                let _permit = hooks.pulls.acquire().await;
                match hooks
                    .m
                    .syncer
                    .sync_order(&shop.client, shop.row.id, &key.1)
                    .await
                {
                    Ok(r) => tracing::info!(
                        channel = kind.code(),
                        order = %key.1,
                        "webhook pull: {r}"
                    ),
                    // The next scheduled pull picks it up.
                    Err(e) => tracing::warn!(
                        channel = kind.code(),
                        order = %key.1,
                        "webhook pull failed: {e}"
                    ),
                }
            }
            let mut in_flight = hooks.in_flight.lock().unwrap_or_else(|p| p.into_inner());
            match in_flight.get_mut(&key) {
                Some(again) if *again => *again = false,
                _ => {
                    in_flight.remove(&key);
                    return;
                }
            }
        }
    });
}
