//! The dashboard's figures from a real database, seeded through the use cases: money of
//! today and of the week, COD the carriers still owe, exceptions, ageing, orders per
//! hour per channel, low stock with names and late purchase orders.

use crate::common;

use chrono::{Duration, FixedOffset, Utc};
use common::{catalog, order};
use orderdeck_app::carrier_places::Places;
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::returns::{self, RefundInput, ReturnInput, ReturnLine};
use orderdeck_app::workers::poller::{self, PollerOptions};
use orderdeck_app::{packing, purchasing, shipping, tracking};
use orderdeck_integrations::carrier::CarrierKind;
use orderdeck_integrations::carriers::Carriers;
use rust_decimal::Decimal;
use sqlx::PgPool;

use crate::shipping::{carriers_for, choice, sender, start_sim};

async fn created(pool: &PgPool, o: &orderdeck_domain::intake::NewOrder) -> String {
    match create_order(pool, o, "test").await.unwrap() {
        IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    }
}

/// Packs the next order (one unit of S0) and ships it with GHN; its tracking number.
async fn pack_and_ship(pool: &PgPool, carriers: &Carriers, number: &str) -> String {
    let job = packing::claim_next(pool, "st1").await.unwrap().unwrap();
    assert_eq!(job.number, number);
    packing::scan(pool, job.order_id, "st1", "S0")
        .await
        .unwrap();
    let parcel = shipping::parcel(
        pool,
        carriers,
        &Places::new(),
        number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    shipping::ship(pool, carriers, &parcel, "test")
        .await
        .unwrap()
        .tracking_number
}

fn vnd(n: i64) -> Decimal {
    Decimal::from(n)
}

#[tokio::test]
async fn the_dashboard_counts_money_cod_ageing_and_hours_from_the_orders() {
    let db = common::fresh_db().await;
    let pool = &db.pool;
    // S0 in stock; S1 none (an order for it waits); S2 one left under a reorder point of 5.
    catalog(pool, &[(20, 0), (0, 0), (1, 0)]).await;
    sqlx::query("update variants set reorder_point = 5 where sku = 'S2'")
        .execute(pool)
        .await
        .unwrap();
    let sim = start_sim(600.0).await;
    let carriers = carriers_for(&sim, 5);

    // Each website order: one unit at 100.000 ₫ plus 30.000 ₫ shipping, cash on delivery.
    let a = created(pool, &order("D-A", &[("S0", 1)])).await;
    let a_track = pack_and_ship(pool, &carriers, &a).await;
    let b = created(pool, &order("D-B", &[("S0", 1)])).await;
    let b_track = pack_and_ship(pool, &carriers, &b).await;
    let c = created(pool, &order("D-C", &[("S0", 1)])).await;
    let c_track = pack_and_ship(pool, &carriers, &c).await;
    let mut prepaid = order("D-D", &[("S0", 1)]);
    prepaid.payment = "prepaid".into();
    let d = created(pool, &prepaid).await;
    let d_track = pack_and_ship(pool, &carriers, &d).await;
    // A's delivery fails (an exception, its cash still to come); B, C and D are delivered.
    assert!(sim.set_status(CarrierKind::Ghn, &a_track, "delivery_fail"));
    for t in [&b_track, &c_track, &d_track] {
        assert!(sim.set_status(CarrierKind::Ghn, t, "delivered"));
    }
    poller::round(pool, &carriers, &PollerOptions::default()).await;
    // C's cash has been paid over; D comes back with 100.000 ₫ refunded.
    tracking::cod_received(pool, &c_track, vnd(130_000), Utc::now(), "test")
        .await
        .unwrap();
    returns::create(
        pool,
        &ReturnInput {
            order_number: d.clone(),
            lines: vec![ReturnLine::parse("S0:1:good").unwrap()],
            reason: "khách đổi ý".into(),
            warehouse: Some("HN".into()),
            refund: Some(RefundInput {
                amount: vnd(100_000),
                method: "transfer".into(),
                reference: "VCB-1".into(),
            }),
        },
        "test",
    )
    .await
    .unwrap();
    // A manual order for S1 waits for stock; a purchase order for it is late.
    let mut manual = order("D-F", &[("S1", 1)]);
    manual.channel = "manual".into();
    created(pool, &manual).await;
    let drafted = purchasing::draft_from_backorders(pool, "test")
        .await
        .unwrap();
    assert_eq!(drafted.purchase_orders.len(), 1);
    let po = &drafted.purchase_orders[0];
    purchasing::confirm(pool, po).await.unwrap();
    sqlx::query("update purchase_orders set expected_at = current_date - 2 where number = $1")
        .bind(po)
        .execute(pool)
        .await
        .unwrap();
    // The manual order was placed 30 hours ago: in the week's money, not today's, and old.
    sqlx::query("update orders set created_at = now() - interval '30 hours' where channel_id = (select id from sales_channels where code = 'manual')")
        .execute(pool)
        .await
        .unwrap();

    let now = Utc::now();
    let vn = FixedOffset::east_opt(7 * 3600).unwrap();
    let dash = orderdeck_store::dashboard::load(pool, now, vn, 6)
        .await
        .unwrap();

    // Money: today A, B, C and D; the week the manual order too. D's refund.
    assert_eq!(dash.today.orders, 4, "{:?}", dash.today);
    assert_eq!(dash.today.revenue, vnd(4 * 130_000));
    assert_eq!(dash.week.orders, 5);
    assert_eq!(dash.week.revenue, vnd(5 * 130_000));
    assert_eq!(
        (dash.today.refunds, dash.today.refund_count),
        (vnd(100_000), 1)
    );
    assert_eq!(dash.week.refunds, vnd(100_000));
    // COD: B's cash is with the carrier, A's still to be collected; C's paid over, D prepaid.
    assert_eq!(
        (dash.cod.collected, dash.cod.collected_parcels),
        (vnd(130_000), 1),
        "{:?}",
        dash.cod
    );
    assert_eq!(
        (dash.cod.on_the_way, dash.cod.on_the_way_parcels),
        (vnd(130_000), 1)
    );
    assert_eq!(dash.exceptions, 1, "A's failed delivery");

    // Ageing: A is on the way (its delivery failed); the manual order has waited 30 hours.
    use orderdeck_domain::order::OrderStatus;
    assert_eq!(dash.open(OrderStatus::Shipped), 1);
    let waiting = dash
        .ageing
        .iter()
        .find(|a| a.status == "backordered")
        .unwrap();
    assert_eq!((waiting.count, waiting.buckets), (1, [0, 0, 0, 1]));
    let oldest = waiting.oldest.unwrap();
    assert!(now - oldest >= Duration::hours(30) - Duration::minutes(1));
    assert_eq!(dash.ageing.len(), 7, "every open status, even when empty");
    assert_eq!(dash.open(OrderStatus::New), 0);

    // Orders per hour: four website orders in the last 24 hours; the manual one is older.
    let hours_of = |code: &str| {
        dash.per_hour
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, h)| *h)
            .unwrap()
    };
    assert_eq!(hours_of("website").iter().sum::<i64>(), 4);
    assert_eq!(hours_of("manual").iter().sum::<i64>(), 0);
    assert_eq!(hours_of("shopee").iter().sum::<i64>(), 0);
    assert_eq!(
        hours_of("website")[22] + hours_of("website")[23],
        4,
        "in the last hour"
    );
    assert_eq!(dash.last_day_orders(), 4);
    assert!(
        dash.hours_from <= now - Duration::hours(23) && dash.hours_from > now - Duration::hours(24)
    );

    // Low stock names its product; the late purchase order is counted.
    assert_eq!(dash.low_stock_count, 1, "{:?}", dash.low_stock);
    assert_eq!(
        (
            dash.low_stock[0].sku.as_str(),
            dash.low_stock[0].name.as_str()
        ),
        ("S2", "Sản phẩm 2")
    );
    assert_eq!(
        (dash.low_stock[0].available, dash.low_stock[0].reorder_point),
        (1, 5)
    );
    assert_eq!(dash.late_pos_count, 1);
    assert_eq!(&dash.late_pos[0].number, po);

    // The queues: open orders of any age, and those closed this week.
    let count = |status: &str| -> i64 {
        dash.by_status_channel
            .iter()
            .filter(|(_, s, _)| s == status)
            .map(|(_, _, n)| *n)
            .sum()
    };
    assert_eq!(
        (
            count("shipped"),
            count("backordered"),
            count("completed"),
            count("returned")
        ),
        (1, 1, 2, 1)
    );
}

/// An empty shop draws zeros, not errors: every sum of nothing is 0 ₫.
#[tokio::test]
async fn an_empty_shop_has_a_dashboard_of_zeros() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[]).await;
    let dash = orderdeck_store::dashboard::load(
        &db.pool,
        Utc::now(),
        FixedOffset::east_opt(7 * 3600).unwrap(),
        6,
    )
    .await
    .unwrap();
    assert_eq!(dash.today, Default::default());
    assert_eq!(dash.week.revenue, Decimal::ZERO);
    assert_eq!(dash.cod.total(), Decimal::ZERO);
    assert_eq!(dash.per_hour.len(), 3, "one row per channel");
    assert_eq!(dash.last_day_orders(), 0);
    assert_eq!(
        (dash.exceptions, dash.low_stock_count, dash.late_pos_count),
        (0, 0, 0)
    );
}
