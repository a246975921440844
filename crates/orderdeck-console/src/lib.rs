//! The console's running half: the terminal loop, and the effects the console asks for
//! (page fetches, jobs, order look-ups) run as tasks against the app layer and the store,
//! their results sent back as messages. `orderdeck-tui` is the other half — state, keys and
//! drawing — and never touches the database.

pub mod cancel;
pub mod fulfil;
pub mod headless;
pub mod inbox;
pub mod invoice;
pub mod jobs;
#[cfg(test)]
mod keys_tests;
pub mod lists;
pub mod many;
pub mod runner;
pub mod services;
pub mod shared_reads;
pub mod ship;
pub mod shops;
pub mod state;
pub mod station;
pub mod words;

use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tokio::sync::mpsc;

use orderdeck_tui::app::{App, Msg};
use orderdeck_tui::render;
use runner::Runner;

/// Everything the console needs to start.
pub struct Console {
    pub app: App,
    pub pool: PgPool,
    pub listen_options: PgConnectOptions,
    pub services: Option<std::sync::Arc<services::Services>>,
    /// The embedded cluster the console runs on, started again if it crashes.
    pub cluster: Option<orderdeck_store::embedded::Cluster>,
    /// Where the lists' sorts are remembered (`state::path_in`); `None`: not remembered.
    pub state_file: Option<std::path::PathBuf>,
}

/// Runs the console until the user quits (or SIGTERM/SIGHUP/SIGINT/SIGQUIT). The terminal is restored
/// on every way out, panics included (ratatui's init installs that hook).
pub async fn run(console: Console) -> anyhow::Result<()> {
    let Console {
        mut app,
        pool,
        listen_options,
        services,
        cluster,
        state_file,
    } = console;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let (db_tx, mut db_rx) = mpsc::unbounded_channel();
    let listener = tokio::spawn(orderdeck_store::listen::run_reviving(
        listen_options,
        db_tx,
        cluster,
    ));
    let runner = Runner {
        pool,
        tx: tx.clone(),
        offset: app.offset,
        operator: app.identity.operator.clone(),
        services,
    };

    let mut settings = Settings::from(runner.services.as_deref());
    settings.state_file = state_file;
    let mut terminal = ratatui::init();
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste).ok();
    if settings.mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture).ok();
        // A panic restores the terminal (ratatui's hook); the mouse must be let go too,
        // or the shell gets the mouse's escape codes afterwards.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture).ok();
            previous(info);
        }));
    }
    let result = event_loop(
        &mut terminal,
        &mut app,
        &runner,
        &mut rx,
        &mut db_rx,
        &settings,
    )
    .await;
    if settings.mouse {
        crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture).ok();
    }
    crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste).ok();
    ratatui::restore();
    listener.abort();
    result
}

/// The terminal loop's own settings, from the config's `[console]`.
struct Settings {
    mouse: bool,
    bell: bool,
    scanner: orderdeck_tui::scanner::ScannerSettings,
    state_file: Option<std::path::PathBuf>,
}

impl Settings {
    fn from(services: Option<&services::Services>) -> Self {
        let default = orderdeck_app::config::ConsoleConfig::default();
        let c = services.map_or(&default, |s| &s.config.console);
        let mut scanner = orderdeck_tui::scanner::ScannerSettings::default();
        if let Some(ms) = c.scan_gap_ms {
            scanner.max_gap = Duration::from_millis(ms.clamp(5, 500));
        }
        if let Some(n) = c.scan_min_length {
            scanner.min_len = n.max(2);
        }
        scanner.prefix = c.scan_prefix;
        scanner.suffix = c.scan_suffix;
        Self {
            mouse: c.mouse(),
            bell: c.bell(),
            scanner,
            state_file: None,
        }
    }
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    runner: &Runner,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    db_rx: &mut mpsc::UnboundedReceiver<orderdeck_store::listen::DbEvent>,
    settings: &Settings,
) -> anyhow::Result<()> {
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    // `kill -INT` / `kill -QUIT` (raw mode makes Ctrl-C a key, but a signal can still come
    // from outside): leave as on quit, so the terminal is restored, not left in the
    // alternate screen with a hidden cursor.
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    let mut quit = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::quit())?;

    let fx = app.start();
    runner.run(fx, app.now);
    terminal.draw(|f| render::draw(f, app))?;
    let mut burst = orderdeck_tui::scanner::Burst::new(settings.scanner.clone());
    loop {
        let held_until = burst.deadline();
        let mut msgs: Vec<Msg> = Vec::new();
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => {
                    // In a list a scanner's burst is a lookup, not keys; where keys are
                    // typing (forms, the stations) they go straight through.
                    let press = k.kind == crossterm::event::KeyEventKind::Press;
                    if app.reads_scans() && press && !app.opens_input(&k) {
                        let fed = burst.feed(k, std::time::Instant::now());
                        msgs.extend(fed.into_iter().flat_map(from_fed));
                    } else {
                        msgs.extend(burst.release().into_iter().flat_map(from_fed));
                        msgs.push(Msg::Key(k));
                    }
                }
                Some(Ok(Event::Mouse(m))) => msgs.push(Msg::Mouse(m)),
                Some(Ok(Event::Resize(_, _))) => msgs.push(Msg::Resize),
                Some(Ok(Event::Paste(text))) => {
                    let fx = app.on_paste(&text);
                    runner.run(fx, app.now);
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            _ = sleep_until(held_until), if held_until.is_some() => {
                msgs.extend(burst.expire(std::time::Instant::now()).into_iter().flat_map(from_fed));
            }
            Some(m) = rx.recv() => msgs.push(m),
            Some(ev) = db_rx.recv() => msgs.push(Msg::Db(ev)),
            _ = tick.tick() => msgs.push(Msg::Tick),
            _ = term.recv() => return Ok(()),
            _ = hup.recv() => return Ok(()),
            _ = int.recv() => return Ok(()),
            _ = quit.recv() => return Ok(()),
        };
        for msg in msgs {
            let fx = app.update(msg);
            runner.run(fx, app.now);
        }
        // Take everything else already waiting, then draw once.
        while let Ok(m) = rx.try_recv() {
            let fx = app.update(m);
            runner.run(fx, app.now);
        }
        while let Ok(ev) = db_rx.try_recv() {
            let fx = app.update(Msg::Db(ev));
            runner.run(fx, app.now);
        }
        if app.quit {
            return Ok(());
        }
        if let Some(text) = app.clipboard.take() {
            // A terminal that does not take OSC 52 ignores it; nothing to report.
            crossterm::execute!(
                std::io::stdout(),
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(text)
            )
            .ok();
        }
        if std::mem::take(&mut app.sort_changed)
            && let Some(path) = &settings.state_file
        {
            state::save_sorts(path, &app.sorts());
        }
        if std::mem::take(&mut app.bell) && settings.bell {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        terminal.draw(|f| render::draw(f, app))?;
    }
}

/// What the scanner detector let go, as messages.
fn from_fed(fed: orderdeck_tui::scanner::Fed) -> Vec<Msg> {
    match fed {
        orderdeck_tui::scanner::Fed::Keys(keys) => keys.into_iter().map(Msg::Key).collect(),
        orderdeck_tui::scanner::Fed::Scan(code) => vec![Msg::Scan(code)],
    }
}

async fn sleep_until(at: Option<std::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}
