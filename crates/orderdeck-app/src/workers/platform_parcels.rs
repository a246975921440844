//! The marketplaces' parcels, followed as the tracking poller follows our carriers':
//! one elected instance across every console finishes what arranging left (a lost reply,
//! a Shopee tracking number that comes minutes later, an AWB still being made), records
//! where each platform parcel is (panes 4 and 6, exceptions, completion), and brings in
//! buyers' cancellation requests so the pack station stops on them.

use std::time::{Duration, Instant};

use sqlx::PgPool;
use tokio::sync::watch;

use super::{Election, elected};
use crate::channels::OpenChannel;
use crate::fulfil;

/// The advisory lock of the one instance that follows platform parcels ("odplatfm").
pub const PLATFORM_PARCELS_KEY: i64 = 0x006f_6470_6c61_7466;

#[derive(Debug, Clone)]
pub struct PlatformParcelOptions {
    /// How often each live parcel is asked about.
    pub every: Duration,
    /// How often buyers' cancellation requests are looked for.
    pub cancel_requests_every: Duration,
    pub standby_retry: Duration,
    /// Name written on timeline events.
    pub actor: String,
}

impl PlatformParcelOptions {
    pub fn from_config(config: &crate::config::Config, actor: &str) -> Self {
        let every = Duration::from_secs(config.shipping.poll_seconds.unwrap_or(60).max(1));
        PlatformParcelOptions {
            every,
            cancel_requests_every: every.max(Duration::from_secs(10)),
            standby_retry: Duration::from_secs(2),
            actor: actor.to_string(),
        }
    }
}

/// One round over every shop.
pub async fn round(
    pool: &PgPool,
    shops: &[OpenChannel],
    opts: &PlatformParcelOptions,
    with_cancel_requests: bool,
) -> fulfil::ParcelRound {
    let mut total = fulfil::ParcelRound::default();
    for shop in shops {
        match fulfil::poll_shop(pool, &shop.client, shop.row.id, &opts.actor, opts.every).await {
            Ok(r) => {
                total.finished += r.finished;
                total.asked += r.asked;
                total.changed += r.changed;
                total.failed += r.failed;
            }
            Err(e) => {
                total.failed += 1;
                tracing::info!("{}: platform parcels: {e}", shop.kind().label());
            }
        }
        if with_cancel_requests
            && let Err(e) = fulfil::sync_cancel_requests(pool, &shop.client, shop.row.id).await
        {
            tracing::info!("{}: cancellation requests: {e}", shop.kind().label());
        }
    }
    total
}

/// Runs until `stop` turns true, leading when no other instance does.
pub async fn run(
    pool: PgPool,
    shops: Vec<OpenChannel>,
    opts: PlatformParcelOptions,
    stop: watch::Receiver<bool>,
) {
    let election = Election {
        key: PLATFORM_PARCELS_KEY,
        name: "platform parcels",
        standby_retry: opts.standby_retry,
        leading: "following the marketplaces' parcels",
    };
    let (db, shops, opts) = (&pool, &shops, &opts);
    // The state of a term: when cancellation requests were last looked for.
    let begin = || None::<Instant>;
    let round = move |last: Option<Instant>| async move {
        let due = last.is_none_or(|t| t.elapsed() >= opts.cancel_requests_every);
        let r = round(db, shops, opts, due).await;
        if r.asked + r.finished > 0 {
            tracing::debug!(?r, "platform parcels round");
        }
        let last = if due { Some(Instant::now()) } else { last };
        (last, Duration::from_secs(1).min(opts.every))
    };
    elected(&pool, election, stop, begin, round, |_| {}).await;
}
