//! Product sync between our catalog and a marketplace shop.
//!
//! - **Pull** (platform → catalog): every listing of the shop, matched to our variants by
//!   SKU ([`match_listings`]: exact, else ignoring case when that names one of ours), is
//!   recorded in `channel_listings` with its seller SKU, status and the stock the platform
//!   shows. Listings whose SKU is none of ours are kept unmatched (no variant) and
//!   reported; listings the platform no longer lists are marked [`GONE`]. Every matched variant is
//!   queued for a stock push, and since the drain skips a listing that already shows the
//!   right value, only the ones that drifted are sent.
//! - **Push** (catalog → platform): pulls first (so a listing that exists on the platform
//!   is found, never created twice), then creates a listing for each active variant of
//!   ours that has none on this shop, from the product and variant fields plus the
//!   platform defaults in `[listings.<platform>]` (category, images, package size), with
//!   the stock it should show. A create whose outcome is unknown (timeout) is looked up
//!   by SKU before anything else happens.
//!
//! Both run on demand (`orderdeck listings sync CHANNEL [--push]`) or once per off-peak
//! window (`[listings] product_sync_window = "01:00-05:00"`, local time), as platforms
//! advise, from the elected worker ([`crate::workers::stock_sync`]).

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use chrono::{DateTime, Duration as ChronoDuration, FixedOffset, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::channels::ChannelClient;
use crate::stock_sync::{Pace, target_qty};
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, Listing, NewListing, PageCursor, SalesChannel, match_listings,
};
use orderdeck_store::StoreError;

/// Listing pages read in one pull at most (Shopee: 50 listings a page).
const MAX_PAGES: usize = 2_000;

pub use orderdeck_store::channels::GONE;

// ------------------------------------------------------------------------------------
// Config

/// `[listings]` in the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingsConfig {
    /// When the worker runs product sync by itself, local time (`utc_offset`), such as
    /// "01:00-05:00" (may wrap midnight). None: on demand only.
    pub product_sync_window: Option<SyncWindow>,
    /// The scheduled run also creates listings for variants that have none (push);
    /// otherwise it only pulls.
    #[serde(default)]
    pub product_sync_push: bool,
    /// Least milliseconds between two stock calls to one shop, per platform.
    #[serde(default)]
    pub stock_pace_ms: PaceConfig,
    /// What a new listing needs that our catalog does not hold, per platform.
    pub shopee: Option<ListingDefaults>,
    pub lazada: Option<ListingDefaults>,
    pub tiktok: Option<ListingDefaults>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaceConfig {
    pub shopee: Option<u64>,
    pub lazada: Option<u64>,
    pub tiktok: Option<u64>,
    pub haravan: Option<u64>,
    pub sapo: Option<u64>,
    pub woocommerce: Option<u64>,
    pub shopify: Option<u64>,
}

impl PaceConfig {
    pub fn pace(&self) -> Pace {
        let d = Pace::default();
        let ms = std::time::Duration::from_millis;
        Pace {
            shopee: self.shopee.map(ms).unwrap_or(d.shopee),
            lazada: self.lazada.map(ms).unwrap_or(d.lazada),
            tiktok: self.tiktok.map(ms).unwrap_or(d.tiktok),
            haravan: self.haravan.map(ms).unwrap_or(d.haravan),
            sapo: self.sapo.map(ms).unwrap_or(d.sapo),
            woocommerce: self.woocommerce.map(ms).unwrap_or(d.woocommerce),
            shopify: self.shopify.map(ms).unwrap_or(d.shopify),
        }
    }
}

impl ListingsConfig {
    pub fn defaults(&self, kind: ChannelKind) -> Option<&ListingDefaults> {
        match kind {
            ChannelKind::Shopee => self.shopee.as_ref(),
            ChannelKind::Lazada => self.lazada.as_ref(),
            ChannelKind::TikTok => self.tiktok.as_ref(),
            // Product sync does not create listings on a storefront: the website is
            // where the seller builds products; only stock goes back.
            ChannelKind::Haravan
            | ChannelKind::Sapo
            | ChannelKind::WooCommerce
            | ChannelKind::Shopify => None,
        }
    }
}

/// `[listings.shopee]` (and lazada, tiktok).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingDefaults {
    /// The platform category for products whose category is not in `categories`.
    pub category_id: Option<String>,
    /// Our product category → the platform's category id.
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
    /// Images for new listings: platform image ids (Shopee `image_id`, TikTok `uri`) or
    /// URLs (Lazada; there a product's own media links come first).
    #[serde(default)]
    pub images: Vec<String>,
    /// Package size and weight when the variant has none.
    pub weight_grams: Option<u32>,
    #[serde(default)]
    pub length_cm: u32,
    #[serde(default)]
    pub width_cm: u32,
    #[serde(default)]
    pub height_cm: u32,
}

/// A daily window in local time, `start` inclusive, `end` exclusive; it wraps midnight
/// when `end` is not after `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct SyncWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl FromStr for SyncWindow {
    type Err = String;

    fn from_str(s: &str) -> Result<SyncWindow, String> {
        let bad = || orderdeck_i18n::t!("err-sync-window", window = s);
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let t = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        let w = SyncWindow {
            start: t(a)?,
            end: t(b)?,
        };
        if w.start == w.end {
            return Err(orderdeck_i18n::t!("err-sync-window-empty", window = s));
        }
        Ok(w)
    }
}

impl TryFrom<String> for SyncWindow {
    type Error = String;
    fn try_from(s: String) -> Result<SyncWindow, String> {
        s.parse()
    }
}

impl std::fmt::Display for SyncWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

impl SyncWindow {
    /// The start of the window `local` falls in, or `None` outside it.
    pub fn start_of(&self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let t = local.time();
        let today = local.date().and_time(self.start);
        if self.start < self.end {
            (self.start <= t && t < self.end).then_some(today)
        } else if t >= self.start {
            Some(today)
        } else if t < self.end {
            Some(today - ChronoDuration::days(1))
        } else {
            None
        }
    }

    /// A run is due: `now` is inside the window and the last run (if any) started
    /// before this window did.
    pub fn due(
        &self,
        now: DateTime<Utc>,
        offset: FixedOffset,
        last_run: Option<DateTime<Utc>>,
    ) -> bool {
        let local = now.with_timezone(&offset).naive_local();
        let Some(start) = self.start_of(local) else {
            return false;
        };
        let start_utc = start - ChronoDuration::seconds(i64::from(offset.local_minus_utc()));
        last_run.is_none_or(|r| r.naive_utc() < start_utc)
    }
}

// ------------------------------------------------------------------------------------
// Errors and reports

#[derive(Debug, thiserror::Error)]
pub enum ProductSyncError {
    #[error(transparent)]
    Channel(#[from] ChannelError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(String),
}

impl From<sqlx::Error> for ProductSyncError {
    fn from(e: sqlx::Error) -> Self {
        ProductSyncError::Store(e.into())
    }
}

/// What a pull found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullReport {
    /// Listings on the platform.
    pub listings: usize,
    /// Matched to one of our variants by SKU.
    pub matched: usize,
    /// Listings recorded for the first time.
    pub new: usize,
    /// Listings whose SKU is none of ours (or empty): "item / SKU" of each.
    pub unmatched: Vec<String>,
    /// Listings whose SKU fits several of ours once case is ignored.
    pub ambiguous: Vec<String>,
    /// Listings we had recorded that the platform no longer lists: marked [`GONE`]
    /// (kept, so a push never lists the variant twice; stock is no longer pushed to them).
    pub gone: usize,
    /// Our active SKUs this shop does not list.
    pub not_listed: usize,
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushReport {
    /// The pull that ran first.
    pub pull: PullReport,
    /// SKUs listed now.
    pub created: Vec<String>,
    /// SKUs whose create timed out but which were found on the platform afterwards.
    pub found_after_timeout: Vec<String>,
    /// SKUs that could not be listed, with the reason.
    pub failed: Vec<(String, String)>,
}

fn describe(l: &Listing) -> String {
    if l.sku.trim().is_empty() {
        format!("{} / (no SKU) {}", l.item_id, l.name)
    } else {
        format!("{} / {}", l.item_id, l.sku)
    }
}

// ------------------------------------------------------------------------------------
// Pull

/// Reads every listing of the shop, page by page.
async fn all_listings(client: &ChannelClient) -> Result<Vec<Listing>, ChannelError> {
    let mut out = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    for _ in 0..MAX_PAGES {
        let page = client.listings(cursor.as_ref()).await?;
        out.extend(page.listings);
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(out),
        }
    }
    Err(ChannelError::Rejected {
        channel: client.kind().label(),
        code: "too_many_pages".into(),
        message: orderdeck_i18n::t!("err-listings-too-many-pages", pages = MAX_PAGES.to_string()),
    })
}

/// Pulls the shop's listings into `channel_listings`, matched by SKU.
pub async fn pull(
    pool: &PgPool,
    channel_id: i64,
    client: &ChannelClient,
) -> Result<PullReport, ProductSyncError> {
    let started = Utc::now();
    let result = pull_inner(pool, channel_id, client).await;
    record_run(pool, channel_id, started, &result.as_ref(), "pull").await?;
    result
}

async fn pull_inner(
    pool: &PgPool,
    channel_id: i64,
    client: &ChannelClient,
) -> Result<PullReport, ProductSyncError> {
    let listings = all_listings(client).await?;
    let ours: Vec<(i64, String, bool)> = sqlx::query_as(
        "select v.id, v.sku, (v.active and p.active) from variants v join products p on p.id = v.product_id",
    )
    .fetch_all(pool)
    .await?;
    let skus: Vec<String> = ours.iter().map(|(_, s, _)| s.clone()).collect();
    let ids: HashMap<&str, i64> = ours.iter().map(|(id, s, _)| (s.as_str(), *id)).collect();
    let m = match_listings(&listings, &skus);
    let mut report = PullReport {
        listings: listings.len(),
        matched: m.matched.len(),
        unmatched: m.unmatched.iter().map(describe).collect(),
        ambiguous: m.ambiguous.iter().map(describe).collect(),
        not_listed: m
            .not_listed
            .iter()
            .filter(|s| {
                ours.iter()
                    .any(|(_, sku, active)| *active && sku.trim() == s.as_str())
            })
            .count(),
        ..PullReport::default()
    };
    let rows = m
        .matched
        .iter()
        .map(|(l, sku)| (l, ids.get(sku.as_str()).copied()))
        .chain(m.unmatched.iter().map(|l| (l, None)))
        .chain(m.ambiguous.iter().map(|l| (l, None)));
    let mut item = Vec::new();
    let mut sku_id = Vec::new();
    let mut seller = Vec::new();
    let mut status = Vec::new();
    let mut variant: Vec<Option<i64>> = Vec::new();
    let mut stock: Vec<Option<i32>> = Vec::new();
    for (l, v) in rows {
        item.push(l.item_id.clone());
        sku_id.push(l.sku_id.clone());
        seller.push(l.sku.clone());
        status.push(l.status.clone());
        variant.push(v);
        stock.push(l.stock.map(|q| i32::try_from(q.max(0)).unwrap_or(i32::MAX)));
    }
    let mut tx = pool.begin().await?;
    // The stock the platform shows becomes the listing's last known value, so the drain
    // sends only where it differs from available − buffer.
    let new: i64 = sqlx::query_scalar(
        "with x as (select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[])
                    as t(item, sku_id, seller, status, variant, stock)),
         up as (
             insert into channel_listings as l
                 (channel_id, external_item_id, external_sku, seller_sku, status, variant_id,
                  last_pushed_qty, synced_at)
             select $1, item, sku_id, seller, status, variant, stock, now() from x
             on conflict (channel_id, external_item_id, external_sku) do update set
                 seller_sku = excluded.seller_sku, status = excluded.status,
                 variant_id = excluded.variant_id,
                 last_pushed_qty = coalesce(excluded.last_pushed_qty, l.last_pushed_qty),
                 synced_at = excluded.synced_at
             returning (xmax = 0) as inserted)
         select count(*) filter (where inserted) from up",
    )
    .bind(channel_id)
    .bind(&item)
    .bind(&sku_id)
    .bind(&seller)
    .bind(&status)
    .bind(&variant)
    .bind(&stock)
    .fetch_one(&mut *tx)
    .await?;
    report.new = usize::try_from(new).unwrap_or(0);
    // Kept, not deleted: a listing under review or banned may be left out of the list,
    // and forgetting it would let a push create it a second time. The drain leaves it
    // alone until a pull sees it again.
    let gone = sqlx::query(
        "update channel_listings l set status = $4, synced_at = now()
         where l.channel_id = $1 and l.status <> $4
         and not exists (select 1 from unnest($2::text[], $3::text[]) as x(item, sku_id)
                         where x.item = l.external_item_id and x.sku_id = l.external_sku)",
    )
    .bind(channel_id)
    .bind(&item)
    .bind(&sku_id)
    .bind(GONE)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    report.gone = usize::try_from(gone).unwrap_or(0);
    tx.commit().await?;
    Ok(report)
}

async fn record_run<T: Serialize>(
    pool: &PgPool,
    channel_id: i64,
    started: DateTime<Utc>,
    result: &Result<T, &ProductSyncError>,
    what: &str,
) -> Result<(), StoreError> {
    let (report, error) = match result {
        Ok(r) => (
            serde_json::json!({ what: serde_json::to_value(r).unwrap_or_default() }),
            None,
        ),
        Err(e) => (serde_json::json!({}), Some(e.to_string())),
    };
    sqlx::query(
        "insert into channel_product_syncs (channel_id, last_run_at, report, last_error)
         values ($1, $2, $3, $4)
         on conflict (channel_id) do update set last_run_at = excluded.last_run_at,
             report = excluded.report, last_error = excluded.last_error",
    )
    .bind(channel_id)
    .bind(started)
    .bind(report)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

// ------------------------------------------------------------------------------------
// Push

/// A variant of ours without a listing on the shop.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Unlisted {
    variant_id: i64,
    sku: String,
    product: String,
    attr_values: Vec<String>,
    category: String,
    brand: String,
    description: String,
    media_urls: Vec<String>,
    sale_price: Decimal,
    weight_grams: i32,
    available: i64,
    stock_buffer: i32,
}

/// The listing to create for `v`, or why it cannot be made.
fn new_listing(
    kind: ChannelKind,
    v: &Unlisted,
    defaults: Option<&ListingDefaults>,
) -> Result<NewListing, String> {
    let section = format!("[listings.{}]", kind.code());
    let d = defaults.cloned().unwrap_or_default();
    if v.sale_price <= Decimal::ZERO {
        return Err(orderdeck_i18n::t!("err-listing-no-price"));
    }
    let category_id = d
        .categories
        .get(v.category.trim())
        .or(d.category_id.as_ref())
        .filter(|c| !c.trim().is_empty())
        .cloned()
        .ok_or_else(|| {
            orderdeck_i18n::t!(
                "err-listing-no-category",
                channel = kind.label(),
                category = format!("{:?}", v.category),
                section = &section
            )
        })?;
    let own_urls = v
        .media_urls
        .iter()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .cloned();
    let images: Vec<String> = match kind {
        ChannelKind::Lazada => own_urls.chain(d.images.iter().cloned()).collect(),
        _ => d.images.clone(),
    };
    if images.is_empty() {
        return Err(orderdeck_i18n::t!(
            "err-listing-no-image",
            channel = kind.label(),
            section = &section
        ));
    }
    let weight = u32::try_from(v.weight_grams)
        .ok()
        .filter(|w| *w > 0)
        .or(d.weight_grams)
        .filter(|w| *w > 0)
        .ok_or_else(|| orderdeck_i18n::t!("err-listing-no-weight", section = &section))?;
    let name = if v.attr_values.iter().all(|a| a.trim().is_empty()) {
        v.product.clone()
    } else {
        format!("{} ({})", v.product, v.attr_values.join(", "))
    };
    Ok(NewListing {
        sku: v.sku.clone(),
        description: if v.description.trim().is_empty() {
            name.clone()
        } else {
            v.description.clone()
        },
        name,
        price: v.sale_price,
        stock: target_qty(v.available, v.stock_buffer, true),
        weight_grams: weight,
        length_cm: d.length_cm,
        width_cm: d.width_cm,
        height_cm: d.height_cm,
        category_id,
        images,
        brand: Some(v.brand.clone()).filter(|b| !b.trim().is_empty()),
    })
}

/// Records listings just made (or found) for a variant, with the stock they were given.
async fn record_created(
    pool: &PgPool,
    channel_id: i64,
    variant_id: i64,
    listings: &[Listing],
    stock: u32,
) -> Result<(), StoreError> {
    for l in listings {
        sqlx::query(
            "insert into channel_listings
                 (channel_id, variant_id, external_item_id, external_sku, seller_sku, status,
                  last_pushed_qty, last_pushed_at, synced_at)
             values ($1, $2, $3, $4, $5, $6, $7, now(), now())
             on conflict (channel_id, external_item_id, external_sku) do update set
                 variant_id = excluded.variant_id, seller_sku = excluded.seller_sku,
                 status = excluded.status, synced_at = excluded.synced_at",
        )
        .bind(channel_id)
        .bind(variant_id)
        .bind(&l.item_id)
        .bind(&l.sku_id)
        .bind(&l.sku)
        .bind(&l.status)
        .bind(
            l.stock
                .map(|q| i32::try_from(q.max(0)).unwrap_or(i32::MAX))
                .unwrap_or(i32::try_from(stock).unwrap_or(i32::MAX)),
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Lists on the shop every active variant of ours that has no listing there (or only
/// those of `only_skus`), after a pull.
pub async fn push(
    pool: &PgPool,
    channel_id: i64,
    client: &ChannelClient,
    defaults: Option<&ListingDefaults>,
    only_skus: Option<&[String]>,
) -> Result<PushReport, ProductSyncError> {
    let started = Utc::now();
    let result = push_inner(pool, channel_id, client, defaults, only_skus).await;
    record_run(pool, channel_id, started, &result.as_ref(), "push").await?;
    result
}

async fn push_inner(
    pool: &PgPool,
    channel_id: i64,
    client: &ChannelClient,
    defaults: Option<&ListingDefaults>,
    only_skus: Option<&[String]>,
) -> Result<PushReport, ProductSyncError> {
    let kind = client.kind();
    let wanted: Option<Vec<String>> =
        only_skus.map(|s| s.iter().map(|x| x.trim().to_string()).collect());
    if let Some(w) = &wanted {
        let known: Vec<String> = sqlx::query_scalar("select sku from variants where sku = any($1)")
            .bind(w)
            .fetch_all(pool)
            .await?;
        if let Some(missing) = w.iter().find(|s| !known.contains(s)) {
            return Err(ProductSyncError::Refused(orderdeck_i18n::t!(
                "err-no-variant-sku",
                sku = missing
            )));
        }
    }
    let pull = pull_inner(pool, channel_id, client).await?;
    let unlisted: Vec<Unlisted> = sqlx::query_as(
        "select v.id as variant_id, v.sku, p.name as product, v.attr_values, p.category, p.brand,
                p.description, p.media_urls, v.sale_price, v.weight_grams,
                coalesce((select sum(s.on_hand - s.reserved) from stock_levels s
                          join warehouses w on w.id = s.warehouse_id
                          where s.variant_id = v.id and w.active), 0)::bigint as available,
                c.stock_buffer
         from variants v join products p on p.id = v.product_id
         join sales_channels c on c.id = $1
         where v.active and p.active
           and ($2::text[] is null or v.sku = any($2))
           and not exists (select 1 from channel_listings l
                           where l.channel_id = $1 and l.variant_id = v.id)
         order by v.sku",
    )
    .bind(channel_id)
    .bind(&wanted)
    .fetch_all(pool)
    .await?;
    let mut report = PushReport {
        pull,
        ..PushReport::default()
    };
    for v in &unlisted {
        let listing = match new_listing(kind, v, defaults) {
            Ok(l) => l,
            Err(why) => {
                report.failed.push((v.sku.clone(), why));
                continue;
            }
        };
        match client.create_listing(&listing).await {
            Ok(made) => {
                record_created(pool, channel_id, v.variant_id, &made, listing.stock).await?;
                report.created.push(v.sku.clone());
            }
            Err(e) if e.outcome_unknown() => {
                // It may have been made: look before anything else.
                match client.find_listing(&v.sku).await {
                    Ok(found) if !found.is_empty() => {
                        record_created(pool, channel_id, v.variant_id, &found, listing.stock)
                            .await?;
                        report.found_after_timeout.push(v.sku.clone());
                    }
                    Ok(_) => report.failed.push((v.sku.clone(), e.to_string())),
                    Err(again) => {
                        report.failed.push((
                            v.sku.clone(),
                            orderdeck_i18n::t!(
                                "err-listing-not-found-either",
                                error = e.to_string(),
                                again = again.to_string()
                            ),
                        ));
                    }
                }
            }
            Err(
                e @ (ChannelError::RateLimited { .. }
                | ChannelError::Auth { .. }
                | ChannelError::TokenExpired { .. }
                | ChannelError::NotConfigured { .. }
                | ChannelError::TokensNotSaved { .. }),
            ) => {
                // The rest would fail the same way: stop here, say so.
                let rest = unlisted
                    .iter()
                    .skip_while(|u| u.variant_id != v.variant_id)
                    .map(|u| {
                        (
                            u.sku.clone(),
                            orderdeck_i18n::t!("err-listing-not-tried", error = e.to_string()),
                        )
                    });
                report.failed.extend(rest);
                break;
            }
            Err(e) => report.failed.push((v.sku.clone(), e.to_string())),
        }
    }
    Ok(report)
}

/// When product sync last ran on this channel.
pub async fn last_run(pool: &PgPool, channel_id: i64) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(
        sqlx::query_scalar("select last_run_at from channel_product_syncs where channel_id = $1")
            .bind(channel_id)
            .fetch_optional(pool)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn w(s: &str) -> SyncWindow {
        s.parse().unwrap()
    }

    #[test]
    fn windows_parse_and_say_what_is_wrong() {
        assert_eq!(w("01:00-05:00").to_string(), "01:00-05:00");
        assert_eq!(w(" 22:30 - 02:00 ").to_string(), "22:30-02:00");
        assert!("1-5".parse::<SyncWindow>().is_err());
        assert!("01:00".parse::<SyncWindow>().is_err());
        assert!(
            "03:00-03:00"
                .parse::<SyncWindow>()
                .unwrap_err()
                .contains("empty")
        );
    }

    #[test]
    fn a_window_may_wrap_midnight() {
        let d = |h, m| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        let night = w("01:00-05:00");
        assert_eq!(night.start_of(d(3, 0)), Some(d(1, 0)));
        assert_eq!(night.start_of(d(5, 0)), None);
        assert_eq!(night.start_of(d(0, 59)), None);
        let wrap = w("22:00-02:00");
        assert_eq!(wrap.start_of(d(23, 0)), Some(d(22, 0)));
        assert_eq!(
            wrap.start_of(d(1, 0)),
            Some(d(22, 0) - ChronoDuration::days(1))
        );
        assert_eq!(wrap.start_of(d(12, 0)), None);
    }

    #[test]
    fn one_run_per_window_in_local_time() {
        let vn = FixedOffset::east_opt(7 * 3600).unwrap();
        let night = w("01:00-05:00");
        // 02:00 in Vietnam is 19:00 UTC the day before.
        let at = |d, h| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        assert!(night.due(at(26, 19), vn, None));
        assert!(
            !night.due(at(26, 12), vn, None),
            "19:00 local is off-window"
        );
        assert!(!night.due(
            at(26, 19),
            vn,
            Some(at(26, 18) + ChronoDuration::minutes(30))
        ));
        assert!(
            night.due(at(26, 19), vn, Some(at(25, 19))),
            "yesterday's run"
        );
    }

    #[test]
    fn a_bad_window_is_a_config_error() {
        let e = toml::from_str::<ListingsConfig>("product_sync_window = \"25:00-02:00\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a window"), "{e}");
    }

    fn unlisted() -> Unlisted {
        Unlisted {
            variant_id: 1,
            sku: "AT-01-D".into(),
            product: "Áo thun".into(),
            attr_values: vec!["Đỏ".into(), "M".into()],
            category: "Thời trang".into(),
            brand: String::new(),
            description: String::new(),
            media_urls: vec!["https://cdn.example.vn/a.jpg".into(), "local.png".into()],
            sale_price: Decimal::from(159_000),
            weight_grams: 0,
            available: 7,
            stock_buffer: 2,
        }
    }

    #[test]
    fn a_new_listing_from_our_fields_and_the_platform_defaults() {
        let d = ListingDefaults {
            category_id: Some("100017".into()),
            categories: BTreeMap::from([("Thời trang".into(), "100020".into())]),
            images: vec!["img-1".into()],
            weight_grams: Some(300),
            ..ListingDefaults::default()
        };
        let l = new_listing(ChannelKind::Shopee, &unlisted(), Some(&d)).unwrap();
        assert_eq!(l.name, "Áo thun (Đỏ, M)");
        assert_eq!(l.description, l.name);
        assert_eq!(l.category_id, "100020");
        assert_eq!(l.images, ["img-1"]);
        assert_eq!((l.stock, l.weight_grams), (5, 300));
        assert_eq!(l.brand, None);
        let lz = new_listing(ChannelKind::Lazada, &unlisted(), Some(&d)).unwrap();
        assert_eq!(lz.images, ["https://cdn.example.vn/a.jpg", "img-1"]);

        let e = new_listing(ChannelKind::TikTok, &unlisted(), None).unwrap_err();
        assert!(e.contains("[listings.tiktok]"), "{e}");
        let mut free = unlisted();
        free.sale_price = Decimal::ZERO;
        assert!(new_listing(ChannelKind::Shopee, &free, Some(&d)).is_err());
    }
}
