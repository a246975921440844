//! `orderdeck bench fulfil`: packed marketplace orders of the three simulated platforms
//! arranged in bulk through the real adapters and their airway bills downloaded and
//! kept — orders per second, platform calls per order, CPU per order.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::cli::bench::{bench_shop, cpu_time, fresh_bench_db, peak_rss_mib};
use crate::cli::setup::Setup;
use orderdeck_app::channel_sync::{SyncOptions, Syncer};
use orderdeck_app::fulfil;
use orderdeck_app::intake;
use orderdeck_integrations::marketplace::ChannelKind;
use orderdeck_store as store;

pub async fn run(setup: &Setup, orders: usize) -> Result<()> {
    if orders < 3 {
        bail!("--orders must be at least 3 (a third on each platform)");
    }
    // Parcels stand still while measured: an AWB prints only before the courier's pickup.
    let sim = orderdeck_sim::start(
        "127.0.0.1:0".parse()?,
        orderdeck_sim::SimOptions {
            speed: 3600.0,
            ..Default::default()
        },
    )
    .await?;
    let (options, setup_pool) = fresh_bench_db(setup, "orderdeck_bench_fulfil").await?;
    setup_pool.close().await;
    let pool = store::intake_pool(options, 4).await?;
    sqlx::query("insert into warehouses (code, name) values ('HN', 'Kho Hà Nội')")
        .execute(&pool)
        .await?;
    let per = orders / 3;
    say!(
        "bench fulfil: {per} packed orders on each simulated marketplace arranged in bulk \
         with the platform's logistics, their airway bills downloaded and stored"
    );
    let syncer = Syncer::new(
        pool.clone(),
        intake::IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    );
    let (mut all_orders, mut all_secs, mut all_calls, mut all_cpu) =
        (0usize, 0f64, 0usize, Duration::ZERO);
    for kind in ChannelKind::ALL {
        let shop = bench_shop(&pool, &sim, kind).await?;
        // The shop's orders ready to ship, taken in by an order pull, then packed.
        // Placed a little while ago: Shopee does not arrange an order in its first
        // seconds ("being allocated").
        let at = chrono::Utc::now() - chrono::Duration::seconds(10);
        match kind {
            ChannelKind::Shopee => {
                sim.shopee_add_orders(per, at, "READY_TO_SHIP");
            }
            ChannelKind::Lazada => {
                sim.lazada_add_orders_in(per, at, "pending");
            }
            ChannelKind::TikTok => {
                sim.tiktok_add_orders(per, at, "AWAITING_SHIPMENT");
            }
            other => bail!("not a marketplace: {other:?}"),
        }
        syncer.sync_channel(&shop.client, shop.row.id).await?;
        // Packing is not what is measured: the taken-in orders are marked packed at once.
        let numbers: Vec<String> = sqlx::query_scalar(
            "update orders set status = 'packed' where channel_id = $1 and status = 'reserved'
             returning number",
        )
        .bind(shop.row.id)
        .fetch_all(&pool)
        .await?;
        let mut numbers = numbers;
        numbers.sort();
        numbers.truncate(per);
        let Some(first) = numbers.first() else {
            bail!("{}: no order was taken in to arrange", kind.label());
        };
        let form = fulfil::prepare(&pool, &shop.client, first).await?;
        let calls_before = sim.call_count();
        let cpu_before = cpu_time();
        let started = Instant::now();
        let lines = fulfil::arrange_many(
            &pool,
            &shop.client,
            &numbers,
            &form.default,
            "bench",
            &|_, _| {},
        )
        .await?;
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_time().saturating_sub(cpu_before);
        let calls = sim.call_count() - calls_before;
        let arranged = lines.iter().filter(|l| l.outcome.is_ok()).count();
        let with_awb = lines
            .iter()
            .filter(|l| l.outcome.as_ref().is_ok_and(|a| a.document))
            .count();
        let n = numbers.len().max(1);
        say!(
            "  {:<12} {:>6.0} orders/s  {:>5.1} calls/order  {:>6.2} ms CPU/order  ({} arranged, {} AWBs stored of {}; {:.2} s)",
            format!("{}:", kind.label()),
            arranged as f64 / secs,
            calls as f64 / n as f64,
            cpu.as_secs_f64() * 1000.0 / n as f64,
            arranged,
            with_awb,
            numbers.len(),
            secs
        );
        all_orders += arranged;
        all_secs += secs;
        all_calls += calls;
        all_cpu += cpu;
    }
    let n = all_orders.max(1);
    say!(
        "  {:<12} {:>6.0} orders/s  {:>5.1} calls/order  {:>6.2} ms CPU/order  (CPU counts the simulators too: they run in this process); peak RSS {:.0} MiB",
        "all:",
        all_orders as f64 / all_secs.max(f64::EPSILON),
        all_calls as f64 / n as f64,
        all_cpu.as_secs_f64() * 1000.0 / n as f64,
        peak_rss_mib().unwrap_or(0.0)
    );
    pool.close().await;
    sim.shutdown().await;
    Ok(())
}
