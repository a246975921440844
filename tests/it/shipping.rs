//! Shipping against a real PostgreSQL and the carrier simulator on loopback, through the
//! real GHN and Viettel Post adapters: exactly one carrier order per shipment whatever the
//! timeouts, stock leaving the books once, tracking recorded once, one poller at a time.

use crate::common;

mod places;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{assert_invariants, catalog, order};
use orderdeck_app::carrier_places::Places;
use orderdeck_app::intake::create_order;
use orderdeck_app::shipping::{self, ShipChoice, ShipError};
use orderdeck_app::workers::poller::{self, PollerOptions};
use orderdeck_app::{packing, tracking};
use orderdeck_integrations::carrier::{
    CarrierKind, CarriersConfig, Party, Payer, RequiredNote, Service,
};
use orderdeck_integrations::carriers::Carriers;
use orderdeck_sim::{self as sim, FaultSpec, SimHandle, SimOptions, Trigger};
use sqlx::PgPool;

pub(crate) fn sender() -> Party {
    orderdeck_sim::demo::demo_sender()
}

pub(crate) fn choice(carrier: CarrierKind) -> ShipChoice {
    ShipChoice {
        carrier,
        service: Service::Economy,
        weight_grams: None,
        size_cm: None,
        cod: None,
        payer: Payer::Buyer,
        required_note: RequiredNote::MayLook,
        note: String::new(),
        ward: None,
    }
}

pub(crate) async fn start_sim(step_seconds: f64) -> SimHandle {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        SimOptions {
            speed: step_seconds,
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

pub(crate) fn carriers_for(sim: &SimHandle, timeout_secs: u64) -> Carriers {
    let mut ghn = sim.ghn_config();
    ghn.timeout_secs = Some(timeout_secs);
    let mut vtp = sim.viettel_post_config();
    vtp.timeout_secs = Some(timeout_secs);
    Carriers::new(&CarriersConfig {
        ghn: Some(ghn),
        viettelpost: Some(vtp),
    })
    .unwrap()
}

/// An order taken through intake and the pack station: packed, stock reserved.
pub(crate) async fn packed_order(pool: &PgPool, external: &str) -> String {
    let created = create_order(pool, &order(external, &[("S0", 2)]), "test")
        .await
        .unwrap();
    let number = match created {
        orderdeck_app::intake::IntakeOutcome::Created { number, .. } => number,
        other => panic!("{other:?}"),
    };
    let job = packing::claim_next(pool, "st1").await.unwrap().unwrap();
    assert_eq!(job.number, number);
    packing::scan(pool, job.order_id, "st1", "S0")
        .await
        .unwrap();
    packing::scan(pool, job.order_id, "st1", "S0")
        .await
        .unwrap();
    number
}

#[tokio::test]
async fn shipping_a_packed_order_takes_its_stock_out_once() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let number = packed_order(&db.pool, "SHIP-1").await;
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
    // The buyer pays shipping: COD is the goods plus the shipping fee.
    assert_eq!(
        parcel.request.cod_amount,
        rust_decimal::Decimal::from(2 * 100_000 + 30_000)
    );
    let quote = shipping::quote(&carriers, &parcel).await.unwrap();
    assert!(quote.fee > rust_decimal::Decimal::ZERO);
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    assert!(!shipped.tracking_number.is_empty());
    assert_eq!(sim.order_count(CarrierKind::Ghn), 1);
    let (status, on_hand, reserved): (String, i64, i64) = sqlx::query_as(
        "select (select status from orders where number = $1),
                (select sum(on_hand) from stock_levels)::bigint, (select sum(reserved) from stock_levels)::bigint",
    )
    .bind(&number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), on_hand, reserved), ("shipped", 8, 0));
    // Shipping it again is refused and changes nothing.
    let again = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap_err();
    assert!(matches!(again, ShipError::AlreadyShipped { .. }), "{again}");
    assert_eq!(sim.order_count(CarrierKind::Ghn), 1);
    // A COD above the carrier's limit, or negative, is refused before anything is stored.
    let mut c = choice(CarrierKind::ViettelPost);
    c.cod = Some(rust_decimal::Decimal::from(-1));
    assert!(shipping::check_cod(rust_decimal::Decimal::from(-1), CarrierKind::Ghn).is_err());
    assert!(
        shipping::check_cod(rust_decimal::Decimal::from(60_000_000), CarrierKind::Ghn).is_err()
    );
    assert_invariants(&db.pool).await;
}

/// The buyer pays shipping once: the COD already holds the order's shipping fee, so
/// each carrier collects exactly the order total at the door, never its fee on top; and
/// with the goods paid ahead, the buyer pays just the carrier's fee.
#[tokio::test]
async fn the_buyer_pays_shipping_once_with_either_carrier() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    for (n, kind) in [CarrierKind::Ghn, CarrierKind::ViettelPost]
        .into_iter()
        .enumerate()
    {
        let number = packed_order(&db.pool, &format!("ONCE-{n}")).await;
        let parcel = shipping::parcel(
            &db.pool,
            &carriers,
            &places,
            &number,
            &sender(),
            &choice(kind),
        )
        .await
        .unwrap();
        let total: rust_decimal::Decimal =
            sqlx::query_scalar("select total from orders where number = $1")
                .bind(&number)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(parcel.request.cod_amount, total, "{kind:?}");
        let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
            .await
            .unwrap();
        let collected = sim
            .receiver_pays(kind, &shipped.tracking_number)
            .expect("the parcel");
        assert_eq!(
            rust_decimal::Decimal::from(collected),
            total,
            "{kind:?}: the buyer hands over the order total, shipping included once"
        );
    }
    // Prepaid goods, the buyer paying shipping at the door: the carrier's fee alone.
    let fee = rust_decimal::Decimal::from(31_000);
    assert_eq!(
        orderdeck_integrations::carrier::receiver_pays(
            rust_decimal::Decimal::ZERO,
            Payer::Buyer,
            fee
        ),
        fee
    );
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn a_thousand_shipments_with_timeouts_after_acceptance_make_a_thousand_carrier_orders() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(0, 0)]).await;
    // Packed orders straight in the database: this test is about the carrier calls.
    sqlx::query(
        "insert into orders (number, channel_id, buyer_name, buyer_phone, ship_address, status, subtotal, total)
         select 'OD-T' || lpad(g::text, 5, '0'), (select id from sales_channels where code = 'website'),
                'Nguyễn Văn ' || g, '09' || lpad(g::text, 8, '0'),
                '{\"line1\": \"1 Lê Lợi\", \"ward\": \"Bến Nghé\", \"district\": \"Quận 1\", \"province\": \"TP. Hồ Chí Minh\"}',
                'packed', 100000, 100000
         from generate_series(1, 1000) g",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into order_lines (order_id, line_no, variant_id, sku, name, qty, unit_price, vat_rate)
         select o.id, 1, v.id, v.sku, 'Sản phẩm 0', 1, 100000, '10' from orders o, variants v",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let sim = start_sim(600.0).await;
    let carriers = Arc::new(carriers_for(&sim, 1));
    let places = Places::new();
    // GHN's places are in the database already, as on any day but the first.
    orderdeck_app::carrier_places::refresh(&db.pool, &carriers, CarrierKind::Ghn)
        .await
        .unwrap();

    // Every create is stored at the carrier, then its answer comes too late.
    sim.faults().accept_then_timeout_all(true);
    let numbers: Vec<String> = sqlx::query_scalar("select number from orders order by number")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    use futures::StreamExt;
    let results: Vec<(String, Result<shipping::Shipped, ShipError>)> =
        futures::stream::iter(numbers.into_iter().enumerate())
            .map(|(i, number)| {
                let pool = db.pool.clone();
                let carriers = carriers.clone();
                let places = places.clone();
                async move {
                    let kind = if i % 2 == 0 {
                        CarrierKind::Ghn
                    } else {
                        CarrierKind::ViettelPost
                    };
                    let parcel = shipping::parcel(
                        &pool,
                        &carriers,
                        &places,
                        &number,
                        &sender(),
                        &choice(kind),
                    )
                    .await
                    .unwrap();
                    let r = shipping::ship(&pool, &carriers, &parcel, "test").await;
                    (number, r)
                }
            })
            .buffer_unordered(50)
            .collect()
            .await;
    // The lookup after the timeout found each order: all shipped, none twice.
    sim.faults().accept_then_timeout_all(false);
    let mut retried = 0;
    for (number, r) in results {
        if r.is_err() {
            // "Unsure": run the same thing again, as the message says.
            retried += 1;
            let kind: String = sqlx::query_scalar(
                "select carrier from shipments s join orders o on o.id = s.order_id where o.number = $1",
            )
            .bind(&number)
            .fetch_one(&db.pool)
            .await
            .unwrap();
            let kind = CarrierKind::parse(&kind).unwrap();
            let parcel = shipping::parcel(
                &db.pool,
                &carriers,
                &places,
                &number,
                &sender(),
                &choice(kind),
            )
            .await
            .unwrap();
            shipping::ship(&db.pool, &carriers, &parcel, "test")
                .await
                .unwrap();
        }
    }
    let total = sim.order_count(CarrierKind::Ghn) + sim.order_count(CarrierKind::ViettelPost);
    assert_eq!(total, 1000, "{retried} needed a second run");
    let (shipped, tracking_numbers): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where status = 'shipped'),
                (select count(distinct tracking_number) from shipments) from orders",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((shipped, tracking_numbers), (1000, 1000));
}

#[tokio::test]
async fn tracking_completes_delivered_orders_and_records_each_event_once() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(20, 0)]).await;
    // Fast parcels: a status step every 0.2 s.
    let sim = start_sim(0.2).await;
    let carriers = Arc::new(carriers_for(&sim, 5));
    let places = Places::new();
    let mut numbers = Vec::new();
    for i in 0..6 {
        let number = packed_order(&db.pool, &format!("TRK-{i}")).await;
        let kind = if i % 2 == 0 {
            CarrierKind::Ghn
        } else {
            CarrierKind::ViettelPost
        };
        let parcel = shipping::parcel(
            &db.pool,
            &carriers,
            &places,
            &number,
            &sender(),
            &choice(kind),
        )
        .await
        .unwrap();
        shipping::ship(&db.pool, &carriers, &parcel, "test")
            .await
            .unwrap();
        numbers.push(number);
    }
    let opts = PollerOptions {
        every: Duration::from_millis(100),
        ..Default::default()
    };
    // Poll (twice per step, so each event is seen more than once) until all are final.
    let mut done = false;
    for _ in 0..200 {
        poller::round(&db.pool, &carriers, &opts).await;
        let open: i64 = sqlx::query_scalar(
            "select count(*) from shipments where status not in ('delivered', 'returned', 'cancelled', 'lost_or_damaged')",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        if open == 0 {
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(done, "parcels still on their way after 30 s");
    let dupes: i64 = sqlx::query_scalar(
        "select count(*) from (select shipment_id, carrier_status, occurred_at from tracking_events
          group by 1, 2, 3 having count(*) > 1) d",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(dupes, 0);
    let mismatched: Vec<(String, String, String)> = sqlx::query_as(
        "select o.number, o.status, s.status from orders o join shipments s on s.order_id = o.id
         where not ((s.status = 'delivered' and o.status = 'completed')
                 or (s.status = 'returned' and o.status = 'returned')
                 or (s.status = 'lost_or_damaged' and o.status = 'shipped'))",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(mismatched.is_empty(), "{mismatched:?}");
    let events: i64 = sqlx::query_scalar("select count(*) from tracking_events")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(events >= 6 * 4, "{events} events");
    assert_invariants(&db.pool).await;
}

#[tokio::test]
async fn exactly_one_poller_runs_and_another_takes_over_when_it_dies() {
    let db = common::fresh_db().await;
    let sim = start_sim(60.0).await;
    let carriers = Arc::new(carriers_for(&sim, 5));
    let opts = PollerOptions {
        standby_retry: Duration::from_millis(200),
        ..Default::default()
    };
    // Three workers and two consoles: five instances, each with its own pool.
    let mut instances = Vec::new();
    for _ in 0..5 {
        let pool = orderdeck_store::pool(db.options.clone(), 3).await.unwrap();
        let active = Arc::new(AtomicBool::new(false));
        let (stop, rx) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(poller::run(
            pool,
            carriers.clone(),
            opts.clone(),
            active.clone(),
            rx,
        ));
        instances.push((active, stop, task));
    }
    let count = |inst: &Vec<(Arc<AtomicBool>, _, _)>| {
        inst.iter()
            .filter(
                |(a, _, _): &&(
                    Arc<AtomicBool>,
                    tokio::sync::watch::Sender<bool>,
                    tokio::task::JoinHandle<()>,
                )| a.load(Ordering::SeqCst),
            )
            .count()
    };
    let mut waited = 0;
    while count(&instances) == 0 && waited < 50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(count(&instances), 1, "exactly one poller");
    // Kill the active one without a word (its connection just goes away).
    let leader = instances
        .iter()
        .position(|(a, _, _)| a.load(Ordering::SeqCst))
        .unwrap();
    let (_, _, task) = instances.remove(leader);
    task.abort();
    let _ = task.await;
    let started = std::time::Instant::now();
    while count(&instances) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no poller took over within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(count(&instances), 1, "still exactly one poller");
    for (_, stop, task) in instances {
        let _ = stop.send(true);
        let _ = task.await;
    }
}

#[tokio::test]
async fn cod_remittance_applies_exact_matches_and_lists_the_rest() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let number = packed_order(&db.pool, "COD-1").await;
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
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    let file = format!(
        "tracking_number,amount,date\n{t},230.000,2026-11-27\n{t},230000,2026-11-27\nNOPE123,50000,2026-11-27\nbad line\n",
        t = shipped.tracking_number
    );
    let report = tracking::cod_import(&db.pool, &file, "test").await.unwrap();
    assert_eq!(report.applied.len(), 1);
    assert_eq!(report.already.len(), 1);
    assert_eq!(report.unknown.len(), 1);
    assert_eq!(report.bad.len(), 1);
    let status: String = sqlx::query_scalar("select payment_status from orders where number = $1")
        .bind(&number)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(status, "cod_received");
    // A wrong amount is listed, not applied.
    let number2 = packed_order(&db.pool, "COD-2").await;
    let parcel = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &number2,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    let shipped2 = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    let report = tracking::cod_import(
        &db.pool,
        &format!("{},199000,27/11/2026\n", shipped2.tracking_number),
        "test",
    )
    .await
    .unwrap();
    assert_eq!((report.applied.len(), report.mismatched.len()), (0, 1));
}

#[tokio::test]
async fn a_return_of_two_good_and_one_damaged_unit_restocks_two_and_writes_one_off() {
    use orderdeck_app::returns::{self, Condition, RefundInput, ReturnInput, ReturnLine};
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 5)]).await;
    let sim = start_sim(600.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    // Three units, prepaid, shipped and delivered.
    let mut o = order("RET-1", &[("S0", 3)]);
    o.payment = "prepaid".into();
    create_order(&db.pool, &o, "test").await.unwrap();
    let job = packing::claim_next(&db.pool, "st1").await.unwrap().unwrap();
    for _ in 0..3 {
        packing::scan(&db.pool, job.order_id, "st1", "S0")
            .await
            .unwrap();
    }
    let parcel = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &job.number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    assert!(sim.set_status(CarrierKind::Ghn, &shipped.tracking_number, "delivered"));
    poller::round(&db.pool, &carriers, &PollerOptions::default()).await;
    let hcm_before: i32 = sqlx::query_scalar(
        "select on_hand from stock_levels s join warehouses w on w.id = s.warehouse_id where w.code = 'HCM'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    // Too many back is refused and changes nothing.
    let too_many = ReturnInput {
        order_number: job.number.clone(),
        lines: vec![ReturnLine {
            sku: "S0".into(),
            qty: 4,
            condition: Condition::Good,
        }],
        reason: "wrong size".into(),
        warehouse: Some("HCM".into()),
        refund: None,
    };
    let err = returns::create(&db.pool, &too_many, "test")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("only 3 of 3"), "{err}");
    let input = ReturnInput {
        order_number: job.number.clone(),
        lines: vec![
            ReturnLine::parse("S0:2:good").unwrap(),
            ReturnLine::parse("s0:1:damaged").unwrap(),
        ],
        reason: "khách đổi ý".into(),
        warehouse: Some("HCM".into()),
        refund: Some(RefundInput {
            amount: rust_decimal::Decimal::from(300_000),
            method: "transfer".into(),
            reference: "VCB-123".into(),
        }),
    };
    let r = returns::create(&db.pool, &input, "test").await.unwrap();
    assert_eq!(
        (r.restocked, r.written_off, r.order_status.as_str()),
        (2, 1, "returned")
    );
    let hcm_after: i32 = sqlx::query_scalar(
        "select on_hand from stock_levels s join warehouses w on w.id = s.warehouse_id where w.code = 'HCM'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(hcm_after, hcm_before + 2);
    let write_offs: i64 =
        sqlx::query_scalar("select count(*) from stock_moves where kind = 'write_off'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(write_offs, 1);
    let (refunds, payment): (i64, String) = sqlx::query_as(
        "select (select count(*) from refunds), (select payment_status from orders where number = $1)",
    )
    .bind(&job.number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((refunds, payment.as_str()), (1, "partly_refunded"));
    // Nothing more can come back, and no refund above what was paid.
    assert!(returns::create(&db.pool, &input, "test").await.is_err());
    assert_invariants(&db.pool).await;
}

/// Issue 5, item 4 end to end: delivered, invoiced, then 2 good + 1 damaged come back with
/// an exchange and a refund — stock, write-off, replacement invoice naming the original,
/// refund record, exchange order, timeline; and nothing of it happens twice.
#[tokio::test]
async fn a_return_after_an_invoice_issues_a_replacement_naming_the_original() {
    use orderdeck_app::invoice_corrections;
    use orderdeck_app::invoicing::{self, InvoicingConfig};
    use orderdeck_app::returns::{
        self, ExchangeWith, InvoiceFollowUp, RefundInput, ReturnInput, ReturnLine,
    };
    use orderdeck_domain::invoice::{Buyer, InvoiceTemplate};
    use orderdeck_integrations::invoice_provider::ProviderKind;
    use orderdeck_integrations::invoice_providers::InvoiceProviders;
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 5)]).await;
    let sim = start_sim(600.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let providers = InvoiceProviders::new(&sim.invoice_providers_config()).unwrap();
    let config = InvoicingConfig {
        seller_name: "Công ty TNHH Cửa hàng ABC".into(),
        seller_tax_code: "0100233488".into(),
        seller_address: "135 Nam Kỳ Khởi Nghĩa, Quận 1, TP. Hồ Chí Minh".into(),
        ..InvoicingConfig::default()
    };
    let mut o = order("RET-INV", &[("S0", 4)]);
    o.payment = "prepaid".into();
    create_order(&db.pool, &o, "test").await.unwrap();
    let job = packing::claim_next(&db.pool, "st1").await.unwrap().unwrap();
    for _ in 0..4 {
        packing::scan(&db.pool, job.order_id, "st1", "S0")
            .await
            .unwrap();
    }
    let parcel = shipping::parcel(
        &db.pool,
        &carriers,
        &places,
        &job.number,
        &sender(),
        &choice(CarrierKind::Ghn),
    )
    .await
    .unwrap();
    let shipped = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    assert!(sim.set_status(CarrierKind::Ghn, &shipped.tracking_number, "delivered"));
    poller::round(&db.pool, &carriers, &PollerOptions::default()).await;
    let original = invoicing::issue(
        &db.pool,
        &providers,
        &config,
        &job.number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        Some(Buyer {
            company: "Công ty TNHH Hoa Mai".into(),
            tax_code: "0104093672".into(),
            address: "12 Lê Lợi, Quận 1, TP. Hồ Chí Minh".into(),
            email: "ketoan@hoamai.vn".into(),
            name: "Nguyễn Thị Lan".into(),
        }),
        "test",
    )
    .await
    .unwrap();
    let on_hand = |code: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i32>(
                "select on_hand from stock_levels s join warehouses w on w.id = s.warehouse_id
                 where w.code = $1",
            )
            .bind(code)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let hcm_before = on_hand("HCM").await;
    let input = ReturnInput {
        order_number: job.number.clone(),
        lines: vec![
            ReturnLine::parse("S0:2:good").unwrap(),
            ReturnLine::parse("S0:1:damaged").unwrap(),
        ],
        reason: "khách đổi size".into(),
        warehouse: Some("HCM".into()),
        refund: Some(RefundInput {
            amount: rust_decimal::Decimal::from(100_000),
            method: "transfer".into(),
            reference: "VCB-77".into(),
        }),
    };
    let out = returns::receive(
        &db.pool,
        Some((&providers, &config)),
        &input,
        &ExchangeWith::Same,
        "test",
    )
    .await
    .unwrap();
    assert_eq!(
        (out.report.restocked, out.report.written_off),
        (2, 1),
        "{out:?}"
    );
    assert_eq!(out.report.order_status, "partly_returned");
    // Good units back in the chosen warehouse (the exchange then reserves, not removes).
    assert_eq!(on_hand("HCM").await, hcm_before + 2);
    let write_offs: i64 = sqlx::query_scalar(
        "select count(*) from stock_moves where kind = 'write_off' and qty = -1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(write_offs, 1);
    // The replacement invoice: type 3, naming the original's number, with what was kept.
    let InvoiceFollowUp::Replaced {
        replaced, number, ..
    } = &out.invoice
    else {
        panic!("no replacement: {:?}", out.invoice);
    };
    assert!(replaced.ends_with(&original.number), "{replaced}");
    let rows: Vec<(String, String, Option<i64>, rust_decimal::Decimal, String)> = sqlx::query_as(
        "select kind, status, replaces_invoice_id, total, transaction_uuid::text
             from invoices order by id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("original", "replaced")
    );
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1.as_str()),
        ("replacement", "issued")
    );
    assert_eq!(rows[1].2, Some(original.invoice_id));
    // One unit kept at 100 000 plus the 30 000 shipping.
    assert_eq!(rows[1].3, rust_decimal::Decimal::from(130_000));
    let sent = sim
        .invoice_request(ProviderKind::SInvoice, &rows[1].4)
        .expect("the provider received the replacement");
    let general = &sent["generalInvoiceInfo"];
    assert_eq!(general["adjustmentType"], "3");
    assert_eq!(general["originalInvoiceId"], original.number.as_str());
    assert_ne!(number, &original.number);
    // The refund record and the exchange order, linked.
    let (refunds, payment): (i64, String) = sqlx::query_as(
        "select (select count(*) from refunds where reference = 'VCB-77'),
                (select payment_status from orders where number = $1)",
    )
    .bind(&job.number)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((refunds, payment.as_str()), (1, "partly_refunded"));
    let exchange = out.exchange_order.clone().expect("an exchange order");
    let (linked, qty, total): (Option<String>, i64, rust_decimal::Decimal) = sqlx::query_as(
        "select (select o.number from returns r join orders o on o.id = r.replacement_order_id
                 where r.id = $1),
                (select sum(l.qty)::bigint from order_lines l join orders o on o.id = l.order_id
                 where o.number = $2),
                (select total from orders where number = $2)",
    )
    .bind(out.report.return_id)
    .bind(&exchange)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((linked.as_deref(), qty), (Some(exchange.as_str()), 3));
    assert_eq!(total, rust_decimal::Decimal::ZERO);
    // Every step is on the order's timeline.
    let kinds: Vec<String> = sqlx::query_scalar(
        "select e.kind from order_events e join orders o on o.id = e.order_id
         where o.number = $1 order by e.id",
    )
    .bind(&job.number)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for k in [
        "invoice_issued",
        "returned",
        "refund",
        "exchange",
        "invoice_replaced",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing from {kinds:?}");
    }
    // Nothing twice: the replacement and the exchange are found, not made again.
    let again = invoice_corrections::replace_after_return(
        &db.pool,
        &providers,
        &config,
        out.report.return_id,
        "test",
    )
    .await
    .unwrap_err();
    assert!(
        again.to_string().contains("already has its replacement"),
        "{again}"
    );
    let same = returns::exchange(
        &db.pool,
        out.report.return_id,
        &returns::same_as_returned(&db.pool, out.report.return_id)
            .await
            .unwrap(),
        "test",
    )
    .await
    .unwrap();
    assert_eq!(same, exchange);
    assert_eq!(sim.invoice_count(ProviderKind::SInvoice), 2);
    // A second original for the order is refused: it has had its invoice.
    let err = invoicing::issue(
        &db.pool,
        &providers,
        &config,
        &job.number,
        InvoiceTemplate::Vat,
        ProviderKind::SInvoice,
        None,
        "test",
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("already has invoice"), "{err}");
    assert_invariants(&db.pool).await;
}

/// While an earlier create's fate is unknown its client order code is kept: a 429 on the
/// next try leaves the shipment pending under that code, and the try after that ships it
/// under the same code — one carrier order, never a second code.
#[tokio::test]
async fn a_slow_down_after_an_unclear_create_keeps_the_client_order_code() {
    let db = common::fresh_db().await;
    catalog(&db.pool, &[(10, 0)]).await;
    let sim = start_sim(60.0).await;
    let mut ghn = sim.ghn_config();
    ghn.timeout_secs = Some(1);
    let carriers = Carriers::new(&CarriersConfig {
        ghn: Some(ghn),
        viettelpost: None,
    })
    .unwrap();
    let places = Places::new();
    let number = packed_order(&db.pool, "KEEP-CODE").await;
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
    let create_only = |spec: FaultSpec| FaultSpec {
        carrier: Some(CarrierKind::Ghn),
        path_contains: Some("shipping-order/create".into()),
        delay_ms: 1_500,
        ..spec
    };
    sim.faults().set(create_only(FaultSpec {
        timeout: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap_err();
    assert!(matches!(e, ShipError::Unsure { .. }), "{e}");
    let code: String = sqlx::query_scalar("select client_order_code from shipments")
        .fetch_one(&db.pool)
        .await
        .unwrap();

    sim.faults().set(create_only(FaultSpec {
        rate_limit: Trigger::next(1),
        ..FaultSpec::default()
    }));
    let e = shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap_err();
    assert!(matches!(e, ShipError::Held { .. }), "{e}");
    let rows: Vec<(String, String)> =
        sqlx::query_as("select status, client_order_code from shipments")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![("pending".to_string(), code.clone())]);

    sim.faults().clear();
    shipping::ship(&db.pool, &carriers, &parcel, "test")
        .await
        .unwrap();
    let codes: Vec<String> = sqlx::query_scalar("select client_order_code from shipments")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(codes, vec![code.clone()], "the same code, never a new one");
    assert_eq!(sim.orders_with_code(CarrierKind::Ghn, &code), 1);
    assert_eq!(sim.order_count(CarrierKind::Ghn), 1);
    assert_invariants(&db.pool).await;
}
