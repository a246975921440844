//! `Idempotency-Key`s of the order-intake API (`idempotency_keys`), per API key.
//!
//! A request first [`begin`]s its key: one statement inserts it as `running`, or reads
//! what is there. It then [`finish`]es (the answer is kept to be given again) or
//! [`release`]s it (nothing was written: the key is forgotten so the client may retry
//! with it). `finish` and `release` name the lease `begin` gave — the row's `created_at`
//! — so a request that lost its key to a take-over cannot end the new holder's.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::Result;

/// How long a `running` key may go without finishing before another request takes it
/// over: the request that held it died (a process killed between `begin` and `finish`).
/// Intake answers in milliseconds; a minute is far beyond any live request.
pub const ABANDONED_AFTER_SECS: i64 = 60;
/// How long a finished key's answer is kept (the expiry the API publishes): Stripe keeps
/// at least 24 h (reference §12.2); 48 h covers a client retrying over a weekend outage.
pub const KEPT_HOURS: i64 = 48;

/// What [`begin`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begun {
    /// The key is this request's to carry out (new, or taken over from an abandoned or
    /// expired holder); `lease` goes to [`finish`] or [`release`].
    Carry {
        lease: DateTime<Utc>,
        taken_over: bool,
    },
    /// Another request with this key is being carried out now.
    InFlight,
    /// Done before: its answer, and whether the body was the same.
    Done {
        same_body: bool,
        status: u16,
        body: Vec<u8>,
    },
}

type Row = (
    String,
    DateTime<Utc>,
    Option<Vec<u8>>,
    Option<i32>,
    Option<Vec<u8>>,
);

/// Claims `key` for this request, or says who has it. One statement (insert, or take
/// over what is abandoned or expired, or read what is there), so two requests racing on
/// one key never both carry it out: the second waits on the first's row and sees it.
pub async fn begin(pool: &PgPool, api_key_id: i64, key: &str, fingerprint: &[u8]) -> Result<Begun> {
    // The read half sees the statement's snapshot: when another request inserted the key
    // after it was taken, the insert waits, finds the conflict, and the read does not see
    // the row yet — no row at all. Asking again (a new snapshot) sees it.
    for _ in 0..5 {
        let row: Option<Row> = sqlx::query_as(
            "with claimed as (
                 insert into idempotency_keys as i (api_key_id, key, fingerprint, state)
                 values ($1, $2, $3, 'running')
                 on conflict (api_key_id, key) do update
                    set fingerprint = excluded.fingerprint, state = 'running',
                        http_status = null, response_body = null, finished_at = null,
                        created_at = clock_timestamp()
                    where (i.state = 'running'
                           and i.created_at < clock_timestamp() - make_interval(secs => $4))
                       or (i.state = 'done'
                           and i.finished_at < clock_timestamp() - make_interval(hours => $5))
                 returning (xmax = 0) as fresh, created_at)
             select case when fresh then 'new' else 'taken_over' end, created_at,
                    null::bytea, null::integer, null::bytea
             from claimed
             union all
             select state, created_at, fingerprint, http_status, response_body
             from idempotency_keys
             where api_key_id = $1 and key = $2 and not exists (select 1 from claimed)",
        )
        .bind(api_key_id)
        .bind(key)
        .bind(fingerprint)
        .bind(ABANDONED_AFTER_SECS as f64)
        .bind(KEPT_HOURS as i32)
        .fetch_optional(pool)
        .await?;
        let Some((state, lease, stored, status, body)) = row else {
            continue;
        };
        return Ok(match state.as_str() {
            "new" => Begun::Carry {
                lease,
                taken_over: false,
            },
            "taken_over" => Begun::Carry {
                lease,
                taken_over: true,
            },
            "done" => Begun::Done {
                same_body: stored.as_deref() == Some(fingerprint),
                status: status.and_then(|s| u16::try_from(s).ok()).unwrap_or(500),
                body: body.unwrap_or_default(),
            },
            _ => Begun::InFlight,
        });
    }
    // Five snapshots in a row that missed a row that blocked the insert: someone is
    // inserting and deleting this key in a tight loop. Say it is busy; the client retries.
    Ok(Begun::InFlight)
}

/// Keeps the answer of a request carried out under `key`. `false` when the lease was
/// lost (taken over meanwhile): the answer is not kept, the new holder's will be.
pub async fn finish(
    pool: &PgPool,
    api_key_id: i64,
    key: &str,
    lease: DateTime<Utc>,
    status: u16,
    body: &[u8],
) -> Result<bool> {
    let done = sqlx::query(
        "update idempotency_keys
         set state = 'done', http_status = $4, response_body = $5, finished_at = clock_timestamp()
         where api_key_id = $1 and key = $2 and created_at = $3 and state = 'running'",
    )
    .bind(api_key_id)
    .bind(key)
    .bind(lease)
    .bind(i32::from(status))
    .bind(body)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets a key whose request wrote nothing (refused by the catalog, or failed), so
/// the client can send it again with the same key.
pub async fn release(
    pool: &PgPool,
    api_key_id: i64,
    key: &str,
    lease: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "delete from idempotency_keys
         where api_key_id = $1 and key = $2 and created_at = $3 and state = 'running'",
    )
    .bind(api_key_id)
    .bind(key)
    .bind(lease)
    .execute(pool)
    .await?;
    Ok(())
}

/// Drops answers kept longer than [`KEPT_HOURS`], and keys left `running` that long (a
/// holder that died and was never retried). Returns how many went.
pub async fn prune(pool: &PgPool) -> Result<u64> {
    let gone = sqlx::query(
        "delete from idempotency_keys
         where (state = 'done' and finished_at < clock_timestamp() - make_interval(hours => $1))
            or (state = 'running' and created_at < clock_timestamp() - make_interval(hours => $1))",
    )
    .bind(KEPT_HOURS as i32)
    .execute(pool)
    .await?;
    Ok(gone.rows_affected())
}
