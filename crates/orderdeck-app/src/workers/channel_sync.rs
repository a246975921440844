//! The channel-sync worker: pulls every configured marketplace shop's orders every few
//! seconds (`[order_sync] every_seconds`), shops side by side, each backing off on its
//! own when its platform asks us to slow down or cannot be reached. Exactly one runs
//! across all consoles and `orderdeck worker`s (an advisory lock elects it; another takes
//! over within seconds when it dies): two would pull the same orders and race each
//! other's token refreshes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;
use tokio::time::Instant;

use super::{Election, elected};
use crate::channel_sync::{OrderSyncConfig, SyncError, Syncer};
use crate::channels::{self, OpenChannel};
use crate::intake::IntakeQueue;
use orderdeck_integrations::marketplace::{ChannelKind, ChannelsConfig};

/// The advisory lock key of the channel-sync worker ("odchsyn").
pub const CHANNEL_SYNC_KEY: i64 = 0x006f_6463_6873_796e;

/// The longest a shop in trouble waits before it is tried again.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// The configured shops, opened once per process and shared by the sync worker and the
/// webhook listener (one token keeper per shop), with the syncer they pull through.
#[derive(Clone)]
pub struct Marketplaces {
    pub syncer: Syncer,
    pub shops: Vec<OpenChannel>,
    /// The buyer chat of the shops that were granted it: their chat pushes (TikTok type
    /// 14, Shopee code 10) come on the same `/push/{platform}` and go to the desk.
    pub chat: Option<crate::market_chat::ChatDesk>,
}

impl Marketplaces {
    /// Opens every `[channels.*]` shop; the ones that cannot be opened are left out and
    /// said why (one line each).
    pub async fn open(
        pool: &PgPool,
        channels_cfg: &ChannelsConfig,
        order_sync: &OrderSyncConfig,
        actor: &str,
    ) -> (Marketplaces, Vec<String>) {
        let mut shops = Vec::new();
        let mut problems = Vec::new();
        for (kind, opened) in channels::open_all(pool, channels_cfg).await {
            match opened {
                Ok(shop) => {
                    if !shop.row.has_tokens {
                        problems.push(orderdeck_i18n::t!(
                            "err-shop-not-authorised",
                            channel = kind.label()
                        ));
                    }
                    shops.push(shop);
                }
                Err(e) => problems.push(format!("{}: {e}", kind.label())),
            }
        }
        // The shops and the webhook listener hand their orders to one writer: it makes
        // the largest groups, where two race for the same stock rows (`bench intake
        // --writers` measured one ahead of two at every client count from 2 to 16).
        let syncer = Syncer::new(
            pool.clone(),
            IntakeQueue::start(pool.clone(), 1),
            order_sync.options(actor),
        );
        (
            Marketplaces {
                syncer,
                shops,
                chat: None,
            },
            problems,
        )
    }

    /// Hands the shops' chat pushes to `chat` (see [`crate::market_chat`]).
    pub fn with_chat(mut self, chat: crate::market_chat::ChatDesk) -> Marketplaces {
        self.chat = Some(chat);
        self
    }

    pub fn shop(&self, kind: ChannelKind) -> Option<&OpenChannel> {
        self.shops.iter().find(|s| s.kind() == kind)
    }
}

#[derive(Debug, Clone)]
pub struct ChannelSyncOptions {
    /// How often each shop is pulled.
    pub every: Duration,
    /// How often a standby instance tries to take over.
    pub standby_retry: Duration,
}

impl Default for ChannelSyncOptions {
    fn default() -> Self {
        ChannelSyncOptions {
            every: Duration::from_secs(60),
            standby_retry: Duration::from_secs(2),
        }
    }
}

/// When a shop is pulled next, and how long it is waiting out trouble.
#[derive(Debug, Clone, Copy)]
struct Pace {
    next: Instant,
    backoff: Option<Duration>,
}

impl Pace {
    fn now() -> Pace {
        Pace {
            next: Instant::now(),
            backoff: None,
        }
    }

    fn ok(&mut self, every: Duration) {
        self.backoff = None;
        self.next = Instant::now() + every;
    }

    /// Transient trouble doubles the wait (2 s up to 5 min, at least what the platform
    /// asked for); anything else needs a person, so the shop is tried only now and then.
    fn trouble(&mut self, e: &SyncError, every: Duration) -> Duration {
        let wait = if e.is_transient() {
            let b = self
                .backoff
                .map_or(Duration::from_secs(2), |b| b * 2)
                .min(MAX_BACKOFF)
                .max(e.retry_after().unwrap_or_default());
            self.backoff = Some(b);
            b
        } else {
            (every * 5).max(MAX_BACKOFF)
        };
        self.next = Instant::now() + wait;
        wait
    }
}

/// Pulls every shop that is due, side by side.
async fn round(m: &Marketplaces, opts: &ChannelSyncOptions, paces: &mut [Pace]) {
    let now = Instant::now();
    let due: Vec<usize> = (0..m.shops.len())
        .filter(|i| paces.get(*i).is_some_and(|p| p.next <= now))
        .collect();
    let results = futures::future::join_all(due.iter().filter_map(|i| {
        let shop = m.shops.get(*i)?;
        Some(async move { (*i, m.syncer.sync_channel(&shop.client, shop.row.id).await) })
    }))
    .await;
    for (i, result) in results {
        let (Some(shop), Some(pace)) = (m.shops.get(i), paces.get_mut(i)) else {
            continue;
        };
        match result {
            Ok(r) => {
                if r.is_quiet() {
                    tracing::debug!(channel = %shop.row.code, "order sync: {r}");
                } else {
                    tracing::info!(channel = %shop.row.code, "order sync: {r}");
                }
                pace.ok(opts.every);
            }
            // A console is pulling this shop by hand: its orders come in through it.
            Err(crate::channel_sync::SyncError::Busy(_)) => pace.ok(opts.every),
            Err(e) => {
                let wait = pace.trouble(&e, opts.every);
                tracing::warn!(
                    channel = %shop.row.code,
                    retry_in_s = wait.as_secs(),
                    "order sync failed: {e}"
                );
            }
        }
    }
}

/// Runs until `stop` turns true: stands by while another instance leads, leads when it
/// can. `active` tells whether this instance is the one pulling.
pub async fn run(
    pool: PgPool,
    m: Marketplaces,
    opts: ChannelSyncOptions,
    active: Arc<AtomicBool>,
    stop: watch::Receiver<bool>,
) {
    if m.shops.is_empty() {
        return;
    }
    let election = Election {
        key: CHANNEL_SYNC_KEY,
        name: "order sync",
        standby_retry: opts.standby_retry,
        leading: "pulling the marketplaces",
    };
    let begin = || {
        active.store(true, Ordering::SeqCst);
        vec![Pace::now(); m.shops.len()]
    };
    let (shops, opts_ref) = (&m, &opts);
    let one_round = move |mut paces: Vec<Pace>| async move {
        round(shops, opts_ref, &mut paces).await;
        let next = paces
            .iter()
            .map(|p| p.next)
            .min()
            .unwrap_or_else(|| Instant::now() + opts_ref.every);
        // Wake at least every few seconds to check that the lock is still ours.
        let pause = next
            .saturating_duration_since(Instant::now())
            .min(Duration::from_secs(5));
        (paces, pause)
    };
    let end = |_: &mut Vec<Pace>| active.store(false, Ordering::SeqCst);
    elected(&pool, election, stop, begin, one_round, end).await;
}

/// Starts the worker inside a console or `orderdeck worker` for the configured shops;
/// `None` when no marketplace is configured. `catch_up`: storefronts pulled beside them
/// (WooCommerce, which never retries a failed webhook). What could not be opened is in
/// the second value.
pub async fn start(
    pool: &PgPool,
    channels_cfg: &ChannelsConfig,
    order_sync: &OrderSyncConfig,
    catch_up: Vec<OpenChannel>,
    stop: watch::Receiver<bool>,
) -> (Option<Marketplaces>, Vec<String>) {
    let marketplaces = !channels::configured(channels_cfg).is_empty();
    if !marketplaces && catch_up.is_empty() {
        return (None, Vec::new());
    }
    let (m, problems) = Marketplaces::open(pool, channels_cfg, order_sync, "channel sync").await;
    let opts = ChannelSyncOptions {
        every: order_sync.every(),
        ..ChannelSyncOptions::default()
    };
    // The pull takes the storefronts too; the listener and the marketplaces' own
    // logistics keep to the marketplaces.
    let mut pulled = m.clone();
    pulled.shops.extend(catch_up);
    tokio::spawn(run(
        pool.clone(),
        pulled,
        opts,
        Arc::new(AtomicBool::new(false)),
        stop,
    ));
    (marketplaces.then_some(m), problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdeck_integrations::marketplace::ChannelError;

    #[test]
    fn trouble_backs_off_and_success_resets() {
        let every = Duration::from_secs(60);
        let mut p = Pace::now();
        let slow = SyncError::Channel(ChannelError::Transport {
            channel: "Shopee",
            detail: "HTTP 503".into(),
        });
        assert_eq!(p.trouble(&slow, every), Duration::from_secs(2));
        assert_eq!(p.trouble(&slow, every), Duration::from_secs(4));
        let limited = SyncError::Channel(ChannelError::RateLimited {
            channel: "Shopee",
            retry_after: Duration::from_secs(30),
        });
        assert_eq!(p.trouble(&limited, every), Duration::from_secs(30));
        for _ in 0..10 {
            p.trouble(&slow, every);
        }
        assert_eq!(p.backoff, Some(MAX_BACKOFF));
        p.ok(every);
        assert_eq!(p.backoff, None);
        let refused = SyncError::Channel(ChannelError::Auth {
            channel: "Shopee",
            message: "error_shop_refresh_token".into(),
        });
        assert_eq!(p.trouble(&refused, every), MAX_BACKOFF);
    }
}
