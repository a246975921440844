//! PostgreSQL access. One module per aggregate; each user action is one transaction.
//! Nothing here knows about the terminal.

pub mod activity;
pub mod api_keys;
pub mod assistant;
pub mod cancel;
pub mod catalog;
pub mod channels;
pub mod chat_tokens;
pub mod conversations;
pub mod dashboard;
pub mod demo_simulator;
pub mod embedded;
pub mod fulfil;
pub mod idempotency;
pub mod invoices;
pub mod listen;
pub mod lookup;
pub mod market_chat;
pub mod notices;
pub mod orders;
pub mod page;
pub mod people;
pub mod pick;
pub mod places;
pub mod purchasing;
pub mod shipments;
pub mod shops;
pub mod stock;
pub mod storefronts;
pub mod tracking;

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use thiserror::Error;

use embedded::{Cluster, EmbeddedError};

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{}", orderdeck_i18n::t!("err-database", detail = .0.to_string()))]
    Sql(#[from] sqlx::Error),
    #[error("{}", orderdeck_i18n::t!("err-migrations", detail = .0.to_string()))]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{}", orderdeck_i18n::t!("err-embedded", detail = .0.to_string()))]
    Embedded(#[from] EmbeddedError),
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-schema-too-new",
            found = .found.to_string(),
            known = .known.to_string()
        )
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error(
        "{}",
        orderdeck_i18n::t!(
            "err-needs-migrating",
            found = .found.to_string(),
            known = .known.to_string()
        )
    )]
    NeedsMigrating { found: i64, known: i64 },
    #[error("{}", orderdeck_i18n::t!("err-bad-database-url", url = .url, message = .message))]
    BadUrl { url: String, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{}", orderdeck_i18n::t!("err-database-unreachable", url = .url, reason = .reason))]
    Unreachable { url: String, reason: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which server the console talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Embedded,
    Shared,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Embedded => "embedded",
            Mode::Shared => "shared",
        }
    }
}

/// Where the database is, resolved from flags, environment and config.
#[derive(Debug, Clone)]
pub struct Target {
    pub mode: Mode,
    pub url: String,
    pub cluster: Option<Cluster>,
    /// A password given at a prompt (PGPASSWORD and ~/.pgpass are read by the driver).
    pub password: Option<Password>,
}

/// A password that never shows in `{:?}` (logs, error reports).
#[derive(Clone)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"****\"")
    }
}

impl Target {
    pub fn shared(url: &str) -> Self {
        Self {
            mode: Mode::Shared,
            url: url.to_string(),
            cluster: None,
            password: None,
        }
    }

    /// The embedded cluster for a data directory (not started yet).
    pub fn embedded(cluster: Cluster) -> Self {
        Self {
            mode: Mode::Embedded,
            url: cluster.url(),
            cluster: Some(cluster),
            password: None,
        }
    }

    /// The same server, signed in as `user` (a person's login): the URL's own user and
    /// password are dropped, so ~/.pgpass and PGPASSWORD are looked up for this user.
    pub fn as_user(mut self, user: &str) -> Self {
        self.url = url_with_user(&self.url, user);
        self
    }

    /// The login this target signs in as (the URL's user; the driver's default otherwise).
    pub fn user(&self) -> String {
        PgConnectOptions::from_str(&self.url)
            .map(|o| o.get_username().to_string())
            .unwrap_or_default()
    }

    pub fn options(&self) -> Result<PgConnectOptions> {
        PgConnectOptions::from_str(&self.url)
            .map(|o| {
                let o = o
                    .application_name("orderdeck")
                    .log_statements(tracing::log::LevelFilter::Trace);
                match &self.password {
                    Some(p) => o.password(&p.0),
                    None => o,
                }
            })
            .map_err(|e| StoreError::BadUrl {
                url: redact_url(&self.url),
                message: e.to_string(),
            })
    }

    /// Starts the embedded server when needed (blocking work, off the async threads),
    /// creates the database if it is missing, connects and migrates.
    pub async fn open(&self, max_connections: u32) -> Result<PgPool> {
        if let Some(cluster) = self.cluster.clone() {
            tokio::task::spawn_blocking(move || cluster.ensure_running())
                .await
                .map_err(|e| {
                    StoreError::Invalid(orderdeck_i18n::t!(
                        "err-embedded-task-failed",
                        error = e.to_string()
                    ))
                })??;
            ensure_database(&self.options()?).await?;
        }
        // One plain connection first: a pool only says "timed out", this says why.
        let first = tokio::time::timeout(Duration::from_secs(10), self.options()?.connect()).await;
        let reason = match first {
            Ok(Ok(conn)) => {
                conn.close().await.ok();
                None
            }
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some(orderdeck_i18n::t!("err-no-answer-10s")),
        };
        if let Some(reason) = reason {
            return Err(StoreError::Unreachable {
                url: redact_url(&self.url),
                reason,
            });
        }
        let pool = pool(self.options()?, max_connections).await?;
        migrate(&pool).await?;
        Ok(pool)
    }
}

/// A pool that gives up quickly when the server is away, so the console can say so.
pub async fn pool(options: PgConnectOptions, max_connections: u32) -> Result<PgPool> {
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await?)
}

/// A pool for processes that write orders in bulk (channel sync, benchmarks): its
/// connections keep one generic plan per statement. Intake's write is a large statement
/// whose planning costs more than running it; with PostgreSQL's default choice it is
/// planned again on every call. Screens keep the default pool: their searches need plans
/// made for the pattern at hand.
pub async fn intake_pool(options: PgConnectOptions, max_connections: u32) -> Result<PgPool> {
    pool(
        options.options([("plan_cache_mode", "force_generic_plan")]),
        max_connections,
    )
    .await
}

/// Creates the target database through the `postgres` maintenance database when it
/// does not exist yet. Used for the embedded cluster and by the test harness.
pub async fn ensure_database(options: &PgConnectOptions) -> Result<()> {
    let name = options.get_database().unwrap_or("orderdeck").to_string();
    let mut admin = options.clone().database("postgres").connect().await?;
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await?;
    if !exists {
        let sql = format!("create database \"{}\"", name.replace('"', "\"\""));
        if let Err(e) = sqlx::query(&sql).execute(&mut admin).await {
            // Another console created it between our check and our create: fine.
            let dup = e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c == "42P04" || c == "23505");
            if !dup {
                return Err(e.into());
            }
        }
    }
    admin.close().await?;
    Ok(())
}

/// Applies pending migrations, refusing a database whose schema is newer than ours.
pub async fn migrate(pool: &PgPool) -> Result<()> {
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let has_table: bool =
        sqlx::query_scalar("select to_regclass('public._sqlx_migrations') is not null")
            .fetch_one(pool)
            .await?;
    if has_table {
        let found: Option<i64> =
            sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
                .fetch_one(pool)
                .await?;
        if let Some(found) = found
            && found > known
        {
            return Err(StoreError::SchemaTooNew { found, known });
        }
    }
    if has_table {
        // A person's login may not create tables: with nothing to apply, it must not try
        // (sqlx's runner begins with CREATE TABLE IF NOT EXISTS, refused to non-owners).
        let applied: Vec<i64> =
            sqlx::query_scalar("select version from _sqlx_migrations where success")
                .fetch_all(pool)
                .await?;
        let pending = MIGRATOR
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .any(|m| !applied.contains(&m.version));
        if !pending {
            return Ok(());
        }
        let owner: bool = sqlx::query_scalar(
            "select pg_has_role(current_user,
                 (select relowner from pg_class where oid = 'public._sqlx_migrations'::regclass), 'member')",
        )
        .fetch_one(pool)
        .await?;
        if !owner {
            let found = applied.iter().copied().max().unwrap_or(0);
            return Err(StoreError::NeedsMigrating { found, known });
        }
    }
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// The newest migration applied to this database (0 for none).
pub async fn schema_version(pool: &PgPool) -> Result<i64> {
    let version: Option<i64> = sqlx::query_scalar("select max(version) from _sqlx_migrations")
        .fetch_one(pool)
        .await?;
    Ok(version.unwrap_or(0))
}

/// True for errors that mean "the server is not reachable right now" rather than
/// "this statement is wrong".
pub fn is_connection_error(e: &StoreError) -> bool {
    match e {
        StoreError::Sql(e) => {
            matches!(
                e,
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::WorkerCrashed
                    | sqlx::Error::Tls(_)
            ) || e
                .as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| {
                    c.starts_with("08") || c == "57P01" || c == "57P02" || c == "57P03"
                })
        }
        _ => false,
    }
}

/// True for a refusal by the server's grants or policies (SQLSTATE 42501): the role of
/// this login may not do it.
pub fn is_permission_denied(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| c == "42501")
}

/// `url` with its user (and password) replaced by `user`, percent-encoded.
fn url_with_user(url: &str, user: &str) -> String {
    let encoded: String = user
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?'])
        .map(|i| scheme_end + i)
        .unwrap_or(url.len());
    let host_start = url[scheme_end..authority_end]
        .rfind('@')
        .map(|i| scheme_end + i + 1)
        .unwrap_or(scheme_end);
    format!("{}{encoded}@{}", &url[..scheme_end], &url[host_start..])
}

/// Hides the password of a database URL, for logs and the screen.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::url_with_user;

    #[test]
    fn the_user_replaces_the_urls_own() {
        assert_eq!(
            url_with_user("postgres://shop:secret@db.local:5432/od", "lan"),
            "postgres://lan@db.local:5432/od"
        );
        assert_eq!(
            url_with_user(
                "postgresql://orderdeck@localhost:5432/orderdeck?host=/d/pg",
                "an.le"
            ),
            "postgresql://an.le@localhost:5432/orderdeck?host=/d/pg"
        );
        assert_eq!(
            url_with_user("postgres://db/od", "x y"),
            "postgres://x%20y@db/od"
        );
    }
}
