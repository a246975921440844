//! LISTEN/NOTIFY: every console hears what changed, and hears when the server goes away.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener};
use tokio::sync::mpsc;

/// The channel every trigger announces on.
pub use orderdeck_domain::change::{Change, DbEvent};

pub const CHANNEL: &str = "orderdeck";

/// Listens until the receiver is dropped, reconnecting with back-off (0.2 s doubling to
/// 5 s) whenever the server goes away.
pub async fn run(options: PgConnectOptions, tx: mpsc::UnboundedSender<DbEvent>) {
    run_reviving(options, tx, None).await
}

/// As [`run`]; when the server is an embedded cluster, a failed reconnect also starts it
/// again if it is down (a crash): consoles on it recover by themselves, one of them doing
/// the start (the cluster's file lock), instead of "reconnecting…" until some other
/// command happens to start it.
pub async fn run_reviving(
    options: PgConnectOptions,
    tx: mpsc::UnboundedSender<DbEvent>,
    cluster: Option<crate::embedded::Cluster>,
) {
    let mut backoff = Duration::from_millis(200);
    loop {
        let mut listener = match connect(&options).await {
            Ok(l) => l,
            Err(e) => {
                if tx.send(DbEvent::Lost(e.to_string())).is_err() {
                    return;
                }
                if let Some(c) = cluster.clone() {
                    match tokio::task::spawn_blocking(move || c.ensure_running()).await {
                        Ok(Ok(())) => {
                            tracing::warn!("the embedded PostgreSQL was down; started it again");
                            continue;
                        }
                        Ok(Err(e)) => tracing::warn!("cannot start the embedded PostgreSQL: {e}"),
                        Err(_) => {}
                    }
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        backoff = Duration::from_millis(200);
        if tx.send(DbEvent::Connected).is_err() {
            return;
        }
        loop {
            // try_recv reports a lost connection as Ok(None) instead of silently
            // reconnecting, so the console can show it.
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    if let Ok(change) = serde_json::from_str::<Change>(n.payload())
                        && tx.send(DbEvent::Changed(change)).is_err()
                    {
                        return;
                    }
                }
                Ok(None) => {
                    if tx
                        .send(DbEvent::Lost("connection closed by the server".into()))
                        .is_err()
                    {
                        return;
                    }
                    break;
                }
                Err(e) => {
                    if tx.send(DbEvent::Lost(e.to_string())).is_err() {
                        return;
                    }
                    break;
                }
            }
        }
        tokio::time::sleep(backoff).await;
    }
}

async fn connect(options: &PgConnectOptions) -> Result<PgListener, sqlx::Error> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy_with(options.clone());
    let mut l = PgListener::connect_with(&pool).await?;
    l.listen(CHANNEL).await?;
    Ok(l)
}
