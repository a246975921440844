//! Background work shared by all consoles. Only one instance of each worker may run
//! across every console and `orderdeck worker`: a PostgreSQL advisory lock elects it.

pub mod channel_sync;
pub mod invoicer;
pub mod notices;
pub mod platform_parcels;
pub mod poller;
pub mod stock_sync;
pub mod webhooks;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use orderdeck_integrations::carriers::Carriers;
use orderdeck_integrations::invoice_providers::InvoiceProviders;

/// Holds a session-level advisory lock for as long as it lives; when the process dies
/// the server drops the lock and another instance can take over.
pub struct Leadership {
    /// A connection of its own, out of the pool: when it is dropped (or the process
    /// dies) the server sees the session end and frees the lock for another instance.
    conn: sqlx::PgConnection,
    key: i64,
}

impl Leadership {
    /// Tries to become the one instance of `key`; `None` when another holds it.
    pub async fn try_acquire(pool: &PgPool, key: i64) -> Result<Option<Leadership>, sqlx::Error> {
        let mut conn = pool.acquire().await?.detach();
        let got: bool = sqlx::query_scalar("select pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut conn)
            .await?;
        Ok(got.then_some(Leadership { conn, key }))
    }

    /// The lock is still ours: its connection still answers.
    pub async fn still_held(&mut self) -> bool {
        sqlx::query_scalar::<_, i32>("select 1")
            .fetch_one(&mut self.conn)
            .await
            .is_ok()
    }

    pub async fn release(mut self) -> Result<(), sqlx::Error> {
        sqlx::query("select pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut self.conn)
            .await?;
        Ok(())
    }
}

/// What an elected worker is: its lock, its name in the logs, how often a standing-by
/// instance asks for the lock again, and what it says when it starts leading.
pub struct Election<'a> {
    pub key: i64,
    pub name: &'a str,
    pub standby_retry: Duration,
    pub leading: &'a str,
}

/// The life of an elected worker, the same for all of them: stand by while another
/// instance holds the lock; when this one gets it, start a term with fresh `state`, run
/// `round` after round (each says how long to rest before the next) until `stop` turns
/// true — the lock is released, `end` runs, it returns — or the lock's connection is gone,
/// after which `end` runs and it stands by again.
///
/// `round` takes the term's state and gives it back with the rest it wants: a future that
/// owns what it changes (and borrows only what outlives the worker) is `Send` as the
/// runtime needs.
pub async fn elected<S, F, Fut>(
    pool: &PgPool,
    election: Election<'_>,
    mut stop: watch::Receiver<bool>,
    mut begin: impl FnMut() -> S,
    mut round: F,
    mut end: impl FnMut(&mut S),
) where
    F: FnMut(S) -> Fut,
    Fut: std::future::Future<Output = (S, Duration)>,
{
    let name = election.name;
    loop {
        if *stop.borrow() {
            return;
        }
        let lead = Leadership::try_acquire(pool, election.key)
            .await
            .unwrap_or_else(|e| {
                tracing::debug!("{name}: cannot ask for leadership: {e}");
                None
            });
        let Some(mut lead) = lead else {
            tokio::select! {
                _ = tokio::time::sleep(election.standby_retry) => continue,
                _ = stop.changed() => return,
            }
        };
        tracing::info!("{name}: this instance is now {}", election.leading);
        let mut state = begin();
        loop {
            let (next, pause) = round(state).await;
            state = next;
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {
                    end(&mut state);
                    let _ = lead.release().await;
                    return;
                }
            }
            // The lock lives with its connection: if that is gone, so is leadership.
            if !lead.still_held().await {
                tracing::warn!("{name}: lost the database connection; standing by");
                break;
            }
        }
        end(&mut state);
    }
}

/// The background work a process started, and what it says about it.
pub struct Started {
    /// Tasks that end when the stop signal is sent.
    pub tasks: Vec<JoinHandle<()>>,
    /// What runs, a line each, for the terminal or the log.
    pub said: Vec<String>,
    /// Shops that could not be opened, a line each.
    pub problems: Vec<String>,
    /// The marketplace shops in sync, for a webhook listener.
    pub marketplaces: Option<channel_sync::Marketplaces>,
}

/// Starts every background worker the config calls for, in a console or in
/// `orderdeck worker` alike: the tracking poller (when a carrier is configured),
/// automatic invoicing (when `invoicing.auto_provider` is set), marketplace order sync and
/// stock sync (when a shop is configured). Each elects one instance across all processes.
pub async fn spawn_all(
    pool: &PgPool,
    config: &Config,
    carriers: Arc<Carriers>,
    invoices: Arc<InvoiceProviders>,
    stop: watch::Receiver<bool>,
) -> Started {
    let mut started = Started {
        tasks: Vec::new(),
        said: Vec::new(),
        problems: Vec::new(),
        marketplaces: None,
    };
    // The storefronts' stock goes back through the same outbox as the marketplaces', and
    // WooCommerce's orders are also pulled (it never retries a failed webhook).
    let (fronts, problems) = crate::storefronts::open_all(pool, &config.storefronts).await;
    started.problems = problems;
    let catch_up: Vec<_> = fronts
        .iter()
        .filter(|f| f.config.kind == orderdeck_integrations::marketplace::ChannelKind::WooCommerce)
        .map(|f| f.shop.clone())
        .collect();
    let (m, problems) = channel_sync::start(
        pool,
        &config.channels,
        &config.order_sync,
        catch_up,
        stop.clone(),
    )
    .await;
    started.problems.extend(problems);
    let mut stock_shops: Vec<_> = fronts.into_iter().map(|f| f.shop).collect();
    if let Some(m) = &m {
        stock_shops.extend(m.shops.iter().cloned());
    }
    if !stock_shops.is_empty() {
        let (task, line) = stock_sync::start(pool, &stock_shops, config, stop.clone());
        started.said.push(line);
        started.tasks.extend(task);
    }
    if let Some(m) = m {
        started.said.push(orderdeck_i18n::t!(
            "common-worker-order-sync",
            shops = m
                .shops
                .iter()
                .map(|s| s.kind().label())
                .collect::<Vec<_>>()
                .join(", "),
            seconds = config.order_sync.every().as_secs()
        ));
        started.tasks.push(tokio::spawn(platform_parcels::run(
            pool.clone(),
            m.shops.clone(),
            platform_parcels::PlatformParcelOptions::from_config(config, "tracking"),
            stop.clone(),
        )));
        started.marketplaces = Some(m);
    }
    if !carriers.configured().is_empty() {
        started.tasks.push(tokio::spawn(poller::run(
            pool.clone(),
            carriers,
            poller::PollerOptions::from_config(config, "tracking"),
            Arc::new(AtomicBool::new(false)),
            stop.clone(),
        )));
        started
            .said
            .push(orderdeck_i18n::t!("common-worker-poller"));
    }
    // Buyers told of their orders' progress on their channel, or by e-mail.
    let (senders, problems) = crate::assistant::senders::Senders::from_config(&config.assistant);
    started.problems.extend(problems);
    let mailer = orderdeck_integrations::mail::Mailer::new(config.smtp.as_ref()).ok();
    started.tasks.push(tokio::spawn(notices::run(
        pool.clone(),
        senders,
        mailer,
        Duration::from_secs(5),
        stop.clone(),
    )));
    started
        .said
        .push(orderdeck_i18n::t!("common-worker-notices"));
    if config.invoicing.auto_provider.is_some() {
        started.tasks.push(tokio::spawn(invoicer::run(
            pool.clone(),
            invoices,
            config.invoicing.clone(),
            Duration::from_secs(5),
            stop,
        )));
        started
            .said
            .push(orderdeck_i18n::t!("common-worker-invoicing"));
    }
    started
}
