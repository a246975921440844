//! Marketplace pushes: the signature check and the reader behind it.
//!
//! Anyone can post to the webhook listener, so the verifier sees arbitrary headers and
//! bodies. The input is split at its first line break: the line is the `Authorization`
//! header, the rest the raw body. Each target then checks, for that body:
//!
//! - the verifier (and the client's `verify_push`) with the given header returns;
//! - a signature we make with `signing`'s own function verifies, in either case of hex,
//!   and the client then reads the body (so `parse_push` is fuzzed on signed bodies, the
//!   only ones that reach it in production);
//! - the same signature fails for the body with one byte flipped, and for the signature
//!   with one digit changed.

use std::sync::OnceLock;

use orderdeck_integrations::marketplace::lazada::LazadaClient;
use orderdeck_integrations::marketplace::shopee::ShopeeClient;
use orderdeck_integrations::marketplace::signing;
use orderdeck_integrations::marketplace::tiktok::TikTokClient;
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, ChannelResult, MemoryTokenStore, TokenKeeper, WebhookEvent,
};

use crate::replies::{lazada_config, shopee_config, tiktok_config};

/// The clients, built once: verifying a push reads nothing but their keys.
struct Clients {
    shopee: ShopeeClient,
    lazada: LazadaClient,
    tiktok: TikTokClient,
    /// (partner key, push URL) and (app key, app secret) as configured.
    shopee_keys: (String, String),
    lazada_keys: (String, String),
    tiktok_keys: (String, String),
}

fn clients() -> &'static Clients {
    static CLIENTS: OnceLock<Clients> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        // No request is ever sent: the base URL only has to be well formed.
        let base = "http://127.0.0.1:9";
        let keeper = |kind| TokenKeeper::new(kind, "fuzz-shop", None, MemoryTokenStore::new());
        let (s, l, t) = (
            shopee_config(base),
            lazada_config(base),
            tiktok_config(base),
        );
        let no_push_url = "the Shopee fuzz config has a push URL";
        Clients {
            shopee: ShopeeClient::new(&s, keeper(ChannelKind::Shopee))
                .expect("the Shopee fuzz config is valid"),
            lazada: LazadaClient::new(&l, keeper(ChannelKind::Lazada))
                .expect("the Lazada fuzz config is valid"),
            tiktok: TikTokClient::new(&t, keeper(ChannelKind::TikTok))
                .expect("the TikTok Shop fuzz config is valid"),
            shopee_keys: (s.partner_key, s.push_url.expect(no_push_url)),
            lazada_keys: (l.app_key, l.app_secret),
            tiktok_keys: (t.app_key, t.app_secret),
        }
    })
}

/// (`Authorization` header, raw body): the header is the first line, as text.
fn split(data: &[u8]) -> (String, &[u8]) {
    match data.iter().position(|b| *b == b'\n') {
        Some(at) => (
            String::from_utf8_lossy(&data[..at]).into_owned(),
            &data[at + 1..],
        ),
        None => (String::new(), data),
    }
}

/// A client's `verify_push`: the header checked, then the body read.
type Reader<'a> = &'a dyn Fn(&[u8], Option<&str>) -> ChannelResult<WebhookEvent>;

/// One platform's verifier and reader, and how it signs.
struct Platform<'a> {
    name: &'a str,
    verify: &'a dyn Fn(&[u8], &str) -> bool,
    sign: &'a dyn Fn(&[u8]) -> String,
    read: Reader<'a>,
}

/// The checks of the module notes, for one platform.
fn check(p: &Platform<'_>, data: &[u8]) {
    let (header, body) = split(data);
    let _ = (p.verify)(body, &header);
    let _ = (p.read)(body, Some(&header));
    let _ = (p.read)(body, None);

    let signature = (p.sign)(body);
    assert!(
        (p.verify)(body, &signature),
        "{}: our own signature does not verify",
        p.name
    );
    assert!(
        (p.verify)(body, &signature.to_ascii_uppercase()),
        "{}: our own signature in capitals does not verify",
        p.name
    );
    // A signed body reaches the reader: whatever it says, it is not a signature problem.
    if let Err(e @ ChannelError::Auth { .. }) = (p.read)(body, Some(&signature)) {
        panic!("{}: a signed body was refused as unsigned: {e}", p.name);
    }

    // Which byte and which digit to change: from the input, so a run is repeatable.
    let pick = header.len() + body.len();
    if !body.is_empty() {
        let mut altered = body.to_vec();
        altered[pick % body.len()] ^= 0x01;
        assert!(
            !(p.verify)(&altered, &signature),
            "{}: a body with a flipped byte still verifies",
            p.name
        );
    }
    let mut digits = signature.into_bytes();
    let i = pick % digits.len().max(1);
    if let Some(d) = digits.get_mut(i) {
        *d = if *d == b'0' { b'1' } else { b'0' };
    }
    let forged = String::from_utf8_lossy(&digits);
    assert!(
        !(p.verify)(body, &forged),
        "{}: a signature with a changed digit still verifies",
        p.name
    );
}

/// Shopee pushes: HMAC of `push_url|body` under the partner key.
pub fn shopee_push(data: &[u8]) {
    let c = clients();
    let (key, url) = (&c.shopee_keys.0, &c.shopee_keys.1);
    check(
        &Platform {
            name: "Shopee",
            verify: &|body, auth| signing::verify_shopee_push(key, url, body, auth),
            sign: &|body| signing::shopee_push_signature(key, url, body),
            read: &|body, auth| c.shopee.verify_push(body, auth),
        },
        data,
    );
}

/// Lazada pushes: HMAC of `app_key + body` under the app secret.
pub fn lazada_push(data: &[u8]) {
    let c = clients();
    let (key, secret) = (&c.lazada_keys.0, &c.lazada_keys.1);
    check(
        &Platform {
            name: "Lazada",
            verify: &|body, auth| signing::verify_lazada_push(key, secret, body, auth),
            sign: &|body| signing::lazada_push_signature(key, secret, body),
            read: &|body, auth| c.lazada.verify_push(body, auth),
        },
        data,
    );
}

/// TikTok Shop webhooks: as Lazada's, with TikTok's keys.
pub fn tiktok_webhook(data: &[u8]) {
    let c = clients();
    let (key, secret) = (&c.tiktok_keys.0, &c.tiktok_keys.1);
    check(
        &Platform {
            name: "TikTok Shop",
            verify: &|body, auth| signing::verify_tiktok_webhook(key, secret, body, auth),
            sign: &|body| signing::tiktok_webhook_signature(key, secret, body),
            read: &|body, auth| c.tiktok.verify_webhook(body, auth),
        },
        data,
    );
}
