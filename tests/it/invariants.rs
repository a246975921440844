//! Property test: random sequences of intake, edit, cancel, receipt and count, and after
//! every step on hand = the ledger, reserved = the reservations, 0 <= reserved <= on hand.

use crate::common;

use common::{assert_invariants, catalog, order};
use orderdeck_app::orders::{EditLine, OrderEdit};
use orderdeck_app::{intake, purchasing, stock_count};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Debug, Clone)]
enum Op {
    Intake {
        lines: Vec<(usize, i32)>,
        prefer_hcm: bool,
    },
    Edit {
        order: usize,
        sku: usize,
        qty: i32,
    },
    Cancel {
        order: usize,
    },
    Receive {
        sku: usize,
        qty: i32,
    },
    Count {
        sku: usize,
        delta: i32,
    },
}

const SKUS: usize = 4;

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (proptest::collection::vec((0..SKUS, 1..5i32), 1..3), any::<bool>()).prop_map(|(lines, prefer_hcm)| Op::Intake { lines, prefer_hcm }),
        2 => (0..40usize, 0..SKUS, 1..6i32).prop_map(|(order, sku, qty)| Op::Edit { order, sku, qty }),
        1 => (0..40usize).prop_map(|order| Op::Cancel { order }),
        2 => (0..SKUS, 1..12i32).prop_map(|(sku, qty)| Op::Receive { sku, qty }),
        1 => (0..SKUS, -4..6i32).prop_map(|(sku, delta)| Op::Count { sku, delta }),
    ]
}

async fn run(ops: Vec<Op>) {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(5, 3), (2, 0), (0, 0), (8, 8)]).await;
    let pool = &db.pool;
    let mut numbers: Vec<String> = Vec::new();
    for (i, op) in ops.into_iter().enumerate() {
        // Refusals are fine (a cancelled order cannot be edited…); what matters is that
        // nothing is ever half-done and the invariants hold after every step.
        match op {
            Op::Intake { lines, prefer_hcm } => {
                let skus: Vec<(String, i32)> =
                    lines.iter().map(|(s, q)| (format!("S{s}"), *q)).collect();
                let refs: Vec<(&str, i32)> = skus.iter().map(|(s, q)| (s.as_str(), *q)).collect();
                let mut o = order(&format!("P-{i}"), &refs);
                if prefer_hcm {
                    o.warehouse = Some("HCM".into());
                }
                if let Ok(intake::IntakeOutcome::Created { number, .. }) =
                    intake::create_order(pool, &o, "prop").await
                {
                    numbers.push(number);
                }
            }
            Op::Edit { order, sku, qty } => {
                if let Some(n) = numbers.get(order % numbers.len().max(1)) {
                    let v: i32 = sqlx::query_scalar("select version from orders where number = $1")
                        .bind(n)
                        .fetch_one(pool)
                        .await
                        .unwrap();
                    let e = OrderEdit {
                        lines: Some(vec![EditLine {
                            sku: format!("S{sku}"),
                            qty,
                            unit_price: None,
                        }]),
                        ..Default::default()
                    };
                    let _ = orderdeck_app::orders::edit(pool, n, v, &e, "prop").await;
                }
            }
            Op::Cancel { order } => {
                if let Some(n) = numbers.get(order % numbers.len().max(1)) {
                    let _ = orderdeck_app::orders::cancel(
                        pool,
                        n,
                        "prop",
                        &orderdeck_domain::cancel_reason::CancelReason::parse("duplicate", "")
                            .unwrap(),
                        None,
                    )
                    .await;
                }
            }
            Op::Receive { sku, qty } => {
                let supplier: i64 = sqlx::query_scalar("select id from suppliers limit 1")
                    .fetch_one(pool)
                    .await
                    .unwrap();
                let (po_id, number): (i64, String) = sqlx::query_as(
                    "insert into purchase_orders (number, supplier_id, warehouse_id, status) select 'PO-P' || $1, $2, id, 'confirmed' from warehouses where code = 'HN' returning id, number",
                )
                .bind(i as i64)
                .bind(supplier)
                .fetch_one(pool)
                .await
                .unwrap();
                sqlx::query("insert into purchase_order_lines (purchase_order_id, variant_id, qty, unit_price) select $1, id, $2, 1 from variants where sku = $3")
                    .bind(po_id)
                    .bind(qty)
                    .bind(format!("S{sku}"))
                    .execute(pool)
                    .await
                    .unwrap();
                purchasing::receive(pool, &number, None, "prop")
                    .await
                    .unwrap();
            }
            Op::Count { sku, delta } => {
                let code = format!("S{sku}");
                let current: i32 = sqlx::query_scalar(
                    "select coalesce((select on_hand from stock_levels s join warehouses w on w.id = s.warehouse_id join variants v on v.id = s.variant_id where v.sku = $1 and w.code = 'HN'), 0)",
                )
                .bind(&code)
                .fetch_one(pool)
                .await
                .unwrap();
                let count = stock_count::start(pool, "HN", None, "prop").await.unwrap();
                // Count every SKU as the system says, this one off by `delta`.
                let rows: Vec<(String, i32)> = sqlx::query_as("select v.sku, l.expected_qty from stock_count_lines l join variants v on v.id = l.variant_id where l.stock_count_id = $1")
                    .bind(count)
                    .fetch_all(pool)
                    .await
                    .unwrap();
                for (s, expected) in rows {
                    let target = if s == code {
                        (current + delta).max(0)
                    } else {
                        expected
                    };
                    if target > 0 {
                        stock_count::enter(pool, count, &s, target).await.unwrap();
                    }
                }
                let _ = stock_count::post(pool, count, "prop").await;
            }
        }
        assert_invariants(pool).await;
    }
}

#[test]
fn invariants_hold_after_random_sequences() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 12,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(op(), 10..40), |ops| {
            rt.block_on(run(ops));
            Ok(())
        })
        .unwrap();
}
