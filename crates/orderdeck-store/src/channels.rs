//! Sales channels (`sales_channels`): the marketplace shops, their OAuth tokens and where
//! order sync stands.
//!
//! Tokens are written by [`save_tokens`] alone, as one autocommit statement: when it
//! returns, the pair is committed, whatever transaction the caller may be in elsewhere.
//! Nothing here prints a token: [`StoredTokens`] shows only the last four characters.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;

use super::{Result, StoreError};

/// One channel's row, without its tokens (those come from [`load_tokens`] only).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChannelRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub shop_id: String,
    pub active: bool,
    pub has_tokens: bool,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub refresh_expires_at: Option<DateTime<Utc>>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub sync_cursor: Option<Value>,
}

const COLUMNS: &str = "id, code, kind, name, shop_id, active,
    (access_token is not null and refresh_token is not null) as has_tokens,
    token_expires_at, refresh_expires_at, last_sync_at, last_error, last_error_at, sync_cursor";

/// A shop's stored tokens. `Debug` shows the last four characters of each.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_expires_at: Option<DateTime<Utc>>,
}

fn tail(s: &str) -> String {
    let n = s.chars().count();
    if n <= 8 {
        "****".into()
    } else {
        format!("****{}", s.chars().skip(n - 4).collect::<String>())
    }
}

impl std::fmt::Debug for StoredTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredTokens")
            .field("access_token", &tail(&self.access_token))
            .field("refresh_token", &tail(&self.refresh_token))
            .field("access_expires_at", &self.access_expires_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .finish()
    }
}

pub async fn get(pool: &PgPool, id: i64) -> Result<Option<ChannelRow>> {
    Ok(sqlx::query_as(&format!(
        "select {COLUMNS} from sales_channels where id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// The active channel of this kind: the one whose code is the kind itself, else the
/// only one of that kind. `None` when there is none (or several and none named so).
/// The channel with this code, active or not.
pub async fn find_by_code(pool: &PgPool, code: &str) -> Result<Option<ChannelRow>> {
    Ok(sqlx::query_as(&format!(
        "select {COLUMNS} from sales_channels where code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?)
}

pub async fn find_by_kind(pool: &PgPool, kind: &str) -> Result<Option<ChannelRow>> {
    let rows: Vec<ChannelRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from sales_channels where kind = $1 and active
         order by (code = $1) desc, id"
    ))
    .bind(kind)
    .fetch_all(pool)
    .await?;
    match rows.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        [first, ..] if first.code == kind => Ok(Some(first.clone())),
        _ => Err(StoreError::Invalid(format!(
            "several active {kind} channels ({}) and none has the code `{kind}`: \
             give the configured shop's channel that code",
            rows.iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The channel of this kind ([`find_by_kind`]), created (code = kind) when there is none.
/// A configured `shop_id` is the shop this console talks to: it replaces what the row
/// held (empty, or another shop's id a seed or an earlier config left).
pub async fn ensure(pool: &PgPool, kind: &str, name: &str, shop_id: &str) -> Result<ChannelRow> {
    if let Some(row) = find_by_kind(pool, kind).await? {
        if !shop_id.is_empty() && row.shop_id != shop_id {
            sqlx::query("update sales_channels set shop_id = $2 where id = $1")
                .bind(row.id)
                .bind(shop_id)
                .execute(pool)
                .await?;
            return get(pool, row.id)
                .await?
                .ok_or_else(|| StoreError::Invalid(format!("channel {} vanished", row.code)));
        }
        return Ok(row);
    }
    // Two processes may get here at once: the code is unique, the second one reads.
    sqlx::query(
        "insert into sales_channels (code, kind, name, shop_id) values ($1, $1, $2, $3)
         on conflict (code) do nothing",
    )
    .bind(kind)
    .bind(name)
    .bind(shop_id)
    .execute(pool)
    .await?;
    find_by_kind(pool, kind).await?.ok_or_else(|| {
        StoreError::Invalid(format!(
            "a channel with the code `{kind}` exists but is not an active {kind} channel"
        ))
    })
}

/// Whether `code` is one of the shop's own channels, made on their first order.
pub fn is_own(code: &str) -> bool {
    own_name(code).is_some()
}

fn own_name(code: &str) -> Option<&'static str> {
    match code {
        "website" => Some("Website"),
        "manual" => Some("Manual"),
        _ => None,
    }
}

/// Our own channels — the website and orders typed in by hand — need no setting up: the
/// first order that names one brings it into being. Marketplace channels come from the
/// config (see `ensure`); any other code is left alone (and refused by intake).
pub async fn ensure_own(pool: &PgPool, code: &str) -> Result<()> {
    let Some(name) = own_name(code) else {
        return Ok(());
    };
    // Looked for first: a person's login may take orders but not always add channels.
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from sales_channels where code = $1)")
            .bind(code)
            .fetch_one(pool)
            .await?;
    if exists {
        return Ok(());
    }
    sqlx::query(
        "insert into sales_channels (code, kind, name) values ($1, $1, $2)
         on conflict (code) do nothing",
    )
    .bind(code)
    .bind(name)
    .execute(pool)
    .await?;
    Ok(())
}

/// The shop's tokens, if it has been authorised.
pub async fn load_tokens(pool: &PgPool, id: i64) -> Result<Option<StoredTokens>> {
    type Row = (
        Option<String>,
        Option<String>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let row: Option<Row> = sqlx::query_as(
        "select access_token, refresh_token, token_expires_at, refresh_expires_at
         from sales_channels where id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((Some(access), Some(refresh), expires, refresh_expires))
            if !access.is_empty() && !refresh.is_empty() =>
        {
            Some(StoredTokens {
                access_token: access,
                refresh_token: refresh,
                // No expiry stored: treat the token as due for a refresh.
                access_expires_at: expires.unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
                refresh_expires_at: refresh_expires,
            })
        }
        _ => None,
    })
}

/// Stores a new pair, committed when this returns (one autocommit statement, on a
/// connection of its own). The old pair is overwritten only here, after the platform
/// issued the new one.
pub async fn save_tokens(pool: &PgPool, id: i64, tokens: &StoredTokens) -> Result<()> {
    let done = sqlx::query(
        "update sales_channels set access_token = $2, refresh_token = $3, token_expires_at = $4,
                refresh_expires_at = $5, tokens_saved_at = now()
         where id = $1",
    )
    .bind(id)
    .bind(&tokens.access_token)
    .bind(&tokens.refresh_token)
    .bind(tokens.access_expires_at)
    .bind(tokens.refresh_expires_at)
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Invalid(format!(
            "no sales channel with id {id}"
        )));
    }
    Ok(())
}

/// Where order sync stands, after a page was handled (not finished with the range yet).
pub async fn save_cursor(pool: &PgPool, id: i64, cursor: &Value) -> Result<()> {
    sqlx::query("update sales_channels set sync_cursor = $2 where id = $1")
        .bind(id)
        .bind(cursor)
        .execute(pool)
        .await?;
    Ok(())
}

/// A sync finished: its cursor, the time, and no error any more.
pub async fn sync_done(pool: &PgPool, id: i64, cursor: &Value) -> Result<()> {
    sqlx::query(
        "update sales_channels set sync_cursor = $2, last_sync_at = now(), last_error = null,
                last_error_at = null
         where id = $1",
    )
    .bind(id)
    .bind(cursor)
    .execute(pool)
    .await?;
    Ok(())
}

/// A sync failed: why (shown to people; never contains a token).
pub async fn sync_failed(pool: &PgPool, id: i64, message: &str) -> Result<()> {
    sqlx::query("update sales_channels set last_error = $2, last_error_at = now() where id = $1")
        .bind(id)
        .bind(message)
        .execute(pool)
        .await?;
    Ok(())
}

/// Sets how many units of each variant are held back from this shop. A trigger queues
/// every variant the shop lists for a stock push (migration 10), in this transaction.
/// Returns how many listings the shop has, or `None` when there is no such shop.
pub async fn set_stock_buffer(pool: &PgPool, id: i64, buffer: i32) -> Result<Option<i64>> {
    let listings: Option<i64> = sqlx::query_scalar(
        "update sales_channels set stock_buffer = $2 where id = $1
         returning (select count(*) from channel_listings l where l.channel_id = $1)::bigint",
    )
    .bind(id)
    .bind(buffer)
    .fetch_optional(pool)
    .await?;
    Ok(listings)
}

/// `channel_listings.status` of a listing the last pull did not see.
pub const GONE: &str = "(not on the platform)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_tokens_never_print_in_full() {
        let t = StoredTokens {
            access_token: "59777174636562737266615546704c6d".into(),
            refresh_token: "short".into(),
            access_expires_at: Utc::now(),
            refresh_expires_at: None,
        };
        let shown = format!("{t:?}");
        assert!(shown.contains("****4c6d"), "{shown}");
        assert!(!shown.contains("5977717463"), "{shown}");
        assert!(!shown.contains("short"), "{shown}");
    }
}
