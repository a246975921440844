//! Who is connected to the database, as the server sees it (`pg_stat_activity`): for
//! benchmarks that count the connections held and read each backend's CPU from /proc.

use sqlx::PgPool;

use crate::Result;

/// One client connection to the pool's database.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Backend {
    /// The server process serving it.
    pub pid: i32,
    pub application_name: String,
}

/// Every client connection to the database `pool` is on, this query's own included.
pub async fn backends(pool: &PgPool) -> Result<Vec<Backend>> {
    Ok(sqlx::query_as(
        "select pid, coalesce(application_name, '') as application_name
         from pg_stat_activity
         where datname = current_database() and backend_type = 'client backend'",
    )
    .fetch_all(pool)
    .await?)
}
