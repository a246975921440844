//! Where the demo's simulators listen, one set per database (see the migration): read by
//! a demo console starting up, written by the one that starts them.

use sqlx::PgConnection;

use super::Result;

/// The registered simulator: (address, mail-sink address).
pub async fn registered(conn: &mut PgConnection) -> Result<Option<(String, String)>> {
    Ok(
        sqlx::query_as("select address, smtp_address from demo_simulator")
            .fetch_optional(conn)
            .await?,
    )
}

/// Records the simulator this console started, replacing one that no longer answers.
pub async fn register(
    conn: &mut PgConnection,
    address: &str,
    smtp_address: &str,
    started_by: &str,
) -> Result<()> {
    sqlx::query(
        "insert into demo_simulator (address, smtp_address, started_by) values ($1, $2, $3)
         on conflict (only_one) do update set address = excluded.address,
             smtp_address = excluded.smtp_address, started_by = excluded.started_by,
             started_at = now()",
    )
    .bind(address)
    .bind(smtp_address)
    .bind(started_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Taken while a demo console decides whether to start the simulators, so two starting
/// at once do not both start them (a transaction-scoped advisory lock).
pub async fn lock(conn: &mut PgConnection) -> Result<()> {
    sqlx::query("select pg_advisory_xact_lock(hashtext('orderdeck demo simulator'))")
        .execute(conn)
        .await?;
    Ok(())
}
