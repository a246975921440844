//! `orderdeck worker`: the background workers without a console (and, with `--listen`,
//! the HTTP listener of `orderdeck serve`).

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};

use orderdeck_app::workers;
use orderdeck_i18n::t;
use orderdeck_integrations::carriers::Carriers;
use orderdeck_integrations::invoice_providers::InvoiceProviders;

use crate::cli::setup::Setup;

/// Runs until interrupted (or for `seconds`). The poller writes its timeline events as
/// "tracking" when run by the owner (a service login); under a person's login the server
/// writes that login.
pub async fn run(
    setup: &Setup,
    seconds: Option<u64>,
    listen: Option<std::net::SocketAddr>,
) -> Result<()> {
    let config = &setup.config;
    let carriers = Arc::new(Carriers::new(&config.carriers)?);
    let auto_invoicing = config.invoicing.auto_provider.is_some();
    let shops = !orderdeck_app::channels::configured(&config.channels).is_empty()
        || !config.storefronts.is_empty();
    if carriers.configured().is_empty() && !auto_invoicing && !shops && listen.is_none() {
        bail!("{}", t!("cli-worker-nothing-to-do"));
    }
    let invoices = Arc::new(InvoiceProviders::new(&config.invoices)?);
    let pool = setup.target.open(8).await?;
    let me = orderdeck_app::people::whoami(&pool).await?;
    if !me.role.is_some_and(|r| r.runs_workers()) {
        bail!(
            "{}",
            t!(
                "cli-worker-not-allowed",
                login = orderdeck_domain::text::visible(&me.login)
            )
        );
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let started = workers::spawn_all(&pool, config, carriers, invoices, stop_rx.clone()).await;
    for p in &started.problems {
        warn_user!("orderdeck worker: {p}");
    }
    for line in &started.said {
        warn_user!("orderdeck worker: {line}");
    }
    let mut tasks = started.tasks;
    if let Some(addr) = listen {
        let listening =
            crate::cli::serve::start(&pool, config, addr, started.marketplaces, stop_rx.clone())
                .await?;
        for line in &listening.said {
            warn_user!("orderdeck worker: {line}");
        }
        tasks.push(listening.task);
    }
    match seconds {
        Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
        None => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    let _ = stop_tx.send(true);
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}
