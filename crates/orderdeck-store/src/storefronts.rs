//! The seller's own website shops (Haravan, Sapo, WooCommerce, Shopify): their channel
//! rows, the webhook deliveries taken (each once), the newest state acted on per order,
//! and the deliveries refused.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::channels::{ChannelRow, get};
use crate::{Result, StoreError};

/// The channel row of a configured storefront, made on first use; its `shop_id` is the
/// shop's address (what pane 9 shows). A code already used by another kind of channel is
/// refused (two shops must not share a channel).
pub async fn ensure(
    pool: &PgPool,
    code: &str,
    kind: &str,
    name: &str,
    site: &str,
) -> Result<ChannelRow> {
    let id: Option<(i64, String)> = sqlx::query_as(
        "insert into sales_channels (code, kind, name, shop_id) values ($1, $2, $3, $4)
         on conflict (code) do update set name = excluded.name, shop_id = excluded.shop_id
             where sales_channels.kind = excluded.kind
         returning id, kind",
    )
    .bind(code)
    .bind(kind)
    .bind(name)
    .bind(site)
    .fetch_optional(pool)
    .await?;
    let Some((id, _)) = id else {
        return Err(StoreError::Invalid(orderdeck_i18n::t!(
            "err-storefront-code-taken",
            code = code,
            kind = kind
        )));
    };
    get(pool, id)
        .await?
        .ok_or_else(|| StoreError::Invalid(format!("channel {code} vanished")))
}

/// Takes a delivery's de-duplication key: `false` when it was taken before.
pub async fn first_delivery(
    pool: &PgPool,
    channel_id: i64,
    dedupe_key: &str,
    topic: &str,
    external_id: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "insert into storefront_deliveries (channel_id, dedupe_key, topic, external_id)
         values ($1, $2, $3, $4) on conflict do nothing",
    )
    .bind(channel_id)
    .bind(dedupe_key)
    .bind(topic)
    .bind(external_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a delivery back (acting on it failed): the platform's retry is then taken.
pub async fn forget_delivery(pool: &PgPool, channel_id: i64, dedupe_key: &str) -> Result<()> {
    sqlx::query("delete from storefront_deliveries where channel_id = $1 and dedupe_key = $2")
        .bind(channel_id)
        .bind(dedupe_key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Whether news of `updated_at` about this order is older than what was acted on.
pub async fn is_stale(
    pool: &PgPool,
    channel_id: i64,
    external_id: &str,
    updated_at: DateTime<Utc>,
) -> Result<bool> {
    let seen: Option<DateTime<Utc>> = sqlx::query_scalar(
        "select updated_at from storefront_orders_seen where channel_id = $1 and external_id = $2",
    )
    .bind(channel_id)
    .bind(external_id)
    .fetch_optional(pool)
    .await?;
    Ok(seen.is_some_and(|t| updated_at < t))
}

/// Records the newest state acted on (never moving it back).
pub async fn seen(
    pool: &PgPool,
    channel_id: i64,
    external_id: &str,
    updated_at: DateTime<Utc>,
    topic: &str,
) -> Result<()> {
    sqlx::query(
        "insert into storefront_orders_seen (channel_id, external_id, updated_at, topic)
         values ($1, $2, $3, $4)
         on conflict (channel_id, external_id) do update
             set updated_at = excluded.updated_at, topic = excluded.topic
             where storefront_orders_seen.updated_at <= excluded.updated_at",
    )
    .bind(channel_id)
    .bind(external_id)
    .bind(updated_at)
    .bind(topic)
    .execute(pool)
    .await?;
    Ok(())
}

/// Keeps a refused delivery's reason (at most the last 1,000 per channel are kept).
pub async fn refused(pool: &PgPool, channel_id: i64, reason: &str, remote: &str) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("insert into webhook_refusals (channel_id, reason, remote) values ($1, $2, $3)")
        .bind(channel_id)
        .bind(reason.chars().take(300).collect::<String>())
        .bind(remote)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "delete from webhook_refusals where channel_id = $1 and id <= (
             select id from webhook_refusals where channel_id = $1
             order by id desc offset 1000 limit 1)",
    )
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What pane 9 says about a storefront's webhooks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookHealth {
    pub last_delivery: Option<DateTime<Utc>>,
    pub deliveries_today: i64,
    pub refused_today: i64,
    pub last_refusal: Option<(DateTime<Utc>, String)>,
}

pub async fn health(pool: &PgPool, channel_id: i64) -> Result<HookHealth> {
    let (last_delivery, deliveries_today): (Option<DateTime<Utc>>, i64) = sqlx::query_as(
        "select max(received_at), count(*) filter (where received_at > now() - interval '24 hours')
         from storefront_deliveries where channel_id = $1",
    )
    .bind(channel_id)
    .fetch_one(pool)
    .await?;
    let refused_today: i64 = sqlx::query_scalar(
        "select count(*) from webhook_refusals
         where channel_id = $1 and at > now() - interval '24 hours'",
    )
    .bind(channel_id)
    .fetch_one(pool)
    .await?;
    let last_refusal: Option<(DateTime<Utc>, String)> = sqlx::query_as(
        "select at, reason from webhook_refusals where channel_id = $1 order by id desc limit 1",
    )
    .bind(channel_id)
    .fetch_optional(pool)
    .await?;
    Ok(HookHealth {
        last_delivery,
        deliveries_today,
        refused_today,
        last_refusal,
    })
}

/// Forgets deliveries older than a week: platforms retry for hours (Shopify: 4 h), not
/// days, so a key that old can no longer come back.
pub async fn prune(pool: &PgPool) -> Result<u64> {
    let done = sqlx::query(
        "delete from storefront_deliveries where received_at < now() - interval '7 days'",
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Whether an order from this channel with this platform id is here already.
pub async fn known_order(pool: &PgPool, channel_id: i64, external_id: &str) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from orders where channel_id = $1 and external_id = $2)",
    )
    .bind(channel_id)
    .bind(external_id)
    .fetch_one(pool)
    .await?)
}
