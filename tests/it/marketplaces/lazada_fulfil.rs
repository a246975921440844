//! Lazada fulfilment against the simulator (reference A2.0–A2.9): GetShipmentProvider,
//! Pack then ReadyToShip, PrintAWB and its pdf_url, package tracking, buyers'
//! cancellation requests; every documented refusal the sim enforces, every fault, and
//! the exactly-once cases (a Pack or RTS carried out whose reply was lost).

use super::*;
use orderdeck_integrations::carrier::ShipmentStatus;
use orderdeck_integrations::marketplace::fulfil::{
    CancelDecision, Document, Fulfilment, Handover, PackageRef,
};

const PLATFORM: Handover = Handover::Platform { provider: None };

fn client_with_timeout(sim: &SimHandle, timeout: Duration) -> LazadaClient {
    let keeper = TokenKeeper::new(
        ChannelKind::Lazada,
        "200167512",
        Some(sim.lazada_authorize()),
        MemoryTokenStore::new(),
    );
    LazadaClient::with_timeout(&sim.lazada_config(), keeper, timeout).unwrap()
}

fn client(sim: &SimHandle) -> LazadaClient {
    client_with_timeout(sim, Duration::from_secs(5))
}

async fn start_at(speed: f64) -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            seed: 42,
            speed,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

/// Ready orders the platform delivers (the sim makes every 25th order, by id, a
/// seller-delivered one).
fn ready(sim: &SimHandle, n: usize) -> Vec<String> {
    let list: Vec<String> = sim
        .lazada_ready_orders()
        .into_iter()
        .filter(|id| id.parse::<i64>().unwrap() % 25 != 3)
        .collect();
    assert!(list.len() >= n, "only {} ready orders", list.len());
    list.into_iter().rev().take(n).collect()
}

fn own_fleet_order(sim: &SimHandle) -> String {
    // 25 new orders hold one whose id is a seller-delivered one.
    sim.lazada_add_orders_in(25, Utc::now() - chrono::Duration::seconds(30), "pending");
    sim.lazada_ready_orders()
        .into_iter()
        .find(|id| id.parse::<i64>().unwrap() % 25 == 3)
        .expect("a seller-delivered ready order")
}

fn pkg(id: &str) -> PackageRef {
    PackageRef::order(id)
}

fn expect_rejected<T: std::fmt::Debug>(r: Result<T, ChannelError>, want: &str) {
    match r {
        Err(ChannelError::Rejected { code, .. }) if code == want => {}
        other => panic!("expected a refusal {want}, got {other:?}"),
    }
}

/// A raw signed call to the simulated gateway, to see exactly what it refuses.
async fn raw(sim: &SimHandle, method: &str, path: &str, business: &[(&str, String)]) -> Value {
    let cfg = sim.lazada_config();
    let token = sim.lazada_authorize().access_token.expose().to_string();
    let mut all: Vec<(&str, String)> = vec![
        ("app_key", cfg.app_key.clone()),
        ("timestamp", Utc::now().timestamp_millis().to_string()),
        ("sign_method", "sha256".into()),
        ("access_token", token),
    ];
    all.extend(business.iter().cloned());
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sign = signing::lazada_sign(&cfg.app_secret, path, &pairs);
    all.push(("sign", sign));
    let url = format!("{}{path}", cfg.base_url);
    let http = reqwest::Client::new();
    let req = if method == "GET" {
        http.get(url).query(&all)
    } else {
        http.post(url).form(&all)
    };
    req.send().await.unwrap().json().await.unwrap()
}

/// `result.error_code` of a whole-call refusal.
fn result_code(v: &Value) -> String {
    assert_eq!(v["code"], "0", "{v}");
    assert_eq!(v["result"]["success"], false, "{v}");
    v["result"]["error_code"].as_str().unwrap_or("").to_string()
}

async fn raw_pack(sim: &SimHandle, pack_req: Value) -> Value {
    raw(
        sim,
        "POST",
        "/order/fulfill/pack",
        &[("packReq", pack_req.to_string())],
    )
    .await
}

/// The item ids of an order, as Lazada lists them.
async fn item_ids(sim: &SimHandle, order: &str) -> Vec<i64> {
    let v = raw(
        sim,
        "GET",
        "/order/items/get",
        &[("order_id", order.to_string())],
    )
    .await;
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["order_item_id"].as_i64().unwrap())
        .collect()
}

fn pack_req(orders: &[(i64, Vec<i64>)]) -> Value {
    json_pack(orders, "TFS", None)
}

fn json_pack(orders: &[(i64, Vec<i64>)], allocate: &str, provider: Option<&str>) -> Value {
    let mut v = serde_json::json!({
        "pack_order_list": orders
            .iter()
            .map(|(o, items)| serde_json::json!({ "order_id": o, "order_item_list": items }))
            .collect::<Vec<_>>(),
        "delivery_type": "dropship",
        "shipping_allocate_type": allocate,
    });
    if let Some(p) = provider {
        v["shipment_provider_code"] = Value::String(p.into());
    }
    v
}

// ---------------------------------------------------------------------------------
// The happy path, and what went over the wire

#[tokio::test]
async fn lazada_fulfil_options_then_pack_then_rts() {
    let sim = start().await;
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);

    let o = c.handover_options(&pkg(&order)).await.unwrap();
    assert_eq!(o.package.package_id, None, "no package before Pack");
    let pickup = o.pickup.expect("one pickup entry");
    assert_eq!(pickup.len(), 1);
    assert!(pickup[0].id.is_empty() && pickup[0].slots.is_empty());
    assert_eq!(o.dropoff, None);
    assert!(
        o.providers.is_empty(),
        "a local (TFS) shop: Lazada allocates"
    );
    assert!(!o.seller_ship);
    assert!(o.ship_by.is_some());

    let a = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    assert!(!a.already);
    let package = a.package.package_id.clone().unwrap();
    assert!(package.starts_with("FP"), "{package}");
    let tracking = a.tracking_number.clone().unwrap();
    assert!(tracking.starts_with("LEXVN"), "{tracking}");
    assert_eq!(a.carrier, "LEX VN");
    assert_eq!(
        sim.lazada_package_status(&order).as_deref(),
        Some("ready_to_ship")
    );
    assert_eq!(sim.lazada_arranged_count(&order), 1);
    assert!(!sim.lazada_ready_orders().contains(&order));

    // packReq travelled as one form field holding a JSON string.
    let packs = sim.requests_to("/rest/order/fulfill/pack");
    assert_eq!(packs.len(), 1);
    let sent: Value = serde_json::from_str(packs[0].body["packReq"].as_str().unwrap()).unwrap();
    assert_eq!(sent["delivery_type"], "dropship");
    assert_eq!(sent["shipping_allocate_type"], "TFS");
    assert!(
        sent.get("shipment_provider_code").is_none(),
        "omitted on TFS"
    );
    assert_eq!(
        sent["pack_order_list"][0]["order_id"].as_i64(),
        Some(order.parse().unwrap()),
        "order ids are JSON Numbers"
    );
    let rts = sim.requests_to("/rest/order/package/rts");
    assert_eq!(rts.len(), 1);
    let sent: Value =
        serde_json::from_str(rts[0].body["readyToShipReq"].as_str().unwrap()).unwrap();
    assert_eq!(sent["packages"][0]["package_id"], package.as_str());

    let found = c.find_arranged(&pkg(&order)).await.unwrap().unwrap();
    assert_eq!(found.package.package_id.as_deref(), Some(package.as_str()));
    assert!(found.already);
    assert_eq!(
        c.tracking_number(&pkg(&order)).await.unwrap(),
        Some(tracking)
    );
    // Not yet arranged: nothing found, no tracking number.
    let other = ready(&sim, 1).remove(0);
    assert_eq!(c.find_arranged(&pkg(&other)).await.unwrap(), None);
    assert_eq!(c.tracking_number(&pkg(&other)).await.unwrap(), None);
    // The AWB: one poll "not yet" by default, then the PDF.
    let docs = c.documents(std::slice::from_ref(&a.package)).await.unwrap();
    assert_eq!(docs[0].1, Ok(Document::Pending));
    let docs = c.documents(std::slice::from_ref(&a.package)).await.unwrap();
    assert!(
        matches!(&docs[0].1, Ok(Document::Ready { bytes, .. }) if bytes.starts_with(b"%PDF")),
        "{:?}",
        docs[0].1
    );
    // Arranging again asks Lazada nothing new.
    let again = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    assert!(again.already);
    assert_eq!(again.package, a.package);
    assert_eq!(sim.calls_to("/rest/order/fulfill/pack"), 1);
    assert_eq!(sim.lazada_arranged_count(&order), 1);
}

#[tokio::test]
async fn lazada_fulfil_order_fields_ship_by_masked_and_own_fleet() {
    let sim = start().await;
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);
    let own = own_fleet_order(&sim);
    assert!(sim.lazada_mask_buyer(&order));
    let got = c
        .order_details(&[order.clone(), own.clone()])
        .await
        .unwrap();
    let o = got.iter().find(|o| o.external_id == order).unwrap();
    assert!(o.buyer_masked, "{:?}", o.buyer);
    let ship_by = o.ship_by.expect("ship_by from sla_time_stamp");
    assert_eq!((ship_by - o.created_at).num_hours(), 48);
    assert!(!o.seller_shipping);
    let own_o = got.iter().find(|o| o.external_id == own).unwrap();
    assert!(own_o.seller_shipping);
    assert!(!own_o.buyer_masked);

    let opts = c.handover_options(&pkg(&own)).await.unwrap();
    assert!(opts.seller_ship);
    // Only an own-fleet order may be shipped by the seller.
    let ours = Handover::SellerShipped {
        provider: "ghn".into(),
        tracking_number: "GHN123".into(),
    };
    expect_rejected(c.arrange(&pkg(&order), &ours).await, "not_sent");
    assert_eq!(sim.calls_to("/rest/order/fulfill/pack"), 0);
    let a = c.arrange(&pkg(&own), &ours).await.unwrap();
    assert_eq!(
        sim.lazada_package_status(&own).as_deref(),
        Some("ready_to_ship")
    );
    // No AWB for seller-delivered orders (A2.4).
    let docs = c.documents(std::slice::from_ref(&a.package)).await.unwrap();
    expect_rejected(docs[0].1.clone(), "700040");
}

// ---------------------------------------------------------------------------------
// The simulator refuses what Lazada documents

#[tokio::test]
async fn lazada_fulfil_sim_refuses_bad_pack_requests() {
    let sim = start().await;
    let order = ready(&sim, 1).remove(0);
    let o: i64 = order.parse().unwrap();
    let items = item_ids(&sim, &order).await;

    let v = raw(&sim, "POST", "/order/fulfill/pack", &[]).await;
    assert_eq!(v["code"], "MissingParameter", "{v}");
    let v = raw(
        &sim,
        "POST",
        "/order/fulfill/pack",
        &[("packReq", "{not json".into())],
    )
    .await;
    assert_eq!(result_code(&v), "700004");
    let v = raw(
        &sim,
        "POST",
        "/order/fulfill/pack",
        &[("packReq", "null".into())],
    )
    .await;
    assert_eq!(result_code(&v), "700017");

    let mut bad = pack_req(&[(o, items.clone())]);
    bad["delivery_type"] = "pickup".into();
    assert_eq!(result_code(&raw_pack(&sim, bad).await), "700004");
    let mut bad = pack_req(&[(o, items.clone())]);
    bad.as_object_mut().unwrap().remove("delivery_type");
    assert_eq!(result_code(&raw_pack(&sim, bad).await), "700017");
    let bad = json_pack(&[(o, items.clone())], "FBL", None);
    assert_eq!(result_code(&raw_pack(&sim, bad).await), "700004");
    let bad = json_pack(&[(o, items.clone())], "TFS", Some("LEXVN"));
    assert_eq!(result_code(&raw_pack(&sim, bad).await), "700004");
    let bad = json_pack(&[(o, items.clone())], "NTFS", Some("NJV"));
    assert_eq!(
        result_code(&raw_pack(&sim, bad).await),
        "700004",
        "not this shop's type"
    );
    let mut bad = pack_req(&[(o, items.clone())]);
    bad["pack_order_list"][0]["order_id"] = Value::String(order.clone());
    assert_eq!(
        result_code(&raw_pack(&sim, bad).await),
        "700004",
        "a Number, not text"
    );
    let mut bad = pack_req(&[(o, items.clone())]);
    bad["pack_order_list"][0]["order_item_list"] = serde_json::json!([]);
    assert_eq!(result_code(&raw_pack(&sim, bad).await), "700017");
    let many: Vec<(i64, Vec<i64>)> = (0..21).map(|k| (o + k, vec![1])).collect();
    assert_eq!(
        result_code(&raw_pack(&sim, pack_req(&many)).await),
        "700022"
    );
    assert_eq!(
        sim.lazada_arranged_count(&order),
        0,
        "nothing packed by refusals"
    );

    // Partial success: one order packed, one unknown, one item not packable, all in a
    // call that says success:true.
    let delivered = raw(
        &sim,
        "GET",
        "/orders/get",
        &[
            ("created_after", "2020-01-01T00:00:00+07:00".into()),
            ("status", "delivered".into()),
            ("limit", "1".into()),
        ],
    )
    .await["data"]["orders"][0]["order_id"]
        .as_i64()
        .unwrap();
    let delivered_items = item_ids(&sim, &delivered.to_string()).await;
    let v = raw_pack(
        &sim,
        pack_req(&[
            (o, items.clone()),
            (1, vec![2]),
            (delivered, delivered_items[..1].to_vec()),
            (o, vec![999]),
        ]),
    )
    .await;
    assert_eq!(v["result"]["success"], true, "{v}");
    let list = v["result"]["data"]["pack_order_list"].as_array().unwrap();
    let codes = |k: usize| -> Vec<String> {
        list[k]["order_item_list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["item_err_code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes(0).iter().all(|c| c == "0"), "{v}");
    assert_eq!(codes(1), ["700021"]);
    assert_eq!(codes(2), ["700026"]);
    assert_eq!(codes(3), ["700025"]);
    let package = list[0]["order_item_list"][0]["package_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(sim.lazada_package_status(&order).as_deref(), Some("packed"));
    // The same items again: 700026 per item.
    let v = raw_pack(&sim, pack_req(&[(o, items.clone())])).await;
    assert_eq!(
        v["result"]["data"]["pack_order_list"][0]["order_item_list"][0]["item_err_code"],
        "700026"
    );
    assert_eq!(sim.lazada_arranged_count(&order), 1);

    // ReadyToShip: unknown package, then the real one twice (700000 the second time).
    let rts = |ids: Vec<&str>| {
        let list: Vec<Value> = ids
            .iter()
            .map(|p| serde_json::json!({ "package_id": p }))
            .collect();
        serde_json::json!({ "packages": list }).to_string()
    };
    let v = raw(
        &sim,
        "POST",
        "/order/package/rts",
        &[("readyToShipReq", rts(vec!["FP0"]))],
    )
    .await;
    assert_eq!(
        v["result"]["data"]["packages"][0]["item_err_code"], "600001",
        "{v}"
    );
    let v = raw(
        &sim,
        "POST",
        "/order/package/rts",
        &[("readyToShipReq", rts(vec![&package]))],
    )
    .await;
    assert_eq!(
        v["result"]["data"]["packages"][0]["item_err_code"], "0",
        "{v}"
    );
    let v = raw(
        &sim,
        "POST",
        "/order/package/rts",
        &[("readyToShipReq", rts(vec![&package]))],
    )
    .await;
    assert_eq!(
        v["result"]["data"]["packages"][0]["item_err_code"], "700000",
        "{v}"
    );
    let v = raw(
        &sim,
        "POST",
        "/order/package/rts",
        &[("readyToShipReq", rts(vec!["FP1"; 21]))],
    )
    .await;
    assert_eq!(result_code(&v), "700022");
    let v = raw(
        &sim,
        "POST",
        "/order/package/rts",
        &[(
            "readyToShipReq",
            r#"{"packages":[{"package_id":12}]}"#.into(),
        )],
    )
    .await;
    assert_eq!(result_code(&v), "700004", "package_id is a String");

    // PrintAWB: unknown/unpacked package, bad doc_type, more than 20.
    let doc = |packages: Vec<&str>, doc_type: &str| {
        let list: Vec<Value> = packages
            .iter()
            .map(|p| serde_json::json!({ "package_id": p }))
            .collect();
        serde_json::json!({ "doc_type": doc_type, "packages": list }).to_string()
    };
    let path = "/order/package/document/get";
    let v = raw(
        &sim,
        "POST",
        path,
        &[("getDocumentReq", doc(vec!["FP0"], "PDF"))],
    )
    .await;
    assert_eq!(result_code(&v), "700040");
    assert_eq!(
        v["result"]["error_msg"],
        "There are no packages that support printing!"
    );
    let v = raw(
        &sim,
        "POST",
        path,
        &[("getDocumentReq", doc(vec![&package], "DOCX"))],
    )
    .await;
    assert_eq!(result_code(&v), "700004");
    let v = raw(
        &sim,
        "POST",
        path,
        &[("getDocumentReq", doc(vec![&package; 21], "PDF"))],
    )
    .await;
    assert_eq!(result_code(&v), "700022");

    // A cross-border (NTFS) shop must name a provider.
    sim.lazada_set_cross_border(true);
    let other = ready(&sim, 1).remove(0);
    let other_items = item_ids(&sim, &other).await;
    let on = other.parse::<i64>().unwrap();
    let v = raw_pack(&sim, json_pack(&[(on, other_items.clone())], "NTFS", None)).await;
    assert_eq!(result_code(&v), "700017");
    let v = raw_pack(&sim, json_pack(&[(on, other_items.clone())], "TFS", None)).await;
    assert_eq!(result_code(&v), "700004");
    let v = raw_pack(&sim, json_pack(&[(on, other_items)], "NTFS", Some("DHL"))).await;
    assert_eq!(result_code(&v), "700004");
    assert_eq!(sim.lazada_arranged_count(&other), 0);
}

#[tokio::test]
async fn lazada_fulfil_cross_border_shop_chooses_a_provider() {
    let sim = start().await;
    sim.lazada_set_cross_border(true);
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);
    let o = c.handover_options(&pkg(&order)).await.unwrap();
    let codes: Vec<&str> = o.providers.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["LEXVN", "NJV", "JNT"]);
    expect_rejected(c.arrange(&pkg(&order), &PLATFORM).await, "not_sent");
    assert_eq!(
        sim.calls_to("/rest/order/fulfill/pack"),
        0,
        "refused before Pack"
    );
    let a = c
        .arrange(
            &pkg(&order),
            &Handover::Platform {
                provider: Some("NJV".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(a.carrier, "Ninja Van");
    let sent: Value = serde_json::from_str(
        sim.requests_to("/rest/order/fulfill/pack")[0].body["packReq"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(sent["shipping_allocate_type"], "NTFS");
    assert_eq!(sent["shipment_provider_code"], "NJV");
}

// ---------------------------------------------------------------------------------
// Already packed; exactly once after lost replies

#[tokio::test]
async fn lazada_fulfil_packed_in_seller_center_is_already_and_rts_is_finished() {
    let sim = start().await;
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);
    let items = item_ids(&sim, &order).await;
    // Someone packed it in Seller Center; nobody did ReadyToShip.
    let v = raw_pack(&sim, pack_req(&[(order.parse().unwrap(), items)])).await;
    let package = v["result"]["data"]["pack_order_list"][0]["order_item_list"][0]["package_id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    assert!(a.already);
    assert_eq!(a.package.package_id.as_deref(), Some(package.as_str()));
    assert_eq!(
        sim.lazada_package_status(&order).as_deref(),
        Some("ready_to_ship")
    );
    assert_eq!(sim.lazada_arranged_count(&order), 1);
}

#[tokio::test]
async fn lazada_fulfil_700026_in_a_batch_is_read_back_as_already() {
    let sim = start().await;
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);
    // The same order twice in one Pack: Lazada packs it once and answers 700026 for
    // the second entry, which is then looked up.
    let got = c
        .arrange_many(&[pkg(&order), pkg(&order)], &PLATFORM)
        .await
        .unwrap();
    let a = got[0].outcome.clone().unwrap();
    let b = got[1].outcome.clone().unwrap();
    assert!(!a.already);
    assert!(b.already);
    assert_eq!(a.package, b.package);
    assert_eq!(sim.lazada_arranged_count(&order), 1);
    assert_eq!(
        sim.lazada_package_status(&order).as_deref(),
        Some("ready_to_ship")
    );
}

#[tokio::test]
async fn lazada_fulfil_pack_timeout_after_accept_then_find_and_retry_is_one_package() {
    let sim = start().await;
    let c = client_with_timeout(&sim, Duration::from_millis(800));
    let order = ready(&sim, 1).remove(0);
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Lazada),
        path_contains: Some("/order/fulfill/pack".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&pkg(&order), &PLATFORM).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    // Lazada packed it; ReadyToShip was never asked.
    assert_eq!(sim.lazada_package_status(&order).as_deref(), Some("packed"));
    let found = c
        .find_arranged(&pkg(&order))
        .await
        .unwrap()
        .expect("packed");
    let again = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    assert!(again.already);
    assert_eq!(again.package, found.package);
    assert_eq!(again.tracking_number, found.tracking_number);
    assert_eq!(
        sim.lazada_package_status(&order).as_deref(),
        Some("ready_to_ship")
    );
    assert_eq!(sim.lazada_arranged_count(&order), 1);
    assert_eq!(
        sim.calls_to("/rest/order/fulfill/pack"),
        1,
        "no second Pack"
    );
}

#[tokio::test]
async fn lazada_fulfil_rts_timeout_after_accept_then_retry_is_one_package() {
    let sim = start().await;
    let c = client_with_timeout(&sim, Duration::from_millis(800));
    let order = ready(&sim, 1).remove(0);
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Lazada),
        path_contains: Some("/order/package/rts".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&pkg(&order), &PLATFORM).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(
        sim.lazada_package_status(&order).as_deref(),
        Some("ready_to_ship")
    );
    assert!(c.find_arranged(&pkg(&order)).await.unwrap().is_some());
    let again = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    assert!(again.already);
    assert_eq!(sim.lazada_arranged_count(&order), 1);
    assert_eq!(
        sim.calls_to("/rest/order/package/rts"),
        1,
        "nothing left owed"
    );
}

// ---------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn lazada_fulfil_faults_429_5xx_malformed_timeout() {
    let sim = start().await;
    let c = client(&sim);
    let orders = ready(&sim, 4);
    let only_pack = |f: &mut FaultSpec| {
        f.channel = Some(ChannelKind::Lazada);
        f.path_contains = Some("/order/fulfill/pack".into());
        f.retry_after_secs = 1;
    };

    // 429: waited out, then done once.
    sim.faults().update(|f| {
        only_pack(f);
        f.rate_limit = Trigger::next(1);
    });
    let t0 = Instant::now();
    c.arrange(&pkg(&orders[0]), &PLATFORM).await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(1));
    assert_eq!(sim.lazada_arranged_count(&orders[0]), 1);
    sim.faults().update(|f| f.rate_limit = Trigger::always());
    let e = c
        .clone()
        .with_retry(RetryPolicy::NEVER)
        .arrange(&pkg(&orders[1]), &PLATFORM)
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");
    sim.faults().clear();

    // 5xx: transport, outcome unknown; here nothing was packed.
    sim.faults().update(|f| {
        only_pack(f);
        f.http_503 = Trigger::next(1);
    });
    let e = c.arrange(&pkg(&orders[1]), &PLATFORM).await.unwrap_err();
    assert!(
        matches!(e, ChannelError::Transport { .. }) && e.outcome_unknown(),
        "{e:?}"
    );
    assert_eq!(c.find_arranged(&pkg(&orders[1])).await.unwrap(), None);
    assert_eq!(sim.lazada_arranged_count(&orders[1]), 0);
    sim.faults().clear();

    // Malformed: the package was made; the look-up finds it, the retry finishes it.
    sim.faults().update(|f| {
        only_pack(f);
        f.malformed = Trigger::next(1);
    });
    let e = c.arrange(&pkg(&orders[2]), &PLATFORM).await.unwrap_err();
    assert!(
        matches!(e, ChannelError::Malformed { .. }) && e.outcome_unknown(),
        "{e:?}"
    );
    assert!(c.find_arranged(&pkg(&orders[2])).await.unwrap().is_some());
    assert!(
        c.arrange(&pkg(&orders[2]), &PLATFORM)
            .await
            .unwrap()
            .already
    );
    assert_eq!(sim.lazada_arranged_count(&orders[2]), 1);
    sim.faults().clear();

    // A plain timeout on the AWB: transport.
    let a = c.arrange(&pkg(&orders[3]), &PLATFORM).await.unwrap();
    let slow = client_with_timeout(&sim, Duration::from_millis(500));
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Lazada),
        path_contains: Some("/document/get".into()),
        delay_ms: 1_000,
        timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let docs = slow.documents(&[a.package]).await.unwrap();
    assert!(
        matches!(docs[0].1, Err(ChannelError::Transport { .. })),
        "{:?}",
        docs[0].1
    );
    sim.faults().clear();
    // A malformed reading call is malformed, never a panic.
    sim.faults().update(|f| {
        f.channel = Some(ChannelKind::Lazada);
        f.path_contains = Some("/order/items/get".into());
        f.malformed = Trigger::next(1);
    });
    let e = c.find_arranged(&pkg(&orders[3])).await.unwrap_err();
    assert!(matches!(e, ChannelError::Malformed { .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------
// Many at once

#[tokio::test]
async fn lazada_fulfil_arrange_many_packs_20_a_call() {
    let sim = start().await;
    let c = client(&sim);
    sim.lazada_add_orders_in(25, Utc::now() - chrono::Duration::seconds(30), "pending");
    let mut ids: Vec<String> = sim
        .lazada_ready_orders()
        .into_iter()
        .rev()
        .take(25)
        .collect();
    ids.push("1".into()); // not an order of this shop
    ids.push("abc".into()); // not an order id at all
    let packages: Vec<PackageRef> = ids.iter().map(|id| pkg(id)).collect();
    let got = c.arrange_many(&packages, &PLATFORM).await.unwrap();
    assert_eq!(got.len(), 27);
    for (r, id) in got.iter().zip(&ids).take(25) {
        assert_eq!(&r.package.order_id, id);
        let a = r.outcome.as_ref().unwrap();
        assert!(a.package.package_id.is_some() && !a.already);
        assert_eq!(sim.lazada_arranged_count(id), 1);
        assert_eq!(
            sim.lazada_package_status(id).as_deref(),
            Some("ready_to_ship")
        );
    }
    assert!(got[25].outcome.is_err());
    assert!(got[26].outcome.is_err());
    assert_eq!(sim.calls_to("/rest/order/fulfill/pack"), 2);
    assert_eq!(sim.calls_to("/rest/order/package/rts"), 2);
    assert_eq!(sim.calls_to("/rest/order/shipment/providers/get"), 2);
    assert_eq!(
        sim.calls_to("/rest/orders/items/get"),
        1,
        "one look-up for 25"
    );
}

// ---------------------------------------------------------------------------------
// AWB

#[tokio::test]
async fn lazada_fulfil_awb_pending_then_pdf_and_links_expire() {
    let sim = start().await;
    let c = client(&sim);
    sim.lazada_set_document_polls(2);
    let order = ready(&sim, 2);
    // Not packed: no AWB (the client does not even ask).
    let docs = c.documents(&[pkg(&order[1])]).await.unwrap();
    expect_rejected(docs[0].1.clone(), "not_sent");

    let a = c.arrange(&pkg(&order[0]), &PLATFORM).await.unwrap();
    for _ in 0..2 {
        let docs = c.documents(std::slice::from_ref(&a.package)).await.unwrap();
        assert_eq!(docs[0].1, Ok(Document::Pending));
    }
    // The order id alone finds its package too.
    let docs = c.documents(&[pkg(&order[0])]).await.unwrap();
    match &docs[0].1 {
        Ok(Document::Ready { mime, bytes }) => {
            assert_eq!(mime, "application/pdf");
            assert!(bytes.starts_with(b"%PDF"));
            let text = String::from_utf8_lossy(bytes);
            assert!(text.contains(a.tracking_number.as_deref().unwrap()));
        }
        other => panic!("{other:?}"),
    }
    let doc_req: Value = serde_json::from_str(
        sim.requests_to("/rest/order/package/document/get")[0].body["getDocumentReq"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(doc_req["doc_type"], "PDF");
    assert_eq!(
        doc_req["packages"][0]["package_id"],
        a.package.package_id.as_deref().unwrap()
    );

    // The pdf_url lives 10 minutes.
    let v = raw(
        &sim,
        "POST",
        "/order/package/document/get",
        &[("getDocumentReq", doc_req.to_string())],
    )
    .await;
    let url = v["result"]["data"]["pdf_url"].as_str().unwrap().to_string();
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
    sim.lazada_expire_awb_links();
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
}

// ---------------------------------------------------------------------------------
// Where the parcel is

#[tokio::test]
async fn lazada_fulfil_package_moves_on_its_own_and_the_order_with_it() {
    let sim = start_at(0.6).await;
    let c = client(&sim);
    let order = ready(&sim, 1).remove(0);
    let before = c.order_details(std::slice::from_ref(&order)).await.unwrap()[0].updated_at;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let a = c.arrange(&pkg(&order), &PLATFORM).await.unwrap();
    let t = c
        .package_tracking(&[a.package.clone(), pkg("1")])
        .await
        .unwrap();
    assert_eq!(t.len(), 1, "unknown orders are left out");
    assert_eq!(t[0].tracking.status, ShipmentStatus::ReadyToPick);
    assert_eq!(t[0].tracking.carrier_status, "ready_to_ship");
    assert_eq!(t[0].tracking.events.len(), 1);
    assert_eq!(t[0].carrier, "LEX VN");
    assert_eq!(t[0].tracking_number, a.tracking_number);

    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let t = c
        .package_tracking(std::slice::from_ref(&a.package))
        .await
        .unwrap();
    assert_eq!(t[0].tracking.status, ShipmentStatus::Delivered);
    assert_eq!(t[0].tracking.carrier_status, "delivered");
    let after = c.order_details(std::slice::from_ref(&order)).await.unwrap();
    assert_eq!(after[0].status, ChannelStatus::Delivered);
    assert!(after[0].updated_at > before, "the order sync sees it move");
    // The order shows up in a pull of recent changes.
    let recent = TimeRange {
        from: before + chrono::Duration::seconds(1),
        to: Utc::now() + chrono::Duration::seconds(1),
    };
    let (ids, _) = sync_all(&c, recent).await;
    assert!(ids.contains(&order));
}

// ---------------------------------------------------------------------------------
// Buyers' cancellation requests

#[tokio::test]
async fn lazada_fulfil_cancel_requests_listed_and_decided_once() {
    let sim = start().await;
    let c = client(&sim);
    let orders = ready(&sim, 2);
    let (a, b) = (&orders[0], &orders[1]);
    assert!(sim.lazada_request_cancel(a, "Đổi ý, không muốn mua nữa"));
    assert!(
        !sim.lazada_request_cancel(a, "again"),
        "one request at a time"
    );
    assert!(sim.lazada_request_cancel(b, "Thay đổi địa chỉ giao hàng"));
    assert!(!sim.lazada_request_cancel("1", "no such order"));

    let got = c.cancel_requests(std::slice::from_ref(a)).await.unwrap();
    assert_eq!(got.len(), 1);
    let ra = got[0].clone();
    assert_eq!(&ra.order_id, a);
    assert_eq!(ra.reason, "Đổi ý, không muốn mua nữa");
    assert!(
        !ra.can_reject,
        "unconfirmed for buyer requests (open point 2)"
    );
    let left = ra.respond_by.unwrap() - Utc::now();
    assert!((23..=24).contains(&left.num_hours()), "{left}");
    let all = c.cancel_requests(&[]).await.unwrap();
    assert_eq!(all.len(), 2);
    let rb = all.iter().find(|r| &r.order_id == b).unwrap().clone();
    let listed = sim.requests_to("/rest/reverse/getreverseordersforseller");
    assert_eq!(
        listed[0].query_param("request_type_list"),
        Some("[\"CANCEL\"]")
    );
    assert_eq!(listed[0].query_param("trade_order_id"), Some(a.as_str()));

    // Accept: the order is cancelled; the same decision again is done already, the
    // other one is refused.
    c.decide_cancel(&ra, &CancelDecision::Accept, "k1")
        .await
        .unwrap();
    let o = c.order_details(std::slice::from_ref(a)).await.unwrap();
    assert_eq!(o[0].status, ChannelStatus::Cancelled);
    c.decide_cancel(&ra, &CancelDecision::Accept, "k1")
        .await
        .unwrap();
    expect_rejected(
        c.decide_cancel(&ra, &CancelDecision::Reject { reason: "1".into() }, "k2")
            .await,
        "E0131",
    );
    let sent = sim.requests_to("/rest/order/reverse/cancel/seller/decide");
    assert_eq!(sent[0].query_param("agree_cancel"), Some("true"));
    assert_eq!(
        sent[0].query_param("reverse_order_id"),
        Some(ra.id.as_str())
    );

    // Reject: the order goes on, the request is gone.
    let reject = CancelDecision::Reject {
        reason: "10000019".into(),
    };
    c.decide_cancel(&rb, &reject, "k3").await.unwrap();
    assert_eq!(
        c.cancel_requests(std::slice::from_ref(b)).await.unwrap(),
        vec![]
    );
    let o = c.order_details(std::slice::from_ref(b)).await.unwrap();
    assert_eq!(o[0].status, ChannelStatus::ToShip);
    expect_rejected(
        c.decide_cancel(&rb, &CancelDecision::Accept, "k4").await,
        "E0131",
    );
    let last = sim.requests_to("/rest/order/reverse/cancel/seller/decide");
    let reject_call = last
        .iter()
        .find(|r| {
            r.query_param("agree_cancel") == Some("false")
                && r.query_param("reverse_order_id") == Some(rb.id.as_str())
        })
        .unwrap();
    assert_eq!(reject_call.query_param("reason_code"), Some("10000019"));

    // Unknown reverse order.
    let mut ghost = rb.clone();
    ghost.id = "42".into();
    expect_rejected(
        c.decide_cancel(&ghost, &CancelDecision::Accept, "k5").await,
        "E0105",
    );
    let v = raw(
        &sim,
        "GET",
        "/order/reverse/cancel/seller/decide",
        &[("agree_cancel", "true".into())],
    )
    .await;
    assert_eq!(v["code"], "E0105", "{v}");
    let v = raw(
        &sim,
        "GET",
        "/reverse/getreverseordersforseller",
        &[("page_no", "1".into())],
    )
    .await;
    assert_eq!(v["code"], "MissingParameter", "{v}");
}
