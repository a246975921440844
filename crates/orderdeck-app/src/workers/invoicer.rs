//! Automatic invoicing: issues the invoices completed orders call for (see
//! `invoicing::auto_issue_round`). One instance across all consoles and workers, elected
//! like the tracking poller; rounds are safe to repeat (invoices are exactly-once).

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::watch;

use super::Leadership;
use crate::invoicing::{self, InvoicingConfig};
use orderdeck_integrations::invoice_providers::InvoiceProviders;

/// The advisory lock key of the invoicer ("odinvce").
pub const INVOICER_KEY: i64 = 0x006f_6469_6e76_6365;

pub async fn run(
    pool: PgPool,
    providers: Arc<InvoiceProviders>,
    config: InvoicingConfig,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    if config.auto_provider.is_none() {
        return;
    }
    loop {
        if *stop.borrow() {
            return;
        }
        let lead = Leadership::try_acquire(&pool, INVOICER_KEY)
            .await
            .unwrap_or_else(|e| {
                tracing::debug!("invoicer: cannot ask for leadership: {e}");
                None
            });
        let Some(mut lead) = lead else {
            tokio::select! {
                _ = tokio::time::sleep(every) => continue,
                _ = stop.changed() => return,
            }
        };
        loop {
            match invoicing::auto_issue_round(&pool, &providers, &config, 50, "invoicing").await {
                Ok(r) if !r.issued.is_empty() || !r.refused.is_empty() => {
                    tracing::info!(?r, "invoicer round")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("invoicer: {e}"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.changed() => {
                    let _ = lead.release().await;
                    return;
                }
            }
            if !lead.still_held().await {
                break;
            }
        }
    }
}
