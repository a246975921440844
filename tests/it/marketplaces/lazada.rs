//! Lazada against the simulator: signing, tokens, orders, listings and stock.

use super::*;

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
    let (one_by_one, batches) = (
        sim.calls_to("/rest/order/get"),
        sim.calls_to("/rest/orders/items/get"),
    );
    let orders = c.order_details(&wanted).await.unwrap();
    assert_eq!(orders.len(), 70, "unknown ids are left out");
    // The listing returned them whole: no `/order/get` per order (only the unknown id,
    // not listed, is asked for alone), and their items come 50 orders a call.
    assert_eq!(sim.calls_to("/rest/order/get") - one_by_one, 1);
    assert_eq!(sim.calls_to("/rest/orders/items/get") - batches, 2);
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

    let push = |l: &orderdeck_integrations::marketplace::Listing, qty| StockPush {
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
