//! The real marketplace adapters against the loopback simulator: every call, signing
//! checks, tokens that expire mid-sync, pagination limits, 429 back-off and webhook
//! signatures. No database needed.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use orderdeck_integrations::marketplace::lazada::{LazadaClient, LazadaConfig};
use orderdeck_integrations::marketplace::shopee::{ShopeeClient, ShopeeConfig};
use orderdeck_integrations::marketplace::signing::{self, ShopeeScope};
use orderdeck_integrations::marketplace::tiktok::{TikTokClient, TikTokConfig};
use orderdeck_integrations::marketplace::{
    ChannelError, ChannelKind, ChannelStatus, MemoryTokenStore, NewListing, PageCursor,
    RetryPolicy, SalesChannel, StockPush, TimeRange, TokenKeeper, TokenPair, WebhookEvent,
    match_listings,
};
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

mod lazada;
mod lazada_fulfil;

mod tiktok;
mod tiktok_fulfil;

mod shopee_fulfil;

async fn start() -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 42,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn keeper(pair: Option<TokenPair>) -> (Arc<TokenKeeper>, Arc<MemoryTokenStore>) {
    let store = MemoryTokenStore::new();
    let keeper = TokenKeeper::new(ChannelKind::Shopee, "14701711", pair, store.clone());
    (keeper, store)
}

/// A client for the simulated shop, already authorised.
fn shopee(sim: &SimHandle) -> (ShopeeClient, Arc<MemoryTokenStore>) {
    shopee_with(sim, sim.shopee_config(), Some(sim.shopee_authorize()))
}

fn shopee_with(
    sim: &SimHandle,
    cfg: ShopeeConfig,
    pair: Option<TokenPair>,
) -> (ShopeeClient, Arc<MemoryTokenStore>) {
    let _ = sim;
    let (keeper, store) = keeper(pair);
    let client = ShopeeClient::with_timeout(&cfg, keeper, Duration::from_secs(5)).unwrap();
    (client, store)
}

fn last_days(days: i64) -> TimeRange {
    let now = Utc::now();
    TimeRange {
        from: now - chrono::Duration::days(days),
        to: now + chrono::Duration::seconds(1),
    }
}

/// Every page of a sync; also returns how many pages it took.
async fn sync_all(c: &impl SalesChannel, range: TimeRange) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    let mut pages = 0;
    loop {
        let page = c.orders_changed(range, cursor.as_ref()).await.unwrap();
        pages += 1;
        assert!(page.orders.len() <= 100, "page of {}", page.orders.len());
        ids.extend(page.orders.into_iter().map(|o| o.external_id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return (ids, pages),
        }
        assert!(pages < 100, "runaway pagination");
    }
}

fn expect_auth(e: ChannelError, needle: &str) {
    match &e {
        ChannelError::Auth { message, .. } => {
            assert!(
                message.contains(needle),
                "{message:?} should mention {needle:?}"
            )
        }
        other => panic!("expected Auth mentioning {needle:?}, got {other:?}"),
    }
}

/// A raw signed shop call, for checking what the simulated gateway refuses.
async fn raw_shop_get(sim: &SimHandle, path: &str, token: &str, extra: &[(&str, String)]) -> Value {
    let cfg = sim.shopee_config();
    let ts = Utc::now().timestamp();
    let sign = signing::shopee_sign(
        &cfg.partner_key,
        cfg.partner_id,
        path,
        ts,
        ShopeeScope::Shop {
            access_token: token,
            shop_id: cfg.shop_id,
        },
    );
    let mut q: Vec<(&str, String)> = vec![
        ("partner_id", cfg.partner_id.to_string()),
        ("timestamp", ts.to_string()),
        ("sign", sign),
        ("access_token", token.to_string()),
        ("shop_id", cfg.shop_id.to_string()),
    ];
    q.extend(extra.iter().cloned());
    reqwest::Client::new()
        .get(format!("{}{path}", cfg.base_url))
        .query(&q)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------
// Shopee: signing and tokens

/// Opens a consent link as the seller's browser would and returns where the platform
/// sends the seller back (the redirect is not followed: the page need not exist).
async fn consent_lands_on(link: &str) -> String {
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let reply = no_redirects.get(link).send().await.unwrap();
    assert_eq!(reply.status().as_u16(), 302);
    reply.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn shopee_wrong_partner_key_gets_wrong_sign() {
    let sim = start().await;
    let mut cfg = sim.shopee_config();
    cfg.partner_key = "not-the-partner-key".into();
    let (c, _) = shopee_with(&sim, cfg, Some(sim.shopee_authorize()));
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    expect_auth(e, "error_sign");
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    assert!(e.to_string().contains("Wrong sign"), "{e}");
    // A token call is signed too (the public base string).
    let e = c.exchange_code(&sim.shopee_auth_code()).await.unwrap_err();
    expect_auth(e, "error_sign");
}

#[tokio::test]
async fn shopee_auth_link_code_exchange_and_single_use_refresh() {
    let sim = start().await;
    let (c, store) = shopee_with(&sim, sim.shopee_config(), None);

    // Before any authorisation: a clear message, nothing sent.
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    assert!(matches!(e, ChannelError::NotConfigured { .. }), "{e:?}");
    assert!(e.to_string().contains("authorise"), "{e}");

    // The consent page redirects back with a code and the shop id.
    let link = c.auth_link("http://127.0.0.1:9/shopee/callback");
    assert!(
        link.contains("/api/v2/shop/auth_partner?partner_id="),
        "{link}"
    );
    let location = reqwest::Url::parse(&consent_lands_on(&link).await).unwrap();
    assert_eq!(location.path(), "/shopee/callback");
    let params: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(params["shop_id"], c.shop_id().to_string());
    let code = params["code"].clone();

    let first = c.exchange_code(&code).await.unwrap();
    assert_eq!(
        store.saved(),
        vec![first.clone()],
        "stored as soon as issued"
    );
    assert!(first.access_expires_at > Utc::now() + chrono::Duration::hours(3));
    // The code works once.
    let e = c.exchange_code(&code).await.unwrap_err();
    expect_auth(e, "invalid_code");

    // Calls work with the new pair.
    c.orders_changed(last_days(2), None).await.unwrap();

    // Refresh: a new pair, stored, in use; the old refresh token is now dead.
    let second = c.refresh_tokens().await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(store.latest(), Some(second.clone()));
    assert_eq!(sim.channel_refresh_count(ChannelKind::Shopee), 1);
    c.orders_changed(last_days(2), None).await.unwrap();

    let (stale_client, _) = shopee_with(&sim, sim.shopee_config(), Some(first.clone()));
    let e = stale_client.refresh_tokens().await.unwrap_err();
    expect_auth(e, "error_shop_refresh_token");
    // The old access token still works for its grace minutes.
    stale_client
        .orders_changed(last_days(2), None)
        .await
        .unwrap();

    // No token in any error text or debug output.
    let shown = format!("{c:?} {second:?} {e}", e = "x");
    assert!(!shown.contains(second.access_token.expose()), "{shown}");
    assert!(
        !shown.contains(sim.shopee_config().partner_key.as_str()),
        "{shown}"
    );
}

#[tokio::test]
async fn shopee_token_expiry_in_the_middle_of_a_sync() {
    let sim = start().await;
    let (c, store) = shopee(&sim);
    let range = last_days(50);

    let page1 = c.orders_changed(range, None).await.unwrap();
    let mut ids: Vec<String> = page1.orders.iter().map(|o| o.external_id.clone()).collect();
    let mut cursor = page1.next.clone();
    assert!(cursor.is_some());

    // Shopee now refuses the access token in use.
    sim.expire_channel_tokens(ChannelKind::Shopee);
    let mut pages = 1;
    while let Some(next) = cursor {
        let page = c.orders_changed(range, Some(&next)).await.unwrap();
        ids.extend(page.orders.into_iter().map(|o| o.external_id));
        cursor = page.next;
        pages += 1;
    }
    assert!(pages > 2);
    // One refresh, its pair stored, and the sync carried on where it was.
    assert_eq!(sim.channel_refresh_count(ChannelKind::Shopee), 1);
    assert_eq!(store.saved().len(), 1);
    let (from, to) = (range.from.timestamp(), range.to.timestamp() - 1);
    let expected: HashSet<String> = sim.shopee_orders_updated(from, to).into_iter().collect();
    let got: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(got.len(), ids.len(), "no order twice");
    assert_eq!(got, expected);

    // The keeper uses the new pair from now on.
    let current = c.refresh_tokens().await.unwrap();
    assert_eq!(store.saved().len(), 2);
    assert_eq!(store.latest(), Some(current));
}

#[tokio::test]
async fn shopee_dead_refresh_token_is_an_auth_error_not_a_loop() {
    let sim = start().await;
    let pair = sim.shopee_authorize();
    // Somebody else used this refresh token: it is gone.
    let (other, _) = shopee_with(&sim, sim.shopee_config(), Some(pair.clone()));
    other.refresh_tokens().await.unwrap();
    let (c, store) = shopee_with(&sim, sim.shopee_config(), Some(pair));
    sim.expire_channel_tokens(ChannelKind::Shopee);
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    expect_auth(e, "error_shop_refresh_token");
    assert!(store.saved().is_empty());
}

// ---------------------------------------------------------------------------------
// Shopee: orders

#[tokio::test]
async fn shopee_orders_sync_walks_15_day_windows_and_cursor_pages() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    let range = last_days(50);
    let (ids, pages) = sync_all(&c, range).await;
    let (from, to) = (range.from.timestamp(), range.to.timestamp() - 1);
    let expected: HashSet<String> = sim.shopee_orders_updated(from, to).into_iter().collect();
    assert_eq!(
        expected.len(),
        sim.shopee_order_count(),
        "every seeded order is in range"
    );
    let got: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(got.len(), ids.len(), "no order twice");
    assert_eq!(got, expected);
    // 45 days of orders: at least three windows, some with several pages.
    assert!(pages >= 4, "{pages} pages");

    // A narrow range returns just its orders.
    let narrow = last_days(3);
    let (ids, _) = sync_all(&c, narrow).await;
    let expected: HashSet<String> = sim
        .shopee_orders_updated(narrow.from.timestamp(), narrow.to.timestamp() - 1)
        .into_iter()
        .collect();
    assert_eq!(ids.into_iter().collect::<HashSet<_>>(), expected);

    // An empty range asks nothing.
    let now = Utc::now();
    let page = c
        .orders_changed(TimeRange { from: now, to: now }, None)
        .await
        .unwrap();
    assert!(page.orders.is_empty() && page.next.is_none());

    // A status change shows up in the next sync with its new status.
    let sn = expected.iter().next().unwrap().clone();
    assert!(sim.shopee_set_order_status(&sn, "CANCELLED"));
    let page = c
        .orders_changed(
            TimeRange {
                from: now - chrono::Duration::seconds(5),
                to: Utc::now() + chrono::Duration::seconds(1),
            },
            None,
        )
        .await
        .unwrap();
    let found = page.orders.iter().find(|o| o.external_id == sn).unwrap();
    assert_eq!(found.channel_status, "CANCELLED");

    // A cursor from elsewhere is refused before anything is sent.
    let e = c
        .orders_changed(range, Some(&PageCursor("nonsense".into())))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Rejected { .. }), "{e:?}");
}

#[tokio::test]
async fn shopee_sim_enforces_the_window_and_page_size() {
    let sim = start().await;
    let token = sim.shopee_authorize().access_token;
    let now = Utc::now().timestamp();
    let base = |from: i64, size: u32| {
        vec![
            ("time_range_field", "update_time".to_string()),
            ("time_from", from.to_string()),
            ("time_to", now.to_string()),
            ("page_size", size.to_string()),
        ]
    };
    let v = raw_shop_get(
        &sim,
        "/api/v2/order/get_order_list",
        token.expose(),
        &base(now - 16 * 86_400, 100),
    )
    .await;
    assert_eq!(v["error"], "order.order_list_invalid_time");
    assert_eq!(
        v["message"],
        "Start time must be earlier than end time and diff in 15days."
    );
    let v = raw_shop_get(
        &sim,
        "/api/v2/order/get_order_list",
        token.expose(),
        &base(now - 86_400, 101),
    )
    .await;
    assert_eq!(v["error"], "error_param");
    let v = raw_shop_get(
        &sim,
        "/api/v2/order/get_order_list",
        token.expose(),
        &base(now - 15 * 86_400, 100),
    )
    .await;
    assert_eq!(v["error"], "", "{v}");
    assert!(v["response"]["order_list"].is_array());
    // An unknown token is Shopee's own (misspelt) error.
    let v = raw_shop_get(
        &sim,
        "/api/v2/order/get_order_list",
        "0000",
        &base(now - 60, 10),
    )
    .await;
    assert_eq!(v["error"], "invalid_acceess_token");
}

#[tokio::test]
async fn shopee_order_details_in_batches_of_50() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    let (mut ids, _) = sync_all(&c, last_days(50)).await;
    ids.truncate(120);
    ids.push("NOSUCHORDER01".into());
    let orders = c.order_details(&ids).await.unwrap();
    assert_eq!(orders.len(), 120, "unknown ids are left out");
    for o in &orders {
        assert_eq!(o.channel, ChannelKind::Shopee);
        assert_ne!(o.status, ChannelStatus::Unknown, "{}", o.channel_status);
        assert_eq!(ChannelStatus::from_shopee(&o.channel_status), o.status);
        assert_eq!(o.currency, "VND");
        assert!(!o.lines.is_empty());
        assert!(o.lines.iter().all(|l| l.qty > 0 && !l.sku.is_empty()));
        let t = &o.totals;
        assert_eq!(
            t.subtotal - t.discount + t.shipping_fee,
            t.total,
            "{}",
            o.external_id
        );
        assert!(t.discount >= Decimal::ZERO && t.shipping_fee >= Decimal::ZERO);
        assert!(!o.buyer.name.is_empty() && !o.buyer.phone.is_empty());
        assert!(!o.buyer.username.is_empty());
        assert!(!o.address.province.is_empty() && !o.address.district.is_empty());
        assert!(o.updated_at >= o.created_at);
    }
    let some_discount = orders.iter().any(|o| o.totals.discount > Decimal::ZERO);
    let some_cod = orders.iter().any(|o| o.cod);
    assert!(some_discount && some_cod);
    // Model lines carry the model's SKU and its option in the name.
    let model_line = orders
        .iter()
        .flat_map(|o| o.lines.iter())
        .find(|l| l.name.contains('('))
        .expect("some line is a model");
    assert!(model_line.sku.matches('-').count() == 2, "{model_line:?}");
}

// ---------------------------------------------------------------------------------
// Shopee: faults

#[tokio::test]
async fn shopee_429_back_off_is_honoured() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        retry_after_secs: 1,
        rate_limit: Trigger::next(2),
        ..FaultSpec::default()
    });
    let t0 = Instant::now();
    c.orders_changed(last_days(1), None).await.unwrap();
    let waited = t0.elapsed();
    assert!(waited >= Duration::from_secs(2), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(sim.faults().get().rate_limit.next, 0, "both 429s were met");

    // Without waiting allowed, the caller gets the platform's wait.
    let impatient = c.clone().with_retry(RetryPolicy::NEVER);
    sim.faults().update(|f| f.rate_limit = Trigger::next(1));
    match impatient.orders_changed(last_days(1), None).await {
        Err(ChannelError::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Duration::from_secs(1))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    // A wait longer than the policy allows is handed back at once.
    let short = c.clone().with_retry(RetryPolicy {
        max_retries: 5,
        max_wait: Duration::from_millis(500),
    });
    sim.faults().update(|f| f.rate_limit = Trigger::next(1));
    let t0 = Instant::now();
    let e = short.orders_changed(last_days(1), None).await.unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");
    assert!(t0.elapsed() < Duration::from_millis(900));
    assert!(e.is_transient() && !e.outcome_unknown());
    // Only Shopee calls were limited: carriers and other channels are untouched.
    sim.faults().clear();
}

#[tokio::test]
async fn shopee_server_trouble_is_transport_and_outcome_unknown() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    sim.faults().update(|f| f.http_503 = Trigger::next(1));
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    assert!(matches!(e, ChannelError::Transport { .. }), "{e:?}");
    assert!(e.outcome_unknown() && e.is_transient());
    sim.faults().update(|f| f.malformed = Trigger::next(1));
    let e = c.orders_changed(last_days(1), None).await.unwrap_err();
    assert!(matches!(e, ChannelError::Malformed { .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------
// Shopee: listings, stock, new listings

async fn all_listings(c: &impl SalesChannel) -> Vec<orderdeck_integrations::marketplace::Listing> {
    let mut out = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = c.listings(cursor.as_ref()).await.unwrap();
        out.extend(page.listings);
        match page.next {
            Some(n) => cursor = Some(n),
            None => return out,
        }
    }
}

#[tokio::test]
async fn shopee_listings_with_models_match_our_skus() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    let listings = all_listings(&c).await;
    // 60 items, one banned (not read); 20 of them have 3 models each.
    assert_eq!(listings.len(), 39 + 20 * 3);
    let items: HashSet<&str> = listings.iter().map(|l| l.item_id.as_str()).collect();
    assert_eq!(items.len(), 59);
    let models: Vec<_> = listings.iter().filter(|l| l.sku_id != "0").collect();
    assert_eq!(models.len(), 60);
    assert!(
        models
            .iter()
            .all(|l| l.name.contains('(') && l.price.is_some())
    );
    assert!(listings.iter().all(|l| l.stock.is_some()));
    assert!(listings.iter().any(|l| l.status == "UNLIST"));

    // Our variants: every seeded SKU but one, plus one the shop does not list.
    let mut ours: Vec<String> = listings
        .iter()
        .map(|l| l.sku.clone())
        .filter(|s| !s.is_empty() && !s.starts_with("SHP-"))
        .collect();
    let dropped = ours.pop().unwrap();
    ours.push("TT-999-1".into());
    let m = match_listings(&listings, &ours);
    assert_eq!(m.matched.len(), listings.len() - 3);
    let unmatched: HashSet<&str> = m.unmatched.iter().map(|l| l.sku.as_str()).collect();
    assert_eq!(
        unmatched,
        HashSet::from(["", "SHP-ONLY-56", dropped.as_str()])
    );
    assert_eq!(m.not_listed, vec!["TT-999-1".to_string()]);
}

#[tokio::test]
async fn shopee_push_stock_per_item_and_per_model() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    let listings = all_listings(&c).await;
    let plain = listings.iter().find(|l| l.sku_id == "0").unwrap();
    let models: Vec<_> = listings
        .iter()
        .filter(|l| {
            l.sku_id != "0"
                && l.item_id == listings.iter().find(|x| x.sku_id != "0").unwrap().item_id
        })
        .collect();
    assert_eq!(models.len(), 3);
    let push = |l: &orderdeck_integrations::marketplace::Listing, qty: u32| StockPush {
        item_id: l.item_id.clone(),
        sku_id: l.sku_id.clone(),
        sku: l.sku.clone(),
        qty,
    };
    let pushes = vec![
        push(models[0], 7),
        push(plain, 0),
        push(models[2], 42),
        StockPush {
            item_id: models[0].item_id.clone(),
            sku_id: "123".into(),
            sku: "GHOST".into(),
            qty: 1,
        },
        StockPush {
            item_id: "not-a-number".into(),
            sku_id: "0".into(),
            sku: "BAD".into(),
            qty: 1,
        },
        StockPush {
            item_id: "999999999".into(),
            sku_id: "0".into(),
            sku: "GONE".into(),
            qty: 1,
        },
    ];
    let results = c.push_stock(&pushes).await.unwrap();
    assert_eq!(results.len(), pushes.len());
    assert_eq!(results[0].outcome, Ok(7));
    assert_eq!(results[1].outcome, Ok(0));
    assert_eq!(results[2].outcome, Ok(42));
    assert!(
        results[3]
            .outcome
            .as_ref()
            .unwrap_err()
            .contains("model_id"),
        "{results:?}"
    );
    assert!(
        results[4]
            .outcome
            .as_ref()
            .unwrap_err()
            .contains("not sent")
    );
    assert!(
        results[5]
            .outcome
            .as_ref()
            .unwrap_err()
            .contains("not found"),
        "{results:?}"
    );
    let id = |s: &str| s.parse::<i64>().unwrap();
    assert_eq!(
        sim.shopee_stock(id(&models[0].item_id), id(&models[0].sku_id)),
        Some(7)
    );
    assert_eq!(sim.shopee_stock(id(&plain.item_id), 0), Some(0));
    assert_eq!(
        sim.shopee_stock(id(&models[2].item_id), id(&models[2].sku_id)),
        Some(42)
    );
    // The untouched model kept its stock.
    assert_eq!(
        sim.shopee_stock(id(&models[1].item_id), id(&models[1].sku_id)),
        models[1].stock
    );
}

fn new_listing(sku: &str) -> NewListing {
    NewListing {
        sku: sku.into(),
        name: "Áo khoác gió nữ".into(),
        description: "Áo khoác gió hai lớp, chống nước nhẹ.".into(),
        price: dec!(259000),
        stock: 25,
        weight_grams: 450,
        length_cm: 30,
        width_cm: 25,
        height_cm: 4,
        category_id: "100017".into(),
        images: vec!["sg-11134201-7rbk0-lzabc123".into()],
        brand: Some("No brand".into()),
    }
}

#[tokio::test]
async fn shopee_create_listing_then_find_it_by_sku() {
    let sim = start().await;
    let (c, _) = shopee(&sim);
    let created = c.create_listing(&new_listing("AK-001-1")).await.unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].sku, "AK-001-1");
    let sent = sim.shopee_add_item_request("AK-001-1").unwrap();
    assert_eq!(sent["original_price"], 259000);
    assert_eq!(sent["weight"], 0.45);
    assert_eq!(sent["category_id"], 100017);
    assert_eq!(sent["seller_stock"][0]["stock"], 25);
    assert_eq!(sent["dimension"]["package_length"], 30);
    assert!(sent["logistic_info"][0]["enabled"].as_bool().unwrap());

    let found = c.find_listing("AK-001-1").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].item_id, created[0].item_id);
    assert_eq!(found[0].stock, Some(25));
    assert!(c.find_listing("AK-404-1").await.unwrap().is_empty());

    // What Shopee would refuse is not sent.
    let mut bad = new_listing("AK-002-1");
    bad.images.clear();
    let e = c.create_listing(&bad).await.unwrap_err();
    assert!(e.to_string().contains("not sent"), "{e}");
    let mut cfg = sim.shopee_config();
    cfg.logistic_ids.clear();
    let (no_logistics, _) = shopee_with(&sim, cfg, Some(sim.shopee_authorize()));
    let e = no_logistics
        .create_listing(&new_listing("AK-003-1"))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::NotConfigured { .. }), "{e:?}");
}

#[tokio::test]
async fn shopee_create_listing_reply_lost_then_found_not_duplicated() {
    let sim = start().await;
    let cfg = sim.shopee_config();
    let (keeper, _) = keeper(Some(sim.shopee_authorize()));
    let c = ShopeeClient::with_timeout(&cfg, keeper, Duration::from_millis(400)).unwrap();
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let items_before = sim.shopee_item_count();
    let e = c
        .create_listing(&new_listing("AK-010-1"))
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    let found = c.find_listing("AK-010-1").await.unwrap();
    assert_eq!(found.len(), 1, "the lost create happened once");
    assert_eq!(sim.shopee_item_count(), items_before + 1);
}

// ---------------------------------------------------------------------------------
// Shopee: pushes

#[tokio::test]
async fn shopee_push_signature_checked() {
    let sim = start().await;
    let url = "https://shop.example.vn/hooks/shopee";
    let mut cfg = sim.shopee_config();
    cfg.push_url = Some(url.into());
    let (c, _) = shopee_with(&sim, cfg, Some(sim.shopee_authorize()));
    let sn = sim.shopee_orders_updated(0, i64::MAX).pop().unwrap();
    assert!(sim.shopee_set_order_status(&sn, "SHIPPED"));
    let (auth, body) = sim.shopee_push(url, &sn).unwrap();

    match c.verify_push(&body, Some(&auth)).unwrap() {
        WebhookEvent::OrderStatus {
            external_id,
            status,
            channel_status,
            updated_at,
        } => {
            assert_eq!(external_id, sn);
            assert_eq!(status, ChannelStatus::Shipped);
            assert_eq!(channel_status, "SHIPPED");
            assert!(updated_at.is_some());
        }
        other => panic!("{other:?}"),
    }
    // Altered body, another URL's signature, a missing header: refused.
    let mut altered = body.clone();
    let at = altered.iter().position(|b| *b == b'S').unwrap();
    altered[at] = b'X';
    expect_auth(
        c.verify_push(&altered, Some(&auth)).unwrap_err(),
        "signature",
    );
    let (other_auth, _) = sim
        .shopee_push("https://elsewhere.example/hook", &sn)
        .unwrap();
    expect_auth(
        c.verify_push(&body, Some(&other_auth)).unwrap_err(),
        "signature",
    );
    expect_auth(c.verify_push(&body, None).unwrap_err(), "signature");
    expect_auth(
        c.verify_push(&body, Some("SHA256 abc")).unwrap_err(),
        "signature",
    );
    // Without the registered URL nothing can be checked.
    let (no_url, _) = shopee(&sim);
    let e = no_url.verify_push(&body, Some(&auth)).unwrap_err();
    assert!(matches!(e, ChannelError::NotConfigured { .. }), "{e:?}");
}
