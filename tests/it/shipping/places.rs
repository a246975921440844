//! Shipping with GHN to addresses as buyers write them: resolved against GHN's places
//! (fetched into the database on first use), or — when they name no one place — nothing
//! is sent and the candidates are named, for a person to pick.

use super::*;
use orderdeck_app::carrier_places;

async fn set_address(pool: &PgPool, number: &str, address: serde_json::Value) {
    sqlx::query("update orders set ship_address = $2 where number = $1")
        .bind(number)
        .bind(address)
        .execute(pool)
        .await
        .unwrap();
}

const FEE: &str = "/shiip/public-api/v2/shipping-order/fee";
const CREATE: &str = "/shiip/public-api/v2/shipping-order/create";

#[tokio::test]
async fn an_address_written_in_one_line_without_diacritics_ships_to_ghns_ward() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let number = packed_order(&db.pool, "PLACE-1").await;
    set_address(
        &db.pool,
        &number,
        serde_json::json!({"line1": "12 le loi, p ben nghe, q1, tp hcm"}),
    )
    .await;
    let parcel = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    let to = parcel.request.receiver_place.clone().unwrap();
    assert_eq!(to.label(), "Phường Bến Nghé, Quận 1, Hồ Chí Minh");
    shipping::quote(&carriers, &parcel).await.unwrap();
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &shipped.tracking_number)
        .unwrap();
    assert_eq!(sent["to_district_id"], 1760, "{sent}");
    assert_eq!(sent["to_ward_code"], "26740", "{sent}");
    // The list was fetched once, into the database, on first use.
    let info = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (info.provinces, info.districts, info.wards),
        (63, 705, 10_599)
    );
    assert_eq!(sim.calls_to("/shiip/public-api/master-data/province"), 1);
}

#[tokio::test]
async fn a_ward_name_of_many_districts_sends_nothing_until_a_person_picks() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let number = packed_order(&db.pool, "PLACE-2").await;
    // Written the post-2025 way: ward and province, no district. Hồ Chí Minh has a
    // "Phường 1" in many districts.
    set_address(
        &db.pool,
        &number,
        serde_json::json!({"line1": "5 Trần Hưng Đạo", "ward": "Phường 1", "province": "TP. Hồ Chí Minh"}),
    )
    .await;
    let err = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap_err();
    let ShipError::Place { problem, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(problem.ambiguous, "{problem:?}");
    assert!(problem.candidates.len() >= 5, "{problem:?}");
    // GHN's list (like the statistics office's) writes some "Phường 01".
    assert!(
        problem
            .candidates
            .iter()
            .all(|c| c.ward == "Phường 1" || c.ward == "Phường 01"),
        "{problem:?}"
    );
    // Vũng Tàu's Phường 1 too: Bà Rịa - Vũng Tàu is part of Hồ Chí Minh since 2025.
    assert!(
        problem
            .candidates
            .iter()
            .any(|c| c.province == "Bà Rịa - Vũng Tàu"),
        "{problem:?}"
    );
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert_eq!((sim.calls_to(FEE), sim.calls_to(CREATE)), (0, 0));
    let shipments: i64 = sqlx::query_scalar("select count(*) from shipments")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(shipments, 0);

    // A ward id GHN does not have is refused here.
    let mut picked = choice(CarrierKind::Ghn);
    picked.ward = Some("NO-SUCH".into());
    let err = shipping::parcel(&db.pool, &carriers, &places, &number, &sender(), &picked)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no ward NO-SUCH"), "{err}");

    // The person picks Phường 1 of Quận 3.
    let pick = problem
        .candidates
        .iter()
        .find(|c| c.district == "Quận 3")
        .unwrap()
        .clone();
    let mut picked = choice(CarrierKind::Ghn);
    picked.ward = Some(pick.ward_id.clone());
    let parcel = shipping::parcel(&db.pool, &carriers, &places, &number, &sender(), &picked)
        .await
        .unwrap();
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    let sent = sim
        .create_request(CarrierKind::Ghn, &shipped.tracking_number)
        .unwrap();
    assert_eq!(sent["to_ward_code"], pick.ward_id.as_str(), "{sent}");
    assert_eq!(
        sent["to_district_id"].to_string(),
        pick.district_id,
        "{sent}"
    );
}

#[tokio::test]
async fn a_week_old_list_is_fetched_again_and_kept_when_ghn_cannot_be_reached() {
    let db = common::fresh_db().await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 2);
    let first = carrier_places::refresh(&db.pool, &carriers, CarrierKind::Ghn)
        .await
        .unwrap();
    let age = |days: i32| {
        let pool = db.pool.clone();
        async move {
            sqlx::query(
                "update carrier_place_lists set refreshed_at = now() - make_interval(days => $1)",
            )
            .bind(days)
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    // Six days old: used as it is.
    age(6).await;
    let before = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    Places::new()
        .index(&db.pool, &carriers, CarrierKind::Ghn)
        .await
        .unwrap();
    let after = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before, after);
    // Eight days old: fetched again.
    age(8).await;
    Places::new()
        .index(&db.pool, &carriers, CarrierKind::Ghn)
        .await
        .unwrap();
    let fresh = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    assert!(fresh.refreshed_at > after.refreshed_at);
    assert_eq!(fresh.wards, first.wards);
    // Eight days old and GHN down: the old list stays in use.
    age(8).await;
    let stale = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    sim.faults().set(FaultSpec {
        http_503: Trigger::always(),
        ..FaultSpec::default()
    });
    let index = Places::new()
        .index(&db.pool, &carriers, CarrierKind::Ghn)
        .await
        .unwrap();
    assert_eq!(index.counts(), (63, 705, 10_599));
    let kept = carrier_places::info(&db.pool, CarrierKind::Ghn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept, stale);
}

/// The buyer orders again from the same unclear address: the ward a person picked last
/// time is used, without asking (and only once that parcel shipped).
#[tokio::test]
async fn a_picked_ward_is_remembered_for_the_same_address() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let address = serde_json::json!({"line1": "5 Trần Hưng Đạo", "ward": "Phường 1", "province": "TP. Hồ Chí Minh"});
    let first = packed_order(&db.pool, "AGAIN-1").await;
    set_address(&db.pool, &first, address.clone()).await;
    let err = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &first,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap_err();
    let ShipError::Place { problem, .. } = &err else {
        panic!("{err:?}");
    };
    let pick = problem
        .candidates
        .iter()
        .find(|c| c.district == "Quận 5")
        .unwrap()
        .clone();
    let mut picked = choice(CarrierKind::Ghn);
    picked.ward = Some(pick.ward_id.clone());
    let parcel = shipping::parcel(&db.pool, &carriers, &places, &first, &sender(), &picked)
        .await
        .unwrap();
    shipping::ship(&db.pool, &carriers, &parcel, "lan")
        .await
        .unwrap();

    // The same address, written with other spacing and without diacritics.
    let second = packed_order(&db.pool, "AGAIN-2").await;
    set_address(
        &db.pool,
        &second,
        serde_json::json!({"line1": "5 tran hung dao", "ward": "phuong 1", "province": "tp. ho chi minh"}),
    )
    .await;
    let parcel = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &second,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    assert_eq!(parcel.request.receiver_place.unwrap().ward_id, pick.ward_id);
}
