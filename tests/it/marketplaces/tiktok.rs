//! TikTok Shop against the simulator: signing, tokens, orders, listings and stock.

use super::*;

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
        back.starts_with(orderdeck_integrations::marketplace::DEFAULT_REDIRECT),
        "{back}"
    );
    // The console takes the whole address as pasted.
    let code = orderdeck_integrations::marketplace::consent_code(&back).unwrap();
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
    let push = |l: &orderdeck_integrations::marketplace::Listing, qty| StockPush {
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

/// A stock push names every warehouse the SKU is assigned to (the platform refuses an
/// update that leaves one out): the whole quantity on the configured warehouse (else the
/// first), 0 on the others. A deactivated product is not pushed to, and says why.
#[tokio::test]
async fn tiktok_stock_for_a_sku_in_two_warehouses_names_both() {
    let sim = start().await;
    let (c, _) = tiktok(&sim);
    let mut listings = Vec::new();
    let mut cursor = None;
    loop {
        let page = c.listings(cursor.as_ref()).await.unwrap();
        listings.extend(page.listings);
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    let two: Vec<_> = listings
        .iter()
        .filter(|l| l.status == "ACTIVATE" && sim.tiktok_warehouses(&l.sku).len() == 2)
        .collect();
    assert!(!two.is_empty(), "the shop has SKUs in two warehouses");
    let pushes: Vec<StockPush> = two
        .iter()
        .map(|l| StockPush {
            item_id: l.item_id.clone(),
            sku_id: l.sku_id.clone(),
            sku: l.sku.clone(),
            qty: 7,
        })
        .collect();
    let r = c.push_stock(&pushes).await.unwrap();
    for (res, l) in r.iter().zip(&two) {
        assert_eq!(res.outcome, Ok(7), "{}", l.sku);
        // No warehouse configured: the first one listed takes it all.
        let (_, first) = sim.tiktok_shop();
        let stock = sim.tiktok_warehouses(&l.sku);
        assert!(stock.contains(&(first.to_string(), 7)), "{stock:?}");
        assert_eq!(
            stock.iter().filter(|(_, q)| *q == 0).count(),
            1,
            "{stock:?}"
        );
    }
}
