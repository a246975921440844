//! Every call of GHN against the simulator.

use super::*;

#[tokio::test]
async fn ghn_quote_create_find_track_label() {
    let sim = start(0.03).await;
    let c = ghn(&sim, 2000);

    // GHN has one service for light parcels (§1.5): express and economy are the same.
    let express = c.quote(&parcel("Q-1", Service::Express)).await.unwrap();
    let economy = c.quote(&parcel("Q-1", Service::Economy)).await.unwrap();
    assert_eq!(express.fee, economy.fee, "{express:?} vs {economy:?}");
    assert!(economy.fee > Decimal::ZERO);

    let req = parcel("OD-000101-1", Service::Express);
    let order = c.create(&req).await.unwrap();
    assert!(!order.tracking_number.is_empty());
    assert_eq!(order.fee, express.fee, "create charges what was quoted");
    assert!(order.expected_delivery.is_some());

    let found = c.find("OD-000101-1").await.unwrap().unwrap();
    assert_eq!(found.tracking_number, order.tracking_number);
    assert_eq!(found.fee, order.fee);
    assert_eq!(c.find("OD-NOPE").await.unwrap(), None);

    let t = track_until_settled(&c, &order.tracking_number, Duration::from_secs(5)).await;
    assert!(t.events.len() >= 6, "{t:?}");
    assert_eq!(t.events[0].carrier_status, "ready_to_pick");
    assert_eq!(t.events[0].status, ShipmentStatus::ReadyToPick);
    assert!(
        t.events
            .windows(2)
            .all(|w| w[0].occurred_at <= w[1].occurred_at)
    );
    assert!(t.events.iter().all(|e| e.status != ShipmentStatus::Unknown));
    assert!(t.events.iter().all(|e| !e.description.is_empty()));
    assert_eq!(t.carrier_status, t.events.last().unwrap().carrier_status);
    assert!(
        t.status.is_final() || t.status == ShipmentStatus::LostOrDamaged,
        "{t:?}"
    );

    let label = c.label(&order.tracking_number).await.unwrap();
    assert!(
        label.content_type.starts_with("text/html"),
        "{}",
        label.content_type
    );
    assert!(String::from_utf8_lossy(&label.bytes).contains(&order.tracking_number));
    // Named for what it is: GHN's print page is HTML (to print from a browser).
    assert_eq!(label.kind(), "html");
    assert!(
        label.url.contains("/a5/public-api/printA5?token="),
        "{}",
        label.url
    );
    assert!(
        !label.url.contains("shiip"),
        "printA5 lives outside the API path"
    );
    assert_rejected(c.label("GNOPE000").await.unwrap_err(), "không tồn tại");
}

#[tokio::test]
async fn ghn_keeps_unknown_statuses_and_many_parcels_progress() {
    let sim = start(0.02).await;
    let c = ghn(&sim, 2000);
    let mut trackings = Vec::new();
    for i in 0..40 {
        let o = c
            .create(&parcel(&format!("OD-P-{i}"), Service::Economy))
            .await
            .unwrap();
        trackings.push(o.tracking_number);
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let mut ends = HashSet::new();
    for t in &trackings {
        let tr = track_until_settled(&c, t, Duration::from_secs(3)).await;
        ends.insert(tr.carrier_status);
    }
    // The seed sends most parcels home and some back.
    assert!(ends.contains("delivered"), "{ends:?}");
    assert!(ends.len() >= 2, "{ends:?}");

    assert!(sim.set_status(CarrierKind::Ghn, &trackings[0], "brand_new_status"));
    let t = c.track(&trackings[0]).await.unwrap();
    assert_eq!(t.status, ShipmentStatus::Unknown);
    assert_eq!(t.carrier_status, "brand_new_status");
    assert_rejected(c.track("GNOPE000").await.unwrap_err(), "không tồn tại");
}

#[tokio::test]
async fn ghn_actions() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let mk = |code: &str| parcel(code, Service::Express);

    let a = c.create(&mk("OD-A")).await.unwrap().tracking_number;
    c.act(&a, ParcelAction::Cancel).await.unwrap();
    let t = c.track(&a).await.unwrap();
    assert_eq!(
        (t.status, t.carrier_status.as_str()),
        (ShipmentStatus::Cancelled, "cancel")
    );
    assert_rejected(
        c.act(&a, ParcelAction::Cancel).await.unwrap_err(),
        "cannot cancel",
    );

    let b = c.create(&mk("OD-B")).await.unwrap().tracking_number;
    assert!(sim.set_status(CarrierKind::Ghn, &b, "delivery_fail"));
    c.act(&b, ParcelAction::Redeliver).await.unwrap();
    let t = c.track(&b).await.unwrap();
    assert_eq!(t.carrier_status, "storing");
    assert_eq!(
        t.events.iter().rev().nth(1).unwrap().status,
        ShipmentStatus::DeliveryFailed
    );

    let d = c.create(&mk("OD-D")).await.unwrap().tracking_number;
    assert!(sim.set_status(CarrierKind::Ghn, &d, "storing"));
    c.act(&d, ParcelAction::ReturnToSender).await.unwrap();
    let t = c.track(&d).await.unwrap();
    assert_eq!(
        (t.status, t.carrier_status.as_str()),
        (ShipmentStatus::Returning, "return")
    );

    let e = c.create(&mk("OD-E")).await.unwrap().tracking_number;
    assert_rejected(
        c.act(&e, ParcelAction::ReturnToSender).await.unwrap_err(),
        "only while stored",
    );
    assert_rejected(
        c.act(&e, ParcelAction::Redeliver).await.unwrap_err(),
        "only after a failed delivery",
    );
    assert_rejected(
        c.act("GNOPE000", ParcelAction::Cancel).await.unwrap_err(),
        "không tồn tại",
    );
}

#[tokio::test]
async fn ghn_second_create_with_the_same_code_is_refused_and_recovered() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let first = c.create(&parcel("OD-DUP", Service::Express)).await.unwrap();

    // The gateway itself refuses the repeat…
    let cfg = sim.ghn_config();
    let raw = reqwest::Client::new()
        .post(format!("{}/v2/shipping-order/create", cfg.base_url))
        .header("Token", &cfg.token)
        .header("ShopID", cfg.shop_id)
        .json(&serde_json::json!({
            "to_name": "X", "to_phone": "0900000000", "to_address": "1 A",
            "to_ward_name": "W", "to_district_name": "D", "to_province_name": "P",
            "weight": 500, "service_type_id": 2, "payment_type_id": 1,
            "required_note": "KHONGCHOXEMHANG", "client_order_code": "OD-DUP",
            "items": [{"name": "x", "quantity": 1}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["code"], 400);
    assert!(
        body["message"].as_str().unwrap().contains("đã tồn tại"),
        "{body}"
    );

    // …and the adapter turns it into the order that exists.
    let again = c.create(&parcel("OD-DUP", Service::Express)).await.unwrap();
    assert_eq!(again.tracking_number, first.tracking_number);
    assert_eq!(sim.orders_with_code(CarrierKind::Ghn, "OD-DUP"), 1);
    assert_eq!(sim.order_count(CarrierKind::Ghn), 1);
}

#[tokio::test]
async fn ghn_validation_and_money() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);

    let mut heavy = parcel("OD-H", Service::Express);
    heavy.weight_grams = 50_001;
    assert_rejected(
        c.create(&heavy).await.unwrap_err(),
        "weight must be between 1 and 50000",
    );

    let mut rich = parcel("OD-R", Service::Express);
    rich.cod_amount = dec!(50_000_001);
    assert_rejected(
        c.create(&rich).await.unwrap_err(),
        "cod_amount must be between 0 and 50000000",
    );

    let mut cents = parcel("OD-C", Service::Express);
    cents.cod_amount = dec!(350000.5);
    let e = c.create(&cents).await.unwrap_err();
    assert_rejected(e.clone(), "not a whole number of đồng");
    assert!(!e.outcome_unknown() && !e.is_transient());

    let mut negative = parcel("OD-N", Service::Express);
    negative.items[0].price = dec!(-1);
    assert_rejected(c.quote(&negative).await.unwrap_err(), "negative");

    let mut empty = parcel("OD-E", Service::Express);
    empty.receiver.name.clear();
    assert_rejected(c.create(&empty).await.unwrap_err(), "to_name is required");
    assert_eq!(
        sim.order_count(CarrierKind::Ghn),
        0,
        "nothing refused was stored"
    );

    // A big declared value is capped at GHN's compensation limit, not refused.
    let mut precious = parcel("OD-P", Service::Express);
    precious.goods_value = dec!(25_000_000);
    c.create(&precious).await.unwrap();
}

/// A create sent straight to the simulated GHN gateway, with `extra` fields on top of a
/// valid body: the HTTP status and the reply.
async fn raw_ghn_create(sim: &SimHandle, extra: serde_json::Value) -> (u16, serde_json::Value) {
    let cfg = sim.ghn_config();
    let mut body = serde_json::json!({
        "to_name": "X", "to_phone": "0900000000", "to_address": "1 A",
        "to_ward_name": "W", "to_district_name": "D", "to_province_name": "P",
        "weight": 500, "service_type_id": 2, "payment_type_id": 1,
        "required_note": "KHONGCHOXEMHANG",
        "items": [{"name": "x", "quantity": 1}],
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let reply = reqwest::Client::new()
        .post(format!("{}/v2/shipping-order/create", cfg.base_url))
        .header("Token", &cfg.token)
        .header("ShopId", cfg.shop_id)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap())
}

#[tokio::test]
async fn ghn_sends_the_configured_pick_shift() {
    let sim = start(STILL).await;

    // Not configured: the field is left out and GHN picks up as usual.
    let plain = ghn(&sim, 2000)
        .create(&parcel("OD-NS", Service::Express))
        .await
        .unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &plain.tracking_number)
        .unwrap();
    assert!(sent.get("pick_shift").is_none(), "{sent}");

    let cfg = GhnConfig {
        pick_shift: Some(vec![2, 3]),
        ..sim.ghn_config()
    };
    assert!(
        format!("{cfg:?}").contains("pick_shift: Some([2, 3])"),
        "{cfg:?}"
    );
    let c = GhnClient::new(&cfg).unwrap();
    let req = parcel("OD-SHIFT", Service::Express);
    // The fee endpoint does not take it; the quote still works with it configured.
    c.quote(&req).await.unwrap();
    let o = c.create(&req).await.unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &o.tracking_number)
        .unwrap();
    assert_eq!(sent["pick_shift"], serde_json::json!([2, 3]));
    // Also found by our client order code.
    assert_eq!(
        sim.create_request(CarrierKind::Ghn, "OD-SHIFT").unwrap()["pick_shift"],
        serde_json::json!([2, 3])
    );

    // Configured empty: nothing to ask for, nothing sent.
    let empty = GhnClient::new(&GhnConfig {
        pick_shift: Some(Vec::new()),
        ..sim.ghn_config()
    })
    .unwrap();
    let o = empty
        .create(&parcel("OD-ES", Service::Express))
        .await
        .unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &o.tracking_number)
        .unwrap();
    assert!(sent.get("pick_shift").is_none(), "{sent}");

    // From the config file.
    let from_file: GhnConfig = toml::from_str(
        "base_url = \"https://online-gateway.ghn.vn/shiip/public-api\"\n\
         token = \"t\"\nshop_id = 1\npick_shift = [2]\n",
    )
    .unwrap();
    assert_eq!(from_file.pick_shift, Some(vec![2]));
    let without: GhnConfig = toml::from_str(
        "base_url = \"https://online-gateway.ghn.vn/shiip/public-api\"\ntoken = \"t\"\nshop_id = 1\n",
    )
    .unwrap();
    assert_eq!(without.pick_shift, None);

    // The gateway takes an int[] and refuses anything else in its error envelope.
    let (status, body) = raw_ghn_create(
        &sim,
        serde_json::json!({ "pick_shift": [1], "client_order_code": "OD-RAW" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    for bad in [
        serde_json::json!(2),
        serde_json::json!("2"),
        serde_json::json!({ "id": 2 }),
        serde_json::json!([2, "x"]),
    ] {
        let (status, body) = raw_ghn_create(&sim, serde_json::json!({ "pick_shift": bad })).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["code"], 400, "{body}");
        assert_eq!(body["code_message"], "USER_ERR_COMMON", "{body}");
        assert!(body["data"].is_null(), "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("pick_shift must be an array of shift ids"),
            "{message}"
        );
    }
    assert_eq!(
        sim.order_count(CarrierKind::Ghn),
        4,
        "nothing refused was stored"
    );
}

/// The service is the parcel's weight, not the name chosen: a light parcel goes as light
/// goods (`service_type_id` 2) whether express or economy, never as heavy goods (5,
/// which GHN weighs per item); a heavy one goes as heavy goods with each item weighed.
#[tokio::test]
async fn ghn_picks_the_service_by_weight() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let light = c
        .create(&parcel("SVC-LIGHT", Service::Economy))
        .await
        .unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &light.tracking_number)
        .unwrap();
    assert_eq!(sent["service_type_id"], 2, "{sent}");
    let mut heavy = parcel("SVC-HEAVY", Service::Express);
    heavy.weight_grams = 25_000;
    let order = c.create(&heavy).await.unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &order.tracking_number)
        .unwrap();
    assert_eq!(sent["service_type_id"], 5, "{sent}");
    assert!(
        sent["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["weight"].as_i64().unwrap_or(0) > 0),
        "{sent}"
    );
    assert!(sim.ghn_flags().is_empty(), "{:?}", sim.ghn_flags());
}
