//! Stock sync to the marketplaces: the drain of the `stock` outbox.
//!
//! Every change to a listed variant's available stock leaves one pending outbox row for
//! the variant, written by a trigger in the same transaction as the change and coalesced
//! with the changes before it (migration `20261127000010_stock_sync.sql`: debounce 2 s,
//! at most 10 s). A drain round:
//!
//! 1. claims the due rows (`FOR UPDATE SKIP LOCKED`, then a lease so no other drain takes
//!    them) and commits: no database lock is held across a platform call;
//! 2. per shop, reads each variant's available stock *now* (on hand − reserved over the
//!    active warehouses), takes off the shop's `stock_buffer`, floors it at 0 (a
//!    variant or product switched off sells 0), skips listings whose last known platform
//!    stock is already that, and pushes the rest in the platform's batch sizes (Shopee one
//!    item per call, TikTok one product per call, Lazada 20 SKUs per call), one call at a
//!    time at the shop's pace;
//! 3. records each accepted value on its listing (and each refusal, which is not retried
//!    until the value changes), then deletes each row whose pushes all went through —
//!    unless a change came in meanwhile (the row's change count moved), in which case the
//!    row stays due and the newer value goes out next. A rate limit keeps the row until
//!    the platform's `Retry-After` and holds the shop back until then; other failures
//!    keep it with `attempts + 1`, an exponential back-off and `last_error`.
//!
//! The value pushed is always read at send time, never carried in the row, so however
//! the changes interleave the last value wins.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use sqlx::PgPool;

use crate::channels::ChannelClient;
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, RetryPolicy, SalesChannel, StockPush,
};
use orderdeck_store::StoreError;

/// The shops a drain can push to: `sales_channels.id` → client. Listings of a channel
/// that has no client here are left alone (counted as `unconfigured`).
pub type Shops = HashMap<i64, ChannelClient>;

/// How long a claimed row is kept from other drains while its pushes are under way.
const LEASE: Duration = Duration::from_secs(120);
/// A row that got a change while it was being pushed goes out again after this.
const RESEND_AFTER: Duration = Duration::from_secs(2);
/// A shop held back longer than this by a rate limit is not waited for: its rows are
/// rescheduled.
const MAX_PACE_WAIT: Duration = Duration::from_secs(1);

/// Platform batch limits for one stock call.
const SHOPEE_MODELS_PER_CALL: usize = 50;
const LAZADA_SKUS_PER_CALL: usize = 20;
const STOREFRONT_PUSHES_PER_CALL: usize = 100;

/// The least time between two stock calls to one shop, per platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub shopee: Duration,
    pub lazada: Duration,
    pub tiktok: Duration,
    pub haravan: Duration,
    pub sapo: Duration,
    pub woocommerce: Duration,
    pub shopify: Duration,
}

impl Default for Pace {
    /// Shopee and TikTok Shop publish no inventory quota (reference: unconfirmed), so
    /// 5 and 10 calls a second; Lazada allows 50 inventory calls a second per seller,
    /// we use 20.
    fn default() -> Pace {
        Pace {
            shopee: Duration::from_millis(200),
            lazada: Duration::from_millis(50),
            tiktok: Duration::from_millis(100),
            // Haravan: a bucket of 80 leaking 4 calls a second; Sapo: 40 calls a minute
            // (single source); Shopify GraphQL: 100 points a second (Standard), a stock
            // call costs ~10; WooCommerce publishes no limit (the site's own server).
            haravan: Duration::from_millis(250),
            sapo: Duration::from_millis(1500),
            woocommerce: Duration::from_millis(100),
            shopify: Duration::from_millis(200),
        }
    }
}

impl Pace {
    pub fn interval(&self, kind: ChannelKind) -> Duration {
        match kind {
            ChannelKind::Shopee => self.shopee,
            ChannelKind::Lazada => self.lazada,
            ChannelKind::TikTok => self.tiktok,
            ChannelKind::Haravan => self.haravan,
            ChannelKind::Sapo => self.sapo,
            ChannelKind::WooCommerce => self.woocommerce,
            ChannelKind::Shopify => self.shopify,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DrainOptions {
    /// Outbox rows (variants) taken per round.
    pub batch: i64,
    /// Also take rows due within this much from now (0: only rows already due). Tests and
    /// `orderdeck listings drain --now` use it to skip the debounce.
    pub horizon: Duration,
    /// The longest back-off after repeated failures.
    pub max_backoff: Duration,
    pub pace: Pace,
}

impl Default for DrainOptions {
    fn default() -> DrainOptions {
        DrainOptions {
            batch: 500,
            horizon: Duration::ZERO,
            max_backoff: Duration::from_secs(300),
            pace: Pace::default(),
        }
    }
}

/// How the drain's clients meet rate limits: a wait of a second or less is waited out
/// once inside the call; anything longer comes back as
/// [`ChannelError::RateLimited`] and the rows are rescheduled.
pub const DRAIN_RETRY: RetryPolicy = RetryPolicy {
    max_retries: 1,
    max_wait: Duration::from_secs(1),
};

/// The same client with another rate-limit policy (it shares the shop's tokens).
pub fn with_retry(client: &ChannelClient, retry: RetryPolicy) -> ChannelClient {
    match client {
        ChannelClient::Shopee(c) => ChannelClient::Shopee(c.clone().with_retry(retry)),
        ChannelClient::Lazada(c) => ChannelClient::Lazada(c.clone().with_retry(retry)),
        ChannelClient::TikTok(c) => ChannelClient::TikTok(c.clone().with_retry(retry)),
        ChannelClient::Store(c) => {
            ChannelClient::Store(Box::new(c.as_ref().clone().with_retry(retry)))
        }
    }
}

/// When each shop may be called next. Kept across rounds by the worker, so the pace
/// and a platform's `Retry-After` hold between rounds too.
#[derive(Debug, Default)]
pub struct Pacer {
    next: Mutex<HashMap<i64, Instant>>,
}

impl Pacer {
    pub fn new() -> Pacer {
        Pacer::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Instant>> {
        self.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long this shop is still held back (by a rate limit, or the pace).
    fn held_for(&self, channel: i64) -> Duration {
        self.lock()
            .get(&channel)
            .map(|t| t.saturating_duration_since(Instant::now()))
            .unwrap_or_default()
    }

    /// Waits for this shop's turn and books the next one `interval` later.
    async fn turn(&self, channel: i64, interval: Duration) {
        let wait = {
            let mut next = self.lock();
            let now = Instant::now();
            let at = next.get(&channel).copied().unwrap_or(now).max(now);
            next.insert(channel, at + interval);
            at - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Holds the shop back for `wait` (a platform's `Retry-After`).
    fn hold(&self, channel: i64, wait: Duration) {
        let mut next = self.lock();
        let until = Instant::now() + wait;
        let at = next.entry(channel).or_insert(until);
        *at = (*at).max(until);
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    /// Outbox rows (variants) taken.
    pub rows: usize,
    /// Stock calls made to the platforms.
    pub calls: usize,
    /// Listings whose new value the platform accepted.
    pub pushed: usize,
    /// Listings left alone: the platform already has the value.
    pub skipped: usize,
    /// Listings the platform refused (kept on the listing, not retried until the value
    /// changes).
    pub refused: usize,
    /// Rows kept for later: a rate limit or a failed call.
    pub rescheduled: usize,
    /// Rows that got a change while they were pushed: due again at once.
    pub changed_meanwhile: usize,
    /// Listings of channels with no client in this process.
    pub unconfigured: usize,
    /// What went wrong, one line per shop.
    pub errors: Vec<String>,
}

impl DrainReport {
    fn add(&mut self, o: &DrainReport) {
        self.rows += o.rows;
        self.calls += o.calls;
        self.pushed += o.pushed;
        self.skipped += o.skipped;
        self.refused += o.refused;
        self.rescheduled += o.rescheduled;
        self.changed_meanwhile += o.changed_meanwhile;
        self.unconfigured += o.unconfigured;
        self.errors.extend(o.errors.iter().cloned());
    }
}

/// What a listing should show: available minus the shop's buffer, never below 0; 0 when
/// the variant or its product is switched off.
pub fn target_qty(available: i64, buffer: i32, sellable: bool) -> u32 {
    if !sellable {
        return 0;
    }
    u32::try_from((available - i64::from(buffer)).max(0)).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ListingRow {
    id: i64,
    channel_id: i64,
    variant_id: i64,
    external_item_id: String,
    external_sku: String,
    seller_sku: String,
    sku: String,
    last_pushed_qty: Option<i32>,
    stock_buffer: i32,
    sellable: bool,
}

/// One push to send: the listing and its value.
#[derive(Debug, Clone)]
struct Pending {
    listing: i64,
    variant: i64,
    push: StockPush,
}

/// Splits one shop's pushes into platform calls: Shopee one item per call (≤ 50 models),
/// TikTok Shop one product per call, Lazada ≤ 20 SKUs per call.
fn into_calls(kind: ChannelKind, pending: Vec<Pending>) -> Vec<Vec<Pending>> {
    let per_item = |limit: usize| {
        let mut groups: Vec<(String, Vec<Pending>)> = Vec::new();
        for p in pending.iter().cloned() {
            match groups.iter_mut().find(|(id, _)| *id == p.push.item_id) {
                Some((_, g)) => g.push(p),
                None => groups.push((p.push.item_id.clone(), vec![p])),
            }
        }
        groups
            .into_iter()
            .flat_map(|(_, g)| {
                g.chunks(limit.max(1))
                    .map(<[Pending]>::to_vec)
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    match kind {
        ChannelKind::Shopee => per_item(SHOPEE_MODELS_PER_CALL),
        ChannelKind::TikTok => per_item(usize::MAX),
        ChannelKind::Lazada => pending
            .chunks(LAZADA_SKUS_PER_CALL)
            .map(<[Pending]>::to_vec)
            .collect(),
        // Sapo sets one variant per call at 40 calls a minute: one push per call, so
        // the shop's pace spaces every call and a rate limit reschedules only one.
        ChannelKind::Sapo => pending.chunks(1).map(<[Pending]>::to_vec).collect(),
        // The other storefront clients split a call by their platform's own rules (one
        // product's variations per WooCommerce batch, 100 lines per Haravan adjustment,
        // 250 quantities per Shopify mutation).
        ChannelKind::Haravan | ChannelKind::WooCommerce | ChannelKind::Shopify => pending
            .chunks(STOREFRONT_PUSHES_PER_CALL)
            .map(<[Pending]>::to_vec)
            .collect(),
    }
}

/// A claimed outbox row.
#[derive(Debug, Clone, Copy)]
struct Claimed {
    id: i64,
    variant: i64,
    changes: i64,
    attempts: i32,
}

/// Why a row is kept: when to try again, and what went wrong.
#[derive(Debug, Clone)]
struct Keep {
    wait: Duration,
    error: String,
}

/// One shop's part of a round.
#[derive(Debug, Default)]
struct ShopOutcome {
    report: DrainReport,
    accepted: Vec<(i64, i32)>,
    refused: Vec<(i64, String)>,
    keep: HashMap<i64, Keep>,
}

fn backoff(attempts: i32, max: Duration) -> Duration {
    let exp = u32::try_from(attempts.clamp(0, 16)).unwrap_or(16);
    Duration::from_secs(2u64.saturating_mul(1 << exp)).min(max)
}

/// Runs one drain round. Database errors end it (rows already claimed come back when
/// their lease runs out); platform trouble is recorded on the rows and listings.
pub async fn drain(
    pool: &PgPool,
    shops: &Shops,
    opts: &DrainOptions,
    pacer: &Pacer,
) -> Result<DrainReport, StoreError> {
    let claimed = claim(pool, opts).await?;
    let mut report = DrainReport {
        rows: claimed.len(),
        ..DrainReport::default()
    };
    if claimed.is_empty() {
        return Ok(report);
    }
    let variants: Vec<i64> = claimed.iter().map(|c| c.variant).collect();
    let listings: Vec<ListingRow> = sqlx::query_as(
        "select l.id, l.channel_id, l.variant_id, l.external_item_id, l.external_sku,
                l.seller_sku, v.sku, l.last_pushed_qty, c.stock_buffer,
                (v.active and p.active) as sellable
         from channel_listings l
         join sales_channels c on c.id = l.channel_id
         join variants v on v.id = l.variant_id
         join products p on p.id = v.product_id
         where l.variant_id = any($1) and c.active and l.status <> $2
         order by l.channel_id, l.external_item_id, l.id",
    )
    .bind(&variants)
    .bind(orderdeck_store::channels::GONE)
    .fetch_all(pool)
    .await?;
    let mut by_shop: BTreeMap<i64, Vec<ListingRow>> = BTreeMap::new();
    for l in listings {
        by_shop.entry(l.channel_id).or_default().push(l);
    }
    let attempts: HashMap<i64, i32> = claimed.iter().map(|c| (c.variant, c.attempts)).collect();
    let work = by_shop.into_iter().map(|(channel, rows)| {
        let attempts = &attempts;
        async move {
            match shops.get(&channel) {
                None => Ok(ShopOutcome {
                    report: DrainReport {
                        unconfigured: rows.len(),
                        ..DrainReport::default()
                    },
                    ..ShopOutcome::default()
                }),
                Some(client) => push_shop(pool, client, channel, rows, attempts, opts, pacer).await,
            }
        }
    });
    let outcomes = futures::future::join_all(work).await;
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    let mut keep: HashMap<i64, Keep> = HashMap::new();
    for o in outcomes {
        let o = o?;
        report.add(&o.report);
        accepted.extend(o.accepted);
        refused.extend(o.refused);
        for (variant, k) in o.keep {
            match keep.get_mut(&variant) {
                Some(have) => {
                    have.wait = have.wait.max(k.wait);
                    have.error = format!("{}; {}", have.error, k.error);
                }
                None => {
                    keep.insert(variant, k);
                }
            }
        }
    }
    record_listings(pool, &accepted, &refused).await?;
    let (kept, changed) = finish(pool, &claimed, &keep).await?;
    report.rescheduled = kept;
    report.changed_meanwhile = changed;
    Ok(report)
}

/// Takes the due rows and leases them; the claim is committed before any call.
async fn claim(pool: &PgPool, opts: &DrainOptions) -> Result<Vec<Claimed>, StoreError> {
    let rows: Vec<(i64, String, Option<i64>, i32)> = sqlx::query_as(
        "with due as (
             select id from outbox
             where topic = 'stock' and available_at <= now() + make_interval(secs => $1)
             order by available_at, id
             limit $2
             for update skip locked)
         update outbox o set available_at = now() + make_interval(secs => $3), created_at = now()
         from due where o.id = due.id
         returning o.id, o.key, (o.payload ->> 'changes')::bigint, o.attempts",
    )
    .bind(opts.horizon.as_secs_f64())
    .bind(opts.batch.max(1))
    .bind(LEASE.as_secs_f64())
    .fetch_all(pool)
    .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    let mut junk = Vec::new();
    for (id, key, changes, attempts) in rows {
        match key.trim().parse::<i64>() {
            Ok(variant) => claimed.push(Claimed {
                id,
                variant,
                changes: changes.unwrap_or(0),
                attempts,
            }),
            Err(_) => junk.push(id),
        }
    }
    if !junk.is_empty() {
        tracing::warn!(rows = ?junk, "stock sync: outbox rows whose key is not a variant id; dropped");
        sqlx::query("delete from outbox where id = any($1)")
            .bind(&junk)
            .execute(pool)
            .await?;
    }
    Ok(claimed)
}

/// What each variant has available now, over the active warehouses.
async fn available_now(pool: &PgPool, variants: &[i64]) -> Result<HashMap<i64, i64>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "select x.id, coalesce(sum(s.on_hand - s.reserved) filter (where w.active), 0)::bigint
         from unnest($1::bigint[]) as x(id)
         left join stock_levels s on s.variant_id = x.id
         left join warehouses w on w.id = s.warehouse_id
         group by x.id",
    )
    .bind(variants)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

async fn push_shop(
    pool: &PgPool,
    client: &ChannelClient,
    channel: i64,
    rows: Vec<ListingRow>,
    attempts: &HashMap<i64, i32>,
    opts: &DrainOptions,
    pacer: &Pacer,
) -> Result<ShopOutcome, StoreError> {
    let kind = client.kind();
    let mut out = ShopOutcome::default();
    let mut variants: Vec<i64> = rows.iter().map(|r| r.variant_id).collect();
    variants.sort_unstable();
    variants.dedup();
    // Read as late as possible: the value sent is the value now.
    let available = available_now(pool, &variants).await?;
    let mut pending = Vec::new();
    for r in &rows {
        let qty = target_qty(
            available.get(&r.variant_id).copied().unwrap_or(0),
            r.stock_buffer,
            r.sellable,
        );
        if r.last_pushed_qty.and_then(|q| u32::try_from(q).ok()) == Some(qty) {
            out.report.skipped += 1;
            continue;
        }
        pending.push(Pending {
            listing: r.id,
            variant: r.variant_id,
            push: StockPush {
                item_id: r.external_item_id.clone(),
                sku_id: r.external_sku.clone(),
                sku: if r.seller_sku.trim().is_empty() {
                    r.sku.clone()
                } else {
                    r.seller_sku.clone()
                },
                qty,
            },
        });
    }
    let calls = into_calls(kind, pending);
    let interval = opts.pace.interval(kind);
    let mut stop: Option<(Duration, String, bool)> = None;
    for call in calls {
        if stop.is_none() {
            let held = pacer.held_for(channel);
            if held > MAX_PACE_WAIT.max(interval) {
                stop = Some((
                    held,
                    orderdeck_i18n::t!(
                        "err-stock-held-back",
                        channel = kind.label(),
                        seconds = held.as_secs().max(1).to_string()
                    ),
                    true,
                ));
            }
        }
        if let Some((wait, error, _)) = &stop {
            for p in &call {
                keep_variant(&mut out.keep, p.variant, *wait, error);
            }
            continue;
        }
        pacer.turn(channel, interval).await;
        let pushes: Vec<StockPush> = call.iter().map(|p| p.push.clone()).collect();
        out.report.calls += 1;
        match client.push_stock(&pushes).await {
            Ok(results) => {
                for (p, r) in call.iter().zip(results.iter()) {
                    match &r.outcome {
                        Ok(q) => {
                            out.report.pushed += 1;
                            out.accepted
                                .push((p.listing, i32::try_from(*q).unwrap_or(i32::MAX)));
                        }
                        Err(why) => {
                            out.report.refused += 1;
                            out.refused.push((p.listing, why.clone()));
                        }
                    }
                }
                // A reply shorter than the request: the rest are unknown, try again.
                for p in call.iter().skip(results.len()) {
                    keep_variant(
                        &mut out.keep,
                        p.variant,
                        backoff(
                            attempts.get(&p.variant).copied().unwrap_or(0),
                            opts.max_backoff,
                        ),
                        &orderdeck_i18n::t!(
                            "err-stock-no-result",
                            channel = kind.label(),
                            sku = &p.push.sku
                        ),
                    );
                }
            }
            Err(e) => {
                let (wait, limited) = match &e {
                    ChannelError::RateLimited { retry_after, .. } => {
                        let wait = (*retry_after).max(Duration::from_secs(1));
                        pacer.hold(channel, wait);
                        (wait, true)
                    }
                    _ => (Duration::ZERO, false),
                };
                let error = format!("{}: {e}", kind.label());
                for p in &call {
                    let w = if limited {
                        wait
                    } else {
                        backoff(
                            attempts.get(&p.variant).copied().unwrap_or(0),
                            opts.max_backoff,
                        )
                    };
                    keep_variant(&mut out.keep, p.variant, w, &error);
                }
                stop = Some((wait, error, limited));
            }
        }
    }
    if let Some((_, error, limited)) = stop {
        if !limited {
            tracing::warn!("stock sync: {error}");
        }
        out.report.errors.push(error);
    }
    Ok(out)
}

fn keep_variant(keep: &mut HashMap<i64, Keep>, variant: i64, wait: Duration, error: &str) {
    match keep.get_mut(&variant) {
        Some(k) => k.wait = k.wait.max(wait),
        None => {
            keep.insert(
                variant,
                Keep {
                    wait,
                    error: error.to_string(),
                },
            );
        }
    }
}

async fn record_listings(
    pool: &PgPool,
    accepted: &[(i64, i32)],
    refused: &[(i64, String)],
) -> Result<(), StoreError> {
    if !accepted.is_empty() {
        let (ids, qtys): (Vec<i64>, Vec<i32>) = accepted.iter().copied().unzip();
        sqlx::query(
            "update channel_listings l
             set last_pushed_qty = x.qty, last_pushed_at = now(), last_push_error = null
             from unnest($1::bigint[], $2::int[]) as x(id, qty) where l.id = x.id",
        )
        .bind(&ids)
        .bind(&qtys)
        .execute(pool)
        .await?;
    }
    if !refused.is_empty() {
        let (ids, why): (Vec<i64>, Vec<String>) = refused.iter().cloned().unzip();
        sqlx::query(
            "update channel_listings l set last_push_error = x.why
             from unnest($1::bigint[], $2::text[]) as x(id, why) where l.id = x.id",
        )
        .bind(&ids)
        .bind(&why)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Deletes the rows that are done, keeps the others. Returns (kept for later, changed
/// meanwhile).
async fn finish(
    pool: &PgPool,
    claimed: &[Claimed],
    keep: &HashMap<i64, Keep>,
) -> Result<(usize, usize), StoreError> {
    let mut kept_ids = Vec::new();
    let mut waits = Vec::new();
    let mut errors = Vec::new();
    let mut done_ids = Vec::new();
    let mut done_changes = Vec::new();
    for c in claimed {
        match keep.get(&c.variant) {
            Some(k) => {
                kept_ids.push(c.id);
                waits.push(k.wait.as_secs_f64());
                errors.push(k.error.clone());
            }
            None => {
                done_ids.push(c.id);
                done_changes.push(c.changes);
            }
        }
    }
    let mut tx = pool.begin().await?;
    if !kept_ids.is_empty() {
        sqlx::query(
            "update outbox o set attempts = o.attempts + 1,
                    available_at = now() + make_interval(secs => x.wait), last_error = x.error
             from unnest($1::bigint[], $2::float8[], $3::text[]) as x(id, wait, error)
             where o.id = x.id",
        )
        .bind(&kept_ids)
        .bind(&waits)
        .bind(&errors)
        .execute(&mut *tx)
        .await?;
    }
    let mut changed = 0;
    if !done_ids.is_empty() {
        sqlx::query(
            "delete from outbox o using unnest($1::bigint[], $2::bigint[]) as x(id, changes)
             where o.id = x.id and coalesce((o.payload ->> 'changes')::bigint, 0) = x.changes",
        )
        .bind(&done_ids)
        .bind(&done_changes)
        .execute(&mut *tx)
        .await?;
        // The rest got a change while they were pushed: they go out again soon, with the
        // debounce working normally from here (no back-off left over).
        changed = sqlx::query(
            "update outbox set attempts = 0, last_error = null,
                    available_at = least(available_at, now() + make_interval(secs => $2))
             where id = any($1)",
        )
        .bind(&done_ids)
        .bind(RESEND_AFTER.as_secs_f64())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok((
        kept_ids.len(),
        usize::try_from(changed).unwrap_or(usize::MAX),
    ))
}

/// Queues a stock push for every variant listed on this channel (after a pull, or when
/// a shop is connected): the drain sends only what differs from the platform.
pub async fn enqueue_channel(pool: &PgPool, channel_id: i64) -> Result<u64, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "select distinct variant_id from channel_listings
         where channel_id = $1 and variant_id is not null order by 1",
    )
    .bind(channel_id)
    .fetch_all(pool)
    .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    sqlx::query("select orderdeck_stock_sync_enqueue($1)")
        .bind(&ids)
        .execute(pool)
        .await?;
    Ok(u64::try_from(ids.len()).unwrap_or(u64::MAX))
}

/// Rows waiting, and the oldest error among them (for `orderdeck listings status`).
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct Backlog {
    pub pending: i64,
    pub due: i64,
    pub failing: i64,
    pub last_error: Option<String>,
}

pub async fn backlog(pool: &PgPool) -> Result<Backlog, StoreError> {
    Ok(sqlx::query_as(
        "select count(*) as pending,
                count(*) filter (where available_at <= now()) as due,
                count(*) filter (where attempts > 0) as failing,
                (select last_error from outbox where topic = 'stock' and last_error is not null
                 order by available_at limit 1) as last_error
         from outbox where topic = 'stock'",
    )
    .fetch_one(pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(listing: i64, item: &str) -> Pending {
        Pending {
            listing,
            variant: listing,
            push: StockPush {
                item_id: item.into(),
                sku_id: listing.to_string(),
                sku: format!("S{listing}"),
                qty: 1,
            },
        }
    }

    #[test]
    fn buffer_is_taken_off_and_never_below_zero() {
        assert_eq!(target_qty(10, 2, true), 8);
        assert_eq!(target_qty(1, 2, true), 0);
        assert_eq!(target_qty(-3, 0, true), 0);
        assert_eq!(target_qty(10, 0, false), 0);
        assert_eq!(target_qty(i64::MAX, 0, true), u32::MAX);
    }

    #[test]
    fn calls_follow_each_platforms_batches() {
        let many: Vec<Pending> = (0..45)
            .map(|i| p(i, if i < 30 { "A" } else { "B" }))
            .collect();
        let lens = |c: &Vec<Vec<Pending>>| c.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(
            lens(&into_calls(ChannelKind::Lazada, many.clone())),
            [20, 20, 5]
        );
        assert_eq!(
            lens(&into_calls(ChannelKind::TikTok, many.clone())),
            [30, 15]
        );
        let shopee: Vec<Pending> = (0..120)
            .map(|i| p(i, if i < 110 { "A" } else { "B" }))
            .collect();
        assert_eq!(
            lens(&into_calls(ChannelKind::Shopee, shopee)),
            [50, 50, 10, 10]
        );
        assert!(into_calls(ChannelKind::Shopee, Vec::new()).is_empty());
    }

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let max = Duration::from_secs(300);
        assert_eq!(backoff(0, max), Duration::from_secs(2));
        assert_eq!(backoff(3, max), Duration::from_secs(16));
        assert_eq!(backoff(40, max), max);
        assert_eq!(backoff(-1, max), Duration::from_secs(2));
    }

    #[tokio::test]
    async fn the_pacer_spaces_calls_and_honours_holds() {
        let pacer = Pacer::new();
        let start = Instant::now();
        for _ in 0..3 {
            pacer.turn(1, Duration::from_millis(30)).await;
        }
        assert!(start.elapsed() >= Duration::from_millis(60));
        pacer.hold(2, Duration::from_secs(5));
        assert!(pacer.held_for(2) > Duration::from_secs(4));
        assert_eq!(pacer.held_for(3), Duration::ZERO);
    }
}
