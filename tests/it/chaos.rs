//! Chaos with the outside world in it (issue 14, "fuzzing and chaos"): PostgreSQL killed
//! (SIGKILL, as an OOM kill would) during a burst of intakes, shipments with a carrier and
//! e-invoices with a provider, while a console is open on the same embedded server.
//! Afterwards, with no key pressed, the console has started the server again and is
//! connected; every answered call is whole; what was cut short is finished by doing it
//! again, never twice at the carrier or the tax provider; the stock ledger holds.

use crate::common;
use crate::invoicing::{config, providers_for};
use crate::shipping::{carriers_for, choice, packed_order, sender, start_sim};

use std::time::{Duration, Instant};

use orderdeck_app::carrier_places::Places;
use orderdeck_app::intake::{IntakeOutcome, create_order};
use orderdeck_app::invoicing::{self, IssueError};
use orderdeck_app::shipping::{self, ShipError};
use orderdeck_domain::invoice::InvoiceTemplate;
use orderdeck_integrations::carrier::CarrierKind;
use orderdeck_integrations::invoice_provider::ProviderKind;
use orderdeck_tui::app::Connection;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_database_during_intake_shipping_and_invoicing_loses_nothing_and_the_console_recovers()
 {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, options) = common::own_cluster(dir.path(), true).await;
    let pool = orderdeck_store::pool(options.clone(), 8).await.unwrap();
    orderdeck_store::migrate(&pool).await.unwrap();
    common::catalog(&pool, &[(400, 0)]).await;

    let sim = start_sim(60.0).await;
    let carriers = carriers_for(&sim, 5);
    let places = Places::new();
    let providers = providers_for(&sim, 5_000);
    // Work ready before the burst: packed orders with their parcels, orders to invoice.
    let mut parcels = Vec::new();
    for i in 0..15 {
        let number = packed_order(&pool, &format!("SHIP-{i}")).await;
        let p = shipping::parcel(
            &pool,
            &carriers,
            &places,
            &number,
            &sender(),
            &choice(CarrierKind::Ghn),
        )
        .await
        .unwrap();
        parcels.push(p);
    }
    let mut to_invoice = Vec::new();
    for i in 0..15 {
        match create_order(
            &pool,
            &common::order(&format!("INV-{i}"), &[("S0", 1)]),
            "t",
        )
        .await
        .unwrap()
        {
            IntakeOutcome::Created { number, .. } => to_invoice.push(number),
            other => panic!("{other:?}"),
        }
    }

    // A console on the same server, as a manager would leave it open.
    let mut console = common::Live::start_on(
        &pool,
        options.clone(),
        common::new_app("mono"),
        None,
        Some(cluster.clone()),
    );
    console
        .pump_until(Duration::from_secs(20), "the console connected", |a| {
            matches!(a.connection, Connection::Connected)
        })
        .await;

    let mut intakes = Vec::new();
    for i in 0..60u64 {
        let pool = pool.clone();
        intakes.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 8)).await;
            create_order(
                &pool,
                &common::order(&format!("CHAOS-{i}"), &[("S0", 1)]),
                "chaos",
            )
            .await
            .ok()
        }));
    }
    let mut ships = Vec::new();
    for (i, p) in parcels.iter().cloned().enumerate() {
        let (pool, carriers) = (pool.clone(), carriers.clone());
        ships.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i as u64 * 30)).await;
            shipping::ship(&pool, &carriers, &p, "chaos").await.is_ok()
        }));
    }
    let mut issues = Vec::new();
    for (i, number) in to_invoice.iter().cloned().enumerate() {
        let (pool, providers) = (pool.clone(), providers.clone());
        issues.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i as u64 * 30)).await;
            invoicing::issue(
                &pool,
                &providers,
                &config(),
                &number,
                InvoiceTemplate::Sales,
                ProviderKind::SInvoice,
                None,
                "chaos",
            )
            .await
            .is_ok()
        }));
    }
    // The kill lands in the middle: once some of each kind are through, others on the way.
    let through = Instant::now();
    loop {
        let (issued, tracked): (i64, i64) = sqlx::query_as(
            "select (select count(*) from invoices where status = 'issued'),
                    (select count(*) from shipments where tracking_number is not null)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if (issued >= 3 && tracked >= 3) || through.elapsed() > Duration::from_secs(10) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    common::kill_postmaster(&cluster);

    let mut answered = Vec::new();
    for t in intakes {
        if let Ok(Some(IntakeOutcome::Created { number, .. })) = t.await {
            answered.push(number);
        }
    }
    let mut shipped_in_burst = 0;
    for t in ships {
        shipped_in_burst += usize::from(t.await.unwrap());
    }
    let mut issued_in_burst = 0;
    for t in issues {
        issued_in_burst += usize::from(t.await.unwrap());
    }

    // No key pressed, no one else starts the server: the console does, and is back.
    let started = Instant::now();
    console
        .pump_until(
            Duration::from_secs(60),
            "the console reconnected by itself",
            |a| matches!(a.connection, Connection::Connected),
        )
        .await;
    let back = started.elapsed();
    // The test's own pool still holds connections to the killed server: its first
    // acquires may time out while they are found dead and replaced (slower on a loaded
    // machine), so it gets the time the console had.
    let mut one = None;
    while one.is_none() && started.elapsed() < Duration::from_secs(60) {
        one = sqlx::query_scalar::<_, i32>("select 1")
            .fetch_one(&pool)
            .await
            .ok();
    }
    assert_eq!(one, Some(1), "the test's pool reached the restarted server");
    eprintln!(
        "chaos: {} of 60 intakes, {shipped_in_burst} of 15 shipments, {issued_in_burst} of 15 \
         invoices answered before the kill; console back in {:.1} s",
        answered.len(),
        back.as_secs_f64()
    );
    assert!(
        answered.len() < 60 || shipped_in_burst < 15 || issued_in_burst < 15,
        "the kill came after everything: nothing was tested"
    );

    // Every answered order is whole; no order lacks its lines or its timeline.
    common::assert_orders_whole(&pool, &answered).await;

    // What was cut short is done again (as a person would, pressing S or I once more) and
    // is done once: one carrier order per shipped order, one provider invoice per invoice.
    for p in &parcels {
        match shipping::ship(&pool, &carriers, p, "retry").await {
            Ok(_) | Err(ShipError::AlreadyShipped { .. }) => {}
            Err(e) => panic!("{}: {e}", p.order_number),
        }
    }
    for number in &to_invoice {
        match invoicing::issue(
            &pool,
            &providers,
            &config(),
            number,
            InvoiceTemplate::Sales,
            ProviderKind::SInvoice,
            None,
            "retry",
        )
        .await
        {
            Ok(_) | Err(IssueError::AlreadyIssued { .. }) => {}
            Err(e) => panic!("{number}: {e}"),
        }
    }
    let (shipped, with_tracking, moved_out): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from orders where number like 'OD-%' and status = 'shipped'),
                (select count(*) from shipments where tracking_number is not null and status <> 'cancelled'),
                (select count(distinct ref_id) from stock_moves where kind = 'shipment')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(shipped, 15, "every parcel shipped in the end");
    assert_eq!(with_tracking, 15);
    assert_eq!(
        sim.order_count(CarrierKind::Ghn),
        15,
        "a carrier order made twice"
    );
    assert!(moved_out >= 1);
    let (issued, orders_invoiced): (i64, i64) = sqlx::query_as(
        "select count(*), count(distinct order_id) from invoices where status = 'issued'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(issued, 15, "every invoice issued in the end");
    assert_eq!(orders_invoiced, 15, "an order with two invoices");
    assert_eq!(
        sim.invoice_count(ProviderKind::SInvoice),
        15,
        "an invoice made twice at the provider"
    );
    common::assert_invariants(&pool).await;
    drop(console);
    pool.close().await;
    let _ = tokio::task::spawn_blocking(move || cluster.stop()).await;
}
