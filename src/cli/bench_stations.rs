//! `orderdeck bench stations`: many consoles on one database while orders arrive at a
//! steady rate and packers claim and pack — commit → visible on every console, queries
//! per change per console, server and client CPU, connections held. Figures only.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use rand::SeedableRng;

use crate::cli::StationsBench;
use crate::cli::bench::{bench_order, cpu_time, intake_bench_db};
use crate::cli::setup::Setup;
use orderdeck_app::{intake, packing};
use orderdeck_console::headless::{Fleet, FleetOptions, Station, Visibility};
use orderdeck_store as store;

/// Connections of the consoles' pools, told apart on the server by this name.
const CONSOLE_APP: &str = "orderdeck-station";
const LISTENER_APP: &str = "orderdeck-station-listener";
const BENCH_APP: &str = "orderdeck-bench";
/// SKUs the orders share: enough that packers and intake rarely wait on one stock row.
const SKUS: usize = 50;

pub async fn run(setup: &Setup, b: StationsBench) -> Result<()> {
    let StationsBench {
        consoles,
        rate,
        secs,
        packers,
        to_ship,
        pool,
        separate_reads,
    } = b;
    if consoles == 0 || rate == 0 || secs == 0 || pool == 0 {
        bail!("--consoles, --rate, --secs and --pool must be at least 1");
    }
    // One console in five watches To ship unless told; the rest the Orders pane.
    let to_ship = to_ship.unwrap_or(consoles / 5).min(consoles);
    let planned = usize::try_from(rate.saturating_mul(secs)).unwrap_or(usize::MAX);
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    let all: Vec<_> = (0..planned)
        .map(|i| bench_order(i, SKUS, &mut rng))
        .collect();
    let options = intake_bench_db(setup, planned.max(SKUS * 4), SKUS, false).await?;
    let bench_pool = store::intake_pool(options.clone().application_name(BENCH_APP), 8).await?;
    // Packers on their own connections: behind the intake's queue they would pack little.
    let pack_pool = store::pool(
        options.clone().application_name(BENCH_APP),
        u32::try_from(packers).unwrap_or(8).max(1),
    )
    .await?;
    let mut stations = vec![Station::Orders; consoles - to_ship];
    stations.extend(std::iter::repeat_n(Station::ToShip, to_ship));
    let (width, height) = (120, 40);
    say!(
        "bench stations: {consoles} headless consoles ({} on Orders, {to_ship} on Shipments → To ship; {width}x{height}, a pool of {pool} each, one listener), \
         {rate} orders/s for {secs} s, {packers} packer(s) claiming and scanning; {}",
        consoles - to_ship,
        if separate_reads {
            "each console reads for itself"
        } else {
            "consoles share a read of the same window after the same change"
        }
    );
    let mut fleet = Fleet::start(
        options.clone().application_name(CONSOLE_APP),
        options.clone().application_name(LISTENER_APP),
        FleetOptions {
            stations,
            pool_size: pool,
            width,
            height,
            offset: setup.offset().map_err(anyhow::Error::msg)?,
            share_reads: !separate_reads,
        },
    )
    .await?;
    fleet.ready(Duration::from_secs(60)).await?;
    let fleet = Arc::new(fleet);

    let cluster_pid = setup
        .target
        .cluster
        .as_ref()
        .and_then(|c| postmaster_pid(&c.pgdata()));
    let consoles_before = backend_cpu(&bench_pool, CONSOLE_APP).await?;
    let cluster_before = cluster_pid.and_then(cluster_cpu);
    let client_before = cpu_time();
    let started = Instant::now();

    let running = Arc::new(AtomicBool::new(true));
    let packed = Arc::new(AtomicU64::new(0));
    let created = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let pack_failed = Arc::new(AtomicU64::new(0));
    let mut packer_tasks = Vec::new();
    for k in 0..packers {
        let (pool, fleet, running, packed, pack_failed) = (
            pack_pool.clone(),
            fleet.clone(),
            running.clone(),
            packed.clone(),
            pack_failed.clone(),
        );
        packer_tasks.push(tokio::spawn(async move {
            let station = format!("bench-{k}");
            pack_loop(&pool, &fleet, &running, &packed, &pack_failed, &station).await
        }));
    }
    let mut intake_tasks = Vec::with_capacity(planned);
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    // Arrivals keep their rate: a late tick is made up at once, not skipped.
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for order in all {
        tick.tick().await;
        let (pool, fleet, created, failed) = (
            bench_pool.clone(),
            fleet.clone(),
            created.clone(),
            failed.clone(),
        );
        intake_tasks.push(tokio::spawn(async move {
            match intake::create_order(&pool, &order, "bench").await {
                Ok(intake::IntakeOutcome::Created { number, .. }) => {
                    fleet.committed(Station::Orders, &number, Instant::now());
                    created.fetch_add(1, Ordering::Relaxed);
                }
                Ok(intake::IntakeOutcome::Duplicate { .. }) | Err(_) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in intake_tasks {
        t.await?;
    }
    running.store(false, Ordering::Relaxed);
    for t in packer_tasks {
        t.await?;
    }
    let elapsed = started.elapsed();
    let client_cpu = cpu_time().saturating_sub(client_before);
    let cluster_cpu_used = match (cluster_before, cluster_pid.and_then(cluster_cpu)) {
        (Some(b), Some(a)) => Some(a.saturating_sub(b)),
        _ => None,
    };
    let consoles_after = backend_cpu(&bench_pool, CONSOLE_APP).await?;
    let consoles_cpu: Duration = consoles_after
        .iter()
        .map(|(pid, a)| a.saturating_sub(consoles_before.get(pid).copied().unwrap_or_default()))
        .sum();
    let backends = store::activity::backends(&bench_pool).await?;
    let held = |name: &str| {
        backends
            .iter()
            .filter(|b| b.application_name == name)
            .count()
    };
    let pools_hold = fleet.connections();
    // The last commits get the time a tick and a fetch take to reach the screens.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let Ok(fleet) = Arc::try_unwrap(fleet) else {
        bail!("a packer or intake task still holds the consoles");
    };
    let report = fleet.stop().await?;
    bench_pool.close().await;
    pack_pool.close().await;

    let secs_run = elapsed.as_secs_f64();
    let created = created.load(Ordering::Relaxed);
    say!(
        "  orders: {created} taken in ({:.0}/s), {} failed; {} packed ({:.0}/s), {} packer steps failed; {:.1} s",
        created as f64 / secs_run,
        failed.load(Ordering::Relaxed),
        packed.load(Ordering::Relaxed),
        packed.load(Ordering::Relaxed) as f64 / secs_run,
        pack_failed.load(Ordering::Relaxed),
        secs_run
    );
    visibility_line("Orders, new orders", &report.orders);
    visibility_line("To ship, packed orders", &report.to_ship);
    let n = report.consoles.len().max(1) as f64;
    let (mut lists, mut details, mut dashboards, mut frames, mut lagged) = (0, 0, 0, 0, 0);
    for c in &report.consoles {
        lists += c.queries.lists;
        details += c.queries.details;
        dashboards += c.queries.dashboards;
        frames += c.frames;
        lagged += c.lagged;
    }
    let queries = (lists + details + dashboards) as f64;
    let changes = report.changes.max(1) as f64;
    if let Some(sent) = report.reads_sent {
        say!(
            "  list reads sent to the server (consoles sharing): {sent} for {lists} list fetches asked ({:.3} per change per console, {:.1}/s in all)",
            sent as f64 / changes / n,
            sent as f64 / (secs_run + 2.0)
        );
    }
    say!(
        "  changes announced: {} ({:.0}/s); queries per change per console: {:.3} ({lists} list, {details} detail, {dashboards} dashboard fetches in all); \
         {:.1} queries/s per console; {:.1} frames/s per console{}",
        report.changes,
        report.changes as f64 / secs_run,
        queries / changes / n,
        queries / n / (secs_run + 2.0),
        frames as f64 / n / (secs_run + 2.0),
        if lagged > 0 {
            format!("; {lagged} events missed by consoles fallen behind")
        } else {
            String::new()
        }
    );
    match cluster_cpu_used {
        Some(c) => say!(
            "  server CPU: {:.2} s in all ({:.0}% of a core), of which the consoles' connections {:.2} s ({:.0}% of a core, {:.1} ms/s per console)",
            c.as_secs_f64(),
            c.as_secs_f64() * 100.0 / secs_run,
            consoles_cpu.as_secs_f64(),
            consoles_cpu.as_secs_f64() * 100.0 / secs_run,
            consoles_cpu.as_secs_f64() * 1000.0 / secs_run / n
        ),
        None => say!(
            "  server CPU: the consoles' connections {:.2} s ({:.0}% of a core, {:.1} ms/s per console); the whole server's is known only for the embedded cluster",
            consoles_cpu.as_secs_f64(),
            consoles_cpu.as_secs_f64() * 100.0 / secs_run,
            consoles_cpu.as_secs_f64() * 1000.0 / secs_run / n
        ),
    }
    say!(
        "  client CPU (this process: consoles, intake, packers): {:.2} s ({:.0}% of a core)",
        client_cpu.as_secs_f64(),
        client_cpu.as_secs_f64() * 100.0 / secs_run
    );
    say!(
        "  connections held on the bench database: {} ({} by the consoles' pools, {} listener, {} intake and packers; the pools say {pools_hold})",
        backends.len(),
        held(CONSOLE_APP),
        held(LISTENER_APP),
        held(BENCH_APP)
    );
    Ok(())
}

fn visibility_line(what: &str, v: &Visibility) {
    let ms = |d: Option<Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    if v.delays.is_empty() && v.unseen == 0 {
        say!("  commit → visible ({what}): no console of this kind");
        return;
    }
    say!(
        "  commit → visible ({what}): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms over {} (order, console) pairs{}",
        ms(v.percentile(0.5)),
        ms(v.percentile(0.95)),
        ms(v.delays.last().copied()),
        v.delays.len(),
        if v.unseen > 0 {
            format!(
                "; {} pairs never seen (past the list's window, or still on their way)",
                v.unseen
            )
        } else {
            String::new()
        }
    );
}

/// A packer: claims the next order, scans each unit, and the order is packed.
async fn pack_loop(
    pool: &sqlx::PgPool,
    fleet: &Fleet,
    running: &AtomicBool,
    packed: &AtomicU64,
    failed: &AtomicU64,
    station: &str,
) {
    while running.load(Ordering::Relaxed) {
        // A busy server may keep a packer waiting past the pool's patience: counted, and
        // the packer carries on (an expired claim goes back to the queue).
        let job = match packing::claim_next(pool, station).await {
            Ok(Some(job)) => job,
            Ok(None) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            Err(_) => {
                failed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
        };
        'lines: for line in &job.lines {
            for _ in line.packed_qty..line.qty {
                match packing::scan(pool, job.order_id, station, &line.sku).await {
                    Ok(packing::ScanResult::Packed { job }) => {
                        fleet.committed(Station::ToShip, &job.number, Instant::now());
                        packed.fetch_add(1, Ordering::Relaxed);
                        break 'lines;
                    }
                    Ok(packing::ScanResult::Counted { .. }) => {}
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        break 'lines;
                    }
                }
            }
        }
    }
}

/// The embedded cluster's postmaster, from the first line of its postmaster.pid.
pub(crate) fn postmaster_pid(pgdata: &std::path::Path) -> Option<i32> {
    let text = std::fs::read_to_string(pgdata.join("postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok()
}

/// A process's (ppid, own CPU, its reaped children's CPU) from /proc/<pid>/stat.
fn proc_stat(pid: i32) -> Option<(i32, Duration, Duration)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: the fields start after its closing parenthesis.
    let rest = &text[text.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok());
    // SAFETY: sysconf only reads a configuration value.
    let hz = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) })
        .ok()
        .filter(|h| *h > 0)?;
    let ticks = |t: u64| Duration::from_secs_f64(t as f64 / hz as f64);
    let ppid = f.get(1)?.parse().ok()?;
    Some((ppid, ticks(num(11)? + num(12)?), ticks(num(13)? + num(14)?)))
}

/// CPU of the whole cluster: the postmaster, its live children, and those it reaped.
pub(crate) fn cluster_cpu(postmaster: i32) -> Option<Duration> {
    let (_, own, reaped) = proc_stat(postmaster)?;
    let mut total = own + reaped;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        if let Some((ppid, cpu, _)) = proc_stat(pid)
            && ppid == postmaster
        {
            total += cpu;
        }
    }
    Some(total)
}

/// CPU so far of each server process serving a connection named `app`.
async fn backend_cpu(pool: &sqlx::PgPool, app: &str) -> Result<HashMap<i32, Duration>> {
    Ok(store::activity::backends(pool)
        .await?
        .into_iter()
        .filter(|b| b.application_name == app)
        .filter_map(|b| proc_stat(b.pid).map(|(_, cpu, _)| (b.pid, cpu)))
        .collect())
}
