//! The order-intake API's keys (`api_keys`): made, listed and revoked by `orderdeck keys`,
//! looked up by the hash of a request's token. The token itself is never stored.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;

/// A key as `orderdeck keys list` shows it (no hash).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub channel: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
}

/// A live key found by its token's hash: what a request may do.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LiveKey {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub channel: Option<String>,
}

/// A key to store: its hash and public prefix, never the token.
#[derive(Debug, Clone)]
pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub hash: &'a [u8],
    pub scopes: &'a [String],
    pub channel: Option<&'a str>,
    pub created_by: &'a str,
}

/// Stores a new key; `Ok(None)` when the name (or, by a one-in-2⁴⁷ chance, the prefix) is
/// taken, so the caller can say which.
pub async fn create(pool: &PgPool, key: &NewApiKey<'_>) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "insert into api_keys (name, prefix, hash, scopes, channel, created_by)
         values ($1, $2, $3, $4, $5, $6)
         on conflict do nothing
         returning id",
    )
    .bind(key.name)
    .bind(key.prefix)
    .bind(key.hash)
    .bind(key.scopes)
    .bind(key.channel)
    .bind(key.created_by)
    .fetch_optional(pool)
    .await?)
}

/// Every key, live and revoked, by name.
pub async fn list(pool: &PgPool) -> Result<Vec<ApiKeyRow>> {
    Ok(sqlx::query_as::<_, ApiKeyRow>(
        "select id, name, prefix, scopes, channel, created_by, created_at, last_used_at,
                revoked_at, revoked_by
         from api_keys order by name",
    )
    .fetch_all(pool)
    .await?)
}

/// What revoking a key by name found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Now,
    /// Revoked before: left as it was (the first revocation's time and person stay).
    Already,
    NoSuchKey,
}

pub async fn revoke(pool: &PgPool, name: &str, by: &str) -> Result<Revoked> {
    let row: Option<(bool,)> = sqlx::query_as(
        "with k as (select id, revoked_at from api_keys where name = $1),
              u as (update api_keys a set revoked_at = now(), revoked_by = $2
                    from k where a.id = k.id and k.revoked_at is null returning a.id)
         select exists (select 1 from u) from k",
    )
    .bind(name)
    .bind(by)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None => Revoked::NoSuchKey,
        Some((true,)) => Revoked::Now,
        Some((false,)) => Revoked::Already,
    })
}

/// The live (not revoked) key whose token hashes to `hash`, or none.
pub async fn authenticate(pool: &PgPool, hash: &[u8]) -> Result<Option<LiveKey>> {
    Ok(sqlx::query_as::<_, LiveKey>(
        "select id, name, scopes, channel from api_keys where hash = $1 and revoked_at is null",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?)
}

/// Notes that a key was used now (the app calls it at most once a minute per key, so a
/// busy client does not turn every order into two writes).
pub async fn touch(pool: &PgPool, id: i64) -> Result<()> {
    sqlx::query("update api_keys set last_used_at = now() where id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A sales channel's kind and stock buffer by its code, for the API's checks: which
/// channels a key may send and what `GET /v1/stock` holds back.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChannelFacts {
    pub kind: String,
    pub stock_buffer: i32,
}

pub async fn channel_facts(pool: &PgPool, code: &str) -> Result<Option<ChannelFacts>> {
    Ok(sqlx::query_as::<_, ChannelFacts>(
        "select kind, stock_buffer from sales_channels where code = $1",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?)
}

/// One SKU's available stock (on hand − reserved) in one active warehouse, for
/// `GET /v1/stock` (which takes the channel's buffer off).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OfferRow {
    pub sku: String,
    pub warehouse: String,
    pub available: i32,
}

/// Available stock per active warehouse for each known, active SKU of `skus` (a warehouse
/// with no stock row reads 0). SKUs not in the catalog are simply absent.
pub async fn offer(pool: &PgPool, skus: &[String]) -> Result<Vec<OfferRow>> {
    Ok(sqlx::query_as::<_, OfferRow>(
        "select v.sku, w.code as warehouse, coalesce(s.on_hand - s.reserved, 0) as available
         from variants v
         cross join warehouses w
         left join stock_levels s on s.variant_id = v.id and s.warehouse_id = w.id
         where v.sku = any($1) and v.active and w.active
         order by v.sku, w.code",
    )
    .bind(skus)
    .fetch_all(pool)
    .await?)
}
