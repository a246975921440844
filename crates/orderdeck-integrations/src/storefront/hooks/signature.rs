//! The storefronts' webhook signatures (reference §8.2, §9.2, §10.1, §11, §13): all four
//! send `base64(HMAC-SHA256(secret, raw body))`, each in its own header. Checked over the
//! body bytes exactly as received (never re-serialised JSON) and compared in constant time
//! by `hmac`'s `verify_slice`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::header::HeaderMap;
use sha2::Sha256;

use crate::marketplace::{ChannelKind, Secret};

use super::HookRefusal;

type HmacSha256 = Hmac<Sha256>;

/// The header carrying each storefront's signature. Haravan: one old repository reads
/// `x-haravan-hmac-sha256` with SHA-1 hex (reference §8.2, "conflict", minority); the
/// documented header and SHA-256 are used.
pub(super) fn signature_header(kind: ChannelKind) -> Option<&'static str> {
    match kind {
        ChannelKind::Haravan => Some("x-haravan-hmacsha256"),
        ChannelKind::Sapo => Some("x-sapo-hmac-sha256"),
        ChannelKind::WooCommerce => Some("x-wc-webhook-signature"),
        ChannelKind::Shopify => Some("x-shopify-hmac-sha256"),
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => None,
    }
}

/// Headers only one platform sends, to tell "not signed" from "sent to the wrong
/// address" (a Shopify shop's webhook pointed at the Haravan channel's URL).
fn marks(kind: ChannelKind) -> &'static [&'static str] {
    match kind {
        ChannelKind::Haravan => &[
            "x-haravan-hmacsha256",
            "x-haravan-topic",
            "x-haravan-org-id",
        ],
        ChannelKind::Sapo => &["x-sapo-hmac-sha256", "x-sapo-topic", "x-sapo-tenant-domain"],
        ChannelKind::WooCommerce => &["x-wc-webhook-signature", "x-wc-webhook-topic"],
        ChannelKind::Shopify => &["x-shopify-hmac-sha256", "x-shopify-topic"],
        ChannelKind::Shopee | ChannelKind::Lazada | ChannelKind::TikTok => &[],
    }
}

/// Another storefront's headers are on this delivery.
pub(super) fn from_other_platform(kind: ChannelKind, headers: &HeaderMap) -> bool {
    ChannelKind::STOREFRONTS
        .iter()
        .filter(|k| **k != kind)
        .any(|k| marks(*k).iter().any(|h| headers.contains_key(*h)))
}

/// Whether `given` (the header's base64 text) is the HMAC-SHA256 of `body` under
/// `secret`. Only standard, padded base64 is accepted, as the platforms write it.
pub(super) fn base64_matches(secret: &Secret, body: &[u8], given: &str) -> bool {
    let Ok(expected) = STANDARD.decode(given.trim()) else {
        return false;
    };
    // HMAC takes keys of any length, so this never fails; an empty secret would let
    // anyone sign, so nothing verifies against one.
    if secret.is_empty() {
        return false;
    }
    let Ok(mut mac) = HmacSha256::new_from_slice(secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// Checks the delivery's signature for a storefront of `kind`.
pub(super) fn check(
    kind: ChannelKind,
    secret: &Secret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), HookRefusal> {
    let Some(name) = signature_header(kind) else {
        // Marketplaces' pushes are read by their own clients, never here.
        return Err(HookRefusal::WrongPlatform);
    };
    let Some(value) = headers.get(name) else {
        return Err(if from_other_platform(kind, headers) {
            HookRefusal::WrongPlatform
        } else {
            HookRefusal::MissingSignature
        });
    };
    let signed = value
        .to_str()
        .is_ok_and(|given| base64_matches(secret, body, given));
    if signed {
        Ok(())
    } else {
        Err(HookRefusal::BadSignature)
    }
}

/// A header's text, trimmed; `None` when absent, empty or not visible ASCII.
pub(super) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}
