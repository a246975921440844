//! GHN's places (reference §1.3 master data, §1.4 fee): the simulator refuses a fee
//! without place ids as GHN documents it, the adapter fetches the lists, and routes get
//! their own service.

use super::*;
use orderdeck_domain::places::{Level, PlaceIndex, Written};

async fn raw_post(
    sim: &SimHandle,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let cfg = sim.ghn_config();
    let reply = reqwest::Client::new()
        .post(format!("{}{path}", cfg.base_url))
        .header("Token", &cfg.token)
        .header("ShopId", cfg.shop_id)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap())
}

fn fee_body(extra: serde_json::Value) -> serde_json::Value {
    let mut body = serde_json::json!({
        "service_type_id": 2, "weight": 500, "length": 20, "width": 15, "height": 10,
        "insurance_value": 0, "cod_value": 0,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// Fails on the simulator before this change, which priced a fee sent names only.
#[tokio::test]
async fn the_fee_needs_ghn_place_ids_as_the_reference_says() {
    let sim = start(STILL).await;
    let fee = "/v2/shipping-order/fee";
    // Names only, as orderdeck sent them before: GHN's fee endpoint requires ids.
    let (status, reply) = raw_post(
        &sim,
        fee,
        fee_body(serde_json::json!({
            "to_ward_name": "Phường Bến Nghé", "to_district_name": "Quận 1",
            "to_province_name": "Hồ Chí Minh",
        })),
    )
    .await;
    assert_eq!(status, 400, "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("to_district_id"),
        "{reply}"
    );
    // A ward code is a string even when it looks like a number.
    let (status, reply) = raw_post(
        &sim,
        fee,
        fee_body(serde_json::json!({"to_district_id": 1760, "to_ward_code": 26740})),
    )
    .await;
    assert_eq!(status, 400, "{reply}");
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("must be a string"),
        "{reply}"
    );
    // A ward of another district, a locked district: refused.
    let (status, _) = raw_post(
        &sim,
        fee,
        fee_body(serde_json::json!({"to_district_id": 1770, "to_ward_code": "26740"})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, reply) = raw_post(
        &sim,
        fee,
        fee_body(serde_json::json!({"to_district_id": 3999, "to_ward_code": "999001"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        reply["message"].as_str().unwrap().contains("locked"),
        "{reply}"
    );
    // The documented request is priced.
    let (status, reply) = raw_post(
        &sim,
        fee,
        fee_body(serde_json::json!({"to_district_id": 1760, "to_ward_code": "26740"})),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert!(reply["data"]["total"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn without_place_ids_the_adapter_sends_nothing() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 2000);
    let mut p = parcel("OD-NOPLACE", Service::Economy);
    p.receiver_place = None;
    for e in [
        c.quote(&p).await.unwrap_err(),
        c.create(&p).await.unwrap_err(),
    ] {
        assert!(matches!(e, CarrierError::Incomplete { .. }), "{e:?}");
        assert!(
            e.not_processed(),
            "a retry may keep the code: nothing was sent"
        );
    }
    assert_eq!(sim.calls_to("/shiip/public-api/v2/shipping-order/fee"), 0);
    assert_eq!(
        sim.calls_to("/shiip/public-api/v2/shipping-order/create"),
        0
    );
}

#[tokio::test]
async fn the_lists_are_fetched_whole_and_locked_entries_left_out() {
    let sim = start(STILL).await;
    let places = ghn(&sim, 5000).places().await.unwrap();
    let count = |l: Level| places.iter().filter(|p| p.level == l).count();
    assert_eq!(
        (
            count(Level::Province),
            count(Level::District),
            count(Level::Ward)
        ),
        (63, 705, 10_599),
        "the simulator's list less its locked duplicates"
    );
    // One call for provinces, one per province, one per district.
    assert_eq!(sim.calls_to("/shiip/public-api/master-data/district"), 63);
    assert_eq!(sim.calls_to("/shiip/public-api/master-data/ward"), 705);
    let index = PlaceIndex::new(places);
    let written = Written {
        line1: "12 Lê Lợi",
        ward: "P. Ben Nghe",
        district: "Q.1",
        province: "TP HCM",
    };
    // The locked second "Quận 1" would make this ambiguous had it been kept.
    assert_eq!(index.resolve(&written), Ok(ben_nghe()));
}

/// Reference §1.5: `service_id`s are per route, from available-services.
#[tokio::test]
async fn each_route_gets_its_own_service() {
    let sim = start(STILL).await;
    let c = ghn(&sim, 5000);
    let index = PlaceIndex::new(c.places().await.unwrap());
    let place = |ward: &str, district: &str, province: &str| {
        index
            .resolve(&Written {
                line1: "",
                ward,
                district,
                province,
            })
            .unwrap()
    };
    let shop_hcm = place("Phường Bến Thành", "Quận 1", "Hồ Chí Minh");
    let buyer_hanoi = place("Phường Dịch Vọng", "Quận Cầu Giấy", "Hà Nội");

    let mut across = parcel("SVC-ACROSS", Service::Economy);
    across.sender_place = Some(shop_hcm.clone());
    across.receiver_place = Some(buyer_hanoi);
    let mut within = parcel("SVC-WITHIN", Service::Economy);
    within.sender_place = Some(shop_hcm.clone());
    let mut heavy = parcel("SVC-HEAVY-ROUTE", Service::Economy);
    heavy.sender_place = Some(shop_hcm.clone());
    heavy.weight_grams = 25_000;
    let mut sent = Vec::new();
    for p in [&across, &within, &heavy] {
        c.quote(p).await.unwrap();
        let o = c.create(p).await.unwrap();
        sent.push(
            sim.create_request(CarrierKind::Ghn, &o.tracking_number)
                .unwrap(),
        );
    }
    assert_eq!(sent[0]["service_id"], 53_321, "{}", sent[0]);
    assert_eq!(sent[1]["service_id"], 53_320, "{}", sent[1]);
    assert_eq!(sent[2]["service_id"], 100_039, "{}", sent[2]);
    for s in &sent {
        assert!(s.get("service_type_id").is_none(), "one of the two: {s}");
        assert_eq!(s["from_district_id"], 1760, "{s}");
        assert_eq!(s["from_ward_code"], shop_hcm.ward_id.as_str(), "{s}");
    }
    // Two routes, asked once each.
    assert_eq!(
        sim.calls_to("/shiip/public-api/v2/shipping-order/available-services"),
        2
    );
}

/// Reference §1.3: leadtime takes `to_district_id`, `to_ward_code` and a route's
/// `service_id`, the `from_` pair together or not at all; a quote carries its date when
/// the route's service is known, and stays a quote without one.
#[tokio::test]
async fn a_quote_on_a_known_route_carries_ghns_lead_time() {
    let sim = start(STILL).await;
    let lead = "/v2/shipping-order/leadtime";
    let to = serde_json::json!({"to_district_id": 1760, "to_ward_code": ben_nghe().ward_id});
    let with = |extra: serde_json::Value| {
        let mut b = to.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (body, says) in [
        (to.clone(), "service_id"),
        (
            with(serde_json::json!({"service_id": 53_320, "from_district_id": 1760})),
            "together",
        ),
        (
            with(serde_json::json!({"service_id": "53320"})),
            "service_id",
        ),
        (with(serde_json::json!({"service_id": 1})), "not available"),
        (
            serde_json::json!({"to_district_name": "Quận 1", "to_ward_name": "Phường Bến Nghé", "service_id": 53_320}),
            "to_district_id",
        ),
    ] {
        let (status, reply) = raw_post(&sim, lead, body.clone()).await;
        assert_eq!(status, 400, "{body} → {reply}");
        assert!(
            reply["message"].as_str().unwrap().contains(says),
            "{body} → {reply}"
        );
    }
    let (status, reply) =
        raw_post(&sim, lead, with(serde_json::json!({"service_id": 53_320}))).await;
    assert_eq!(status, 200, "{reply}");
    assert!(reply["data"]["leadtime"].as_i64().unwrap() > chrono::Utc::now().timestamp());

    let c = ghn(&sim, 5000);
    let index = PlaceIndex::new(c.places().await.unwrap());
    let shop = index
        .resolve(&Written {
            line1: "",
            ward: "Phường Bến Thành",
            district: "Quận 1",
            province: "Hồ Chí Minh",
        })
        .unwrap();
    let mut p = parcel("LEAD-1", Service::Economy);
    let unknown_route = c.quote(&p).await.unwrap();
    assert_eq!(unknown_route.expected_delivery, None);
    assert_eq!(sim.calls_to(&format!("/shiip/public-api{lead}")), 6);
    p.sender_place = Some(shop);
    let q = c.quote(&p).await.unwrap();
    let when = q.expected_delivery.expect("a date on a known route");
    assert!(
        when > chrono::Utc::now() + chrono::Duration::days(1),
        "{when}"
    );
    assert_eq!(q.fee, unknown_route.fee);
}
