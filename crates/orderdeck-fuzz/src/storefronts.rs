//! Storefront webhooks (Haravan, Sapo, WooCommerce, Shopify): the signature check and the
//! order reader behind it (`storefront::hooks::read_delivery`).
//!
//! Anyone can post to `/hooks/{code}`. The input's first byte picks the platform; the rest
//! is split at its first line break: the line is the signature header's value, the rest
//! the raw body. For that body:
//!
//! - reading it with the given signature returns (a refusal or a delivery, never a panic);
//! - signed as the platform signs (base64 HMAC-SHA256 with the secret), it is never
//!   refused for its signature — the order reader then sees the body, as in production;
//! - the same signature fails for the body with one byte flipped.

use base64::Engine;
use orderdeck_integrations::marketplace::signing::hmac_sha256;
use orderdeck_integrations::marketplace::{ChannelKind, Secret};
use orderdeck_integrations::storefront::hooks::{HookRefusal, read_delivery};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const SECRET: &str = "fuzz-storefront-secret";

/// Each platform's signature header and an order topic header, as it sends them.
fn headers(kind: ChannelKind, signature: &str) -> HeaderMap {
    let (sig, topic, value) = match kind {
        ChannelKind::Haravan => ("x-haravan-hmacsha256", "x-haravan-topic", "orders/create"),
        ChannelKind::Sapo => ("x-sapo-hmac-sha256", "x-sapo-topic", "orders/create"),
        ChannelKind::WooCommerce => (
            "x-wc-webhook-signature",
            "x-wc-webhook-topic",
            "order.created",
        ),
        _ => ("x-shopify-hmac-sha256", "x-shopify-topic", "orders/create"),
    };
    let mut h = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(signature) {
        h.insert(HeaderName::from_static(sig), v);
    }
    h.insert(
        HeaderName::from_static(topic),
        HeaderValue::from_static(value),
    );
    h
}

fn sign(body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac_sha256(SECRET.as_bytes(), body))
}

pub fn storefront_hook(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let kind = ChannelKind::STOREFRONTS[usize::from(pick) % ChannelKind::STOREFRONTS.len()];
    let (given, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (
            String::from_utf8_lossy(&rest[..i]).into_owned(),
            &rest[i + 1..],
        ),
        None => (String::new(), rest),
    };
    let secret = Secret::new(SECRET);
    let _ = read_delivery(kind, &secret, &headers(kind, &given), body);

    let signed = sign(body);
    if let Err(HookRefusal::BadSignature | HookRefusal::MissingSignature) =
        read_delivery(kind, &secret, &headers(kind, &signed), body)
    {
        panic!("{kind:?}: a body signed with the secret was refused for its signature")
    }
    if let Some((first, _)) = body.split_first() {
        let mut flipped = body.to_vec();
        flipped[0] = first ^ 0x01;
        assert!(
            matches!(
                read_delivery(kind, &secret, &headers(kind, &signed), &flipped),
                Err(HookRefusal::BadSignature)
            ),
            "{kind:?}: a changed body passed the old signature"
        );
    }
}
