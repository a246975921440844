//! Request signing and webhook verification for the three marketplaces, exactly as
//! reference §1.3, §1.7, §2.3, §2.7, §3.3 and §3.7 describe them. Pure: no IO, no clock.
//!
//! | platform | message | key | output |
//! |---|---|---|---|
//! | Shopee v2 | `partner_id + api_path + timestamp [+ access_token + shop_id / merchant_id]` | partner_key | lowercase hex |
//! | Lazada | `api_path + k1v1k2v2…` (all params but `sign`, sorted by name) | app_secret | UPPERCASE hex |
//! | TikTok Shop | `secret + path + k1v1… (query minus sign, access_token) + body + secret` | app_secret | lowercase hex |
//!
//! Webhooks: Shopee `hex(HMAC(partner_key, callback_url + "|" + body))`; Lazada and
//! TikTok Shop `hex(HMAC(app_secret, app_key + body))`, all in the `Authorization` header.
//! Verification compares in constant time and takes the raw body as received, never
//! re-serialised JSON.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; this cannot fail.
    HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length")
}

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut m = mac(key);
    m.update(message);
    m.finalize().into_bytes().into()
}

/// Lowercase hex, two digits a byte (never `%032x`-style with leading zeros dropped,
/// reference §1.10).
pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.trim().as_bytes();
    if t.is_empty() || !t.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    t.chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

/// Whether `signature_hex` (either case) is the HMAC-SHA256 of `parts`, concatenated,
/// under `key`; compared in constant time.
fn verify_hex(key: &[u8], parts: &[&[u8]], signature_hex: &str) -> bool {
    let Some(given) = hex_decode(signature_hex) else {
        return false;
    };
    let mut m = mac(key);
    for p in parts {
        m.update(p);
    }
    m.verify_slice(&given).is_ok()
}

// ------------------------------------------------------------------------------------
// Shopee Open Platform v2 (reference §1.3, §1.7)

/// Which of Shopee's three base strings a call uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ShopeeScope<'a> {
    /// Public APIs: `auth/token/get`, `auth/access_token/get`, `shop/auth_partner`,
    /// `public/*`, `push/*`. No token, no shop in the base string.
    Public,
    /// Shop APIs: `… + access_token + shop_id`.
    Shop { access_token: &'a str, shop_id: i64 },
    /// Merchant APIs (cross-border): `… + access_token + merchant_id`.
    Merchant {
        access_token: &'a str,
        merchant_id: i64,
    },
}

impl std::fmt::Debug for ShopeeScope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token never goes into a log line.
        match self {
            ShopeeScope::Public => f.write_str("Public"),
            ShopeeScope::Shop { shop_id, .. } => write!(f, "Shop {{ shop_id: {shop_id} }}"),
            ShopeeScope::Merchant { merchant_id, .. } => {
                write!(f, "Merchant {{ merchant_id: {merchant_id} }}")
            }
        }
    }
}

/// The string Shopee signs: the ids concatenated with no separators. `api_path` is the
/// path without the host, `/api/v2` included. Business parameters are never part of it.
pub fn shopee_base_string(
    partner_id: i64,
    api_path: &str,
    timestamp: i64,
    scope: ShopeeScope<'_>,
) -> String {
    let mut s = format!("{partner_id}{api_path}{timestamp}");
    match scope {
        ShopeeScope::Public => {}
        ShopeeScope::Shop {
            access_token,
            shop_id,
        } => {
            s.push_str(access_token);
            s.push_str(&shop_id.to_string());
        }
        ShopeeScope::Merchant {
            access_token,
            merchant_id,
        } => {
            s.push_str(access_token);
            s.push_str(&merchant_id.to_string());
        }
    }
    s
}

/// Shopee's HMAC over any message: lowercase hex under the partner key.
pub fn shopee_hmac(partner_key: &str, message: &str) -> String {
    hex_lower(&hmac_sha256(partner_key.as_bytes(), message.as_bytes()))
}

/// The `sign` query parameter of a Shopee v2 call.
pub fn shopee_sign(
    partner_key: &str,
    partner_id: i64,
    api_path: &str,
    timestamp: i64,
    scope: ShopeeScope<'_>,
) -> String {
    shopee_hmac(
        partner_key,
        &shopee_base_string(partner_id, api_path, timestamp, scope),
    )
}

/// The `Authorization` header Shopee puts on a push: `callback_url|raw_body`. The URL
/// is the callback exactly as configured with Shopee.
pub fn shopee_push_signature(partner_key: &str, callback_url: &str, body: &[u8]) -> String {
    let mut m = mac(partner_key.as_bytes());
    m.update(callback_url.as_bytes());
    m.update(b"|");
    m.update(body);
    hex_lower(&m.finalize().into_bytes())
}

/// Whether a push really comes from Shopee (the `Authorization` header checked against
/// the raw body).
pub fn verify_shopee_push(
    partner_key: &str,
    callback_url: &str,
    body: &[u8],
    authorization: &str,
) -> bool {
    verify_hex(
        partner_key.as_bytes(),
        &[callback_url.as_bytes(), b"|", body],
        authorization,
    )
}

// ------------------------------------------------------------------------------------
// Lazada Open Platform (reference §2.3, §2.7)

/// Sorted by name in ASCII (byte) order, `sign` left out. Pairs with an empty name or
/// value are left out as the official Java/C# SDKs do; the Python SDK keeps them, so our
/// client never sends an empty parameter and the two readings agree.
fn sorted_pairs<'a>(params: &[(&'a str, &'a str)], skip: &[&str]) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .copied()
        .filter(|(k, v)| !k.is_empty() && !v.is_empty() && !skip.contains(k))
        .collect();
    // Stable: a repeated name keeps the order it was given in.
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs
}

/// The string Lazada signs: the API path (without `/rest`), then every parameter but
/// `sign` as `name` + `value`, sorted by name. Values are raw, not URL-encoded.
pub fn lazada_sign_string(api_path: &str, params: &[(&str, &str)]) -> String {
    let mut s = String::from(api_path);
    for (k, v) in sorted_pairs(params, &["sign"]) {
        s.push_str(k);
        s.push_str(v);
    }
    s
}

/// The `sign` parameter of a Lazada call: uppercase hex HMAC-SHA256 under the app secret.
pub fn lazada_sign(app_secret: &str, api_path: &str, params: &[(&str, &str)]) -> String {
    let message = lazada_sign_string(api_path, params);
    hex_lower(&hmac_sha256(app_secret.as_bytes(), message.as_bytes())).to_ascii_uppercase()
}

/// The `Authorization` header of a Lazada push: lowercase hex of `app_key + raw_body`.
pub fn lazada_push_signature(app_key: &str, app_secret: &str, body: &[u8]) -> String {
    let mut m = mac(app_secret.as_bytes());
    m.update(app_key.as_bytes());
    m.update(body);
    hex_lower(&m.finalize().into_bytes())
}

pub fn verify_lazada_push(
    app_key: &str,
    app_secret: &str,
    body: &[u8],
    authorization: &str,
) -> bool {
    verify_hex(
        app_secret.as_bytes(),
        &[app_key.as_bytes(), body],
        authorization,
    )
}

// ------------------------------------------------------------------------------------
// TikTok Shop, API versions 202309 and later (reference §3.3, §3.7)

/// Query parameters that are never signed. `x-tts-access-token` is a header, but one
/// client also strips it from the query, so it is left out here too.
const TIKTOK_UNSIGNED: &[&str] = &["sign", "access_token", "x-tts-access-token"];

/// The string TikTok Shop signs, before it is wrapped in the secret: the path, the query
/// (minus `sign` and `access_token`) sorted by name as `name` + `value`, then the body
/// exactly as sent. Pass `body: None` for GET and for `multipart/form-data` uploads.
pub fn tiktok_sign_string(path: &str, query: &[(&str, &str)], body: Option<&str>) -> String {
    let mut s = String::from(path);
    for (k, v) in sorted_pairs(query, TIKTOK_UNSIGNED) {
        s.push_str(k);
        s.push_str(v);
    }
    if let Some(b) = body {
        s.push_str(b);
    }
    s
}

/// The `sign` query parameter of a TikTok Shop call: lowercase hex HMAC-SHA256, under the
/// app secret, of `app_secret + sign_string + app_secret`.
pub fn tiktok_sign(
    app_secret: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<&str>,
) -> String {
    let inner = tiktok_sign_string(path, query, body);
    let mut m = mac(app_secret.as_bytes());
    m.update(app_secret.as_bytes());
    m.update(inner.as_bytes());
    m.update(app_secret.as_bytes());
    hex_lower(&m.finalize().into_bytes())
}

/// The `Authorization` header of a TikTok Shop webhook: lowercase hex of
/// `app_key + raw_body` (confirmed by two clients, not stated in the official text).
pub fn tiktok_webhook_signature(app_key: &str, app_secret: &str, body: &[u8]) -> String {
    lazada_push_signature(app_key, app_secret, body)
}

pub fn verify_tiktok_webhook(
    app_key: &str,
    app_secret: &str,
    body: &[u8],
    authorization: &str,
) -> bool {
    verify_hex(
        app_secret.as_bytes(),
        &[app_key.as_bytes(), body],
        authorization,
    )
}

#[cfg(test)]
mod tests {
    //! Every published vector of reference §1.11, §2.11 and §3.11, exactly. Vectors whose
    //! key or body is not published are tested as far as they go (the string layout).

    use super::*;

    // --- Shopee ---

    /// S1: the SDK's generic concatenation test (not a Shopee base-string order).
    #[test]
    fn shopee_s1_generic_concatenation() {
        let message = [
            "/api/v2/auth/token/get",
            "123456",
            "test_partner_id",
            "test_shop_id",
            "test_main_account_id",
        ]
        .concat();
        assert_eq!(
            shopee_hmac("test_partner_key", &message),
            "37c864bd9821ff5f2c2f46b2faca14eb1811a718d1fdc6dcf383cba7c74bf9e9"
        );
    }

    /// S2: a shop call (output computed by the reference's author, not published).
    #[test]
    fn shopee_s2_shop_call() {
        let scope = ShopeeScope::Shop {
            access_token: "token_value",
            shop_id: 654321,
        };
        let path = "/api/v2/order/get_order_list";
        assert_eq!(
            shopee_base_string(123456, path, 1710000000, scope),
            "123456/api/v2/order/get_order_list1710000000token_value654321"
        );
        assert_eq!(
            shopee_sign("test_partner_key", 123456, path, 1710000000, scope),
            "174af5342b881750dad12a896dffa27da126f1e58a9eb99b12e59a06c288735c"
        );
    }

    /// S3: the official base strings (the key is not published, so no digest).
    #[test]
    fn shopee_s3_official_base_strings() {
        assert_eq!(
            shopee_base_string(
                2001887,
                "/api/v2/shop/get_shop_info",
                1655714431,
                ShopeeScope::Shop {
                    access_token: "59777174636562737266615546704c6d",
                    shop_id: 14701711
                }
            ),
            "2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711"
        );
        assert_eq!(
            shopee_base_string(
                2001887,
                "/api/v2/global_product/get_category",
                1655714431,
                ShopeeScope::Merchant {
                    access_token: "09777174636962737266615546704c6d",
                    merchant_id: 1000000
                }
            ),
            "2001887/api/v2/global_product/get_category165571443109777174636962737266615546704c6d1000000"
        );
        assert_eq!(
            shopee_base_string(
                2001887,
                "/api/v2/public/get_shops_by_partner",
                1655714431,
                ShopeeScope::Public
            ),
            "2001887/api/v2/public/get_shops_by_partner1655714431"
        );
    }

    #[test]
    fn shopee_sign_is_64_lowercase_hex() {
        let s = shopee_sign("k", 1, "/api/v2/auth/token/get", 2, ShopeeScope::Public);
        assert_eq!(s.len(), 64);
        assert!(
            s.bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        );
    }

    #[test]
    fn shopee_push_is_url_bar_body() {
        let url = "http://www.example.com/example/uri";
        let body = br#"{"code": 1, "shop_id": 1}"#;
        let sig = shopee_push_signature("pk", url, body);
        let expected = shopee_hmac(
            "pk",
            &format!("{url}|{}", std::str::from_utf8(body).unwrap()),
        );
        assert_eq!(sig, expected);
        assert!(verify_shopee_push("pk", url, body, &sig));
        assert!(verify_shopee_push(
            "pk",
            url,
            body,
            &sig.to_ascii_uppercase()
        ));
        assert!(!verify_shopee_push("pk", "http://other/uri", body, &sig));
        assert!(!verify_shopee_push("other", url, body, &sig));
        assert!(!verify_shopee_push(
            "pk",
            url,
            br#"{"code":1,"shop_id":1}"#,
            &sig
        ));
        assert!(!verify_shopee_push("pk", url, body, "not hex"));
        assert!(!verify_shopee_push("pk", url, body, ""));
    }

    // --- Lazada ---

    /// L1: the official request sample.
    #[test]
    fn lazada_l1_official_sample() {
        let params = [
            ("app_key", "123456"),
            ("access_token", "test"),
            ("timestamp", "1517820392000"),
            ("sign_method", "sha256"),
            ("order_id", "1234"),
        ];
        assert_eq!(
            lazada_sign_string("/order/get", &params),
            "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp1517820392000"
        );
        assert_eq!(
            lazada_sign("helloworld", "/order/get", &params),
            "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
        );
        // A `sign` already among the parameters is not signed.
        let mut with_sign = params.to_vec();
        with_sign.push(("sign", "4190D323"));
        assert_eq!(
            lazada_sign("helloworld", "/order/get", &with_sign),
            "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A"
        );
    }

    /// L2: the official sort example (no digest published).
    #[test]
    fn lazada_l2_sort_order() {
        let params = [
            ("foo", "1"),
            ("bar", "2"),
            ("foo_bar", "3"),
            ("foobar", "4"),
        ];
        assert_eq!(
            lazada_sign_string("/test/api", &params),
            "/test/apibar2foo1foo_bar3foobar4"
        );
    }

    /// L3: the official push sample elides its body (`{...}`), so its digest
    /// `f3d2ca94…6104ab` cannot be reproduced; the layout is checked instead.
    #[test]
    fn lazada_l3_push_layout() {
        let body = br#"{"seller_id":"1","message_type":0}"#;
        let sig = lazada_push_signature("123456", "3412gyo124goi3124", body);
        let mut msg = b"123456".to_vec();
        msg.extend_from_slice(body);
        assert_eq!(sig, hex_lower(&hmac_sha256(b"3412gyo124goi3124", &msg)));
        assert!(verify_lazada_push(
            "123456",
            "3412gyo124goi3124",
            body,
            &sig
        ));
        assert!(!verify_lazada_push(
            "123457",
            "3412gyo124goi3124",
            body,
            &sig
        ));
        assert!(!verify_lazada_push(
            "123456",
            "3412gyo124goi3124",
            b"{}",
            &sig
        ));
    }

    #[test]
    fn lazada_skips_empty_pairs() {
        assert_eq!(
            lazada_sign_string("/x", &[("a", "1"), ("b", ""), ("", "z")]),
            "/xa1"
        );
    }

    // --- TikTok Shop ---

    /// T1: the official step-by-step example.
    #[test]
    fn tiktok_t1_official_example() {
        let query = [("app_key", "29a39d"), ("timestamp", "1623812664")];
        let inner = tiktok_sign_string("/authorization/202309/shops", &query, None);
        assert_eq!(
            format!("e59af819cc{inner}e59af819cc"),
            "e59af819cc/authorization/202309/shopsapp_key29a39dtimestamp1623812664e59af819cc"
        );
        assert_eq!(
            tiktok_sign("e59af819cc", "/authorization/202309/shops", &query, None),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
        // sign and access_token in the query change nothing.
        let mut noisy = query.to_vec();
        noisy.push(("sign", "bc721f0e"));
        noisy.push(("access_token", "TTP_abc"));
        assert_eq!(
            tiktok_sign("e59af819cc", "/authorization/202309/shops", &noisy, None),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
    }

    /// T2: the official body example gives the string layout only (no digest).
    #[test]
    fn tiktok_t2_body_layout() {
        let body = r#"{    "address":"https://partner.tiktokshop.com",    "event_type": "PACKAGE_UPDATE"}"#;
        let query = [
            ("timestamp", "1696909648"),
            ("shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK"),
            ("app_key", "68xu9ks5p4i8"),
        ];
        assert_eq!(
            tiktok_sign_string("/event/202309/webhooks", &query, Some(body)),
            format!(
                "/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIK\
                 timestamp1696909648{body}"
            )
        );
    }

    /// T3: EcomPHP's published test literal.
    #[test]
    fn tiktok_t3_client_test() {
        assert_eq!(
            tiktok_sign("app_secret", "/test-api", &[("foo", "bar")], None),
            "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"
        );
    }

    /// T4: webhook (inputs from EcomPHP's test; the literal was computed by the
    /// reference's author).
    #[test]
    fn tiktok_t4_webhook() {
        let body = br#"{"type":1,"shop_id":"7494726673780148744","timestamp":1664095733,"data":{"order_id":"576684019603311365","order_status":"AWAITING_SHIPMENT","update_time":1664095610}}"#;
        let expected = "21109834de72ec53c9959716d8514ae388ce1f123e5ffdcafc46713fcdf62b27";
        assert_eq!(
            tiktok_webhook_signature("fake_app_key", "fake_app_secret", body),
            expected
        );
        assert!(verify_tiktok_webhook(
            "fake_app_key",
            "fake_app_secret",
            body,
            expected
        ));
        assert!(!verify_tiktok_webhook(
            "fake_app_key",
            "wrong_secret",
            body,
            expected
        ));
        let mut tampered = body.to_vec();
        tampered[10] = b'2';
        assert!(!verify_tiktok_webhook(
            "fake_app_key",
            "fake_app_secret",
            &tampered,
            expected
        ));
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(hex_lower(&[0x00, 0x0f, 0xab, 0xff]), "000fabff");
        assert_eq!(hex_decode("000FabfF"), Some(vec![0x00, 0x0f, 0xab, 0xff]));
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
    }
}
