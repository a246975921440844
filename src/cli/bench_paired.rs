//! Paired rounds against pgbench, shared by `bench intake` and `bench api`.
//!
//! A shared 2-core machine's speed wanders by a third from one minute to the next, so a
//! figure of ours is only compared with pgbench's measured right after it on the same
//! server: each round is ours for `secs`, then pgbench's TPC-B for `secs`, and the ratio
//! of that round is what counts. The median of the rounds' ratios is the result.
//!
//! pgbench runs at a scale of at least its clients, as its documentation asks: at scale 1
//! every client updates the one `pgbench_branches` row and pgbench measures its own lock
//! queue, a reference too weak to compare with. Its tables are made once per run (making
//! them takes longer than a round) and each round runs on what the last one left.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::cli::bench::{cpu_time, fresh_bench_db};
use crate::cli::bench_stations::{cluster_cpu, postmaster_pid};
use crate::cli::setup::Setup;

/// The database pgbench's tables live in, made once per run.
const PGBENCH_DB: &str = "orderdeck_bench_pgbench";

/// pgbench, initialised on the configured server.
pub(crate) struct Pgbench {
    bin: PathBuf,
    url: String,
    pub scale: usize,
    /// The embedded cluster's postmaster, to see the server's CPU.
    postmaster: Option<i32>,
}

/// One pgbench run: its throughput, its own latency average, and the percentiles of its
/// per-transaction log (the same percentiles ours are given).
pub(crate) struct PgbenchRound {
    pub tps: f64,
    pub latency_avg_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// The whole embedded cluster's CPU per transaction, when it is ours to see.
    pub server_cpu_ms: Option<f64>,
}

impl Pgbench {
    /// Makes pgbench's tables at scale max(10, clients); `None` when pgbench is not
    /// installed beside the server.
    pub async fn init(setup: &Setup, clients: usize) -> Result<Option<Pgbench>> {
        let bin = orderdeck_store::embedded::PgBinaries::locate()
            .ok()
            .map(|b| b.bin_dir.join("pgbench"))
            .filter(|p| p.is_file());
        let Some(bin) = bin else { return Ok(None) };
        let (_, pool) = fresh_bench_db(setup, PGBENCH_DB).await?;
        pool.close().await;
        let url = match &setup.target.cluster {
            Some(c) => c.url_for(PGBENCH_DB),
            None => {
                let base = setup
                    .target
                    .url
                    .split('?')
                    .next()
                    .unwrap_or(&setup.target.url);
                let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
                format!("{base}/{PGBENCH_DB}")
            }
        };
        let scale = clients.max(10);
        let init = tokio::process::Command::new(&bin)
            .args(["-i", "-q", "-s", &scale.to_string()])
            .arg(&url)
            .output()
            .await?;
        if !init.status.success() {
            bail!(
                "pgbench -i failed: {}",
                String::from_utf8_lossy(&init.stderr)
            );
        }
        let postmaster = setup
            .target
            .cluster
            .as_ref()
            .and_then(|c| postmaster_pid(&c.pgdata()));
        Ok(Some(Pgbench {
            bin,
            url,
            scale,
            postmaster,
        }))
    }

    /// TPC-B-like for `secs` with `clients` connections; each transaction logged (`-l`)
    /// into a folder of our own, read back for the percentiles.
    pub async fn run(&self, clients: usize, secs: u32) -> Result<PgbenchRound> {
        // A folder of our own for the logs (pgbench writes one file per thread there).
        let logs = std::env::temp_dir().join(format!(
            "orderdeck-pgbench-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&logs)?;
        let result = self.run_logged(clients, secs, &logs).await;
        let _ = std::fs::remove_dir_all(&logs);
        result
    }

    async fn run_logged(&self, clients: usize, secs: u32, logs: &Path) -> Result<PgbenchRound> {
        let prefix = logs.join("tx");
        let server_before = self.postmaster.and_then(cluster_cpu);
        let run = tokio::process::Command::new(&self.bin)
            .args([
                "-c",
                &clients.to_string(),
                "-j",
                &clients.min(2).to_string(),
                "-T",
                &secs.to_string(),
                "-n",
                "-l",
            ])
            .arg(format!("--log-prefix={}", prefix.display()))
            .arg(&self.url)
            .output()
            .await?;
        let server = match (self.postmaster.and_then(cluster_cpu), server_before) {
            (Some(after), Some(before)) => Some(after.saturating_sub(before)),
            _ => None,
        };
        let out = String::from_utf8_lossy(&run.stdout);
        if !run.status.success() {
            bail!("pgbench failed: {}", String::from_utf8_lossy(&run.stderr));
        }
        // "tps = 1234.5 (without initial connection time)"; "latency average = 6.1 ms".
        let figure = |head: &str, at: usize| -> Option<f64> {
            out.lines()
                .find(|l| l.starts_with(head))
                .and_then(|l| l.split_whitespace().nth(at))
                .and_then(|x| x.parse().ok())
        };
        let Some(tps) = figure("tps = ", 2) else {
            bail!("pgbench said no tps: {out}");
        };
        let mut lat = read_pgbench_logs(logs)?;
        lat.sort_unstable();
        Ok(PgbenchRound {
            tps,
            latency_avg_ms: figure("latency average = ", 3).unwrap_or(f64::NAN),
            p50_ms: ms(percentile(&lat, 0.5)),
            p99_ms: ms(percentile(&lat, 0.99)),
            server_cpu_ms: server.map(|d| ms(d) / (tps * f64::from(secs)).max(1.0)),
        })
    }
}

/// Every transaction's latency from pgbench's per-transaction logs
/// (`client_id transaction_no time script_no time_epoch time_us`, `time` in µs).
fn read_pgbench_logs(dir: &Path) -> Result<Vec<Duration>> {
    let mut lat = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let text = std::fs::read_to_string(entry.path())?;
        lat.extend(text.lines().filter_map(|l| {
            let micros: u64 = l.split_whitespace().nth(2)?.parse().ok()?;
            Some(Duration::from_micros(micros))
        }));
    }
    Ok(lat)
}

/// What a timed run of our clients did.
pub(crate) struct Timed {
    pub done: usize,
    pub secs: f64,
    /// Each request's latency, sorted.
    pub lat: Vec<Duration>,
    /// CPU of this process (the clients, and whatever else it runs: the queue's writer,
    /// an HTTP server) over the run.
    pub client_cpu: Duration,
    /// CPU of the whole embedded cluster over the run, when it is ours to see.
    pub server_cpu: Option<Duration>,
}

impl Timed {
    pub fn per_sec(&self) -> f64 {
        self.done as f64 / self.secs.max(f64::MIN_POSITIVE)
    }

    pub fn p50_ms(&self) -> f64 {
        ms(percentile(&self.lat, 0.5))
    }

    pub fn p99_ms(&self) -> f64 {
        ms(percentile(&self.lat, 0.99))
    }

    /// "CPU per request: this process 0.21 ms, server 0.35 ms" — where the cores went.
    pub fn cpu_line(&self) -> String {
        let per = |d: Duration| d.as_secs_f64() * 1000.0 / self.done.max(1) as f64;
        let share = |d: Duration| d.as_secs_f64() * 100.0 / self.secs.max(f64::MIN_POSITIVE);
        let mut s = format!(
            "CPU per order: this process {:.3} ms ({:.0}% of a core)",
            per(self.client_cpu),
            share(self.client_cpu)
        );
        if let Some(server) = self.server_cpu {
            s.push_str(&format!(
                ", server {:.3} ms ({:.0}% of a core)",
                per(server),
                share(server)
            ));
        }
        s
    }
}

/// `clients` tasks calling `one(i)` for i = 0, 1, 2 … (each index once) until `secs` have
/// passed or `limit` calls were made; each call's latency is measured around it.
pub(crate) async fn run_for<F, Fut>(
    setup: &Setup,
    clients: usize,
    secs: u32,
    limit: usize,
    one: F,
) -> Result<Timed>
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<()>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let postmaster = setup
        .target
        .cluster
        .as_ref()
        .and_then(|c| postmaster_pid(&c.pgdata()));
    let server_before = postmaster.and_then(cluster_cpu);
    let cpu_before = cpu_time();
    let started = Instant::now();
    let until = started + Duration::from_secs(u64::from(secs));
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (one, next) = (one.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            while Instant::now() < until {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= limit {
                    break;
                }
                let t = Instant::now();
                one(i).await?;
                lat.push(t.elapsed());
            }
            anyhow::Ok(lat)
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await??);
    }
    let secs = started.elapsed().as_secs_f64();
    let client_cpu = cpu_time().saturating_sub(cpu_before);
    let server_cpu = match (postmaster.and_then(cluster_cpu), server_before) {
        (Some(after), Some(before)) => Some(after.saturating_sub(before)),
        _ => None,
    };
    lat.sort_unstable();
    Ok(Timed {
        done: lat.len(),
        secs,
        lat,
        client_cpu,
        server_cpu,
    })
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median; NaN values (a missing figure) sort last and count like any other.
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// "pgbench (TPC-B-like, scale 10, 8 clients, 5 s): 1311 tps, latency avg 6.1 ms, p50 5.2 ms,
/// p99 19.0 ms".
pub(crate) fn pgbench_line(pg: &Pgbench, r: &PgbenchRound, clients: usize, secs: u32) -> String {
    let mut s = format!(
        "pgbench (TPC-B-like, scale {}, {clients} clients, {secs} s): {:.0} tps; latency average {:.2} ms, p50 {:.2} ms, p99 {:.2} ms",
        pg.scale, r.tps, r.latency_avg_ms, r.p50_ms, r.p99_ms
    );
    if let Some(cpu) = r.server_cpu_ms {
        s.push_str(&format!("; server CPU {cpu:.3} ms per transaction"));
    }
    s
}
