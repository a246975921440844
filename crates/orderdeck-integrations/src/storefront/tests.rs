//! Request building and reply reading for the storefront admin clients: the bodies and
//! credentials each platform documents, checked on the wire against a loopback
//! listener that records what it is sent and answers from a script.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::client::StorefrontClient;
use super::config::StorefrontConfig;
use super::{haravan, sapo, shopify, woocommerce};
use crate::marketplace::{
    ChannelError, ChannelKind, PageCursor, RetryPolicy, SalesChannel, Secret, StockPush,
};

// ----------------------------------------------------------------------------------
// A recording listener

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query as sent.
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap()
    }

    fn query(&self, key: &str) -> Option<String> {
        let url = reqwest::Url::parse(&format!("http://x{}", self.target)).unwrap();
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.to_string())
    }
}

/// (status, extra headers, body) per request, in order; the last one repeats.
type Script = Vec<(u16, Vec<(&'static str, String)>, String)>;

struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(script: Script) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        let mut n = 0usize;
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let got = sock.read(&mut chunk).await.unwrap();
                if got == 0 {
                    break None;
                }
                buf.extend_from_slice(&chunk[..got]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break Some(i);
                }
            };
            let Some(head_end) = head_end else { continue };
            let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
            let mut lines = head.split("\r\n");
            let mut first = lines.next().unwrap().split(' ');
            let method = first.next().unwrap().to_string();
            let target = first.next().unwrap().to_string();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect();
            let len: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = buf[head_end + 4..].to_vec();
            while body.len() < len {
                let got = sock.read(&mut chunk).await.unwrap();
                body.extend_from_slice(&chunk[..got]);
            }
            log.lock().unwrap().push(Seen {
                method,
                target,
                headers,
                body,
            });
            let (status, extra, reply) = script[n.min(script.len() - 1)].clone();
            n += 1;
            let mut out = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                reply.len()
            );
            for (k, v) in extra {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&reply);
            let _ = sock.write_all(out.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    Server { base, seen }
}

fn ok(body: Value) -> (u16, Vec<(&'static str, String)>, String) {
    (200, vec![], body.to_string())
}

fn push(item: &str, sku_id: &str, sku: &str, qty: u32) -> StockPush {
    StockPush {
        item_id: item.into(),
        sku_id: sku_id.into(),
        sku: sku.into(),
        qty,
    }
}

fn cfg(kind: ChannelKind, base: &str) -> StorefrontConfig {
    let mut c = StorefrontConfig::new(kind, "Shop", base);
    c.webhook_secret = Secret::new("whsec");
    match kind {
        ChannelKind::WooCommerce => {
            c.consumer_key = Some(Secret::new("ck_abc"));
            c.consumer_secret = Some(Secret::new("cs_def"));
        }
        ChannelKind::Sapo => {
            c.api_key = Some(Secret::new("sapokey"));
            c.api_secret = Some(Secret::new("saposecret"));
        }
        ChannelKind::Haravan => {
            c.access_token = Some(Secret::new("hrv-token"));
            c.location_id = Some("963414".into());
        }
        _ => {
            c.access_token = Some(Secret::new("shpat_token"));
            c.location_id = Some("124656943".into());
        }
    }
    c
}

fn client(kind: ChannelKind, base: &str) -> StorefrontClient {
    StorefrontClient::new("shop", &cfg(kind, base))
        .unwrap()
        .with_retry(RetryPolicy::NEVER)
}

/// The words of a refused push; the test fails when the push went through.
fn refusal(outcome: &Result<u32, String>) -> &str {
    outcome.as_ref().unwrap_err()
}

fn basic(user: &str, pass: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

// ----------------------------------------------------------------------------------
// Config

#[test]
fn config_reads_a_table_and_refuses_unknown_fields() {
    let c: StorefrontConfig = serde_json::from_value(json!({
        "kind": "woocommerce", "name": "Website", "base_url": "https://shop.example.vn",
        "webhook_secret": "s", "consumer_key": "ck_1", "consumer_secret": "cs_1"
    }))
    .unwrap();
    assert_eq!(c.kind, ChannelKind::WooCommerce);
    assert_eq!(c.api_version, "2026-10");
    assert_eq!(c.timeout_secs, None);
    c.check("website").unwrap();
    let e = serde_json::from_value::<StorefrontConfig>(json!({
        "kind": "sapo", "base_url": "https://x.mysapo.net", "api_tokn": "typo"
    }))
    .unwrap_err();
    assert!(e.to_string().contains("api_tokn"), "{e}");
    // The secrets never print.
    let shown = format!("{c:?}");
    assert!(
        !shown.contains("ck_1") && !shown.contains("cs_1"),
        "{shown}"
    );
}

#[test]
fn check_names_the_missing_credential_for_its_kind() {
    let missing = |c: &StorefrontConfig| c.check("web").unwrap_err().to_string();
    let mut c = cfg(ChannelKind::Haravan, "https://apis.haravan.com");
    c.check("web").unwrap();
    c.location_id = None;
    assert!(
        missing(&c).contains("storefronts.web.location_id"),
        "{}",
        missing(&c)
    );
    c.location_id = Some("gid://x".into());
    assert!(missing(&c).contains("location number"), "{}", missing(&c));
    c.location_id = Some("1".into());
    c.access_token = Some(Secret::new("  "));
    let e = missing(&c);
    assert!(
        e.contains("storefronts.web.access_token")
            && e.contains("ORDERDECK_STOREFRONTS__WEB__ACCESS_TOKEN"),
        "{e}"
    );

    let mut c = cfg(ChannelKind::Sapo, "https://shop.mysapo.net");
    c.api_secret = None;
    assert!(missing(&c).contains("storefronts.web.api_secret"));
    let mut c = cfg(ChannelKind::WooCommerce, "https://shop.example.vn");
    c.consumer_key = None;
    assert!(missing(&c).contains("storefronts.web.consumer_key"));
    let mut c = cfg(ChannelKind::Shopify, "https://x.myshopify.com");
    c.api_version = "latest".into();
    assert!(missing(&c).contains("storefronts.web.api_version"));
    let mut c = cfg(ChannelKind::Shopify, "https://x.myshopify.com");
    c.webhook_secret = Secret::default();
    assert!(missing(&c).contains("storefronts.web.webhook_secret"));
    // The admin client does not need the webhook secret.
    c.check_admin("web").unwrap();

    let c = cfg(ChannelKind::Shopee, "https://x");
    assert!(missing(&c).contains("marketplace"), "{}", missing(&c));
    let c = cfg(ChannelKind::Sapo, "ftp://x");
    assert!(missing(&c).contains("base_url"), "{}", missing(&c));
    let c = cfg(ChannelKind::Sapo, "https://x.mysapo.net");
    assert!(c.check("Web Shop").is_err());
    // WooCommerce keys go over HTTPS only (the loopback simulator excepted).
    let c = cfg(ChannelKind::WooCommerce, "http://shop.example.vn");
    assert!(missing(&c).contains("https"), "{}", missing(&c));
    cfg(ChannelKind::WooCommerce, "http://127.0.0.1:8080")
        .check("web")
        .unwrap();
}

// ----------------------------------------------------------------------------------
// Bodies as the reference shows them

#[test]
fn bodies_are_the_documented_ones() {
    let a = push("22", "733", "AO-M", 5);
    let b = push("22", "734", "AO-L", 0);
    assert_eq!(
        woocommerce::batch_body(&[(0, &a, 733), (1, &b, 734)]),
        json!({"update": [{"id": 733, "manage_stock": true, "stock_quantity": 5},
                          {"id": 734, "manage_stock": true, "stock_quantity": 0}]})
    );
    let h = push("1031046355", "1068095306", "AO-M", 4);
    assert_eq!(
        haravan::set_body(963414, &[(0, &h, 1031046355, 1068095306)]),
        json!({"inventory": {"location_id": 963414, "type": "set", "reason": "newproduct",
            "note": "orderdeck stock sync",
            "line_items": [{"product_id": 1031046355, "product_variant_id": 1068095306,
                            "quantity": 4}]}})
    );
    assert_eq!(
        sapo::put_body(77, 12),
        json!({"variant": {"id": 77, "inventory_quantity": 12}})
    );
    let input = shopify::set_input(
        "k-1",
        "gid://shopify/Location/124656943",
        &[("gid://shopify/InventoryItem/30322695", 12)],
    );
    assert_eq!(
        input,
        json!({"input": {"name": "available", "reason": "correction",
            "referenceDocumentUri": "gid://orderdeck/StockSync/k-1",
            "quantities": [{"inventoryItemId": "gid://shopify/InventoryItem/30322695",
                            "locationId": "gid://shopify/Location/124656943",
                            "quantity": 12, "changeFromQuantity": null}]}})
    );
    // Sent explicitly as null, not left out (2026-04 rules).
    assert!(input.to_string().contains("\"changeFromQuantity\":null"));
    let m = shopify::set_mutation("4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d");
    assert!(
        m.contains(
            "inventorySetQuantities(input: $input) @idempotent(key: \"4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d\")"
        ),
        "{m}"
    );
    assert!(m.contains("userErrors { code field message }"), "{m}");
    assert_eq!(shopify::sku_query("AO-M_1.2"), "sku:AO-M_1.2");
    assert_eq!(shopify::sku_query("ÁO \"đen\""), "sku:\"ÁO \\\"đen\\\"\"");
}

// ----------------------------------------------------------------------------------
// Replies

#[test]
fn woocommerce_batch_replies_map_to_pushes() {
    let a = push("22", "733", "A", 5);
    let b = push("22", "734", "B", 3);
    let c = push("22", "735", "C", 1);
    let d = push("22", "736", "D", 2);
    let chunk = [(0, &a, 733), (1, &b, 734), (2, &c, 735), (3, &d, 736)];
    let reply = json!({"update": [
        {"id": 733, "stock_quantity": 5},
        {"id": 0, "error": {"code": "woocommerce_rest_product_invalid_id",
                            "message": "Invalid ID.", "data": {"status": 400}}},
        {"id": 735, "stock_quantity": null},
    ]});
    let got = woocommerce::read_batch("WooCommerce", &chunk, &reply).unwrap();
    assert_eq!(got[0].1.outcome, Ok(5));
    assert_eq!(
        got[1].1.outcome,
        Err("woocommerce_rest_product_invalid_id: Invalid ID.".into())
    );
    assert!(refusal(&got[2].1.outcome).contains("stock management"));
    assert!(refusal(&got[3].1.outcome).contains("did not confirm"));
    assert!(woocommerce::read_batch("WooCommerce", &chunk, &json!({})).is_err());
}

#[test]
fn sapo_replies_are_read_back() {
    let v = |q: Value| json!({"variant": {"id": 1, "inventory_quantity": q}});
    assert_eq!(sapo::read_put("Sapo", 4, &v(json!(4))), Ok(4));
    assert_eq!(sapo::read_put("Sapo", 4, &v(Value::Null)), Ok(4));
    assert!(sapo::read_put("Sapo", 4, &v(json!(9))).is_err());
    assert!(sapo::read_put("Sapo", 4, &json!({})).is_err());
}

#[test]
fn shopify_throttling_and_errors() {
    let throttled = json!({
        "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        "extensions": {"cost": {"requestedQueryCost": 752, "actualQueryCost": null,
            "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 452,
                               "restoreRate": 100.0}}}
    });
    assert_eq!(shopify::throttle_wait(&throttled), 3);
    match shopify::read_graphql_body("Shopify", throttled) {
        Err(ChannelError::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Duration::from_secs(3));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(shopify::throttle_wait(&json!({})), 1);
    let denied = json!({"errors": [{"message": "Access denied for inventorySetQuantities field.",
        "extensions": {"code": "ACCESS_DENIED"}}]});
    assert!(matches!(
        shopify::read_graphql_body("Shopify", denied),
        Err(ChannelError::Auth { .. })
    ));
    let bad = json!({"errors": [{"message": "Field 'x' doesn't exist"}]});
    assert!(matches!(
        shopify::read_graphql_body("Shopify", bad),
        Err(ChannelError::Rejected { .. })
    ));
    assert_eq!(
        shopify::read_graphql_body("Shopify", json!({"data": {"a": 1}})).unwrap(),
        json!({"a": 1})
    );

    let data = json!({"inventorySetQuantities": {"inventoryAdjustmentGroup": null,
        "userErrors": [{"code": "INVALID_INVENTORY_ITEM",
                        "field": ["input", "quantities", "1", "inventoryItemId"],
                        "message": "The specified inventory item could not be found."}]}});
    let (refused, applied) = shopify::read_set("Shopify", &data, 3).unwrap();
    assert!(!applied);
    assert_eq!(refused.len(), 1);
    assert!(refused[&1].starts_with("INVALID_INVENTORY_ITEM"));
    let whole = json!({"inventorySetQuantities": {"inventoryAdjustmentGroup": null,
        "userErrors": [{"code": "INVALID_LOCATION", "field": ["input"], "message": "no"}]}});
    let (refused, _) = shopify::read_set("Shopify", &whole, 2).unwrap();
    assert_eq!(refused.len(), 2);
}

// ----------------------------------------------------------------------------------
// On the wire

#[tokio::test]
async fn woocommerce_lists_and_sets_stock_with_basic_auth() {
    let server = serve(vec![
        ok(json!([
            {"id": 10, "name": "Mũ", "type": "simple", "sku": "MU-1", "price": "99000",
             "stock_quantity": 7, "status": "publish"},
            {"id": 22, "name": "Áo thun", "type": "variable", "sku": "", "price": "150000",
             "stock_quantity": null, "status": "publish"},
        ])),
        ok(json!([
            {"id": 733, "sku": "AO-M", "price": "150000", "stock_quantity": 3,
             "status": "publish", "attributes": [{"name": "Size", "option": "M"}]},
        ])),
        ok(json!({"update": [{"id": 10, "stock_quantity": 4}]})),
        ok(json!({"update": [{"id": 733, "stock_quantity": 0},
            {"id": 0, "error": {"code": "woocommerce_rest_invalid_id", "message": "Invalid ID."}}]})),
    ])
    .await;
    let c = client(ChannelKind::WooCommerce, &server.base);
    let page = c.listings(None).await.unwrap();
    assert_eq!(
        page.next, None,
        "two products on a page of 100: the last page"
    );
    assert_eq!(page.listings.len(), 2);
    assert_eq!(
        (
            page.listings[0].item_id.as_str(),
            page.listings[0].sku_id.as_str()
        ),
        ("10", "0")
    );
    assert_eq!(
        page.listings[0].price,
        Some(rust_decimal_macros::dec!(99000))
    );
    let v = &page.listings[1];
    assert_eq!(
        (v.item_id.as_str(), v.sku_id.as_str(), v.sku.as_str()),
        ("22", "733", "AO-M")
    );
    assert_eq!(v.name, "Áo thun - M");
    assert_eq!(v.stock, Some(3));

    let results = c
        .push_stock(&[
            push("22", "733", "AO-M", 0),
            push("10", "0", "MU-1", 4),
            push("22", "999", "AO-X", 1),
            push("x", "1", "BAD", 1),
        ])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, Ok(0));
    assert_eq!(results[1].outcome, Ok(4));
    assert_eq!(
        results[2].outcome,
        Err("woocommerce_rest_invalid_id: Invalid ID.".into())
    );
    assert!(refusal(&results[3].outcome).starts_with("not sent"));

    let seen = server.seen();
    assert_eq!(seen.len(), 4, "{seen:?}");
    for s in &seen {
        assert_eq!(
            s.header("authorization"),
            Some(basic("ck_abc", "cs_def").as_str())
        );
    }
    assert_eq!(seen[0].path(), "/wp-json/wc/v3/products");
    assert_eq!(seen[0].query("per_page").as_deref(), Some("100"));
    assert_eq!(seen[0].query("page").as_deref(), Some("1"));
    assert_eq!(seen[1].path(), "/wp-json/wc/v3/products/22/variations");
    assert_eq!(
        (seen[2].method.as_str(), seen[2].path()),
        ("POST", "/wp-json/wc/v3/products/batch")
    );
    assert_eq!(
        seen[2].json(),
        json!({"update": [{"id": 10, "manage_stock": true, "stock_quantity": 4}]})
    );
    assert_eq!(
        seen[3].path(),
        "/wp-json/wc/v3/products/22/variations/batch"
    );
    assert_eq!(seen[3].json()["update"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn woocommerce_batches_hold_at_most_100() {
    let pushes: Vec<StockPush> = (1..=150)
        .map(|i| push("22", &i.to_string(), &format!("S{i}"), 1))
        .collect();
    let server = serve(vec![ok(json!({"update": []}))]).await;
    let c = client(ChannelKind::WooCommerce, &server.base);
    let results = c.push_stock(&pushes).await.unwrap();
    assert_eq!(results.len(), 150);
    let sizes: Vec<usize> = server
        .seen()
        .iter()
        .map(|s| s.json()["update"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, vec![100, 50]);
}

#[tokio::test]
async fn haravan_sets_stock_with_bearer_and_reads_limits() {
    let server = serve(vec![
        ok(json!({"inventory": {"id": 1, "adjust_number": "IA0001", "line_items": []}})),
        ok(json!({"inventory": []})),
        (
            429,
            vec![
                ("Retry-After", "7".into()),
                ("X-Haravan-Api-Call-Limit", "80/80".into()),
            ],
            "{}".into(),
        ),
        (401, vec![], json!({"errors": "Unauthorized"}).to_string()),
        (
            422,
            vec![],
            json!({"errors": {"line_items": ["product_variant_id not found"]}}).to_string(),
        ),
    ])
    .await;
    let c = client(ChannelKind::Haravan, &server.base);
    let pushes: Vec<StockPush> = (1..=150)
        .map(|i| push("11", &(1000 + i).to_string(), &format!("S{i}"), 2))
        .collect();
    let results = c.push_stock(&pushes).await.unwrap();
    assert!(results.iter().all(|r| r.outcome == Ok(2)));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.header("authorization"), Some("Bearer hrv-token"));
        assert_eq!(
            (s.method.as_str(), s.path()),
            ("POST", "/com/inventories/adjustorset.json")
        );
        assert_eq!(s.json()["inventory"]["type"], "set");
        assert_eq!(s.json()["inventory"]["location_id"], 963414);
    }
    assert_eq!(
        seen[0].json()["inventory"]["line_items"]
            .as_array()
            .unwrap()
            .len(),
        100
    );
    assert_eq!(
        seen[1].json()["inventory"]["line_items"]
            .as_array()
            .unwrap()
            .len(),
        50
    );

    let one = [push("11", "1001", "S1", 2)];
    match c.push_stock(&one).await {
        Err(ChannelError::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Duration::from_secs(7));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        c.push_stock(&one).await,
        Err(ChannelError::Auth { .. })
    ));
    let refused = c.push_stock(&one).await.unwrap();
    assert_eq!(
        refused[0].outcome,
        Err("http_422: line_items: product_variant_id not found".into())
    );
}

#[tokio::test]
async fn haravan_listings_page_through_products() {
    let variants = |n: i64| {
        json!([{"id": n, "sku": format!("V{n}"), "title": "Default Title",
                                    "price": 160000, "inventory_quantity": 2}])
    };
    let full: Vec<Value> = (1..=250)
        .map(|i| json!({"id": i, "title": format!("P{i}"), "published_at": "2026-01-01T00:00:00Z", "variants": variants(i * 10)}))
        .collect();
    // The listing read, then find_listing's walk from page 1.
    let server = serve(vec![
        ok(json!({"products": full.clone()})),
        ok(json!({"products": full})),
        ok(json!({"products": [{"id": 999, "title": "Last", "published_at": null, "variants": variants(9990)}]})),
    ])
    .await;
    let c = client(ChannelKind::Haravan, &server.base);
    let first = c.listings(None).await.unwrap();
    assert_eq!(first.listings.len(), 250);
    assert_eq!(first.listings[0].name, "P1");
    assert_eq!(first.listings[0].status, "published");
    assert_eq!(first.next, Some(PageCursor("2".into())));
    let found = c.find_listing("V9990").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].item_id.as_str(), found[0].sku_id.as_str()),
        ("999", "9990")
    );
    assert_eq!(found[0].status, "hidden");
    let seen = server.seen();
    assert_eq!(seen[0].path(), "/com/products.json");
    assert_eq!(seen[0].query("limit").as_deref(), Some("250"));
    assert_eq!(seen.last().unwrap().query("page").as_deref(), Some("2"));
    assert!(c.listings(Some(&PageCursor("x".into()))).await.is_err());
}

#[tokio::test]
async fn sapo_puts_each_variant_with_basic_auth() {
    let server = serve(vec![
        ok(json!({"variant": {"id": 501, "inventory_quantity": 8}})),
        (404, vec![], json!({"errors": "Not Found"}).to_string()),
    ])
    .await;
    let c = client(ChannelKind::Sapo, &server.base);
    let results = c
        .push_stock(&[push("50", "501", "A", 8), push("50", "502", "B", 1)])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, Ok(8));
    assert_eq!(results[1].outcome, Err("http_404: Not Found".into()));
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path()),
        ("PUT", "/admin/variants/501.json")
    );
    assert_eq!(seen[1].path(), "/admin/variants/502.json");
    assert_eq!(
        seen[0].json(),
        json!({"variant": {"id": 501, "inventory_quantity": 8}})
    );
    assert_eq!(
        seen[0].header("authorization"),
        Some(basic("sapokey", "saposecret").as_str())
    );
}

#[tokio::test]
async fn shopify_sets_quantities_and_resends_what_an_error_held_back() {
    let server = serve(vec![
        ok(json!({"data": {"inventorySetQuantities": {"inventoryAdjustmentGroup": null,
            "userErrors": [{"code": "INVALID_INVENTORY_ITEM",
                "field": ["input", "quantities", "1", "inventoryItemId"],
                "message": "The specified inventory item could not be found."}]}}})),
        ok(json!({"data": {"inventorySetQuantities": {
            "inventoryAdjustmentGroup": {"createdAt": "2026-12-07T00:00:00Z", "reason": "correction", "changes": []},
            "userErrors": []}}})),
    ])
    .await;
    let c = client(ChannelKind::Shopify, &server.base);
    let results = c
        .push_stock(&[
            push(
                "gid://shopify/Product/1",
                "gid://shopify/InventoryItem/11",
                "A",
                3,
            ),
            push(
                "gid://shopify/Product/1",
                "gid://shopify/InventoryItem/12",
                "B",
                4,
            ),
            push("gid://shopify/Product/1", "13", "C", 5),
            push("gid://shopify/Product/1", "gid://shopify/Variant/1", "D", 5),
        ])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, Ok(3));
    assert!(refusal(&results[1].outcome).starts_with("INVALID_INVENTORY_ITEM"));
    assert_eq!(results[2].outcome, Ok(5));
    assert!(refusal(&results[3].outcome).starts_with("not sent"));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.path(), "/admin/api/2026-10/graphql.json");
        assert_eq!(s.header("x-shopify-access-token"), Some("shpat_token"));
        assert_eq!(s.header("authorization"), None);
        let q = s.json()["query"].as_str().unwrap().to_string();
        assert!(q.contains("@idempotent(key: \""), "{q}");
    }
    let first = seen[0].json();
    let quantities = first["variables"]["input"]["quantities"]
        .as_array()
        .unwrap();
    assert_eq!(quantities.len(), 3);
    assert_eq!(
        quantities[2]["inventoryItemId"],
        "gid://shopify/InventoryItem/13"
    );
    assert_eq!(
        quantities[0]["locationId"],
        "gid://shopify/Location/124656943"
    );
    let second = seen[1].json();
    let ids: Vec<&str> = second["variables"]["input"]["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["inventoryItemId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "gid://shopify/InventoryItem/11",
            "gid://shopify/InventoryItem/13"
        ]
    );
    // A new call is a new operation: a new key.
    assert_ne!(first["query"], second["query"]);
}

#[tokio::test]
async fn shopify_throttle_is_waited_out_with_the_same_key() {
    let throttled = json!({
        "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        "extensions": {"cost": {"requestedQueryCost": 10,
            "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 5,
                               "restoreRate": 100.0}}}
    });
    let server = serve(vec![
        ok(throttled),
        ok(json!({"data": {"inventorySetQuantities": {"inventoryAdjustmentGroup": {"createdAt": "x"},
            "userErrors": []}}})),
    ])
    .await;
    let c = StorefrontClient::new("shop", &cfg(ChannelKind::Shopify, &server.base))
        .unwrap()
        .with_retry(RetryPolicy {
            max_retries: 1,
            max_wait: Duration::from_secs(2),
        });
    let results = c
        .push_stock(&[push("p", "gid://shopify/InventoryItem/11", "A", 3)])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, Ok(3));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].body, seen[1].body,
        "a retry is the same request, key and all"
    );
}

#[tokio::test]
async fn shopify_lists_variants_by_cursor_and_finds_a_sku() {
    let node = |n: u32, sku: &str| {
        json!({"node": {"id": format!("gid://shopify/ProductVariant/{n}"), "sku": sku,
            "title": "M", "inventoryQuantity": 4,
            "product": {"id": "gid://shopify/Product/1", "title": "Áo"},
            "inventoryItem": {"id": format!("gid://shopify/InventoryItem/{n}")}}})
    };
    let server = serve(vec![
        ok(
            json!({"data": {"productVariants": {"edges": [node(1, "AO-M")],
            "pageInfo": {"hasNextPage": true, "endCursor": "abc"}}}}),
        ),
        ok(
            json!({"data": {"productVariants": {"edges": [node(2, "AO-M-2"), node(3, "AO-M")],
            "pageInfo": {"hasNextPage": false, "endCursor": null}}}}),
        ),
    ])
    .await;
    let c = client(ChannelKind::Shopify, &server.base);
    let page = c.listings(None).await.unwrap();
    assert_eq!(page.next, Some(PageCursor("abc".into())));
    let l = &page.listings[0];
    assert_eq!(
        (
            l.item_id.as_str(),
            l.sku_id.as_str(),
            l.name.as_str(),
            l.stock
        ),
        (
            "gid://shopify/Product/1",
            "gid://shopify/InventoryItem/1",
            "Áo - M",
            Some(4)
        )
    );
    let found = c.find_listing("AO-M").await.unwrap();
    assert_eq!(found.len(), 1, "only the exact SKU");
    assert_eq!(found[0].sku_id, "gid://shopify/InventoryItem/3");
    let seen = server.seen();
    assert_eq!(seen[0].json()["variables"], json!({"cursor": null}));
    assert_eq!(seen[1].json()["variables"], json!({"query": "sku:AO-M"}));
    assert!(
        seen[0].json()["query"]
            .as_str()
            .unwrap()
            .contains("productVariants(first: 250, after: $cursor)")
    );
}

#[tokio::test]
async fn storefronts_pull_no_orders_and_make_no_listings() {
    let c = client(ChannelKind::Sapo, "http://127.0.0.1:9");
    let now = chrono::Utc::now();
    let range = crate::marketplace::TimeRange { from: now, to: now };
    let page = c.orders_changed(range, None).await.unwrap();
    assert!(page.orders.is_empty() && page.next.is_none());
    assert!(c.order_details(&["1".into()]).await.unwrap().is_empty());
    assert!(matches!(
        c.refresh_tokens().await,
        Err(ChannelError::Rejected { .. })
    ));
    assert!(matches!(
        c.exchange_code("x").await,
        Err(ChannelError::Rejected { .. })
    ));
    assert_eq!(c.kind(), ChannelKind::Sapo);
    assert_eq!(c.code(), "shop");
    // Nothing listens on port 9: a transport error, not a panic.
    assert!(matches!(
        c.push_stock(&[push("1", "2", "A", 1)]).await,
        Err(ChannelError::Transport { .. })
    ));
}

#[tokio::test]
async fn haravan_finds_the_bad_line_by_halves() {
    let not_found = (
        403,
        vec![],
        json!({"errors": "variant 1002 not found"}).to_string(),
    );
    let fine = ok(json!({"inventory": []}));
    let server = serve(vec![
        not_found.clone(),
        fine.clone(),
        not_found.clone(),
        not_found,
        fine,
        (403, vec![], json!({"errors": "Forbidden"}).to_string()),
    ])
    .await;
    let c = client(ChannelKind::Haravan, &server.base);
    let results = c
        .push_stock(&[
            push("11", "1001", "A", 1),
            push("11", "1002", "B", 2),
            push("11", "1003", "C", 3),
        ])
        .await
        .unwrap();
    assert_eq!(results[0].outcome, Ok(1));
    assert_eq!(
        results[1].outcome,
        Err("http_403: {\"errors\":\"variant 1002 not found\"}".into())
    );
    assert_eq!(results[2].outcome, Ok(3));
    let sizes: Vec<usize> = server
        .seen()
        .iter()
        .map(|s| {
            s.json()["inventory"]["line_items"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, vec![3, 1, 2, 1, 1]);
    // A 403 that is not about a missing variant: our keys.
    assert!(matches!(
        c.push_stock(&[push("11", "1001", "A", 1)]).await,
        Err(ChannelError::Auth { .. })
    ));
}

#[test]
fn clients_never_print_their_keys() {
    for kind in ChannelKind::STOREFRONTS {
        let shown = format!("{:?}", client(kind, "https://shop.example.vn"));
        for secret in [
            "ck_abc",
            "cs_def",
            "sapokey",
            "saposecret",
            "hrv-token",
            "shpat_token",
        ] {
            assert!(!shown.contains(secret), "{kind:?}: {shown}");
        }
    }
}
