//! Background work shared by all consoles. Only one instance of each worker may run
//! across every console and `orderdeck worker`: a PostgreSQL advisory lock elects it.

pub mod channel_sync;
pub mod invoicer;
pub mod poller;
pub mod stock_sync;
pub mod webhooks;

use sqlx::PgPool;

/// Holds a session-level advisory lock for as long as it lives; when the process dies
/// the server drops the lock and another instance can take over.
pub struct Leadership {
    /// A connection of its own, out of the pool: when it is dropped (or the process
    /// dies) the server sees the session end and frees the lock for another instance.
    conn: sqlx::PgConnection,
    key: i64,
}

impl Leadership {
    /// Tries to become the one instance of `key`; `None` when another holds it.
    pub async fn try_acquire(pool: &PgPool, key: i64) -> Result<Option<Leadership>, sqlx::Error> {
        let mut conn = pool.acquire().await?.detach();
        let got: bool = sqlx::query_scalar("select pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut conn)
            .await?;
        Ok(got.then_some(Leadership { conn, key }))
    }

    /// The lock is still ours: its connection still answers.
    pub async fn still_held(&mut self) -> bool {
        sqlx::query_scalar::<_, i32>("select 1")
            .fetch_one(&mut self.conn)
            .await
            .is_ok()
    }

    pub async fn release(mut self) -> Result<(), sqlx::Error> {
        sqlx::query("select pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut self.conn)
            .await?;
        Ok(())
    }
}
