//! `orderdeck bench api`: orders through the HTTP intake API — the real router, served on
//! a loopback port, with keep-alive clients — in paired rounds against pgbench on the same
//! server (see [`crate::cli::bench_paired`]); then the same keys sent again, every request
//! a replay of an answer already given.
//!
//! The clients run in this process, beside the server they measure: their HTTP and JSON
//! work takes a share of the same two cores (the CPU line says how much), as a website's
//! own server would not. pgbench's client is C and cheap; the comparison is kept honest by
//! saying so rather than by leaving the clients out.

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rand::SeedableRng;

use crate::cli::bench::{bench_order, intake_bench_db};
use crate::cli::bench_paired::{Pgbench, Timed, median, pgbench_line, run_for};
use crate::cli::setup::Setup;
use orderdeck_app::api::{ApiState, router};
use orderdeck_app::intake::IntakeQueue;
use orderdeck_store as store;

/// What `bench api` runs.
#[derive(Debug, Clone, clap::Args)]
pub struct ApiBench {
    /// Concurrent HTTP clients, each measured in its own paired rounds.
    #[arg(long, value_delimiter = ',', default_values_t = [8usize, 64])]
    pub clients: Vec<usize>,
    /// Seconds each measurement of a round runs (ours and pgbench's alike).
    #[arg(long, default_value_t = 5)]
    pub secs: u32,
    /// Paired rounds per client count; the median of their ratios is the result.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Most orders one measurement sends (the stock is sized for about 60% of them).
    #[arg(long, default_value_t = 20_000)]
    pub orders: usize,
    /// How many SKUs the orders share.
    #[arg(long, default_value_t = 5)]
    pub skus: usize,
}

/// The body of order `i`: the shape `orders create` takes, on the shop's own website
/// channel (a key with no channel of its own may send only those).
fn order_json(i: usize, skus: usize, rng: &mut rand::rngs::StdRng) -> Vec<u8> {
    let o = bench_order(i, skus, rng);
    let body = serde_json::json!({
        "channel": "website",
        "external_id": format!("API-{i}"),
        "customer": {"name": o.customer.name, "phone": o.customer.phone},
        "shipping_address": o.shipping_address,
        "payment": o.payment,
        "shipping_fee": o.shipping_fee.to_string(),
        "lines": o.lines.iter().map(|l| serde_json::json!({"sku": l.sku, "qty": l.qty})).collect::<Vec<_>>(),
    });
    body.to_string().into_bytes()
}

/// The server side of one round: a fresh database, a key, the router on a loopback port.
struct Served {
    base: String,
    token: String,
    pool: sqlx::PgPool,
    stop: tokio::sync::watch::Sender<bool>,
}

async fn serve(setup: &Setup, bench: &ApiBench, clients: usize) -> Result<Served> {
    let options = intake_bench_db(setup, bench.orders, bench.skus, false).await?;
    // The handlers' own statements (key, idempotency record, answer) need a connection
    // each while they run; the queue's writer has its own.
    let connections = u32::try_from(clients.clamp(4, 32)).unwrap_or(16);
    let pool = store::pool(options.clone(), connections).await?;
    let made = orderdeck_app::api::keys::create(&pool, "bench", "orders:write", None, "bench")
        .await
        .context("making the bench's API key")?;
    let queue_pool = store::intake_pool(options, 1).await?;
    let state = ApiState::new(pool.clone(), IntakeQueue::start(queue_pool, 1));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    // The listener `orderdeck serve` runs, with its limits (128 connections per source
    // is above the most clients measured here).
    let app = router(state);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let _ = orderdeck_app::http::serve(
            listener,
            app,
            orderdeck_app::http::Limits::default(),
            stopped,
        )
        .await;
    });
    Ok(Served {
        base: format!("http://{addr}"),
        token: made.token,
        pool,
        stop,
    })
}

/// What a measurement sends: request `i` carries body `bodies[key_of(i).1]` under key
/// `key_of(i).0`, at most `limit` requests, each answered with one of `expect`.
struct Requests {
    bodies: Arc<Vec<Vec<u8>>>,
    key_of: Arc<dyn Fn(usize) -> (String, usize) + Send + Sync>,
    limit: usize,
    expect: &'static [u16],
}

/// `clients` keep-alive clients sending `requests` for `secs`.
async fn post_all(
    setup: &Setup,
    served: &Served,
    clients: usize,
    secs: u32,
    requests: Requests,
) -> Result<Timed> {
    let Requests {
        bodies,
        key_of,
        limit,
        expect,
    } = requests;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let url = format!("{}/v1/orders", served.base);
    let auth = format!("Bearer {}", served.token);
    run_for(setup, clients, secs, limit, move |i| {
        let (http, url, auth, bodies, key_of) = (
            http.clone(),
            url.clone(),
            auth.clone(),
            bodies.clone(),
            key_of.clone(),
        );
        async move {
            let (key, body) = key_of(i);
            let r = http
                .post(&url)
                .header("authorization", &auth)
                .header("idempotency-key", format!("\"{key}\""))
                .header("content-type", "application/json")
                .body(bodies[body].clone())
                .send()
                .await?;
            let status = r.status();
            let text = r.text().await?;
            if !expect.contains(&status.as_u16()) {
                bail!("POST /v1/orders answered {status}: {text}");
            }
            Ok(())
        }
    })
    .await
}

pub async fn run(setup: &Setup, bench: ApiBench) -> Result<()> {
    if bench.clients.contains(&0) || bench.secs == 0 || bench.orders == 0 {
        bail!("--clients, --secs and --orders must be at least 1");
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..bench.orders)
            .map(|i| order_json(i, bench.skus, &mut rng))
            .collect(),
    );
    for &clients in &bench.clients {
        say!(
            "bench api: POST /v1/orders, {clients} keep-alive clients for {} s per measurement, {} SKUs, stock checked and reserved for each",
            bench.secs,
            bench.skus
        );
        let pgbench = match Pgbench::init(setup, clients).await {
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
        let (mut new_ratio, mut replay_ratio, mut pg_rate) = (Vec::new(), Vec::new(), Vec::new());
        let (mut new_rate, mut new_p50, mut new_p99) = (Vec::new(), Vec::new(), Vec::new());
        let (mut re_rate, mut re_p50, mut re_p99) = (Vec::new(), Vec::new(), Vec::new());
        for round in 1..=bench.rounds.max(1) {
            say!("  round {round}:");
            let served = serve(setup, &bench, clients).await?;
            let created = post_all(
                setup,
                &served,
                clients,
                bench.secs,
                Requests {
                    bodies: bodies.clone(),
                    key_of: Arc::new(|i| (format!("bench-{i}"), i)),
                    limit: bench.orders,
                    expect: &[201],
                },
            )
            .await?;
            let (reserved, backordered): (i64, i64) = sqlx::query_as(
                "select count(*) filter (where status = 'reserved'), count(*) filter (where status = 'backordered') from orders",
            )
            .fetch_one(&served.pool)
            .await?;
            say!(
                "    new orders: {:.0} orders/s ({} in {:.1} s); latency p50 {:.2} ms, p99 {:.2} ms; {}; {reserved} ready to pack, {backordered} backordered",
                created.per_sec(),
                created.done,
                created.secs,
                created.p50_ms(),
                created.p99_ms(),
                created.cpu_line()
            );
            // Every request now repeats a key answered above, with its body: the first
            // answer again, nothing written.
            let done = created.done.max(1);
            let replays = post_all(
                setup,
                &served,
                clients,
                bench.secs,
                Requests {
                    bodies: bodies.clone(),
                    key_of: Arc::new(move |i| {
                        let k = (i.wrapping_mul(7919)) % done;
                        (format!("bench-{k}"), k)
                    }),
                    limit: usize::MAX,
                    expect: &[201],
                },
            )
            .await?;
            let after: i64 = sqlx::query_scalar("select count(*) from orders")
                .fetch_one(&served.pool)
                .await?;
            say!(
                "    replays (same key, same body): {:.0} answers/s ({} in {:.1} s); latency p50 {:.2} ms, p99 {:.2} ms; {}; orders written by them: {}",
                replays.per_sec(),
                replays.done,
                replays.secs,
                replays.p50_ms(),
                replays.p99_ms(),
                replays.cpu_line().replace("per order", "per answer"),
                after - created.done as i64
            );
            let _ = served.stop.send(true);
            served.pool.close().await;
            new_rate.push(created.per_sec());
            new_p50.push(created.p50_ms());
            new_p99.push(created.p99_ms());
            re_rate.push(replays.per_sec());
            re_p50.push(replays.p50_ms());
            re_p99.push(replays.p99_ms());
            if let Some(pg) = &pgbench {
                match pg.run(clients, bench.secs).await {
                    Ok(r) => {
                        say!("    {}", pgbench_line(pg, &r, clients, bench.secs));
                        let (n, re) = (created.per_sec() / r.tps, replays.per_sec() / r.tps);
                        say!(
                            "    this round: new orders {n:.2}× pgbench, replays {re:.2}× pgbench"
                        );
                        new_ratio.push(n);
                        replay_ratio.push(re);
                        pg_rate.push(r.tps);
                    }
                    Err(e) => say!("    pgbench could not run: {e}"),
                }
            }
        }
        say!(
            "  median of {} round(s), {clients} clients: new orders {:.0}/s (p50 {:.2} ms, p99 {:.2} ms), replays {:.0}/s (p50 {:.2} ms, p99 {:.2} ms)",
            bench.rounds.max(1),
            median(&new_rate),
            median(&new_p50),
            median(&new_p99),
            median(&re_rate),
            median(&re_p50),
            median(&re_p99)
        );
        if !new_ratio.is_empty() {
            say!(
                "  median ratio to pgbench ({:.0} tps, scale {}): new orders {:.2}×, replays {:.2}×",
                median(&pg_rate),
                pgbench.as_ref().map_or(0, |p| p.scale),
                median(&new_ratio),
                median(&replay_ratio)
            );
        }
    }
    Ok(())
}
