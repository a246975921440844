//! The stock-sync worker: drains the `stock` outbox to the marketplaces every second
//! (see [`crate::stock_sync`]) and runs product sync once per off-peak window
//! (`[listings] product_sync_window`). Exactly one runs across all consoles and
//! `orderdeck worker`s: an advisory lock elects it, another takes over within seconds
//! when it dies (claimed rows come back when their lease runs out).
//!
//! It uses the shops the process opened for order sync ([`OpenChannel`]), so one token
//! keeper per shop serves both.

use std::time::Duration;

use chrono::{FixedOffset, Utc};
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{Election, elected};
use crate::channels::OpenChannel;
use crate::config::Config;
use crate::product_sync::{self, ListingsConfig, SyncWindow};
use crate::stock_sync::{self, DrainOptions, Pacer, Shops};
use orderdeck_integrations::marketplace::SalesChannel;

/// The advisory lock key of the stock-sync worker ("odstock").
pub const STOCK_SYNC_KEY: i64 = 0x006f_6473_746f_636b;

#[derive(Debug, Clone)]
pub struct StockSyncOptions {
    /// How often the outbox is looked at.
    pub every: Duration,
    /// How often a standby instance tries to take over.
    pub standby_retry: Duration,
    pub drain: DrainOptions,
    /// Product sync by itself once per window; `None`: on demand only.
    pub window: Option<SyncWindow>,
    /// The scheduled product sync also creates missing listings.
    pub push: bool,
    /// Local time, for the window.
    pub offset: FixedOffset,
    pub listings: ListingsConfig,
}

impl StockSyncOptions {
    pub fn from_config(config: &Config) -> Result<StockSyncOptions, String> {
        let offset =
            orderdeck_domain::time::parse_offset(config.utc_offset.as_deref().unwrap_or("+07:00"))?;
        Ok(StockSyncOptions {
            every: Duration::from_secs(1),
            standby_retry: Duration::from_secs(2),
            drain: DrainOptions {
                pace: config.listings.stock_pace_ms.pace(),
                ..DrainOptions::default()
            },
            window: config.listings.product_sync_window,
            push: config.listings.product_sync_push,
            offset,
            listings: config.listings.clone(),
        })
    }

    /// One line for `orderdeck worker` to say what runs.
    pub fn describe(&self) -> String {
        match self.window {
            Some(w) if self.push => {
                orderdeck_i18n::t!("common-worker-stock-sync-pull-push", window = w.to_string())
            }
            Some(w) => orderdeck_i18n::t!("common-worker-stock-sync-pull", window = w.to_string()),
            None => orderdeck_i18n::t!("common-worker-stock-sync-on-demand"),
        }
    }
}

/// The shops as the drain calls them: rate limits of more than a second come back to be
/// rescheduled rather than waited out inside the call.
fn drain_shops(shops: &[OpenChannel]) -> Shops {
    shops
        .iter()
        .map(|s| {
            (
                s.row.id,
                stock_sync::with_retry(&s.client, stock_sync::DRAIN_RETRY),
            )
        })
        .collect()
}

/// Starts product sync for the shops whose window run is due; at most one run at a time.
async fn scheduled_product_sync(
    pool: &PgPool,
    shops: &[OpenChannel],
    opts: &StockSyncOptions,
    running: &mut Option<JoinHandle<()>>,
) {
    if running.as_ref().is_some_and(|t| !t.is_finished()) {
        return;
    }
    let mut due = Vec::new();
    for s in shops {
        // A storefront's variants are read once at first, whatever the window: its stock
        // cannot go back before they are matched to ours.
        let first_time = s.kind().is_storefront();
        match product_sync::last_run(pool, s.row.id).await {
            Ok(None) if first_time => due.push(s.clone()),
            Ok(last)
                if opts
                    .window
                    .is_some_and(|w| w.due(Utc::now(), opts.offset, last)) =>
            {
                due.push(s.clone())
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("product sync: cannot read when it last ran: {e}"),
        }
    }
    if due.is_empty() {
        return;
    }
    let (pool, push, listings) = (pool.clone(), opts.push, opts.listings.clone());
    *running = Some(tokio::spawn(async move {
        for s in due {
            let kind = s.client.kind();
            // Products are made on the website, never from here: a storefront is read.
            if push && !kind.is_storefront() {
                match product_sync::push(&pool, s.row.id, &s.client, listings.defaults(kind), None)
                    .await
                {
                    Ok(r) => tracing::info!(
                        channel = %s.row.code,
                        listings = r.pull.listings,
                        matched = r.pull.matched,
                        unmatched = r.pull.unmatched.len(),
                        created = r.created.len(),
                        failed = r.failed.len(),
                        "scheduled product sync (pull and push)"
                    ),
                    Err(e) => tracing::warn!(channel = %s.row.code, "scheduled product sync: {e}"),
                }
            } else {
                match product_sync::pull(&pool, s.row.id, &s.client).await {
                    Ok(r) => tracing::info!(
                        channel = %s.row.code,
                        listings = r.listings,
                        matched = r.matched,
                        unmatched = r.unmatched.len(),
                        gone = r.gone,
                        "scheduled product sync (pull)"
                    ),
                    Err(e) => tracing::warn!(channel = %s.row.code, "scheduled product sync: {e}"),
                }
            }
        }
    }));
}

/// Runs until `stop` turns true: stands by while another instance leads, leads when it
/// can.
pub async fn run(
    pool: PgPool,
    shops: Vec<OpenChannel>,
    opts: StockSyncOptions,
    stop: watch::Receiver<bool>,
) {
    if shops.is_empty() {
        return;
    }
    let drain = drain_shops(&shops);
    let election = Election {
        key: STOCK_SYNC_KEY,
        name: "stock sync",
        standby_retry: opts.standby_retry,
        leading: "pushing stock to the marketplaces",
    };
    let begin = || Term {
        pacer: Pacer::new(),
        product_run: None,
        last_schedule_check: tokio::time::Instant::now() - Duration::from_secs(3600),
    };
    let (db, drain, shops, opts) = (&pool, &drain, &shops, &opts);
    let round = move |mut term: Term| async move {
        let mut pause = opts.every;
        match stock_sync::drain(db, drain, &opts.drain, &term.pacer).await {
            Ok(r) if r.rows > 0 => {
                if r.errors.is_empty() {
                    tracing::debug!(?r, "stock sync round");
                } else {
                    tracing::info!(?r, "stock sync round");
                }
                // A full batch: more may be waiting.
                if i64::try_from(r.rows).unwrap_or(i64::MAX) >= opts.drain.batch {
                    pause = Duration::ZERO;
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("stock sync: {e}"),
        }
        if term.last_schedule_check.elapsed() >= Duration::from_secs(60) {
            term.last_schedule_check = tokio::time::Instant::now();
            scheduled_product_sync(db, shops, opts, &mut term.product_run).await;
        }
        (term, pause)
    };
    // A product sync this leader started does not outlive its term: the next leader may
    // start its own.
    let end = |term: &mut Term| {
        if let Some(t) = term.product_run.take() {
            t.abort();
        }
    };
    elected(&pool, election, stop, begin, round, end).await;
}

/// What one leader of stock sync keeps between rounds.
struct Term {
    pacer: Pacer,
    product_run: Option<JoinHandle<()>>,
    last_schedule_check: tokio::time::Instant,
}

/// Starts the worker for these shops (the ones order sync opened), and says in one line
/// what runs (or why nothing does).
pub fn start(
    pool: &PgPool,
    shops: &[OpenChannel],
    config: &Config,
    stop: watch::Receiver<bool>,
) -> (Option<JoinHandle<()>>, String) {
    if shops.is_empty() {
        return (None, orderdeck_i18n::t!("err-stock-sync-no-shop"));
    }
    match StockSyncOptions::from_config(config) {
        Ok(opts) => {
            let line = opts.describe();
            (
                Some(tokio::spawn(run(pool.clone(), shops.to_vec(), opts, stop))),
                line,
            )
        }
        Err(e) => (
            None,
            orderdeck_i18n::t!("err-stock-sync-not-started", error = e.to_string()),
        ),
    }
}
