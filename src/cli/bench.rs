//! `orderdeck bench …`: benchmarks that print figures. They never assert a time.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sqlx::PgPool;
use tokio::sync::mpsc;

use crate::cli::setup::Setup;
use orderdeck_app::intake;
use orderdeck_console::runner::Runner;
use orderdeck_store as store;
use orderdeck_tui::app::{App, Identity, Msg};
use orderdeck_tui::keymap::Keymap;
use orderdeck_tui::panes::pane_of;
use orderdeck_tui::render;
use orderdeck_tui::theme::Theme;

/// Fills a dedicated benchmark database with `n` orders (once; reused afterwards).
pub async fn prepare_orders(pool: &PgPool, n: i64) -> Result<()> {
    let have: i64 = sqlx::query_scalar("select count(*) from orders")
        .fetch_one(pool)
        .await?;
    if have == n {
        return Ok(());
    }
    let started = Instant::now();
    warn_user!("bench: generating {n} orders (once; the database is kept for later runs) …");
    let mut tx = pool.begin().await?;
    sqlx::query("set local synchronous_commit = off")
        .execute(&mut *tx)
        .await?;
    sqlx::query("truncate orders, order_lines, order_events, shipments, tracking_events, invoices, returns, refunds, reservations cascade")
        .execute(&mut *tx)
        .await?;
    // Bulk loading: the per-row change notifications would only fill the queue.
    sqlx::query("alter table orders disable trigger orders_notify")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into sales_channels (code, kind, name) values
            ('website', 'website', 'Website'), ('shopee', 'shopee', 'Shopee'), ('lazada', 'lazada', 'Lazada'),
            ('tiktok', 'tiktok', 'TikTok Shop'), ('manual', 'manual', 'Manual')
         on conflict (code) do nothing",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into orders (number, channel_id, external_id, buyer_name, buyer_phone, status, payment_method,
                             subtotal, shipping_fee, total, search_text, created_at, updated_at)
         select 'OD-' || lpad(g::text, 7, '0'),
                c.ids[1 + g % 5],
                'B' || g,
                (array['Nguyễn Văn An','Trần Thị Bình','Lê Minh Châu','Phạm Quốc Dũng','Hoàng Thu Hà'])[1 + g % 5] || ' ' || g,
                '09' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
                (array['new','backordered','reserved','packing','packed','shipped','delivered','completed','cancelled','returned'])[1 + g % 10],
                case when g % 3 = 0 then 'prepaid' else 'cod' end,
                (100000 + (g % 50) * 10000)::numeric, 30000, (130000 + (g % 50) * 10000)::numeric,
                'od-' || lpad(g::text, 7, '0') || ' ' || (array['nguyen van an','tran thi binh','le minh chau','pham quoc dung','hoang thu ha'])[1 + g % 5] || ' ' || g,
                now() - make_interval(secs => (($1 - g) * 1.2)),
                now() - make_interval(secs => (($1 - g) * 1.2))
         from generate_series(1, $1::bigint) g,
              (select array_agg(id order by id) as ids from sales_channels) c",
    )
    .bind(n)
    .execute(&mut *tx)
    .await?;
    sqlx::query("alter table orders enable trigger orders_notify")
        .execute(&mut *tx)
        .await?;
    sqlx::query("select setval('order_number_seq', $1)")
        .bind(n.max(1))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    sqlx::query("analyze orders").execute(pool).await?;
    warn_user!(
        "bench: generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Peak resident memory of this process, in MiB (Linux), from /proc/self/status.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

pub async fn render(setup: &Setup, orders: i64, frames: usize, size: &str) -> Result<()> {
    let (cols, rows) = size
        .split_once('x')
        .and_then(|(c, r)| Some((c.parse::<u16>().ok()?, r.parse::<u16>().ok()?)))
        .context("--size must look like 200x50")?;
    if orders < 1 {
        bail!("--orders must be at least 1");
    }
    // A database of its own, on the same server, so the benchmark never touches real data.
    let options = setup
        .target
        .options()?
        .database(&format!("orderdeck_bench_{orders}"));
    if let Some(cluster) = setup.target.cluster.clone() {
        tokio::task::spawn_blocking(move || cluster.ensure_running()).await??;
    }
    store::ensure_database(&options).await?;
    {
        let pool = store::pool(options.clone(), 2).await?;
        store::migrate(&pool).await?;
        prepare_orders(&pool, orders).await?;
        pool.close().await;
    }
    let rss_before = peak_rss_mib();

    // From here on: what a console does when it opens.
    let t0 = Instant::now();
    let pool = store::pool(options.clone(), 6).await?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let offset = setup.offset().map_err(anyhow::Error::msg)?;
    let theme = Theme::load("default", None).map_err(anyhow::Error::msg)?;
    let identity = Identity {
        mode: setup.target.mode.label().into(),
        operator: "bench".into(),
        role: orderdeck_domain::access::Role::Admin,
    };
    let mut app = App::new(pane_of, Keymap::default(), theme, vec![], identity, offset);
    let runner = Runner {
        pool: pool.clone(),
        tx,
        offset,
        operator: "bench".into(),
        services: None,
    };
    let mut terminal = Terminal::new(TestBackend::new(cols, rows))?;
    let fx = app.start();
    runner.run(fx, app.now);
    // First frame with rows on it.
    while let Some(msg) = rx.recv().await {
        let fx = app.update(msg);
        runner.run(fx, app.now);
        if app
            .list(orderdeck_tui::panes::ListKind::Orders)
            .pager
            .loaded
        {
            break;
        }
    }
    terminal.draw(|f| render::draw(f, &mut app))?;
    let first_frame = t0.elapsed();

    // Frames while walking down the list (windows are fetched as the cursor moves).
    let mut times = Vec::with_capacity(frames);
    let down = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let page = KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE);
    for i in 0..frames {
        let key = if i % 10 == 0 { page } else { down };
        let fx = app.update(Msg::Key(key));
        runner.run(fx, app.now);
        // Let fetches land as they would between frames, without waiting on them.
        tokio::task::yield_now().await;
        while let Ok(m) = rx.try_recv() {
            let fx = app.update(m);
            runner.run(fx, app.now);
        }
        let start = Instant::now();
        terminal.draw(|f| render::draw(f, &mut app))?;
        times.push(start.elapsed());
    }
    times.sort_unstable();
    let rows_loaded = app
        .list(orderdeck_tui::panes::ListKind::Orders)
        .pager
        .rows
        .len();
    say!("bench render: Orders pane, {orders} orders in the database, {cols}x{rows} terminal");
    say!(
        "  time to first frame : {:>8.1} ms (connect, first window query, first draw)",
        first_frame.as_secs_f64() * 1000.0
    );
    say!(
        "  frame render time   : p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} frames",
        percentile(&times, 0.5).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        times.len()
    );
    say!("  rows held in memory : {rows_loaded} (a window around the cursor)");
    match (rss_before, peak_rss_mib()) {
        (Some(b), Some(a)) => {
            say!("  peak resident memory: {a:.1} MiB (before the console opened: {b:.1} MiB)")
        }
        _ => say!("  peak resident memory: not available on this platform"),
    }
    pool.close().await;
    Ok(())
}

/// A fresh benchmark database on the configured server (dropped and made again).
pub(crate) async fn fresh_bench_db(
    setup: &Setup,
    name: &str,
) -> Result<(sqlx::postgres::PgConnectOptions, PgPool)> {
    use sqlx::{ConnectOptions, Connection};
    if let Some(cluster) = setup.target.cluster.clone() {
        tokio::task::spawn_blocking(move || cluster.ensure_running()).await??;
    }
    let options = setup.target.options()?.database(name);
    let mut admin = options.clone().database("postgres").connect().await?;
    sqlx::query(&format!("drop database if exists \"{name}\" with (force)"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    store::ensure_database(&options).await?;
    let pool = store::pool(options.clone(), 2).await?;
    store::migrate(&pool).await?;
    Ok((options, pool))
}

pub(crate) fn bench_order(
    i: usize,
    skus: usize,
    rng: &mut rand::rngs::StdRng,
) -> orderdeck_domain::intake::NewOrder {
    use rand::Rng;
    let n_lines = rng.random_range(1..=2usize).min(skus);
    let first = rng.random_range(0..skus);
    let lines = (0..n_lines)
        .map(|k| orderdeck_domain::intake::NewLine {
            sku: format!("BENCH-{}", (first + k) % skus),
            qty: rng.random_range(1..=3),
            unit_price: None,
            discount: rust_decimal::Decimal::ZERO,
        })
        .collect();
    orderdeck_domain::intake::NewOrder {
        channel: ["website", "shopee", "lazada", "tiktok"][i % 4].into(),
        external_id: Some(format!("BENCH-{i}")),
        source: None,
        customer: orderdeck_domain::intake::NewCustomer {
            masked: false,
            name: format!("Khách hàng {i}"),
            phone: format!("09{:08}", i % 100_000_000),
            email: String::new(),
        },
        shipping_address: orderdeck_domain::intake::Address {
            line1: "1 Lê Lợi".into(),
            ward: "Bến Nghé".into(),
            district: "Quận 1".into(),
            province: "TP. Hồ Chí Minh".into(),
        },
        payment: "cod".into(),
        shipping_fee: rust_decimal::Decimal::from(30000),
        discount: rust_decimal::Decimal::ZERO,
        note: None,
        wants_invoice: false,
        warehouse: None,
        lines,
    }
}

/// A fresh benchmark database with a small catalog: `skus` variants in two warehouses and
/// stock for about 90% of the orders, so the last ones backorder as in real life.
pub(crate) async fn intake_bench_db(
    setup: &Setup,
    orders: usize,
    skus: usize,
    listed: bool,
) -> Result<sqlx::postgres::PgConnectOptions> {
    let (options, setup_pool) = fresh_bench_db(setup, "orderdeck_bench_intake").await?;
    let stock_each = i32::try_from(orders * 4 / skus / 2 * 9 / 10 / 2)
        .unwrap_or(i32::MAX)
        .max(1);
    sqlx::query("insert into sales_channels (code, kind, name) values ('website','website','Website'),('shopee','shopee','Shopee'),('lazada','lazada','Lazada'),('tiktok','tiktok','TikTok Shop'),('manual','manual','Manual')")
        .execute(&setup_pool)
        .await?;
    sqlx::query("insert into warehouses (code, name) values ('HN', 'Kho Hà Nội'), ('HCM', 'Kho Hồ Chí Minh')").execute(&setup_pool).await?;
    for k in 0..skus {
        let p: i64 = sqlx::query_scalar("insert into products (name) values ($1) returning id")
            .bind(format!("Sản phẩm {k}"))
            .fetch_one(&setup_pool)
            .await?;
        let v: i64 = sqlx::query_scalar("insert into variants (product_id, sku, sale_price) values ($1, $2, 150000) returning id")
            .bind(p)
            .bind(format!("BENCH-{k}"))
            .fetch_one(&setup_pool)
            .await?;
        let mut tx = setup_pool.begin().await?;
        for w in ["HN", "HCM"] {
            let wid: i64 = sqlx::query_scalar("select id from warehouses where code = $1")
                .bind(w)
                .fetch_one(&mut *tx)
                .await?;
            let m = store::stock::Move {
                variant_id: v,
                warehouse_id: wid,
                qty: stock_each,
                kind: "opening",
                reason: "bench",
                actor: "bench",
                reference: None,
            };
            store::stock::post_move(&mut tx, &m).await?;
        }
        tx.commit().await?;
    }
    if listed {
        // One listing per SKU on each marketplace: every stock change queues a push.
        sqlx::query(
            "insert into channel_listings (channel_id, variant_id, external_item_id, external_sku, seller_sku)
             select c.id, v.id, 'bench-' || v.id, '0', v.sku
             from sales_channels c cross join variants v where c.kind in ('shopee', 'lazada', 'tiktok')",
        )
        .execute(&setup_pool)
        .await?;
        sqlx::query("delete from outbox where topic = 'stock'")
            .execute(&setup_pool)
            .await?;
    }
    setup_pool.close().await;
    Ok(options)
}

/// `bench intake`: paired rounds (see [`crate::cli::bench_paired`]). Each round: each order
/// its own transaction for `secs`, then the intake queue for `secs`, then pgbench for
/// `secs`, each on a fresh copy of the same small catalog; then the medians of the rounds'
/// ratios. `--batch` measures one bulk import instead.
pub async fn intake(setup: &Setup, bench: crate::cli::IntakeBench) -> Result<()> {
    use crate::cli::bench_paired::{Pgbench, median, pgbench_line, run_for};
    use rand::SeedableRng;
    let crate::cli::IntakeBench {
        orders,
        concurrency,
        batch,
        skus,
        listed,
        writers,
        rounds,
        secs,
    } = bench;
    if orders == 0 || concurrency == 0 || skus == 0 || writers == 0 || secs == 0 {
        bail!("--orders, --concurrency, --skus, --writers and --secs must be at least 1");
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let all: Vec<_> = (0..orders)
        .map(|i| bench_order(i, skus, &mut rng))
        .collect();

    if batch {
        let options = intake_bench_db(setup, orders, skus, listed).await?;
        let pool = store::pool(options, 2).await?;
        let started = Instant::now();
        let report = orderdeck_app::import::import_orders(&pool, &all, "bench").await?;
        let secs = started.elapsed().as_secs_f64();
        say!("bench intake --batch: {orders} orders on {skus} SKUs in one import");
        say!(
            "  {:.0} orders/s ({:.2} s); {} ready to pack, {} backordered",
            orders as f64 / secs,
            secs,
            report.reserved,
            report.backordered
        );
        pool.close().await;
        return Ok(());
    }

    say!(
        "bench intake: {concurrency} concurrent clients for {secs} s per measurement (at most {orders} orders), {skus} SKUs, stock checked and reserved for each{}",
        if listed {
            " (every SKU listed on 3 marketplaces: each change queues a stock push)"
        } else {
            ""
        }
    );
    let pgbench = match Pgbench::init(setup, concurrency).await {
        Ok(Some(pg)) => Some(pg),
        Ok(None) => {
            say!("  pgbench not found: no comparison");
            None
        }
        Err(e) => {
            say!("  pgbench could not be set up: {e}");
            None
        }
    };
    let all = std::sync::Arc::new(all);
    let connections = u32::try_from(concurrency).unwrap_or(8);
    let (mut alone_ratio, mut queue_ratio) = (Vec::new(), Vec::new());
    let (mut alone_rate, mut queue_rate, mut pg_rate) = (Vec::new(), Vec::new(), Vec::new());
    let (mut queue_p50, mut queue_p99) = (Vec::new(), Vec::new());
    for round in 1..=rounds.max(1) {
        say!("  round {round}:");
        let options = intake_bench_db(setup, orders, skus, listed).await?;
        let pool = store::intake_pool(options, connections).await?;
        let alone = {
            let (pool, all) = (pool.clone(), all.clone());
            run_for(setup, concurrency, secs, orders, move |i| {
                let (pool, all) = (pool.clone(), all.clone());
                async move {
                    intake::create_order(&pool, &all[i], "bench").await?;
                    Ok(())
                }
            })
            .await?
        };
        say!(
            "    {}",
            intake_line("one transaction per order", &alone, &pool).await?
        );
        pool.close().await;
        // Each writer takes everything waiting into its next group; more writers make
        // smaller groups racing for the same stock rows.
        let options = intake_bench_db(setup, orders, skus, listed).await?;
        let pool = store::intake_pool(options, u32::try_from(writers).unwrap_or(1)).await?;
        let queued = {
            let queue = intake::IntakeQueue::start(pool.clone(), writers);
            let all = all.clone();
            run_for(setup, concurrency, secs, orders, move |i| {
                let (queue, all) = (queue.clone(), all.clone());
                async move {
                    queue.create(all[i].clone(), "bench").await?;
                    Ok(())
                }
            })
            .await?
        };
        let label = format!(
            "intake queue ({writers} writer{}; orders waiting together share a commit)",
            if writers == 1 { "" } else { "s" }
        );
        say!("    {}", intake_line(&label, &queued, &pool).await?);
        pool.close().await;
        alone_rate.push(alone.per_sec());
        queue_rate.push(queued.per_sec());
        queue_p50.push(queued.p50_ms());
        queue_p99.push(queued.p99_ms());
        if let Some(pg) = &pgbench {
            match pg.run(concurrency, secs).await {
                Ok(r) => {
                    say!("    {}", pgbench_line(pg, &r, concurrency, secs));
                    let (a, q) = (alone.per_sec() / r.tps, queued.per_sec() / r.tps);
                    say!(
                        "    this round: one transaction per order {a:.2}× pgbench, intake queue {q:.2}× pgbench"
                    );
                    alone_ratio.push(a);
                    queue_ratio.push(q);
                    pg_rate.push(r.tps);
                }
                Err(e) => say!("    pgbench could not run: {e}"),
            }
        }
    }
    let n = rounds.max(1);
    say!(
        "  median of {n} round(s): one transaction per order {:.0} orders/s, intake queue {:.0} orders/s (p50 {:.2} ms, p99 {:.2} ms)",
        median(&alone_rate),
        median(&queue_rate),
        median(&queue_p50),
        median(&queue_p99)
    );
    if !queue_ratio.is_empty() {
        say!(
            "  median ratio to pgbench ({:.0} tps, scale {}): one transaction per order {:.2}×, intake queue {:.2}×",
            median(&pg_rate),
            pgbench.as_ref().map_or(0, |p| p.scale),
            median(&alone_ratio),
            median(&queue_ratio)
        );
    }
    Ok(())
}

/// One measurement's line: rate, latency, where the CPU went, and what became of the orders.
async fn intake_line(
    label: &str,
    t: &crate::cli::bench_paired::Timed,
    pool: &PgPool,
) -> Result<String> {
    let (reserved, backordered): (i64, i64) = sqlx::query_as("select count(*) filter (where status = 'reserved'), count(*) filter (where status = 'backordered') from orders")
        .fetch_one(pool)
        .await?;
    Ok(format!(
        "{label}: {:.0} orders/s ({} in {:.1} s); latency p50 {:.2} ms, p99 {:.2} ms; {}; {reserved} ready to pack, {backordered} backordered",
        t.per_sec(),
        t.done,
        t.secs,
        t.p50_ms(),
        t.p99_ms(),
        t.cpu_line()
    ))
}

/// `bench track`: how fast the tracking poller refreshes parcels against the carrier
/// simulator at a set latency, and the CPU this process spends per parcel.
pub async fn track(
    setup: &Setup,
    shipments: usize,
    latency_ms: u64,
    concurrency: usize,
) -> Result<()> {
    use orderdeck_integrations::carrier::{
        Carrier, CarrierKind, CarriersConfig, ParcelItem, ParcelRequest, Party, Payer,
        RequiredNote, Service,
    };
    if shipments == 0 || concurrency == 0 {
        bail!("--shipments and --concurrency must be at least 1");
    }
    let (options, setup_pool) = fresh_bench_db(setup, "orderdeck_bench_track").await?;
    let sim =
        orderdeck_sim::start("127.0.0.1:0".parse()?, orderdeck_sim::SimOptions::default()).await?;
    let carriers = orderdeck_integrations::carriers::Carriers::new(&CarriersConfig {
        ghn: Some(sim.ghn_config()),
        viettelpost: Some(sim.viettel_post_config()),
    })?;
    sqlx::query(
        "insert into sales_channels (code, kind, name) values ('website', 'website', 'Website')",
    )
    .execute(&setup_pool)
    .await?;
    let ids: Vec<(i64, String)> = sqlx::query_as(
        "insert into orders (number, channel_id, buyer_name, buyer_phone, status, payment_status, subtotal, total)
         select 'OD-T' || lpad(g::text, 7, '0'), (select id from sales_channels limit 1), 'Khách ' || g,
                '09' || lpad(g::text, 8, '0'), 'shipped', 'cod_pending', 250000, 250000
         from generate_series(1, $1) g returning id, number",
    )
    .bind(i64::try_from(shipments)?)
    .fetch_all(&setup_pool)
    .await?;
    // The parcels are made at the simulator through the real adapters, half with each
    // carrier, before the clock starts.
    let party = |name: &str| Party {
        name: name.to_string(),
        phone: "0912345678".into(),
        address: "1 Lê Lợi".into(),
        ward: "Bến Nghé".into(),
        district: "Quận 1".into(),
        province: "TP. Hồ Chí Minh".into(),
    };
    // GHN is sent place ids: the receiver's, resolved against the simulator's list.
    let ghn_places =
        orderdeck_domain::places::PlaceIndex::new(carriers.get(CarrierKind::Ghn)?.places().await?);
    let receiver_place =
        orderdeck_app::carrier_places::resolve(&ghn_places, &party("Nguyễn Văn An"))
            .map_err(|e| anyhow::anyhow!("the bench's address: {e}"))?;
    let made: Vec<Result<(i64, CarrierKind, String, String)>> = {
        use futures::StreamExt;
        futures::stream::iter(ids.into_iter().enumerate())
            .map(|(i, (id, number))| {
                let carriers = &carriers;
                let party = &party;
                let receiver_place = &receiver_place;
                async move {
                    let kind = if i % 2 == 0 {
                        CarrierKind::Ghn
                    } else {
                        CarrierKind::ViettelPost
                    };
                    let code = format!("{number}-1");
                    let req = ParcelRequest {
                        client_order_code: code.clone(),
                        service: Service::Economy,
                        sender: party("Shop"),
                        receiver: party("Nguyễn Văn An"),
                        cod_amount: rust_decimal::Decimal::from(250000),
                        goods_value: rust_decimal::Decimal::from(250000),
                        payer: Payer::Seller,
                        weight_grams: 500,
                        length_cm: 20,
                        width_cm: 15,
                        height_cm: 10,
                        required_note: RequiredNote::MayLook,
                        note: String::new(),
                        items: vec![ParcelItem {
                            name: "Áo thun".into(),
                            code: "AT-1".into(),
                            qty: 1,
                            price: rust_decimal::Decimal::from(250000),
                        }],
                        receiver_place: (kind == CarrierKind::Ghn).then(|| receiver_place.clone()),
                        sender_place: None,
                    };
                    let o = carriers.get(kind)?.create(&req).await?;
                    anyhow::Ok((id, kind, code, o.tracking_number))
                }
            })
            .buffer_unordered(32)
            .collect()
            .await
    };
    let mut tx = setup_pool.begin().await?;
    for m in made {
        let (id, kind, code, tracking) = m?;
        sqlx::query(
            "insert into shipments (order_id, carrier, client_order_code, tracking_number, status, cod_amount)
             values ($1, $2, $3, $4, 'ready_to_pick', 250000)",
        )
        .bind(id)
        .bind(kind.code())
        .bind(code)
        .bind(tracking)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    setup_pool.close().await;
    sim.faults()
        .set_latency(std::time::Duration::from_millis(latency_ms));

    let pool = store::pool(options, u32::try_from(concurrency * 2 + 2).unwrap_or(16)).await?;
    let opts = orderdeck_app::workers::poller::PollerOptions {
        batch: i64::try_from(shipments)?,
        per_carrier: concurrency,
        ..Default::default()
    };
    let cpu_before = cpu_time();
    let started = Instant::now();
    let r = orderdeck_app::workers::poller::round(&pool, &carriers, &opts).await;
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_time().saturating_sub(cpu_before);
    let events: i64 = sqlx::query_scalar("select count(*) from tracking_events")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    say!(
        "bench track: {shipments} parcels (half GHN, half Viettel Post) at {latency_ms} ms carrier latency, {concurrency} calls in flight per carrier"
    );
    say!(
        "  {:.0} parcels refreshed/s ({:.2} s); {} failed; {events} tracking events recorded",
        r.asked as f64 / secs,
        secs,
        r.failed
    );
    say!(
        "  CPU of this process: {:.3} ms per parcel ({:.2} s in all)",
        cpu.as_secs_f64() * 1000.0 / r.asked.max(1) as f64,
        cpu.as_secs_f64()
    );
    Ok(())
}

/// User plus system CPU time of this process.
pub(crate) fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes into the struct we hand it.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// `bench sync`: a full pull of `orders` new orders (plus the simulator's own month of
/// history) from each simulated marketplace through the real adapters, intake and
/// reservation into a benchmark database; orders per second per platform.
pub async fn sync(setup: &Setup, orders: usize) -> Result<()> {
    use orderdeck_app::channel_sync::{SyncOptions, Syncer};
    use orderdeck_integrations::marketplace::ChannelKind;

    if orders == 0 {
        bail!("--orders must be at least 1");
    }
    let sim =
        orderdeck_sim::start("127.0.0.1:0".parse()?, orderdeck_sim::SimOptions::default()).await?;
    let (options, setup_pool) = fresh_bench_db(setup, "orderdeck_bench_sync").await?;
    setup_pool.close().await;
    let pool = store::intake_pool(options, 4).await?;
    sqlx::query("insert into warehouses (code, name) values ('HN', 'Kho Hà Nội')")
        .execute(&pool)
        .await?;
    say!(
        "bench sync: {orders} new orders on each simulated marketplace (plus its own month of \
         history), pulled through the real adapters, intake and reservation"
    );
    let syncer = Syncer::new(
        pool.clone(),
        intake::IntakeQueue::start(pool.clone(), 1),
        SyncOptions::default(),
    );
    for kind in ChannelKind::ALL {
        let shop = bench_shop(&pool, &sim, kind).await?;
        let at = chrono::Utc::now() - chrono::Duration::seconds(2);
        match kind {
            ChannelKind::Shopee => {
                sim.shopee_add_orders(orders, at, "READY_TO_SHIP");
            }
            ChannelKind::Lazada => {
                sim.lazada_add_orders_in(orders, at, "pending");
            }
            ChannelKind::TikTok => {
                sim.tiktok_add_orders(orders, at, "AWAITING_SHIPMENT");
            }
            other => bail!("not a marketplace: {other:?}"),
        }
        let started = Instant::now();
        let r = syncer.sync_channel(&shop.client, shop.row.id).await?;
        let secs = started.elapsed().as_secs_f64();
        say!(
            "  {:<12} {:>6.0} orders/s read, {:>6.0} orders/s taken in ({} read over {} pages, {} new, {} left out, {} with problems; {:.2} s)",
            format!("{}:", kind.label()),
            r.fetched as f64 / secs,
            r.created as f64 / secs,
            r.fetched,
            r.pages,
            r.created,
            r.skipped,
            r.problems,
            secs
        );
    }
    pool.close().await;
    sim.shutdown().await;
    Ok(())
}

/// One simulated marketplace shop, authorised, with every SKU it lists in our catalog
/// and a million units of each in warehouse HN (made by the caller).
pub(crate) async fn bench_shop(
    pool: &PgPool,
    sim: &orderdeck_sim::SimHandle,
    kind: orderdeck_integrations::marketplace::ChannelKind,
) -> Result<orderdeck_app::channels::OpenChannel> {
    use orderdeck_app::channels;
    use orderdeck_integrations::marketplace::{
        ChannelKind, ChannelsConfig, PageCursor, SalesChannel,
    };
    let mut cfg = ChannelsConfig::default();
    match kind {
        ChannelKind::Shopee => cfg.shopee = Some(sim.shopee_config()),
        ChannelKind::Lazada => cfg.lazada = Some(sim.lazada_config()),
        ChannelKind::TikTok => cfg.tiktok = Some(sim.tiktok_config()),
        other => bail!("not a marketplace: {other:?}"),
    }
    let opened = channels::open(pool, &cfg, kind)
        .await?
        .context("the channel was just configured")?;
    let pair = match kind {
        ChannelKind::Shopee => sim.shopee_authorize(),
        ChannelKind::Lazada => sim.lazada_authorize(),
        ChannelKind::TikTok => sim.tiktok_authorize(),
        other => bail!("not a marketplace: {other:?}"),
    };
    channels::store_tokens(pool, opened.row.id, &pair).await?;
    let shop = channels::open(pool, &cfg, kind)
        .await?
        .context("the channel was just configured")?;
    // Our catalog: every SKU the shop lists, well stocked.
    let mut skus: Vec<String> = Vec::new();
    let mut cursor: Option<PageCursor> = None;
    loop {
        let page = shop.client.listings(cursor.as_ref()).await?;
        skus.extend(
            page.listings
                .into_iter()
                .map(|l| l.sku.trim().to_string())
                .filter(|s| !s.is_empty()),
        );
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    skus.sort();
    skus.dedup();
    let ids: Vec<i64> = sqlx::query_scalar(
        "with p as (insert into products (name) select 'Sản phẩm ' || s from unnest($1::text[]) s returning id, name)
         insert into variants (product_id, sku, sale_price)
         select p.id, substr(p.name, length('Sản phẩm ') + 1), 150000 from p
         on conflict (sku) do nothing
         returning id",
    )
    .bind(&skus)
    .fetch_all(pool)
    .await?;
    let hn: i64 = sqlx::query_scalar("select id from warehouses where code = 'HN'")
        .fetch_one(pool)
        .await?;
    let mut tx = pool.begin().await?;
    for v in ids {
        let m = store::stock::Move {
            variant_id: v,
            warehouse_id: hn,
            qty: 1_000_000,
            kind: "opening",
            reason: "bench",
            actor: "bench",
            reference: None,
        };
        store::stock::post_move(&mut tx, &m).await?;
    }
    tx.commit().await?;
    Ok(shop)
}
