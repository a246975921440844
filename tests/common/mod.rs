//! Test harness: a real PostgreSQL for every test, each test with a database of its own.
//!
//! With `DATABASE_URL` set, test databases are created on that server. Otherwise a
//! private cluster is started in `target/tmp/pg` with the same code as the embedded
//! default (and reused by every test binary; `.ci/run` stops it at the end).

#![allow(dead_code)]

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use orderdeck_store::{self as store, embedded::Cluster};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgPool};

static SERVER: OnceLock<PgConnectOptions> = OnceLock::new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn test_cluster_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pg")
}

/// Connection options for the test server's maintenance database.
pub fn server() -> PgConnectOptions {
    SERVER
        .get_or_init(|| match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => {
                PgConnectOptions::from_str(&url).expect("DATABASE_URL is not a valid URL")
            }
            _ => {
                let mut cluster = Cluster::new(&test_cluster_dir()).expect("test cluster");
                cluster.durable = false;
                cluster.ensure_running().expect("start the test PostgreSQL");
                PgConnectOptions::from_str(&cluster.url_for("postgres")).expect("cluster url")
            }
        })
        .clone()
}

/// A fresh, migrated database for one test.
pub struct TestDb {
    pub pool: PgPool,
    pub options: PgConnectOptions,
    pub name: String,
}

impl TestDb {
    pub fn url(&self) -> String {
        // PgConnectOptions has no to-URL; build one that both psql and sqlx accept.
        let o = &self.options;
        let host = o
            .get_socket()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| o.get_host().to_string());
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => {
                let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
                format!("{base}/{}", self.name)
            }
            _ => format!(
                "postgresql://{}@localhost:{}/{}?host={host}",
                o.get_username(),
                o.get_port(),
                self.name
            ),
        }
    }
}

/// Drops the databases that earlier test processes left behind on the private cluster.
///
/// Every test gets a database of its own (about 10 MB) and nothing drops it when the test
/// ends, so a few runs of the suite would fill the disk. The name carries the process id, so
/// once per test binary we drop those whose process is gone; databases of a binary running
/// beside us (nextest) are left alone. Not done on a `DATABASE_URL` server, which other
/// machines may share.
async fn sweep_dead_test_databases() {
    if std::env::var("DATABASE_URL").is_ok_and(|url| !url.is_empty()) {
        return;
    }
    let Ok(mut admin) = sqlx::PgConnection::connect_with(&server()).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 'od_test_%'")
            .fetch_all(&mut admin)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name
            .strip_prefix("od_test_")
            .and_then(|rest| rest.split('_').next())
            .and_then(|pid| pid.parse::<i32>().ok());
        let Some(pid) = pid else { continue };
        if process_alive(pid) {
            continue;
        }
        let sql = format!("drop database if exists \"{name}\" with (force)");
        let _ = sqlx::query(&sql).execute(&mut admin).await;
    }
    // Logins made by the roles tests (t_<role>_<pid>_<n>, t_made_<pid>) are the server's,
    // not a database's: dropped the same way.
    let logins: Vec<String> =
        sqlx::query_scalar("select rolname::text from pg_roles where rolname ~ '^t_[a-z]+_[0-9]+'")
            .fetch_all(&mut admin)
            .await
            .unwrap_or_default();
    for login in logins {
        let pid = login.split('_').nth(2).and_then(|p| p.parse::<i32>().ok());
        let Some(pid) = pid else { continue };
        if process_alive(pid) {
            continue;
        }
        let _ = sqlx::query(&format!("drop role if exists \"{login}\""))
            .execute(&mut admin)
            .await;
    }
    let _ = admin.close().await;
}

fn process_alive(pid: i32) -> bool {
    // Signal 0 checks for the process without touching it; EPERM still means it exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

pub async fn fresh_db() -> TestDb {
    SWEPT.get_or_init(sweep_dead_test_databases).await;
    let template = TEMPLATE.get_or_init(migrated_template).await;
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!("od_test_{}_{}_{}", std::process::id(), n, rand_suffix());
    let options = server().database(&name);
    create_from_template(&name, template).await;
    let pool = store::pool(options.clone(), 5)
        .await
        .expect("connect test database");
    TestDb {
        pool,
        options,
        name,
    }
}

static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// Advisory lock key under which one test process builds the template ("odtmpl").
const TEMPLATE_LOCK: i64 = 0x6f64_746d_706c;

/// The name of the migrated template for this set of migrations: a new migration (or an
/// edited one) makes a new template, never a stale one.
fn template_name() -> String {
    // FNV-1a over every migration's version and checksum.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for m in store::MIGRATOR.iter() {
        for b in m.version.to_le_bytes().iter().chain(m.checksum.iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("od_template_{h:016x}")
}

/// Migrates a template database once, for every test of every test process that runs
/// against this server: each test's database is then a copy (`create database … template`),
/// which takes a fraction of running every migration again. Built under a new name and
/// renamed when complete, so nobody copies a half-migrated template; older templates are
/// dropped.
async fn migrated_template() -> String {
    let name = template_name();
    let mut admin = sqlx::PgConnection::connect_with(&server())
        .await
        .expect("connect the test server");
    sqlx::query("select pg_advisory_lock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut admin)
        .await
        .expect("template lock");
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await
            .expect("look for the template");
    if !exists {
        let building = format!("{name}_building_{}", std::process::id());
        let drop = format!("drop database if exists \"{building}\" with (force)");
        sqlx::query(&drop)
            .execute(&mut admin)
            .await
            .expect("drop a half-built template");
        let options = server().database(&building);
        store::ensure_database(&options)
            .await
            .expect("create the template");
        let pool = store::pool(options, 2).await.expect("connect the template");
        store::migrate(&pool).await.expect("migrate the template");
        pool.close().await;
        let rename = format!("alter database \"{building}\" rename to \"{name}\"");
        sqlx::query(&rename)
            .execute(&mut admin)
            .await
            .expect("name the template");
        let old: Vec<String> = sqlx::query_scalar(
            "select datname from pg_database where datname like 'od_template_%' and datname <> $1",
        )
        .bind(&name)
        .fetch_all(&mut admin)
        .await
        .unwrap_or_default();
        for db in old {
            // A template another run is still copying from stays; it goes next time.
            let _ = sqlx::query(&format!("drop database if exists \"{db}\""))
                .execute(&mut admin)
                .await;
        }
    }
    let _ = admin.close().await;
    name
}

/// `create database NAME template TEMPLATE`, again for a moment while another process
/// happens to be connected to the template (only while building it).
async fn create_from_template(name: &str, template: &str) {
    let mut admin = sqlx::PgConnection::connect_with(&server())
        .await
        .expect("connect the test server");
    let sql = format!("create database \"{name}\" template \"{template}\"");
    let mut tries = 0;
    loop {
        match sqlx::query(&sql).execute(&mut admin).await {
            Ok(_) => break,
            // 55006: the source database is being accessed by other users.
            Err(e)
                if tries < 50
                    && e.as_database_error()
                        .and_then(|d| d.code())
                        .is_some_and(|c| c == "55006") =>
            {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("create test database {name} from {template}: {e}"),
        }
    }
    let _ = admin.close().await;
}

fn rand_suffix() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    nanos % 100_000
}

/// Waits until `check` holds, polling; fails the test after `limit` with `what`.
pub async fn eventually<F: FnMut() -> bool>(limit: Duration, what: &str, mut check: F) {
    let start = Instant::now();
    while !check() {
        if start.elapsed() > limit {
            panic!("timed out after {limit:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

use orderdeck_console::runner::Runner;
use orderdeck_store::listen::DbEvent;
use orderdeck_tui::app::{App, Identity, Msg};
use orderdeck_tui::keymap::Keymap;
use orderdeck_tui::theme::Theme;
use tokio::sync::mpsc;

/// A console without a terminal: the real app state, effect runner and listener.
pub struct Live {
    pub app: App,
    rx: mpsc::UnboundedReceiver<Msg>,
    db_rx: mpsc::UnboundedReceiver<DbEvent>,
    runner: Runner,
    listener: tokio::task::JoinHandle<()>,
}

pub fn new_app(theme: &str) -> App {
    let theme = Theme::load(theme, None).expect("theme");
    let identity = Identity {
        mode: "embedded".into(),
        operator: "tester".into(),
        role: orderdeck_domain::access::Role::Admin,
    };
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("offset");
    App::new(
        orderdeck_tui::panes::pane_of,
        Keymap::default(),
        theme,
        vec![
            "default".into(),
            "light".into(),
            "high-contrast".into(),
            "mono".into(),
        ],
        identity,
        offset,
    )
}

impl Live {
    pub fn start(pool: &PgPool, options: PgConnectOptions, app: App) -> Live {
        Live::start_with(pool, options, app, None)
    }

    /// A console whose jobs can call out (carriers, invoice providers, mail).
    pub fn start_with(
        pool: &PgPool,
        options: PgConnectOptions,
        app: App,
        services: Option<std::sync::Arc<orderdeck_console::services::Services>>,
    ) -> Live {
        Live::start_on(pool, options, app, services, None)
    }

    /// A console on an embedded cluster, which (as the real console does) starts the
    /// cluster again when it finds it dead.
    pub fn start_on(
        pool: &PgPool,
        options: PgConnectOptions,
        app: App,
        services: Option<std::sync::Arc<orderdeck_console::services::Services>>,
        cluster: Option<orderdeck_store::embedded::Cluster>,
    ) -> Live {
        let (tx, rx) = mpsc::unbounded_channel();
        let (db_tx, db_rx) = mpsc::unbounded_channel();
        let listener = tokio::spawn(orderdeck_store::listen::run_reviving(
            options, db_tx, cluster,
        ));
        let runner = Runner {
            pool: pool.clone(),
            tx,
            offset: app.offset,
            operator: app.identity.operator.clone(),
            services,
        };
        let mut live = Live {
            app,
            rx,
            db_rx,
            runner,
            listener,
        };
        let fx = live.app.start();
        live.runner.run(fx, live.app.now);
        live
    }

    pub fn run(&mut self, fx: Vec<orderdeck_tui::app::Effect>) {
        self.runner.run(fx, self.app.now);
    }

    pub fn send(&mut self, msg: Msg) {
        let fx = self.app.update(msg);
        self.runner.run(fx, self.app.now);
    }

    /// Runs the console's loop for at most `limit` or until `check` holds; says whether it
    /// held (for a test that shows the screen when it did not).
    pub async fn pump_a_while(&mut self, limit: Duration, check: impl Fn(&App) -> bool) -> bool {
        let start = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        while !check(&self.app) {
            if start.elapsed() > limit {
                return false;
            }
            let msg = tokio::select! {
                Some(m) = self.rx.recv() => m,
                Some(ev) = self.db_rx.recv() => Msg::Db(ev),
                _ = tick.tick() => Msg::Tick,
                _ = tokio::time::sleep(Duration::from_millis(50)) => continue,
            };
            self.send(msg);
        }
        true
    }

    /// Runs the console's loop (messages, database events, 200 ms ticks) until `check`
    /// holds; returns how long that took. Fails the test after `limit`.
    pub async fn pump_until(
        &mut self,
        limit: Duration,
        what: &str,
        check: impl Fn(&App) -> bool,
    ) -> Duration {
        let start = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        while !check(&self.app) {
            if start.elapsed() > limit {
                panic!("timed out after {limit:?} waiting for {what}");
            }
            let msg = tokio::select! {
                Some(m) = self.rx.recv() => m,
                Some(ev) = self.db_rx.recv() => Msg::Db(ev),
                _ = tick.tick() => Msg::Tick,
                _ = tokio::time::sleep(Duration::from_millis(50)) => continue,
            };
            self.send(msg);
        }
        start.elapsed()
    }
}

/// The console drawn into a 120×40 TestBackend, as text (one line per row).
pub fn screen(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| orderdeck_tui::render::draw(f, app))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

impl Drop for Live {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

// Fixtures for workflow tests.

use orderdeck_domain::intake::{Address, NewCustomer, NewLine, NewOrder};
use rust_decimal::Decimal;

/// Channels, two warehouses, and SKUs `S0..Sn` with the given stock in HN and HCM.
pub async fn catalog(pool: &PgPool, stock: &[(i32, i32)]) {
    sqlx::query("insert into sales_channels (code, kind, name) values ('website','website','Website'),('shopee','shopee','Shopee'),('manual','manual','Manual')")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("insert into warehouses (code, name) values ('HN', 'Kho Hà Nội'), ('HCM', 'Kho Hồ Chí Minh')").execute(pool).await.unwrap();
    let supplier: i64 = sqlx::query_scalar("insert into suppliers (name, lead_time_days) values ('Công ty CP Cung Ứng', 3) returning id").fetch_one(pool).await.unwrap();
    for (k, (hn, hcm)) in stock.iter().enumerate() {
        let p: i64 = sqlx::query_scalar(
            "insert into products (name, supplier_id) values ($1, $2) returning id",
        )
        .bind(format!("Sản phẩm {k}"))
        .bind(supplier)
        .fetch_one(pool)
        .await
        .unwrap();
        let v: i64 = sqlx::query_scalar("insert into variants (product_id, sku, barcode, sale_price, cost_price) values ($1, $2, $3, 100000, 60000) returning id")
            .bind(p)
            .bind(format!("S{k}"))
            .bind(format!("89300000000{k:02}"))
            .fetch_one(pool)
            .await
            .unwrap();
        let mut tx = pool.begin().await.unwrap();
        for (code, qty) in [("HN", *hn), ("HCM", *hcm)] {
            let w: i64 = sqlx::query_scalar("select id from warehouses where code = $1")
                .bind(code)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            if qty > 0 {
                post_move(&mut tx, v, w, qty, "opening").await;
            }
        }
        tx.commit().await.unwrap();
    }
}

/// Posts a stock move of `qty` on one stock row (kind: opening, receipt, adjustment …),
/// in the caller's transaction.
pub async fn post_move(
    tx: &mut sqlx::PgConnection,
    variant: i64,
    warehouse: i64,
    qty: i32,
    kind: &str,
) {
    let m = orderdeck_store::stock::Move {
        variant_id: variant,
        warehouse_id: warehouse,
        qty,
        kind,
        reason: "test",
        actor: "test",
        reference: None,
    };
    orderdeck_store::stock::post_move(tx, &m).await.unwrap();
}

pub fn order(external: &str, lines: &[(&str, i32)]) -> NewOrder {
    NewOrder {
        channel: "website".into(),
        external_id: Some(external.into()),
        source: None,
        customer: NewCustomer {
            masked: false,
            name: "Trần Thị Bình".into(),
            phone: "0912345678".into(),
            email: String::new(),
        },
        shipping_address: Address {
            line1: "1 Lê Lợi".into(),
            ward: "Bến Nghé".into(),
            district: "Quận 1".into(),
            province: "TP. Hồ Chí Minh".into(),
        },
        payment: "cod".into(),
        shipping_fee: Decimal::from(30000),
        discount: Decimal::ZERO,
        note: None,
        wants_invoice: false,
        warehouse: None,
        lines: lines
            .iter()
            .map(|(sku, qty)| NewLine {
                sku: sku.to_string(),
                qty: *qty,
                unit_price: None,
                discount: Decimal::ZERO,
            })
            .collect(),
    }
}

/// on hand = ledger, reserved = reservations, 0 <= reserved <= on hand; order states
/// agree with their reservations.
pub async fn assert_invariants(pool: &PgPool) {
    let bad: Vec<(i64, i64, i32, i32, i64, i64)> = sqlx::query_as(
        "select s.variant_id, s.warehouse_id, s.on_hand, s.reserved,
                coalesce((select sum(qty) from stock_moves m where m.variant_id = s.variant_id and m.warehouse_id = s.warehouse_id), 0)::bigint,
                coalesce((select sum(qty) from reservations r where r.variant_id = s.variant_id and r.warehouse_id = s.warehouse_id), 0)::bigint
         from stock_levels s",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .filter(|(_, _, on_hand, reserved, ledger, resv)| i64::from(*on_hand) != *ledger || i64::from(*reserved) != *resv || *reserved < 0 || reserved > on_hand)
    .collect();
    assert!(
        bad.is_empty(),
        "stock drift (variant, warehouse, on_hand, reserved, ledger, reservations): {bad:?}"
    );
    let wrong: Vec<(String, String, i64)> = sqlx::query_as(
        "select o.number, o.status, sum(l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0))::bigint as short
         from orders o join order_lines l on l.order_id = o.id group by o.id
         having (o.status in ('reserved', 'packing', 'packed') and sum(l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0)) <> 0)
             or (o.status = 'backordered' and sum(l.qty - coalesce((select sum(r.qty) from reservations r where r.order_line_id = l.id), 0)) = 0)
             or (o.status = 'cancelled' and exists (select 1 from reservations r join order_lines x on x.id = r.order_line_id where x.order_id = o.id))",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(
        wrong.is_empty(),
        "orders whose state disagrees with their reservations: {wrong:?}"
    );
}

// A cluster of a test's own, for tests that stop, crash or restart the server.

/// Starts a private cluster in `dir` (durable as in production, or not) and makes its
/// database; returns the cluster and how to connect.
pub async fn own_cluster(
    dir: &std::path::Path,
    durable: bool,
) -> (orderdeck_store::embedded::Cluster, PgConnectOptions) {
    let mut cluster = orderdeck_store::embedded::Cluster::new(dir).unwrap();
    cluster.durable = durable;
    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.ensure_running())
        .await
        .unwrap()
        .unwrap();
    let options: PgConnectOptions = cluster.url().parse().unwrap();
    orderdeck_store::ensure_database(&options).await.unwrap();
    (cluster, options)
}

/// The postmaster dies hard, as in an OOM kill.
pub fn kill_postmaster(cluster: &orderdeck_store::embedded::Cluster) {
    let pid_file = std::fs::read_to_string(cluster.pgdata().join("postmaster.pid")).unwrap();
    let pid: i32 = pid_file.lines().next().unwrap().trim().parse().unwrap();
    // SAFETY: signalling a process id read from the server's own pid file.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

/// After a crash: every order whose intake was answered has its one line, and no order
/// lacks its lines or its timeline.
pub async fn assert_orders_whole(pool: &PgPool, answered: &[String]) {
    for number in answered {
        let lines: i64 = sqlx::query_scalar(
            "select count(*) from order_lines l join orders o on o.id = l.order_id where o.number = $1",
        )
        .bind(number)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(lines, 1, "{number} was answered but is not whole");
    }
    let headless: i64 = sqlx::query_scalar(
        "select count(*) from orders o where not exists (select 1 from order_lines l where l.order_id = o.id)
            or not exists (select 1 from order_events e where e.order_id = o.id)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(headless, 0, "an order without its lines or its timeline");
}

/// A console's outside world for a test: these carriers and e-invoice providers (the
/// simulator's, or none), labels and invoice PDFs written under `exports`.
pub fn services(
    config: orderdeck_app::config::Config,
    carriers: &orderdeck_integrations::carrier::CarriersConfig,
    invoices: &orderdeck_integrations::invoice_provider::InvoiceProvidersConfig,
    exports: &std::path::Path,
) -> std::sync::Arc<orderdeck_console::services::Services> {
    std::sync::Arc::new(orderdeck_console::services::Services {
        chat: orderdeck_app::assistant::senders::Senders::from_config(&config.assistant).0,
        config: std::sync::Arc::new(config),
        carriers: std::sync::Arc::new(
            orderdeck_integrations::carriers::Carriers::new(carriers).expect("carriers"),
        ),
        invoices: std::sync::Arc::new(
            orderdeck_integrations::invoice_providers::InvoiceProviders::new(invoices)
                .expect("invoice providers"),
        ),
        places: orderdeck_app::carrier_places::Places::new(),
        labels_dir: exports.join("labels"),
        exports_dir: exports.join("invoices"),
    })
}

/// A drawn screen as text, one line per row, trailing blanks cut.
pub fn text_of(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A simulator on a free loopback port whose random draws are fixed by `seed`, so a test
/// sees the same shops, stock and orders on every run.
pub async fn seeded_sim(seed: u64) -> orderdeck_sim::SimHandle {
    orderdeck_sim::start(
        "127.0.0.1:0".parse().unwrap(),
        orderdeck_sim::SimOptions {
            seed,
            ..orderdeck_sim::SimOptions::default()
        },
    )
    .await
    .unwrap()
}
