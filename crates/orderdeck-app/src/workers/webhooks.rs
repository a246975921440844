//! The webhook listener (`orderdeck worker --listen ADDR`): takes each platform's push
//! notifications, checks their signatures, and pulls the order concerned at once.
//!
//! | path | platform | signature (`Authorization` header) |
//! |---|---|---|
//! | `POST /push/shopee` | Shopee push (code 3: order status; code 10: buyer chat) | HMAC-SHA256(partner_key, push_url + "\|" + body); `push_url` is the callback URL exactly as registered (`[channels.shopee] push_url`) |
//! | `POST /push/lazada` | Lazada push (message_type 0: trade order) | HMAC-SHA256(app_secret, app_key + body) |
//! | `POST /push/tiktok` | TikTok Shop webhook (type 1: order status; type 14: buyer chat) | HMAC-SHA256(app_secret, app_key + body) |
//!
//! Answers are what the platforms want: an empty 200 as soon as the signature is checked
//! (Lazada gives 500 ms, the others 3 s), the pull running after it; an empty 401 for a
//! bad or missing signature, and nothing is pulled. A notification that is not about an
//! order is acknowledged and ignored. Notifications about one order that arrive while it
//! is being pulled make one more pull after it, not one each.
//!
//! The listener faces the internet, so it holds its ground: headers must arrive within
//! [`HEADER_TIMEOUT`] and a whole exchange end within [`CONNECTION_TIMEOUT`] (a slow
//! client cannot hold a socket), at most [`MAX_CONNECTIONS`] are open at once and
//! [`MAX_PER_SOURCE`] from one address (1,100 slow connections used to stop it accepting),
//! bodies are capped by axum's 2 MB default. A push for a shop not set up here is a 404;
//! each kind of refusal is logged at most once a minute, with how many there were.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
/// Time for a client to send its request headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Time for a whole connection (platforms send one push and wait ≤ 3 s for the answer).
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once, and from one address.
pub const MAX_CONNECTIONS: usize = 256;
pub const MAX_PER_SOURCE: usize = 32;

struct Hooks {
    m: Marketplaces,
    /// Orders being pulled now → whether another notification came meanwhile.
    in_flight: Mutex<HashMap<(ChannelKind, String), bool>>,
    pulls: Semaphore,
    said: crate::http::Quiet,
}

/// The listener's routes.
pub fn router(m: Marketplaces) -> Router {
    let hooks = Arc::new(Hooks {
        m,
        in_flight: Mutex::new(HashMap::new()),
        pulls: Semaphore::new(PULLS_AT_ONCE),
        said: crate::http::Quiet::default(),
    });
    Router::new()
        .route("/push/{platform}", post(push))
        .route("/health", get(|| async { "ok" }))
        .with_state(hooks)
}

/// Serves until `stop` turns true: each connection under the limits of the module doc.
/// (`orderdeck serve` mounts [`router`] beside the API on the same listener.)
pub async fn serve(
    listener: tokio::net::TcpListener,
    m: Marketplaces,
    stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    crate::http::serve(listener, router(m), limits(), stop).await
}

/// The marketplaces' limits: one push at a time per connection, a short life.
pub fn limits() -> crate::http::Limits {
    crate::http::Limits {
        header_timeout: HEADER_TIMEOUT,
        connection_timeout: CONNECTION_TIMEOUT,
        max_connections: MAX_CONNECTIONS,
        max_per_source: MAX_PER_SOURCE,
        ..crate::http::Limits::default()
    }
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
        if let Some(n) = hooks.said.due(&format!("{}: not configured", kind.code())) {
            tracing::warn!(
                "{n} webhook(s) for {}, which is not configured here",
                kind.label()
            );
        }
        return empty(StatusCode::NOT_FOUND);
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let event = match shop.client.verify_push(&body, authorization) {
        Ok(e) => e,
        Err(e @ ChannelError::Auth { .. }) => {
            if let Some(n) = hooks.said.due(&format!("{}: refused", kind.code())) {
                tracing::warn!(channel = kind.code(), "{n} webhook(s) refused: {e}");
            }
            return empty(StatusCode::UNAUTHORIZED);
        }
        // Our side is not set up to check it (Shopee's `push_url` missing): the sender
        // can do nothing about that, and anyone could send these — a 404, not a 500, and
        // a line a minute.
        Err(e @ ChannelError::NotConfigured { .. }) => {
            if let Some(n) = hooks.said.due(&format!("{}: cannot check", kind.code())) {
                tracing::warn!(channel = kind.code(), "{n} webhook(s) not checked: {e}");
            }
            return empty(StatusCode::NOT_FOUND);
        }
        Err(e) => {
            if let Some(n) = hooks.said.due(&format!("{}: unreadable", kind.code())) {
                tracing::warn!(channel = kind.code(), "{n} webhook(s) unreadable: {e}");
            }
            return empty(StatusCode::BAD_REQUEST);
        }
    };
    match event {
        WebhookEvent::OrderStatus { external_id, .. } if !external_id.trim().is_empty() => {
            pull_soon(hooks.clone(), kind, external_id.trim().to_string());
        }
        WebhookEvent::OrderStatus { .. } => {}
        WebhookEvent::Other { kind: what } => {
            // A buyer chat message (TikTok type 14, Shopee code 10) for a shop whose chat
            // was granted: taken to the desk within the platform's time (a failure then is
            // a 500 so the platform delivers again; the message is stored once), carrying
            // on after the answer when it takes longer (a language model thinking).
            match hooks.m.chat.clone() {
                Some(desk) => {
                    let status = crate::http::answer_chat(kind.code(), async move {
                        desk.take(kind, &body).await.map(|taken| {
                            if !taken {
                                tracing::debug!(channel = kind.code(), "webhook ignored: {what}");
                            }
                        })
                    })
                    .await;
                    return empty(status);
                }
                None => tracing::debug!(channel = kind.code(), "webhook ignored: {what}"),
            }
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
