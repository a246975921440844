//! The order-intake HTTP API: a seller's website (or any program) sends orders with a
//! key of its own, reads them back, and asks what stock it may offer.
//!
//! | route | scope | what |
//! |---|---|---|
//! | `POST /v1/orders` | `orders:write` | an order in the JSON `orderdeck orders create` takes; `Idempotency-Key` required |
//! | `GET /v1/orders/{number}` | `orders:read` | the order's state, lines, totals and parcels |
//! | `GET /v1/stock?sku=A,B` | `stock:read` | available per warehouse, less the channel's buffer |
//! | `POST /v1/chat/messages` | `chat:write` | a buyer's message on the website's chat; the assistant's reply |
//! | `GET /v1/chat/messages?session=` | `chat:write` | what the shop sent the buyer since `after` |
//! | `GET /v1/openapi.json` | none | OpenAPI 3.1 description of all of it |
//!
//! The router holds its own limits, so every listener that mounts it is safe: a body over
//! [`ApiLimits::max_body`] is a 413, one that does not arrive within
//! [`ApiLimits::body_timeout`] a 408, a body that is not JSON by its Content-Type a 415 —
//! all before anything is written. Connection limits, TLS and shutdown are the listener's
//! (`orderdeck serve`). Every refusal is a problem document ([`problem`]).

mod auth;
mod chat;
pub mod keys;
pub mod openapi;
mod orders;
pub mod problem;
mod stock;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use futures::StreamExt;
use sqlx::PgPool;

use crate::intake::IntakeQueue;
use problem::{Problem, en};

/// The router's own limits on a request body.
#[derive(Debug, Clone, Copy)]
pub struct ApiLimits {
    /// Largest body taken: an order of the most lines intake allows (200) is about 30 KB,
    /// so 1 MiB is far beyond any real order and small enough that a flood of them cannot
    /// exhaust memory.
    pub max_body: usize,
    /// Time for the whole body to arrive once the handler starts reading it: a client
    /// that trickles a byte a second would otherwise hold a connection and a task.
    pub body_timeout: Duration,
}

impl Default for ApiLimits {
    fn default() -> Self {
        ApiLimits {
            max_body: 1024 * 1024,
            body_timeout: Duration::from_secs(10),
        }
    }
}

/// What the API's handlers share.
#[derive(Clone)]
pub struct ApiState {
    pub pool: PgPool,
    /// Orders go through the intake queue, so concurrent clients share commits.
    pub intake: IntakeQueue,
    pub limits: ApiLimits,
    /// What the website's chat answers with (`[assistant]`) and the shop's clock.
    pub assistant: Arc<crate::assistant::AssistantConfig>,
    pub offset: chrono::FixedOffset,
    shared: Arc<Shared>,
}

/// Small in-process memories; none of them decides who may do what (that is the
/// database's, on every request).
#[derive(Default)]
struct Shared {
    /// When each key's last use was last written (see `auth::touch`).
    touched: Mutex<HashMap<i64, Instant>>,
    /// Sales channel kinds by code: a code's kind never changes once made, and a code
    /// not yet made is asked again next time.
    kinds: Mutex<HashMap<String, String>>,
    /// When expired idempotency keys were last pruned.
    pruned: Mutex<Option<Instant>>,
}

impl ApiState {
    pub fn new(pool: PgPool, intake: IntakeQueue) -> ApiState {
        ApiState {
            pool,
            intake,
            limits: ApiLimits::default(),
            assistant: Arc::default(),
            offset: chrono::FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset"),
            shared: Arc::default(),
        }
    }

    /// The website chat's assistant settings and the shop's offset (`utc_offset`).
    pub fn with_assistant(
        mut self,
        config: crate::assistant::AssistantConfig,
        offset: chrono::FixedOffset,
    ) -> ApiState {
        self.assistant = Arc::new(config);
        self.offset = offset;
        self
    }

    pub fn with_limits(mut self, limits: ApiLimits) -> ApiState {
        self.limits = limits;
        self
    }
}

/// The API's routes, to mount on a listener.
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/v1/orders", post(orders::create))
        .route("/v1/orders/{number}", get(orders::show))
        .route("/v1/stock", get(stock::show))
        .route("/v1/chat/messages", post(chat::post).get(chat::list))
        .route("/v1/openapi.json", get(openapi::serve))
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                en!("err-api-method-not-allowed"),
            )
        })
        .with_state(state)
}

/// 404 for paths outside the API, as a problem document: for a listener that mounts the
/// API beside other routes and wants its unknown paths answered the API's way.
pub async fn not_found() -> impl IntoResponse {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        en!("err-api-no-such-path"),
    )
}

/// 415 unless the request says its body is JSON (`application/json`, with any
/// parameters such as `charset=utf-8`).
fn require_json(headers: &HeaderMap) -> Result<(), Problem> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = given.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        return Ok(());
    }
    let shown = if given.is_empty() { "(none)" } else { given };
    Err(Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        en!("err-api-not-json", given = shown),
    ))
}

/// Reads the body within the router's limits: 413 when it is (or says it will be) larger
/// than allowed, 408 when it does not arrive in time. Either answer closes the
/// connection: the rest of the body is still on it.
async fn read_body(limits: ApiLimits, headers: &HeaderMap, body: Body) -> Result<Bytes, Problem> {
    let too_large = || {
        let mut p = Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            en!("err-api-body-too-large", max = limits.max_body),
        );
        p.close = true;
        p
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return Err(too_large());
    }
    let read = async {
        let mut stream = body.into_data_stream();
        let mut out = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "body-unreadable",
                    en!("err-api-body-unreadable", reason = e.to_string()),
                )
            })?;
            if out.len() + chunk.len() > limits.max_body {
                return Err(too_large());
            }
            out.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(out))
    };
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(read) => read,
        Err(_) => {
            let mut p = Problem::new(
                StatusCode::REQUEST_TIMEOUT,
                "body-too-slow",
                en!(
                    "err-api-body-too-slow",
                    seconds = limits.body_timeout.as_secs().max(1)
                ),
            );
            p.close = true;
            Err(p)
        }
    }
}

/// A channel's kind by its code (cached, see [`Shared::kinds`]); `None` when there is no
/// such channel.
async fn channel_kind(state: &ApiState, code: &str) -> Result<Option<String>, Problem> {
    if let Some(kind) = state
        .shared
        .kinds
        .lock()
        .ok()
        .and_then(|k| k.get(code).cloned())
    {
        return Ok(Some(kind));
    }
    let facts = orderdeck_store::api_keys::channel_facts(&state.pool, code)
        .await
        .map_err(|e| problem::internal("channel look-up", &e))?;
    let kind = facts.map(|f| f.kind);
    if let (Some(kind), Ok(mut kinds)) = (&kind, state.shared.kinds.lock()) {
        kinds.insert(code.to_string(), kind.clone());
    }
    Ok(kind)
}

/// How often answers older than the kept time are pruned, by whichever request comes
/// first after it: no timer task for the listener to own.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

fn prune_now_and_then(state: &ApiState) {
    let due = state.shared.pruned.lock().is_ok_and(|mut last| {
        let now = Instant::now();
        if last.is_some_and(|at| now.duration_since(at) < PRUNE_EVERY) {
            false
        } else {
            *last = Some(now);
            true
        }
    });
    if due {
        let pool = state.pool.clone();
        tokio::spawn(async move {
            match orderdeck_store::idempotency::prune(&pool).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("intake API: {n} expired idempotency key(s) pruned"),
                Err(e) => tracing::warn!("intake API: cannot prune idempotency keys: {e}"),
            }
        });
    }
}
