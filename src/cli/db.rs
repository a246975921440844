//! `orderdeck db` and `orderdeck migrate`: the database server and its schema.

use orderdeck_i18n::t;
use orderdeck_store::Mode;

use crate::cli::DbAction;
use crate::cli::setup::Setup;

/// `orderdeck migrate`: applies the migrations (opening the database does) and says where
/// the schema is.
pub async fn migrate(setup: &Setup) -> anyhow::Result<()> {
    let pool = setup.target.open(2).await?;
    let version = orderdeck_store::schema_version(&pool).await?;
    say!(
        "{}",
        t!("cli-schema-version", version = version.to_string())
    );
    Ok(())
}

/// `orderdeck db status|url|stop`: the embedded server (a shared one is only named).
pub async fn run(setup: &Setup, action: DbAction) -> anyhow::Result<()> {
    let cluster = match (&setup.target.cluster, setup.target.mode) {
        (Some(c), Mode::Embedded) => c.clone(),
        _ => {
            match action {
                DbAction::Url => say!("{}", setup.target.url),
                DbAction::Status => say!(
                    "{}",
                    t!(
                        "cli-db-shared",
                        url = orderdeck_store::redact_url(&setup.target.url)
                    )
                ),
                DbAction::Stop => {
                    say!("{}", t!("cli-db-shared-not-stopped"))
                }
            }
            return Ok(());
        }
    };
    match action {
        DbAction::Status => print!(
            "{}",
            tokio::task::spawn_blocking(move || cluster.status()).await??
        ),
        DbAction::Url => {
            setup.target.open(1).await?;
            say!("{}", cluster.url());
        }
        DbAction::Stop => {
            let stopped = tokio::task::spawn_blocking(move || cluster.stop()).await??;
            say!(
                "{}",
                if stopped {
                    t!("cli-db-stopped")
                } else {
                    t!("cli-db-was-not-running")
                }
            );
        }
    }
    Ok(())
}
