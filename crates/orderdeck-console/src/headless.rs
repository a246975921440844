//! Consoles without a terminal, many in one process, for `orderdeck bench stations` and
//! its test: each is the real [`App`] state, the real [`Runner`] running its effects
//! against a pool of its own, and the real drawing path into a [`TestBackend`], fed by the
//! same messages as the terminal loop (200 ms ticks, change notifications, results). They
//! share one change listener, as the consoles of one process would: its events are fanned
//! out to every console.
//!
//! What is measured: when each console first drew a frame whose list held an order the
//! caller says was committed (commit → visible), how many list, detail and dashboard
//! fetches each console ran, and how many changes were announced.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;

use orderdeck_store::listen::DbEvent;
use orderdeck_tui::app::{App, Effect, Identity, Msg};
use orderdeck_tui::keymap::Keymap;
use orderdeck_tui::panes::{ListKind, PaneId, pane_of};
use orderdeck_tui::render;
use orderdeck_tui::theme::Theme;

use crate::runner::Runner;

/// What a station watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Station {
    /// The Orders pane: a new order should appear there.
    Orders,
    /// Shipments → To ship: a packed order should appear there.
    ToShip,
}

impl Station {
    fn list(self) -> ListKind {
        match self {
            Station::Orders => ListKind::Orders,
            Station::ToShip => ListKind::ToShip,
        }
    }
}

/// How to run the consoles.
#[derive(Debug, Clone)]
pub struct FleetOptions {
    pub stations: Vec<Station>,
    /// Connections each console's pool may open (the real console's is its own process's).
    pub pool_size: u32,
    /// The terminal each console draws into.
    pub width: u16,
    pub height: u16,
    pub offset: chrono::FixedOffset,
    /// Consoles asking for the same window after the same change share one read
    /// ([`crate::shared_reads`]); for this database in this process, once on.
    pub share_reads: bool,
}

/// Fetches one console asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Queries {
    pub lists: u64,
    pub details: u64,
    pub dashboards: u64,
}

impl Queries {
    pub fn total(&self) -> u64 {
        self.lists + self.details + self.dashboards
    }
}

/// What one console saw, when it stopped.
#[derive(Debug, Clone)]
pub struct ConsoleFigures {
    pub station: Station,
    pub queries: Queries,
    pub frames: u64,
    /// Change events this console took (the fan-out's, less any it fell behind on).
    pub changes: u64,
    /// Events it missed by falling behind the fan-out (each then read as "anything changed").
    pub lagged: u64,
    /// When each order number first stood in the watched list of a drawn frame.
    pub first_seen: HashMap<String, Instant>,
}

/// Commit → visible, over every (order, console) pair of one station kind.
#[derive(Debug, Clone, Default)]
pub struct Visibility {
    /// Sorted delays of the pairs seen.
    pub delays: Vec<Duration>,
    /// Pairs never seen before the consoles stopped.
    pub unseen: usize,
}

impl Visibility {
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        if self.delays.is_empty() {
            return None;
        }
        let idx = ((self.delays.len() as f64 - 1.0) * p).round() as usize;
        self.delays.get(idx.min(self.delays.len() - 1)).copied()
    }
}

/// Everything the fleet measured.
#[derive(Debug, Clone)]
pub struct FleetReport {
    pub consoles: Vec<ConsoleFigures>,
    /// Change events the shared listener heard.
    pub changes: u64,
    /// List reads sent to the server when the consoles shared them (else each list
    /// fetch is one).
    pub reads_sent: Option<u64>,
    pub orders: Visibility,
    pub to_ship: Visibility,
}

/// Orders the caller committed, by station kind: number → when its commit returned.
#[derive(Default)]
struct Commits {
    orders: HashMap<String, Instant>,
    to_ship: HashMap<String, Instant>,
}

/// The running consoles.
pub struct Fleet {
    commits: Arc<Mutex<Commits>>,
    consoles: Vec<JoinHandle<ConsoleFigures>>,
    listener: JoinHandle<()>,
    fanout: JoinHandle<()>,
    changes: Arc<AtomicU64>,
    stop: watch::Sender<bool>,
    pools: Vec<PgPool>,
    ready: watch::Receiver<usize>,
    /// The database whose reads the consoles share, if they do.
    shared: Option<String>,
}

fn new_app(station: Station, offset: chrono::FixedOffset) -> anyhow::Result<App> {
    let theme = Theme::load("default", None).map_err(anyhow::Error::msg)?;
    let identity = Identity {
        mode: "bench".into(),
        operator: "station".into(),
        role: orderdeck_domain::access::Role::Admin,
    };
    let mut app = App::new(pane_of, Keymap::default(), theme, vec![], identity, offset);
    if station == Station::ToShip {
        app.pane = PaneId::Shipments;
        // The To ship list has the keyboard, as after Tab from Shipments.
        app.catalog_focus = PaneId::Shipments
            .lists()
            .iter()
            .position(|k| *k == ListKind::ToShip)
            .unwrap_or(0);
    }
    Ok(app)
}

impl Fleet {
    /// Opens a pool per console and one listener for all, and starts the consoles.
    pub async fn start(
        options: PgConnectOptions,
        listen_options: PgConnectOptions,
        fleet: FleetOptions,
    ) -> anyhow::Result<Fleet> {
        let database_name = options.get_database().unwrap_or_default().to_string();
        let database = database_name.clone();
        if fleet.share_reads {
            crate::shared_reads::share(&database);
        }
        let (db_tx, mut db_rx) = mpsc::unbounded_channel::<DbEvent>();
        let listener = tokio::spawn(orderdeck_store::listen::run_reviving(
            listen_options,
            db_tx,
            None,
        ));
        // Room for a few seconds of a busy shop's changes; a console further behind reads
        // everything again, as after a reconnect.
        let (fan_tx, _) = broadcast::channel::<DbEvent>(8192);
        let changes = Arc::new(AtomicU64::new(0));
        let mut receivers = Vec::with_capacity(fleet.stations.len());
        for _ in &fleet.stations {
            receivers.push(fan_tx.subscribe());
        }
        let fanout = {
            let changes = changes.clone();
            tokio::spawn(async move {
                while let Some(ev) = db_rx.recv().await {
                    // Told before any console hears it, so a shared read is never taken
                    // for fresh after the change it may have missed.
                    match &ev {
                        DbEvent::Changed(c) => {
                            changes.fetch_add(1, Ordering::Relaxed);
                            crate::shared_reads::heard(&database, Some(&c.table));
                        }
                        _ => crate::shared_reads::heard(&database, None),
                    }
                    // No console left: nothing to do.
                    if fan_tx.send(ev).is_err() {
                        return;
                    }
                }
            })
        };
        let (stop, stop_rx) = watch::channel(false);
        let (ready_tx, ready) = watch::channel(0usize);
        let ready_tx = Arc::new(ready_tx);
        let commits = Arc::new(Mutex::new(Commits::default()));
        let mut pools = Vec::with_capacity(fleet.stations.len());
        let mut consoles = Vec::with_capacity(fleet.stations.len());
        for (station, db_rx) in fleet.stations.iter().copied().zip(receivers) {
            let pool = orderdeck_store::pool(options.clone(), fleet.pool_size).await?;
            pools.push(pool.clone());
            let app = new_app(station, fleet.offset)?;
            let terminal = Terminal::new(TestBackend::new(fleet.width, fleet.height))?;
            let (tx, rx) = mpsc::unbounded_channel::<Msg>();
            let runner = Runner {
                pool,
                tx,
                offset: fleet.offset,
                operator: app.identity.operator.clone(),
                services: None,
            };
            let console = Console {
                station,
                app,
                runner,
                rx,
                db_rx,
                terminal,
                figures: ConsoleFigures {
                    station,
                    queries: Queries::default(),
                    frames: 0,
                    changes: 0,
                    lagged: 0,
                    first_seen: HashMap::new(),
                },
                ready: Some(ready_tx.clone()),
            };
            consoles.push(tokio::spawn(console.run(stop_rx.clone())));
        }
        Ok(Fleet {
            commits,
            consoles,
            listener,
            fanout,
            changes,
            stop,
            pools,
            ready,
            shared: fleet.share_reads.then_some(database_name),
        })
    }

    /// Waits until every console has its list loaded and has heard the listener connect.
    pub async fn ready(&mut self, limit: Duration) -> anyhow::Result<()> {
        let want = self.consoles.len();
        tokio::time::timeout(limit, self.ready.wait_for(|n| *n >= want))
            .await
            .map_err(|_| anyhow::anyhow!("the consoles were not all showing their lists in time"))?
            .map_err(|_| anyhow::anyhow!("a console stopped before it was ready"))?;
        Ok(())
    }

    /// An order's commit returned at `at`: stations of `station`'s kind should show it.
    pub fn committed(&self, station: Station, number: &str, at: Instant) {
        if let Ok(mut c) = self.commits.lock() {
            let map = match station {
                Station::Orders => &mut c.orders,
                Station::ToShip => &mut c.to_ship,
            };
            map.insert(number.to_string(), at);
        }
    }

    /// The connections the consoles' pools hold now (the listener's is one more).
    pub fn connections(&self) -> u32 {
        self.pools.iter().map(|p| p.size()).sum()
    }

    /// Stops the consoles and works out the figures.
    pub async fn stop(self) -> anyhow::Result<FleetReport> {
        // Every console may be gone already; then there is nothing to tell.
        let _ = self.stop.send(true);
        let mut consoles = Vec::with_capacity(self.consoles.len());
        for c in self.consoles {
            consoles.push(c.await?);
        }
        self.listener.abort();
        self.fanout.abort();
        for p in &self.pools {
            p.close().await;
        }
        let commits = match self.commits.lock() {
            Ok(mut c) => std::mem::take(&mut *c),
            Err(_) => anyhow::bail!("the commit log was poisoned by a panic"),
        };
        let visibility = |station: Station, committed: &HashMap<String, Instant>| {
            let mut v = Visibility::default();
            for c in consoles.iter().filter(|c| c.station == station) {
                for (number, at) in committed {
                    match c.first_seen.get(number) {
                        // Seen before the committer heard its commit return: no delay.
                        Some(seen) => v.delays.push(seen.saturating_duration_since(*at)),
                        None => v.unseen += 1,
                    }
                }
            }
            v.delays.sort_unstable();
            v
        };
        let orders = visibility(Station::Orders, &commits.orders);
        let to_ship = visibility(Station::ToShip, &commits.to_ship);
        Ok(FleetReport {
            consoles,
            changes: self.changes.load(Ordering::Relaxed),
            reads_sent: self
                .shared
                .as_deref()
                .and_then(crate::shared_reads::reads_sent),
            orders,
            to_ship,
        })
    }
}

/// One headless console: the terminal loop of `crate::run` without the terminal.
struct Console {
    station: Station,
    app: App,
    runner: Runner,
    rx: mpsc::UnboundedReceiver<Msg>,
    db_rx: broadcast::Receiver<DbEvent>,
    terminal: Terminal<TestBackend>,
    figures: ConsoleFigures,
    /// Told once, when the list is first loaded and the listener heard.
    ready: Option<Arc<watch::Sender<usize>>>,
}

impl Console {
    async fn run(mut self, mut stop: watch::Receiver<bool>) -> ConsoleFigures {
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let fx = self.app.start();
        self.effects(fx);
        self.draw();
        loop {
            let ev = tokio::select! {
                Some(m) = self.rx.recv() => Some(Ok(m)),
                ev = self.db_rx.recv() => Some(Err(ev)),
                _ = tick.tick() => Some(Ok(Msg::Tick)),
                _ = stop.changed() => None,
            };
            let first = match ev {
                None => break,
                Some(Ok(m)) => Some(m),
                // The fan-out is gone only when the fleet stops.
                Some(Err(Err(broadcast::error::RecvError::Closed))) => break,
                Some(Err(ev)) => self.event(ev),
            };
            if let Some(msg) = first {
                let tick = matches!(msg, Msg::Tick);
                self.update(msg);
                // A station watching the order queue keeps to its newest rows, as its
                // operator does (Home): the cursor otherwise stays on the order it was on
                // while new ones pile up above it, out of the window.
                if tick && self.station == Station::Orders {
                    self.update(Msg::Key(KeyEvent::new(KeyCode::Home, KeyModifiers::NONE)));
                }
            }
            // Take everything else already waiting, then draw once.
            while let Ok(m) = self.rx.try_recv() {
                self.update(m);
            }
            loop {
                match self.db_rx.try_recv() {
                    Ok(ev) => {
                        let msg = self.event(Ok(ev));
                        if let Some(m) = msg {
                            self.update(m);
                        }
                    }
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        if let Some(m) = self.event(Err(broadcast::error::RecvError::Lagged(n))) {
                            self.update(m);
                        }
                    }
                    Err(_) => break,
                }
            }
            self.draw();
        }
        self.figures
    }

    /// A fan-out event as the console's message. Fallen behind: anything may have
    /// changed, as after a reconnect.
    fn event(&mut self, ev: Result<DbEvent, broadcast::error::RecvError>) -> Option<Msg> {
        match ev {
            Ok(ev) => {
                if matches!(ev, DbEvent::Changed(_)) {
                    self.figures.changes += 1;
                }
                Some(Msg::Db(ev))
            }
            Err(broadcast::error::RecvError::Lagged(n)) => {
                self.figures.lagged += n;
                Some(Msg::Db(DbEvent::Connected))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    fn update(&mut self, msg: Msg) {
        let fx = self.app.update(msg);
        self.effects(fx);
    }

    fn effects(&mut self, fx: Vec<Effect>) {
        for e in &fx {
            match e {
                Effect::FetchList { .. } => self.figures.queries.lists += 1,
                Effect::FetchDetail { .. } => self.figures.queries.details += 1,
                Effect::FetchDashboard => self.figures.queries.dashboards += 1,
                _ => {}
            }
        }
        self.runner.run(fx, self.app.now);
    }

    /// Draws a frame, then notes which orders the watched list held in it.
    fn draw(&mut self) {
        // A TestBackend cannot fail to draw; a frame lost would only delay a sighting.
        if self
            .terminal
            .draw(|f| render::draw(f, &mut self.app))
            .is_err()
        {
            return;
        }
        self.figures.frames += 1;
        let now = Instant::now();
        let list = self.app.list(self.station.list());
        for row in &list.pager.rows {
            if let Some(number) = row.cells.first().map(|c| &c.text)
                && !self.figures.first_seen.contains_key(number)
            {
                self.figures.first_seen.insert(number.clone(), now);
            }
        }
        if let Some(ready) = &self.ready
            && list.pager.loaded
            && self.app.listening
        {
            ready.send_modify(|n| *n += 1);
            self.ready = None;
        }
    }
}
