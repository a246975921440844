//! Shopee fulfilment against the simulator (reference A1): handover options, arranging
//! one parcel or many, the look-up before a retry, tracking numbers, airway bills,
//! package tracking and buyers' cancellation requests — with every documented refusal
//! the simulator enforces and every fault.

use orderdeck_integrations::carrier::ShipmentStatus;
use orderdeck_integrations::marketplace::fulfil::{
    CancelDecision, Document, Fulfilment, Handover, HandoverOptions, PackageRef,
};

use super::*;

const SHIP_ORDER: &str = "/api/v2/logistics/ship_order";
const MASS_SHIP_ORDER: &str = "/api/v2/logistics/mass_ship_order";
const SHIPPING_PARAMETER: &str = "/api/v2/logistics/get_shipping_parameter";
const DOC_CREATE: &str = "/api/v2/logistics/create_shipping_document";
const DOC_DOWNLOAD: &str = "/api/v2/logistics/download_shipping_document";
const DOC_RESULT: &str = "/api/v2/logistics/get_shipping_document_result";
const PACKAGE_DETAIL: &str = "/api/v2/order/get_package_detail";
const BUYER_CANCELLATION: &str = "/api/v2/order/handle_buyer_cancellation";

/// A simulator whose parcels stay where they are put (an hour a step).
async fn start_still() -> SimHandle {
    start_at(3_600.0).await
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

/// A client that gives up after `timeout`.
fn client_with_timeout(sim: &SimHandle, timeout: Duration) -> ShopeeClient {
    let (keeper, _) = keeper(Some(sim.shopee_authorize()));
    ShopeeClient::with_timeout(&sim.shopee_config(), keeper, timeout).unwrap()
}

fn client(sim: &SimHandle) -> ShopeeClient {
    shopee(sim).0
}

/// Ready orders with one package / two packages.
fn ready(sim: &SimHandle, split: bool) -> Vec<String> {
    sim.shopee_ready_orders()
        .into_iter()
        .filter(|sn| (sim.shopee_packages(sn).len() > 1) == split)
        .collect()
}

fn package(sim: &SimHandle, sn: &str, i: usize) -> PackageRef {
    PackageRef {
        order_id: sn.to_string(),
        package_id: Some(sim.shopee_packages(sn)[i].0.clone()),
    }
}

/// The recommended slot at the default address.
fn recommended(o: &HandoverOptions) -> Handover {
    let addresses = o.pickup.as_ref().expect("pickup offered");
    let a = addresses
        .iter()
        .find(|a| a.default)
        .expect("a default address");
    let slot = a
        .slots
        .iter()
        .find(|s| s.recommended)
        .expect("a recommended slot");
    Handover::Pickup {
        address_id: a.id.clone(),
        slot_id: Some(slot.id.clone()),
    }
}

async fn pickup(c: &ShopeeClient, p: &PackageRef) -> Handover {
    recommended(&c.handover_options(p).await.unwrap())
}

fn rejected(e: ChannelError) -> (String, String) {
    match e {
        ChannelError::Rejected { code, message, .. } => (code, message),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A signed shop POST straight to the simulator: what it refuses.
async fn raw_post(sim: &SimHandle, path: &str, body: Value) -> Value {
    let cfg = sim.shopee_config();
    let pair = sim.shopee_authorize();
    let token = pair.access_token.expose();
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
    let q: Vec<(&str, String)> = vec![
        ("partner_id", cfg.partner_id.to_string()),
        ("timestamp", ts.to_string()),
        ("sign", sign),
        ("access_token", token.to_string()),
        ("shop_id", cfg.shop_id.to_string()),
    ];
    reqwest::Client::new()
        .post(format!("{}{path}", cfg.base_url))
        .query(&q)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn raw_get(sim: &SimHandle, path: &str, extra: &[(&str, String)]) -> Value {
    let pair = sim.shopee_authorize();
    raw_shop_get(sim, path, pair.access_token.expose(), extra).await
}

fn error_of(v: &Value) -> &str {
    v["error"].as_str().unwrap_or("")
}

// ---------------------------------------------------------------------------------
// Orders: ship-by, masked buyers

#[tokio::test]
async fn shopee_fulfil_order_has_ship_by_and_masked_buyer() {
    let sim = start_still().await;
    let c = client(&sim);
    let sn = ready(&sim, false).remove(0);
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    let ship_by = o.ship_by.expect("ship_by_date is on every order");
    assert_eq!(ship_by, o.created_at + chrono::Duration::days(2));
    assert!(!o.buyer_masked && !o.seller_shipping);

    assert!(sim.shopee_mask_buyer(&sn));
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    assert!(o.buyer_masked, "{:?}", o.buyer);
    assert!(o.buyer.phone.contains('*'));
    assert!(!o.seller_shipping, "Shopee arranges the carrier");
}

// ---------------------------------------------------------------------------------
// Handover options

#[tokio::test]
async fn shopee_fulfil_handover_options_addresses_slots_branches() {
    let sim = start_still().await;
    let c = client(&sim);
    let sn = ready(&sim, false).remove(0);
    let o = c.handover_options(&PackageRef::order(&sn)).await.unwrap();
    let number = sim.shopee_packages(&sn)[0].0.clone();
    assert_eq!(o.package.package_id.as_deref(), Some(number.as_str()));
    assert!(number.starts_with("OFG"));
    let addresses = o.pickup.as_ref().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(addresses.iter().filter(|a| a.default).count(), 1);
    for a in addresses {
        assert_eq!(a.slots.len(), 3);
        assert_eq!(a.slots.iter().filter(|s| s.recommended).count(), 1);
        assert!(
            a.slots
                .iter()
                .all(|s| s.start.is_some_and(|t| t > Utc::now()))
        );
    }
    assert!(o.dropoff.is_some(), "drop-off is offered");
    assert!(!o.seller_ship, "no non_integrated for these orders");
    assert!(o.ship_by.is_some());
    // An unsplit order is asked about without a package number, even when we know it.
    let named = c.handover_options(&package(&sim, &sn, 0)).await.unwrap();
    assert_eq!(named.package, o.package);
    for r in sim.requests_to(SHIPPING_PARAMETER) {
        assert_eq!(r.query_param("package_number"), None, "{:?}", r.query);
    }
    // A split order: each package by its number; without one, nothing is sent.
    let split = ready(&sim, true).remove(0);
    let before = sim.requests_to(SHIPPING_PARAMETER).len();
    let e = c
        .handover_options(&PackageRef::order(&split))
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "split_order");
    assert_eq!(sim.requests_to(SHIPPING_PARAMETER).len(), before);
    let second = package(&sim, &split, 1);
    let o = c.handover_options(&second).await.unwrap();
    assert_eq!(o.package, second);
    let last = sim.requests_to(SHIPPING_PARAMETER).pop().unwrap();
    assert_eq!(
        last.query_param("package_number"),
        second.package_id.as_deref()
    );
    // The simulator: a split order without its package number is refused.
    let v = raw_get(&sim, SHIPPING_PARAMETER, &[("order_sn", split.clone())]).await;
    assert_eq!(error_of(&v), "logistics.package_number_not_exist");
}

#[tokio::test]
async fn shopee_fulfil_dropoff_with_nothing_to_choose_sends_an_empty_object() {
    let sim = start_still().await;
    let c = client(&sim);
    let mut found = None;
    for sn in ready(&sim, false) {
        let o = c.handover_options(&PackageRef::order(&sn)).await.unwrap();
        if o.dropoff.as_ref().is_some_and(|b| b.is_empty()) {
            found = Some((sn, o));
            break;
        }
    }
    let (sn, o) = found.expect("an order whose drop-off needs nothing");
    assert!(!o.needs_sender_name);
    let a = c
        .arrange(
            &o.package,
            &Handover::DropOff {
                branch_id: None,
                sender_name: None,
            },
        )
        .await
        .unwrap();
    assert!(!a.already);
    let sent = sim.requests_to(SHIP_ORDER).pop().unwrap().body;
    assert_eq!(sent["dropoff"], serde_json::json!({}));
    assert!(sent.get("package_number").is_none());
    assert!(sent.get("pickup").is_none() && sent.get("non_integrated").is_none());
    assert_eq!(sim.shopee_arranged_count(&sn), 1);
}

// ---------------------------------------------------------------------------------
// Arranging one parcel

#[tokio::test]
async fn shopee_fulfil_arrange_pickup_tracking_later_and_already_arranged() {
    let sim = start_still().await;
    let c = client(&sim);
    let sn = ready(&sim, false).remove(0);
    let p = PackageRef::order(&sn);
    let before = c.order_details(std::slice::from_ref(&sn)).await.unwrap()[0].updated_at;
    let handover = pickup(&c, &p).await;
    let a = c.arrange(&p, &handover).await.unwrap();
    assert!(!a.already);
    assert_eq!(
        a.package.package_id,
        Some(sim.shopee_packages(&sn)[0].0.clone())
    );
    assert_eq!(a.carrier, "SPX Express");
    assert_eq!(
        a.tracking_number, None,
        "the first poll comes back empty (A1.8)"
    );
    assert_eq!(sim.shopee_arranged_count(&sn), 1);
    assert_eq!(
        sim.shopee_package_status(&sn).as_deref(),
        Some("LOGISTICS_REQUEST_CREATED")
    );
    let sent = sim.requests_to(SHIP_ORDER).pop().unwrap().body;
    assert!(
        sent.get("package_number").is_none(),
        "unsplit: left out, {sent}"
    );
    assert!(sent["pickup"]["address_id"].is_i64());
    assert!(sent["pickup"]["pickup_time_id"].is_string());
    // The order moved, and an order sync sees it.
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "PROCESSED");
    assert!(o.updated_at >= before);
    let (seen, _) = sync_all(&c, last_days(1)).await;
    assert!(seen.contains(&sn));

    let tracking = c
        .tracking_number(&p)
        .await
        .unwrap()
        .expect("assigned by now");
    assert!(tracking.starts_with("SPXVN0"), "{tracking}");

    // Asked again (a second console, a retry): Shopee refuses, the adapter says
    // "arranged before" with what Shopee has.
    let again = c.arrange(&p, &handover).await.unwrap();
    assert!(again.already);
    assert_eq!(again.tracking_number.as_deref(), Some(tracking.as_str()));
    assert_eq!(sim.shopee_arranged_count(&sn), 1);
    let found = c.find_arranged(&p).await.unwrap().expect("arranged");
    assert_eq!(found.tracking_number, Some(tracking));
    // Not arranged: nothing found.
    let other = ready(&sim, false).remove(0);
    assert_eq!(
        c.find_arranged(&PackageRef::order(&other)).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn shopee_fulfil_split_order_each_package_by_its_number() {
    let sim = start_still().await;
    let c = client(&sim);
    let sn = ready(&sim, true).remove(0);
    let (first, second) = (package(&sim, &sn, 0), package(&sim, &sn, 1));
    let e = c
        .arrange(&PackageRef::order(&sn), &pickup(&c, &first).await)
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "split_order");
    let a = c.arrange(&first, &pickup(&c, &first).await).await.unwrap();
    assert_eq!(a.package, first);
    let sent = sim.requests_to(SHIP_ORDER).pop().unwrap().body;
    assert_eq!(sent["package_number"].as_str(), first.package_id.as_deref());
    // One package arranged: the order still waits for the other.
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "READY_TO_SHIP");
    c.arrange(&second, &pickup(&c, &second).await)
        .await
        .unwrap();
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "PROCESSED");
    assert_eq!(sim.shopee_arranged_count(&sn), 2);
    assert!(c.find_arranged(&second).await.unwrap().is_some());
    assert!(c.tracking_number(&second).await.unwrap().is_some());
    let last = sim
        .requests_to("/api/v2/logistics/get_tracking_number")
        .pop()
        .unwrap();
    assert_eq!(
        last.query_param("package_number"),
        second.package_id.as_deref()
    );
}

#[tokio::test]
async fn shopee_fulfil_sim_enforces_the_ship_order_rules() {
    let sim = start_still().await;
    let c = client(&sim);
    let unsplit = ready(&sim, false);
    let sn = unsplit[0].clone();
    let split = ready(&sim, true).remove(0);
    let options = c.handover_options(&PackageRef::order(&sn)).await.unwrap();
    let Handover::Pickup {
        address_id,
        slot_id,
    } = recommended(&options)
    else {
        unreachable!()
    };
    let address: i64 = address_id.parse().unwrap();
    let good_pickup = serde_json::json!({ "address_id": address, "pickup_time_id": slot_id });
    let refused = |v: Value, want: &str| {
        assert_eq!(error_of(&v), want, "{v}");
    };
    let post = |body: Value| raw_post(&sim, SHIP_ORDER, body);

    refused(
        post(serde_json::json!({ "order_sn": sn, "pickup": good_pickup, "dropoff": {} })).await,
        "logistics.ship_order_only_support_one_type",
    );
    refused(
        post(serde_json::json!({ "order_sn": sn, "package_number": "", "pickup": good_pickup }))
            .await,
        "logistics.ship_order_not_need_pacakge_number",
    );
    refused(
        post(serde_json::json!({ "order_sn": split, "pickup": good_pickup })).await,
        "logistics.ship_order_need_pacakge_number",
    );
    refused(
        post(serde_json::json!({ "order_sn": sn, "pickup": { "address_id": address } })).await,
        "logistics.ship_order_need_address_pickup_time",
    );
    refused(
        post(serde_json::json!({ "order_sn": sn,
            "pickup": { "address_id": address, "pickup_time_id": "1639472400" } }))
        .await,
        "logistics.ship_order_pickup_time_invalid",
    );
    refused(
        post(serde_json::json!({ "order_sn": sn,
            "pickup": { "address_id": address.to_string(), "pickup_time_id": slot_id } }))
        .await,
        "error_param",
    );
    refused(
        post(serde_json::json!({ "order_sn": sn, "non_integrated": { "tracking_number": "X1" } }))
            .await,
        "logistics.ship_order_unsupport_non_integrated",
    );
    refused(
        post(serde_json::json!({ "order_sn": 123, "pickup": good_pickup })).await,
        "error_param",
    );
    // Drop-off rules, per order.
    let mut need_branch = None;
    let mut need_name = None;
    for sn in &unsplit {
        let o = c.handover_options(&PackageRef::order(sn)).await.unwrap();
        match o.dropoff.as_ref() {
            Some(b) if !b.is_empty() && o.needs_sender_name => {
                need_name = Some((sn.clone(), b[0].id.clone()))
            }
            Some(b) if !b.is_empty() => need_branch = Some(sn.clone()),
            _ => {}
        }
        if need_branch.is_some() && need_name.is_some() {
            break;
        }
    }
    let need_branch = need_branch.expect("an order that needs a branch");
    refused(
        post(serde_json::json!({ "order_sn": need_branch, "dropoff": {} })).await,
        "logistics.ship_order_need_branch_id",
    );
    let (need_name, branch) = need_name.expect("an order that needs the sender's name");
    let branch: i64 = branch.parse().unwrap();
    refused(
        post(serde_json::json!({ "order_sn": need_name, "dropoff": { "branch_id": branch } }))
            .await,
        "logistics.ship_order_need_sender_real_name",
    );
    refused(
        post(serde_json::json!({ "order_sn": need_name,
            "dropoff": { "branch_id": branch, "sender_real_name": "x".repeat(65) } }))
        .await,
        "logistics.ship_order_long_sender_real_name",
    );
    assert_eq!(sim.shopee_arranged_count(&need_name), 0);
    // Through the client: the name goes with it.
    let a = c
        .arrange(
            &PackageRef::order(&need_name),
            &Handover::DropOff {
                branch_id: Some(branch.to_string()),
                sender_name: Some("Nguyễn Văn An".into()),
            },
        )
        .await
        .unwrap();
    assert!(!a.already);
    // Only READY_TO_SHIP orders are arranged.
    let unpaid = sim
        .shopee_add_orders(1, Utc::now() - chrono::Duration::hours(2), "UNPAID")
        .remove(0);
    let e = c
        .arrange(
            &PackageRef::order(&unpaid),
            &Handover::Pickup {
                address_id: address_id.clone(),
                slot_id: slot_id.clone(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "logistics.ship_order_not_ready_to_ship");
    // Shopee takes no "platform picks" handover.
    let e = c
        .arrange(
            &PackageRef::order(&sn),
            &Handover::Platform { provider: None },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "not_sent");
    // Batch limits.
    let many: Vec<Value> = (0..51)
        .map(|i| serde_json::json!({ "package_number": format!("OFG{i:015}") }))
        .collect();
    refused(
        raw_post(
            &sim,
            MASS_SHIP_ORDER,
            serde_json::json!({ "package_list": many, "pickup": good_pickup }),
        )
        .await,
        "logistics.error_param",
    );
    let list: Vec<String> = (0..51).map(|i| format!("OFG{i:015}")).collect();
    refused(
        raw_get(
            &sim,
            PACKAGE_DETAIL,
            &[("package_number_list", list.join(","))],
        )
        .await,
        "error_param",
    );
    assert_eq!(sim.shopee_arranged_count(&need_branch), 0);
    assert_eq!(sim.shopee_arranged_count(&split), 0);
    assert_eq!(sim.shopee_arranged_count(&need_name), 1);
}

#[tokio::test]
async fn shopee_fulfil_new_order_is_being_allocated() {
    let sim = start_still().await;
    let c = client(&sim);
    // A paid order placed this second: Shopee is still allocating its channel.
    let sn = loop {
        let sn = sim
            .channel_step(ChannelKind::Shopee, sim::Activity::NewOrder)
            .unwrap();
        let paid = c.order_details(std::slice::from_ref(&sn)).await.unwrap()[0].channel_status
            == "READY_TO_SHIP";
        if paid && sim.shopee_packages(&sn).len() == 1 {
            break sn;
        }
    };
    let (code, message) = rejected(
        c.handover_options(&PackageRef::order(&sn))
            .await
            .unwrap_err(),
    );
    assert_eq!(code, "logistics.error_param");
    assert!(message.contains("being allocated"), "{message}");
}

// ---------------------------------------------------------------------------------
// Many at once

#[tokio::test]
async fn shopee_fulfil_arrange_many_one_call_per_50_per_package_results() {
    let sim = start_still().await;
    let c = client(&sim);
    sim.shopee_add_orders(60, Utc::now() - chrono::Duration::hours(2), "READY_TO_SHIP");
    let orders = ready(&sim, false);
    assert!(orders.len() > 60, "{}", orders.len());
    let p0 = PackageRef::order(&orders[0]);
    let handover = pickup(&c, &p0).await;
    // One arranged before; one not payable yet.
    c.arrange(&PackageRef::order(&orders[1]), &handover)
        .await
        .unwrap();
    let unpaid = sim
        .shopee_add_orders(1, Utc::now() - chrono::Duration::hours(2), "UNPAID")
        .remove(0);
    let mut asked: Vec<PackageRef> = orders[..10].iter().map(PackageRef::order).collect();
    asked.push(PackageRef::order(&unpaid));
    let results = c.arrange_many(&asked, &handover).await.unwrap();
    assert_eq!(sim.calls_to(MASS_SHIP_ORDER), 1);
    assert_eq!(results.len(), 11);
    for (r, p) in results.iter().zip(&asked) {
        assert_eq!(r.package.order_id, p.order_id, "in the order asked");
    }
    for r in &results[..10] {
        let a = r.outcome.as_ref().unwrap();
        assert_eq!(a.already, r.package.order_id == orders[1], "{a:?}");
        assert!(a.package.package_id.is_some());
        assert_eq!(sim.shopee_arranged_count(&r.package.order_id), 1);
    }
    let why = results[10].outcome.as_ref().unwrap_err();
    assert!(why.contains("ship_order_not_ready_to_ship"), "{why}");
    let sent = sim.requests_to(MASS_SHIP_ORDER).pop().unwrap().body;
    assert_eq!(sent["package_list"].as_array().unwrap().len(), 11);
    assert!(sent["package_list"][0]["package_number"].is_string());

    // 50 and more: two calls; the lists at the top level this time (the doc's table).
    sim.shopee_mass_ship_top_level(true);
    let more: Vec<PackageRef> = orders[10..60].iter().map(PackageRef::order).collect();
    let mut with_one_more = more.clone();
    with_one_more.push(PackageRef::order(&orders[60]));
    let results = c.arrange_many(&with_one_more, &handover).await.unwrap();
    assert_eq!(sim.calls_to(MASS_SHIP_ORDER), 3);
    assert!(
        results
            .iter()
            .all(|r| r.outcome.as_ref().is_ok_and(|a| !a.already))
    );
    assert!(
        orders[..=60]
            .iter()
            .all(|sn| sim.shopee_arranged_count(sn) == 1)
    );
    // A seller's own tracking number cannot stand for many parcels.
    let results = c
        .arrange_many(
            &[PackageRef::order(&orders[0])],
            &Handover::SellerShipped {
                provider: "ghn".into(),
                tracking_number: "GHN1".into(),
            },
        )
        .await
        .unwrap();
    assert!(results[0].outcome.is_err());
    assert_eq!(sim.calls_to(MASS_SHIP_ORDER), 3);
}

// ---------------------------------------------------------------------------------
// Exactly once

#[tokio::test]
async fn shopee_fulfil_ship_order_timeout_after_accept_retried_is_one_shipment() {
    let sim = start_still().await;
    let c = client_with_timeout(&sim, Duration::from_millis(400));
    let sn = ready(&sim, false).remove(0);
    let p = PackageRef::order(&sn);
    let handover = pickup(&c, &p).await;
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("/logistics/ship_order".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&p, &handover).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    // The look-up before any retry finds it; the retry is answered "arranged before".
    let found = c
        .find_arranged(&p)
        .await
        .unwrap()
        .expect("Shopee carried it out");
    assert!(found.already);
    let again = c.arrange(&p, &handover).await.unwrap();
    assert!(again.already);
    assert_eq!(sim.shopee_arranged_count(&sn), 1);
    assert_eq!(sim.requests_to(SHIP_ORDER).len(), 2);
}

#[tokio::test]
async fn shopee_fulfil_mass_ship_timeout_after_accept_is_looked_up() {
    let sim = start_still().await;
    let c = client_with_timeout(&sim, Duration::from_millis(400));
    let orders: Vec<String> = ready(&sim, false).into_iter().take(3).collect();
    let asked: Vec<PackageRef> = orders.iter().map(PackageRef::order).collect();
    let handover = pickup(&c, &asked[0]).await;
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("mass_ship_order".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let results = c.arrange_many(&asked, &handover).await.unwrap();
    for r in &results {
        assert!(r.outcome.is_ok(), "{r:?}");
    }
    let again = c.arrange_many(&asked, &handover).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| r.outcome.as_ref().is_ok_and(|a| a.already))
    );
    assert!(orders.iter().all(|sn| sim.shopee_arranged_count(sn) == 1));
}

#[tokio::test]
async fn shopee_fulfil_faults_429_5xx_malformed_timeout() {
    let sim = start_still().await;
    let c = client_with_timeout(&sim, Duration::from_millis(600));
    let orders = ready(&sim, false);
    let p = PackageRef::order(&orders[0]);
    let handover = pickup(&c, &p).await;
    let only_ship = |spec: FaultSpec| FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("/logistics/ship_order".into()),
        delay_ms: 1_500,
        retry_after_secs: 1,
        ..spec
    };
    // 429: waited out, then carried out once.
    sim.faults().set(only_ship(FaultSpec {
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let t0 = Instant::now();
    c.arrange(&p, &handover).await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(1));
    assert_eq!(sim.shopee_arranged_count(&orders[0]), 1);
    // 429 with no patience: the caller gets the wait.
    let impatient = c.clone().with_retry(RetryPolicy::NEVER);
    let p1 = PackageRef::order(&orders[1]);
    sim.faults().set(only_ship(FaultSpec {
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = impatient.arrange(&p1, &handover).await.unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");
    assert!(!e.outcome_unknown());
    // 503: no complete answer (nothing done here, but the caller cannot know).
    sim.faults().set(only_ship(FaultSpec {
        http_503: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = c.arrange(&p1, &handover).await.unwrap_err();
    assert!(
        matches!(e, ChannelError::Transport { .. }) && e.outcome_unknown(),
        "{e:?}"
    );
    assert_eq!(c.find_arranged(&p1).await.unwrap(), None);
    assert_eq!(sim.shopee_arranged_count(&orders[1]), 0);
    // A timeout that did nothing: the look-up finds nothing, a retry arranges once.
    sim.faults().set(only_ship(FaultSpec {
        timeout: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = c.arrange(&p1, &handover).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(c.find_arranged(&p1).await.unwrap(), None);
    assert!(!c.arrange(&p1, &handover).await.unwrap().already);
    assert_eq!(sim.shopee_arranged_count(&orders[1]), 1);
    // A malformed reply to ship_order: it was carried out; the retry says so.
    let p2 = PackageRef::order(&orders[2]);
    sim.faults().set(only_ship(FaultSpec {
        malformed: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = c.arrange(&p2, &handover).await.unwrap_err();
    assert!(matches!(e, ChannelError::Malformed { .. }), "{e:?}");
    assert!(e.outcome_unknown());
    assert!(c.arrange(&p2, &handover).await.unwrap().already);
    assert_eq!(sim.shopee_arranged_count(&orders[2]), 1);
    // Malformed options and package details.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("get_shipping_parameter".into()),
        malformed: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c
        .handover_options(&PackageRef::order(&orders[3]))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Malformed { .. }), "{e:?}");
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("get_package_detail".into()),
        http_500: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c
        .package_tracking(std::slice::from_ref(&p2))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::Transport { .. }), "{e:?}");
    sim.faults().clear();
    assert_eq!(c.package_tracking(&[p2]).await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------
// Airway bills

#[tokio::test]
async fn shopee_fulfil_document_pending_then_ready_pdf() {
    let sim = start_still().await;
    let c = client(&sim);
    let orders = ready(&sim, false);
    let p = PackageRef::order(&orders[0]);
    // Not arranged yet: not printable (every element failed: Shopee's batch refusal,
    // read per package).
    let docs = c.documents(std::slice::from_ref(&p)).await.unwrap();
    assert_eq!(
        rejected(docs[0].1.clone().unwrap_err()).0,
        "logistics.order_status_error"
    );

    c.arrange(&p, &pickup(&c, &p).await).await.unwrap();
    sim.shopee_set_document_polls(2);
    let mut pending = 0;
    let bytes = loop {
        let docs = c.documents(std::slice::from_ref(&p)).await.unwrap();
        assert_eq!(
            docs[0].0.package_id,
            Some(sim.shopee_packages(&orders[0])[0].0.clone())
        );
        match docs.into_iter().next().unwrap().1.unwrap() {
            Document::Pending => pending += 1,
            Document::Ready { mime, bytes } => {
                assert_eq!(mime, "application/pdf");
                break bytes;
            }
        }
        assert!(pending < 10, "never ready");
    };
    assert_eq!(pending, 2, "PROCESSING for the two polls asked");
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(sim.requests_to(DOC_CREATE).len(), 1, "created once");
    let created = sim.requests_to(DOC_CREATE).pop().unwrap().body;
    let el = &created["order_list"][0];
    assert!(
        el["tracking_number"]
            .as_str()
            .unwrap()
            .starts_with("SPXVN0")
    );
    assert_eq!(el["shipping_document_type"], "THERMAL_AIR_WAYBILL");
    assert!(el.get("package_number").is_none());
    // Again: the same file, nothing created anew.
    let again = c.documents(std::slice::from_ref(&p)).await.unwrap();
    assert!(matches!(again[0].1, Ok(Document::Ready { .. })));
    assert_eq!(sim.requests_to(DOC_CREATE).len(), 1);

    // Several at once, one result per package, in order.
    let q = PackageRef::order(&orders[1]);
    c.arrange(&q, &pickup(&c, &q).await).await.unwrap();
    sim.shopee_set_document_polls(0);
    let docs = c.documents(&[q.clone(), p.clone()]).await.unwrap();
    assert_eq!(docs[0].0.order_id, orders[1]);
    assert!(
        docs.iter()
            .all(|(_, d)| matches!(d, Ok(Document::Ready { .. }))),
        "{docs:?}"
    );

    // A cut-off file is malformed, not a document.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("download_shipping_document".into()),
        malformed: Trigger::next(1),
        ..FaultSpec::default()
    });
    let docs = c.documents(std::slice::from_ref(&p)).await.unwrap();
    assert!(
        matches!(docs[0].1, Err(ChannelError::Malformed { .. })),
        "{docs:?}"
    );
}

#[tokio::test]
async fn shopee_fulfil_sim_enforces_the_document_rules() {
    let sim = start_still().await;
    let c = client(&sim);
    let orders = ready(&sim, false);
    let sn = orders[0].clone();
    let p = PackageRef::order(&sn);
    c.arrange(&p, &pickup(&c, &p).await).await.unwrap();
    let tracking = c.tracking_number(&p).await.unwrap().unwrap();
    let order_list = serde_json::json!([{ "order_sn": sn }]);
    // Download before creating.
    let v = raw_post(
        &sim,
        DOC_DOWNLOAD,
        serde_json::json!({ "order_list": order_list }),
    )
    .await;
    assert_eq!(
        error_of(&v),
        "logistics.shipping_document_should_print_first"
    );
    // A type not selectable.
    let v = raw_post(
        &sim,
        DOC_CREATE,
        serde_json::json!({ "order_list": [{ "order_sn": sn, "tracking_number": tracking,
            "shipping_document_type": "THERMAL_JOB_AIR_WAYBILL" }] }),
    )
    .await;
    assert_eq!(error_of(&v), "common.batch_api_all_failed");
    assert_eq!(
        v["response"]["result_list"][0]["fail_error"],
        "logistics.shipping_document_type_invalid"
    );
    // A wrong tracking number.
    let v = raw_post(
        &sim,
        DOC_CREATE,
        serde_json::json!({ "order_list": [{ "order_sn": sn, "tracking_number": "SPXVN0000" }] }),
    )
    .await;
    assert_eq!(
        v["response"]["result_list"][0]["fail_error"],
        "logistics.tracking_number_invalid"
    );
    // Created, not ready yet: download later.
    let v = raw_post(
        &sim,
        DOC_CREATE,
        serde_json::json!({ "order_list": [{ "order_sn": sn, "tracking_number": tracking }] }),
    )
    .await;
    assert_eq!(error_of(&v), "", "{v}");
    let v = raw_post(
        &sim,
        DOC_DOWNLOAD,
        serde_json::json!({ "order_list": order_list }),
    )
    .await;
    assert_eq!(error_of(&v), "logistics.download_later");
    let v = raw_post(
        &sim,
        DOC_RESULT,
        serde_json::json!({ "order_list": order_list }),
    )
    .await;
    assert_eq!(v["response"]["result_list"][0]["status"], "PROCESSING");
    let v = raw_post(
        &sim,
        DOC_RESULT,
        serde_json::json!({ "order_list": order_list }),
    )
    .await;
    assert_eq!(v["response"]["result_list"][0]["status"], "READY");
    // Created twice: the task is kept (unclear in the reference; see the sim).
    let v = raw_post(
        &sim,
        DOC_CREATE,
        serde_json::json!({ "order_list": [{ "order_sn": sn, "tracking_number": tracking }] }),
    )
    .await;
    assert_eq!(error_of(&v), "");
    let docs = c.documents(std::slice::from_ref(&p)).await.unwrap();
    assert!(matches!(docs[0].1, Ok(Document::Ready { .. })));
    // 51 elements.
    let many: Vec<Value> = (0..51)
        .map(|_| serde_json::json!({ "order_sn": sn }))
        .collect();
    let v = raw_post(&sim, DOC_RESULT, serde_json::json!({ "order_list": many })).await;
    assert_eq!(error_of(&v), "logistics.error_param");
    assert_eq!(v["message"], "The batch request reach limit 50");
}

// ---------------------------------------------------------------------------------
// Where the parcel is

#[tokio::test]
async fn shopee_fulfil_package_moves_to_delivered_and_the_order_completes() {
    let sim = start_at(0.5).await;
    let c = client(&sim);
    let sn = ready(&sim, false).remove(0);
    let p = PackageRef::order(&sn);
    let arranged = c.arrange(&p, &pickup(&c, &p).await).await.unwrap();
    let mut seen = Vec::new();
    let t0 = Instant::now();
    let last = loop {
        let t = c
            .package_tracking(std::slice::from_ref(&arranged.package))
            .await
            .unwrap();
        assert_eq!(t.len(), 1);
        let t = t.into_iter().next().unwrap();
        if seen.last() != Some(&t.tracking.status) {
            seen.push(t.tracking.status);
        }
        if t.tracking.status == ShipmentStatus::Delivered {
            break t;
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "stuck at {seen:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(seen.first(), Some(&ShipmentStatus::ReadyToPick), "{seen:?}");
    assert_eq!(last.tracking.carrier_status, "LOGISTICS_DELIVERY_DONE");
    let statuses: Vec<ShipmentStatus> = last.tracking.events.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            ShipmentStatus::ReadyToPick,
            ShipmentStatus::PickedUp,
            ShipmentStatus::InTransit,
            ShipmentStatus::Delivered
        ]
    );
    assert!(
        last.tracking_number
            .as_deref()
            .is_some_and(|n| n.starts_with("SPXVN0"))
    );
    assert_eq!(last.carrier, "SPX Express");
    // The order followed (a step later), and its update_time with it.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let o = c
        .order_details(std::slice::from_ref(&sn))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "COMPLETED");
    assert!(o.updated_at > Utc::now() - chrono::Duration::seconds(30));
    // Past pickup the AWB is no longer printable.
    let docs = c.documents(std::slice::from_ref(&p)).await.unwrap();
    assert_eq!(
        rejected(docs[0].1.clone().unwrap_err()).0,
        "logistics.order_status_error"
    );
    // Unknown packages are left out.
    let none = c
        .package_tracking(&[PackageRef {
            order_id: sn.clone(),
            package_id: Some("OFG000000000000001".into()),
        }])
        .await
        .unwrap();
    assert!(none.is_empty());
}

// ---------------------------------------------------------------------------------
// Buyers' cancellation requests

#[tokio::test]
async fn shopee_fulfil_cancel_request_listed_accepted_rejected_once() {
    let sim = start_still().await;
    let c = client_with_timeout(&sim, Duration::from_millis(400));
    let orders = ready(&sim, false);
    let (a, b, quiet) = (orders[0].clone(), orders[1].clone(), orders[2].clone());
    assert!(sim.shopee_request_cancel(&a, "Need to change delivery address"));
    assert!(sim.shopee_request_cancel(&b, "Modify existing order"));
    let reqs = c
        .cancel_requests(&[a.clone(), b.clone(), quiet.clone()])
        .await
        .unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].id, a);
    assert_eq!(reqs[0].reason, "Need to change delivery address");
    assert!(reqs[0].can_reject);
    // An order waiting on its buyer's request is not arranged.
    let e = c
        .arrange(
            &PackageRef::order(&a),
            &Handover::DropOff {
                branch_id: Some("30001".into()),
                sender_name: Some("An".into()),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "logistics.ship_order_not_ready_to_ship");

    // Accept: the order is cancelled; the same decision again is no change.
    c.decide_cancel(&reqs[0], &CancelDecision::Accept, "k-a")
        .await
        .unwrap();
    let o = c
        .order_details(std::slice::from_ref(&a))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "CANCELLED");
    c.decide_cancel(&reqs[0], &CancelDecision::Accept, "k-a")
        .await
        .unwrap();
    assert_eq!(sim.shopee_cancel_decisions(&a), ["ACCEPT"]);
    // The other decision is refused: Shopee only decides an IN_CANCEL order.
    let e = c
        .decide_cancel(
            &reqs[0],
            &CancelDecision::Reject {
                reason: String::new(),
            },
            "k-a2",
        )
        .await
        .unwrap_err();
    assert_eq!(rejected(e).0, "order.cancel_order_invalid_status");
    let v = raw_post(
        &sim,
        BUYER_CANCELLATION,
        serde_json::json!({ "order_sn": a, "operation": "ACCEPT" }),
    )
    .await;
    assert_eq!(error_of(&v), "order.cancel_order_invalid_status");
    let v = raw_post(
        &sim,
        BUYER_CANCELLATION,
        serde_json::json!({ "order_sn": b, "operation": "MAYBE" }),
    )
    .await;
    assert_eq!(error_of(&v), "error_param");

    // Reject, with the reply lost: the retry finds it done.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::Shopee),
        path_contains: Some("handle_buyer_cancellation".into()),
        delay_ms: 1_500,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let reject = CancelDecision::Reject {
        reason: String::new(),
    };
    let e = c.decide_cancel(&reqs[1], &reject, "k-b").await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    c.decide_cancel(&reqs[1], &reject, "k-b").await.unwrap();
    assert_eq!(sim.shopee_cancel_decisions(&b), ["REJECT"]);
    let o = c
        .order_details(std::slice::from_ref(&b))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(o.channel_status, "READY_TO_SHIP");
    assert!(
        c.cancel_requests(std::slice::from_ref(&b))
            .await
            .unwrap()
            .is_empty()
    );
    // Back in business: it ships.
    let p = PackageRef::order(&b);
    assert!(!c.arrange(&p, &pickup(&c, &p).await).await.unwrap().already);

    // A request on an arranged parcel, accepted: the package is cancelled with it.
    assert!(sim.shopee_request_cancel(&b, "Change of mind"));
    let req = c
        .cancel_requests(std::slice::from_ref(&b))
        .await
        .unwrap()
        .remove(0);
    c.decide_cancel(&req, &CancelDecision::Accept, "k-b2")
        .await
        .unwrap();
    assert_eq!(
        sim.shopee_package_status(&b).as_deref(),
        Some("LOGISTICS_REQUEST_CANCELED")
    );
    let t = c.package_tracking(&[p]).await.unwrap().remove(0);
    assert_eq!(t.tracking.status, ShipmentStatus::Cancelled);
    // Only before the parcel leaves, and only on a live order.
    assert!(!sim.shopee_request_cancel(&a, "again"));
}
