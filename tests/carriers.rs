//! The real GHN and Viettel Post adapters against the loopback simulator: every call,
//! every injected fault, and the idempotency of creates whose replies are lost.
//! No database needed.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt;
use orderdeck::integrations::carrier::{
    Carrier, CarrierError, CarrierKind, CarrierOrder, CarriersConfig, GhnConfig, ParcelAction,
    ParcelItem, ParcelRequest, Party, Payer, RequiredNote, Service, ShipmentStatus,
    ViettelPostConfig,
};
use orderdeck::integrations::carriers::{AnyCarrier, Carriers};
use orderdeck::integrations::ghn::GhnClient;
use orderdeck::integrations::sim::{self, FaultSpec, SimHandle, SimOptions, Trigger};
use orderdeck::integrations::viettel_post::ViettelPostClient;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Seconds per status step that keeps a parcel where it is for the whole test.
const STILL: f64 = 10_000.0;

async fn start(speed: f64) -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            speed,
            seed: 42,
            ..SimOptions::default()
        },
    )
    .await
    .unwrap()
}

fn ghn(sim: &SimHandle, timeout_ms: u64) -> GhnClient {
    GhnClient::with_timeout(&sim.ghn_config(), Duration::from_millis(timeout_ms)).unwrap()
}

fn vtp(sim: &SimHandle, timeout_ms: u64) -> ViettelPostClient {
    ViettelPostClient::with_timeout(
        &sim.viettel_post_config(),
        Duration::from_millis(timeout_ms),
    )
    .unwrap()
}

fn both(sim: &SimHandle, timeout_ms: u64) -> [AnyCarrier; 2] {
    [
        AnyCarrier::Ghn(ghn(sim, timeout_ms)),
        AnyCarrier::ViettelPost(vtp(sim, timeout_ms)),
    ]
}

fn party(name: &str, province: &str) -> Party {
    Party {
        name: name.into(),
        phone: "0901234567".into(),
        address: "12 Lê Lợi".into(),
        ward: "Phường Bến Nghé".into(),
        district: "Quận 1".into(),
        province: province.into(),
    }
}

fn parcel(code: &str, service: Service) -> ParcelRequest {
    ParcelRequest {
        client_order_code: code.into(),
        service,
        sender: party("Shop Hoa Mai", "Hà Nội"),
        receiver: party("Nguyễn Thị Lan", "TP. Hồ Chí Minh"),
        cod_amount: dec!(350000),
        goods_value: dec!(320000),
        payer: Payer::Buyer,
        weight_grams: 1200,
        length_cm: 30,
        width_cm: 20,
        height_cm: 10,
        required_note: RequiredNote::MayLook,
        note: "Gọi trước khi giao".into(),
        items: vec![
            ParcelItem {
                name: "Áo thun basic trắng S".into(),
                code: "AT-W-S".into(),
                qty: 2,
                price: dec!(120000),
            },
            ParcelItem {
                name: "Quần short kaki".into(),
                code: "QS-K-M".into(),
                qty: 1,
                price: dec!(80000),
            },
        ],
    }
}

/// Polls until the parcel reaches an end (or `max` passes).
async fn track_until_settled(
    c: &impl Carrier,
    tracking: &str,
    max: Duration,
) -> orderdeck::integrations::carrier::Tracking {
    let deadline = tokio::time::Instant::now() + max;
    loop {
        let t = c.track(tracking).await.unwrap();
        let settled = t.status.is_final() || t.status == ShipmentStatus::LostOrDamaged;
        if settled || tokio::time::Instant::now() > deadline {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn assert_rejected(e: CarrierError, needle: &str) {
    match &e {
        CarrierError::Rejected { message, .. } => {
            assert!(
                message.contains(needle),
                "{message:?} should mention {needle:?}"
            )
        }
        other => panic!("expected Rejected mentioning {needle:?}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------
// Every call, GHN

#[tokio::test]
async fn ghn_quote_create_find_track_label() {
    let sim = start(0.03).await;
    let c = ghn(&sim, 2000);

    let express = c.quote(&parcel("Q-1", Service::Express)).await.unwrap();
    let economy = c.quote(&parcel("Q-1", Service::Economy)).await.unwrap();
    assert!(express.fee > economy.fee, "{express:?} vs {economy:?}");
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

// ---------------------------------------------------------------------------------
// Every call, Viettel Post

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

// ---------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn every_fault_maps_to_its_error() {
    let sim = start(STILL).await;
    let faults = sim.faults();
    // A generous timeout: only the injected delay may run past it, even on a busy machine.
    for c in both(&sim, 1000) {
        let name = c.kind().code();
        let req = parcel("Q", Service::Express);
        // Warm up: VTP logs in on its first call, and faults below count calls.
        c.quote(&req).await.unwrap();

        faults.set(FaultSpec {
            delay_ms: 1500,
            timeout: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(matches!(e, CarrierError::Timeout { .. }), "{name}: {e:?}");
        assert!(e.outcome_unknown() && e.is_transient());
        assert!(e.to_string().contains("did not answer in time"), "{e}");

        faults.set(FaultSpec {
            http_500: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 500, .. }),
            "{name}: {e:?}"
        );
        assert!(e.to_string().contains("unavailable (HTTP 500)"), "{e}");

        faults.set(FaultSpec {
            http_503: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.find("OD-X").await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 503, .. }),
            "{name}: {e:?}"
        );

        faults.set(FaultSpec {
            rate_limit: Trigger::next(1),
            retry_after_secs: 7,
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        assert!(
            matches!(
                e,
                CarrierError::RateLimited {
                    retry_after_secs: 7,
                    ..
                }
            ),
            "{name}: {e:?}"
        );
        assert!(e.to_string().contains("try again in 7 s"), "{e}");

        faults.set(FaultSpec {
            malformed: Trigger::next(1),
            ..FaultSpec::default()
        });
        let e = c.quote(&req).await.unwrap_err();
        match &e {
            CarrierError::Malformed { detail, .. } => {
                assert!(detail.contains("not JSON"), "{detail}");
                assert!(detail.chars().count() < 300, "a short excerpt: {detail}");
            }
            other => panic!("{name}: expected Malformed, got {other:?}"),
        }

        // Latency alone is no error.
        faults.set(FaultSpec {
            latency_ms: 100,
            ..FaultSpec::default()
        });
        let started = std::time::Instant::now();
        c.quote(&req).await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(100));

        // Only the named carrier is affected.
        let other = match c.kind() {
            CarrierKind::Ghn => CarrierKind::ViettelPost,
            CarrierKind::ViettelPost => CarrierKind::Ghn,
        };
        faults.set(FaultSpec {
            carrier: Some(other),
            http_500: Trigger::always(),
            ..FaultSpec::default()
        });
        c.quote(&req).await.unwrap();
        faults.clear();
    }
}

#[tokio::test]
async fn faults_can_be_set_over_http() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let http = reqwest::Client::new();
    let base = format!("http://{}", sim.addr);

    let health: serde_json::Value = http
        .get(format!("{base}/_sim/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["ok"], true);
    assert_eq!(health["ghn_orders"], 0);

    let r = http
        .post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({ "carrier": "ghn", "http_503": { "next": 2 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for _ in 0..2 {
        let e = c.quote(&parcel("Q", Service::Express)).await.unwrap_err();
        assert!(
            matches!(e, CarrierError::Unavailable { status: 503, .. }),
            "{e:?}"
        );
    }
    c.quote(&parcel("Q", Service::Express)).await.unwrap();

    let r = http
        .post(format!("{base}/_sim/faults"))
        .body("{\"timeout\": 3}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a bad spec is refused");

    http.post(format!("{base}/_sim/faults"))
        .json(&serde_json::json!({ "http_500": { "probability": 1.0 } }))
        .send()
        .await
        .unwrap();
    assert!(c.quote(&parcel("Q", Service::Express)).await.is_err());
    let r = http
        .delete(format!("{base}/_sim/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    c.quote(&parcel("Q", Service::Express)).await.unwrap();

    // Status forcing, for another process driving a demo.
    let o = c.create(&parcel("OD-F", Service::Express)).await.unwrap();
    let r = http
        .post(format!("{base}/_sim/orders/status"))
        .json(&serde_json::json!({
            "carrier": "ghn", "tracking_number": o.tracking_number, "status": "delivery_fail"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        c.track(&o.tracking_number).await.unwrap().status,
        ShipmentStatus::DeliveryFailed
    );
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors() {
    let sim = start(STILL).await;
    let req = parcel("Q", Service::Express);

    let bad_token = GhnConfig {
        token: "not-the-token".into(),
        ..sim.ghn_config()
    };
    let e = GhnClient::new(&bad_token)
        .unwrap()
        .quote(&req)
        .await
        .unwrap_err();
    match &e {
        CarrierError::Auth { message, .. } => assert!(message.contains("Token"), "{message}"),
        other => panic!("expected Auth, got {other:?}"),
    }
    assert!(!e.is_transient() && !e.outcome_unknown());
    assert!(
        e.to_string().contains("did not accept our credentials"),
        "{e}"
    );

    let bad_shop = GhnConfig {
        shop_id: 1,
        ..sim.ghn_config()
    };
    let e = GhnClient::new(&bad_shop)
        .unwrap()
        .create(&req)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, CarrierError::Auth { message, .. } if message.contains("ShopId 1")),
        "{e:?}"
    );
    // Token-only calls do not need the shop.
    assert_eq!(
        GhnClient::new(&bad_shop)
            .unwrap()
            .find("OD-X")
            .await
            .unwrap(),
        None
    );

    let bad_password = ViettelPostConfig {
        password: "hunter2-not-it".into(),
        ..sim.viettel_post_config()
    };
    let e = ViettelPostClient::new(&bad_password)
        .unwrap()
        .quote(&req)
        .await
        .unwrap_err();
    match &e {
        CarrierError::Auth { message, .. } => {
            assert!(message.contains("wrong username or password"), "{message}");
            assert!(
                !message.contains("hunter2"),
                "never the password: {message}"
            );
        }
        other => panic!("expected Auth, got {other:?}"),
    }
}

#[tokio::test]
async fn unreachable_carrier_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cfg = GhnConfig {
        base_url: format!("http://127.0.0.1:{port}/shiip/public-api"),
        token: "t".into(),
        shop_id: 1,
        timeout_secs: Some(2),
        pick_shift: None,
    };
    let e = GhnClient::new(&cfg)
        .unwrap()
        .quote(&parcel("Q", Service::Express))
        .await
        .unwrap_err();
    match &e {
        CarrierError::Network { detail, .. } => assert!(detail.contains("connection"), "{detail}"),
        other => panic!("expected Network, got {other:?}"),
    }
    assert!(e.outcome_unknown());
}

// ---------------------------------------------------------------------------------
// Idempotency: the create went through, its reply did not

#[tokio::test]
async fn accepted_create_whose_reply_times_out_is_found_not_repeated() {
    let sim = start(STILL).await;
    sim.faults().set(FaultSpec {
        delay_ms: 1000,
        accept_then_timeout: Trigger::next(2),
        ..FaultSpec::default()
    });
    // The lookups use a patient client: the reply the first one lost was slow, not them.
    let patient = both(&sim, 5000);
    for (c, lookup) in both(&sim, 500).iter().zip(&patient) {
        let req = parcel("OD-LOST-REPLY", Service::Express);
        let e = c.create(&req).await.unwrap_err();
        assert!(matches!(e, CarrierError::Timeout { .. }), "{e:?}");
        assert!(e.outcome_unknown());
        let found = lookup
            .find("OD-LOST-REPLY")
            .await
            .unwrap()
            .expect("stored at the carrier");
        assert!(!found.tracking_number.is_empty());
        assert_eq!(sim.orders_with_code(c.kind(), "OD-LOST-REPLY"), 1);
        assert_eq!(sim.order_count(c.kind()), 1);
    }

    // A garbled reply to a create that went through: the same recovery.
    sim.faults().set(FaultSpec {
        path_contains: Some("create".into()),
        malformed: Trigger::next(2),
        ..FaultSpec::default()
    });
    for (c, lookup) in both(&sim, 500).iter().zip(&patient) {
        let e = c
            .create(&parcel("OD-GARBLED", Service::Economy))
            .await
            .unwrap_err();
        assert!(
            matches!(e, CarrierError::Malformed { .. }) && e.outcome_unknown(),
            "{e:?}"
        );
        assert!(lookup.find("OD-GARBLED").await.unwrap().is_some());
        assert_eq!(sim.order_count(c.kind()), 2);
    }
}

/// The caller's side of the contract: after an unsure create, look it up, and create
/// again only when it is not there.
async fn ship_once(c: &AnyCarrier, req: &ParcelRequest) -> CarrierOrder {
    for _ in 0..30 {
        match c.create(req).await {
            Ok(o) => return o,
            Err(e) if e.outcome_unknown() || e.is_transient() => {}
            Err(e) => panic!("{}: {e}", req.client_order_code),
        }
        loop {
            match c.find(&req.client_order_code).await {
                Ok(Some(o)) => return o,
                Ok(None) => break,
                Err(e) if e.is_transient() => continue,
                Err(e) => panic!("{}: {e}", req.client_order_code),
            }
        }
    }
    panic!("{}: never created", req.client_order_code)
}

/// Ships `n` parcels through `c`, 20 at a time, then checks each exists once (through
/// `check`, a client with a long timeout: the check must not be what times out).
async fn ship_many(sim: &SimHandle, c: &AnyCarrier, check: &AnyCarrier, prefix: &str, n: usize) {
    let orders: Vec<(String, CarrierOrder)> = futures::stream::iter(0..n)
        .map(|i| {
            let code = format!("{prefix}-{i:04}");
            async move {
                let o = ship_once(c, &parcel(&code, Service::Express)).await;
                (code, o)
            }
        })
        .buffer_unordered(20)
        .collect()
        .await;
    let kind = c.kind();
    let tracking: HashSet<&str> = orders
        .iter()
        .map(|(_, o)| o.tracking_number.as_str())
        .collect();
    assert_eq!(tracking.len(), n, "{kind:?}: one distinct parcel per order");
    for (code, o) in &orders {
        assert_eq!(sim.orders_with_code(kind, code), 1, "{kind:?} {code}");
        let found = check.find(code).await.unwrap().unwrap();
        assert_eq!(found.tracking_number, o.tracking_number);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_creates_with_lost_replies_make_two_hundred_parcels() {
    let sim = start(STILL).await;
    // Every create is stored, then answered after the client gave up.
    sim.faults().set(FaultSpec {
        delay_ms: 450,
        accept_then_timeout: Trigger::always(),
        ..FaultSpec::default()
    });
    let [g, v] = both(&sim, 300);
    let [gc, vc] = both(&sim, 5000);
    tokio::join!(
        ship_many(&sim, &g, &gc, "OD-G", 200),
        ship_many(&sim, &v, &vc, "OD-V", 200)
    );
    assert_eq!(sim.order_count(CarrierKind::Ghn), 200);
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_replies_mixed_with_lost_requests_still_make_one_parcel_each() {
    let sim = start(STILL).await;
    // A third of creates never happen (they time out before the carrier acts); the rest
    // happen and lose their reply.
    sim.faults().set(FaultSpec {
        delay_ms: 450,
        timeout: Trigger::probability(0.33),
        accept_then_timeout: Trigger::always(),
        path_contains: Some("create".into()),
        ..FaultSpec::default()
    });
    let [g, v] = both(&sim, 300);
    let [gc, vc] = both(&sim, 5000);
    tokio::join!(
        ship_many(&sim, &g, &gc, "OD-MG", 60),
        ship_many(&sim, &v, &vc, "OD-MV", 60)
    );
    assert_eq!(sim.order_count(CarrierKind::Ghn), 60);
    assert_eq!(sim.order_count(CarrierKind::ViettelPost), 60);
}

// ---------------------------------------------------------------------------------
// The registry

#[tokio::test]
async fn carriers_registry_says_what_to_configure() {
    let none = Carriers::new(&CarriersConfig::default()).unwrap();
    assert!(none.configured().is_empty());
    let e = none.get(CarrierKind::Ghn).unwrap_err();
    assert!(matches!(e, CarrierError::NotConfigured { .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("[carriers.ghn]") && msg.contains("shop_id"),
        "{msg}"
    );
    let msg = none.get(CarrierKind::ViettelPost).unwrap_err().to_string();
    assert!(
        msg.contains("[carriers.viettelpost]") && msg.contains("password"),
        "{msg}"
    );

    let e = GhnClient::new(&GhnConfig {
        base_url: "ftp://example".into(),
        token: "t".into(),
        shop_id: 1,
        timeout_secs: None,
        pick_shift: None,
    })
    .unwrap_err();
    assert!(e.to_string().contains("carriers.ghn.base_url"), "{e}");
    let e = GhnClient::new(&GhnConfig {
        base_url: "https://online-gateway.ghn.vn/shiip/public-api".into(),
        ..GhnConfig::default()
    })
    .unwrap_err();
    assert!(e.to_string().contains("carriers.ghn.token"), "{e}");
    let e = ViettelPostClient::new(&ViettelPostConfig {
        base_url: "https://partner.viettelpost.vn".into(),
        ..ViettelPostConfig::default()
    })
    .unwrap_err();
    assert!(
        e.to_string().contains("carriers.viettelpost.username"),
        "{e}"
    );

    let sim = start(STILL).await;
    let all = Carriers::new(&sim.carriers_config()).unwrap();
    assert_eq!(all.configured(), CarrierKind::ALL.to_vec());
    for kind in CarrierKind::ALL {
        let c = all.get(kind).unwrap();
        assert_eq!(c.kind(), kind);
        let o = c.create(&parcel("OD-REG", Service::Express)).await.unwrap();
        assert_eq!(
            c.find("OD-REG").await.unwrap().unwrap().tracking_number,
            o.tracking_number
        );
    }
    // Secrets stay out of debug output.
    let shown = format!("{:?} {:?}", all, sim.ghn_config());
    assert!(!shown.contains(&sim.ghn_config().token), "{shown}");
    assert!(
        !shown.contains(&sim.viettel_post_config().password),
        "{shown}"
    );
}
