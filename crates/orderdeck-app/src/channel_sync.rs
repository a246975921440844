//! Order sync from the marketplaces (Shopee, Lazada, TikTok Shop).
//!
//! A pull asks the platform for the orders changed since where the last pull ended (a
//! little before it: platforms write late), page by page, fetches their details and
//! takes each one in:
//!
//! - an order we do not have goes through intake like every other order: the same
//!   de-duplication on (channel, external id) by the database's unique key, the same stock
//!   check and reservation. Only orders that want stock are taken in (paid, not yet
//!   shipped: [`ChannelStatus::wants_stock`]); one awaiting payment comes back when it is
//!   paid (its update time changes), one already cancelled or shipped when first seen is
//!   history and is left out. One that cannot be taken in (a SKU we do not sell, no usable
//!   phone number) is kept in `channel_order_problems` with the reason and tried again on
//!   every sync until it goes in.
//! - an order we have is compared with what the platform said last time
//!   (`channel_orders`): cancelled there → cancelled here, reservations released (once it
//!   has shipped, a timeline event says so instead); a new delivery address → the order's
//!   address and its timeline; another platform status → a timeline event. Older news
//!   than what we saw (a webhook racing a pull) changes nothing.
//!
//! Where the pull stands is stored after each page (`sales_channels.sync_cursor`), so a
//! pull that stops half-way resumes at the page it was on; `last_sync_at` is set when a
//! whole range is done, `last_error` when a pull fails. Orders handled twice (overlapping
//! ranges, a resumed page, a webhook and a pull) are never taken in twice.
//!
//! A webhook only says "this order changed": [`Syncer::sync_order`] pulls that one order
//! the same way.

use orderdeck_domain::order::OrderStatus;
use orderdeck_domain::order_event::{OrderEventKind, Said};
use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Connection, PgPool};

use crate::intake::{IntakeError, IntakeOutcome, IntakeQueue};
use crate::orders::cancel_locked;
pub use orderdeck_domain::channels::{SyncProgress, SyncReport};
use orderdeck_domain::intake::{Address, NewCustomer, NewLine, NewOrder, normalise_phone};
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelOrder, ChannelStatus, PageCursor, SalesChannel, TimeRange,
};
use orderdeck_store::channels::{self as channel_store, ChannelRow};
use orderdeck_store::{self as store, StoreError};

/// How a pull behaves.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// How far back the first pull of a shop reaches.
    pub backfill: Duration,
    /// Each pull starts this much before the end of the last one.
    pub overlap: Duration,
    /// Name written on timeline events.
    pub actor: String,
    /// Orders with problems tried again per pull.
    pub problem_retries: i64,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            backfill: Duration::days(30),
            overlap: Duration::minutes(10),
            actor: "channel sync".into(),
            problem_retries: 50,
        }
    }
}

/// `[order_sync]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderSyncConfig {
    /// Seconds between two pulls of a shop (default 60; webhooks pull at once anyway).
    pub every_seconds: Option<u64>,
    /// How far back the first pull of a shop reaches, in days (default 30).
    pub backfill_days: Option<u32>,
    /// Each pull starts this many seconds before the last one ended (default 600).
    pub overlap_seconds: Option<u64>,
}

impl OrderSyncConfig {
    pub fn every(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.every_seconds.unwrap_or(60).max(1))
    }

    pub fn options(&self, actor: &str) -> SyncOptions {
        let d = SyncOptions::default();
        SyncOptions {
            backfill: self
                .backfill_days
                .map_or(d.backfill, |n| Duration::days(i64::from(n))),
            overlap: self
                .overlap_seconds
                .and_then(|n| i64::try_from(n).ok())
                .map_or(d.overlap, Duration::seconds),
            actor: actor.to_string(),
            ..d
        }
    }
}

/// Told each [`SyncProgress`] of a pull.
pub type ProgressFn<'a> = &'a (dyn Fn(SyncProgress) + Send + Sync);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Channel(#[from] ChannelError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", orderdeck_i18n::t!("err-no-channel-id", id = .0.to_string()))]
    NoChannel(i64),
    /// Another console or the worker is pulling this shop right now.
    #[error("{}", orderdeck_i18n::t!("err-channel-busy", channel = .0))]
    Busy(String),
    #[error(
        "{}",
        orderdeck_i18n::t!("err-channel-wrong-kind", code = .code, kind = .kind, expected = *.expected)
    )]
    WrongKind {
        code: String,
        kind: String,
        expected: &'static str,
    },
}

impl From<sqlx::Error> for SyncError {
    fn from(e: sqlx::Error) -> Self {
        SyncError::Store(e.into())
    }
}

impl SyncError {
    /// Worth trying again later without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Channel(e) => e.is_transient(),
            SyncError::Store(e) => store::is_connection_error(e),
            SyncError::Busy(_) => true,
            _ => false,
        }
    }

    /// How long the platform asked us to wait.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            SyncError::Channel(ChannelError::RateLimited { retry_after, .. }) => Some(*retry_after),
            _ => None,
        }
    }
}

/// Where a pull stands (`sales_channels.sync_cursor`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Cursor {
    /// Everything updated before this has been pulled.
    #[serde(default)]
    synced_to: Option<DateTime<Utc>>,
    /// The range being pulled, and the page it is at, when a pull stopped half-way.
    #[serde(default)]
    range: Option<TimeRange>,
    #[serde(default)]
    page: Option<PageCursor>,
}

impl Cursor {
    fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Whether an order we have never seen is taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Admission {
    Take,
    /// Not now (not paid; held without an address yet): it comes back when it changes.
    NotYet,
    /// History: cancelled, or already shipped when first seen.
    Leave,
    /// A person must look.
    Problem(String),
}

fn admission(o: &ChannelOrder) -> Admission {
    match o.status {
        ChannelStatus::OnHold if o.buyer.phone.trim().is_empty() => Admission::NotYet,
        s if s.wants_stock() => Admission::Take,
        ChannelStatus::AwaitingPayment => Admission::NotYet,
        ChannelStatus::Unknown => Admission::Problem(orderdeck_i18n::t!(
            "err-channel-status-unknown",
            channel = o.channel.label(),
            status = &o.channel_status
        )),
        _ => Admission::Leave,
    }
}

const NOTE_MAX: usize = 1_500;

/// The order as intake takes it, or why it cannot be taken in.
pub fn to_new_order(channel_code: &str, o: &ChannelOrder) -> Result<NewOrder, String> {
    let label = o.channel.label();
    // A platform that ships the parcel itself may hide the phone: the order is taken
    // in without one (marked masked). One the seller ships needs a real number.
    let masked = !o.seller_shipping && (o.buyer_masked || looks_masked(&o.buyer.phone));
    let phone = match normalise_phone(&o.buyer.phone) {
        Some(p) => p,
        None if masked => String::new(),
        None => {
            return Err(orderdeck_i18n::t!(
                "err-channel-no-phone",
                phone = &o.buyer.phone,
                channel = label
            ));
        }
    };
    let name = if o.buyer.name.trim().is_empty() {
        o.buyer.username.trim()
    } else {
        o.buyer.name.trim()
    };
    if name.is_empty() {
        return Err(orderdeck_i18n::t!("err-channel-no-buyer-name"));
    }
    if o.lines.is_empty() {
        return Err(orderdeck_i18n::t!("err-channel-no-lines"));
    }
    let mut lines = Vec::with_capacity(o.lines.len());
    for l in &o.lines {
        if l.sku.trim().is_empty() {
            return Err(orderdeck_i18n::t!(
                "err-channel-line-no-sku",
                line = &l.name,
                channel = label
            ));
        }
        lines.push(NewLine {
            sku: l.sku.trim().to_string(),
            qty: l.qty,
            unit_price: Some(l.unit_price),
            discount: l.discount.max(Decimal::ZERO),
        });
    }
    let line_discounts: Decimal = lines.iter().map(|l| l.discount).sum();
    let discount = (o.totals.discount - line_discounts).max(Decimal::ZERO);
    let goods: Decimal = lines
        .iter()
        .map(|l| Decimal::from(l.qty) * l.unit_price.unwrap_or_default() - l.discount)
        .sum();
    let ours = goods - discount + o.totals.shipping_fee;
    let mut note = format!("{label} order {}", o.external_id);
    if ours != o.totals.total {
        note.push_str(&format!(
            "; {label} says the buyer pays {}, the lines give {}",
            o.totals.total, ours
        ));
    }
    let message = o.note.trim();
    if !message.is_empty() {
        let message: String = message
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .take(NOTE_MAX)
            .collect();
        note.push_str(&format!("\nbuyer's message: {message}"));
    }
    let order = NewOrder {
        channel: channel_code.to_string(),
        external_id: Some(o.external_id.clone()),
        source: None,
        customer: NewCustomer {
            name: name.chars().take(200).collect(),
            phone,
            email: String::new(),
            masked,
        },
        shipping_address: o.address.clone(),
        payment: if o.cod { "cod" } else { "prepaid" }.into(),
        shipping_fee: o.totals.shipping_fee,
        discount,
        note: Some(note),
        wants_invoice: false,
        warehouse: None,
        lines,
    };
    order.validate().map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok(order)
}

/// A phone the platform masked (`(+84)90*****12`, `*****678`): the reference does not
/// give the exact form, so any run of `*` counts, as does no phone at all.
pub fn looks_masked(phone: &str) -> bool {
    phone.trim().is_empty() || phone.contains('*')
}

fn address_is_empty(a: &Address) -> bool {
    [&a.line1, &a.ward, &a.district, &a.province]
        .iter()
        .all(|s| s.trim().is_empty())
}

fn same_address(a: &Address, b: &Address) -> bool {
    let t = |s: &String| s.trim().to_string();
    t(&a.line1) == t(&b.line1)
        && t(&a.ward) == t(&b.ward)
        && t(&a.district) == t(&b.district)
        && t(&a.province) == t(&b.province)
}

fn address_text(a: &Address) -> String {
    [&a.line1, &a.ward, &a.district, &a.province]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What happened to one order we already had.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Change {
    cancelled: bool,
    updated: bool,
}

/// Pulls orders from marketplace shops into the database. Cheap to clone.
#[derive(Clone)]
pub struct Syncer {
    pool: PgPool,
    intake: IntakeQueue,
    opts: SyncOptions,
}

/// Advisory lock keys of whole-shop pulls: this plus the channel id ("odpull").
const PULL_LOCK: i64 = 0x6f64_7075_6c6c_0000;

impl Syncer {
    /// `intake`: where new orders go (one queue shared by every shop and the webhook
    /// listener, so simultaneous orders share commits).
    pub fn new(pool: PgPool, intake: IntakeQueue, opts: SyncOptions) -> Syncer {
        Syncer { pool, intake, opts }
    }

    pub fn options(&self) -> &SyncOptions {
        &self.opts
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn channel<C: SalesChannel>(
        &self,
        client: &C,
        channel_id: i64,
    ) -> Result<ChannelRow, SyncError> {
        let row = channel_store::get(&self.pool, channel_id)
            .await?
            .filter(|r| r.active)
            .ok_or(SyncError::NoChannel(channel_id))?;
        if row.kind != client.kind().code() {
            return Err(SyncError::WrongKind {
                code: row.code,
                kind: row.kind,
                expected: client.kind().label(),
            });
        }
        Ok(row)
    }

    /// Pulls everything changed since the last pull (the first one reaches back
    /// [`SyncOptions::backfill`]), resuming a pull that stopped half-way. A failure is
    /// stored as the channel's `last_error` and returned; what was done before it stays.
    pub async fn sync_channel<C: SalesChannel>(
        &self,
        client: &C,
        channel_id: i64,
    ) -> Result<SyncReport, SyncError> {
        self.sync_channel_watched(client, channel_id, &|_| {}).await
    }

    /// [`Syncer::sync_channel`], telling `progress` after each page (the console's
    /// progress bar).
    pub async fn sync_channel_watched<C: SalesChannel>(
        &self,
        client: &C,
        channel_id: i64,
        progress: ProgressFn<'_>,
    ) -> Result<SyncReport, SyncError> {
        let row = self.channel(client, channel_id).await?;
        // One pull of a shop at a time across every process: two would fetch the same
        // pages and race each other's cursor. The lock is held by a connection of its
        // own (not one of the pool's, which the pull needs), so it goes with that
        // connection however the pull ends, even cancelled.
        let mut held = sqlx::PgConnection::connect_with(&self.pool.connect_options()).await?;
        let free: bool = sqlx::query_scalar("select pg_try_advisory_lock($1)")
            .bind(PULL_LOCK + row.id)
            .fetch_one(&mut held)
            .await?;
        if !free {
            let _ = held.close().await;
            return Err(SyncError::Busy(row.code));
        }
        let mut report = SyncReport::default();
        progress(SyncProgress {
            report,
            permille: Some(0),
        });
        let pulled = self.pull(client, &row, &mut report, progress).await;
        // Closing the session releases the lock.
        let _ = held.close().await;
        match pulled {
            Ok(()) => Ok(report),
            Err(e) => {
                if let Err(db) =
                    channel_store::sync_failed(&self.pool, row.id, &e.to_string()).await
                {
                    tracing::warn!(channel = %row.code, "cannot record a failed sync: {db}");
                }
                Err(e)
            }
        }
    }

    /// Pulls one order now (a webhook said it changed).
    pub async fn sync_order<C: SalesChannel>(
        &self,
        client: &C,
        channel_id: i64,
        external_id: &str,
    ) -> Result<SyncReport, SyncError> {
        let row = self.channel(client, channel_id).await?;
        let mut report = SyncReport::default();
        self.handle(
            client,
            &row,
            vec![external_id.trim().to_string()],
            &mut report,
        )
        .await?;
        Ok(report)
    }

    /// Takes in orders a platform sent whole (a storefront's webhook carries the order
    /// itself, nothing to fetch): new ones through intake, known ones compared like a
    /// pull's, unreadable ones listed as problems.
    pub async fn take_in_sent(
        &self,
        channel_id: i64,
        orders: Vec<ChannelOrder>,
    ) -> Result<SyncReport, SyncError> {
        let row = channel_store::get(&self.pool, channel_id)
            .await?
            .filter(|r| r.active)
            .ok_or(SyncError::NoChannel(channel_id))?;
        let mut report = SyncReport::default();
        self.take_in(&row, orders, &mut report).await?;
        Ok(report)
    }

    async fn pull<C: SalesChannel>(
        &self,
        client: &C,
        row: &ChannelRow,
        report: &mut SyncReport,
        progress: ProgressFn<'_>,
    ) -> Result<(), SyncError> {
        let stored: Cursor = match &row.sync_cursor {
            Some(v) => serde_json::from_value(v.clone()).unwrap_or_else(|e| {
                tracing::warn!(channel = %row.code, "unreadable sync cursor, starting over: {e}");
                Cursor::default()
            }),
            None => Cursor::default(),
        };
        let now = Utc::now();
        // Problems seen from here on are this pull's own: they wait for the next one.
        let started: DateTime<Utc> = sqlx::query_scalar("select now()")
            .fetch_one(&self.pool)
            .await?;
        let (range, page) = match stored.range {
            Some(range) => (range, stored.page.clone()),
            None => {
                let from = match stored.synced_to {
                    Some(t) => t - self.opts.overlap,
                    None => now - self.opts.backfill,
                };
                (TimeRange { from, to: now }, None)
            }
        };
        // While one page goes into the database the next one is read from the platform.
        let mut fetched = self.fetch_page(client, range, page).await?;
        loop {
            let (orders, next, reached) = fetched;
            report.pages += 1;
            let Some(cursor) = next else {
                self.take_in(row, orders, report).await?;
                break;
            };
            let (taken, following) = tokio::join!(
                self.take_in(row, orders, report),
                self.fetch_page(client, range, Some(cursor.clone()))
            );
            taken?;
            progress(SyncProgress::at(report, range.from, range.to, reached));
            let at = Cursor {
                synced_to: stored.synced_to,
                range: Some(range),
                page: Some(cursor),
            };
            channel_store::save_cursor(&self.pool, row.id, &at.json()).await?;
            fetched = following?;
        }
        self.retry_problems(client, row, started, report).await?;
        progress(SyncProgress::at(
            report,
            range.from,
            range.to,
            Some(range.to),
        ));
        let done = Cursor {
            synced_to: Some(range.to.max(stored.synced_to.unwrap_or(range.to))),
            range: None,
            page: None,
        };
        channel_store::sync_done(&self.pool, row.id, &done.json()).await?;
        Ok(())
    }

    async fn retry_problems<C: SalesChannel>(
        &self,
        client: &C,
        row: &ChannelRow,
        before: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "select external_id from channel_order_problems
             where channel_id = $1 and last_seen < $3
             order by last_seen limit $2",
        )
        .bind(row.id)
        .bind(self.opts.problem_retries)
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        if !ids.is_empty() {
            self.handle(client, row, ids, report).await?;
        }
        Ok(())
    }

    /// One page of changed orders with their details.
    async fn fetch_page<C: SalesChannel>(
        &self,
        client: &C,
        range: TimeRange,
        cursor: Option<PageCursor>,
    ) -> Result<(Vec<ChannelOrder>, Option<PageCursor>, Option<DateTime<Utc>>), SyncError> {
        let p = client.orders_changed(range, cursor.as_ref()).await?;
        let ids = p.orders.into_iter().map(|o| o.external_id).collect();
        Ok((self.details(client, ids).await?, p.next, p.reached))
    }

    /// These orders' details (each id once).
    async fn details<C: SalesChannel>(
        &self,
        client: &C,
        ids: Vec<String>,
    ) -> Result<Vec<ChannelOrder>, SyncError> {
        let mut seen = HashSet::new();
        let ids: Vec<String> = ids
            .into_iter()
            .filter(|i| !i.is_empty() && seen.insert(i.clone()))
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(client.order_details(&ids).await?)
    }

    /// Fetches these orders' details and takes each in or compares it with ours.
    async fn handle<C: SalesChannel>(
        &self,
        client: &C,
        row: &ChannelRow,
        ids: Vec<String>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        // The platform first; the database after, with nothing held across the call.
        let orders = self.details(client, ids).await?;
        self.take_in(row, orders, report).await
    }

    /// Takes each order in, or compares it with ours.
    async fn take_in(
        &self,
        row: &ChannelRow,
        orders: Vec<ChannelOrder>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        if orders.is_empty() {
            return Ok(());
        }
        report.fetched += orders.len();
        let ids: Vec<&str> = orders.iter().map(|o| o.external_id.as_str()).collect();
        let known: HashSet<String> = sqlx::query_scalar(
            "select external_id from orders where channel_id = $1 and external_id = any($2)",
        )
        .bind(row.id)
        .bind(&ids)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect();

        let mut existing = Vec::new();
        let mut submit: Vec<(&ChannelOrder, NewOrder)> = Vec::new();
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut settled: Vec<String> = Vec::new();
        for o in &orders {
            if known.contains(&o.external_id) {
                existing.push(o);
                continue;
            }
            match admission(o) {
                Admission::Take => match to_new_order(&row.code, o) {
                    Ok(n) => submit.push((o, n)),
                    Err(reason) => problems.push((o.external_id.clone(), reason)),
                },
                Admission::NotYet => report.skipped += 1,
                Admission::Leave => {
                    report.skipped += 1;
                    settled.push(o.external_id.clone());
                }
                Admission::Problem(reason) => problems.push((o.external_id.clone(), reason)),
            }
        }

        // New orders go in together: the queue writes whatever is waiting as one group.
        let outcomes = futures::future::join_all(
            submit
                .iter()
                .map(|(_, n)| self.intake.create(n.clone(), &self.opts.actor)),
        )
        .await;
        let mut created: Vec<&ChannelOrder> = Vec::new();
        let mut store_error = None;
        for ((o, _), outcome) in submit.iter().zip(outcomes) {
            match outcome {
                Ok(IntakeOutcome::Created { .. }) => {
                    report.created += 1;
                    created.push(o);
                }
                // Taken in meanwhile (a webhook, another pull): compare it like the rest.
                Ok(IntakeOutcome::Duplicate { .. }) => existing.push(o),
                Err(IntakeError::Invalid(errors)) => problems.push((
                    o.external_id.clone(),
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
                Err(IntakeError::Store(e)) => store_error = Some(e),
            }
        }
        self.record_seen(row.id, &created).await?;
        settled.extend(created.iter().map(|o| o.external_id.clone()));
        self.record_problems(row, &problems, &settled).await?;
        report.problems += problems.len();
        if let Some(e) = store_error {
            return Err(e.into());
        }

        for o in existing {
            report.duplicates += 1;
            let change = self.compare(row, o).await?;
            report.cancelled += usize::from(change.cancelled);
            report.updated += usize::from(change.updated && !change.cancelled);
        }
        Ok(())
    }

    /// Remembers what the platform said about orders just taken in.
    async fn record_seen(
        &self,
        channel_id: i64,
        orders: &[&ChannelOrder],
    ) -> Result<(), SyncError> {
        if orders.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = orders.iter().map(|o| o.external_id.as_str()).collect();
        let raw: Vec<&str> = orders.iter().map(|o| o.channel_status.as_str()).collect();
        let ours: Vec<&str> = orders.iter().map(|o| o.status.code()).collect();
        let addresses: Vec<Value> = orders
            .iter()
            .map(|o| serde_json::to_value(&o.address).unwrap_or(Value::Null))
            .collect();
        let times: Vec<DateTime<Utc>> = orders.iter().map(|o| o.updated_at).collect();
        sqlx::query(
            "insert into channel_orders (order_id, channel_status, status, address, updated_at)
             select o.id, t.raw, t.ours, t.address, t.updated_at
             from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[])
                  as t(external_id, raw, ours, address, updated_at)
             join orders o on o.channel_id = $1 and o.external_id = t.external_id
             on conflict (order_id) do nothing",
        )
        .bind(channel_id)
        .bind(&ids)
        .bind(&raw)
        .bind(&ours)
        .bind(&addresses)
        .bind(&times)
        .execute(&self.pool)
        .await?;
        let ship_by: Vec<Option<DateTime<Utc>>> = orders.iter().map(|o| o.ship_by).collect();
        let masked: Vec<Option<String>> = orders
            .iter()
            .map(|o| {
                (normalise_phone(&o.buyer.phone).is_none()
                    && !o.seller_shipping
                    && (o.buyer_masked || looks_masked(&o.buyer.phone)))
                .then(|| o.buyer.phone.chars().take(40).collect())
            })
            .collect();
        store::fulfil::note_taken_in(&self.pool, channel_id, &ids, &ship_by, &masked).await?;
        Ok(())
    }

    /// Keeps orders that could not be taken in, with why; forgets those settled.
    async fn record_problems(
        &self,
        row: &ChannelRow,
        problems: &[(String, String)],
        settled: &[String],
    ) -> Result<(), SyncError> {
        if !problems.is_empty() {
            for (id, reason) in problems {
                tracing::warn!(channel = %row.code, order = %id, "order not taken in: {reason}");
            }
            let (ids, reasons): (Vec<&str>, Vec<&str>) = problems
                .iter()
                .map(|(i, r)| (i.as_str(), r.as_str()))
                .unzip();
            sqlx::query(
                "insert into channel_order_problems (channel_id, external_id, reason)
                 select $1, t.id, t.reason from unnest($2::text[], $3::text[]) as t(id, reason)
                 on conflict (channel_id, external_id) do update
                 set reason = excluded.reason, last_seen = now(),
                     attempts = channel_order_problems.attempts + 1",
            )
            .bind(row.id)
            .bind(&ids)
            .bind(&reasons)
            .execute(&self.pool)
            .await?;
        }
        if !settled.is_empty() {
            sqlx::query(
                "delete from channel_order_problems where channel_id = $1 and external_id = any($2)",
            )
            .bind(row.id)
            .bind(settled)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Brings an order we have in line with the platform, in one transaction.
    async fn compare(&self, row: &ChannelRow, o: &ChannelOrder) -> Result<Change, SyncError> {
        type Row = (
            i64,
            String,
            Value,
            Option<String>,
            Option<Value>,
            Option<DateTime<Utc>>,
        );
        let mut tx = self.pool.begin().await?;
        let found: Option<Row> = sqlx::query_as(
            "select o.id, o.status, o.ship_address, co.channel_status, co.address, co.updated_at
             from orders o left join channel_orders co on co.order_id = o.id
             where o.channel_id = $1 and o.external_id = $2
             for update of o",
        )
        .bind(row.id)
        .bind(&o.external_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, status, ship_address, seen_status, seen_address, seen_at)) = found else {
            return Ok(Change::default());
        };
        if seen_at.is_some_and(|t| o.updated_at < t)
            || (seen_at == Some(o.updated_at)
                && seen_status.as_deref() == Some(o.channel_status.as_str()))
        {
            // Older news than what we already saw, or the same: nothing to write.
            return Ok(Change::default());
        }
        let label = o.channel.label();
        let actor = self.opts.actor.as_str();
        let mut change = Change::default();
        let status_changed = seen_status.as_deref() != Some(o.channel_status.as_str());
        let before = |k: &str, v: Value| Some(serde_json::json!({ k: v }));

        if o.status == ChannelStatus::Cancelled && status != "cancelled" {
            if status.parse().is_ok_and(OrderStatus::cancellable) {
                cancel_locked(
                    &mut tx,
                    id,
                    &status,
                    actor,
                    &Said::new("event-cancelled-on-platform")
                        .with("platform", label)
                        .with("platform_status", o.channel_status.as_str()),
                )
                .await?;
                change.cancelled = true;
            } else if status_changed {
                store::orders::add_event_said(
                    &mut tx,
                    id,
                    actor,
                    &OrderEventKind::Platform,
                    &Said::new("event-platform-cancelled-too-late")
                        .with("platform", label)
                        .status_code("status", &status),
                    before("channel_status", seen_status.clone().into()),
                    before("channel_status", o.channel_status.clone().into()),
                )
                .await?;
                change.updated = true;
            }
        } else if status_changed && let Some(seen) = &seen_status {
            store::orders::add_event_said(
                &mut tx,
                id,
                actor,
                &OrderEventKind::Platform,
                &Said::new("event-platform-status")
                    .with("platform", label)
                    .with("before", if seen.is_empty() { "?" } else { seen.as_str() })
                    .with("after", o.channel_status.as_str())
                    .with("code", o.status.code().replace('_', " ")),
                before("channel_status", seen.clone().into()),
                before("channel_status", o.channel_status.clone().into()),
            )
            .await?;
            change.updated = true;
        }

        // The address: only a change on the platform's side counts, so an edit made here
        // is not undone by a platform that changed nothing.
        let ours: Option<Address> = serde_json::from_value(ship_address.clone()).ok();
        let last: Option<Address> = seen_address.and_then(|v| serde_json::from_value(v).ok());
        let reference = last.as_ref().or(ours.as_ref());
        let moved = !address_is_empty(&o.address)
            && reference.is_none_or(|r| !same_address(r, &o.address))
            && ours.as_ref().is_none_or(|a| !same_address(a, &o.address));
        if moved && !change.cancelled {
            let after = serde_json::to_value(&o.address).unwrap_or(Value::Null);
            if status.parse().is_ok_and(OrderStatus::editable_buyer) {
                sqlx::query(
                    "update orders set ship_address = $2, version = version + 1, updated_at = now()
                     where id = $1",
                )
                .bind(id)
                .bind(&after)
                .execute(&mut *tx)
                .await?;
                store::orders::add_event_said(
                    &mut tx,
                    id,
                    actor,
                    &OrderEventKind::AddressChanged,
                    &Said::new("event-platform-address")
                        .with("platform", label)
                        .with("address", address_text(&o.address)),
                    before("ship_address", ship_address),
                    before("ship_address", after),
                )
                .await?;
            } else if status != "cancelled" {
                store::orders::add_event_said(
                    &mut tx,
                    id,
                    actor,
                    &OrderEventKind::Platform,
                    &Said::new("event-platform-address-too-late")
                        .with("platform", label)
                        .status_code("status", &status)
                        .with("address", address_text(&o.address)),
                    before("ship_address", ship_address),
                    before("ship_address", after),
                )
                .await?;
            }
            change.updated = true;
        }

        // The platform may move its deadline (a buyer's change, a holiday).
        store::fulfil::set_ship_by(&mut tx, id, o.ship_by, false).await?;
        sqlx::query(
            "insert into channel_orders (order_id, channel_status, status, address, updated_at)
             values ($1, $2, $3, coalesce($4, '{}'), $5)
             on conflict (order_id) do update set channel_status = excluded.channel_status,
                 status = excluded.status, address = coalesce($4, channel_orders.address),
                 updated_at = excluded.updated_at, synced_at = now()",
        )
        .bind(id)
        .bind(&o.channel_status)
        .bind(o.status.code())
        // A platform that hides the address (TikTok Shop on hold) has not changed it.
        .bind(
            (!address_is_empty(&o.address))
                .then(|| serde_json::to_value(&o.address).ok())
                .flatten(),
        )
        .bind(o.updated_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(change)
    }
}

#[cfg(test)]
mod tests;
