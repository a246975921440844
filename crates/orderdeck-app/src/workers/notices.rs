//! Buyer notices (`assistant::notices`): one instance across all consoles and workers,
//! elected like the others; a round every few seconds tells buyers of their orders' new
//! events. Rounds are safe to repeat: each event is claimed once.

use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use super::{Election, elected};
use crate::assistant::notices;
use crate::assistant::senders::Senders;
use orderdeck_integrations::mail::Mailer;

/// The advisory lock key of the notifier ("odnotic").
pub const NOTIFIER_KEY: i64 = 0x006f_646e_6f74_6963;

pub async fn run(
    pool: PgPool,
    senders: Senders,
    mailer: Option<Mailer>,
    every: Duration,
    stop: watch::Receiver<bool>,
) {
    let election = Election {
        key: NOTIFIER_KEY,
        name: "notices",
        standby_retry: every,
        leading: "telling buyers of their orders' progress",
    };
    let (db, senders, mailer) = (&pool, &senders, &mailer);
    let round = move |()| async move {
        match notices::round(db, senders, mailer.as_ref(), 100).await {
            Ok(r) if r.sent + r.not_sent > 0 => tracing::info!(?r, "notices round"),
            Ok(_) => {}
            Err(e) => tracing::warn!("notices: {e}"),
        }
        ((), every)
    };
    elected(&pool, election, stop, || (), round, |_| {}).await;
}
