//! The Zalo OA's tokens as every process uses them: kept in the database (`chat_tokens`,
//! sealed like the marketplaces' — see [`crate::secrets`]), the first pair from an
//! authorisation code ([`connect`]), and each refresh done under the row's lock.
//!
//! Zalo's refresh token is single-use (§2.1 of the reference: every refresh returns a
//! new one). Two consoles refreshing at once would both spend the same token and one
//! would be left with a dead pair; so a refresh locks the row (`select … for update`),
//! looks whether another process already replaced the token it was refused, and only
//! if not calls Zalo — storing the new pair before the lock is let go.

use chrono::{Duration, Utc};
use futures::future::BoxFuture;
use orderdeck_integrations::marketplace::{Secret, TokenPair};
use orderdeck_integrations::zalo::{TokenSource, ZaloClient, ZaloError};
use orderdeck_store::chat_tokens::{self, StoredTokens};
use sqlx::PgPool;

use crate::secrets;

/// The `chat_tokens.channel` of the Zalo OA.
pub const CHANNEL: &str = "zalo";

/// Sealed values are bound to an id and a field: chat tokens use id 0 (no
/// `sales_channels` row has it) and fields of their own.
const SEAL_ID: i64 = 0;
const ACCESS: &str = "chat:zalo:access_token";
const REFRESH: &str = "chat:zalo:refresh_token";

/// A token refreshed this close to its expiry rather than used.
const MARGIN_SECS: i64 = 60;

fn to_stored(p: &TokenPair) -> StoredTokens {
    StoredTokens {
        access_token: secrets::seal(SEAL_ID, ACCESS, p.access_token.expose()),
        refresh_token: secrets::seal(SEAL_ID, REFRESH, p.refresh_token.expose()),
        access_expires_at: p.access_expires_at,
        refresh_expires_at: p.refresh_expires_at,
    }
}

fn from_stored(t: &StoredTokens) -> Result<TokenPair, ZaloError> {
    let open = |field: &str, v: &str| {
        secrets::open(SEAL_ID, field, v).map_err(|e| ZaloError::Store(e.to_string()))
    };
    Ok(TokenPair {
        access_token: Secret::new(open(ACCESS, &t.access_token)?),
        refresh_token: Secret::new(open(REFRESH, &t.refresh_token)?),
        access_expires_at: t.access_expires_at,
        refresh_expires_at: t.refresh_expires_at,
    })
}

fn store_err(e: impl std::fmt::Display) -> ZaloError {
    ZaloError::Store(e.to_string())
}

/// Exchanges the code the OA admin's consent gave for the first pair, and stores it
/// (replacing any pair stored before). Returns the pair's access expiry.
pub async fn connect(
    pool: &PgPool,
    client: &ZaloClient,
    code: &str,
    code_verifier: Option<&str>,
) -> Result<chrono::DateTime<Utc>, ZaloError> {
    let pair = client.exchange_code(code, code_verifier).await?;
    chat_tokens::save(pool, CHANNEL, &to_stored(&pair))
        .await
        .map_err(store_err)?;
    Ok(pair.access_expires_at)
}

/// The OA's tokens in the database, for one client's calls.
pub struct DbZaloTokens<'a> {
    pub pool: &'a PgPool,
    pub client: &'a ZaloClient,
}

impl DbZaloTokens<'_> {
    /// Under the row's lock: the stored access token when it is not `stale` (another
    /// process refreshed already) and not about to expire, else a refresh — the new pair
    /// stored before the commit.
    async fn refresh_unless_done(&self, stale: Option<&Secret>) -> Result<Secret, ZaloError> {
        let mut tx = self.pool.begin().await.map_err(store_err)?;
        let Some(row) = chat_tokens::lock(&mut tx, CHANNEL)
            .await
            .map_err(store_err)?
        else {
            return Err(ZaloError::NotConnected);
        };
        let held = from_stored(&row)?;
        let replaced = stale.is_some_and(|s| s.expose() != held.access_token.expose());
        let fresh_enough = !held.access_expires_within(Utc::now(), Duration::seconds(MARGIN_SECS));
        if fresh_enough && (stale.is_none() || replaced) {
            return Ok(held.access_token);
        }
        // Holding the lock across the call is the point: nobody else spends the refresh
        // token meanwhile. The client's timeout bounds the wait. Should Zalo issue a pair
        // whose reply is lost, the spent token is refused next time: connect again.
        let pair = self.client.refresh(&held.refresh_token).await?;
        chat_tokens::save_in(&mut tx, CHANNEL, &to_stored(&pair))
            .await
            .map_err(store_err)?;
        tx.commit().await.map_err(store_err)?;
        tracing::info!("zalo: the OA's access token was refreshed");
        Ok(pair.access_token)
    }
}

impl TokenSource for DbZaloTokens<'_> {
    fn current(&self) -> BoxFuture<'_, Result<Secret, ZaloError>> {
        Box::pin(async move {
            let row = chat_tokens::load(self.pool, CHANNEL)
                .await
                .map_err(store_err)?
                .ok_or(ZaloError::NotConnected)?;
            let held = from_stored(&row)?;
            if held.access_expires_within(Utc::now(), Duration::seconds(MARGIN_SECS)) {
                return self.refresh_unless_done(None).await;
            }
            Ok(held.access_token)
        })
    }

    fn renew<'a>(&'a self, stale: &'a Secret) -> BoxFuture<'a, Result<Secret, ZaloError>> {
        Box::pin(self.refresh_unless_done(Some(stale)))
    }
}
