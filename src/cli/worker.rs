//! `orderdeck worker`: the background workers without a console (and, with `--listen`,
//! the marketplaces' webhooks).

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};

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
    let marketplaces = !orderdeck_app::channels::configured(&config.channels).is_empty();
    if carriers.configured().is_empty() && !auto_invoicing && !marketplaces {
        bail!("{}", t!("cli-worker-nothing-to-do"));
    }
    if listen.is_some() && !marketplaces {
        bail!("{}", t!("cli-worker-listen-no-shop"));
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
    if let (Some(addr), Some(m)) = (listen, started.marketplaces) {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| t!("cli-worker-cannot-listen", address = addr.to_string()))?;
        warn_user!(
            "orderdeck worker: {}",
            t!(
                "cli-worker-webhooks",
                url = format!(
                    "http://{}/push/{{shopee,lazada,tiktok}}",
                    listener.local_addr().unwrap_or(addr)
                )
            )
        );
        let stop = stop_rx.clone();
        tasks.push(tokio::spawn(async move {
            if let Err(e) = workers::webhooks::serve(listener, m, stop).await {
                tracing::error!("webhook listener stopped: {e}");
            }
        }));
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
