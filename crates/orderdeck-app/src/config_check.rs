//! `orderdeck config check`: for every provider the config can name, whether it is
//! configured, and whether one cheap authenticated call succeeds — a carrier look-up of a
//! code no parcel has, an e-invoice log-in, a marketplace pull of the last minute with the
//! shop's stored tokens, an SMTP connection (and log-in) without a message.

use std::time::{Duration, Instant};

use chrono::Utc;
use sqlx::PgPool;

use orderdeck_integrations::carrier::CarrierKind;
use orderdeck_integrations::carriers::Carriers;
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_integrations::invoice_providers::InvoiceProviders;
use orderdeck_integrations::mail::Mailer;
use orderdeck_integrations::marketplace::{ChannelKind, SalesChannel, TimeRange};

use crate::channels;
use crate::config::Config;

/// What one provider's check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    NotConfigured,
    /// Configured, and its call was answered.
    Works(Duration),
    /// Configured, and something stands in the way (said for a person).
    Fails(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub provider: &'static str,
    pub checked: Checked,
}

/// One check: `NotConfigured` without calling anything, else the call timed.
async fn probe<F>(configured: bool, call: impl FnOnce() -> F) -> Checked
where
    F: std::future::Future<Output = Result<(), String>>,
{
    if !configured {
        return Checked::NotConfigured;
    }
    let start = Instant::now();
    match call().await {
        Ok(()) => Checked::Works(start.elapsed()),
        Err(e) => Checked::Fails(e),
    }
}

/// Runs every check, one after another (each bounded by its provider's timeout).
pub async fn check_all(pool: &PgPool, config: &Config) -> Vec<Check> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut out = Vec::new();

    let carriers = Carriers::new(&config.carriers).map_err(|e| text(&e));
    for (kind, configured) in [
        (CarrierKind::Ghn, config.carriers.ghn.is_some()),
        (
            CarrierKind::ViettelPost,
            config.carriers.viettelpost.is_some(),
        ),
    ] {
        let checked = probe(configured, || async {
            let carrier = carriers
                .as_ref()
                .map_err(Clone::clone)?
                .get(kind)
                .map_err(|e| text(&e))?;
            carrier.check().await.map_err(|e| text(&e))
        })
        .await;
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    let providers = InvoiceProviders::new(&config.invoices).map_err(|e| text(&e));
    for (kind, configured) in [
        (ProviderKind::SInvoice, config.invoices.sinvoice.is_some()),
        (ProviderKind::Misa, config.invoices.misa.is_some()),
    ] {
        let checked = probe(configured, || async {
            let client = providers
                .as_ref()
                .map_err(Clone::clone)?
                .get(kind)
                .map_err(|e| text(&e))?;
            client.check().await.map_err(|e| text(&e))
        })
        .await;
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    let shops = channels::configured(&config.channels);
    for kind in [
        ChannelKind::Shopee,
        ChannelKind::Lazada,
        ChannelKind::TikTok,
    ] {
        // Read only: a check records nothing (not even the shop id it was given).
        let checked = probe(shops.contains(&kind), || async {
            let shop = channels::open_existing(pool, &config.channels, kind)
                .await
                .map_err(|e| text(&e))?
                .filter(|s| s.row.has_tokens)
                .ok_or_else(|| {
                    orderdeck_i18n::t!("err-check-shop-not-authorised", channel = kind.code())
                })?;
            let now = Utc::now();
            let range = TimeRange {
                from: now - chrono::Duration::minutes(1),
                to: now,
            };
            shop.client
                .orders_changed(range, None)
                .await
                .map(|_| ())
                .map_err(|e| text(&e))
        })
        .await;
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    let checked = probe(config.smtp.is_some(), || async {
        let mailer = Mailer::new(config.smtp.as_ref()).map_err(|e| text(&e))?;
        mailer.check().await.map_err(|e| text(&e))
    })
    .await;
    out.push(Check {
        provider: "SMTP",
        checked,
    });
    out
}
