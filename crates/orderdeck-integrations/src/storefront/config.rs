//! `[storefronts.<code>]` in the config file: one table per storefront shop (the seller's
//! own website on Haravan, Sapo, WooCommerce or Shopify). `<code>` is the shop's channel
//! code: its `sales_channels` row, its orders' `channel`, and the path of its webhook
//! (`POST {listener}/hooks/{code}`).
//!
//! Storefronts use admin keys made in the shop's own admin, not OAuth: what each kind
//! needs is checked by [`StorefrontConfig::check`], which names the missing setting.

use serde::{Deserialize, Serialize};

use crate::http;
use crate::marketplace::{ChannelError, ChannelKind, ChannelResult, Secret, setting};

/// Shopify's API version when the config does not say. Stable versions live at least a
/// year (reference B4); 2026-04 and later need `changeFromQuantity` on every quantity,
/// which the client sends.
pub const DEFAULT_SHOPIFY_API_VERSION: &str = "2026-10";

fn default_api_version() -> String {
    DEFAULT_SHOPIFY_API_VERSION.to_string()
}

/// One storefront shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorefrontConfig {
    /// `haravan`, `sapo`, `woocommerce` or `shopify`.
    pub kind: ChannelKind,
    /// What the shop is called on screens (pane 9).
    #[serde(default)]
    pub name: String,
    /// Haravan: `https://apis.haravan.com`; Sapo: `https://{store}.mysapo.net`;
    /// WooCommerce: the site's address (`/wp-json/wc/v3` is appended); Shopify:
    /// `https://{shop}.myshopify.com`.
    pub base_url: String,
    /// Signs the platform's webhooks (Haravan and Shopify: the app's client secret; Sapo
    /// and WooCommerce: the secret set on the webhook).
    #[serde(default)]
    pub webhook_secret: Secret,
    /// Haravan's webhook handshake (`hub.verify_token`), when Haravan is told one.
    #[serde(default)]
    pub verify_token: Option<Secret>,
    /// Haravan (`Authorization: Bearer`) and Shopify (`X-Shopify-Access-Token`).
    #[serde(default)]
    pub access_token: Option<Secret>,
    /// Sapo private app: HTTP Basic user and password.
    #[serde(default)]
    pub api_key: Option<Secret>,
    #[serde(default)]
    pub api_secret: Option<Secret>,
    /// WooCommerce REST keys (`ck_…`, `cs_…`): HTTP Basic user and password.
    #[serde(default)]
    pub consumer_key: Option<Secret>,
    #[serde(default)]
    pub consumer_secret: Option<Secret>,
    /// Haravan (a number) and Shopify (`gid://shopify/Location/…` or its number): the
    /// location whose stock orderdeck sets.
    #[serde(default)]
    pub location_id: Option<String>,
    /// Shopify Admin API version, `YYYY-MM`.
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// Seconds per admin call (default 15).
    #[serde(default)]
    pub timeout_secs: Option<u64>,
}

impl StorefrontConfig {
    /// A table with only the fields every kind has; the rest unset.
    pub fn new(
        kind: ChannelKind,
        name: impl Into<String>,
        base_url: impl Into<String>,
    ) -> StorefrontConfig {
        StorefrontConfig {
            kind,
            name: name.into(),
            base_url: base_url.into(),
            webhook_secret: Secret::default(),
            verify_token: None,
            access_token: None,
            api_key: None,
            api_secret: None,
            consumer_key: None,
            consumer_secret: None,
            location_id: None,
            api_version: default_api_version(),
            timeout_secs: None,
        }
    }

    /// The whole table for the shop called `code`: the code itself, the kind, the base
    /// URL, the webhook secret and the admin credentials its kind needs. The first
    /// problem is named with its setting and environment variable.
    pub fn check(&self, code: &str) -> ChannelResult<()> {
        self.check_admin(code)?;
        if self.webhook_secret.is_empty() {
            return Err(self.missing(code, "webhook_secret"));
        }
        Ok(())
    }

    /// What the admin API client needs (everything but the webhook secret).
    pub fn check_admin(&self, code: &str) -> ChannelResult<()> {
        let channel = self.kind.label();
        if !valid_code(code) {
            return Err(ChannelError::NotConfigured {
                channel,
                detail: format!(
                    "[storefronts.{code}]: a storefront's code is 1–32 lower-case letters, \
                     digits, - or _ (it names the shop's webhook path /hooks/{{code}})"
                ),
            });
        }
        if !self.kind.is_storefront() {
            return Err(ChannelError::NotConfigured {
                channel,
                detail: format!(
                    "{}: {} is a marketplace; a storefront is haravan, sapo, woocommerce or \
                     shopify",
                    setting(&self.key(code, "kind")),
                    self.kind.code()
                ),
            });
        }
        let base = http::checked_base_url(
            channel,
            &setting(&self.key(code, "base_url")),
            &self.base_url,
        )?;
        let has = |s: &Option<Secret>| s.as_ref().is_some_and(|s| !s.is_empty());
        let needed: &[(&str, bool)] = match self.kind {
            ChannelKind::Haravan => &[
                ("access_token", has(&self.access_token)),
                ("location_id", self.location().is_some()),
            ],
            ChannelKind::Shopify => &[
                ("access_token", has(&self.access_token)),
                ("location_id", self.location().is_some()),
                ("api_version", valid_version(&self.api_version)),
            ],
            ChannelKind::Sapo => &[
                ("api_key", has(&self.api_key)),
                ("api_secret", has(&self.api_secret)),
            ],
            ChannelKind::WooCommerce => &[
                ("consumer_key", has(&self.consumer_key)),
                ("consumer_secret", has(&self.consumer_secret)),
            ],
            ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => &[],
        };
        if let Some((field, _)) = needed.iter().find(|(_, ok)| !ok) {
            return Err(self.missing(code, field));
        }
        if self.kind == ChannelKind::Haravan
            && self.location().is_some_and(|l| l.parse::<i64>().is_err())
        {
            return Err(ChannelError::NotConfigured {
                channel,
                detail: format!(
                    "{} must be Haravan's location number (GET /com/locations.json)",
                    setting(&self.key(code, "location_id"))
                ),
            });
        }
        // WooCommerce takes Basic auth only over HTTPS; over plain HTTP it wants OAuth
        // 1.0a signing (reference §10.3), which is not built. Loopback is the simulator.
        if self.kind == ChannelKind::WooCommerce
            && base.scheme() != "https"
            && !http::is_loopback(&base)
        {
            return Err(ChannelError::NotConfigured {
                channel,
                detail: format!(
                    "{} must be an https:// address: WooCommerce accepts its REST keys over \
                     HTTPS only",
                    setting(&self.key(code, "base_url"))
                ),
            });
        }
        Ok(())
    }

    /// `location_id`, trimmed, when set.
    pub fn location(&self) -> Option<&str> {
        self.location_id
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
    }

    fn key(&self, code: &str, field: &str) -> String {
        format!("storefronts.{code}.{field}")
    }

    fn missing(&self, code: &str, field: &str) -> ChannelError {
        ChannelError::NotConfigured {
            channel: self.kind.label(),
            detail: format!(
                "set {} ({} needs it)",
                setting(&self.key(code, field)),
                self.kind.label()
            ),
        }
    }
}

/// A channel code fit for a config key, an environment variable and a URL path.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `YYYY-MM` (or Shopify's `unstable`).
fn valid_version(v: &str) -> bool {
    let v = v.trim();
    if v == "unstable" {
        return true;
    }
    let b = v.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}
