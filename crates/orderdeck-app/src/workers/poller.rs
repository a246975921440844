//! The tracking poller: asks the carriers about every parcel still on its way, in
//! batches, within each carrier's pace, and records what is new. Exactly one runs
//! across all consoles and workers (an advisory lock elects it); the others wait and
//! take over within seconds when it dies.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use super::{Election, elected};
use crate::shipping::ShipError;
use crate::tracking;
use orderdeck_integrations::carrier::{CarrierError, CarrierKind};
use orderdeck_integrations::carriers::Carriers;

/// The advisory lock key of the tracking poller ("odtrack").
pub const POLLER_KEY: i64 = 0x006f_6474_7261_636b;

#[derive(Debug, Clone)]
pub struct PollerOptions {
    /// How often each active parcel is asked about.
    pub every: Duration,
    /// Parcels taken per round.
    pub batch: i64,
    /// Calls in flight per carrier at once.
    pub per_carrier: usize,
    /// How often a standby instance tries to take over.
    pub standby_retry: Duration,
    /// Name written on timeline events.
    pub actor: String,
}

impl Default for PollerOptions {
    fn default() -> Self {
        PollerOptions {
            every: Duration::from_secs(60),
            batch: 200,
            per_carrier: 4,
            standby_retry: Duration::from_secs(2),
            actor: "tracking".into(),
        }
    }
}

impl PollerOptions {
    /// The pace `[shipping] poll_seconds` asks for; events are written as `actor`.
    pub fn from_config(config: &crate::config::Config, actor: &str) -> Self {
        PollerOptions {
            every: Duration::from_secs(config.shipping.poll_seconds.unwrap_or(60).max(1)),
            actor: actor.to_string(),
            ..PollerOptions::default()
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub asked: usize,
    pub new_events: usize,
    pub changed: usize,
    pub failed: usize,
}

/// Per-carrier back-off: doubles on trouble (from 1 s to 2 min), honours Retry-After,
/// and resets on success.
#[derive(Debug, Default)]
struct Backoff {
    wait: HashMap<CarrierKind, Duration>,
}

impl Backoff {
    fn trouble(&mut self, kind: CarrierKind, e: &CarrierError) -> Duration {
        let w = self.wait.entry(kind).or_insert(Duration::from_millis(500));
        *w = (*w * 2).min(Duration::from_secs(120));
        if let CarrierError::RateLimited {
            retry_after_secs, ..
        } = e
        {
            *w = (*w).max(Duration::from_secs(*retry_after_secs));
        }
        *w
    }

    fn ok(&mut self, kind: CarrierKind) {
        self.wait.remove(&kind);
    }

    fn current(&self, kind: CarrierKind) -> Option<Duration> {
        self.wait.get(&kind).copied()
    }
}

/// One round: every due parcel asked once, carriers in parallel, each within its limit.
/// A carrier in trouble is skipped until its back-off has passed.
pub async fn round(pool: &PgPool, carriers: &Carriers, opts: &PollerOptions) -> Round {
    let mut backoff = Backoff::default();
    round_with(pool, carriers, opts, &mut backoff).await
}

async fn round_with(
    pool: &PgPool,
    carriers: &Carriers,
    opts: &PollerOptions,
    backoff: &mut Backoff,
) -> Round {
    let due = match tracking::due(pool, opts.batch).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!("tracking poller: cannot read due shipments: {e}");
            return Round::default();
        }
    };
    let mut by_carrier: HashMap<CarrierKind, Vec<tracking::Due>> = HashMap::new();
    for d in due {
        if let Some(k) = CarrierKind::parse(&d.carrier)
            && backoff.current(k).is_none()
        {
            by_carrier.entry(k).or_default().push(d);
        }
    }
    let mut total = Round::default();
    let work = by_carrier.into_iter().map(|(kind, list)| async move {
        use futures::StreamExt;
        let results: Vec<(i64, Result<tracking::Applied, ShipError>)> = futures::stream::iter(list)
            .map(|d| async move {
                let r = tracking::refresh(pool, carriers, &d, &opts.actor, opts.every).await;
                (d.id, r)
            })
            .buffer_unordered(opts.per_carrier.max(1))
            .collect()
            .await;
        (kind, results)
    });
    for (kind, results) in futures::future::join_all(work).await {
        let mut trouble = None;
        for (id, r) in results {
            total.asked += 1;
            match r {
                Ok(a) => {
                    total.new_events += a.new_events;
                    total.changed += usize::from(a.status.is_some());
                }
                Err(e) => {
                    total.failed += 1;
                    let wait = match &e {
                        ShipError::Carrier(c) if c.is_transient() => {
                            trouble = Some(c.clone());
                            backoff.trouble(kind, c)
                        }
                        _ => opts.every,
                    };
                    if let Err(db) = tracking::poll_failed(pool, id, &e.to_string(), wait).await {
                        tracing::warn!("tracking poller: cannot record a failed poll: {db}");
                    }
                }
            }
        }
        if trouble.is_none() {
            backoff.ok(kind);
        }
    }
    total
}

/// Runs until `stop` turns true: stands by while another instance leads, leads when it
/// can. `active` tells the console whether this instance is the one polling.
pub async fn run(
    pool: PgPool,
    carriers: Arc<Carriers>,
    opts: PollerOptions,
    active: Arc<AtomicBool>,
    stop: watch::Receiver<bool>,
) {
    let election = Election {
        key: POLLER_KEY,
        name: "tracking poller",
        standby_retry: opts.standby_retry,
        leading: "polling",
    };
    let begin = || {
        active.store(true, Ordering::SeqCst);
        Backoff::default()
    };
    let (db, carriers, opts) = (&pool, &carriers, &opts);
    let round = move |mut backoff: Backoff| async move {
        let r = round_with(db, carriers, opts, &mut backoff).await;
        if r.asked > 0 {
            tracing::debug!(?r, "tracking poller round");
        }
        // Rest a little between rounds; parcels carry their own next-poll times.
        let pause = if r.asked as i64 >= opts.batch {
            Duration::from_millis(50)
        } else {
            Duration::from_secs(1).min(opts.every)
        };
        (backoff, pause)
    };
    let end = |_: &mut Backoff| active.store(false, Ordering::SeqCst);
    elected(&pool, election, stop, begin, round, end).await;
}
