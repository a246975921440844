//! Storefront webhooks read without any network or database: check the delivery's
//! signature over the raw body, name its topic, give the platform's own de-duplication
//! key, and map the order it carries to orderdeck's [`ChannelOrder`] (reference
//! §8.2–8.3 Haravan, §9.2 Sapo, §10.1–10.2 WooCommerce, §11 Shopify, §13 keys).
//!
//! The listener (`POST /hooks/{code}`) calls [`read_delivery`] with the channel's kind and
//! webhook secret, and [`verify_handshake`] for Haravan's `GET` on the same path. What
//! happens to a delivery after that (taken in once per key, latest `updated_at` wins) is
//! the intake's.
//!
//! `http::HeaderMap` is taken through reqwest's re-export (reqwest 0.12 and axum 0.8 both
//! use http 1.x, so axum's header map is this very type): no extra dependency.

mod fields;
mod haravan;
mod order_shape;
mod sapo;
mod shopify;
mod signature;
pub(crate) mod woocommerce;

use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};

use crate::marketplace::{ChannelKind, ChannelOrder, Secret};

/// One verified webhook delivery, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub topic: Topic,
    /// The same for every copy of one event (retries, several subscriptions), different
    /// for a later change: `<platform code>:…` (reference §13; never WooCommerce's
    /// Delivery-ID, which changes on every send).
    pub dedupe_key: String,
    /// The shop the platform says sent it (Haravan org id, Sapo tenant domain, the
    /// WooCommerce site URL, the Shopify shop domain); empty when the platform gave none.
    pub shop: String,
    /// `None` for a ping, a topic that is not about an order, or a deletion that carries
    /// only the order's id.
    pub order: Option<ChannelOrder>,
}

impl Delivery {
    /// A delivery that carries no order to take in (a topic we do not read, a deletion
    /// that names only the id): only its key, so a repeat is still known as one.
    fn without_order(dedupe_key: String, topic: Topic, shop: String) -> Delivery {
        Delivery {
            dedupe_key,
            topic,
            shop,
            order: None,
        }
    }
}

/// What the delivery says happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    Created,
    Updated,
    Paid,
    Cancelled,
    Fulfilled,
    Deleted,
    Restored,
    /// WooCommerce's check that the address answers, sent when a webhook is saved.
    Ping,
    /// Anything else, by the platform's name for it (`app/uninstalled`).
    Other(String),
}

impl Topic {
    /// A short word for logs and the delivery record.
    pub fn code(&self) -> &str {
        match self {
            Topic::Created => "created",
            Topic::Updated => "updated",
            Topic::Paid => "paid",
            Topic::Cancelled => "cancelled",
            Topic::Fulfilled => "fulfilled",
            Topic::Deleted => "deleted",
            Topic::Restored => "restored",
            Topic::Ping => "ping",
            Topic::Other(name) => name,
        }
    }

    /// Haravan, Sapo and Shopify name topics alike (`orders/create`). `orders/update` is
    /// Sapo GO's spelling of `orders/updated` (reference §9.2, conflict between product
    /// lines); `orders/delete` is Shopify's.
    fn from_orders_path(topic: &str) -> Topic {
        match topic.trim().to_ascii_lowercase().as_str() {
            "orders/create" => Topic::Created,
            "orders/updated" | "orders/update" => Topic::Updated,
            "orders/paid" => Topic::Paid,
            "orders/cancelled" => Topic::Cancelled,
            "orders/fulfilled" => Topic::Fulfilled,
            "orders/delete" => Topic::Deleted,
            _ => Topic::Other(topic.trim().to_string()),
        }
    }

    /// The body is a whole order.
    fn carries_order(&self) -> bool {
        matches!(
            self,
            Topic::Created
                | Topic::Updated
                | Topic::Paid
                | Topic::Cancelled
                | Topic::Fulfilled
                | Topic::Restored
        )
    }
}

/// Why a delivery was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookRefusal {
    #[error("{}", orderdeck_i18n::t!("err-hook-missing-signature"))]
    MissingSignature,
    #[error("{}", orderdeck_i18n::t!("err-hook-bad-signature"))]
    BadSignature,
    /// Signed, but a field cannot be read; names the field (`line_items[0].price`,
    /// `X-Haravan-Org-Id`, `body`).
    #[error("{}", orderdeck_i18n::t!("err-hook-malformed", field = .0))]
    Malformed(String),
    /// Another platform's headers: the webhook points at the wrong channel's address.
    #[error("{}", orderdeck_i18n::t!("err-hook-wrong-platform"))]
    WrongPlatform,
}

/// Reads one delivery to a storefront of `kind` whose webhooks are signed with `secret`.
/// `body` must be the bytes exactly as received.
pub fn read_delivery(
    kind: ChannelKind,
    secret: &Secret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Delivery, HookRefusal> {
    // WooCommerce's ping is not signed (reference §10.1) and says nothing.
    if kind == ChannelKind::WooCommerce
        && let Some(ping) = woocommerce::ping(headers, body)
    {
        return Ok(ping);
    }
    signature::check(kind, secret, headers, body)?;
    match kind {
        ChannelKind::Haravan => haravan::read(headers, body),
        ChannelKind::Sapo => sapo::read(headers, body),
        ChannelKind::WooCommerce => woocommerce::read(headers, body),
        ChannelKind::Shopify => shopify::read(headers, body),
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => {
            Err(HookRefusal::WrongPlatform)
        }
    }
}

/// Haravan's Facebook-style check of a new webhook address (reference §8.2): `GET` with
/// `hub.verify_token` and `hub.challenge`; when the token is ours, the challenge to send
/// back as the body. `hub.mode`, when given, must be `subscribe` (the reference does not
/// confirm that Haravan sends it). The token is compared in constant time; a challenge
/// that is not short visible ASCII is not echoed (it would be our reply's whole body).
pub fn verify_handshake(expected_token: &str, query: &[(String, String)]) -> Option<String> {
    let get = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let expected = expected_token.trim();
    if expected.is_empty() {
        return None;
    }
    if let Some(mode) = get("hub.mode")
        && mode != "subscribe"
    {
        return None;
    }
    if !same_bytes(get("hub.verify_token")?.as_bytes(), expected.as_bytes()) {
        return None;
    }
    let challenge = get("hub.challenge")?;
    let echoable = !challenge.is_empty()
        && challenge.len() <= 512
        && challenge.chars().all(|c| c.is_ascii_graphic());
    echoable.then(|| challenge.to_string())
}

/// Equal, looking at every byte whatever the first difference (only the length shows).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A key for a delivery that has no fields to key on (a topic we do not read): its body's
/// digest, so a repeat of the same delivery has the same key.
fn body_digest(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    crate::marketplace::signing::hex_lower(&digest[..16])
}

#[cfg(test)]
mod tests;
