//! Background work shared by all consoles. Only one instance of each worker may run
//! across every console and `orderdeck worker`: a PostgreSQL advisory lock elects it.

use sqlx::PgPool;

/// Holds a session-level advisory lock for as long as it lives; when the process dies
/// the server drops the lock and another instance can take over.
pub struct Leadership {
    conn: sqlx::pool::PoolConnection<sqlx::Postgres>,
    key: i64,
}

impl Leadership {
    /// Tries to become the one instance of `key`; `None` when another holds it.
    pub async fn try_acquire(pool: &PgPool, key: i64) -> Result<Option<Leadership>, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        let got: bool = sqlx::query_scalar("select pg_try_advisory_lock($1)")
            .bind(key)
            .fetch_one(&mut *conn)
            .await?;
        Ok(got.then_some(Leadership { conn, key }))
    }

    pub async fn release(mut self) -> Result<(), sqlx::Error> {
        sqlx::query("select pg_advisory_unlock($1)")
            .bind(self.key)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}
