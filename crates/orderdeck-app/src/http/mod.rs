//! The one HTTP listener (`orderdeck serve --listen ADDR`, `orderdeck worker --listen ADDR`):
//! our order-intake API (`/v1/…`), the storefronts' webhooks (`/hooks/{code}`), the
//! marketplaces' pushes (`/push/{platform}`) and `/health`, all on one port.
//!
//! It faces the internet, so it holds its ground: a client must send its request headers
//! within [`Limits::header_timeout`] and a whole connection ends after
//! [`Limits::connection_timeout`] (a slow client cannot hold a socket); at most
//! [`Limits::max_connections`] are open at once and [`Limits::max_per_source`] from one
//! address; bodies and their arrival time are capped by each route (the API: 1 MiB within
//! 10 s; webhooks: axum's 2 MB). TLS is a reverse proxy's job (nginx, Caddy): the
//! listener speaks plain HTTP/1.1 and is meant to sit behind one or on loopback.
//!
//! Stopping is graceful: the listener stops accepting, every connection finishes the
//! request it is serving (keep-alive connections are then closed), and [`serve`] returns
//! when they are all done — or after [`Limits::drain`], whichever is first.

pub mod hooks;
pub mod messenger;
pub mod zalo;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use tokio::sync::{Semaphore, watch};
use tower::Layer;

/// The listener's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub connection_timeout: Duration,
    pub max_connections: usize,
    pub max_per_source: usize,
    /// How long a stop waits for the requests under way.
    pub drain: Duration,
}

impl Default for Limits {
    /// Platforms send one push and wait ≤ 5 s; API clients keep a connection for many
    /// orders, so a connection may live two minutes before it must reconnect.
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(5),
            connection_timeout: Duration::from_secs(120),
            max_connections: 512,
            max_per_source: 128,
            drain: Duration::from_secs(20),
        }
    }
}

/// Everything the listener answers.
/// How long a chat webhook's answer waits for its message to be handled: the platforms
/// give 2 s (Zalo) or 3 s (TikTok, Shopee) before they count a delivery as failed.
pub const CHAT_ANSWER_WITHIN: Duration = Duration::from_millis(1500);

/// A chat delivery's answer: 200 once `work` is done; 500 when it failed within the time
/// (the platform delivers again, and the message is stored once); 200 when it is still
/// running after [`CHAT_ANSWER_WITHIN`] (a language model thinking, a slow send) — the
/// platform has its answer and the work carries on.
pub async fn answer_chat<E>(
    what: &'static str,
    work: impl std::future::Future<Output = Result<(), E>> + Send + 'static,
) -> axum::http::StatusCode
where
    E: std::fmt::Display + Send + 'static,
{
    use axum::http::StatusCode;
    let mut task = tokio::spawn(work);
    match tokio::time::timeout(CHAT_ANSWER_WITHIN, &mut task).await {
        Ok(Ok(Ok(()))) => StatusCode::OK,
        Ok(Ok(Err(e))) => {
            tracing::warn!("{what}: a message could not be taken: {e}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        Ok(Err(e)) => {
            tracing::error!("{what}: handling a message failed: {e}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        Err(_) => StatusCode::OK,
    }
}

pub struct Routes {
    pub api: crate::api::ApiState,
    pub storefronts: Vec<crate::storefronts::Storefront>,
    /// Takes the storefronts' orders in.
    pub syncer: crate::channel_sync::Syncer,
    /// The marketplaces' pushes, when shops are configured.
    pub marketplaces: Option<crate::workers::channel_sync::Marketplaces>,
    /// The shop's Facebook Page, when `[assistant.messenger]` is set.
    pub messenger: Option<messenger::MessengerHook>,
    /// The shop's Zalo OA, when `[assistant.zalo]` is set.
    pub zalo: Option<zalo::ZaloHook>,
}

/// One router for every caller of the listener.
pub fn routes(r: Routes) -> Router {
    let mut app = crate::api::router(r.api).merge(hooks::router(r.storefronts, r.syncer));
    if let Some(m) = r.messenger {
        app = app.merge(messenger::router(m));
    }
    if let Some(z) = r.zalo {
        app = app.merge(zalo::router(z));
    }
    match r.marketplaces {
        // The marketplaces' router answers `/health` itself.
        Some(m) => app.merge(crate::workers::webhooks::router(m)),
        None => app.route("/health", axum::routing::get(|| async { "ok" })),
    }
}

/// Logs each cause at most once a minute, with the count since the last line: a flood of
/// bad requests is one line a minute, not one each.
#[derive(Default)]
pub struct Quiet {
    last: Mutex<HashMap<String, (Instant, u64)>>,
}

impl Quiet {
    /// `Some(n)`: say it now, `n` having happened since the last time it was said.
    pub fn due(&self, cause: &str) -> Option<u64> {
        let mut m = self.last.lock().ok()?;
        let now = Instant::now();
        match m.get_mut(cause) {
            Some((at, n)) if now.duration_since(*at) < Duration::from_secs(60) => {
                *n += 1;
                None
            }
            Some((at, n)) => {
                let seen = *n + 1;
                *at = now;
                *n = 0;
                Some(seen)
            }
            None => {
                m.insert(cause.to_string(), (now, 0));
                Some(1)
            }
        }
    }
}

/// Serves `app` until `stop` turns true, then drains (see the module doc).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let per_source: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let said = Arc::new(Quiet::default());
    loop {
        if *stop.borrow() {
            break;
        }
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file handles and the like: wait a moment, never spin or stop.
                Err(e) => {
                    if said.due("accept").is_some() {
                        tracing::warn!("listener cannot accept: {e}");
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            changed = stop.changed() => {
                if changed.is_err() || *stop.borrow() { break; }
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            if let Some(n) = said.due("full") {
                tracing::warn!(
                    "listener full ({} open): {n} connection(s) turned away",
                    limits.max_connections
                );
            }
            continue;
        };
        let source = peer.ip();
        let admitted = per_source.lock().is_ok_and(|mut m| {
            let n = m.entry(source).or_default();
            if *n >= limits.max_per_source {
                false
            } else {
                *n += 1;
                true
            }
        });
        if !admitted {
            if let Some(n) = said.due(&format!("source {source}")) {
                tracing::warn!(
                    "listener: {source} has {} connections open; {n} more turned away",
                    limits.max_per_source
                );
            }
            continue;
        }
        let _ = stream.set_nodelay(true);
        // Handlers see the peer as axum's `ConnectInfo` (refusals record who sent them).
        let service = hyper_util::service::TowerToHyperService::new(
            axum::Extension(axum::extract::ConnectInfo(peer)).layer(app.clone()),
        );
        let per_source = per_source.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            let ends = tokio::time::sleep(limits.connection_timeout);
            tokio::pin!(ends);
            let stopping = async {
                while !*stop.borrow() {
                    if stop.changed().await.is_err() {
                        break;
                    }
                }
            };
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = &mut ends => {}
                _ = stopping => {
                    // Finish the request under way, answer it, then close.
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.drain, connection.as_mut()).await;
                }
            }
            if let Ok(mut m) = per_source.lock()
                && let Some(n) = m.get_mut(&source)
            {
                *n -= 1;
                if *n == 0 {
                    m.remove(&source);
                }
            }
            drop(permit);
        });
    }
    // Every permit back = every connection done.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.drain, open.acquire_many(all)).await;
    Ok(())
}
