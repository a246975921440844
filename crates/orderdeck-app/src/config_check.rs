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

/// Runs every check, one after another (each bounded by its provider's timeout).
pub async fn check_all(pool: &PgPool, config: &Config) -> Vec<Check> {
    let mut out = Vec::new();
    let timed = |start: Instant, r: Result<(), String>| match r {
        Ok(()) => Checked::Works(start.elapsed()),
        Err(e) => Checked::Fails(e),
    };

    let carriers = Carriers::new(&config.carriers);
    for kind in [CarrierKind::Ghn, CarrierKind::ViettelPost] {
        let configured = match kind {
            CarrierKind::Ghn => config.carriers.ghn.is_some(),
            CarrierKind::ViettelPost => config.carriers.viettelpost.is_some(),
        };
        let checked = match (&carriers, configured) {
            (_, false) => Checked::NotConfigured,
            (Err(e), true) => Checked::Fails(e.to_string()),
            (Ok(c), true) => {
                let start = Instant::now();
                let r = match c.get(kind) {
                    Ok(carrier) => carrier.check().await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                timed(start, r)
            }
        };
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    let providers = InvoiceProviders::new(&config.invoices);
    for kind in [ProviderKind::SInvoice, ProviderKind::Misa] {
        let configured = match kind {
            ProviderKind::SInvoice => config.invoices.sinvoice.is_some(),
            ProviderKind::Misa => config.invoices.misa.is_some(),
        };
        let checked = match (&providers, configured) {
            (_, false) => Checked::NotConfigured,
            (Err(e), true) => Checked::Fails(e.to_string()),
            (Ok(p), true) => {
                let start = Instant::now();
                let r = match p.get(kind) {
                    Ok(client) => client.check().await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                timed(start, r)
            }
        };
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    for kind in [
        ChannelKind::Shopee,
        ChannelKind::Lazada,
        ChannelKind::TikTok,
    ] {
        let start = Instant::now();
        let configured = match kind {
            ChannelKind::Shopee => config.channels.shopee.is_some(),
            ChannelKind::Lazada => config.channels.lazada.is_some(),
            ChannelKind::TikTok => config.channels.tiktok.is_some(),
        };
        // Read only: a check records nothing (not even the shop id it was given).
        let checked = match channels::open_existing(pool, &config.channels, kind).await {
            Ok(None) if !configured => Checked::NotConfigured,
            Ok(None) => Checked::Fails(format!(
                "configured, but the shop is not authorised yet: `orderdeck channels link {}`, then `channels connect {} --code …`",
                kind.code(),
                kind.code()
            )),
            Err(e) => Checked::Fails(e.to_string()),
            Ok(Some(shop)) if !shop.row.has_tokens => Checked::Fails(format!(
                "configured, but the shop is not authorised yet: `orderdeck channels link {}`, then `channels connect {} --code …`",
                kind.code(),
                kind.code()
            )),
            Ok(Some(shop)) => {
                let now = Utc::now();
                let range = TimeRange {
                    from: now - chrono::Duration::minutes(1),
                    to: now,
                };
                let r = shop
                    .client
                    .orders_changed(range, None)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                timed(start, r)
            }
        };
        out.push(Check {
            provider: kind.label(),
            checked,
        });
    }

    let checked = match &config.smtp {
        None => Checked::NotConfigured,
        Some(cfg) => match Mailer::new(Some(cfg)) {
            Err(e) => Checked::Fails(e.to_string()),
            Ok(m) => {
                let start = Instant::now();
                timed(start, m.check().await.map_err(|e| e.to_string()))
            }
        },
    };
    out.push(Check {
        provider: "SMTP",
        checked,
    });
    out
}
