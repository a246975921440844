//! `bench stations`' headless consoles, briefly: every console comes to show every new
//! order (and a packed one in To ship), and the figures the bench prints are produced.

use std::time::{Duration, Instant};

use crate::common::{self, fresh_db};
use orderdeck_app::{intake, packing};
use orderdeck_console::headless::{Fleet, FleetOptions, Station};

#[tokio::test]
async fn headless_consoles_show_every_new_order_and_count_their_queries() {
    let db = fresh_db().await;
    common::catalog(&db.pool, &[(50, 0), (50, 0)]).await;
    let console_options = db.options.clone().application_name("orderdeck-station");
    let mut fleet = Fleet::start(
        console_options,
        db.options.clone(),
        FleetOptions {
            stations: vec![Station::Orders, Station::Orders, Station::ToShip],
            pool_size: 2,
            width: 120,
            height: 40,
            offset: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
            share_reads: true,
        },
    )
    .await
    .unwrap();
    fleet.ready(Duration::from_secs(20)).await.unwrap();

    let mut numbers = Vec::new();
    for i in 0..4 {
        let o = common::order(&format!("ST-{i}"), &[("S0", 1), ("S1", 2)]);
        match intake::create_order(&db.pool, &o, "test").await.unwrap() {
            intake::IntakeOutcome::Created { number, .. } => {
                fleet.committed(Station::Orders, &number, Instant::now());
                numbers.push(number);
            }
            other => panic!("not created: {other:?}"),
        }
    }
    // A packer packs the oldest: it should reach To ship.
    let job = packing::claim_next(&db.pool, "st-1")
        .await
        .unwrap()
        .unwrap();
    let mut packed = None;
    for line in &job.lines {
        for _ in line.packed_qty..line.qty {
            if let packing::ScanResult::Packed { job } =
                packing::scan(&db.pool, job.order_id, "st-1", &line.sku)
                    .await
                    .unwrap()
            {
                fleet.committed(Station::ToShip, &job.number, Instant::now());
                packed = Some(job.number);
            }
        }
    }
    assert_eq!(packed.as_deref(), Some(numbers[0].as_str()));
    assert!(
        fleet.connections() >= 3,
        "each console holds a connection of its own"
    );
    let backends = orderdeck_store::activity::backends(&db.pool).await.unwrap();
    assert!(
        backends
            .iter()
            .filter(|b| b.application_name == "orderdeck-station")
            .count()
            >= 3,
        "the server sees the consoles' connections: {backends:?}"
    );
    // Long enough for a tick and a fetch on a loaded machine.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let report = fleet.stop().await.unwrap();

    for c in report
        .consoles
        .iter()
        .filter(|c| c.station == Station::Orders)
    {
        for n in &numbers {
            assert!(
                c.first_seen.contains_key(n),
                "an Orders console never showed {n}"
            );
        }
    }
    let to_ship = report
        .consoles
        .iter()
        .find(|c| c.station == Station::ToShip)
        .unwrap();
    assert!(to_ship.first_seen.contains_key(&numbers[0]));
    // Figures: every pair seen, so every pair has a delay; fetches and changes counted.
    assert_eq!(report.orders.delays.len(), 2 * numbers.len());
    assert_eq!(report.orders.unseen, 0);
    assert_eq!(report.to_ship.delays.len(), 1);
    assert!(report.orders.percentile(0.95).is_some());
    assert!(report.changes >= numbers.len() as u64);
    // Shared reads: the server got at most as many list reads as the consoles asked for.
    let asked: u64 = report.consoles.iter().map(|c| c.queries.lists).sum();
    assert!(report.reads_sent.is_some_and(|n| n > 0 && n <= asked));
    for c in &report.consoles {
        assert!(
            c.queries.lists >= 2,
            "a first read and at least one refresh"
        );
        assert!(c.frames > 0 && c.changes > 0);
    }
}
