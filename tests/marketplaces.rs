//! The real marketplace adapters against the loopback simulator: every call, signing
//! checks, tokens that expire mid-sync, pagination limits, 429 back-off and webhook
//! signatures. No database needed.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use orderdeck::integrations::marketplace::lazada::{LazadaClient, LazadaConfig};
use orderdeck::integrations::marketplace::shopee::{ShopeeClient, ShopeeConfig};
use orderdeck::integrations::marketplace::signing::{self, ShopeeScope};
use orderdeck::integrations::marketplace::tiktok::{TikTokClient, TikTokConfig};
use orderdeck::integrations::marketplace::{
    ChannelError, ChannelKind, ChannelStatus, MemoryTokenStore, NewListing, PageCursor,
    RetryPolicy, SalesChannel, StockPush, TimeRange, TokenKeeper, TokenPair, WebhookEvent,
    match_listings,
};
use orderdeck::integrations::sim::{self, FaultSpec, SimHandle, SimOptions, Trigger};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

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

async fn all_listings(c: &impl SalesChannel) -> Vec<orderdeck::integrations::marketplace::Listing> {
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
    let push = |l: &orderdeck::integrations::marketplace::Listing, qty: u32| StockPush {
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

// ---------------------------------------------------------------------------------
// Lazada

fn lazada_with(
    cfg: LazadaConfig,
    pair: Option<TokenPair>,
) -> (LazadaClient, Arc<MemoryTokenStore>) {
    let store = MemoryTokenStore::new();
    let keeper = TokenKeeper::new(ChannelKind::Lazada, "200167512", pair, store.clone());
    let client = LazadaClient::with_timeout(&cfg, keeper, Duration::from_secs(5)).unwrap();
    (client, store)
}

fn lazada(sim: &SimHandle) -> (LazadaClient, Arc<MemoryTokenStore>) {
    lazada_with(sim.lazada_config(), Some(sim.lazada_authorize()))
}

#[tokio::test]
async fn lazada_wrong_secret_gets_incomplete_signature() {
    let sim = start().await;
    let mut cfg = sim.lazada_config();
    cfg.app_secret = "not-the-secret".into();
    let (c, _) = lazada_with(cfg, Some(sim.lazada_authorize()));
    expect_auth(
        c.orders_changed(last_days(1), None).await.unwrap_err(),
        "IncompleteSignature",
    );
    expect_auth(
        c.exchange_code(&sim.lazada_auth_code()).await.unwrap_err(),
        "IncompleteSignature",
    );
}

#[tokio::test]
async fn lazada_code_exchange_and_refresh_on_the_auth_host() {
    let sim = start().await;
    let (c, store) = lazada_with(sim.lazada_config(), None);
    let link = c.auth_link("https://shop.example.vn/lazada/callback", "s1");
    assert!(
        link.contains("/oauth/authorize?response_type=code&force_auth=true"),
        "{link}"
    );
    assert!(link.contains("client_id=120735"), "{link}");

    // The consent page hands back a code (and our state).
    let back = reqwest::Url::parse(&consent_lands_on(&link).await).unwrap();
    let params: std::collections::HashMap<_, _> = back.query_pairs().into_owned().collect();
    assert_eq!(params["state"], "s1");
    let code = params["code"].clone();
    let first = c.exchange_code(&code).await.unwrap();
    assert_eq!(store.saved(), vec![first.clone()]);
    expect_auth(c.exchange_code(&code).await.unwrap_err(), "InvalidCode");
    c.orders_changed(last_days(2), None).await.unwrap();

    let second = c.refresh_tokens().await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(store.latest(), Some(second.clone()));
    assert_eq!(sim.channel_refresh_count(ChannelKind::Lazada), 1);
    // The refresh lifetime does not reset.
    let (a, b) = (
        first.refresh_expires_at.unwrap(),
        second.refresh_expires_at.unwrap(),
    );
    assert!((a - b).num_seconds().abs() <= 2, "{a} vs {b}");
    let (stale, _) = lazada_with(sim.lazada_config(), Some(first));
    expect_auth(
        stale.refresh_tokens().await.unwrap_err(),
        "IllegalRefreshToken",
    );
}

#[tokio::test]
async fn lazada_token_expiry_in_the_middle_of_a_sync() {
    let sim = start().await;
    let (c, store) = lazada(&sim);
    let range = last_days(65);
    let page1 = c.orders_changed(range, None).await.unwrap();
    let mut ids: Vec<String> = page1.orders.iter().map(|o| o.external_id.clone()).collect();
    let mut cursor = page1.next;
    sim.expire_channel_tokens(ChannelKind::Lazada);
    while let Some(next) = cursor {
        let page = c.orders_changed(range, Some(&next)).await.unwrap();
        ids.extend(page.orders.into_iter().map(|o| o.external_id));
        cursor = page.next;
    }
    assert_eq!(sim.channel_refresh_count(ChannelKind::Lazada), 1);
    assert_eq!(store.saved().len(), 1);
    let expected: HashSet<String> = sim
        .lazada_orders_updated(range.from.timestamp(), range.to.timestamp())
        .into_iter()
        .collect();
    assert_eq!(expected.len(), sim.lazada_order_count());
    let got: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(got.len(), ids.len(), "no order twice");
    assert_eq!(got, expected);
}

#[tokio::test]
async fn lazada_sync_goes_past_the_5000_offset_cap() {
    let sim = start().await;
    let (c, _) = lazada(&sim);
    // 5,400 orders in the last minute, 200 to a second.
    sim.lazada_add_orders(5_400, Utc::now() - chrono::Duration::seconds(5));
    let range = last_days(65);
    let (ids, pages) = sync_all(&c, range).await;
    let expected: HashSet<String> = sim
        .lazada_orders_updated(range.from.timestamp(), range.to.timestamp())
        .into_iter()
        .collect();
    assert_eq!(expected.len(), 5_700);
    let got: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(got.len(), ids.len(), "no order twice");
    assert_eq!(got, expected);
    assert!(pages >= 57, "{pages} pages");
}

#[tokio::test]
async fn lazada_order_details_group_units_and_read_item_statuses() {
    let sim = start().await;
    let (c, _) = lazada(&sim);
    let (ids, _) = sync_all(&c, last_days(65)).await;
    let mut wanted: Vec<String> = ids.into_iter().take(70).collect();
    wanted.push("999".into());
    let orders = c.order_details(&wanted).await.unwrap();
    assert_eq!(orders.len(), 70, "unknown ids are left out");
    for o in &orders {
        assert_eq!(o.channel, ChannelKind::Lazada);
        assert!(!o.lines.is_empty());
        let t = &o.totals;
        assert_eq!(
            t.subtotal - t.discount + t.shipping_fee,
            t.total,
            "{}",
            o.external_id
        );
        let goods: Decimal = o
            .lines
            .iter()
            .map(|l| l.unit_price * Decimal::from(l.qty))
            .sum();
        assert_eq!(goods, t.subtotal, "{}", o.external_id);
        let line_discount: Decimal = o.lines.iter().map(|l| l.discount).sum();
        assert_eq!(line_discount, t.discount, "{}", o.external_id);
        assert!(!o.address.province.is_empty() && !o.address.ward.is_empty());
        assert!(!o.buyer.name.is_empty() && !o.buyer.phone.is_empty());
        let item_statuses: Vec<ChannelStatus> = o
            .lines
            .iter()
            .flat_map(|l| l.channel_status.split(','))
            .map(ChannelStatus::from_lazada_item)
            .collect();
        assert_eq!(ChannelStatus::lazada_order(&item_statuses), o.status);
    }
    assert!(
        orders.iter().any(|o| o.lines.iter().any(|l| l.qty > 1)),
        "units grouped"
    );
    assert!(orders.iter().any(|o| o.cod) && orders.iter().any(|o| !o.cod));

    // One item cancelled, the rest shipped: the order is shipped; all cancelled:
    // cancelled; one delivery failed: a person looks.
    let multi = orders
        .iter()
        .find(|o| o.lines.iter().map(|l| l.qty).sum::<i32>() >= 2)
        .unwrap();
    let id: i64 = multi.external_id.parse().unwrap();
    let units = multi.lines.iter().map(|l| l.qty).sum::<i32>() as usize;
    for i in 0..units {
        assert!(sim.lazada_set_item_status(id, i, "shipped"));
    }
    assert!(sim.lazada_set_item_status(id, 0, "canceled"));
    let o = &c
        .order_details(std::slice::from_ref(&multi.external_id))
        .await
        .unwrap()[0];
    assert_eq!(o.status, ChannelStatus::Shipped, "{}", o.channel_status);
    assert!(o.channel_status.contains("canceled") && o.channel_status.contains("shipped"));
    assert!(sim.lazada_set_item_status(id, 1, "failed_delivery"));
    let o = &c
        .order_details(std::slice::from_ref(&multi.external_id))
        .await
        .unwrap()[0];
    assert_eq!(o.status, ChannelStatus::DeliveryFailed);
    for i in 0..units {
        assert!(sim.lazada_set_item_status(id, i, "canceled"));
    }
    let o = &c
        .order_details(std::slice::from_ref(&multi.external_id))
        .await
        .unwrap()[0];
    assert_eq!(o.status, ChannelStatus::Cancelled);
}

#[tokio::test]
async fn lazada_429_back_off_is_honoured() {
    let sim = start().await;
    let (c, _) = lazada(&sim);
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Lazada),
        retry_after_secs: 1,
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    });
    let t0 = Instant::now();
    c.orders_changed(last_days(1), None).await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(1));
    // Shopee was not limited by a Lazada fault.
    sim.faults().update(|f| f.rate_limit = Trigger::always());
    let (shopee_client, _) = shopee(&sim);
    shopee_client
        .orders_changed(last_days(1), None)
        .await
        .unwrap();
    let e = c
        .clone()
        .with_retry(RetryPolicy::NEVER)
        .orders_changed(last_days(1), None)
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");
    sim.faults().clear();
}

#[tokio::test]
async fn lazada_listings_stock_and_new_listing() {
    let sim = start().await;
    let (c, _) = lazada(&sim);
    let listings = all_listings(&c).await;
    assert_eq!(listings.len(), 50, "40 products, 10 with two SKUs");
    assert!(
        listings
            .iter()
            .all(|l| l.price.is_some() && l.stock.is_some())
    );
    let ours: Vec<String> = listings
        .iter()
        .map(|l| l.sku.clone())
        .filter(|s| !s.starts_with("LZD-"))
        .collect();
    let m = match_listings(&listings, &ours);
    assert_eq!(m.matched.len(), 48);
    assert_eq!(m.unmatched.len(), 2);
    assert!(
        m.unmatched
            .iter()
            .all(|l| l.sku.starts_with("LZD-ONLY-40-"))
    );

    let a = &listings[0];
    let b = &listings[5];
    let found = c.find_listing(&b.sku).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sku_id, b.sku_id);

    let push = |l: &orderdeck::integrations::marketplace::Listing, qty| StockPush {
        item_id: l.item_id.clone(),
        sku_id: l.sku_id.clone(),
        sku: l.sku.clone(),
        qty,
    };
    let mut pushes = vec![push(a, 3), push(b, 0)];
    pushes.push(StockPush {
        item_id: "1".into(),
        sku_id: "1".into(),
        sku: "NOPE-1".into(),
        qty: 4,
    });
    // More than one call's worth (20 per call).
    for l in listings.iter().skip(10).take(25) {
        pushes.push(push(l, 9));
    }
    let results = c.push_stock(&pushes).await.unwrap();
    assert_eq!(results.len(), pushes.len());
    assert_eq!(results[0].outcome, Ok(3));
    assert_eq!(results[1].outcome, Ok(0));
    assert!(
        results[2]
            .outcome
            .as_ref()
            .unwrap_err()
            .contains("not found"),
        "{results:?}"
    );
    assert!(results[3..].iter().all(|r| r.outcome == Ok(9)));
    assert_eq!(sim.lazada_stock(&a.sku), Some(3));
    assert_eq!(sim.lazada_stock(&b.sku), Some(0));
    assert_eq!(sim.lazada_stock(&listings[20].sku), Some(9));

    let mut p = new_listing("AK-<&>-1");
    p.images = vec!["https://cdn.example.vn/ak.jpg".into()];
    p.category_id = "10002".into();
    let created = c.create_listing(&p).await.unwrap();
    assert!(!created[0].item_id.is_empty() && !created[0].sku_id.is_empty());
    let sent = sim.lazada_create_request("AK-<&>-1").unwrap();
    assert!(
        sent.contains("<SellerSku>AK-&lt;&amp;&gt;-1</SellerSku>"),
        "{sent}"
    );
    assert!(
        sent.contains("<package_weight>0.45</package_weight>"),
        "{sent}"
    );
    let found = c.find_listing("AK-<&>-1").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].item_id, created[0].item_id);
}

#[tokio::test]
async fn lazada_push_signature_checked() {
    let sim = start().await;
    let (c, _) = lazada(&sim);
    let id = sim.lazada_orders_updated(0, i64::MAX).pop().unwrap();
    let (auth, body) = sim.lazada_push(id.parse().unwrap()).unwrap();
    match c.verify_push(&body, Some(&auth)).unwrap() {
        WebhookEvent::OrderStatus { external_id, .. } => assert_eq!(external_id, id),
        other => panic!("{other:?}"),
    }
    let mut altered = body.clone();
    altered.push(b' ');
    expect_auth(
        c.verify_push(&altered, Some(&auth)).unwrap_err(),
        "signature",
    );
    expect_auth(c.verify_push(&body, None).unwrap_err(), "signature");
    let mut cfg = sim.lazada_config();
    cfg.app_secret = "other".into();
    let (other, _) = lazada_with(cfg, None);
    expect_auth(
        other.verify_push(&body, Some(&auth)).unwrap_err(),
        "signature",
    );
}

// ---------------------------------------------------------------------------------
// TikTok Shop

fn tiktok_with(
    cfg: TikTokConfig,
    pair: Option<TokenPair>,
) -> (TikTokClient, Arc<MemoryTokenStore>) {
    let store = MemoryTokenStore::new();
    let keeper = TokenKeeper::new(
        ChannelKind::TikTok,
        "7494726673780148744",
        pair,
        store.clone(),
    );
    let client = TikTokClient::with_timeout(&cfg, keeper, Duration::from_secs(5)).unwrap();
    (client, store)
}

fn tiktok(sim: &SimHandle) -> (TikTokClient, Arc<MemoryTokenStore>) {
    tiktok_with(sim.tiktok_config(), Some(sim.tiktok_authorize()))
}

#[tokio::test]
async fn tiktok_wrong_secret_gets_invalid_sign() {
    let sim = start().await;
    let mut cfg = sim.tiktok_config();
    cfg.app_secret = "not-the-secret".into();
    let (c, _) = tiktok_with(cfg, Some(sim.tiktok_authorize()));
    expect_auth(c.authorized_shops().await.unwrap_err(), "106001");
    // With the right secret the shop (and its cipher) is found.
    let (c, _) = tiktok(&sim);
    let shops = c.authorized_shops().await.unwrap();
    assert_eq!(shops.len(), 1);
    assert_eq!(shops[0].cipher, sim.tiktok_shop().0);
}

#[tokio::test]
async fn tiktok_sim_checks_the_body_bytes_and_the_cipher() {
    let sim = start().await;
    let cfg = sim.tiktok_config();
    let token = sim.tiktok_authorize().access_token;
    let path = "/order/202309/orders/search";
    let ts = Utc::now().timestamp().to_string();
    let body = r#"{"update_time_ge":0}"#;
    let query = |cipher: bool| {
        let mut q = vec![
            ("app_key", cfg.app_key.clone()),
            ("timestamp", ts.clone()),
            ("page_size", "10".to_string()),
        ];
        if cipher {
            q.push(("shop_cipher", sim.tiktok_shop().0.to_string()));
        }
        q
    };
    let send =
        |q: Vec<(&'static str, String)>, sent_body: &'static str, signed_body: &'static str| {
            let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let sign = signing::tiktok_sign(&cfg.app_secret, path, &pairs, Some(signed_body));
            let mut q = q.clone();
            q.push(("sign", sign));
            reqwest::Client::new()
                .post(format!("{}{path}", cfg.base_url))
                .query(&q)
                .header("x-tts-access-token", token.expose())
                .header("content-type", "application/json")
                .body(sent_body)
        };
    let v: Value = send(query(true), body, body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 0, "{v}");
    // The same JSON with other whitespace is another sign.
    let v: Value = send(query(true), r#"{"update_time_ge": 0}"#, body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 106001, "{v}");
    let v: Value = send(query(false), body, body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 106013, "{v}");
}

#[tokio::test]
async fn tiktok_partner_center_link_comes_back_with_a_code_that_works() {
    let sim = start().await;
    let (c, store) = tiktok_with(sim.tiktok_config(), None);
    let link = c.auth_link("tiktok").unwrap();
    assert!(link.contains("/open/authorize?service_id="), "{link}");
    assert!(link.ends_with("state=tiktok"), "{link}");
    let back = consent_lands_on(&link).await;
    assert!(
        back.starts_with(orderdeck::integrations::marketplace::DEFAULT_REDIRECT),
        "{back}"
    );
    // The console takes the whole address as pasted.
    let code = orderdeck::integrations::marketplace::consent_code(&back).unwrap();
    let pair = c.exchange_code(&code).await.unwrap();
    assert_eq!(store.latest(), Some(pair));
    // Without the link in the config there is none to offer, and a bad one is refused.
    let mut cfg = sim.tiktok_config();
    cfg.authorize_url = None;
    let (plain, _) = tiktok_with(cfg.clone(), None);
    assert_eq!(plain.auth_link("tiktok"), None);
    cfg.authorize_url = Some("not a link".into());
    let keeper = TokenKeeper::new(ChannelKind::TikTok, "tiktok", None, MemoryTokenStore::new());
    let e = TikTokClient::new(&cfg, keeper).unwrap_err();
    assert!(e.to_string().contains("authorize_url"), "{e}");
}

#[tokio::test]
async fn tiktok_code_exchange_and_refresh_with_absolute_expiries() {
    let sim = start().await;
    let (c, store) = tiktok_with(sim.tiktok_config(), None);
    // As `orderdeck sim` users get one.
    let v: Value = reqwest::get(format!("http://{}/_sim/auth_code/tiktok", sim.addr))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = v["code"].as_str().unwrap().to_string();
    let first = c.exchange_code(&code).await.unwrap();
    assert_eq!(store.saved(), vec![first.clone()]);
    let days = (first.access_expires_at - Utc::now()).num_hours();
    assert!(
        (167..=168).contains(&days),
        "access lives 7 days, got {days} h"
    );
    assert!(first.refresh_expires_at.unwrap() > Utc::now() + chrono::Duration::days(300));
    expect_auth(c.exchange_code(&code).await.unwrap_err(), "105003");
    let second = c.refresh_tokens().await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(store.latest(), Some(second));
    assert_eq!(sim.channel_refresh_count(ChannelKind::TikTok), 1);
    // A wrong app secret on the token host is a credentials problem.
    let mut cfg = sim.tiktok_config();
    cfg.app_secret = "nope".into();
    let (bad, _) = tiktok_with(cfg, None);
    expect_auth(
        bad.exchange_code(&sim.tiktok_auth_code())
            .await
            .unwrap_err(),
        "36009004",
    );
}

#[tokio::test]
async fn tiktok_token_expiry_in_the_middle_of_a_sync() {
    let sim = start().await;
    let (c, store) = tiktok(&sim);
    let range = last_days(50);
    let page1 = c.orders_changed(range, None).await.unwrap();
    assert_eq!(page1.orders.len(), 100);
    let mut ids: Vec<String> = page1.orders.iter().map(|o| o.external_id.clone()).collect();
    let mut cursor = page1.next;
    sim.expire_channel_tokens(ChannelKind::TikTok);
    while let Some(next) = cursor {
        let page = c.orders_changed(range, Some(&next)).await.unwrap();
        ids.extend(page.orders.into_iter().map(|o| o.external_id));
        cursor = page.next;
    }
    assert_eq!(sim.channel_refresh_count(ChannelKind::TikTok), 1);
    assert_eq!(store.saved().len(), 1);
    let expected: HashSet<String> = sim
        .tiktok_orders_updated(range.from.timestamp(), range.to.timestamp())
        .into_iter()
        .collect();
    assert_eq!(expected.len(), sim.tiktok_order_count());
    let got: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(got.len(), ids.len());
    assert_eq!(got, expected);
}

#[tokio::test]
async fn tiktok_order_details_map_and_group_units() {
    let sim = start().await;
    let (c, _) = tiktok(&sim);
    let (ids, _) = sync_all(&c, last_days(50)).await;
    let mut wanted: Vec<String> = ids.into_iter().take(80).collect();
    wanted.push("1".into());
    let orders = c.order_details(&wanted).await.unwrap();
    assert_eq!(orders.len(), 80);
    for o in &orders {
        assert_ne!(o.status, ChannelStatus::Unknown, "{}", o.channel_status);
        let t = &o.totals;
        assert_eq!(
            t.subtotal - t.discount + t.shipping_fee,
            t.total,
            "{}",
            o.external_id
        );
        assert!(t.discount >= Decimal::ZERO);
        if o.status != ChannelStatus::OnHold {
            assert!(!o.address.province.is_empty() && !o.address.ward.is_empty());
            assert!(!o.buyer.phone.is_empty());
        }
        assert!(o.lines.iter().all(|l| !l.sku.is_empty() && l.qty >= 1));
    }
    assert!(orders.iter().any(|o| o.lines.iter().any(|l| l.qty > 1)));
    assert!(orders.iter().any(|o| o.totals.discount > Decimal::ZERO));

    // A cancellation shows up in the next sync and in the webhook as CANCEL.
    let id = orders[0].external_id.clone();
    assert!(sim.tiktok_set_order_status(&id, "CANCELLED"));
    let o = &c.order_details(std::slice::from_ref(&id)).await.unwrap()[0];
    assert_eq!(o.status, ChannelStatus::Cancelled);
    let (auth, body) = sim.tiktok_webhook(&id).unwrap();
    assert!(String::from_utf8_lossy(&body).contains(r#""order_status":"CANCEL""#));
    match c.verify_webhook(&body, Some(&auth)).unwrap() {
        WebhookEvent::OrderStatus {
            external_id,
            status,
            ..
        } => {
            assert_eq!(external_id, id);
            assert_eq!(status, ChannelStatus::Cancelled);
        }
        other => panic!("{other:?}"),
    }
    let mut altered = body.clone();
    altered[2] = b'x';
    expect_auth(
        c.verify_webhook(&altered, Some(&auth)).unwrap_err(),
        "signature",
    );
    expect_auth(
        c.verify_webhook(&body, Some("00")).unwrap_err(),
        "signature",
    );
    expect_auth(c.verify_webhook(&body, None).unwrap_err(), "signature");
}

#[tokio::test]
async fn tiktok_429_back_off_is_honoured() {
    let sim = start().await;
    let (c, _) = tiktok(&sim);
    c.authorized_shops().await.unwrap();
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        retry_after_secs: 1,
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    });
    let t0 = Instant::now();
    c.orders_changed(last_days(1), None).await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(1));
    sim.faults().update(|f| f.rate_limit = Trigger::next(1));
    let e = c
        .clone()
        .with_retry(RetryPolicy::NEVER)
        .orders_changed(last_days(1), None)
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");
}

#[tokio::test]
async fn tiktok_listings_stock_and_new_listing() {
    let sim = start().await;
    let mut cfg = sim.tiktok_config();
    // A configured cipher is used as is (no shops lookup).
    cfg.shop_cipher = sim.tiktok_shop().0.into();
    let (c, _) = tiktok_with(cfg, Some(sim.tiktok_authorize()));
    let listings = all_listings(&c).await;
    assert_eq!(listings.len(), 40, "30 products, 10 with two SKUs");
    assert!(
        listings
            .iter()
            .all(|l| l.price.is_some() && l.stock.is_some())
    );
    let ours: Vec<String> = listings
        .iter()
        .map(|l| l.sku.clone())
        .filter(|s| !s.starts_with("TTS-"))
        .collect();
    let m = match_listings(&listings, &ours);
    assert_eq!(m.matched.len(), 38);
    assert_eq!(m.unmatched.len(), 2);

    let active: Vec<_> = listings.iter().filter(|l| l.status == "ACTIVATE").collect();
    let inactive = listings.iter().find(|l| l.status != "ACTIVATE").unwrap();
    let push = |l: &orderdeck::integrations::marketplace::Listing, qty| StockPush {
        item_id: l.item_id.clone(),
        sku_id: l.sku_id.clone(),
        sku: l.sku.clone(),
        qty,
    };
    let pushes = vec![
        push(active[0], 0),
        push(active[1], 12),
        push(inactive, 5),
        StockPush {
            item_id: active[1].item_id.clone(),
            sku_id: "42".into(),
            sku: "GHOST".into(),
            qty: 1,
        },
        push(active[2], 100_000),
    ];
    let r = c.push_stock(&pushes).await.unwrap();
    assert_eq!(r[0].outcome, Ok(0));
    assert_eq!(r[1].outcome, Ok(12));
    assert!(
        r[2].outcome.as_ref().unwrap_err().contains("ACTIVATE"),
        "{r:?}"
    );
    assert!(
        r[3].outcome
            .as_ref()
            .unwrap_err()
            .contains("does not belong"),
        "{r:?}"
    );
    assert!(
        r[4].outcome.as_ref().unwrap_err().contains("not sent"),
        "{r:?}"
    );
    assert_eq!(sim.tiktok_stock(&active[0].sku), Some(0));
    assert_eq!(sim.tiktok_stock(&active[1].sku), Some(12));

    let found = c.find_listing(&active[1].sku).await.unwrap();
    assert_eq!(found.len(), 1);
    let mut p = new_listing("AK-777-1");
    p.category_id = "600001".into();
    p.images = vec!["tos-maliva-i-o3syd03w52-us/abc".into()];
    let created = c.create_listing(&p).await.unwrap();
    assert!(!created[0].sku_id.is_empty());
    let sent = sim.tiktok_create_request("AK-777-1").unwrap();
    assert_eq!(sent["skus"][0]["price"]["amount"], "259000");
    assert_eq!(sent["package_weight"]["value"], "0.45");
    let found = c.find_listing("AK-777-1").await.unwrap();
    assert_eq!(found[0].item_id, created[0].item_id);
}
