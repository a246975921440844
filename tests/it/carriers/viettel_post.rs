//! Every call of Viettel Post against the simulator.

use super::*;

#[tokio::test]
async fn vtp_quote_create_find_track_label() {
    let sim = start(0.03).await;
    let c = vtp(&sim, 2000);

    let express = c.quote(&parcel("Q-1", Service::Express)).await.unwrap();
    let economy = c.quote(&parcel("Q-1", Service::Economy)).await.unwrap();
    assert!(express.fee > economy.fee, "{express:?} vs {economy:?}");
    assert!(express.expected_delivery.unwrap() < economy.expected_delivery.unwrap());

    let order = c
        .create(&parcel("OD-000202-1", Service::Economy))
        .await
        .unwrap();
    assert!(order.tracking_number.starts_with('1'), "{order:?}");
    assert_ne!(
        order.tracking_number, "OD-000202-1",
        "VTP's waybill is the tracking number"
    );
    assert_eq!(order.fee, economy.fee);

    // Addresses go as text (createOrderNlp), not as VTP ids we do not have.
    let sent = sim
        .create_request(CarrierKind::ViettelPost, &order.tracking_number)
        .expect("the sim keeps what it received");
    let receiver = sent["RECEIVER_ADDRESS"].as_str().unwrap_or_default();
    for part in ["12 Lê Lợi", "Phường Bến Nghé", "Quận 1", "TP. Hồ Chí Minh"] {
        assert!(receiver.contains(part), "{receiver:?} should name {part:?}");
    }
    assert_eq!(
        receiver,
        "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"
    );
    let sender = sent["SENDER_ADDRESS"].as_str().unwrap_or_default();
    assert!(sender.ends_with("Hà Nội"), "{sender:?}");
    for side in ["SENDER", "RECEIVER"] {
        for level in ["PROVINCE", "DISTRICT", "WARD"] {
            let key = format!("{side}_{level}");
            assert!(sent.get(&key).is_none(), "no id in {key}: {sent}");
        }
    }
    assert_eq!(sent["CHECK_UNIQUE"], true);

    let found = c.find("OD-000202-1").await.unwrap().unwrap();
    assert_eq!(found.tracking_number, order.tracking_number);
    assert_eq!(found.fee, order.fee);
    assert_eq!(c.find("OD-NOPE").await.unwrap(), None);

    let t = track_until_settled(&c, &order.tracking_number, Duration::from_secs(5)).await;
    assert!(t.events.len() >= 8, "{t:?}");
    assert_eq!(t.events[0].carrier_status, "100");
    assert_eq!(t.events[0].status, ShipmentStatus::ReadyToPick);
    assert!(t.events.iter().all(|e| e.status != ShipmentStatus::Unknown));
    assert!(
        t.events
            .iter()
            .all(|e| !e.location.is_empty() && !e.description.is_empty())
    );
    assert!(t.status.is_final(), "{t:?}");
    // ORDER_STATUSDATE is Vietnam time: read as UTC it would be 7 h off.
    let age = chrono::Utc::now() - t.events[0].occurred_at;
    assert!(age.num_seconds().abs() < 30, "first event {age} ago");

    let label = c.label(&order.tracking_number).await.unwrap();
    assert_eq!(label.content_type, "application/pdf");
    assert!(label.bytes.starts_with(b"%PDF-"));
    assert_eq!(label.kind(), "pdf");
    assert!(
        label
            .url
            .contains("/DigitalizePrint/report.do?type=2&bill="),
        "{}",
        label.url
    );
    assert_rejected(c.label("1999").await.unwrap_err(), "not found");
}

#[tokio::test]
async fn vtp_actions() {
    let sim = start(STILL).await;
    let c = vtp(&sim, 2000);
    let mk = |code: &str| parcel(code, Service::Express);

    let a = c.create(&mk("OD-A")).await.unwrap().tracking_number;
    c.act(&a, ParcelAction::Cancel).await.unwrap();
    let t = c.track(&a).await.unwrap();
    assert_eq!(
        (t.status, t.carrier_status.as_str()),
        (ShipmentStatus::Cancelled, "107")
    );
    assert_rejected(
        c.act(&a, ParcelAction::Cancel).await.unwrap_err(),
        "cannot cancel",
    );

    let b = c.create(&mk("OD-B")).await.unwrap().tracking_number;
    assert!(sim.set_status(CarrierKind::ViettelPost, &b, "506"));
    c.act(&b, ParcelAction::Redeliver).await.unwrap();
    let t = c.track(&b).await.unwrap();
    assert_eq!(t.carrier_status, "508");
    assert_eq!(t.status, ShipmentStatus::InTransit);

    let d = c.create(&mk("OD-D")).await.unwrap().tracking_number;
    assert!(sim.set_status(CarrierKind::ViettelPost, &d, "507"));
    c.act(&d, ParcelAction::ReturnToSender).await.unwrap();
    let t = c.track(&d).await.unwrap();
    assert_eq!(
        (t.status, t.carrier_status.as_str()),
        (ShipmentStatus::Returning, "515")
    );

    let e = c.create(&mk("OD-E")).await.unwrap().tracking_number;
    assert_rejected(
        c.act(&e, ParcelAction::Redeliver).await.unwrap_err(),
        "only while held",
    );
    assert_rejected(
        c.act("1999", ParcelAction::Cancel).await.unwrap_err(),
        "not found",
    );

    assert!(sim.set_status(CarrierKind::ViettelPost, &e, "777"));
    let t = c.track(&e).await.unwrap();
    assert_eq!(
        (t.status, t.carrier_status.as_str()),
        (ShipmentStatus::Unknown, "777")
    );
}

#[tokio::test]
async fn vtp_logs_in_again_when_its_token_expires() {
    let sim = start(STILL).await;
    let c = vtp(&sim, 2000);
    c.quote(&parcel("Q", Service::Express)).await.unwrap();
    sim.expire_viettel_post_tokens();
    // The cached token is refused; the client logs in once more and carries on.
    c.quote(&parcel("Q", Service::Express)).await.unwrap();
    let clone = c.clone();
    sim.expire_viettel_post_tokens();
    clone
        .create(&parcel("OD-T", Service::Express))
        .await
        .unwrap();
    assert!(
        c.find("OD-T").await.unwrap().is_some(),
        "clones share the fresh token"
    );
}

#[tokio::test]
async fn vtp_unique_reference_and_refusals_sent_with_http_200() {
    let sim = start(STILL).await;
    let c = vtp(&sim, 2000);
    let first = c.create(&parcel("OD-DUP", Service::Express)).await.unwrap();
    let again = c.create(&parcel("OD-DUP", Service::Express)).await.unwrap();
    assert_eq!(again.tracking_number, first.tracking_number);
    assert_eq!(sim.orders_with_code(CarrierKind::ViettelPost, "OD-DUP"), 1);

    // A refusal arrives as HTTP 200 with `error: true`; the adapter reads the flag.
    let mut zero = parcel("OD-Z", Service::Express);
    zero.weight_grams = 0;
    let e = c.create(&zero).await.unwrap_err();
    assert_rejected(e.clone(), "PRODUCT_WEIGHT must be between 1 and 100000");
    assert!(e.to_string().starts_with("Viettel Post refused: "), "{e}");
    assert!(!e.outcome_unknown());

    let mut cents = parcel("OD-C", Service::Express);
    cents.goods_value = dec!(0.5);
    assert_rejected(
        c.quote(&cents).await.unwrap_err(),
        "not a whole number of đồng",
    );
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 1);
}

/// Logs in to the simulated Viettel Post by hand (both steps): the long-lived token.
async fn vtp_raw_token(sim: &SimHandle) -> String {
    let cfg = sim.viettel_post_config();
    let http = reqwest::Client::new();
    let creds = serde_json::json!({ "USERNAME": cfg.username, "PASSWORD": cfg.password });
    let short: serde_json::Value = http
        .post(format!("{}/v2/user/Login", cfg.base_url))
        .json(&creds)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let long: serde_json::Value = http
        .post(format!("{}/v2/user/ownerconnect", cfg.base_url))
        .header("Token", short["data"]["token"].as_str().unwrap())
        .json(&creds)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    long["data"]["token"].as_str().unwrap().to_string()
}

/// A call straight to the simulated Viettel Post; it answers HTTP 200 even when it refuses.
async fn vtp_raw(
    sim: &SimHandle,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> serde_json::Value {
    let reply = reqwest::Client::new()
        .post(format!("{}{path}", sim.viettel_post_config().base_url))
        .header("Token", token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200, "{path}");
    reply.json().await.unwrap()
}

/// A valid `createOrderNlp` body: the addresses written out.
fn vtp_text_order(reference: &str) -> serde_json::Value {
    serde_json::json!({
        "ORDER_NUMBER": reference,
        "SENDER_FULLNAME": "Shop Hoa Mai",
        "SENDER_PHONE": "0900000000",
        "SENDER_ADDRESS": "1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        "RECEIVER_FULLNAME": "Nguyễn Thị Lan",
        "RECEIVER_PHONE": "0901234567",
        "RECEIVER_ADDRESS": "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        "PRODUCT_TYPE": "HH",
        "PRODUCT_WEIGHT": 500,
        "PRODUCT_PRICE": 100000,
        "MONEY_COLLECTION": 0,
        "NATIONAL_TYPE": 1,
        "ORDER_PAYMENT": 1,
        "ORDER_SERVICE": "VCN",
        "CHECK_UNIQUE": true,
    })
}

fn assert_vtp_refused(reply: &serde_json::Value, needle: &str) {
    assert_eq!(reply["error"], true, "{reply}");
    let message = reply["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(needle),
        "{message:?} should mention {needle:?}"
    );
}

#[tokio::test]
async fn vtp_prices_and_creates_by_free_text_address() {
    let sim = start(STILL).await;
    let c = vtp(&sim, 2000);
    let faults = sim.faults();
    c.quote(&parcel("Q", Service::Express)).await.unwrap();

    // The adapter prices with getPriceAllNlp and creates with createOrderNlp.
    faults.set(FaultSpec {
        path_contains: Some("/getPriceAllNlp".into()),
        http_500: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c.quote(&parcel("Q", Service::Express)).await.unwrap_err();
    assert!(
        matches!(e, CarrierError::Unavailable { status: 500, .. }),
        "{e:?}"
    );
    faults.set(FaultSpec {
        path_contains: Some("/createOrderNlp".into()),
        http_503: Trigger::next(1),
        ..FaultSpec::default()
    });
    let e = c
        .create(&parcel("OD-NLP", Service::Express))
        .await
        .unwrap_err();
    assert!(
        matches!(e, CarrierError::Unavailable { status: 503, .. }),
        "{e:?}"
    );
    faults.clear();
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 0);

    let token = vtp_raw_token(&sim).await;
    let price = serde_json::json!({
        "SENDER_ADDRESS": "1 Tràng Tiền, Phường Hoàn Kiếm, Hà Nội",
        "RECEIVER_ADDRESS": "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        "PRODUCT_TYPE": "HH", "PRODUCT_WEIGHT": 1200, "PRODUCT_PRICE": 320000,
        "MONEY_COLLECTION": 350000, "NATIONAL_TYPE": 1, "TYPE": 1,
    });
    // getPriceAllNlp: {SENDER_ADDRESS, RECEIVER_ADDRESS, RESULT}, outside the envelope.
    let r = vtp_raw(&sim, &token, "/v2/order/getPriceAllNlp", &price).await;
    assert_eq!(r["RECEIVER_ADDRESS"], price["RECEIVER_ADDRESS"], "{r}");
    assert_eq!(r["SENDER_ADDRESS"], price["SENDER_ADDRESS"], "{r}");
    assert_eq!(r["RESULT"].as_array().map(Vec::len), Some(3), "{r}");
    assert!(r.get("data").is_none() && r.get("error").is_none(), "{r}");
    // Same auth as every other call.
    let r = vtp_raw(&sim, "not-a-token", "/v2/order/getPriceAllNlp", &price).await;
    assert_vtp_refused(&r, "token invalid");
    assert_eq!(r["status"], 401);
    // The addresses must be text.
    for (key, value, needle) in [
        (
            "RECEIVER_ADDRESS",
            serde_json::json!(""),
            "RECEIVER_ADDRESS is required",
        ),
        (
            "SENDER_ADDRESS",
            serde_json::json!(null),
            "SENDER_ADDRESS is required",
        ),
        ("RECEIVER_ADDRESS", serde_json::json!(79), "as text"),
        (
            "RECEIVER_ADDRESS",
            serde_json::json!("  "),
            "RECEIVER_ADDRESS is required",
        ),
    ] {
        let mut bad = price.clone();
        bad[key] = value;
        let r = vtp_raw(&sim, &token, "/v2/order/getPriceAllNlp", &bad).await;
        assert_vtp_refused(&r, needle);
    }

    // createOrderNlp refuses ids and blanks in place of addresses, and stores nothing.
    for (key, value, needle) in [
        ("RECEIVER_ADDRESS", serde_json::json!(0), "as text"),
        ("RECEIVER_ADDRESS", serde_json::json!("1442"), "not an id"),
        (
            "RECEIVER_ADDRESS",
            serde_json::json!(""),
            "RECEIVER_ADDRESS is required",
        ),
        (
            "SENDER_ADDRESS",
            serde_json::json!(null),
            "SENDER_ADDRESS is required",
        ),
    ] {
        let mut bad = vtp_text_order("OD-BAD");
        bad[key] = value;
        let r = vtp_raw(&sim, &token, "/v2/order/createOrderNlp", &bad).await;
        assert_vtp_refused(&r, needle);
    }
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 0);

    // A sender warehouse stands in for the sender's address.
    let mut from_warehouse = vtp_text_order("OD-WH");
    from_warehouse["GROUPADDRESS_ID"] = serde_json::json!(5_818_802);
    from_warehouse["SENDER_ADDRESS"] = serde_json::Value::Null;
    let r = vtp_raw(&sim, &token, "/v2/order/createOrderNlp", &from_warehouse).await;
    assert_eq!(r["error"], false, "{r}");
    assert!(
        r["data"]["ORDER_NUMBER"]
            .as_str()
            .is_some_and(|n| n.starts_with('1')),
        "{r}"
    );

    // CHECK_UNIQUE holds on the free-text create, across both creates.
    let r = vtp_raw(
        &sim,
        &token,
        "/v2/order/createOrderNlp",
        &vtp_text_order("OD-U"),
    )
    .await;
    assert_eq!(r["error"], false, "{r}");
    let r = vtp_raw(
        &sim,
        &token,
        "/v2/order/createOrderNlp",
        &vtp_text_order("OD-U"),
    )
    .await;
    assert_vtp_refused(&r, "already exists");
    let mut by_ids = vtp_text_order("OD-U");
    for (k, v) in [
        ("RECEIVER_PROVINCE", 2),
        ("RECEIVER_DISTRICT", 43),
        ("RECEIVER_WARD", 615),
    ] {
        by_ids[k] = serde_json::json!(v);
    }
    let r = vtp_raw(&sim, &token, "/v2/order/createOrder", &by_ids).await;
    assert_vtp_refused(&r, "already exists");
    let mut repeat = vtp_text_order("OD-U");
    repeat["CHECK_UNIQUE"] = serde_json::json!(false);
    let r = vtp_raw(&sim, &token, "/v2/order/createOrderNlp", &repeat).await;
    assert_eq!(
        r["error"], false,
        "without CHECK_UNIQUE a repeat is taken: {r}"
    );
    assert_eq!(sim.orders_with_code(CarrierKind::ViettelPost, "OD-U"), 2);

    // The id-based routes still answer as before.
    by_ids["ORDER_NUMBER"] = serde_json::json!("OD-IDS");
    let r = vtp_raw(&sim, &token, "/v2/order/createOrder", &by_ids).await;
    assert_eq!(r["error"], false, "{r}");
    let r = vtp_raw(&sim, &token, "/v2/order/getPriceAll", &price).await;
    assert_eq!(r.as_array().map(Vec::len), Some(3), "a bare array: {r}");
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 4);
}

/// A stand-in Viettel Post that logs anyone in and answers `getPriceAllNlp` with
/// `price_reply`, verbatim: the shapes the sources disagree about.
async fn vtp_stub(
    price_reply: serde_json::Value,
) -> (ViettelPostClient, tokio::task::JoinHandle<()>) {
    use axum::routing::post;
    use axum::{Json, Router};
    let login = serde_json::json!({
        "status": 200, "error": false, "message": "OK", "data": { "token": "stub-token" }
    });
    let answer = |v: serde_json::Value| {
        post(move || {
            let v = v.clone();
            async move { Json(v) }
        })
    };
    let app = Router::new()
        .route("/v2/user/Login", answer(login.clone()))
        .route("/v2/user/ownerconnect", answer(login))
        .route("/v2/order/getPriceAllNlp", answer(price_reply));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    let client = ViettelPostClient::with_timeout(
        &ViettelPostConfig {
            base_url: format!("http://{addr}"),
            username: "u".into(),
            password: "p".into(),
            ..ViettelPostConfig::default()
        },
        Duration::from_secs(2),
    )
    .unwrap();
    (client, task)
}

#[tokio::test]
async fn vtp_reads_the_price_list_bare_or_wrapped() {
    let offers = serde_json::json!([
        { "MA_DV_CHINH": "VCN", "TEN_DICHVU": "Chuyển phát nhanh", "GIA_CUOC": 31000, "THOI_GIAN": "24 giờ" },
        { "MA_DV_CHINH": "LCOD", "TEN_DICHVU": "TMĐT tiết kiệm", "GIA_CUOC": "19000", "THOI_GIAN": "3-5 ngày" },
    ]);
    let wrapped = serde_json::json!({
        "SENDER_ADDRESS": "Hà Nội", "RECEIVER_ADDRESS": "TP. Hồ Chí Minh", "RESULT": offers,
    });
    let envelope = |data: &serde_json::Value| serde_json::json!({ "status": 200, "error": false, "message": "OK", "data": data });
    for reply in [
        offers.clone(),
        wrapped.clone(),
        envelope(&wrapped),
        envelope(&offers),
    ] {
        let (c, task) = vtp_stub(reply.clone()).await;
        let express = c.quote(&parcel("Q", Service::Express)).await.unwrap();
        assert_eq!(express.fee, dec!(31000), "{reply}");
        assert!(express.expected_delivery.is_some());
        let economy = c.quote(&parcel("Q", Service::Economy)).await.unwrap();
        assert_eq!(economy.fee, dec!(19000), "{reply}");
        task.abort();
    }

    // No offer for the route (an address VTP could not place): refused, said plainly.
    let (c, task) = vtp_stub(serde_json::json!({
        "SENDER_ADDRESS": "Hà Nội", "RECEIVER_ADDRESS": "?", "RESULT": [],
    }))
    .await;
    assert_rejected(
        c.quote(&parcel("Q", Service::Express)).await.unwrap_err(),
        "no service is offered",
    );
    task.abort();
    // A refusal in the envelope is still a refusal.
    let (c, task) = vtp_stub(serde_json::json!({
        "status": 400, "error": true, "message": "Địa chỉ không hợp lệ", "data": null,
    }))
    .await;
    assert_rejected(
        c.quote(&parcel("Q", Service::Express)).await.unwrap_err(),
        "Địa chỉ không hợp lệ",
    );
    task.abort();
    // Neither shape: a reply we cannot read.
    let (c, task) = vtp_stub(envelope(&serde_json::json!({ "PRICE": 1 }))).await;
    let e = c.quote(&parcel("Q", Service::Express)).await.unwrap_err();
    assert!(matches!(e, CarrierError::Malformed { .. }), "{e:?}");
    task.abort();
}
