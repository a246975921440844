//! Automatic invoicing: issues the invoices completed orders call for (see
//! `invoicing::auto_issue_round`). One instance across all consoles and workers, elected
//! like the tracking poller; rounds are safe to repeat (invoices are exactly-once).

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use super::{Election, elected};
use crate::invoicing::{self, InvoicingConfig};
use orderdeck_integrations::invoice_providers::InvoiceProviders;

/// The advisory lock key of the invoicer ("odinvce").
pub const INVOICER_KEY: i64 = 0x006f_6469_6e76_6365;

pub async fn run(
    pool: PgPool,
    providers: Arc<InvoiceProviders>,
    config: InvoicingConfig,
    every: Duration,
    stop: watch::Receiver<bool>,
) {
    if config.auto_provider.is_none() {
        if let Err(e) = invoicing::auto_off(&pool).await {
            tracing::warn!("invoicer: {e}");
        }
        return;
    }
    let election = Election {
        key: INVOICER_KEY,
        name: "invoicer",
        standby_retry: every,
        leading: "issuing the invoices completed orders call for",
    };
    let (db, providers, config) = (&pool, &providers, &config);
    let round = move |()| async move {
        match invoicing::auto_issue_round(db, providers, config, 50, "invoicing").await {
            Ok(r) if !r.issued.is_empty() || !r.refused.is_empty() => {
                tracing::info!(?r, "invoicer round")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("invoicer: {e}"),
        }
        ((), every)
    };
    elected(&pool, election, stop, || (), round, |_| {}).await;
}
