//! TikTok Shop fulfilment against the simulator (issue 16): packages, handover slots,
//! Ship (one and batch), documents, package tracking, buyers' cancellation requests, the
//! documented refusals and every fault — with the exactly-once cases (a Ship or a
//! decision carried out whose reply is lost, then looked up and retried: one shipment).

use super::*;
use orderdeck_integrations::carrier::ShipmentStatus;
use orderdeck_integrations::marketplace::fulfil::{
    CancelDecision, Document, Fulfilment, Handover, PackageRef,
};

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

fn client_with_timeout(sim: &SimHandle, timeout: Duration) -> TikTokClient {
    let keeper = TokenKeeper::new(
        ChannelKind::TikTok,
        "7494726673780148744",
        Some(sim.tiktok_authorize()),
        MemoryTokenStore::new(),
    );
    TikTokClient::with_timeout(&sim.tiktok_config(), keeper, timeout).unwrap()
}

fn client(sim: &SimHandle) -> TikTokClient {
    client_with_timeout(sim, Duration::from_secs(5))
}

/// `n` fresh orders ready to ship (AWAITING_SHIPMENT, package TO_FULFILL).
fn ready(sim: &SimHandle, n: usize) -> Vec<String> {
    let ids = sim.tiktok_add_orders(n, Utc::now(), "AWAITING_SHIPMENT");
    let listed = sim.tiktok_ready_orders();
    assert!(ids.iter().all(|id| listed.contains(id)));
    ids
}

fn order(id: &str) -> PackageRef {
    PackageRef::order(id)
}

fn drop_off() -> Handover {
    Handover::DropOff {
        branch_id: None,
        sender_name: None,
    }
}

fn rejected_code(e: &ChannelError) -> &str {
    match e {
        ChannelError::Rejected { code, .. } => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A raw signed shop call, to see the simulated platform's own answer.
async fn raw(
    sim: &SimHandle,
    post: bool,
    path: &str,
    extra: &[(&str, &str)],
    body: Option<&str>,
) -> Value {
    let cfg = sim.tiktok_config();
    let token = sim.tiktok_authorize().access_token;
    let mut q: Vec<(&str, String)> = vec![
        ("app_key", cfg.app_key.clone()),
        ("timestamp", Utc::now().timestamp().to_string()),
        ("shop_cipher", sim.tiktok_shop().0.to_string()),
    ];
    q.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sign = signing::tiktok_sign(&cfg.app_secret, path, &pairs, body);
    q.push(("sign", sign));
    let url = format!("{}{path}", cfg.base_url);
    let c = reqwest::Client::new();
    let mut r = if post { c.post(url) } else { c.get(url) }
        .query(&q)
        .header("x-tts-access-token", token.expose());
    if let Some(b) = body {
        r = r
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    r.send().await.unwrap().json().await.unwrap()
}

async fn package_detail(sim: &SimHandle, order_id: &str) -> Value {
    let pid = sim.tiktok_package_id(order_id).unwrap();
    raw(
        sim,
        false,
        &format!("/fulfillment/202309/packages/{pid}"),
        &[],
        None,
    )
    .await
}

#[tokio::test]
async fn tiktok_fulfil_paid_orders_carry_their_package_ship_by_and_masks() {
    let sim = start_at(2.0).await;
    let c = client(&sim);
    let id = ready(&sim, 1).remove(0);
    let v = raw(&sim, false, "/order/202309/orders", &[("ids", &id)], None).await;
    let o = &v["data"]["orders"][0];
    let pid = sim.tiktok_package_id(&id).unwrap();
    assert_eq!(o["packages"][0]["id"], pid.as_str(), "{o}");
    assert_eq!(o["line_items"][0]["package_id"], pid.as_str());
    assert_eq!(o["line_items"][0]["package_status"], "TO_FULFILL");

    let got = c.order_details(std::slice::from_ref(&id)).await.unwrap();
    assert!(!got[0].buyer_masked, "{:?}", got[0].buyer);
    assert!(!got[0].seller_shipping);
    let ship_by = got[0].ship_by.expect("rts_sla_time read");
    assert!(ship_by > got[0].created_at, "{ship_by}");

    // Masked from now on, as under platform logistics.
    assert!(sim.tiktok_mask_buyer(&id));
    let got = c.order_details(std::slice::from_ref(&id)).await.unwrap();
    assert!(got[0].buyer_masked);
    assert!(
        got[0].buyer.phone.contains("*****"),
        "{}",
        got[0].buyer.phone
    );
    assert!(got[0].buyer.name.contains("***"), "{}", got[0].buyer.name);

    // About a third of the seeded paid orders come masked.
    let paid: Vec<String> = sim
        .tiktok_orders_updated(0, Utc::now().timestamp() + 1)
        .into_iter()
        .filter(|o| sim.tiktok_package_id(o).is_some())
        .collect();
    let details = c.order_details(&paid).await.unwrap();
    let masked = details.iter().filter(|o| o.buyer_masked).count();
    let share = masked as f64 / details.len() as f64;
    assert!((0.2..0.5).contains(&share), "{masked} of {}", details.len());

    // A seller-shipping order says so.
    assert!(sim.tiktok_set_seller_shipping(&id));
    let got = c.order_details(std::slice::from_ref(&id)).await.unwrap();
    assert!(got[0].seller_shipping);
}

/// The whole way: options, a pickup slot, the tracking number, the label after one
/// "still generating", and the parcel moving by itself (order and package), with
/// `update_time` moving so an order pull sees it.
#[tokio::test]
async fn tiktok_fulfil_pickup_label_and_movement() {
    let sim = start_at(0.7).await;
    let c = client(&sim);
    let id = ready(&sim, 1).remove(0);
    let before = c.order_details(std::slice::from_ref(&id)).await.unwrap()[0].updated_at;

    let opts = c.handover_options(&order(&id)).await.unwrap();
    let pid = sim.tiktok_package_id(&id).unwrap();
    assert_eq!(opts.package.package_id.as_deref(), Some(pid.as_str()));
    assert!(!opts.seller_ship);
    assert_eq!(opts.dropoff, Some(vec![]));
    assert!(opts.ship_by.is_some());
    let pickup = opts.pickup.expect("pickup offered");
    assert_eq!(pickup.len(), 1);
    assert!(!pickup[0].label.is_empty());
    let slot = pickup[0].slots[0].clone();
    assert!(slot.start.unwrap() < slot.end.unwrap());
    let (a, b) = slot.id.split_once('-').unwrap();
    assert_eq!(a.parse::<i64>().unwrap(), slot.start.unwrap().timestamp());
    assert_eq!(b.parse::<i64>().unwrap(), slot.end.unwrap().timestamp());

    // Before arranging there is nothing to find and no label.
    assert_eq!(c.find_arranged(&order(&id)).await.unwrap(), None);
    let docs = c.documents(&[order(&id)]).await.unwrap();
    assert_eq!(rejected_code(docs[0].1.as_ref().unwrap_err()), "21023035");

    let done = c
        .arrange(
            &order(&id),
            &Handover::Pickup {
                address_id: String::new(),
                slot_id: Some(slot.id.clone()),
            },
        )
        .await
        .unwrap();
    assert!(!done.already);
    assert_eq!(done.package.package_id.as_deref(), Some(pid.as_str()));
    let tracking = done.tracking_number.clone().expect("a tracking number");
    assert_eq!(done.carrier, "J&T Express");
    assert_eq!(sim.tiktok_arranged_count(&id), 1);
    assert_eq!(
        sim.tiktok_package_status(&id).as_deref(),
        Some("PROCESSING")
    );
    let sent = sim.requests_to(&format!("/packages/{pid}/ship"));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body["handover_method"], "PICKUP");
    assert_eq!(
        sent[0].body["pickup_slot"]["start_time"],
        slot.start.unwrap().timestamp()
    );
    let d = package_detail(&sim, &id).await;
    assert_eq!(d["data"]["handover_method"], "PICKUP", "{d}");
    assert_eq!(
        c.tracking_number(&order(&id)).await.unwrap(),
        Some(tracking.clone())
    );
    let found = c.find_arranged(&order(&id)).await.unwrap().unwrap();
    assert_eq!(found.tracking_number, Some(tracking.clone()));

    // The label: still generating once (the default), then a PDF.
    let docs = c.documents(&[order(&id)]).await.unwrap();
    assert_eq!(docs[0].1.as_ref().unwrap(), &Document::Pending);
    let docs = c.documents(&[order(&id)]).await.unwrap();
    match docs[0].1.as_ref().unwrap() {
        Document::Ready { mime, bytes } => {
            assert_eq!(mime, "application/pdf");
            assert!(bytes.starts_with(b"%PDF"), "{:?}", &bytes[..8]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(docs[0].0.package_id.as_deref(), Some(pid.as_str()));

    let now = c.order_details(std::slice::from_ref(&id)).await.unwrap();
    assert_eq!(now[0].status, ChannelStatus::AwaitingPickup);
    assert!(now[0].updated_at > before);
    let t = c.package_tracking(&[order(&id)]).await.unwrap();
    assert_eq!(t[0].tracking.status, ShipmentStatus::ReadyToPick);
    assert_eq!(t[0].tracking.carrier_status, "PROCESSING");
    assert_eq!(t[0].tracking_number, Some(tracking.clone()));

    // It moves by itself: collected, delivered, completed.
    let t0 = Instant::now();
    let mut seen = Vec::new();
    loop {
        let t = c.package_tracking(&[order(&id)]).await.unwrap();
        let s = t[0].tracking.status;
        if seen.last() != Some(&s) {
            seen.push(s);
        }
        let o = c.order_details(std::slice::from_ref(&id)).await.unwrap();
        if o[0].status == ChannelStatus::Completed {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(20), "{seen:?}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert!(seen.contains(&ShipmentStatus::InTransit), "{seen:?}");
    assert_eq!(seen.last(), Some(&ShipmentStatus::Delivered), "{seen:?}");
    // After pickup the label can no longer be printed.
    let docs = c.documents(&[order(&id)]).await.unwrap();
    assert_eq!(rejected_code(docs[0].1.as_ref().unwrap_err()), "21042102");
    // The pull sees the move.
    let range = TimeRange {
        from: Utc::now() - chrono::Duration::seconds(30),
        to: Utc::now() + chrono::Duration::seconds(1),
    };
    let page = c.orders_changed(range, None).await.unwrap();
    assert!(page.orders.iter().any(|o| o.external_id == id));
}

#[tokio::test]
async fn tiktok_fulfil_documented_ship_refusals() {
    let sim = start_at(30.0).await;
    let c = client(&sim);
    let ids = ready(&sim, 6);

    // A slot the platform did not list.
    let e = c
        .arrange(
            &order(&ids[0]),
            &Handover::Pickup {
                address_id: String::new(),
                slot_id: Some("1000-2000".into()),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "21011053");
    assert_eq!(sim.tiktok_arranged_count(&ids[0]), 0);

    // Pickup without a slot where drop-off is offered: taken as drop-off (A3.4).
    let pickup_no_slot = Handover::Pickup {
        address_id: String::new(),
        slot_id: None,
    };
    let done = c.arrange(&order(&ids[0]), &pickup_no_slot).await.unwrap();
    assert!(!done.already);
    assert_eq!(
        package_detail(&sim, &ids[0]).await["data"]["handover_method"],
        "DROP_OFF"
    );
    // ... and where it is not: "missing pickup slot".
    assert!(sim.tiktok_set_handover(&ids[1], true, false));
    let e = c
        .arrange(&order(&ids[1]), &pickup_no_slot)
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "21011054");
    let opts = c.handover_options(&order(&ids[1])).await.unwrap();
    assert_eq!(opts.dropoff, None);

    // A second Ship: the platform says 21011040; the adapter says "already".
    let pid = sim.tiktok_package_id(&ids[0]).unwrap();
    let v = raw(
        &sim,
        true,
        &format!("/fulfillment/202309/packages/{pid}/ship"),
        &[],
        Some(r#"{"handover_method":"DROP_OFF"}"#),
    )
    .await;
    assert_eq!(v["code"], 21011040, "{v}");
    let again = c.arrange(&order(&ids[0]), &drop_off()).await.unwrap();
    assert!(again.already);
    assert_eq!(again.tracking_number, done.tracking_number);
    assert_eq!(sim.tiktok_arranged_count(&ids[0]), 1);

    // A cancelled order.
    assert!(sim.tiktok_set_order_status(&ids[2], "CANCELLED"));
    let e = c.arrange(&order(&ids[2]), &drop_off()).await.unwrap_err();
    assert_eq!(rejected_code(&e), "21011041");

    // A buyer's cancellation request waits: process it first.
    assert!(sim.tiktok_request_cancel(
        &ids[3],
        "ecom_order_to_ship_canceled_reason_created_by_mistakes"
    ));
    assert!(!sim.tiktok_ready_orders().contains(&ids[3]));
    let e = c.arrange(&order(&ids[3]), &drop_off()).await.unwrap_err();
    assert_eq!(rejected_code(&e), "21008044");

    // A handover method TikTok does not know, and self_shipment on TikTok Shipping.
    let pid4 = sim.tiktok_package_id(&ids[4]).unwrap();
    let path = format!("/fulfillment/202309/packages/{pid4}/ship");
    let v = raw(
        &sim,
        true,
        &path,
        &[],
        Some(r#"{"handover_method":"COURIER"}"#),
    )
    .await;
    assert_eq!(v["code"], 21001001, "{v}");
    let v = raw(
        &sim,
        true,
        &path,
        &[],
        Some(r#"{"handover_method":"PICKUP","pickup_slot":{"start_time":"soon","end_time":2}}"#),
    )
    .await;
    assert_eq!(v["code"], 21001001, "{v}");
    let e = c
        .arrange(
            &order(&ids[4]),
            &Handover::SellerShipped {
                provider: "6617675021119438849".into(),
                tracking_number: "GHN123".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "21001001");
    // Nothing sent for a handover TikTok has no such thing as.
    let e = c
        .arrange(&order(&ids[4]), &Handover::Platform { provider: None })
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "not_sent");
    assert_eq!(sim.tiktok_arranged_count(&ids[4]), 0);

    // A seller-shipping order: our carrier's number goes with Ship; no TikTok label.
    assert!(sim.tiktok_set_seller_shipping(&ids[5]));
    let opts = c.handover_options(&order(&ids[5])).await.unwrap();
    assert!(opts.seller_ship && opts.pickup.is_none() && opts.dropoff.is_none());
    let e = c.arrange(&order(&ids[5]), &drop_off()).await.unwrap_err();
    assert_eq!(rejected_code(&e), "21001001");
    let ours = Handover::SellerShipped {
        provider: "6617675021119438849".into(),
        tracking_number: "GHNVN12345".into(),
    };
    let done = c.arrange(&order(&ids[5]), &ours).await.unwrap();
    assert_eq!(done.tracking_number.as_deref(), Some("GHNVN12345"));
    let docs = c.documents(&[order(&ids[5])]).await.unwrap();
    assert_eq!(rejected_code(docs[0].1.as_ref().unwrap_err()), "11034002");
}

#[tokio::test]
async fn tiktok_fulfil_documents_pending_for_n_polls_and_checked_params() {
    let sim = start_at(30.0).await;
    let c = client(&sim);
    sim.tiktok_set_document_polls(3);
    let ids = ready(&sim, 2);
    let results = c
        .arrange_many(&order_refs(&ids), &drop_off())
        .await
        .unwrap();
    assert!(results.iter().all(|r| r.outcome.is_ok()), "{results:?}");
    for round in 0..3 {
        let docs = c.documents(&order_refs(&ids)).await.unwrap();
        for (p, d) in &docs {
            assert_eq!(d.as_ref().unwrap(), &Document::Pending, "{round} {p:?}");
        }
    }
    let docs = c.documents(&order_refs(&ids)).await.unwrap();
    assert_eq!(docs.len(), 2);
    for (_, d) in docs {
        let Document::Ready { bytes, .. } = d.unwrap() else {
            panic!("not ready");
        };
        assert!(bytes.starts_with(b"%PDF"));
    }
    let asked = sim.requests_to("/shipping_documents");
    assert!(
        asked
            .iter()
            .all(|r| r.query_param("document_type") == Some("SHIPPING_LABEL")
                && r.query_param("document_size") == Some("A6"))
    );
    // The platform's own checks on the parameters.
    let pid = sim.tiktok_package_id(&ids[0]).unwrap();
    let path = format!("/fulfillment/202309/packages/{pid}/shipping_documents");
    let v = raw(&sim, false, &path, &[], None).await;
    assert_eq!(v["code"], 21001001, "{v}");
    let v = raw(&sim, false, &path, &[("document_type", "LABEL")], None).await;
    assert_eq!(v["code"], 21001001, "{v}");
    let v = raw(
        &sim,
        false,
        &path,
        &[("document_type", "SHIPPING_LABEL"), ("document_size", "A4")],
        None,
    )
    .await;
    assert_eq!(v["code"], 21001001, "{v}");
    let v = raw(
        &sim,
        false,
        &path,
        &[("document_type", "SHIPPING_LABEL")],
        None,
    )
    .await;
    assert_eq!(v["code"], 0, "{v}");
    let url = v["data"]["doc_url"].as_str().unwrap();
    let got = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    assert!(got.starts_with(b"%PDF"));
}

fn order_refs(ids: &[String]) -> Vec<PackageRef> {
    ids.iter().map(|id| order(id)).collect()
}

#[tokio::test]
async fn tiktok_fulfil_slots_in_either_spelling() {
    let sim = start_at(30.0).await;
    let c = client(&sim);
    let id = ready(&sim, 1).remove(0);
    let pid = sim.tiktok_package_id(&id).unwrap();
    let path = format!("/fulfillment/202309/packages/{pid}/handover_time_slots");
    let v = raw(&sim, false, &path, &[], None).await;
    assert!(
        v["data"]["pickup_slots"][0].get("avaliable").is_some(),
        "{v}"
    );
    let documented = c.handover_options(&order(&id)).await.unwrap();
    sim.tiktok_spell_slots_available(true);
    let v = raw(&sim, false, &path, &[], None).await;
    assert!(
        v["data"]["pickup_slots"][0].get("available").is_some(),
        "{v}"
    );
    let other = c.handover_options(&order(&id)).await.unwrap();
    assert_eq!(documented.pickup, other.pickup);
    // Slots the platform marks unavailable are not offered.
    let listed = v["data"]["pickup_slots"].as_array().unwrap().len();
    let free = v["data"]["pickup_slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["available"] == true)
        .count();
    assert_eq!(other.pickup.unwrap()[0].slots.len(), free);
    assert!(free >= 1 && free <= listed);
}

/// THE exactly-once case: the platform ships, the reply is lost (a timeout), the caller
/// looks (`find_arranged` → Some), a retried arrange says "already": one shipment.
#[tokio::test]
async fn tiktok_fulfil_ship_timeout_after_accept_retried_is_one_shipment() {
    let sim = start_at(30.0).await;
    let c = client_with_timeout(&sim, Duration::from_secs(2));
    let id = ready(&sim, 1).remove(0);
    c.handover_options(&order(&id)).await.unwrap();
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/ship".into()),
        delay_ms: 3_000,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&order(&id), &drop_off()).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(sim.tiktok_arranged_count(&id), 1, "the platform did ship");
    let found = c.find_arranged(&order(&id)).await.unwrap().expect("found");
    assert!(found.tracking_number.is_some());
    let again = c.arrange(&order(&id), &drop_off()).await.unwrap();
    assert!(again.already);
    assert_eq!(again.tracking_number, found.tracking_number);
    assert_eq!(sim.tiktok_arranged_count(&id), 1);

    // The same through Batch Ship.
    let ids = ready(&sim, 3);
    sim.faults()
        .update(|f| f.accept_then_timeout = Trigger::next(1));
    let r = c
        .arrange_many(&order_refs(&ids), &drop_off())
        .await
        .unwrap();
    assert!(r.iter().all(|r| r.outcome.is_ok()), "{r:?}");
    let r = c
        .arrange_many(&order_refs(&ids), &drop_off())
        .await
        .unwrap();
    assert!(
        r.iter().all(|r| r.outcome.as_ref().unwrap().already),
        "{r:?}"
    );
    for id in &ids {
        assert_eq!(sim.tiktok_arranged_count(id), 1);
    }
}

#[tokio::test]
async fn tiktok_fulfil_faults_429_5xx_malformed_and_timeout() {
    let sim = start_at(30.0).await;
    let c = client_with_timeout(&sim, Duration::from_secs(2));
    let ids = ready(&sim, 4);
    c.handover_options(&order(&ids[0])).await.unwrap();

    // 429: waited out; without waiting, RateLimited.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/fulfillment/".into()),
        retry_after_secs: 1,
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    });
    let t0 = Instant::now();
    c.handover_options(&order(&ids[0])).await.unwrap();
    assert!(t0.elapsed() >= Duration::from_secs(1));
    sim.faults().update(|f| f.rate_limit = Trigger::next(1));
    let e = c
        .clone()
        .with_retry(RetryPolicy::NEVER)
        .find_arranged(&order(&ids[0]))
        .await
        .unwrap_err();
    assert!(matches!(e, ChannelError::RateLimited { .. }), "{e:?}");

    // 503 on Ship: no answer, nothing done; the look-up finds nothing; a retry ships.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/ship".into()),
        http_503: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&order(&ids[0]), &drop_off()).await.unwrap_err();
    assert!(
        matches!(e, ChannelError::Transport { .. }) && e.outcome_unknown(),
        "{e:?}"
    );
    assert_eq!(c.find_arranged(&order(&ids[0])).await.unwrap(), None);
    assert!(
        !c.arrange(&order(&ids[0]), &drop_off())
            .await
            .unwrap()
            .already
    );
    assert_eq!(sim.tiktok_arranged_count(&ids[0]), 1);

    // A malformed reply to Ship (carried out, the body cut): outcome unknown, found.
    sim.faults().update(|f| f.malformed = Trigger::next(1));
    let e = c.arrange(&order(&ids[1]), &drop_off()).await.unwrap_err();
    assert!(
        matches!(e, ChannelError::Malformed { .. }) && e.outcome_unknown(),
        "{e:?}"
    );
    assert!(c.find_arranged(&order(&ids[1])).await.unwrap().is_some());
    assert!(
        c.arrange(&order(&ids[1]), &drop_off())
            .await
            .unwrap()
            .already
    );
    assert_eq!(sim.tiktok_arranged_count(&ids[1]), 1);

    // A malformed slot list: Malformed, never a panic.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/handover_time_slots".into()),
        malformed: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.handover_options(&order(&ids[2])).await.unwrap_err();
    assert!(matches!(e, ChannelError::Malformed { .. }), "{e:?}");

    // A plain timeout (nothing done): Transport; nothing arranged.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/ship".into()),
        delay_ms: 3_000,
        timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.arrange(&order(&ids[2]), &drop_off()).await.unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    assert_eq!(c.find_arranged(&order(&ids[2])).await.unwrap(), None);
    assert_eq!(sim.tiktok_arranged_count(&ids[2]), 0);

    // 500 on the document: that package's error, the others still answered.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/shipping_documents".into()),
        http_500: Trigger::next(1),
        ..FaultSpec::default()
    });
    let docs = c
        .documents(&[order(&ids[0]), order(&ids[1])])
        .await
        .unwrap();
    assert!(matches!(docs[0].1, Err(ChannelError::Transport { .. })));
    assert_eq!(docs[1].1.as_ref().unwrap(), &Document::Pending);
}

#[tokio::test]
async fn tiktok_fulfil_batch_ship_by_fifty_with_per_package_outcomes() {
    let sim = start_at(30.0).await;
    let c = client(&sim);
    let ids = ready(&sim, 62);
    // One shipped before (Seller Center), one cancelled, one unknown order.
    c.arrange(&order(&ids[5]), &drop_off()).await.unwrap();
    assert!(sim.tiktok_set_order_status(&ids[7], "CANCELLED"));
    let mut asked = order_refs(&ids);
    asked.push(order("1729999999999999999"));
    let r = c.arrange_many(&asked, &drop_off()).await.unwrap();
    assert_eq!(r.len(), 63);
    let calls = sim.requests_to("/fulfillment/202309/packages/ship");
    assert_eq!(calls.len(), 2, "50 + 12");
    assert_eq!(calls[0].body["packages"].as_array().unwrap().len(), 50);
    assert_eq!(calls[0].body["packages"][0]["handover_method"], "DROP_OFF");
    assert!(r[5].outcome.as_ref().unwrap().already);
    assert!(
        r[7].outcome.as_ref().unwrap_err().starts_with("21011041"),
        "{:?}",
        r[7]
    );
    assert!(r[62].outcome.is_err());
    for (i, x) in r.iter().enumerate().take(62) {
        if i == 5 || i == 7 {
            continue;
        }
        let a = x.outcome.as_ref().unwrap();
        assert!(!a.already && a.tracking_number.is_some(), "{i}: {x:?}");
        assert_eq!(a.package.order_id, ids[i]);
        assert_eq!(sim.tiktok_arranged_count(&ids[i]), 1);
    }
    assert_eq!(sim.tiktok_arranged_count(&ids[5]), 1);
    assert_eq!(sim.tiktok_arranged_count(&ids[7]), 0);
    // Our own tracking number cannot ship many.
    let e = c
        .arrange_many(
            &asked[..2],
            &Handover::SellerShipped {
                provider: "1".into(),
                tracking_number: "X1".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "not_sent");
}

#[tokio::test]
async fn tiktok_fulfil_buyer_cancellation_requests_accept_and_reject_once() {
    let sim = start_at(30.0).await;
    let c = client_with_timeout(&sim, Duration::from_secs(2));
    let ids = ready(&sim, 3);
    assert!(sim.tiktok_request_cancel(&ids[0], "ecom_order_to_ship_canceled_reason_better_price"));
    assert!(sim.tiktok_request_cancel(&ids[1], "Tôi đặt nhầm màu"));
    assert!(
        !sim.tiktok_request_cancel(&ids[1], "again"),
        "one at a time"
    );
    let list = c.cancel_requests(&ids).await.unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let first = list.iter().find(|r| r.order_id == ids[0]).unwrap().clone();
    let second = list.iter().find(|r| r.order_id == ids[1]).unwrap().clone();
    assert_eq!(first.reason, "Tìm được giá tốt hơn");
    assert_eq!(second.reason, "Tôi đặt nhầm màu");
    assert!(first.can_reject && first.respond_by.unwrap() > Utc::now());
    let sent = sim.requests_to("/cancellations/search");
    assert_eq!(sent[0].body["cancel_types"][0], "BUYER_CANCEL");
    assert_eq!(sent[0].body["locale"], "vi-VN");

    // Accepted; the reply is lost; the same key again: the same answer, done once.
    sim.faults().set(FaultSpec {
        channel: Some(ChannelKind::TikTok),
        path_contains: Some("/approve".into()),
        delay_ms: 3_000,
        accept_then_timeout: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c
        .decide_cancel(&first, &CancelDecision::Accept, "key-1")
        .await
        .unwrap_err();
    assert!(e.outcome_unknown(), "{e:?}");
    c.decide_cancel(&first, &CancelDecision::Accept, "key-1")
        .await
        .unwrap();
    let o = c
        .order_details(std::slice::from_ref(&ids[0]))
        .await
        .unwrap();
    assert_eq!(o[0].status, ChannelStatus::Cancelled);
    assert_eq!(
        sim.tiktok_package_status(&ids[0]).as_deref(),
        Some("CANCELLED")
    );
    // A new decision on a decided request is refused.
    let e = c
        .decide_cancel(&first, &CancelDecision::Accept, "key-2")
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "25011012");

    // Reject: the reason must be from the VN list.
    let e = c
        .decide_cancel(
            &second,
            &CancelDecision::Reject {
                reason: "we_dont_want_to".into(),
            },
            "key-3",
        )
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "25001014");
    let e = c
        .decide_cancel(
            &second,
            &CancelDecision::Reject {
                reason: "seller_cancel_reason_out_of_stock".into(),
            },
            "key-3",
        )
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "25001016");
    let packed = CancelDecision::Reject {
        reason: "seller_reject_apply_product_has_been_packed".into(),
    };
    c.decide_cancel(&second, &packed, "key-3").await.unwrap();
    c.decide_cancel(&second, &packed, "key-3").await.unwrap();
    let e = c
        .decide_cancel(&second, &packed, "key-4")
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), "25011011");
    let sent = sim.requests_to("/reject");
    assert_eq!(
        sent.last().unwrap().query_param("idempotency_key"),
        Some("key-4")
    );
    // Nothing waits any more; the rejected order ships.
    assert!(c.cancel_requests(&ids).await.unwrap().is_empty());
    assert!(c.cancel_requests(&[]).await.unwrap().is_empty());
    assert!(
        !c.arrange(&order(&ids[1]), &drop_off())
            .await
            .unwrap()
            .already
    );
    let o = c
        .order_details(std::slice::from_ref(&ids[1]))
        .await
        .unwrap();
    assert_eq!(o[0].status, ChannelStatus::AwaitingPickup);
    // The accepted one cannot ship.
    let e = c.arrange(&order(&ids[0]), &drop_off()).await.unwrap_err();
    assert_eq!(rejected_code(&e), "21011041");

    // The search's own checks: page_size 1–50.
    let v = raw(
        &sim,
        true,
        "/return_refund/202309/cancellations/search",
        &[("page_size", "51")],
        Some("{}"),
    )
    .await;
    assert_ne!(v["code"], 0, "{v}");
    // Both spellings of the "request cancelled" status filter.
    for status in [
        "CANCELLATION_REQUEST_CANCEL",
        "CANCELLATION_REQUEST_CANCELLED",
    ] {
        let body = format!(r#"{{"cancel_status":["{status}"]}}"#);
        let v = raw(
            &sim,
            true,
            "/return_refund/202309/cancellations/search",
            &[("page_size", "10")],
            Some(&body),
        )
        .await;
        assert_eq!(
            v["data"]["cancellations"].as_array().unwrap().len(),
            1,
            "{v}"
        );
    }
}
