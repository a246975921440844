//! The heart of the workflow against a real PostgreSQL: no oversell, no double packing,
//! no lost update, and the stock invariants after random sequences of operations.

use crate::common;

use common::{assert_invariants, catalog, order};

use std::collections::HashSet;

use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::orders::{EditLine, OrderEdit, OrderError};
use orderdeck_app::{packing, purchasing, stock_count};

#[tokio::test]
async fn thirty_two_intakes_race_for_the_last_ten_units() {
    let db = common::fresh_db().await;
    // 6 in Hanoi and 4 in Saigon: the race also crosses warehouses.
    catalog(&db.pool, &[(6, 4)]).await;
    let mut tasks = Vec::new();
    for i in 0..32 {
        let pool = db.pool.clone();
        tasks.push(tokio::spawn(async move {
            create_order(&pool, &order(&format!("R-{i}"), &[("S0", 1)]), "test").await
        }));
    }
    let mut created = 0;
    for t in tasks {
        if let IntakeOutcome::Created { .. } = t.await.unwrap().unwrap() {
            created += 1;
        }
    }
    assert_eq!(created, 32, "no order lost");
    let (reserved, backordered): (i64, i64) = sqlx::query_as("select count(*) filter (where status = 'reserved'), count(*) filter (where status = 'backordered') from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!((reserved, backordered), (10, 22));
    let (on_hand, resv): (i64, i64) =
        sqlx::query_as("select sum(on_hand)::bigint, sum(reserved)::bigint from stock_levels")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((on_hand, resv), (10, 10));
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn the_same_channel_order_twice_is_one_order_even_at_once() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(50, 0)]).await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let pool = db.pool.clone();
        tasks.push(tokio::spawn(async move {
            create_order(&pool, &order("W-1001", &[("S0", 2)]), "test")
                .await
                .unwrap()
        }));
    }
    let outcomes: Vec<IntakeOutcome> = futures_join(tasks).await;
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, IntakeOutcome::Created { .. }))
            .count(),
        1
    );
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, IntakeOutcome::Duplicate { .. }))
            .count(),
        7
    );
    let reserved: i64 = sqlx::query_scalar("select sum(reserved)::bigint from stock_levels")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(reserved, 2, "a duplicate reserves nothing");
    assert_invariants(&db.pool).await;
}

async fn futures_join<T: Send + 'static>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_line_is_split_across_warehouses_preferred_first() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(3, 5)]).await;
    let mut o = order("SPLIT-1", &[("S0", 6)]);
    o.warehouse = Some("HN".into());
    let out = create_order(&db.pool, &o, "test").await.unwrap();
    assert!(
        matches!(out, IntakeOutcome::Created { ref status, .. } if status == "reserved"),
        "{out:?}"
    );
    let split: Vec<(String, i32)> = sqlx::query_as("select w.code, r.qty from reservations r join warehouses w on w.id = r.warehouse_id order by w.code")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(split, vec![("HCM".to_string(), 3), ("HN".to_string(), 3)]);
    // Short: the shortage per line is reported and visible.
    let out = create_order(&db.pool, &order("SPLIT-2", &[("S0", 4)]), "test")
        .await
        .unwrap();
    match out {
        IntakeOutcome::Created {
            status, shortages, ..
        } => {
            assert_eq!(status, "backordered");
            assert_eq!(shortages.len(), 1);
            assert_eq!(shortages[0].short, 2);
        }
        other => panic!("{other:?}"),
    }
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn eight_stations_never_claim_the_same_order() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(100, 0)]).await;
    for i in 0..24 {
        create_order(&db.pool, &order(&format!("P-{i}"), &[("S0", 1)]), "test")
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for s in 0..8 {
        let pool = db.pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(job) = packing::claim_next(&pool, &format!("station-{s}"))
                .await
                .unwrap()
            {
                mine.push(job.order_id);
            }
            mine
        }));
    }
    let all: Vec<i64> = futures_join(tasks).await.into_iter().flatten().collect();
    let unique: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), 24);
    assert_eq!(unique.len(), 24, "an order was claimed twice");
}

#[tokio::test]
async fn scanning_packs_once_and_refuses_wrong_items() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0), (10, 0)]).await;
    create_order(&db.pool, &order("SCAN-1", &[("S0", 2), ("S1", 1)]), "test")
        .await
        .unwrap();
    let job = packing::claim_next(&db.pool, "st1")
        .await
        .unwrap()
        .expect("a job");
    assert!(
        packing::claim_next(&db.pool, "st2")
            .await
            .unwrap()
            .is_none()
    );
    let wrong = packing::scan(&db.pool, job.order_id, "st1", "nonsense")
        .await
        .unwrap_err();
    assert!(wrong.to_string().contains("not in order"), "{wrong}");
    // By barcode, then by SKU.
    assert!(matches!(
        packing::scan(&db.pool, job.order_id, "st1", "8930000000000")
            .await
            .unwrap(),
        packing::ScanResult::Counted { packed: 1, .. }
    ));
    assert!(matches!(
        packing::scan(&db.pool, job.order_id, "st1", "s0")
            .await
            .unwrap(),
        packing::ScanResult::Counted { packed: 2, .. }
    ));
    let too_many = packing::scan(&db.pool, job.order_id, "st1", "S0")
        .await
        .unwrap_err();
    assert!(too_many.to_string().contains("one too many"), "{too_many}");
    let other_station = packing::scan(&db.pool, job.order_id, "st2", "S1")
        .await
        .unwrap_err();
    assert!(
        other_station.to_string().contains("being packed by st1"),
        "{other_station}"
    );
    assert!(matches!(
        packing::scan(&db.pool, job.order_id, "st1", "S1")
            .await
            .unwrap(),
        packing::ScanResult::Packed { .. }
    ));
    let again = packing::scan(&db.pool, job.order_id, "st1", "S1")
        .await
        .unwrap_err();
    assert!(again.to_string().contains("already packed"), "{again}");
    let packed_events: i64 =
        sqlx::query_scalar("select count(*) from order_events where kind = 'packed'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(packed_events, 1);
}

#[tokio::test]
async fn two_editors_one_conflict_no_lost_update() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(20, 0), (20, 0)]).await;
    let IntakeOutcome::Created { number, .. } =
        create_order(&db.pool, &order("E-1", &[("S0", 1)]), "test")
            .await
            .unwrap()
    else {
        panic!()
    };
    let version: i32 = sqlx::query_scalar("select version from orders where number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let a = OrderEdit {
        buyer_name: Some("Lê Văn A".into()),
        lines: Some(vec![EditLine {
            sku: "S0".into(),
            qty: 3,
            unit_price: None,
        }]),
        ..Default::default()
    };
    let b = OrderEdit {
        buyer_name: Some("Phạm Thị B".into()),
        lines: Some(vec![EditLine {
            sku: "S1".into(),
            qty: 1,
            unit_price: None,
        }]),
        ..Default::default()
    };
    let (ra, rb) = tokio::join!(
        orderdeck_app::orders::edit(&db.pool, &number, version, &a, "agent-a"),
        orderdeck_app::orders::edit(&db.pool, &number, version, &b, "agent-b")
    );
    let (ok, conflict, winner) = match (ra, rb) {
        (Ok(x), Err(e)) => (x, e, "Lê Văn A"),
        (Err(e), Ok(x)) => (x, e, "Phạm Thị B"),
        other => panic!("expected exactly one conflict, got {other:?}"),
    };
    assert_eq!(ok.version, version + 1);
    assert!(matches!(conflict, OrderError::Conflict { .. }));
    assert!(
        conflict.to_string().contains("nothing was saved"),
        "{conflict}"
    );
    let name: String = sqlx::query_scalar("select buyer_name from orders where number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(name, winner);
    let edits: Vec<(String, serde_json::Value, serde_json::Value)> =
        sqlx::query_as("select actor, before, after from order_events where kind = 'edited'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].1["buyer_name"], "Trần Thị Bình");
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn an_address_edit_reads_old_to_new_on_the_timeline_and_an_unchanged_fee_is_not_named() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(20, 0)]).await;
    let IntakeOutcome::Created { number, .. } =
        create_order(&db.pool, &order("A-1", &[("S0", 1)]), "test")
            .await
            .unwrap()
    else {
        panic!()
    };
    let (id, version, fee, old): (i64, i32, rust_decimal::Decimal, serde_json::Value) =
        sqlx::query_as(
            "select id, version, shipping_fee, ship_address from orders where number = $1",
        )
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let edit = OrderEdit {
        ship_address: Some(orderdeck_domain::intake::Address {
            line1: "45 Hai Bà Trưng".into(),
            ward: "Phường 6".into(),
            district: "Quận 3".into(),
            province: "TP. Hồ Chí Minh".into(),
        }),
        // What a form sends back: the same fee, written without the stored decimals.
        shipping_fee: Some(fee.normalize()),
        ..Default::default()
    };
    orderdeck_app::orders::edit(&db.pool, &number, version, &edit, "agent")
        .await
        .unwrap();
    let detail = orderdeck_store::orders::detail(&db.pool, id)
        .await
        .unwrap()
        .unwrap();
    let e = detail
        .events
        .iter()
        .find(|e| e.kind == orderdeck_domain::order_event::OrderEventKind::Edited)
        .expect("an edit event");
    let old_text = orderdeck_domain::order_event::address_text(&old);
    assert!(!old_text.is_empty());
    assert_eq!(
        e.sentence(),
        format!("address: {old_text} → 45 Hai Bà Trưng, Phường 6, Quận 3, TP. Hồ Chí Minh")
    );
    assert!(!e.sentence().contains("fee"), "{}", e.sentence());
    assert_eq!(e.kind.label(), "edited");
}

#[tokio::test]
async fn cancel_releases_and_receipts_fill_backorders_oldest_first() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(2, 0)]).await;
    let mut numbers = Vec::new();
    for i in 0..4 {
        if let IntakeOutcome::Created { number, .. } =
            create_order(&db.pool, &order(&format!("B-{i}"), &[("S0", 1)]), "test")
                .await
                .unwrap()
        {
            numbers.push(number);
        }
    }
    orderdeck_app::orders::cancel(
        &db.pool,
        &numbers[0],
        "test",
        &orderdeck_domain::cancel_reason::CancelReason::parse("buyer_asked", "").unwrap(),
        None,
    )
    .await
    .unwrap();
    // The released unit goes to the oldest backorder at once; a receipt (or count) fills
    // the rest, oldest first.
    let status: String = sqlx::query_scalar("select status from orders where number = $1")
        .bind(&numbers[2])
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "reserved");
    let drafted = purchasing::draft_from_backorders(&db.pool, "test")
        .await
        .unwrap();
    assert_eq!(drafted.purchase_orders.len(), 1);
    let again = purchasing::draft_from_backorders(&db.pool, "test")
        .await
        .unwrap();
    assert!(
        again.purchase_orders.is_empty(),
        "drafting twice orders twice"
    );
    let po = &drafted.purchase_orders[0];
    assert!(
        purchasing::receive(&db.pool, po, None, "test")
            .await
            .is_err(),
        "a draft cannot be received"
    );
    purchasing::confirm(&db.pool, po).await.unwrap();
    let received = purchasing::receive(&db.pool, po, None, "test")
        .await
        .unwrap();
    assert_eq!(received.status, "received");
    assert_eq!(received.filled_orders, vec![numbers[3].clone()]);
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn receipts_in_part_with_rejects_and_bad_input_change_nothing() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(0, 0)]).await;
    for i in 0..3 {
        create_order(&db.pool, &order(&format!("Q-{i}"), &[("S0", 2)]), "test")
            .await
            .unwrap();
    }
    let po = purchasing::draft_from_backorders(&db.pool, "test")
        .await
        .unwrap()
        .purchase_orders
        .remove(0);
    purchasing::confirm(&db.pool, &po).await.unwrap();
    let line = |a, r, reason: &str| purchasing::ReceiptLine {
        sku: "S0".into(),
        accepted: a,
        rejected: r,
        reason: reason.into(),
    };
    assert!(
        purchasing::receive(&db.pool, &po, Some(&[line(7, 0, "")]), "t")
            .await
            .is_err(),
        "more than ordered"
    );
    assert!(
        purchasing::receive(&db.pool, &po, Some(&[line(1, 1, "")]), "t")
            .await
            .is_err(),
        "a reject without a reason"
    );
    assert!(
        purchasing::receive(&db.pool, &po, Some(&[line(-1, 0, "")]), "t")
            .await
            .is_err(),
        "negative"
    );
    let on_hand: i64 =
        sqlx::query_scalar("select coalesce(sum(on_hand), 0)::bigint from stock_levels")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(on_hand, 0, "refused receipts changed stock");
    let r = purchasing::receive(&db.pool, &po, Some(&[line(3, 1, "vỡ hộp")]), "t")
        .await
        .unwrap();
    assert_eq!(r.status, "partially_received");
    assert_eq!(
        r.filled_orders.len(),
        1,
        "3 units fill the oldest 2-unit order, the next gets 1"
    );
    assert_invariants(&db.pool).await;
    let r = purchasing::receive(&db.pool, &po, None, "t").await.unwrap();
    assert_eq!(r.status, "received");
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn stock_counts_post_differences_and_never_go_below_reserved() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(5, 0), (5, 0)]).await;
    create_order(&db.pool, &order("C-1", &[("S0", 3)]), "test")
        .await
        .unwrap();
    let count = stock_count::start(&db.pool, "HN", None, "test")
        .await
        .unwrap();
    for _ in 0..2 {
        stock_count::enter(&db.pool, count, "S0", 1).await.unwrap();
    }
    stock_count::enter(&db.pool, count, "8930000000001", 7)
        .await
        .unwrap();
    assert!(
        stock_count::enter(&db.pool, count, "NOPE", 1)
            .await
            .is_err()
    );
    let diffs = stock_count::differences(&db.pool, count).await.unwrap();
    assert_eq!(diffs.len(), 2);
    let refused = stock_count::post(&db.pool, count, "test")
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("S0 counted 2 but 3 reserved"),
        "{refused}"
    );
    stock_count::enter(&db.pool, count, "S0", 2).await.unwrap();
    assert_eq!(stock_count::post(&db.pool, count, "test").await.unwrap(), 2);
    let levels: Vec<(String, i32)> = sqlx::query_as("select v.sku, s.on_hand from stock_levels s join variants v on v.id = s.variant_id join warehouses w on w.id = s.warehouse_id where w.code = 'HN' order by v.sku")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(levels, vec![("S0".to_string(), 4), ("S1".to_string(), 7)]);
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_bulk_import_is_all_or_nothing_and_never_oversells() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(30, 20), (5, 0)]).await;
    let mut orders: Vec<_> = (0..300)
        .map(|i| order(&format!("IMP-{i}"), &[("S0", 1 + i % 2), ("S1", 1)]))
        .collect();
    // A bad SKU in the last order: nothing at all is imported.
    orders.push(order("IMP-BAD", &[("NOPE", 1)]));
    let err = orderdeck_app::import::import_orders(&db.pool, &orders, "test")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("order 301") && err.to_string().contains("NOPE"),
        "{err}"
    );
    let n: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    orders.pop();
    // Duplicates inside the file and across imports count once.
    orders.push(order("IMP-0", &[("S0", 1)]));
    let report = orderdeck_app::import::import_orders(&db.pool, &orders, "test")
        .await
        .unwrap();
    assert_eq!((report.created, report.duplicates), (300, 1));
    let again = orderdeck_app::import::import_orders(&db.pool, &orders[..10], "test")
        .await
        .unwrap();
    assert_eq!((again.created, again.duplicates), (0, 10));
    let (reserved, on_hand): (i64, i64) =
        sqlx::query_as("select sum(reserved)::bigint, sum(on_hand)::bigint from stock_levels")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(reserved <= on_hand);
    assert_eq!(report.reserved + report.backordered, 300);
    // S1 has 5 units: exactly the 5 oldest orders are ready to pack.
    let ready: Vec<String> =
        sqlx::query_scalar("select external_id from orders where status = 'reserved' order by id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(ready, vec!["IMP-0", "IMP-1", "IMP-2", "IMP-3", "IMP-4"]);
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn products_round_trip_through_csv_and_a_bad_file_imports_nothing() {
    let source = common::fresh_db().await;
    orderdeck_sim::demo::seed(&source.pool, chrono::Utc::now())
        .await
        .unwrap();
    let csv = orderdeck_app::catalog_csv::export(&source.pool)
        .await
        .unwrap();
    let target = common::fresh_db().await;
    sqlx::query("insert into warehouses (code, name) values ('HN', 'Kho Hà Nội'), ('HCM', 'Kho HCM'), ('DN', 'Kho Đà Nẵng')").execute(&target.pool).await.unwrap();
    let r = orderdeck_app::catalog_csv::import(&target.pool, &csv, "test")
        .await
        .unwrap();
    let (products, variants): (i64, i64) =
        sqlx::query_as("select (select count(*) from products), (select count(*) from variants)")
            .fetch_one(&source.pool)
            .await
            .unwrap();
    assert_eq!((r.products as i64, r.variants as i64), (products, variants));
    let on_hand = |pool: sqlx::PgPool| async move {
        sqlx::query_scalar::<_, i64>("select sum(on_hand)::bigint from stock_levels")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(
        on_hand(target.pool.clone()).await,
        on_hand(source.pool.clone()).await
    );
    // The same file again: every row is refused, nothing changes.
    let err = orderdeck_app::catalog_csv::import(&target.pool, &csv, "test")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("nothing imported") && err.contains("already exists"),
        "{}",
        &err[..200.min(err.len())]
    );
    let after: i64 = sqlx::query_scalar("select count(*) from variants")
        .fetch_one(&target.pool)
        .await
        .unwrap();
    assert_eq!(after, variants);
    assert_invariants(&target.pool).await;
}

#[tokio::test]
async fn suppliers_manual_purchase_orders_and_receipts_with_rejects() {
    use orderdeck_app::purchasing::{
        ManualPo, ReceiptLine, SupplierInput, create_manual, remaining, save_supplier,
    };
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(0, 0), (0, 0)]).await;
    let bad = SupplierInput {
        name: "Công ty TNHH Hạnh Phúc".into(),
        tax_code: "0100109107".into(),
        lead_time_days: "x".into(),
        ..Default::default()
    };
    let errors = save_supplier(&db.pool, None, &bad)
        .await
        .unwrap()
        .unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(fields, vec!["tax_code", "lead_time_days"]);
    let good = SupplierInput {
        tax_code: "0100109106".into(),
        lead_time_days: "5".into(),
        ..bad
    };
    save_supplier(&db.pool, None, &good).await.unwrap().unwrap();
    let dup = save_supplier(&db.pool, None, &good)
        .await
        .unwrap()
        .unwrap_err();
    assert!(dup[0].1.contains("already"), "{dup:?}");

    let refused = create_manual(
        &db.pool,
        &ManualPo {
            supplier: "nobody".into(),
            warehouse: "ZZ".into(),
            expected: "31/12".into(),
            lines: "S0 x\nNOPE 2".into(),
        },
        "t",
    )
    .await
    .unwrap()
    .unwrap_err();
    let fields: Vec<&str> = refused.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        fields,
        vec!["supplier", "warehouse", "expected", "lines", "lines"],
        "{refused:?}"
    );
    let msg = create_manual(
        &db.pool,
        &ManualPo {
            supplier: "công ty tnhh hạnh phúc".into(),
            warehouse: "hcm".into(),
            expected: String::new(),
            lines: "S0 10 55.000\nS1 4".into(),
        },
        "t",
    )
    .await
    .unwrap()
    .unwrap();
    let number = msg.split_whitespace().nth(1).unwrap().to_string();
    let total: rust_decimal::Decimal =
        sqlx::query_scalar("select total from purchase_orders where number = $1")
            .bind(&number)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(total, rust_decimal::Decimal::from(10 * 55_000 + 4 * 60_000));
    orderdeck_app::purchasing::confirm(&db.pool, &number)
        .await
        .unwrap();
    assert_eq!(remaining(&db.pool, &number).await.unwrap().len(), 2);
    let lines = vec![
        ReceiptLine {
            sku: "S0".into(),
            accepted: 8,
            rejected: 2,
            reason: "móp hộp".into(),
        },
        ReceiptLine {
            sku: "S1".into(),
            accepted: 1,
            rejected: 0,
            reason: String::new(),
        },
    ];
    let r = orderdeck_app::purchasing::receive(&db.pool, &number, Some(&lines), "t")
        .await
        .unwrap();
    assert_eq!(r.status, "partially_received");
    let left = remaining(&db.pool, &number).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].sku.as_str(), left[0].accepted), ("S1", 3));
    let hcm: i64 = sqlx::query_scalar("select sum(s.on_hand)::bigint from stock_levels s join warehouses w on w.id = s.warehouse_id where w.code = 'HCM'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(hcm, 9);
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn products_are_created_with_every_variant_and_edited_with_reorder_points() {
    use orderdeck_app::products::{ProductEdit, ProductInput, create, update};
    let db = common::fresh_db().await;
    catalog(&db.pool, &[]).await;
    let input = ProductInput {
        name: "Áo polo cá sấu".into(),
        category: "Thời trang".into(),
        brand: "Việt Tiến".into(),
        vat_rate: "8".into(),
        attributes: vec![
            ("Màu".into(), vec!["Trắng".into(), "Đen".into()]),
            ("Size".into(), vec!["M".into(), "L".into(), "XL".into()]),
        ],
        sku_prefix: "POLO".into(),
        cost_price: rust_decimal::Decimal::from(120_000),
        sale_price: rust_decimal::Decimal::from(249_000),
        opening: vec![("HN".into(), 5), ("ZZ".into(), 1)],
        description: "Vải cá sấu\nthoáng mát".into(),
        ..Default::default()
    };
    let refused = create(&db.pool, &input, "t").await.unwrap().unwrap_err();
    assert_eq!(
        refused,
        vec![("opening".to_string(), "no active warehouse ZZ".to_string())]
    );
    let ok = ProductInput {
        opening: vec![("HN".into(), 5)],
        ..input.clone()
    };
    create(&db.pool, &ok, "t").await.unwrap().unwrap();
    let (variants, on_hand): (i64, i64) = sqlx::query_as("select count(*), (select sum(on_hand)::bigint from stock_levels) from variants where sku like 'POLO-%'").fetch_one(&db.pool).await.unwrap();
    assert_eq!((variants, on_hand), (6, 30));
    assert!(
        create(&db.pool, &ok, "t").await.unwrap().unwrap_err()[0]
            .1
            .contains("already exists")
    );
    let id: i64 = sqlx::query_scalar("select id from products where name = 'Áo polo cá sấu'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let edit = ProductEdit {
        name: "Áo polo cá sấu cao cấp".into(),
        vat_rate: "10".into(),
        prices: vec![
            ("POLO-1".into(), 125_000.into(), 259_000.into(), Some(12)),
            ("POLO-2".into(), 125_000.into(), 259_000.into(), None),
        ],
        ..Default::default()
    };
    update(&db.pool, id, &edit).await.unwrap().unwrap();
    let rows: Vec<(String, rust_decimal::Decimal, i32)> = sqlx::query_as("select sku, sale_price, reorder_point from variants where sku in ('POLO-1', 'POLO-2') order by sku").fetch_all(&db.pool).await.unwrap();
    assert_eq!(
        rows,
        vec![
            ("POLO-1".into(), 259_000.into(), 12),
            ("POLO-2".into(), 259_000.into(), 0)
        ]
    );
    let foreign = ProductEdit {
        prices: vec![("S9".into(), 1.into(), 1.into(), None)],
        ..edit
    };
    assert!(update(&db.pool, id, &foreign).await.unwrap().is_err());
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn an_intake_queue_shares_commits_without_oversell_or_lost_answers() {
    use orderdeck_app::intake::{IntakeError, IntakeQueue};
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(6, 4)]).await;
    let queue = IntakeQueue::start(db.pool.clone(), 2);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let q = queue.clone();
        tasks.push(tokio::spawn(async move {
            q.create(order(&format!("Q-{i}"), &[("S0", 1)]), "test")
                .await
        }));
    }
    // The same channel order again, several times at once: one order in all.
    for _ in 0..4 {
        let q = queue.clone();
        tasks.push(tokio::spawn(async move {
            q.create(order("Q-0", &[("S0", 1)]), "test").await
        }));
    }
    // An order the catalog rejects fails alone; the others in its group go in.
    let q = queue.clone();
    tasks.push(tokio::spawn(async move {
        q.create(order("Q-bad", &[("NO-SUCH-SKU", 1)]), "test")
            .await
    }));
    let outcomes = futures_join(tasks).await;
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(IntakeOutcome::Created { .. })))
        .count();
    let duplicates = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(IntakeOutcome::Duplicate { .. })))
        .count();
    let invalid = outcomes
        .iter()
        .filter(|o| matches!(o, Err(IntakeError::Invalid(_))))
        .count();
    assert_eq!((created, duplicates, invalid), (24, 4, 1));
    let (reserved, backordered): (i64, i64) = sqlx::query_as("select count(*) filter (where status = 'reserved'), count(*) filter (where status = 'backordered') from orders")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!((reserved, backordered), (10, 14));
    assert_invariants(&db.pool).await;
}

/// The queue's writer keeps the catalog facts it read for the next group; whatever
/// changes in between — a price, a VAT rate, a variant or warehouse taken out of use,
/// stock arriving or taken by another process — the next order is decided on the truth.
#[tokio::test]
async fn an_intake_queue_never_decides_on_catalog_facts_that_changed() {
    use orderdeck_app::intake::{IntakeError, IntakeQueue};
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(5, 5), (4, 0)]).await;
    let queue = IntakeQueue::start(db.pool.clone(), 1);
    let created = |o: Result<IntakeOutcome, IntakeError>| match o {
        Ok(IntakeOutcome::Created { number, status, .. }) => (number, status),
        other => panic!("expected a new order, got {other:?}"),
    };
    let line = |number: String| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_as::<_, (rust_decimal::Decimal, String, String)>(
                "select l.unit_price, l.vat_rate, w.code from order_lines l join orders o on o.id = l.order_id
                 left join reservations r on r.order_line_id = l.id left join warehouses w on w.id = r.warehouse_id
                 where o.number = $1",
            )
            .bind(number)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    // The first order reads the facts: price 100,000, VAT 10%, HN first (ties: most stock).
    let (first, _) = created(
        queue
            .create(order("K-1", &[("S0", 1), ("S1", 1)]), "test")
            .await,
    );
    let (price, _, _) = line(first).await;
    assert_eq!(price, rust_decimal::Decimal::from(100_000));

    // A new price and VAT rate: the next order has them, not the kept ones.
    sqlx::query("update variants set sale_price = 120000 where sku = 'S0'")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("update products set vat_rate = '8' where id = (select product_id from variants where sku = 'S0')")
        .execute(&db.pool)
        .await
        .unwrap();
    let (second, _) = created(queue.create(order("K-2", &[("S0", 1)]), "test").await);
    let (price, vat, _) = line(second).await;
    assert_eq!(
        (price, vat.as_str()),
        (rust_decimal::Decimal::from(120_000), "8")
    );

    // A warehouse taken out of use is not reserved from, though the kept figures had it.
    sqlx::query("update warehouses set active = false where code = 'HN'")
        .execute(&db.pool)
        .await
        .unwrap();
    let (third, status) = created(queue.create(order("K-3", &[("S0", 1)]), "test").await);
    assert_eq!(status, "reserved");
    let (_, _, warehouse) = line(third).await;
    assert_eq!(warehouse, "HCM");
    sqlx::query("update warehouses set active = true where code = 'HN'")
        .execute(&db.pool)
        .await
        .unwrap();

    // Another process takes S1's last units: the kept figures say 3 are left.
    for i in 0..3 {
        created(
            create_order(
                &db.pool,
                &order(&format!("K-other-{i}"), &[("S1", 1)]),
                "test",
            )
            .await,
        );
    }
    let (_, status) = created(queue.create(order("K-4", &[("S1", 1)]), "test").await);
    assert_eq!(status, "backordered", "no oversell on kept figures");

    // Stock arrives for S1 behind the queue's back: the kept figures say none is left.
    let (variant, warehouse): (i64, i64) = sqlx::query_as(
        "select s.variant_id, s.warehouse_id from stock_levels s join variants v on v.id = s.variant_id
         join warehouses w on w.id = s.warehouse_id where v.sku = 'S1' and w.code = 'HN'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    common::post_move(&mut tx, variant, warehouse, 5, "receipt").await;
    tx.commit().await.unwrap();
    let (_, status) = created(queue.create(order("K-5", &[("S1", 1)]), "test").await);
    assert_eq!(status, "reserved", "arrived stock is seen");

    // A variant taken out of use is an unknown SKU, not an order on a kept fact.
    sqlx::query("update variants set active = false where sku = 'S0'")
        .execute(&db.pool)
        .await
        .unwrap();
    match queue.create(order("K-6", &[("S0", 1)]), "test").await {
        Err(IntakeError::Invalid(errors)) => {
            assert!(errors[0].message.contains("unknown SKU `S0`"), "{errors:?}")
        }
        other => panic!("expected the SKU refused, got {other:?}"),
    }
    // And a duplicate the kept facts knew nothing of is still one order.
    match queue.create(order("K-1", &[("S1", 1)]), "test").await {
        Ok(IntakeOutcome::Duplicate { number }) => assert_eq!(number, "OD-000001"),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn stock_that_arrives_while_an_order_is_decided_is_not_missed() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(2, 0)]).await;
    // Take everything: the next order, read now, looks short.
    create_order(&db.pool, &order("first", &[("S0", 2)]), "test")
        .await
        .unwrap();
    // A receipt of 5 is posted but not yet committed when the next order is read.
    let (variant, warehouse): (i64, i64) =
        sqlx::query_as("select variant_id, warehouse_id from stock_levels where on_hand > 0")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let mut receipt = db.pool.begin().await.unwrap();
    common::post_move(&mut receipt, variant, warehouse, 5, "receipt").await;
    let pool = db.pool.clone();
    let second =
        tokio::spawn(
            async move { create_order(&pool, &order("second", &[("S0", 1)]), "test").await },
        );
    // The order reads 0 available and waits on the stock row at its write; then the
    // receipt commits. Deciding on the old figures would backorder it for nothing.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    receipt.commit().await.unwrap();
    match second.await.unwrap().unwrap() {
        IntakeOutcome::Created { status, .. } => assert_eq!(status, "reserved"),
        other => panic!("expected a new order, got {other:?}"),
    }
    assert_invariants(&db.pool).await;
}

/// A new shop's first website order: the website channel needs no setting up (it was
/// refused as an unknown channel on a fresh database, where only configured marketplace
/// shops had channels).
#[tokio::test]
async fn the_first_website_order_on_a_fresh_database_is_taken() {
    let db = common::fresh_db().await;
    sqlx::query("insert into warehouses (code, name) values ('HCM', 'Kho Hồ Chí Minh')")
        .execute(&db.pool)
        .await
        .unwrap();
    orderdeck_app::catalog_csv::import(
        &db.pool,
        "product,sku,barcode,category,brand,attr1,value1,attr2,value2,attr3,value3,cost_price,vat_rate,sale_price,warehouse,opening_stock\n\
         Áo thun,S0,,,,,,,,,,60000,8,100000,HCM,5\n",
        "test",
    )
    .await
    .unwrap();
    let channels: i64 = sqlx::query_scalar("select count(*) from sales_channels")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(channels, 0);
    for (external, channel) in [("W-1", "website"), ("M-1", "manual")] {
        let mut o = common::order(external, &[("S0", 1)]);
        o.channel = channel.into();
        let created = orderdeck_app::intake::create_order(&db.pool, &o, "test")
            .await
            .unwrap();
        assert!(
            matches!(
                created,
                orderdeck_app::intake::IntakeOutcome::Created { .. }
            ),
            "{created:?}"
        );
    }
    // Any other unknown channel is still refused.
    let mut o = common::order("X-1", &[("S0", 1)]);
    o.channel = "zalo".into();
    let e = orderdeck_app::intake::create_order(&db.pool, &o, "test")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unknown channel `zalo`"), "{e}");
}

/// Units freed by a cancellation go to the orders that have waited longest — not to the
/// next new order, and not newest first (reported: 17 older backorders kept waiting).
#[tokio::test]
async fn freed_stock_goes_to_the_oldest_backorders_first() {
    let db = common::fresh_db().await;
    common::catalog(&db.pool, &[(3, 0)]).await;
    let mut numbers = Vec::new();
    for n in 0..23 {
        let created = orderdeck_app::intake::create_order(
            &db.pool,
            &common::order(&format!("BO-{n:02}"), &[("S0", 1)]),
            "test",
        )
        .await
        .unwrap();
        let orderdeck_app::intake::IntakeOutcome::Created { number, status, .. } = created else {
            panic!("{created:?}");
        };
        // The first three get the three units; twenty wait.
        assert_eq!(
            status,
            if n < 3 { "reserved" } else { "backordered" },
            "{number}"
        );
        numbers.push(number);
    }
    let status = |number: String| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("select status from orders where number = $1")
                .bind(number)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    // Two cancellations: the two oldest backorders get their units, in order.
    for (cancelled, now_reserved) in [(0, 3), (1, 4)] {
        orderdeck_app::orders::cancel(
            &db.pool,
            &numbers[cancelled],
            "test",
            &orderdeck_domain::cancel_reason::CancelReason::parse("buyer_asked", "changed mind")
                .unwrap(),
            None,
        )
        .await
        .unwrap();
        assert_eq!(status(numbers[now_reserved].clone()).await, "reserved");
        for waiting in &numbers[now_reserved + 1..] {
            assert_eq!(status(waiting.clone()).await, "backordered", "{waiting}");
        }
    }
    // A new order waits behind them all.
    let late = orderdeck_app::intake::create_order(
        &db.pool,
        &common::order("BO-LATE", &[("S0", 1)]),
        "test",
    )
    .await
    .unwrap();
    assert!(
        matches!(&late, orderdeck_app::intake::IntakeOutcome::Created { status, .. } if status == "backordered"),
        "{late:?}"
    );
    common::assert_invariants(&db.pool).await;
}
