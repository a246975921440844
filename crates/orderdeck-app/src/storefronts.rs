//! The seller's own website shops (`[storefronts.<code>]`: Haravan, Sapo, WooCommerce,
//! Shopify). Each is a sales channel: its orders come by signed webhook
//! ([`crate::http::hooks`]), its stock goes back through the same outbox as the
//! marketplaces' (its client is a [`ChannelClient::Store`]), and pane 9 has its row.

use std::collections::BTreeMap;

use sqlx::PgPool;

use crate::channels::{ChannelClient, OpenChannel};
use orderdeck_integrations::storefront::{StorefrontClient, StorefrontConfig};
use orderdeck_store::storefronts as store;

/// A storefront ready to take webhooks and stock pushes.
#[derive(Clone)]
pub struct Storefront {
    pub code: String,
    pub config: StorefrontConfig,
    pub shop: OpenChannel,
}

/// Opens every configured storefront (its channel row made on first use); one that cannot
/// be opened is left out and said why, one line each.
pub async fn open_all(
    pool: &PgPool,
    configs: &BTreeMap<String, StorefrontConfig>,
) -> (Vec<Storefront>, Vec<String>) {
    let mut opened = Vec::new();
    let mut problems = Vec::new();
    for (code, config) in configs {
        match open(pool, code, config).await {
            Ok(front) => opened.push(front),
            Err(e) => problems.push(format!("[storefronts.{code}]: {e}")),
        }
    }
    (opened, problems)
}

async fn open(pool: &PgPool, code: &str, config: &StorefrontConfig) -> Result<Storefront, String> {
    config.check(code).map_err(|e| e.to_string())?;
    let client = StorefrontClient::new(code, config).map_err(|e| e.to_string())?;
    let name = if config.name.trim().is_empty() {
        format!("{} ({})", config.kind.label(), code)
    } else {
        config.name.trim().to_string()
    };
    let row = store::ensure(
        pool,
        code,
        config.kind.code(),
        &name,
        config.base_url.trim(),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(Storefront {
        code: code.to_string(),
        config: config.clone(),
        shop: OpenChannel {
            row,
            client: ChannelClient::Store(Box::new(client)),
        },
    })
}
