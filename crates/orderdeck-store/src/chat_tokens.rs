//! The chat channels' OAuth tokens (`chat_tokens`, one row per channel: the Zalo OA's).
//! Values are stored as given — the app layer seals them — and never printed:
//! [`StoredTokens`]' `Debug` shows the last four characters.
//!
//! A refresh spends a single-use refresh token, so it happens inside [`lock`]'s
//! transaction: the row is locked (`select … for update`), the caller refreshes and
//! [`save_in`] writes the new pair before the commit lets the next process look.

use sqlx::{PgConnection, PgPool};

use super::Result;
pub use crate::channels::StoredTokens;

type Row = (
    String,
    String,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
);

fn from_row(r: Row) -> StoredTokens {
    StoredTokens {
        access_token: r.0,
        refresh_token: r.1,
        access_expires_at: r.2,
        refresh_expires_at: r.3,
    }
}

const SELECT: &str = "select access_token, refresh_token, access_expires_at, refresh_expires_at
                      from chat_tokens where channel = $1";

/// The channel's tokens, if it was ever connected.
pub async fn load(pool: &PgPool, channel: &str) -> Result<Option<StoredTokens>> {
    let row: Option<Row> = sqlx::query_as(SELECT)
        .bind(channel)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(from_row))
}

/// The channel's tokens, the row locked until the caller's transaction ends: another
/// process wanting to refresh waits here, then sees the new pair.
pub async fn lock(conn: &mut PgConnection, channel: &str) -> Result<Option<StoredTokens>> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} for update"))
        .bind(channel)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(from_row))
}

/// Writes the channel's pair (made on the first connection), in the caller's transaction.
pub async fn save_in(conn: &mut PgConnection, channel: &str, t: &StoredTokens) -> Result<()> {
    sqlx::query(
        "insert into chat_tokens (channel, access_token, refresh_token, access_expires_at,
                                  refresh_expires_at)
         values ($1, $2, $3, $4, $5)
         on conflict (channel) do update
            set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                access_expires_at = excluded.access_expires_at,
                refresh_expires_at = excluded.refresh_expires_at, saved_at = now()",
    )
    .bind(channel)
    .bind(&t.access_token)
    .bind(&t.refresh_token)
    .bind(t.access_expires_at)
    .bind(t.refresh_expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// As [`save_in`], committed on return.
pub async fn save(pool: &PgPool, channel: &str, t: &StoredTokens) -> Result<()> {
    let mut conn = pool.acquire().await?;
    save_in(&mut conn, channel, t).await
}
